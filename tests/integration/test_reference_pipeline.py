"""The reference vehicle end to end: the simulated car's frames through the decoder into the store.

These are the issue's "done when": the highway drive shows every mapped signal valid with values a
car could have, and each fault of the ``faults`` scenario shows as the right status while no
corrupted frame changes a value.
"""

from __future__ import annotations

import pytest

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import Quality, SignalStore
from cockpit.sim import SimulatedCar


@pytest.fixture(scope="module")
def schema():
    return load_vehicle_schema()


def drive(schema, scenario: str):
    store = SignalStore(schema.signal_specs())
    decoder = FrameDecoder(schema, store, bus_name="sim")
    car = SimulatedCar(schema.db, scenario, seed=7)
    return car, store, decoder


def run_to(car, decoder, t: float, watch=None) -> None:
    for frame in car.frames_until(t):
        decoder(frame)
        if watch:
            watch(frame.timestamp)


def paths_from(schema, message: str, signal: str | None = None) -> list[str]:
    return [
        spec.path
        for spec in schema.signal_specs()
        if spec.source.split(".")[0] == message and (signal is None or spec.source.endswith("." + signal))
    ]


def test_highway_shows_every_mapped_signal_valid_and_physically_consistent(schema) -> None:
    car, store, decoder = drive(schema, "highway")
    run_to(car, decoder, 60.0)
    now = car.time
    readings = store.snapshot(now=now)
    not_valid = {path: r.reason or r.quality.value for path, r in readings.items() if not r.is_valid}
    assert not_valid == {}
    stats = decoder.stats
    assert stats.frames > 50_000 and stats.decode_errors == stats.e2e_errors == stats.unknown_frames == 0

    value = {path: reading.value for path, reading in readings.items()}
    battery = "Vehicle.Powertrain.TractionBattery."
    assert 60 <= value["Vehicle.Speed"] <= 140
    assert value["Vehicle.Powertrain.Transmission.SelectedGear"] == 127  # D
    # Power = voltage x current, in VSS's sign (negative: out of the battery while driving).
    assert value[battery + "CurrentCurrent"] < 0
    assert value[battery + "CurrentPower"] == pytest.approx(
        value[battery + "CurrentVoltage"] * value[battery + "CurrentCurrent"], rel=0.05, abs=500
    )
    # The motors deliver what the battery gives, less losses.
    assert 0 < value["Vehicle.Powertrain.Power"] <= -value[battery + "CurrentPower"] / 1000 * 1.05
    assert 300 <= value[battery + "CurrentVoltage"] <= 450
    assert 0 < value[battery + "StateOfCharge.Displayed"] <= 100
    # Motor speed follows road speed through a fixed reduction.
    ratio = value["Vehicle.Powertrain.ElectricMotor.Front.Speed"] / value["Vehicle.Speed"]
    assert 40 < ratio < 120
    assert value[battery + "CellVoltage.Min"] <= value[battery + "CellVoltage.Max"]


def test_faults_show_as_the_right_status_and_no_corrupted_frame_changes_a_value(schema) -> None:
    car, store, decoder = drive(schema, "faults")
    shown_speeds: list[float] = []

    def watch_speed(_t: float) -> None:
        reading = store.read("Vehicle.Speed", now=_t)
        if reading.is_valid:
            shown_speeds.append(reading.value)

    def quality(path: str) -> Quality:
        return store.read(path, now=car.time).quality

    run_to(car, decoder, 3.9, watch_speed)
    pack = paths_from(schema, "BMS_PackStatus")
    assert pack and all(quality(path) is Quality.VALID for path in pack)

    run_to(car, decoder, 6.0, watch_speed)  # BMS_PackStatus stopped at 4 s
    assert all(quality(path) is Quality.STALE for path in pack)
    run_to(car, decoder, 7.5, watch_speed)
    assert all(quality(path) is Quality.VALID for path in pack)

    errors_before = decoder.stats.e2e_errors
    run_to(car, decoder, 8.25, watch_speed)  # ESP_Speed with a broken CRC, carrying 250 km/h
    speed = store.read("Vehicle.Speed", now=car.time)
    assert speed.quality is Quality.INVALID and "CRC" in speed.reason
    assert decoder.stats.e2e_errors > errors_before
    run_to(car, decoder, 9.0, watch_speed)
    assert quality("Vehicle.Speed") is Quality.VALID

    acc_paths = paths_from(schema, "ACC_Status")
    errors_before = decoder.stats.e2e_errors
    run_to(car, decoder, 10.02, watch_speed)  # the ACC alive counter jumps at 10 s
    assert decoder.stats.e2e_errors == errors_before + 1
    run_to(car, decoder, 10.5, watch_speed)
    assert all(quality(path) is Quality.VALID for path in acc_paths)

    run_to(car, decoder, 13.0, watch_speed)  # displayed SoC forced to 101.5 %
    soc = store.read("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", now=car.time)
    assert soc.quality is Quality.INVALID and "range" in soc.reason and soc.value <= 100

    run_to(car, decoder, 16.0, watch_speed)  # cell temperature max "SNA"
    (cell_temperature,) = paths_from(schema, "BMS_CellExtremes", "BMS_CellTempMax")
    reading = store.read(cell_temperature, now=car.time)
    assert reading.quality is Quality.INVALID and "not available" in reading.reason

    run_to(car, decoder, 20.0, watch_speed)  # the ADAS CAN FD bus silent from 18 to 23 s
    adas = [spec.path for spec in schema.signal_specs() if spec.path.startswith("Vehicle.ADAS.")]
    assert all(quality(path) is Quality.STALE for path in adas)
    run_to(car, decoder, 24.0, watch_speed)
    assert all(quality(path) is Quality.VALID for path in adas)

    run_to(car, decoder, 25.0, watch_speed)  # ECUs report faults in valid frames
    assert store.read("Vehicle.Powertrain.TractionBattery.Fault.Isolation", now=car.time).value is True
    assert store.read("Vehicle.Chassis.Brake.IsFaulted", now=car.time).value is True

    assert shown_speeds and max(shown_speeds) < 120  # the corrupted 250 km/h was never shown
