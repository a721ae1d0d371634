"""Frames with impossible timestamps never keep a value VALID through bus silence.

The simulated car's frames go over a real python-can virtual bus that keeps the sender's
timestamps (as an adapter's own clock would), one of them stamped NaN, infinite, far in the future
or far in the past; the store judges staleness on its own clock (the real one, as in the car).
"""

from __future__ import annotations

import math
import time

import can
import pytest

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import Quality, SignalStore
from cockpit.sim import SimulatedCar

pytestmark = pytest.mark.timeout(60)

ODD = {
    "NaN": math.nan,
    "infinite": math.inf,
    "far future": 1e12,
    "far past": -1e9,
    "minus infinite": -math.inf,
}


@pytest.fixture(scope="module")
def schema():
    return load_vehicle_schema()


def drive_over_a_virtual_bus(schema, channel: str, odd: float | None) -> tuple[SignalStore, FrameDecoder]:
    """One simulated second of frames, re-stamped on the real clock; the last frame of each message
    before the silence stamped ``odd``."""
    store = SignalStore(schema.signal_specs())  # its clock: time.time, like python-can's timestamps
    decoder = FrameDecoder(schema, store, bus_name=channel)
    car = SimulatedCar(schema.db, "highway", seed=7)
    frames = list(car.frames_until(1.0))
    with (
        can.Bus(interface="virtual", channel=channel, preserve_timestamps=True) as sender,
        can.Bus(interface="virtual", channel=channel) as receiver,
    ):
        notifier = can.Notifier(receiver, [decoder], timeout=0.01)
        try:
            start = time.time() - 1.0
            last_of_each = set({frame.arbitration_id: i for i, frame in enumerate(frames)}.values())
            for i, frame in enumerate(frames):
                frame.timestamp = start + frame.timestamp
                if odd is not None and i in last_of_each:
                    frame.timestamp = odd  # the adapter's clock jumped, or a fuzzer on the bus
                sender.send(frame)
            deadline = time.monotonic() + 10
            while decoder.stats.frames < len(frames) and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            notifier.stop()
    assert decoder.stats.frames == len(frames)
    return store, decoder


def valid_in_silence(store: SignalStore, seconds: float) -> list[str]:
    readings = store.snapshot(now=time.time() + seconds)
    return sorted(path for path, reading in readings.items() if reading.quality is Quality.VALID)


@pytest.mark.parametrize("odd", list(ODD))
def test_one_odd_timestamp_leaves_no_signal_valid_ten_minutes_into_bus_silence(schema, odd: str) -> None:
    baseline, _ = drive_over_a_virtual_bus(schema, f"ts-baseline-{odd}", None)
    store, decoder = drive_over_a_virtual_bus(schema, f"ts-{odd}", ODD[odd])
    expected = valid_in_silence(baseline, 600)  # signals with no timeout at all (if any)
    valid = valid_in_silence(store, 600)
    assert valid == expected, f"{len(valid)} signals valid 10 min into silence (baseline {len(expected)})"
    assert decoder.stats.odd_timestamps >= 1
    # Speed goes stale on the real clock, whatever the frame said.
    time.sleep(0.3)
    assert store.read("Vehicle.Speed").quality is Quality.STALE


def test_in_replay_an_impossible_timestamp_takes_the_logs_clock(schema) -> None:
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)  # never consulted in replay
    decoder = FrameDecoder(schema, store, bus_name="replay", live=False)
    car = SimulatedCar(schema.db, "highway", seed=7)
    frames = list(car.frames_until(2.0))
    for i, frame in enumerate(frames):
        if i == len(frames) - 1:
            frame.timestamp = math.nan
        decoder(frame)
    assert decoder.stats.odd_timestamps == 1
    last = max(f.timestamp for f in frames[:-1])
    speed = store.read("Vehicle.Speed", now=last)
    assert speed.quality is Quality.VALID and speed.timestamp <= last
    assert store.read("Vehicle.Speed", now=last + 600).quality is Quality.STALE
