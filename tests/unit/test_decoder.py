"""The frame decoder: VSS values with their quality, and bad frames counted, never raised."""

from __future__ import annotations

import functools
from pathlib import Path

import can
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.decode.e2e import E2EProtection
from cockpit.signals import Quality, SignalStore

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def acc(data_dir):
    schema = load_vehicle_schema(data_dir / "e2e_small.dbc", data_dir / "e2e_small.vspec")
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store, bus_name="adas", live=False)  # "now" is the caller's, as in replay
    message = schema.db.get_message_by_name("ACC_Status")
    protection = E2EProtection.from_message(message)
    return schema, store, decoder, message, protection


def acc_frame(message, protection, counter, timestamp, **values):
    signals = {"ACC_State": "ACTIVE", "ACC_SetSpeed": 110.0, "ACC_LeadDistance": 42.0, **values}
    data = protection.encode(message, signals, counter)
    return can.Message(arbitration_id=message.frame_id, is_extended_id=False, data=data, timestamp=timestamp)


def speed_frame(schema, timestamp, raw=None, speed=50.0):
    message = schema.db.get_message_by_name("VCU_Speed")
    data = message.encode({"VehicleSpeed": speed}) if raw is None else raw.to_bytes(8, "little")
    return can.Message(arbitration_id=message.frame_id, is_extended_id=False, data=data, timestamp=timestamp)


def test_a_good_frame_gives_valid_vss_values_with_units(acc) -> None:
    _, store, decoder, message, protection = acc
    decoder(acc_frame(message, protection, 0, 1.0))
    set_speed = store.read("Vehicle.ADAS.CruiseControl.SpeedSet", now=1.0)
    assert (set_speed.value, set_speed.unit, set_speed.quality) == (110.0, "km/h", Quality.VALID)
    assert store.read("Vehicle.ADAS.CruiseControl.State", now=1.0).value == "ACTIVE"
    assert store.read("Vehicle.ADAS.CruiseControl.IsActive", now=1.0).value is True


def test_corrupted_crc_never_changes_the_value_and_marks_it_invalid(acc) -> None:
    _, store, decoder, message, protection = acc
    decoder(acc_frame(message, protection, 0, 1.00))
    corrupted = acc_frame(message, protection, 1, 1.04, ACC_SetSpeed=30.0)
    corrupted.data[0] ^= 0xFF
    decoder(corrupted)
    reading = store.read("Vehicle.ADAS.CruiseControl.SpeedSet", now=1.04)
    assert reading.quality is Quality.INVALID and "CRC" in reading.reason
    assert reading.value == 110.0  # the last good value, behind a dash
    assert decoder.stats.e2e_errors == 1
    decoder(acc_frame(message, protection, 2, 1.08, ACC_SetSpeed=90.0))
    assert store.read("Vehicle.ADAS.CruiseControl.SpeedSet", now=1.08).quality is Quality.VALID


def test_a_counter_jump_is_an_e2e_error(acc) -> None:
    _, store, decoder, message, protection = acc
    decoder(acc_frame(message, protection, 0, 1.00))
    decoder(acc_frame(message, protection, 5, 1.04, ACC_SetSpeed=60.0))
    reading = store.read("Vehicle.ADAS.CruiseControl.SpeedSet", now=1.04)
    assert reading.quality is Quality.INVALID and "counter" in reading.reason
    assert reading.value == 110.0
    assert decoder.stats.e2e_errors == 1


def test_a_repeated_counter_is_an_e2e_error(acc) -> None:
    _, store, decoder, message, protection = acc
    decoder(acc_frame(message, protection, 7, 1.00))
    decoder(acc_frame(message, protection, 7, 1.04))
    assert store.read("Vehicle.ADAS.CruiseControl.State", now=1.04).quality is Quality.INVALID


def test_signal_goes_stale_after_three_cycle_times_on_the_callers_clock(acc) -> None:
    schema, store, decoder, *_ = acc
    decoder(speed_frame(schema, 10.000))  # 10 ms cycle: stale after 30 ms
    assert store.read("Vehicle.Speed", now=10.029).quality is Quality.VALID
    assert store.read("Vehicle.Speed", now=10.031).quality is Quality.STALE
    decoder(speed_frame(schema, 10.040))
    assert store.read("Vehicle.Speed", now=10.041).quality is Quality.VALID


def test_the_not_available_raw_value_is_invalid_not_a_number(acc) -> None:
    schema, store, decoder, *_ = acc
    decoder(speed_frame(schema, 1.0, speed=80.0))
    decoder(speed_frame(schema, 1.01, raw=4095))
    reading = store.read("Vehicle.Speed", now=1.01)
    assert reading.quality is Quality.INVALID and "not available" in reading.reason
    assert reading.value == 80.0


def test_a_value_outside_the_dbc_range_is_invalid(acc) -> None:
    schema, store, decoder, *_ = acc
    decoder(speed_frame(schema, 1.0, raw=3500))  # 350 km/h, range [0|300]
    reading = store.read("Vehicle.Speed", now=1.0)
    assert reading.quality is Quality.INVALID and "range" in reading.reason


def test_never_received_signals_say_so(acc) -> None:
    _, store, *_ = acc
    assert store.read("Vehicle.Speed", now=5.0).quality is Quality.NOT_RECEIVED


@pytest.mark.parametrize(
    ("frame", "counter"),
    [
        (can.Message(arbitration_id=0x7FF, is_extended_id=False, data=b"\x00" * 8), "unknown_frames"),
        (can.Message(arbitration_id=0x120, is_extended_id=True, data=b"\x00" * 8), "unknown_frames"),
        (can.Message(arbitration_id=0x120, is_extended_id=False, data=b"\x00" * 3), "decode_errors"),
        (
            can.Message(arbitration_id=0x64, is_extended_id=False, is_fd=True, data=b"\x00" * 12),
            "decode_errors",
        ),
        (can.Message(arbitration_id=0x64, is_extended_id=False, is_error_frame=True), "error_frames"),
        (
            can.Message(arbitration_id=0x64, is_extended_id=False, is_remote_frame=True, dlc=8),
            "remote_frames",
        ),
    ],
)
def test_bad_frames_are_counted_never_raised(acc, frame, counter) -> None:
    _, store, decoder, *_ = acc
    decoder(frame)
    stats = decoder.stats.as_dict()
    assert stats["frames"] == 1 and stats[counter] == 1
    assert all(reading.quality is Quality.NOT_RECEIVED for reading in store.snapshot(now=0).values())


@functools.cache
def _small_schema():
    return load_vehicle_schema(DATA / "e2e_small.dbc", DATA / "e2e_small.vspec")


@settings(max_examples=200, deadline=None)
@given(
    frames=st.lists(
        st.tuples(
            st.sampled_from([0x64, 0x120, 0x7FF, 0x1FFFFFFF, 0]),
            st.booleans(),
            st.binary(min_size=0, max_size=64),
            st.booleans(),
        ),
        max_size=40,
    )
)
def test_random_frames_never_raise_and_the_counters_add_up(frames) -> None:
    schema = _small_schema()
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store)
    decoded = 0
    for time_index, (arbitration_id, extended, payload, fd) in enumerate(frames):
        if not fd:
            payload = payload[:8]
        message = can.Message(
            arbitration_id=arbitration_id,
            is_extended_id=extended,
            data=payload,
            is_fd=fd,
            timestamp=time_index * 0.01,
            check=False,
        )
        decoder(message)
        decoded += 1
    stats = decoder.stats
    assert stats.frames == decoded
    accepted = (
        stats.frames - stats.unknown_frames - stats.decode_errors - stats.error_frames - stats.remote_frames
    )
    assert accepted >= 0
    for reading in store.snapshot(now=len(frames) * 0.01).values():
        if reading.quality is Quality.VALID:
            assert reading.value is not None


def test_the_third_party_dbc_decodes_with_its_kuksa_mapping(
    thirdparty_dbc, thirdparty_vspec, thirdparty_vss_json
) -> None:
    for mapping in (thirdparty_vspec, thirdparty_vss_json):
        schema = load_vehicle_schema(thirdparty_dbc, mapping)
        store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
        decoder = FrameDecoder(schema, store)
        db = schema.db
        gear = db.get_message_by_name("DI_torque2")
        decoder(
            can.Message(
                arbitration_id=gear.frame_id,
                is_extended_id=False,
                timestamp=1.0,
                data=gear.encode({"DI_gear": "DI_GEAR_R", "DI_torqueEstimate": -200}),
            )
        )
        hv = db.get_message_by_name("BMS_hvBusStatus")  # Motorola (big-endian) signals
        decoder(
            can.Message(
                arbitration_id=hv.frame_id,
                is_extended_id=False,
                timestamp=1.0,
                data=hv.encode({"BMS_packVoltage": 398.5, "BMS_packCurrent": -150.0}),
            )
        )
        soc = db.get_message_by_name("BMS_socStatus")  # extended id, multiplexed
        decoder(
            can.Message(
                arbitration_id=soc.frame_id,
                is_extended_id=True,
                timestamp=1.0,
                data=soc.encode({"BMS_socMux": 0, "BMS_socUI": 64.3, "BMS_socMin": 60}),
            )
        )
        now = 1.0
        assert store.read("Vehicle.Powertrain.Transmission.CurrentGear", now).value == -1
        assert store.read("Vehicle.Powertrain.Transmission.IsParkLockEngaged", now).value is False
        assert store.read("Vehicle.Powertrain.TractionBattery.CurrentVoltage", now).value == pytest.approx(
            398.5
        )
        assert store.read("Vehicle.Powertrain.TractionBattery.CurrentCurrent", now).value == pytest.approx(
            -150.0
        )
        assert store.read(
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed", now
        ).value == pytest.approx(64.3)
        # The other multiplexed group has not been seen yet.
        assert store.read("Vehicle.Exterior.AirTemperature", now).quality is Quality.NOT_RECEIVED
        assert decoder.stats.decode_errors == 0


def test_an_unmapped_enum_value_is_invalid_not_guessed(thirdparty_dbc, thirdparty_vspec) -> None:
    schema = load_vehicle_schema(thirdparty_dbc, thirdparty_vspec)
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store)
    gear = schema.db.get_message_by_name("DI_torque2")
    decoder(
        can.Message(
            arbitration_id=gear.frame_id,
            is_extended_id=False,
            timestamp=1.0,
            data=gear.encode({"DI_gear": "DI_GEAR_SNA", "DI_torqueEstimate": 0}),
        )
    )
    reading = store.read("Vehicle.Powertrain.Transmission.CurrentGear", 1.0)
    assert reading.quality is Quality.INVALID and "DI_GEAR_SNA" in reading.reason


def test_interval_ms_holds_the_value_but_keeps_the_signal_alive(thirdparty_dbc, thirdparty_vspec) -> None:
    schema = load_vehicle_schema(thirdparty_dbc, thirdparty_vspec)  # Vehicle.Speed: interval_ms 100
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store, live=False)  # "now" is the caller's, as in replay
    speed = schema.db.get_message_by_name("DI_speed")

    def frame(t, kph):
        data = speed.encode(
            {
                "DI_speedChecksum": 0,
                "DI_speedCounter": 0,
                "DI_vehicleSpeed": kph,
                "DI_uiSpeed": 0,
                "DI_uiSpeedUnits": 1,
            }
        )
        return can.Message(arbitration_id=speed.frame_id, is_extended_id=False, data=data, timestamp=t)

    decoder(frame(1.00, 50))
    decoder(frame(1.05, 60))
    assert store.read("Vehicle.Speed", 1.05).value == 50.0
    assert store.read("Vehicle.Speed", 1.05).timestamp == 1.05
    decoder(frame(1.11, 70))
    assert store.read("Vehicle.Speed", 1.11).value == 70.0


def test_drain_changed_reports_values_and_signals_that_went_stale(acc) -> None:
    schema, store, decoder, *_ = acc
    decoder(speed_frame(schema, 1.0, speed=20))
    assert set(store.drain_changed(now=1.0)) == {"Vehicle.Speed"}
    assert store.drain_changed(now=1.01) == {}
    decoder(speed_frame(schema, 1.01, speed=20))  # same value: nothing to redraw
    assert store.drain_changed(now=1.01) == {}
    stale = store.drain_changed(now=1.5)
    assert stale["Vehicle.Speed"].quality is Quality.STALE


@functools.cache
def _reference_schema():
    return load_vehicle_schema()


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_payloads_on_the_reference_vehicles_ids_never_raise_and_never_show_garbage(data) -> None:
    schema = _reference_schema()
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store)
    messages = schema.db.messages
    count = data.draw(st.integers(min_value=1, max_value=30))
    for index in range(count):
        message = data.draw(st.sampled_from(messages))
        length = data.draw(st.sampled_from([message.length, message.length, 0, 3, 8, 64]))
        payload = data.draw(st.binary(min_size=length, max_size=length))
        decoder(
            can.Message(
                arbitration_id=message.frame_id,
                is_extended_id=message.is_extended_frame,
                is_fd=length > 8 or bool(message.is_fd),
                data=payload,
                timestamp=index * 0.001,
                check=False,
            )
        )
    stats = decoder.stats
    assert stats.frames == count
    assert stats.unknown_frames == 0  # every id is in the DBC
    assert stats.decode_errors + stats.e2e_errors <= count
    for reading in store.snapshot(now=count * 0.001).values():
        assert reading.quality in (Quality.VALID, Quality.INVALID, Quality.NOT_RECEIVED, Quality.STALE)
        spec_allowed = store.slot(reading.path).spec.allowed
        if reading.is_valid and spec_allowed:
            assert reading.value in spec_allowed, reading


def test_an_interval_ms_at_the_cycle_time_never_holds_back_an_early_frame(tmp_path) -> None:
    mapping = tmp_path / "speed.vspec"
    mapping.write_text(
        "Vehicle.Speed:\n  datatype: float\n  unit: km/h\n"
        "  dbc2vss:\n    signal: VehicleSpeed\n    interval_ms: 10\n"
    )
    schema = load_vehicle_schema(DATA / "e2e_small.dbc", mapping)  # VCU_Speed: 10 ms cycle
    store = SignalStore(schema.signal_specs(), clock=lambda: 0.0)
    decoder = FrameDecoder(schema, store)
    for index, jitter in enumerate([0.0, -0.002, 0.001, -0.003]):
        timestamp = 1.0 + index * 0.010 + jitter
        decoder(speed_frame(schema, timestamp, speed=50.0 + index))
        assert store.read("Vehicle.Speed", now=timestamp).value == 50.0 + index


def test_a_stale_signal_that_comes_back_unchanged_is_reported_valid_again(acc) -> None:
    schema, store, decoder, *_ = acc
    decoder(speed_frame(schema, 1.00, speed=20))
    decoder(speed_frame(schema, 1.01, speed=20))  # unchanged before any reader looked
    assert store.drain_changed(now=1.01)["Vehicle.Speed"].quality is Quality.VALID
    assert store.drain_changed(now=2.0)["Vehicle.Speed"].quality is Quality.STALE
    decoder(speed_frame(schema, 2.00, speed=20))  # the same value, after the gap
    assert store.drain_changed(now=2.0)["Vehicle.Speed"].quality is Quality.VALID
