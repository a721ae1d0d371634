"""The payload of one signal on the wire, and of the gateway's heartbeat: JSON, strictly checked.

A signal: ``{"value": ..., "unit": "km/h", "status": "valid", "ts": 1733000000.123, "reason": ""}``.
``value`` is null unless ``status`` is ``valid``; ``ts`` is the source timestamp (the CAN frame's,
seconds since the epoch; null while ``not_received``). The contract is docs/vss-over-zenoh.md.

Decoding trusts nothing: anything that is not exactly this shape raises ``PayloadError`` with a
reason a Diagnostics page can show, and the caller drops the sample and counts it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from cockpit.signals import Quality, SignalReading, SignalSpec

MAX_PAYLOAD_BYTES = 4096  # a signal's JSON is ~100 bytes; anything this big is not one of ours
MAX_TEXT = 512  # reason / string value / unit
FIELDS = frozenset({"value", "unit", "status", "ts", "reason"})
HEARTBEAT_FIELDS = frozenset({"seq", "ts", "period", "boot"})
_STATUSES = {q.value: q for q in Quality}
_INT_TYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})


class PayloadError(ValueError):
    """A sample that is not a valid signal payload; the message says why (for Diagnostics)."""


@dataclass(frozen=True, slots=True)
class SignalSample:
    """One decoded signal payload, as the gateway published it."""

    value: Any
    unit: str | None
    status: Quality
    ts: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """The gateway's beat: a sequence number, its clock, its beat period and a boot id."""

    seq: int
    ts: float
    period: float
    boot: str


# --- encoding (the gateway) ---------------------------------------------------------------------
def encode_reading(reading: SignalReading) -> bytes:
    """The JSON payload of one reading; the value is null unless it is valid."""
    status, reason = reading.quality.value, reading.reason
    value = reading.value if reading.quality is Quality.VALID else None
    if isinstance(value, float) and not math.isfinite(value):
        # JSON has no NaN: never send one, and never as a valid number
        value, status, reason = None, Quality.INVALID.value, f"the value is {value}"
    return json.dumps(
        {"value": value, "unit": reading.unit, "status": status, "ts": reading.timestamp, "reason": reason},
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def encode_heartbeat(beat: Heartbeat) -> bytes:
    """The heartbeat's JSON payload."""
    return json.dumps(
        {"seq": beat.seq, "ts": beat.ts, "period": beat.period, "boot": beat.boot}, separators=(",", ":")
    ).encode()


# --- decoding (every display) -------------------------------------------------------------------
def _object(data: bytes, fields: frozenset[str], what: str) -> dict[str, Any]:
    if len(data) > MAX_PAYLOAD_BYTES:
        raise PayloadError(f"{what} of {len(data)} bytes is over the {MAX_PAYLOAD_BYTES}-byte limit")
    try:
        obj = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError(f"{what} is not JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise PayloadError(f"{what} is a JSON {type(obj).__name__}, not an object")
    keys = set(obj)
    if keys != fields:
        missing, extra = sorted(fields - keys), sorted(keys - fields)
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"unexpected {', '.join(extra)}"] if extra else []
        )
        raise PayloadError(f"{what} has the wrong fields: {'; '.join(parts)}")
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _text(obj: dict[str, Any], key: str, nullable: bool) -> str | None:
    value = obj[key]
    if value is None and nullable:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise PayloadError(
            f"{key} must be a string of at most {MAX_TEXT} characters" + (" or null" if nullable else "")
        )
    return value


def decode_signal(data: bytes, spec: SignalSpec | None = None) -> SignalSample:
    """Check and decode one signal payload; with ``spec``, the value must fit its datatype too."""
    obj = _object(data, FIELDS, "payload")
    status = _STATUSES.get(obj["status"]) if isinstance(obj["status"], str) else None
    if status is None:
        raise PayloadError(f"status {obj['status']!r} is not one of {', '.join(_STATUSES)}")
    ts = obj["ts"]
    if ts is not None and not (_number(ts) and ts >= 0):
        raise PayloadError(f"ts {ts!r} is not a timestamp in seconds")
    if ts is None and status is not Quality.NOT_RECEIVED:
        raise PayloadError(f"ts is null but status is {status.value}")
    unit = _text(obj, "unit", nullable=True)
    reason = _text(obj, "reason", nullable=False) or ""
    value = obj["value"]
    if status is not Quality.VALID:
        if value is not None:
            raise PayloadError(f"value must be null while status is {status.value}")
    else:
        _check_value(value, spec)
    return SignalSample(value, unit, status, None if ts is None else float(ts), reason)


def _check_value(value: Any, spec: SignalSpec | None) -> None:
    if value is None:
        raise PayloadError("value is null but status is valid")
    if not (isinstance(value, (bool, str)) or _number(value)):
        raise PayloadError(f"value {value!r} is not a number, a boolean or a string")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise PayloadError(f"value is a string over {MAX_TEXT} characters")
    if spec is None or spec.datatype is None:
        return
    datatype = spec.datatype
    if datatype == "boolean":
        ok = isinstance(value, bool)
    elif datatype == "string":
        ok = isinstance(value, str)
    elif datatype in _INT_TYPES:
        ok = _number(value) and float(value).is_integer()
    elif datatype in ("float", "double"):
        ok = _number(value)
    else:
        ok = True  # a datatype we do not check (arrays): the shape checks above still hold
    if not ok:
        raise PayloadError(f"value {value!r} is not a {datatype} ({spec.path})")
    if spec.allowed is not None and value not in spec.allowed:
        raise PayloadError(f"value {value!r} is not one of the allowed values of {spec.path}")


def decode_heartbeat(data: bytes) -> Heartbeat:
    """Check and decode the gateway's heartbeat."""
    obj = _object(data, HEARTBEAT_FIELDS, "heartbeat")
    seq, ts, period, boot = obj["seq"], obj["ts"], obj["period"], obj["boot"]
    if not (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0):
        raise PayloadError(f"heartbeat seq {seq!r} is not a counter")
    if not (_number(ts) and ts >= 0):
        raise PayloadError(f"heartbeat ts {ts!r} is not a timestamp")
    if not (_number(period) and 0.001 <= period <= 10.0):
        raise PayloadError(f"heartbeat period {period!r} is not between 1 ms and 10 s")
    if not (isinstance(boot, str) and 0 < len(boot) <= 64):
        raise PayloadError("heartbeat boot must be a short string")
    return Heartbeat(seq, float(ts), float(period), boot)
