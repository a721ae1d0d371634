"""The tick sleeps while nothing changes and wakes at once when something does (issue 15); pages
besides Drive are built the first time they are shown.

A real cockpit on the offscreen platform, the store written from another thread as a bus thread
writes it, on the machine's clock (the tick's sleep is measured in real milliseconds)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest

from cockpit import vocabulary
from cockpit.hmi.app import Cockpit
from cockpit.hmi.items import find_item
from cockpit.signals import SignalStore

pytestmark = pytest.mark.timeout(60)
SPEED = "Vehicle.Speed"


@pytest.fixture
def running(qapp, schema):
    store = SignalStore(schema.signal_specs(), clock=time.monotonic)
    cockpit = Cockpit(store)
    cockpit.load()
    cockpit.start()
    yield cockpit, store
    assert cockpit.load_warnings == []
    cockpit.close()


def write_from_a_bus_thread(store: SignalStore, path: str, value: float) -> None:
    writer = threading.Thread(target=store.update, args=(path, value))
    writer.start()
    writer.join()


def test_the_tick_sleeps_while_nothing_changes_and_a_bus_thread_wakes_it_at_once(qtbot, running) -> None:
    cockpit, store = running
    qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)
    frames = cockpit.frames
    qtbot.wait(300)
    assert cockpit.frames == frames, "an asleep tick drains nothing"
    written = time.monotonic()
    write_from_a_bus_thread(store, SPEED, 42.0)
    qtbot.waitUntil(lambda: cockpit.models.drive.value("speed") == 42.0, timeout=1000)
    assert time.monotonic() - written < 0.1, "the value reached the screen's model within a few frames"
    assert cockpit.models.drive.is_valid("speed")
    qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)  # and asleep again


def test_a_value_that_stops_arriving_is_shown_stale_while_the_tick_sleeps(qtbot, running) -> None:
    cockpit, store = running
    qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)
    timeout = store.slot(SPEED).timeout
    written = time.monotonic()
    store.update(SPEED, 50.0)
    qtbot.waitUntil(lambda: cockpit.models.drive.is_valid("speed"), timeout=1000)
    qtbot.waitUntil(lambda: not cockpit.models.drive.is_valid("speed"), timeout=int(timeout * 1000) + 2000)
    late = time.monotonic() - written - timeout
    grace = cockpit._frame_tick.grace_ms / 1000
    assert grace <= timeout, "never later than one more of the shortest timeout"
    assert late < grace + 0.05, f"stale shown {late:.3f} s after the timeout"
    assert cockpit._frame_tick.sleeps > 0


def test_while_frames_keep_coming_unchanged_the_tick_sleeps_through_the_deadlines(
    qtbot, qapp, schema
) -> None:
    """Parked: the speed arrives every 10 ms, unchanged, so its staleness deadline keeps moving
    on. The tick wakes at each deadline only to see nothing went stale: it ticks not once, and the
    speed stays valid; when the frames stop, it is shown stale on time. (The speed's timeout is
    200 ms here, not the car's 30: a writer thread late by 20 ms on a loaded machine would really
    make it stale.)"""
    specs = [replace(s, timeout=0.2) if s.path == SPEED else s for s in schema.signal_specs()]
    store = SignalStore(specs, clock=time.monotonic)
    cockpit = Cockpit(store)
    cockpit.load()
    cockpit.start()
    stop = threading.Event()

    def bus() -> None:
        while not stop.wait(0.01):
            store.update(SPEED, 30.0)

    writer = threading.Thread(target=bus)
    writer.start()
    try:
        qtbot.waitUntil(lambda: cockpit.models.drive.is_valid("speed"), timeout=1000)
        qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)
        frames, sleeps = cockpit.frames, cockpit._frame_tick.sleeps
        qtbot.wait(1200)  # some 6 of the speed's deadlines
        assert cockpit.frames == frames, "no tick while nothing changed or went stale"
        assert cockpit._frame_tick.sleeps == sleeps and cockpit.tick_asleep
        assert cockpit.models.drive.is_valid("speed")
        stop.set()
        writer.join()
        stopped = time.monotonic()
        qtbot.waitUntil(lambda: not cockpit.models.drive.is_valid("speed"), timeout=2000)
        assert time.monotonic() - stopped < 0.2 + cockpit._frame_tick.grace_ms / 1000 + 0.05
        assert cockpit.load_warnings == []
    finally:
        stop.set()
        writer.join()
        cockpit.close()


def test_diagnostics_keeps_the_tick_awake_and_a_page_change_wakes_it(qtbot, running) -> None:
    cockpit, _store = running
    qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)
    cockpit.show_page(vocabulary.Page.DIAGNOSTICS)
    assert not cockpit.tick_asleep, "the page change woke it"
    frames = cockpit.frames
    qtbot.wait(500)
    assert not cockpit.tick_asleep and cockpit.frames - frames >= 10, "its ages count up every frame"
    cockpit.show_page(vocabulary.Page.DRIVE)
    qtbot.waitUntil(lambda: cockpit.tick_asleep, timeout=2000)


def test_a_page_is_built_the_first_time_it_is_shown_and_then_kept(qtbot, running) -> None:
    cockpit, _store = running
    window = cockpit.window
    assert find_item(window, "drivePage") is not None
    for name in ("energyPage", "adasPage", "devicesPage", "diagnosticsPage", "settingsPage"):
        assert find_item(window, name) is None, f"{name} was built before anyone opened it"
    cockpit.show_page(vocabulary.Page.ENERGY)
    energy = find_item(window, "energyPage")
    assert energy is not None and energy.isVisible()
    cockpit.show_page(vocabulary.Page.DRIVE)
    assert find_item(window, "energyPage") is energy and not energy.isVisible(), "kept, hidden"
