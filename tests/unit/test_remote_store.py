"""A display's store (RemoteSignalStore) keeps the promises a sleeping tick relies on: every change
of quality wakes a waiting reader, and no value goes stale after the store's next deadline."""

from __future__ import annotations

from cockpit.signals import Quality, SignalSpec
from cockpit.vss.payload import SignalSample
from cockpit.vss.remote import RemoteSignalStore

SPEED = "Vehicle.Speed"
RANGE = "Vehicle.Powertrain.Range"  # sent once a second: its own timeout is long


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def store_of(clock: Clock) -> RemoteSignalStore:
    store = RemoteSignalStore([SignalSpec(SPEED, timeout=0.03), SignalSpec(RANGE, timeout=3.0)], clock=clock)
    store.link_timeout = 0.3  # three beats of 100 ms
    store.drain_changed()
    return store


def sample(value: object, status: Quality = Quality.VALID) -> SignalSample:
    return SignalSample(value=value, unit=None, status=status, ts=None, reason="")


def test_a_slow_signal_goes_stale_with_the_link_not_with_its_own_timeout() -> None:
    """Its write says 3 s, the link says 0.3 s: the store's next look must be the link's (a
    sleeping display wakes at that look; the drain's shortcut trusts it too)."""
    clock = Clock()
    store = store_of(clock)
    store.apply(RANGE, sample(318000.0), clock.now)
    assert store.drain_changed()[RANGE].quality is Quality.VALID
    assert store.next_deadline() <= clock.now + 0.3
    clock.now += 0.31  # no beat since: the link is gone
    assert store.has_gone_stale()
    assert store.drain_changed()[RANGE].quality is Quality.STALE


def test_a_heartbeat_that_shortens_the_deadlines_brings_the_next_look_forward() -> None:
    clock = Clock()
    store = store_of(clock)
    store.link_timeout = 5.0  # before the first beat told the real period
    store.apply(RANGE, sample(318000.0), clock.now)
    store.drain_changed()
    store.link_timeout = 0.3
    store.keep_alive(clock.now)
    assert store.next_deadline() <= clock.now + 0.3


def test_every_change_of_quality_wakes_a_waiting_reader() -> None:
    clock = Clock()
    store = store_of(clock)
    woken: list[str] = []
    for what in ("stale at the gateway", "not received at the gateway", "the link closed"):
        store.apply(SPEED, sample(50.0), clock.now)
        store.drain_changed()
        assert store.wake_on_change(lambda what=what: woken.append(what))
        if what == "stale at the gateway":
            store.apply(SPEED, sample(None, Quality.STALE), clock.now)
            expected = Quality.STALE
        elif what == "not received at the gateway":
            store.apply(SPEED, sample(None, Quality.NOT_RECEIVED), clock.now)
            expected = Quality.NOT_RECEIVED
        else:
            store.expire_all(clock.now)
            clock.now += 0.001
            expected = Quality.STALE
        assert woken[-1:] == [what]
        assert store.drain_changed()[SPEED].quality is expected
    assert store.wake_on_change(lambda: woken.append("nudged"))
    store.nudge()
    assert woken[-1] == "nudged" and store.drain_changed() == {}, "a nudge changes no value"


def test_a_value_expired_at_the_very_moment_of_a_drain_is_still_reported_stale_after() -> None:
    clock = Clock()
    store = store_of(clock)
    store.apply(RANGE, sample(318000.0), clock.now)
    store.drain_changed()
    store.expire_all(clock.now)
    assert store.drain_changed()[RANGE].quality is Quality.VALID  # not past its deadline yet
    clock.now += 0.001
    assert store.drain_changed()[RANGE].quality is Quality.STALE
