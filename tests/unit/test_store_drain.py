"""The store's drain looks at every slot only once one can have gone stale (issue 15): these pin
down that the shortcut never hides a change of quality a full scan would have reported."""

from __future__ import annotations

import random

from cockpit.signals import Quality, SignalSpec, SignalStore

SPEED = "Vehicle.Speed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def store_of(clock: Clock) -> SignalStore:
    return SignalStore([SignalSpec(SPEED, timeout=0.1), SignalSpec(SOC, timeout=1.0)], clock=clock)


def test_a_value_goes_stale_at_its_deadline_with_nothing_else_written() -> None:
    clock = Clock()
    store = store_of(clock)
    store.update(SPEED, 50.0)
    store.update(SOC, 80.0)
    assert set(store.drain_changed()) == {SPEED, SOC}
    clock.now += 0.05
    assert store.drain_changed() == {}, "nothing can be stale yet: nothing to say"
    clock.now += 0.06  # past the speed's 0.1 s, within the charge's 1 s
    drained = store.drain_changed()
    assert list(drained) == [SPEED] and drained[SPEED].quality is Quality.STALE
    assert store.drain_changed() == {}, "stale is said once"
    clock.now += 1.0
    drained = store.drain_changed()
    assert list(drained) == [SOC] and drained[SOC].quality is Quality.STALE


def test_a_value_written_again_after_going_stale_is_watched_again() -> None:
    clock = Clock()
    store = store_of(clock)
    store.update(SPEED, 50.0)
    store.drain_changed()
    clock.now += 5.0
    store.drain_changed()  # both stale (the charge never arrived): nothing left to watch
    store.update(SPEED, 51.0)
    assert store.drain_changed()[SPEED].quality is Quality.VALID
    clock.now += 0.2
    assert store.drain_changed()[SPEED].quality is Quality.STALE


def test_a_timestamp_from_the_past_brings_the_next_look_forward() -> None:
    clock = Clock()
    store = store_of(clock)
    store.update(SOC, 80.0)
    store.drain_changed()  # the next look is at the charge's deadline, 1 s away
    store.update(SPEED, 50.0, timestamp=clock.now - 0.05)  # a replayed frame, 50 ms old
    assert store.drain_changed()[SPEED].quality is Quality.VALID
    clock.now += 0.06
    assert store.drain_changed()[SPEED].quality is Quality.STALE, "not a second late"


def test_the_drain_says_what_a_full_scan_would_at_every_step() -> None:
    """Random writes, refreshes and clock steps: the drain's qualities always match the slots'."""
    rng = random.Random(15)
    clock = Clock()
    store = store_of(clock)
    reported: dict[str, Quality] = {}
    for _ in range(3000):
        action = rng.random()
        path = rng.choice((SPEED, SOC))
        if action < 0.3:
            store.update(path, rng.choice((50.0, 51.0)), timestamp=clock.now - rng.random() * 0.05)
        elif action < 0.35:
            store.mark_invalid(path, "CRC mismatch")
        clock.now += rng.random() * 0.08
        for drained_path, reading in store.drain_changed().items():
            reported[drained_path] = reading.quality
        for each in (SPEED, SOC):
            actual = store.read(each).quality
            if actual is not Quality.NOT_RECEIVED:
                assert reported.get(each) is actual, (each, actual, reported.get(each))
