"""The Python side of the screen: what each model shows for a reading, how validity travels with
every value, which telltales light, the plots' histories, and the object list as a Qt model.
"""

from __future__ import annotations

import pytest

from cockpit.errors import CockpitError
from cockpit.hmi.adas_model import AdasModel, DetectedObjectsModel
from cockpit.hmi.drive_model import DriveModel, gear_letter
from cockpit.hmi.energy_model import EnergyModel
from cockpit.hmi.launch import display_problem, require_display
from cockpit.hmi.settings_model import SettingsModel
from cockpit.hmi.snapshot import parse_size
from cockpit.hmi.telltales import TelltaleModel
from cockpit.signals import Quality, SignalReading

SPEED = "Vehicle.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
CHARGING = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging"
CHARGE_POWER = "Vehicle.Powertrain.TractionBattery.Charging.Power"
BATTERY_FAULT = "Vehicle.Powertrain.TractionBattery.Fault.Any"
BRAKE_FAULT = "Vehicle.Chassis.Brake.IsFaulted"
CRUISE_STATE = "Vehicle.ADAS.CruiseControl.State"
OBJ = "Vehicle.ADAS.ObjectDetection.Object{}.{}"
OBJECT_COUNT = "Vehicle.ADAS.ObjectDetection.Count"


def reading(path, value, quality=Quality.VALID, timestamp=1.0) -> dict[str, SignalReading]:
    return {path: SignalReading(path, value, None, timestamp, quality)}


# --- values and their validity ----------------------------------------------------------------
@pytest.mark.parametrize(("vss", "letter"), [(126, "P"), (-1, "R"), (0, "N"), (127, "D"), (3, "D")])
def test_vss_gear_numbers_become_the_letters_on_the_selector(vss, letter) -> None:
    assert gear_letter(vss) == letter


def test_a_gear_the_cockpit_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="SelectedGear 99"):
        gear_letter(99)


def test_a_valid_reading_shows_its_value_and_says_it_is_valid(qtbot) -> None:
    drive = DriveModel()
    with qtbot.waitSignal(drive.speedChanged):
        drive.apply(reading(SPEED, 87.4))
    assert drive.property("speed") == pytest.approx(87.4)
    assert drive.property("speedValid") is True


@pytest.mark.parametrize("quality", [Quality.STALE, Quality.INVALID, Quality.NOT_RECEIVED])
def test_a_reading_that_is_not_valid_keeps_the_last_value_but_is_not_valid(quality) -> None:
    drive = DriveModel()
    drive.apply(reading(SPEED, 50.0))
    drive.apply(reading(SPEED, 120.0, quality))
    assert drive.property("speedValid") is False
    assert drive.property("speed") == 50.0  # never the value of a bad frame


def test_a_value_the_display_cannot_convert_is_shown_as_not_valid() -> None:
    drive = DriveModel()
    drive.apply(reading(GEAR, 126))
    drive.apply(reading(GEAR, 99))  # not a gear: a dash, not an exception in the frame tick
    assert drive.property("gear") == "P"
    assert drive.property("gearValid") is False


def test_an_unchanged_reading_emits_nothing(qtbot) -> None:
    drive = DriveModel()
    drive.apply(reading(SPEED, 10.0))
    with qtbot.assertNotEmitted(drive.speedChanged):
        drive.apply(reading(SPEED, 10.0))


def test_range_is_shown_in_kilometres() -> None:
    drive = DriveModel()
    drive.apply(reading("Vehicle.Powertrain.Range", 312000))
    assert drive.property("range") == 312.0


# --- telltales --------------------------------------------------------------------------------
def test_telltales_are_lit_until_their_group_is_heard() -> None:
    lamps = TelltaleModel({BATTERY_FAULT, BRAKE_FAULT, CRUISE_STATE})
    assert (
        lamps.property("batteryFault") and lamps.property("brakeFault") and lamps.property("adasUnavailable")
    )
    lamps.apply(
        {**reading(BATTERY_FAULT, False), **reading(BRAKE_FAULT, False), **reading(CRUISE_STATE, "ACTIVE")}
    )
    assert not (
        lamps.property("batteryFault") or lamps.property("brakeFault") or lamps.property("adasUnavailable")
    )


@pytest.mark.parametrize(
    ("path", "bad", "lamp"),
    [
        (BATTERY_FAULT, True, "batteryFault"),
        (BRAKE_FAULT, True, "brakeFault"),
        (CRUISE_STATE, "FAULT", "adasUnavailable"),
    ],
)
def test_a_fault_reported_by_the_car_lights_its_telltale(path, bad, lamp) -> None:
    lamps = TelltaleModel({path})
    lamps.apply(reading(path, bad))
    assert lamps.property(lamp)


@pytest.mark.parametrize("quality", [Quality.STALE, Quality.INVALID])
def test_a_safety_signal_that_is_not_valid_lights_its_telltale(quality) -> None:
    lamps = TelltaleModel({BRAKE_FAULT})
    lamps.apply(reading(BRAKE_FAULT, False))
    lamps.apply(reading(BRAKE_FAULT, False, quality))
    assert lamps.property("brakeFault")
    assert lamps.unhealthy_signals("brakes") == {BRAKE_FAULT}


def test_object_slots_beyond_the_count_do_not_make_adas_unavailable() -> None:
    lamps = TelltaleModel({CRUISE_STATE, OBJ.format(5, "Class")})
    lamps.apply(reading(CRUISE_STATE, "ACTIVE"))
    assert not lamps.property("adasUnavailable")


# --- energy histories ---------------------------------------------------------------------------
def test_state_of_charge_history_is_sampled_on_signal_time_not_per_frame() -> None:
    energy = EnergyModel(sample_period=2.0)
    for i in range(100):  # 10 s of frames at 10 Hz
        energy.apply(reading(SOC, 80.0 - i * 0.01, timestamp=100.0 + i * 0.1))
    history = energy.property("socHistory")
    assert len(history) == 5
    assert history[-1][0] == 0.0 and history[0][0] == pytest.approx(-8.0)
    assert history[0][1] > history[-1][1]


def test_the_charge_curve_follows_a_charging_session() -> None:
    energy = EnergyModel()
    energy.apply({**reading(CHARGING, True), **reading(CHARGE_POWER, 150.0)})
    for i in range(20):
        energy.apply({**reading(SOC, 20.0 + i * 0.5, timestamp=i), **reading(CHARGE_POWER, 150.0 - i)})
    curve = energy.property("chargeCurve")
    assert len(curve) == 20
    assert curve[0] == [20.0, 150.0] and curve[-1][0] == pytest.approx(29.5)


# --- the object list ------------------------------------------------------------------------------
def objects_reading(count: int, quality=Quality.VALID) -> dict[str, SignalReading]:
    out = reading(OBJECT_COUNT, count, quality)
    for n in range(1, count + 1):
        out |= reading(OBJ.format(n, "Class"), "CAR")
        out |= reading(OBJ.format(n, "LongitudinalDistance"), 10.0 * n)
        out |= reading(OBJ.format(n, "LateralDistance"), 0.5)
        out |= reading(OBJ.format(n, "RelativeSpeed"), -2.0)
    return out


def test_the_object_list_passes_qt_model_tests_while_it_grows_and_shrinks(qtmodeltester) -> None:
    objects = DetectedObjectsModel()
    qtmodeltester.check(objects, force_py=True)
    for count in (3, 8, 1, 0, 5):
        objects.apply(objects_reading(count))
        assert objects.rowCount() == count
    qtmodeltester.check(objects, force_py=True)
    index = objects.index(4)
    assert objects.data(index, DetectedObjectsModel.LongitudinalDistanceRole) == 50.0
    assert objects.data(index, DetectedObjectsModel.ValidRole) is True


def test_an_object_list_that_is_not_valid_shows_no_objects() -> None:
    objects = DetectedObjectsModel()
    objects.apply(objects_reading(4))
    objects.apply(reading(OBJECT_COUNT, 4, Quality.STALE))
    assert objects.rowCount() == 0


def test_adas_model_has_a_validity_for_every_value() -> None:
    adas = AdasModel()
    for field in AdasModel.FIELDS:
        assert adas.property(f"{field.name}Valid") is False


# --- settings and start-up ------------------------------------------------------------------------
def test_settings_refuse_values_the_screen_cannot_show() -> None:
    settings = SettingsModel()
    with pytest.raises(ValueError, match="theme 'sepia'"):
        settings.setTheme("sepia")
    assert settings.theme == "day"


@pytest.mark.parametrize(
    ("env", "ok"),
    [
        ({}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, True),
        ({"QT_QPA_PLATFORM": "eglfs"}, True),
        ({"DISPLAY": ":987"}, False),  # no X server on :987
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
    ],
)
def test_a_missing_display_is_found_before_qt_would_abort(env, ok) -> None:
    assert (display_problem(env) is None) is ok


def test_the_missing_display_message_says_how_to_get_one() -> None:
    with pytest.raises(CockpitError, match=r"xvfb-run.*QT_QPA_PLATFORM"):
        require_display({})


@pytest.mark.parametrize("text", ["1920", "axb", "10x10", "1920x"])
def test_a_bad_size_is_explained(text) -> None:
    with pytest.raises(CockpitError, match="WIDTHxHEIGHT"):
        parse_size(text)


def test_emitting_signals_never_costs_the_interpreter_its_true() -> None:
    # PySide6 6.12.0 drops a reference of True per emit (fatal "bool_dealloc" after a few seconds
    # of per-frame updates); importing cockpit.hmi repairs it.
    import sys

    drive = DriveModel()
    before = sys.getrefcount(True)
    for _ in range(2000):
        drive.speedChanged.emit()
    assert sys.getrefcount(True) >= before
