"""Any DBC a user brings loads and decodes right: one small DBC in tests/data/real_dbc per imperfection."""

from __future__ import annotations

import logging
import math
import struct
from pathlib import Path

import can
import pytest

from cockpit.config import parse_config
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.decode.dbc import load_dbc_file
from cockpit.decode.router import ChannelRouter
from cockpit.signals import Quality, SignalStore

DATA = Path(__file__).resolve().parents[1] / "data" / "real_dbc"


def _decoder(dbc, mapping):
    schema = load_vehicle_schema(dbc, DATA / mapping)
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    return schema, store, FrameDecoder(schema, store, live=False)  # the frames carry the test's clock


def _frame(schema, name, values, t, **kwargs):
    message = next(m for m in schema.messages if m.name == name)
    return can.Message(
        timestamp=t,
        arbitration_id=message.frame_id,
        is_extended_id=message.is_extended_frame,
        data=message.encode(values, strict=False),
        **kwargs,
    )


@pytest.mark.parametrize("dbc, encoding", [("utf8_units.dbc", "utf-8"), ("cp1252_units.dbc", "cp1252")])
def test_utf8_and_cp1252_dbcs_both_load_with_their_units_intact(dbc, encoding) -> None:
    assert load_dbc_file(DATA / dbc).encoding == encoding
    schema, store, decoder = _decoder(DATA / dbc, "climate.vspec")
    decoder(_frame(schema, "Climate", {"CabinTemp": 21}, 1.0))
    reading = store.read("Vehicle.Cabin.HVAC.AmbientAirTemperature", 1.0)
    assert reading.unit == "°C" and reading.value == 21 and reading.is_valid


def test_a_dbc_strict_cantools_refuses_loads_laxly_and_says_what_each_problem_means(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="cockpit.decode.dbc"):
        schema, store, decoder = _decoder(DATA / "lax.dbc", "lax.vspec")
        load_vehicle_schema(DATA / "lax.dbc", DATA / "lax.vspec")  # loaded again: nothing reported twice
    text = "\n".join(schema.warnings)
    assert "lax.dbc:15: signals BrakeDecel and BrakeTorque overlap in message PLA_01" in text
    assert "at most one of them is right (it feeds Vehicle.Chassis.Brake.Torque)" in text
    logged = [r.getMessage() for r in caplog.records]
    assert len(logged) == len(set(logged)) == 4
    assert any("lax.dbc:18: message Camera_04" in m and "extended id" in m for m in logged)
    assert any("lax.dbc:21: cannot parse this statement" in m for m in logged)
    assert any(
        "lax.dbc:22: value table (VAL_) for signals no message defines: GoneSignal" in m for m in logged
    )
    decoder(_frame(schema, "PLA_01", {"Speed": 88.5, "BrakeDecel": 0, "BrakeTorque": 0}, 1.0))
    decoder(_frame(schema, "Camera_04", {"LaneWidth": 3.5}, 1.0))
    assert store.read("Vehicle.Speed", 1.0).value == pytest.approx(88.5)
    assert store.read("Vehicle.ADAS.LaneDetection.Width", 1.0).value == pytest.approx(3.5)
    assert decoder.stats.unknown_frames == 0


def test_not_available_only_by_the_sna_convention_never_guessed_from_na_or_invalid() -> None:
    schema, store, decoder = _decoder(
        DATA / "sna.dbc", "sna.vspec"
    )  # SNA labels without min/max: no IndexError
    decoder(
        _frame(
            schema, "GTW_carConfig", {"GTW_rearLightType": 0, "GTW_chassisType": 1, "GTW_socUI": 80.5}, 1.0
        )
    )
    assert store.read("Vehicle.Body.Lights.RegionType", 1.0).value == "NA"  # North America, a real value
    assert store.read("Vehicle.ChassisType", 1.0).value == "MODEL_Y"
    assert store.read(
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", 1.0
    ).value == pytest.approx(80.5)
    decoder(
        _frame(
            schema, "GTW_carConfig", {"GTW_rearLightType": 3, "GTW_chassisType": 3, "GTW_socUI": 102.3}, 2.0
        )
    )
    assert store.read("Vehicle.Body.Lights.RegionType", 2.0).value == "INVALID"  # a label, not a verdict
    chassis = store.read("Vehicle.ChassisType", 2.0)
    assert chassis.quality is Quality.INVALID and "SNA" in chassis.reason
    soc = store.read("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", 2.0)
    assert soc.quality is Quality.INVALID and soc.value == pytest.approx(80.5)


def test_can_fd_messages_without_vframeformat_are_decoded() -> None:
    schema, store, decoder = _decoder(DATA / "fd_no_frame_format.dbc", "fd_no_frame_format.vspec")
    decoder(_frame(schema, "SCC_CONTROL", {"VSetDis": 110, "ObjDist": 42.5}, 1.0, is_fd=True))
    decoder(_frame(schema, "WHEEL", {"WheelSpeed": 50}, 1.0, is_fd=False))
    decoder(_frame(schema, "WHEEL", {"WheelSpeed": 51}, 1.1, is_fd=True))  # an 8-byte frame may travel as FD
    assert store.read("Vehicle.ADAS.CruiseControl.SpeedSet", 1.1).value == 110
    assert store.read("Vehicle.ADAS.CruiseControl.LeadVehicleDistance", 1.1).value == pytest.approx(42.5)
    assert store.read("Vehicle.Speed", 1.1).value == pytest.approx(51)
    assert decoder.stats.decode_errors == 0


def test_a_signal_name_in_several_messages_is_fed_from_every_one() -> None:
    schema, store, decoder = _decoder(DATA / "duplicate_signal.dbc", "duplicate_signal.vspec")
    path = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging"
    decoder(_frame(schema, "CP_chargeStatus", {"IsCharging": 1}, 1.0))
    assert store.read(path, 1.0).value is True
    decoder(_frame(schema, "UI_chargeStatus", {"IsCharging": 0}, 2.0))
    assert store.read(path, 2.0).value is False
    assert {plan.message.frame_id for plan in schema.plans.values()} == {0x13D, 0x212}


def test_repeated_multiplexed_frames_keep_each_group_honest() -> None:
    schema, store, decoder = _decoder(DATA / "multiplexed.dbc", "multiplexed.vspec")
    voltage, temp, soc = (
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage",
        "Vehicle.Powertrain.TractionBattery.Temperature.Max",
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
    )
    decoder(_frame(schema, "BMS_info", {"BMS_infoIndex": 1, "BMS_cellTempMax": 31}, 0.0))
    t = 0.0
    for _ in range(40):  # the same group-0 frame over and over, every 100 ms
        t += 0.1
        decoder(_frame(schema, "BMS_info", {"BMS_infoIndex": 0, "BMS_packVoltage": 398.5}, t))
    assert store.read(voltage, t).quality is Quality.VALID
    assert store.read(soc, t).quality is Quality.NOT_RECEIVED  # group 2 never sent: not a valid null
    assert store.read(temp, 0.5).quality is Quality.VALID
    assert store.read(temp, t).quality is Quality.STALE  # group 1 stopped: stale, not valid for ever
    bad = can.Message(
        timestamp=t, arbitration_id=1570, is_extended_id=False, data=bytes([9, 0, 0, 0, 0, 0, 0, 0])
    )
    for _ in range(3):
        decoder(bad)  # an undecodable frame, repeated: each one counted
    assert decoder.stats.decode_errors == 3


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_nan_or_infinite_float_is_invalid_and_never_shown(bad) -> None:
    schema, store, decoder = _decoder(DATA / "float.dbc", "float.vspec")
    message = next(m for m in schema.messages if m.name == "MOTOR_float")
    good = struct.pack("<ff", 120.5, 3000.0)
    decoder(can.Message(timestamp=1.0, arbitration_id=message.frame_id, is_extended_id=False, data=good))
    decoder(
        can.Message(
            timestamp=2.0,
            arbitration_id=message.frame_id,
            is_extended_id=False,
            data=struct.pack("<ff", bad, 3100.0),
        )
    )
    torque = store.read("Vehicle.Powertrain.ElectricMotor.Torque", 2.0)
    assert torque.quality is Quality.INVALID and "not a number" in torque.reason and torque.value == 120.5
    assert store.read("Vehicle.Powertrain.ElectricMotor.Speed", 2.0).value == 3100.0


def test_several_dbc_files_describe_one_bus_and_an_undefined_signal_is_not_available() -> None:
    schema, store, decoder = _decoder([DATA / "split_a.dbc", DATA / "split_b.dbc"], "split.vspec")
    decoder(_frame(schema, "Speed_A", {"VehicleSpeedA": 61}, 1.0))
    decoder(_frame(schema, "Battery_B", {"StateOfChargeB": 77.5}, 1.0))
    assert store.read("Vehicle.Speed", 1.0).value == pytest.approx(61)
    assert store.read("Vehicle.Powertrain.TractionBattery.StateOfCharge.Current", 1.0).value == pytest.approx(
        77.5
    )
    missing = "Vehicle.Powertrain.TractionBattery.CurrentVoltage"
    assert "not available on this car" in schema.unavailable[missing]
    assert any("PackVoltageNotOnThisCar" in w and "split_a.dbc + split_b.dbc" in w for w in schema.warnings)
    assert store.read(missing, 1.0).quality is Quality.NOT_RECEIVED


def test_cockpit_toml_takes_a_list_of_dbc_files_for_one_bus(tmp_path) -> None:
    config = parse_config(
        f'[buses.pt]\ninterface = "virtual"\nchannel = "pt"\n'
        f'dbc = ["{DATA / "split_a.dbc"}", "{DATA / "split_b.dbc"}"]\n'
        f'mapping = "{DATA / "split.vspec"}"\n\n[car]\nprofile = "tesla_model3"\n',
        tmp_path / "cockpit.toml",
    )
    bus = config.bus("pt")
    assert bus.dbc == (DATA / "split_a.dbc", DATA / "split_b.dbc") and config.car.profile == "tesla_model3"
    assert len(load_vehicle_schema(bus.dbc, bus.mapping).dbcs) == 2


def test_a_multi_channel_log_keeps_its_channels() -> None:
    schema = load_vehicle_schema(DATA / "split_a.dbc", DATA / "split.vspec")
    store = SignalStore(schema.signal_specs())
    decoders = {}

    def per_channel(channel):
        decoders[channel] = FrameDecoder(schema, store, bus_name=channel)
        return decoders[channel]

    router = ChannelRouter([((), FrameDecoder(schema, store, bus_name="default"))], spread=per_channel)
    for i in range(10):
        router(_frame(schema, "Speed_A", {"VehicleSpeedA": 10}, 1.0 + i, channel="can0"))
    for i in range(4):
        router(_frame(schema, "Speed_A", {"VehicleSpeedA": 20}, 1.0 + i, channel="can1"))
    assert decoders["can0"].stats.frames == 10 and decoders["can1"].stats.frames == 4
    assert router.totals().frames == 14


def test_a_message_rate_is_learnt_from_its_first_frames_and_judges_staleness() -> None:
    schema, store, decoder = _decoder(DATA / "split_a.dbc", "split.vspec")  # no GenMsgCycleTime
    t = 0.0
    for _ in range(12):
        t += 0.05
        decoder(_frame(schema, "Speed_A", {"VehicleSpeedA": 10}, t))
    hz, learnt = decoder.rates()["Speed_A"]
    assert learnt and hz == pytest.approx(20, rel=0.01)
    assert store.read("Vehicle.Speed", t + 0.1).quality is Quality.VALID
    assert store.read("Vehicle.Speed", t + 0.2).quality is Quality.STALE  # 3 periods, not the 5 s default


def test_an_unknown_car_profile_in_cockpit_toml_names_the_line_and_the_nearest(tmp_path) -> None:
    from cockpit.errors import ConfigError

    with pytest.raises(
        ConfigError,
        match=r"cockpit.toml:4: car.profile: no car profile 'ioniq5'; did you mean "
        r"'hyundai_ioniq5'\?",
    ):
        parse_config(
            '[buses.pt]\ninterface = "virtual"\n[car]\nprofile = "ioniq5"\n', tmp_path / "cockpit.toml"
        )
