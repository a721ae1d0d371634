"""The simulated car through the real decoder: every mapped signal of the reference vehicle is valid
with values a car could have, and each injected fault shows up as the status it should."""

from __future__ import annotations

from typing import Any

import pytest

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import SignalStore
from cockpit.sim import SimulatedCar


class Drive:
    """A scenario decoded into a store whose clock is the simulation's."""

    def __init__(self, schema: Any, scenario: str) -> None:
        self.now = 0.0
        self.car = SimulatedCar(schema.db, scenario)
        self.store = SignalStore(schema.signal_specs(), clock=lambda: self.now)
        self.decoder = FrameDecoder(schema, self.store)

    def until(self, t: float) -> None:
        for frame in self.car.frames_until(t):
            self.now = frame.timestamp
            self.decoder.on_message_received(frame)
        self.now = t

    def value(self, path: str) -> Any:
        reading = self.store.read(path)
        assert reading.is_valid, (path, reading)
        return reading.value

    def status(self, path: str) -> str:
        return str(self.store.read(path).quality)


@pytest.fixture(scope="module")
def schema() -> Any:
    return load_vehicle_schema()


@pytest.mark.parametrize("scenario", ["highway", "city", "charging", "arriving"])
def test_every_mapped_signal_is_valid(schema: Any, scenario: str) -> None:
    drive = Drive(schema, scenario)
    drive.until(12.0)
    readings = drive.store.snapshot()
    bad = {path: (str(r.quality), r.reason) for path, r in readings.items() if not r.is_valid}
    assert not bad
    assert len(readings) >= 110
    assert drive.decoder.stats.e2e_errors == 0


def test_speed_power_current_and_soc_are_consistent_on_the_highway(schema: Any) -> None:
    drive = Drive(schema, "highway")
    drive.until(10.0)
    battery = "Vehicle.Powertrain.TractionBattery."
    speed = drive.value("Vehicle.Speed")
    power_w = drive.value(battery + "CurrentPower")
    current = drive.value(battery + "CurrentCurrent")
    voltage = drive.value(battery + "CurrentVoltage")
    motors_kw = drive.value("Vehicle.Powertrain.Power")
    assert 90.0 < speed < 115.0
    assert 300.0 < voltage < 460.0
    # VSS signs: driving takes energy out of the battery, so power and current are negative.
    assert power_w < 0 and current < 0
    assert current * voltage == pytest.approx(power_w, rel=0.03, abs=150.0)
    assert -power_w / 1000.0 == pytest.approx(motors_kw + 0.9, abs=0.5)  # motors + auxiliaries
    rpm = drive.value("Vehicle.Powertrain.ElectricMotor.Rear.Speed")
    assert rpm == pytest.approx(speed / 3.6 / 0.36 * 9.1 * 60 / (2 * 3.14159265), rel=0.02)
    assert drive.value("Vehicle.Powertrain.Transmission.SelectedGear") == 127
    assert drive.value("Vehicle.LowVoltageSystemState") == "START"
    assert drive.value("Vehicle.ADAS.CruiseControl.State") == "ACTIVE"


def test_each_fault_shows_as_its_status_and_a_bad_crc_never_changes_the_speed(schema: Any) -> None:
    drive = Drive(schema, "faults")
    battery = "Vehicle.Powertrain.TractionBattery."
    drive.until(5.5)  # BMS_PackStatus stopped at 4 s
    assert drive.status(battery + "CurrentVoltage") == "stale"
    assert drive.status("Vehicle.Speed") == "valid"
    drive.until(7.9)
    speed_before = drive.value("Vehicle.Speed")
    drive.until(8.3)  # ESP_Speed frames with a wrong CRC (and 250 km/h inside)
    reading = drive.store.read("Vehicle.Speed")
    assert str(reading.quality) == "invalid" and reading.value != 250.0
    assert drive.decoder.stats.e2e_errors > 0
    drive.until(9.0)
    assert abs(drive.value("Vehicle.Speed") - speed_before) < 5.0
    drive.until(13.0)  # displayed SoC forced to 101.5 %
    assert drive.status(battery + "StateOfCharge.Displayed") == "invalid"
    assert drive.status(battery + "StateOfCharge.Current") == "valid"
    drive.until(16.0)  # hottest cell temperature "not available"
    assert drive.status(battery + "Temperature.Max") == "invalid"
    drive.until(20.0)  # the ADAS bus is silent
    assert drive.status("Vehicle.ADAS.CruiseControl.State") == "stale"
    assert drive.status("Vehicle.Speed") == "valid"
    drive.until(25.0)  # everything back; the ECUs report faults of their own
    assert not [p for p, r in drive.store.snapshot().items() if not r.is_valid]
    assert drive.value(battery + "Fault.Isolation") is True
    assert drive.value("Vehicle.Chassis.Brake.IsFaulted") is True
