"""What a driver looks for on the status bar: the clock (24 h, or 12 h for English with imperial
units), the outside temperature from the car's BCM_Environment frame through the real decoder, and
only the telltales that are lit, in their ISO 2575 colours."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from cockpit.decode import FrameDecoder
from cockpit.hmi.app import Cockpit
from cockpit.hmi.settings_model import SettingsModel

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def bar(qapp, store):
    made = []

    def build(units: str = "metric", language: str = "en") -> Cockpit:
        cockpit = Cockpit(store, settings=SettingsModel(units, "day", language))
        cockpit.load().show()
        made.append(cockpit)
        return cockpit

    yield build
    for cockpit in made:
        assert cockpit.load_warnings == []
        cockpit.close()


def shown(cockpit: Cockpit, name: str) -> str:
    return str(cockpit.find(name).property("text"))


def test_the_clock_reads_24_hours_and_12_for_english_with_imperial_units(bar) -> None:
    metric = bar()
    now = datetime.now()
    assert shown(metric, "clock") in {now.strftime("%H:%M"), (now + timedelta(minutes=1)).strftime("%H:%M")}
    us = bar(units="imperial")
    assert shown(us, "clock").endswith(("AM", "PM"))
    assert not bar(units="imperial", language="zh_CN").find("clock").property("text").endswith(("AM", "PM"))


def test_the_outside_temperature_comes_from_its_frame_and_is_a_dash_when_not_available(
    bar, schema, store, frames, clock
) -> None:
    decoder = FrameDecoder(schema, store)
    cockpit = bar()
    assert shown(cockpit, "outsideTemperatureValue") == "\u2014 \u00b0C"  # nothing heard yet
    decoder(frames.frame("BCM_Environment", clock.now, BCM_OutsideAirTemp=-3.4))
    cockpit.tick(clock.now)
    assert shown(cockpit, "outsideTemperatureValue") == "-3 \u00b0C"
    cockpit.models.settings.setUnitSystem("imperial")
    assert shown(cockpit, "outsideTemperatureValue") == "26 \u00b0F"  # -3.4 * 9/5 + 32 = 25.9
    decoder(frames.frame("BCM_Environment", clock.advance(1.0), BCM_OutsideAirTemp=164.7))  # raw 2047: SNA
    cockpit.tick(clock.now)
    assert shown(cockpit, "outsideTemperatureValue") == "\u2014 \u00b0F"


def test_only_lit_telltales_are_drawn_each_in_its_iso_colour(bar, schema, store, frames, clock) -> None:
    decoder = FrameDecoder(schema, store)
    cockpit = bar()
    decoder(frames.frame("BCM_Occupancy", clock.now, BCM_DriverSeatOccupied=1, BCM_DriverSeatbelt=1))
    cockpit.tick(clock.now)
    QCoreApplication.processEvents()
    belt = cockpit.find("telltaleSeatbelt")
    assert not belt.isVisible()  # buckled: no grey lamp in the row
    decoder(frames.frame("BCM_Occupancy", clock.advance(0.1), BCM_DriverSeatOccupied=1, BCM_DriverSeatbelt=0))
    cockpit.tick(clock.now)
    assert belt.isVisible() and belt.property("lit")
    red = QColor(belt.property("litColor")).name().upper()
    assert red == "#C40F24"  # Theme.danger (day): ISO red, act now
    assert QColor(cockpit.find("telltaleAdas").property("litColor")).name().upper() == "#B35F00"  # amber
    assert QColor(cockpit.find("telltaleBus").property("litColor")).name().upper() == "#B35F00"  # amber
    assert QColor(cockpit.find("telltaleReady").property("litColor")).name().upper() == "#157F3B"  # green
