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


def test_a_wake_is_called_once_at_the_next_change_and_not_for_an_unchanged_refresh() -> None:
    clock = Clock()
    store = store_of(clock)
    store.update(SPEED, 50.0)
    woken: list[int] = []
    assert not store.wake_on_change(lambda: woken.append(1)), "a change waits: drain it first"
    store.drain_changed()
    assert store.wake_on_change(lambda: woken.append(1))
    with store.lock:
        assert store.refresh_locked(store.slot(SPEED), clock.now)  # the same value, alive
    assert woken == [], "a refresh changes nothing on screen"
    store.update(SPEED, 51.0)
    store.update(SPEED, 52.0)
    assert woken == [1], "called once, then disarmed"
    store.drain_changed()
    assert store.wake_on_change(lambda: woken.append(2))
    store.mark_invalid(SPEED, "checksum")
    assert woken == [1, 2], "a value turning invalid is a change"
    store.drain_changed()
    assert store.wake_on_change(lambda: woken.append(3))
    assert store.wake_on_change(None)
    store.update(SPEED, 60.0)
    assert woken == [1, 2], "disarmed"


def test_a_failing_wake_costs_the_writer_nothing() -> None:
    store = store_of(Clock())

    def broken() -> None:
        raise RuntimeError("the screen is gone")

    assert store.wake_on_change(broken)
    store.update(SPEED, 50.0)  # does not raise
    assert store.read(SPEED).value == 50.0


def test_the_next_deadline_is_the_earliest_time_a_value_can_go_stale() -> None:
    clock = Clock()
    store = store_of(clock)
    assert store.next_deadline() == float("-inf"), "unknown before the first drain"
    store.drain_changed()
    assert store.next_deadline() == float("inf"), "nothing received: nothing can go stale"
    store.update(SPEED, 50.0)
    store.update(SOC, 80.0)
    clock.now += 0.2
    store.drain_changed()  # the speed is stale now; the charge's deadline is what is left
    assert store.next_deadline() == 100.0 + 1.0


def test_a_look_at_the_deadline_says_whether_anything_went_stale_and_moves_the_deadline_on() -> None:
    clock = Clock()
    store = store_of(clock)
    assert store.has_gone_stale() is False, "nothing received: nothing can be stale"
    store.update(SPEED, 50.0)
    store.update(SOC, 80.0)
    store.drain_changed()
    assert store.next_deadline() == 100.1
    for _ in range(5):  # the speed keeps coming, unchanged: its deadline moves on each time
        clock.now += 0.05
        store.update(SPEED, 50.0)
    clock.now += 0.02  # past the deadline the last drain knew, within the last frame's
    assert store.has_gone_stale() is False
    assert store.next_deadline() == clock.now - 0.02 + 0.1, "the next look is the speed's new deadline"
    assert store.drain_changed() == {}, "and a drain agrees: nothing to report"
    clock.now += 0.2  # the speed stopped
    assert store.has_gone_stale() is True
    drained = store.drain_changed()
    assert list(drained) == [SPEED] and drained[SPEED].quality is Quality.STALE
    assert store.has_gone_stale() is False, "stale is said once"
    clock.now += 1.0
    assert store.has_gone_stale() is True, "the charge's second"
    assert list(store.drain_changed()) == [SOC]
    assert store.has_gone_stale() is False and store.next_deadline() == float("inf")


def test_the_look_at_the_deadline_agrees_with_the_drain_at_every_step() -> None:
    """Random writes and clock steps: whenever the look says nothing went stale, a drain reports no
    change of quality that was not written; whenever it says something did, the drain has one."""
    rng = random.Random(16)
    clock = Clock()
    store = store_of(clock)
    for _ in range(3000):
        if rng.random() < 0.4:
            path = rng.choice((SPEED, SOC))
            store.update(path, 50.0, timestamp=clock.now - rng.random() * 0.05)
            store.drain_changed()
        clock.now += rng.random() * 0.08
        said = store.has_gone_stale()
        drained = store.drain_changed()
        went_stale = [p for p, reading in drained.items() if reading.quality is Quality.STALE]
        assert said == bool(went_stale), (said, drained)
