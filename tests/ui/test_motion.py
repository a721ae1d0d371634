"""Motion where state changes and nowhere else (issue 14, the look): a page that comes in, a tab or
a segment chosen, a telltale that lights move for a moment (Theme.fade .. Theme.pulse, at most
300 ms) and then the screen is still again, rendering no frame until something changes; and what
changes before the window is shown (a screenshot's fast-forward) is drawn final, not half way."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QCoreApplication
from support import FakeClock

from cockpit.hmi.app import Cockpit
from cockpit.signals import SignalStore

pytestmark = pytest.mark.timeout(60)
READY = "Vehicle.Powertrain.IsReady"  # what lights the green Ready lamp


def frames_in(window, seconds: float) -> int:
    """How many frames the window renders in ``seconds`` of running the Qt loop."""
    count = [0]

    def one() -> None:
        count[0] += 1

    window.frameSwapped.connect(one)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    window.frameSwapped.disconnect(one)
    return count[0]


def still(window, within: float = 5.0) -> None:
    """Run the loop until a quarter of a second passes without a frame (the start-up's frames: for
    about two seconds after it is shown the window renders continuously, with or without motion)."""
    end = time.monotonic() + within
    while frames_in(window, 0.25) > 0:
        assert time.monotonic() < end, f"the window still renders after {within} s"


@pytest.fixture(scope="module")
def shown(qapp, schema):
    clock = FakeClock()
    store = SignalStore(schema.signal_specs(), clock=clock)
    cockpit = Cockpit(store)
    cockpit.load().show()
    yield cockpit, store, clock
    assert cockpit.load_warnings == []
    cockpit.close()


@pytest.fixture
def cockpit(shown):
    cockpit = shown[0]
    still(cockpit.window)
    # The status bar's clock redraws once a minute, as the minute turns (on the machine's clock):
    # a test that counts frames must not straddle that one. Each test here counts for under 2 s.
    left = 60.0 - time.time() % 60.0
    if left < 4.0:
        frames_in(cockpit.window, left + 0.5)  # the minute turns and its frame is drawn
        still(cockpit.window)
    return cockpit
    assert shown.load_warnings == []
    shown.close()


def test_an_idle_cockpit_renders_no_frames(cockpit) -> None:
    assert frames_in(cockpit.window, 1.0) == 0


def test_a_page_change_fades_the_page_in_then_the_screen_is_still(cockpit) -> None:
    pages = cockpit.find("pages")
    cockpit.show_page("energy")
    assert 0 < pages.property("opacity") < 1, "the page that comes in starts faded, never invisible"
    assert frames_in(cockpit.window, 0.6) > 2, "it moved"
    assert pages.property("opacity") == 1
    assert frames_in(cockpit.window, 0.6) == 0, "and then nothing moves"


def test_a_telltale_that_lights_is_at_full_strength_at_once_and_settles(cockpit, shown) -> None:
    _, store, clock = shown
    lamp = cockpit.find("telltaleReady")
    store.update(READY, True, clock.now)
    cockpit.tick(clock.now)
    assert lamp.isVisible() and lamp.property("lit") and lamp.opacity() == 1
    assert frames_in(cockpit.window, 0.6) > 2, "the ring behind it swelled once"
    assert cockpit.find("telltaleReady_ring").opacity() == 0
    assert frames_in(cockpit.window, 0.6) == 0


def test_what_changes_before_the_window_is_shown_is_drawn_final(qapp, store, clock) -> None:
    hidden = Cockpit(store, initial_page="adas")
    hidden.load()
    try:
        store.update(READY, True, clock.now)
        hidden.tick(clock.now)
        hidden.show_page("energy")
        assert hidden.find("pages").property("opacity") == 1
        assert hidden.find("telltaleReady_ring").opacity() == 0
    finally:
        hidden.close()
