"""Waiting for something real threads, sockets or processes do, on the real monotonic clock."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], timeout: float = 3.0, interval: float = 0.01) -> bool:
    """Poll ``condition`` until it is true or ``timeout`` seconds pass; returns its last truth.

    Only for tests of real concurrency: with a FakeClock there is nothing to wait for, move the
    clock instead. The condition is checked once more after the deadline, so a slow machine that
    got there just in time still passes.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())
