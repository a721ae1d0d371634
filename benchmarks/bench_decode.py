"""Decode throughput: frames per second from CAN to the signal store, beside a naive baseline.

The frame mix is one minute of the simulated car on the highway (every message at its cycle time,
E2E-protected where the DBC says). Four figures, measured in the same run on one thread each:

* ``decode -> store``: FrameDecoder alone (lookup, E2E, unpack, checks, mapping, store write).
* ``naive decode -> dict``: what a simple monitor does, ``db.decode_message`` and a dict write per frame.
* the same two end to end through python-can: the frames are queued on a virtual bus first (the
  sender's cost, a deepcopy per frame in python-can's virtual bus, is the simulator's, not the
  cockpit's), then read through ``BusABC.recv`` by a ``can.Notifier`` and handed to the listener;
  timed from the Notifier's start until the last frame is processed.

Run: ``scripts/test -m benchmark benchmarks/bench_decode.py -s`` or ``python benchmarks/bench_decode.py``.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Sequence

import can
import pytest

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import SignalStore
from cockpit.sim import SimulatedCar

TARGET_DECODE_FPS = 150_000
TARGET_BUS_FPS = 50_000


class NaiveMonitor(can.Listener):
    """The baseline: decode every frame with cantools and keep the latest dict per message."""

    def __init__(self, db) -> None:
        self.db = db
        self.latest: dict[int, tuple[float, dict]] = {}
        self.frames = 0
        self.errors = 0

    def on_message_received(self, msg: can.Message) -> None:
        self.frames += 1
        try:
            self.latest[msg.arbitration_id] = (
                msg.timestamp,
                self.db.decode_message(msg.arbitration_id, msg.data),
            )
        except Exception:  # noqa: BLE001
            self.errors += 1


def frame_mix(seconds: float = 60.0) -> list[can.Message]:
    """One minute of highway driving from the simulator."""
    schema = load_vehicle_schema()
    car = SimulatedCar(schema.db, "highway", seed=1)
    return car.frames_until(seconds)


def _direct_fps(
    listener: Callable[[can.Message], None], frames: Sequence[can.Message], repeat: int = 3
) -> float:
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        for frame in frames:
            listener(frame)
        best = max(best, len(frames) / (time.perf_counter() - start))
    return best


_channels = itertools.count()


def _through_bus_fps(
    make_listener: Callable[[], Callable[[can.Message], None]],
    frames: Sequence[can.Message],
    processed: Callable[[object], int],
) -> float:
    channel = f"bench-decode-{os.getpid()}-{next(_channels)}"
    sender = can.Bus(
        interface="virtual", channel=channel, receive_own_messages=False, preserve_timestamps=True
    )
    receiver = can.Bus(interface="virtual", channel=channel)
    listener = make_listener()
    done = threading.Event()
    target = len(frames)

    class Counting(can.Listener):
        def on_message_received(self, msg: can.Message) -> None:
            listener(msg)
            if processed(listener) >= target:
                done.set()

    for frame in frames:
        sender.send(frame)
    notifier = None
    try:
        start = time.perf_counter()
        notifier = can.Notifier(receiver, [Counting()], timeout=0.1)
        if not done.wait(timeout=120):
            raise RuntimeError(f"only {processed(listener)} of {target} frames arrived")
        return target / (time.perf_counter() - start)
    finally:
        if notifier is not None:
            notifier.stop()
        sender.shutdown()
        receiver.shutdown()


def measure() -> list[tuple[str, float, float | None]]:
    """Run every measurement; rows of (what, frames per second, target)."""
    schema = load_vehicle_schema()
    frames = frame_mix()

    def ours() -> FrameDecoder:
        return FrameDecoder(schema, SignalStore(schema.signal_specs()), bus_name="bench")

    rows = [
        ("decode -> store (FrameDecoder)", _direct_fps(ours(), frames), TARGET_DECODE_FPS),
        (
            "naive decode -> dict (cantools)",
            _direct_fps(NaiveMonitor(schema.db).on_message_received, frames),
            None,
        ),
        (
            "python-can bus -> FrameDecoder -> store",
            _through_bus_fps(ours, frames, lambda d: d.stats.frames),
            TARGET_BUS_FPS,
        ),
        (
            "python-can bus -> naive decode -> dict",
            _through_bus_fps(lambda: NaiveMonitor(schema.db), frames, lambda n: n.frames),
            None,
        ),
    ]
    return rows, len(frames)


def print_table(rows, frame_count: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Decode throughput, {frame_count} frames of simulated highway driving, one thread")
    table.add_column("path")
    table.add_column("frames/s", justify="right")
    table.add_column("target", justify="right")
    for name, fps, target in rows:
        table.add_row(name, f"{fps:,.0f}", f">= {target:,}" if target else "baseline")
    Console(width=110).print(table)


@pytest.mark.benchmark
def test_decode_throughput() -> None:
    rows, count = measure()
    print_table(rows, count)
    by_name = {name: fps for name, fps, _ in rows}
    assert by_name["decode -> store (FrameDecoder)"] >= by_name["naive decode -> dict (cantools)"]


if __name__ == "__main__":
    print_table(*measure())
