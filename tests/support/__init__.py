"""Test support shared by every test: a hand-moved clock, waiting on real threads, quick zeroconf.

- ``FakeClock``: time that moves only when the test says so. A test that gives code a FakeClock
  takes every "now" it needs from that same clock (``clock.now``), never from ``time.monotonic()``:
  mixing the two passes or fails with the machine's uptime.
- ``wait_until``: for tests of real threads, sockets and processes only, where the real clock is
  the only one there is.
- ``quick_zeroconf_timing``: a pytest fixture (registered in tests/conftest.py) that shortens
  python-zeroconf's probe and announce intervals inside the test process, as python-zeroconf's own
  tests do with their ``quick_timing`` fixture.
"""

from support.clock import FakeClock
from support.waiting import wait_until
from support.zeroconf_timing import quick_zeroconf_timing

__all__ = ["FakeClock", "quick_zeroconf_timing", "wait_until"]
