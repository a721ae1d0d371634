"""Shortened python-zeroconf timing for tests that announce in their own process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# python-zeroconf's intervals, in ms. Its _core module is plain Python (the Cython parts import
# these names at build time), so patching the module's globals is what its own tests do too.
QUICK = {
    "_CHECK_TIME": 150,  # between name probes: still above a responder's aggregation delay
    "_REGISTER_TIME": 50,  # between announcements
    "_UNREGISTER_TIME": 25,  # between goodbyes
    "_PROBE_RANDOM_DELAY_INTERVAL": (5, 15),  # before the first probe
}


@contextmanager
def shortened_zeroconf_timing() -> Iterator[None]:
    """Within the block, announcing and withdrawing a service take about a fifth of the time."""
    import zeroconf._core as core

    saved = {name: getattr(core, name) for name in QUICK}
    for name, value in QUICK.items():
        setattr(core, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(core, name, value)


@pytest.fixture
def quick_zeroconf_timing() -> Iterator[None]:
    """Shorten zeroconf's probe and announce intervals for one test (in this process only)."""
    with shortened_zeroconf_timing():
        yield
