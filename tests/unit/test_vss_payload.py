"""The VSS-over-Zenoh contract's keys and payloads (docs/vss-over-zenoh.md), without a network."""

from __future__ import annotations

import json
import math

import pytest

from cockpit.signals import Quality, SignalReading, SignalSpec
from cockpit.vss.keys import key_for, path_for
from cockpit.vss.payload import (
    MAX_PAYLOAD_BYTES,
    Heartbeat,
    PayloadError,
    decode_heartbeat,
    decode_signal,
    encode_heartbeat,
    encode_reading,
)

SPEED = SignalSpec("Vehicle.Speed", "km/h", "float", timeout=0.03)
GEAR = SignalSpec("Vehicle.Powertrain.Transmission.SelectedGear", None, "int8", timeout=0.06)
MODE = SignalSpec("Vehicle.LowVoltageSystemState", None, "string", allowed=("OFF", "ON"))


def payload(**fields) -> bytes:
    base = {"value": 42.5, "unit": "km/h", "status": "valid", "ts": 1700000000.25, "reason": ""}
    base.update(fields)
    return json.dumps(base).encode()


def test_key_is_vss_slash_the_path_with_dots_as_slashes():
    assert key_for("Vehicle.Speed") == "vss/Vehicle/Speed"
    assert (
        path_for("vss/Vehicle/Cabin/Door/Row1/DriverSide/IsOpen")
        == "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen"
    )
    assert path_for("cockpit/gateway/heartbeat") is None
    assert path_for("vss/Vehicle/$bad") is None
    with pytest.raises(ValueError, match="not a VSS path"):
        key_for("Vehicle/Speed")


def test_a_valid_reading_round_trips_with_its_unit_and_source_timestamp():
    reading = SignalReading("Vehicle.Speed", 88.0, "km/h", 1700000000.5, Quality.VALID)
    sample = decode_signal(encode_reading(reading), SPEED)
    assert (sample.value, sample.unit, sample.status, sample.ts) == (
        88.0,
        "km/h",
        Quality.VALID,
        1700000000.5,
    )


@pytest.mark.parametrize("quality", [Quality.STALE, Quality.INVALID])
def test_the_value_is_null_unless_valid_and_the_reason_travels(quality):
    reading = SignalReading("Vehicle.Speed", 88.0, "km/h", 1700000000.5, quality, "CRC mismatch")
    obj = json.loads(encode_reading(reading))
    assert obj == {
        "value": None,
        "unit": "km/h",
        "status": quality.value,
        "ts": 1700000000.5,
        "reason": "CRC mismatch",
    }
    assert decode_signal(encode_reading(reading), SPEED).value is None


def test_a_never_received_signal_has_no_timestamp():
    reading = SignalReading("Vehicle.Speed", None, "km/h", None, Quality.NOT_RECEIVED)
    sample = decode_signal(encode_reading(reading), SPEED)
    assert sample.status is Quality.NOT_RECEIVED and sample.ts is None


def test_a_nan_is_never_sent_as_a_valid_number():
    reading = SignalReading("Vehicle.Speed", math.nan, "km/h", 1.0, Quality.VALID)
    obj = json.loads(encode_reading(reading))
    assert obj["value"] is None and obj["status"] == "invalid"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xff\xfe not utf-8", "not JSON"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not an object"),
        (payload(extra=1), "unexpected extra"),
        (json.dumps({"value": 1, "status": "valid"}).encode(), "missing"),
        (payload(status="fine"), "status"),
        (payload(status=1), "status"),
        (payload(ts="yesterday"), "ts"),
        (payload(ts=-5), "ts"),
        (payload(ts=None), "ts is null"),
        (payload(value=None), "value is null"),
        (payload(value=[1, 2]), "not a number"),
        (payload(value={"a": 1}), "not a number"),
        (payload(status="stale", value=12.0), "must be null"),
        (payload(unit=5), "unit"),
        (payload(reason=None), "reason"),
        (payload(reason="x" * 600), "reason"),
        (b'{"value": NaN, "unit": null, "status": "valid", "ts": 1, "reason": ""}', "not JSON"),
        (b'{"value": Infinity, "unit": null, "status": "valid", "ts": 1, "reason": ""}', "not JSON"),
        (b" " * (MAX_PAYLOAD_BYTES + 1), "limit"),
    ],
)
def test_malformed_payloads_are_refused_with_a_reason(data, reason):
    with pytest.raises(PayloadError, match=reason):
        decode_signal(data, SPEED)


def test_a_value_must_fit_the_signals_datatype_and_allowed_values():
    with pytest.raises(PayloadError, match="not a float"):
        decode_signal(payload(value="fast"), SPEED)
    with pytest.raises(PayloadError, match="not a float"):
        decode_signal(payload(value=True), SPEED)  # a JSON true is not the number 1
    with pytest.raises(PayloadError, match="not a int8"):
        decode_signal(payload(value=1.5, unit=None), GEAR)
    assert decode_signal(payload(value=127, unit=None), GEAR).value == 127
    with pytest.raises(PayloadError, match="allowed"):
        decode_signal(payload(value="START", unit=None), MODE)
    assert decode_signal(payload(value="ON", unit=None), MODE).value == "ON"


def test_heartbeat_round_trips_and_is_checked():
    beat = Heartbeat(7, 1700000000.0, 0.01, "abc123")
    assert decode_heartbeat(encode_heartbeat(beat)) == beat
    for bad in (
        b"{}",
        b'{"seq": -1, "ts": 1, "period": 0.01, "boot": "a"}',
        b'{"seq": 1, "ts": 1, "period": 100, "boot": "a"}',
        b'{"seq": 1, "ts": 1, "period": 0.01, "boot": ""}',
    ):
        with pytest.raises(PayloadError):
            decode_heartbeat(bad)


def test_a_whole_state_reply_older_than_a_live_sample_never_winds_the_value_back():
    from cockpit.vss.remote import VssSubscriber, remote_store

    store = remote_store([SPEED])
    subscriber = VssSubscriber(store)
    now = store.clock()
    subscriber.take_sample("vss/Vehicle/Speed", payload(value=80.0, ts=now - 0.001), now)
    subscriber.take_sample("vss/Vehicle/Speed", payload(value=75.0, ts=now - 0.010), now, from_query=True)
    assert store.read("Vehicle.Speed", now).value == 80.0
    subscriber.take_sample("vss/Vehicle/Speed", payload(value=82.0, ts=now), now, from_query=True)
    assert store.read("Vehicle.Speed", now).value == 82.0
