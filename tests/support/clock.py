"""A clock the test moves by hand."""

from __future__ import annotations


class FakeClock:
    """Seconds on a clock that only moves when the test says so; call it for "now".

    It starts at a fixed time (1000 s by default) that has nothing to do with the machine's clock,
    so staleness, ages and expiry are exact and instant. Take every timestamp the test needs from
    ``clock.now`` (or ``clock()``), never from ``time.monotonic()``.
    """

    def __init__(self, now: float = 1000.0) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` and return the new time."""
        if seconds < 0:
            raise ValueError(f"a clock does not go back ({seconds} s)")
        self.now += seconds
        return self.now

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now})"
