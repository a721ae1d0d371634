"""Door to phone: from the CAN frame that opens the driver's door to the phone's acknowledgement.

The whole chain, live: the simulated car's ``parking`` scenario is sent on a python-can virtual bus
(paced in real time around the moment the door opens), the cockpit's ``BusReader`` and decoder
write it into the signal store, the handoff rules (ticking every 20 ms) see gear P and the door
opening, and the route and the track go over mutual TLS 1.3 to ``cockpit companion`` running in its
own process; the clock stops when the car receives the phone's ``ack``. Between runs the car takes
the sessions back. Target (issue 5): median <= 150 ms and worst of 20 <= 500 ms.

Run: ``python benchmarks/bench_handoff.py [--runs 20]`` or
``python -m pytest -m benchmark benchmarks/bench_handoff.py -s``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import can
import cantools
import pytest

if __name__ == "__main__" and __package__ is None:  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.bus import BusReader
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.rules import DRIVER_DOOR
from cockpit.handoff.service import CockpitHandoff
from cockpit.resources import reference_dbc
from cockpit.signals import SignalStore
from cockpit.sim import SimulatedCar

REPO = Path(__file__).resolve().parents[1]
TARGET_MEDIAN_MS, TARGET_WORST_MS = 150.0, 500.0
FAST_FORWARD_UNTIL_S = 17.0  # the parking scenario opens the driver's door at about 18.5 s
PACED_UNTIL_S = 19.2


class Companion:
    """``cockpit companion --auto-confirm --no-announce`` in its own process."""

    def __init__(self, state_dir: Path) -> None:
        env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cockpit.cli",
                "companion",
                "--name",
                "Bench phone",
                "--state-dir",
                str(state_dir),
                "--auto-confirm",
                "--no-announce",
            ],
            cwd=REPO,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        line = self.process.stdout.readline()  # type: ignore[union-attr]
        self.listening = json.loads(line)
        # Keep draining its output so the pipe never fills and blocks it.
        threading.Thread(target=self._drain, daemon=True, name="bench-companion-stdout").start()

    def _drain(self) -> None:
        for _ in self.process.stdout:  # type: ignore[union-attr]
            pass

    def stop(self) -> None:
        self.process.stdin.write("quit\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Acks:
    """When the car got the phone's ack for each kind, on the handoff thread."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.both = threading.Event()
        self.pairing_code = threading.Event()

    def __call__(self, event: str, details: dict[str, Any]) -> None:
        if event == "session_sent":
            self.times[details["session"]["kind"]] = time.perf_counter()
            if len(self.times) == 2:
                self.both.set()
        elif event == "pairing_code":
            self.pairing_code.set()

    def reset(self) -> None:
        self.times.clear()
        self.both.clear()


def _door_signal(schema: Any) -> tuple[int, str]:
    message = schema.message_for_path(DRIVER_DOOR)
    plan = next(p for p in schema.plans.values() if p.message is message)
    signal = next(t.signal for t in plan.targets if t.path == DRIVER_DOOR)
    return message.frame_id, signal


def one_run(seed: int, bus: can.BusABC, db: Any, door: tuple[int, str], acks: Acks) -> tuple[float, float]:
    """Play ``parking``; return (ms to the navigation ack, ms to both acks) from the door frame."""
    sim = SimulatedCar(db, "parking", seed=seed)
    for frame in sim.frames_until(FAST_FORWARD_UNTIL_S):
        bus.send(frame)
    door_id, door_name = door
    door_open = False
    sent_at: float | None = None
    base = time.perf_counter() - FAST_FORWARD_UNTIL_S
    t = FAST_FORWARD_UNTIL_S
    while t < PACED_UNTIL_S:
        t += 0.005
        for frame in sim.frames_until(t):
            delay = base + frame.timestamp - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            opens = False
            if frame.arbitration_id == door_id and not door_open:
                opens = bool(db.decode_message(door_id, frame.data, decode_choices=False).get(door_name))
            if opens:
                door_open = True
                sent_at = time.perf_counter()
            bus.send(frame)
    if sent_at is None:
        raise RuntimeError(
            f"the parking scenario (seed {seed}) never opened the driver's door by {PACED_UNTIL_S} s"
        )
    if not acks.both.wait(5.0):
        raise RuntimeError(f"run {seed}: the phone did not acknowledge both sessions ({acks.times})")
    return (acks.times["navigation"] - sent_at) * 1000.0, (max(acks.times.values()) - sent_at) * 1000.0


def run_benchmark(runs: int) -> list[tuple[float, float]]:
    """Pair once, then ``runs`` door openings; returns the latencies in ms."""
    schema = load_vehicle_schema(None, None)
    db = cantools.database.load_file(str(reference_dbc()))
    door = _door_signal(schema)
    channel = f"bench-handoff-{uuid.uuid4().hex[:8]}"
    results: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        phone = Companion(Path(folder) / "phone")
        store = SignalStore(schema.signal_specs())
        decoder = FrameDecoder(schema, store, bus_name="powertrain")
        reader = BusReader("powertrain", lambda: can.Bus(interface="virtual", channel=channel), [decoder])
        acks = Acks()
        handoff = CockpitHandoff("Bench car", acks, StateDir(Path(folder) / "car"), store=store)
        sender = can.Bus(interface="virtual", channel=channel)
        try:
            reader.start()
            handoff.start()
            port = phone.listening["port"]
            pairing = handoff.pair("127.0.0.1", port)
            acks.pairing_code.wait(10)
            handoff.answer_pairing(True)
            device = pairing.result(10)
            handoff.connect(device.device_id, "127.0.0.1", port).result(10)
            for session in demo_sessions(time.monotonic()):
                handoff.hold(session).result(5)
            for seed in range(runs):
                acks.reset()
                results.append(one_run(seed, sender, db, door, acks))
                time.sleep(0.3)  # the phone reports what it now holds
                taken = handoff.take_from_phone().result(10)
                if len(taken) != 2:
                    raise RuntimeError(f"run {seed}: took back {len(taken)} sessions, not 2")
        finally:
            handoff.stop()
            reader.stop()
            sender.shutdown()
            phone.stop()
    return results


def print_table(results: list[tuple[float, float]]) -> None:
    """The figures, as a Markdown table."""
    nav = [r[0] for r in results]
    both = [r[1] for r in results]
    print()
    print(
        f"Door-open CAN frame -> phone's ack, {len(results)} runs (virtual bus, decoder, rules at 20 ms, "
        "mutual TLS 1.3 on loopback, companion in its own process)"
    )
    print("| measure | median ms | p90 ms | worst ms | target |")
    print("|---|---|---|---|---|")
    for name, values in (("route acked (navigation)", nav), ("route and track acked", both)):
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        print(
            f"| {name} | {statistics.median(values):.1f} | {p90:.1f} | {max(values):.1f} | "
            f"median <= {TARGET_MEDIAN_MS:.0f}, worst <= {TARGET_WORST_MS:.0f} |"
        )
    verdict = statistics.median(both) <= TARGET_MEDIAN_MS and max(both) <= TARGET_WORST_MS
    print(f"\nper run (ms, both acked): {', '.join(f'{v:.0f}' for v in both)}")
    print(f"target {'met' if verdict else 'NOT met'}")


@pytest.mark.benchmark
def test_door_to_phone_latency() -> None:
    """Prints the table (a benchmark, not a test: it asserts nothing about the figures)."""
    print_table(run_benchmark(20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    print_table(run_benchmark(parser.parse_args().runs))


if __name__ == "__main__":
    main()
