"""Fixtures for the cockpit's UI tests: offscreen Qt, the reference vehicle, a hand-moved clock,
frames made with the reference DBC, and one loaded cockpit shared by the tests of a module.
"""

from __future__ import annotations

import os

# Before Qt loads: no display on the test machine, and the software renderer everywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

# Before any window is made, so every window's wrapper is a QQuickWindow and car.item() can walk the
# visual tree (a Repeater's delegates): the head unit itself does not import it (cockpit.hmi.items).
import PySide6.QtQuick  # noqa: F401
import pytest
from support import FakeClock
from vehicle_frames import FrameMaker

from cockpit.signals import SignalStore


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_on_the_qt_thread(qapp):
    """As in the app: cyclic garbage holding QObjects is freed on the Qt thread, never on a zeroconf,
    handoff or CAN thread that happened to allocate (a segmentation fault under load)."""
    from cockpit.hmi.main_thread_gc import collect_garbage_on_main_thread

    collector = collect_garbage_on_main_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(scope="session")
def schema():
    """The reference vehicle (cockpit_ev.dbc + its VSS mapping), loaded once."""
    from cockpit.decode import load_vehicle_schema

    return load_vehicle_schema()


@pytest.fixture
def clock() -> FakeClock:
    """A clock the test moves by hand: staleness is judged exactly, never by sleeping."""
    return FakeClock()


@pytest.fixture
def frames(schema) -> FrameMaker:
    """Frames of the reference vehicle, with correct alive counters and CRCs."""
    return FrameMaker(schema)


@pytest.fixture
def store(schema, clock) -> SignalStore:
    """An empty store of every reference signal, on the hand-moved clock."""
    return SignalStore(schema.signal_specs(), clock=clock)


@pytest.fixture
def demo_services(qapp):
    """The demo's discovery and handoff as a head unit starts them (cockpit/app/build.py: the
    household, the demo phone and TV on 127.0.0.1), and the models QML would get over them."""
    from cockpit.app import HeadUnit, add_demo_household
    from cockpit.hmi.services import service_models

    unit = add_demo_household(HeadUnit(SignalStore(), demo=True)).start()
    models = service_models(unit)
    try:
        yield models.objects
    finally:
        models.close()
        unit.stop()
