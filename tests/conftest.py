"""Shared test set-up: headless Qt, unique virtual CAN channels, and no leaked threads.

Qt's platform and scene-graph backend must be chosen before Qt loads, so they are set here at
import time, before pytest-qt imports PySide6.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.zeroconf_timing import quick_zeroconf_timing  # noqa: F401  (a fixture for every test)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QSG_RHI_BACKEND", "software")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

_channel_numbers = itertools.count(1)


@pytest.fixture
def can_channel(request: pytest.FixtureRequest) -> str:
    """A virtual CAN channel name no other test uses (python-can's virtual buses meet by name)."""
    return f"test-{os.getpid()}-{next(_channel_numbers)}-{request.node.name[:40]}"


@pytest.fixture
def data_dir() -> Path:
    """tests/data."""
    return DATA


@pytest.fixture
def thirdparty_dbc() -> Path:
    """A third-party DBC in another house style (Motorola signals, extended ids, multiplexing)."""
    return DATA / "thirdparty" / "ev_sedan.dbc"


@pytest.fixture
def thirdparty_vspec() -> Path:
    """The KUKSA dbc2vss mapping for the third-party DBC as a .vspec overlay."""
    return DATA / "thirdparty" / "ev_sedan.vspec"


@pytest.fixture
def thirdparty_vss_json() -> Path:
    """The same KUKSA mapping as a VSS JSON tree."""
    return DATA / "thirdparty" / "ev_sedan.vss.json"


def _live_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.is_alive()}


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Fail a test that leaves a thread of its own running (a Notifier, a sim runner, a zeroconf)."""
    before = _live_threads()
    yield
    deadline = time.monotonic() + 2.0
    while True:
        leaked = [
            t
            for t in _live_threads() - before
            if not t.daemon or t.name.startswith(("can.notifier", "cockpit", "zeroconf"))
        ]
        # Qt's and asyncio's own pool threads are not ours to manage.
        leaked = [t for t in leaked if not t.name.startswith(("QThread", "Dummy", "asyncio_"))]
        if not leaked or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert not leaked, f"threads left running after the test: {[t.name for t in leaked]}"
