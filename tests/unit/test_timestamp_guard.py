"""The frame timestamp guard, on a clock the test sets (nothing here reads the real one)."""

from __future__ import annotations

import math

import pytest
from support import FakeClock

from cockpit.signals.store import FUTURE_TOLERANCE_S, TimestampGuard


@pytest.mark.parametrize("odd", [math.nan, math.inf, -math.inf, 1e12, None, "soon"])
def test_an_impossible_timestamp_is_counted_and_taken_as_now(odd) -> None:
    guard = TimestampGuard(FakeClock(100.0))
    assert guard.accept(99.0) == 99.0
    assert guard.accept(odd) == 100.0
    assert guard.odd == 1 and "timestamp" in guard.last_odd


def test_going_backwards_is_counted_and_taken_as_received_now() -> None:
    guard = TimestampGuard(FakeClock(100.0))
    guard.accept(99.5)
    assert guard.accept(10.0) == 100.0  # never before the previous frame
    assert guard.odd == 1


def test_a_few_milliseconds_of_reordering_and_clock_skew_pass_uncounted() -> None:
    clock = FakeClock(100.0)
    guard = TimestampGuard(clock)
    assert guard.accept(100.0 + FUTURE_TOLERANCE_S / 2) == 100.0 + FUTURE_TOLERANCE_S / 2
    assert guard.accept(100.0 + FUTURE_TOLERANCE_S / 2 - 0.01) == 100.0 + FUTURE_TOLERANCE_S / 2
    clock.now = 200.0
    assert guard.accept(199.9) == 199.9  # the clock is read again when a frame passes the horizon
    assert guard.odd == 0


def test_in_replay_the_logs_clock_is_now_and_an_impossible_timestamp_takes_the_previous() -> None:
    guard = TimestampGuard(None)
    assert guard.accept(5e9) == 5e9  # a log from any time is its own "now"
    assert guard.accept(math.nan) == 5e9
    assert guard.accept(math.inf) == 5e9
    assert guard.odd == 2
