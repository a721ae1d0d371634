"""theme = "auto": the headlamps decide while their signal is valid, else sunrise and sunset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from support import FakeClock

from cockpit.daylight import LOW_BEAM, AutoTheme, solar_elevation, sun_is_up
from cockpit.signals import SignalSpec, SignalStore

BEIJING = (39.9042, 116.4074)
TROMSO = (69.6496, 18.9560)
CST = timezone(timedelta(hours=8))


def at(*when: int, tz: timezone = CST) -> float:
    return datetime(*when, tzinfo=tz).timestamp()


# Sunrise and sunset in Beijing from the almanac (timeanddate.com): 21 June 04:46 / 19:46,
# 21 December 07:33 / 16:53. Ten minutes either side must be on the right side of the line.
@pytest.mark.parametrize(
    "when, up",
    [
        (at(2026, 6, 21, 4, 36), False),
        (at(2026, 6, 21, 4, 56), True),
        (at(2026, 6, 21, 19, 36), True),
        (at(2026, 6, 21, 19, 56), False),
        (at(2026, 12, 21, 7, 23), False),
        (at(2026, 12, 21, 7, 43), True),
        (at(2026, 12, 21, 16, 43), True),
        (at(2026, 12, 21, 17, 3), False),
    ],
)
def test_the_sun_rises_and_sets_in_beijing_when_the_almanac_says(when: float, up: bool) -> None:
    assert sun_is_up(when, *BEIJING) is up


def test_midnight_sun_and_polar_night_above_the_arctic_circle() -> None:
    assert sun_is_up(at(2026, 6, 21, 0, 30, tz=UTC), *TROMSO)
    assert not sun_is_up(at(2026, 12, 21, 11, 0, tz=UTC), *TROMSO)


def test_the_sun_stands_highest_near_local_noon() -> None:
    noon = solar_elevation(at(2026, 6, 21, 12, 15), *BEIJING)
    assert 72 < noon < 74  # 90 - 39.9 + 23.44
    assert solar_elevation(at(2026, 6, 21, 9, 0), *BEIJING) < noon


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> SignalStore:
    return SignalStore([SignalSpec(LOW_BEAM, timeout=0.5)], clock=clock)


def test_valid_headlamps_decide_day_or_night_whatever_the_sun(store: SignalStore, clock: FakeClock) -> None:
    auto = AutoTheme(*BEIJING)
    noon, midnight = at(2026, 6, 21, 12, 0), at(2026, 6, 21, 0, 0)
    store.update(LOW_BEAM, True)  # a tunnel at noon
    assert auto.theme(noon, store.read(LOW_BEAM)) == "night"
    store.update(LOW_BEAM, False)
    assert auto.theme(midnight, store.read(LOW_BEAM)) == "day"


def test_without_a_valid_headlamp_signal_the_sun_decides(store: SignalStore, clock: FakeClock) -> None:
    auto = AutoTheme(*BEIJING)
    noon, midnight = at(2026, 6, 21, 12, 0), at(2026, 6, 21, 0, 0)
    assert auto.theme(midnight, store.read(LOW_BEAM)) == "night"  # never received
    store.update(LOW_BEAM, False)
    clock.advance(2.0)  # stale: the body controller went quiet
    assert auto.theme(midnight, store.read(LOW_BEAM)) == "night"
    assert auto.theme(noon, None) == "day"
    store.mark_invalid(LOW_BEAM, "SNA")
    assert auto.theme(noon, store.read(LOW_BEAM)) == "day"


def test_follow_reads_the_wall_clock_and_the_signal_each_time(store: SignalStore, clock: FakeClock) -> None:
    wall = FakeClock(at(2026, 12, 21, 16, 40))
    decide = AutoTheme(*BEIJING).follow(wall, lambda: store.read(LOW_BEAM))
    assert decide() == "day"
    wall.advance(30 * 60)  # after sunset
    assert decide() == "night"
