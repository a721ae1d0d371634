"""Soak: the cockpit's core on two buses with the simulated car and injected faults, for a set time.

The simulated car (``demo`` scenario, looping) sends every message at its cycle time, the ADAS ECUs'
messages on a CAN FD "adas" bus and the rest on a "powertrain" bus (python-can virtual buses). Each
bus has a ``BusReader`` with a ``FrameDecoder`` into one ``SignalStore``, and an HMI-like tick drains
the store 60 times a second, as the Qt cockpit does (without drawing). Faults are injected in turn:

* error frames on the ADAS bus for 1 s            -> the bus shows ``error``, then ``ok``
* bus-off on the powertrain bus (no traffic 0.5 s) -> ``bus-off``, then ``ok`` after the restart
* the ADAS bus silent for 2 s                     -> ``offline``, then ``ok``
* the powertrain adapter failing (read error)     -> ``offline``, reconnect, ``ok``
* ESP_Speed frames with a corrupted CRC (250 km/h) -> counted as E2E errors, never displayed
* a listener that raises on every 500th ADAS frame -> counted, the bus goes on

Reported: frames sent and received per bus (frames the car sent while its bus was deliberately
unplugged, silent or bus-off are counted apart; every other frame must arrive), each fault as shown
and how long it took to recover, resident memory at start and end, and the latency from a frame
being sent to its value being picked up by the HMI tick (p50 / p99 / max).

Run: ``python benchmarks/soak.py [--minutes 10] [--speedup 1]`` or
``python -m pytest -m soak benchmarks/soak.py -s`` (SOAK_MINUTES to change the length).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import can
import pytest

if __name__ == "__main__" and __package__ is None:  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.bus import BusReader, BusState, bus_opener
from cockpit.bus.health import bus_off_frame, error_passive_frame, restarted_frame
from cockpit.config import BusConfig
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import Quality, SignalStore
from cockpit.sim import SimulatedCar
from cockpit.sim.scenarios import ADAS_SENDERS

TICK_S = 1 / 60
LATENCY_BIN_S = 0.0001  # histogram bins of 0.1 ms: memory stays flat however long the soak


def rss_mb() -> float:
    """Resident memory of this process, in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class BusTraffic:
    """What the car did on one bus."""

    sent: int = 0
    withheld: int = 0  # frames due while the bus was deliberately unplugged, silent or bus-off
    error_frames: int = 0
    paused: bool = False


@dataclass
class FaultResult:
    """One injected fault: which state it showed as, and how long until ``ok`` again."""

    name: str
    expected: BusState | None
    seen: set[BusState] = field(default_factory=set)
    recovery_s: list[float] = field(default_factory=list)


class LatencyHistogram:
    """Frame-to-tick latencies in fixed bins, for percentiles without keeping every sample."""

    def __init__(self) -> None:
        self.bins: Counter[int] = Counter()
        self.count = 0
        self.max = 0.0

    def add(self, seconds: float) -> None:
        self.bins[int(max(0.0, seconds) / LATENCY_BIN_S)] += 1
        self.count += 1
        self.max = max(self.max, seconds)

    def percentile(self, p: float) -> float:
        target = p / 100 * self.count
        running = 0
        for index in sorted(self.bins):
            running += self.bins[index]
            if running >= target:
                return (index + 1) * LATENCY_BIN_S
        return self.max


class FlakyListener:
    """A listener with a bug: it raises on every ``every``-th frame (python-can issue 1667)."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.frames = 0

    def __call__(self, msg: can.Message) -> None:
        self.frames += 1
        if self.frames % self.every == 0:
            raise RuntimeError("listener bug")


class Soak:
    """The set-up, the threads and the figures."""

    def __init__(self, seconds: float, speedup: float, fault_period: float, seed: int) -> None:
        self.seconds = seconds
        self.speedup = speedup
        self.fault_period = fault_period
        self.schema = load_vehicle_schema()
        self.store = SignalStore(self.schema.signal_specs())
        suffix = uuid.uuid4().hex[:8]
        self.configs = {
            "powertrain": BusConfig(name="powertrain", interface="virtual", channel=f"soak-pt-{suffix}"),
            "adas": BusConfig(name="adas", interface="virtual", channel=f"soak-adas-{suffix}", fd=True),
        }
        self.decoders = {name: FrameDecoder(self.schema, self.store, name) for name in self.configs}
        self.flaky = FlakyListener(500)
        self.readers = {
            name: BusReader(
                name, bus_opener(config), [self.decoders[name]] + ([self.flaky] if name == "adas" else [])
            )
            for name, config in self.configs.items()
        }
        self.ecus = {
            name: can.Bus(interface="virtual", channel=config.channel)
            for name, config in self.configs.items()
        }
        self.traffic = {name: BusTraffic() for name in self.configs}
        self.car = SimulatedCar(self.schema.db, "demo", seed=seed)
        senders = {m.name: m.senders for m in self.schema.db.messages}
        self.route = {
            self.schema.db.get_message_by_name(name).frame_id: "adas"
            if set(senders.get(name) or ()) & ADAS_SENDERS
            else "powertrain"
            for name in self.car.messages
        }
        self.latency = LatencyHistogram()
        self.corrupted_shown = 0
        self.ticks = 0
        self.faults: list[FaultResult] = []
        self._stop = threading.Event()
        self._send_lock = threading.Lock()

    # --- the car ---------------------------------------------------------------------------------------
    def _drive(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            sim_t = (time.perf_counter() - start) * self.speedup
            frames = self.car.frames_until(sim_t)
            with self._send_lock:
                for frame in frames:
                    name = self.route.get(frame.arbitration_id, "powertrain")
                    traffic = self.traffic[name]
                    if traffic.paused:
                        traffic.withheld += 1
                        continue
                    self.ecus[name].send(frame)
                    traffic.sent += 1
            time.sleep(0.002)

    # --- the HMI's tick --------------------------------------------------------------------------------
    def _tick(self) -> None:
        previous = time.time()
        while not self._stop.wait(TICK_S):
            now = time.time()
            for reading in self.store.drain_changed(now).values():
                if reading.quality is not Quality.VALID or reading.timestamp is None:
                    continue
                if reading.path == "Vehicle.Speed" and reading.value is not None and reading.value > 240:
                    self.corrupted_shown += 1
                if reading.timestamp >= previous - 1.0:  # a new value, not a quality change
                    self.latency.add(now - reading.timestamp)
            previous = now
            self.ticks += 1

    # --- faults ----------------------------------------------------------------------------------------
    def _watch(self, result: FaultResult, reader: BusReader, started: float, limit: float = 5.0) -> None:
        """Sample the reader's state until it is ok again after having shown the fault."""
        deadline = time.monotonic() + limit
        shown = result.expected is None
        while time.monotonic() < deadline and not self._stop.is_set():
            state = reader.state
            result.seen.add(state)
            shown = shown or state is result.expected
            if shown and state is BusState.OK and time.monotonic() - started > 0.05:
                result.recovery_s.append(time.monotonic() - started)
                return
            time.sleep(0.01)

    def _pause(self, name: str, seconds: float) -> None:
        with self._send_lock:
            self.traffic[name].paused = True
        self._stop.wait(seconds)
        with self._send_lock:
            self.traffic[name].paused = False

    def _error_frames(self, result: FaultResult) -> None:
        watcher = threading.Thread(target=self._watch, args=(result, self.readers["adas"], time.monotonic()))
        watcher.start()
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            with self._send_lock:
                self.ecus["adas"].send(error_passive_frame())
                self.traffic["adas"].error_frames += 1
            time.sleep(0.05)
        watcher.join()

    def _bus_off(self, result: FaultResult) -> None:
        watcher = threading.Thread(
            target=self._watch, args=(result, self.readers["powertrain"], time.monotonic())
        )
        with self._send_lock:
            self.traffic["powertrain"].paused = True
            self.ecus["powertrain"].send(bus_off_frame())
            self.traffic["powertrain"].error_frames += 1
        watcher.start()
        self._stop.wait(0.5)
        with self._send_lock:
            self.ecus["powertrain"].send(restarted_frame())
            self.traffic["powertrain"].error_frames += 1
            self.traffic["powertrain"].paused = False
        watcher.join()

    def _silence(self, result: FaultResult) -> None:
        watcher = threading.Thread(
            target=self._watch, args=(result, self.readers["adas"], time.monotonic(), 6.0)
        )
        watcher.start()
        self._pause("adas", 2.0)
        watcher.join()

    def _read_error(self, result: FaultResult) -> None:
        reader = self.readers["powertrain"]
        with self._send_lock:
            self.traffic["powertrain"].paused = True  # the adapter is gone: nobody hears the car
        broken = reader.bus
        # Pull it once the frames already in its buffer are read, so that "lost" counts only frames
        # the cockpit should have had (a real adapter's buffer would go with it).
        in_flight = getattr(broken, "queue", None)
        drained = time.monotonic() + 1.0
        while in_flight is not None and in_flight.qsize() and time.monotonic() < drained:
            time.sleep(0.001)
        time.sleep(0.005)  # the reader hands its last frame to the listeners
        if broken is not None:
            broken.shutdown()
        started = time.monotonic()
        watcher = threading.Thread(target=self._watch, args=(result, reader, started))
        watcher.start()
        while (reader.bus is None or reader.bus is broken) and time.monotonic() - started < 5:
            time.sleep(0.001)
        with self._send_lock:
            self.traffic["powertrain"].paused = False
        watcher.join()

    def _corrupted_crc(self, result: FaultResult) -> None:
        message = self.schema.db.get_message_by_name("ESP_Speed")
        plan = self.schema.plans[message.frame_id]
        assert plan.e2e is not None
        values = {s.name: (s.minimum or 0) for s in message.signals}
        values["ESP_VehicleSpeed"] = 250.0
        for counter in range(10):
            data = bytearray(plan.e2e.encode(message, values, counter))
            data[plan.e2e.crc_byte] ^= 0x5A
            with self._send_lock:
                self.ecus["powertrain"].send(
                    can.Message(arbitration_id=message.frame_id, data=data, is_extended_id=False)
                )
                self.traffic["powertrain"].sent += 1
            time.sleep(0.01)
        result.recovery_s.append(0.0)

    def _inject(self) -> None:
        kinds = [
            ("error frames (adas)", BusState.ERROR, self._error_frames),
            ("bus-off (powertrain)", BusState.BUS_OFF, self._bus_off),
            ("silent bus (adas)", BusState.OFFLINE, self._silence),
            ("read error (powertrain)", BusState.OFFLINE, self._read_error),
            ("corrupted CRC (ESP_Speed)", None, self._corrupted_crc),
        ]
        results = {name: FaultResult(name, expected) for name, expected, _ in kinds}
        self.faults = list(results.values())
        index = 0
        while not self._stop.wait(self.fault_period):
            name, _, inject = kinds[index % len(kinds)]
            inject(results[name])
            index += 1

    # --- the run ---------------------------------------------------------------------------------------
    def run(self) -> dict[str, object]:
        for reader in self.readers.values():
            reader.start()
        while any(r.bus is None for r in self.readers.values()):
            time.sleep(0.01)
        threads = [
            threading.Thread(target=self._drive, name="soak-car"),
            threading.Thread(target=self._tick, name="soak-hmi-tick"),
            threading.Thread(target=self._inject, name="soak-faults"),
        ]
        for thread in threads:
            thread.start()
        time.sleep(min(5.0, self.seconds / 4))  # warm-up: caches, the store, the first frames
        rss_start = rss_mb()
        self._stop.wait(self.seconds)
        self._stop.set()
        for thread in threads:
            thread.join(10)
        time.sleep(0.3)  # the last frames through the readers
        rss_end = rss_mb()
        healths = {name: reader.health() for name, reader in self.readers.items()}
        for reader in self.readers.values():
            reader.stop()
        for ecu in self.ecus.values():
            ecu.shutdown()
        return {"rss_start": rss_start, "rss_end": rss_end, "healths": healths}


def print_report(soak: Soak, figures: dict[str, object]) -> bool:
    """Print the tables; True if nothing was lost and no corrupted value was shown."""
    healths = figures["healths"]
    ok = True
    print(
        f"\nSoak: {soak.seconds / 60:.1f} min, speed-up x{soak.speedup:g}, demo scenario "
        f"({soak.car.frames_per_second * soak.speedup:,.0f} frames/s nominal), faults every "
        f"{soak.fault_period:g} s\n"
    )
    print(
        "| bus | frames sent | received | lost | withheld by faults | error frames | decode errors | "
        "E2E errors | listener errors | reconnects |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, traffic in soak.traffic.items():
        health = healths[name]  # type: ignore[index]
        stats = soak.decoders[name].stats
        lost = traffic.sent - health.frames
        ok = ok and lost == 0
        print(
            f"| {name} | {traffic.sent:,} | {health.frames:,} | {lost} | {traffic.withheld:,} | "
            f"{health.error_frames} | {stats.decode_errors} | {stats.e2e_errors} | "
            f"{health.listener_errors} | {health.reconnects} |"
        )
    print("\n| fault | times | shown as | recovered (max s) |")
    print("|---|---|---|---|")
    for fault in soak.faults:
        shown = ", ".join(sorted(s.value for s in fault.seen)) or "-"
        worst = f"{max(fault.recovery_s):.2f}" if fault.recovery_s else "never"
        print(f"| {fault.name} | {len(fault.recovery_s)} | {shown} | {worst} |")
        ok = ok and (fault.expected is None or fault.expected in fault.seen or not fault.recovery_s)
    latency = soak.latency
    print(
        "\n| resident memory start | end | frame-to-tick p50 | p99 | max | samples | ticks | "
        "corrupted values shown |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {figures['rss_start']:.1f} MB | {figures['rss_end']:.1f} MB | "
        f"{latency.percentile(50) * 1000:.1f} ms | {latency.percentile(99) * 1000:.1f} ms | "
        f"{latency.max * 1000:.1f} ms | {latency.count:,} | {soak.ticks:,} | {soak.corrupted_shown} |"
    )
    return ok and soak.corrupted_shown == 0


@pytest.mark.soak
# SOAK_MINUTES of driving plus set-up and the final checks: far past the suite's 120 s per test.
@pytest.mark.timeout(int(float(os.environ.get("SOAK_MINUTES", "10")) * 60) + 300)
def test_soak_loses_nothing_and_recovers_from_every_fault() -> None:
    minutes = float(os.environ.get("SOAK_MINUTES", "10"))
    soak = Soak(minutes * 60, speedup=1.0, fault_period=10.0, seed=1)
    assert print_report(soak, soak.run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument(
        "--speedup",
        type=float,
        default=1.0,
        help="run the car this many times faster than real time (default 1)",
    )
    parser.add_argument("--fault-period", type=float, default=10.0, help="seconds between faults")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    soak = Soak(args.minutes * 60, args.speedup, args.fault_period, args.seed)
    return 0 if print_report(soak, soak.run()) else 1


if __name__ == "__main__":
    sys.exit(main())
