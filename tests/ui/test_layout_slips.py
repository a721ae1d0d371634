"""The layout slips issue 14 found in the demo, each pinned by a test: range in km on Diagnostics,
a value and its unit never cut, the Energy page's battery power in the meter's direction, and a
charge curve that says it is collecting while a session has just begun."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from cockpit.hmi.app import Cockpit
from cockpit.hmi.signal_table import SignalTableModel

pytestmark = pytest.mark.timeout(60)
RANGE = "Vehicle.Powertrain.Range"
CONSUMPTION = "Vehicle.Powertrain.EnergyConsumption"
BATTERY_POWER = "Vehicle.Powertrain.TractionBattery.CurrentPower"


def texts(item) -> list:
    stack, found = [item], []
    while stack:
        node = stack.pop()
        stack.extend(node.childItems())
        if node.inherits("QQuickText") and node.isVisible() and str(node.property("text")).strip():
            found.append(node)
    return found


def test_the_range_reads_in_kilometres_on_diagnostics_not_in_metres(qapp, store, clock) -> None:
    table = SignalTableModel(store)
    store.update(RANGE, 302000, clock.now)
    table.refresh(store.drain_changed(clock.now), clock.now)
    row = next(
        r for r in range(table.rowCount()) if table.data(table.index(r), SignalTableModel.Role.Path) == RANGE
    )
    assert table.data(table.index(row), SignalTableModel.Role.ValueText) == "302"
    assert table.data(table.index(row), SignalTableModel.Role.Unit) == "km"


@pytest.fixture
def cockpit(qapp, store):
    shown = Cockpit(store)
    shown.load().show()
    yield shown
    assert shown.load_warnings == []
    shown.close()


def test_a_consumption_and_its_unit_are_never_cut_on_diagnostics(cockpit, store, clock) -> None:
    store.update(CONSUMPTION, 16.8, clock.now)
    cockpit.tick(clock.now)
    cockpit.show_page("diagnostics")
    cockpit.models.signal_filter.setProperty("filterText", "consumption")
    for _ in range(3):  # the list lays its reused rows out over a frame or two
        QCoreApplication.processEvents()
        cockpit.window.grabWindow()
    values = [t for t in texts(cockpit.find("signalTable")) if "kWh/100" in str(t.property("text"))]
    assert values and all(not t.property("truncated") for t in values)


def test_the_battery_power_reads_in_the_direction_the_power_meter_does(cockpit, store, clock) -> None:
    store.update(BATTERY_POWER, -9500.0, clock.now)  # VSS: negative = out of the pack (driving)
    cockpit.tick(clock.now)
    cockpit.show_page("energy")
    QCoreApplication.processEvents()
    words = [str(t.property("text")) for t in texts(cockpit.find("packPower"))]
    assert "Power out" in words and "9.5" in words and "-9.5" not in words
    store.update(BATTERY_POWER, 50000.0, clock.now)  # charging: into the pack
    cockpit.tick(clock.now)
    words = [str(t.property("text")) for t in texts(cockpit.find("packPower"))]
    assert "Power in" in words and "50.0" in words


def test_a_session_just_begun_is_collecting_not_no_session(cockpit, store, clock) -> None:
    store.update("Vehicle.Powertrain.TractionBattery.Charging.IsCharging", True, clock.now)
    store.update("Vehicle.Powertrain.TractionBattery.Charging.Power", 142.0, clock.now)
    cockpit.tick(clock.now)
    cockpit.show_page("energy")
    QCoreApplication.processEvents()
    words = [str(t.property("text")) for t in texts(cockpit.find("energyPage"))]
    assert "No charging session yet" not in words
    assert "Collecting…" in words


@pytest.mark.parametrize("units", ["metric", "imperial"])
def test_the_trip_line_stays_inside_the_drive_page(qapp, store, clock, units) -> None:
    from cockpit.hmi.settings_model import SettingsModel

    cockpit = Cockpit(store, settings=SettingsModel(units, "day", "en"))
    cockpit.load().show()
    try:
        for path, value in (
            ("Vehicle.Powertrain.EnergyConsumption", 16.8),
            ("Vehicle.TraveledDistance", 12484.0),
            ("Vehicle.Powertrain.Transmission.PerformanceMode", "NORMAL"),
        ):
            store.update(path, value, clock.now)
        cockpit.tick(clock.now)
        QCoreApplication.processEvents()
        page, trip = cockpit.find("drivePage"), cockpit.find("trip")
        assert trip.isVisible()
        page_box, trip_box = (
            page.mapRectToScene(page.boundingRect()),
            trip.mapRectToScene(trip.childrenRect()),
        )
        assert trip_box.right() <= page_box.right() + 1, f"{trip_box} spills out of {page_box}"
    finally:
        cockpit.close()
