"""The wire format: every message type round-trips; anything off-schema is a ProtocolError."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.handoff.errors import ProtocolError
from cockpit.handoff.messages import (
    MAX_MESSAGE_BYTES,
    Ack,
    Control,
    Hello,
    Nack,
    PairCommit,
    PairConfirm,
    PairNonce,
    PairRequest,
    Sessions,
    Take,
    Transfer,
    decode,
    encode,
    frame_length,
)
from cockpit.handoff.sessions import MediaSession, NavigationSession

NOW = 100.0
ROUTE = NavigationSession("Home", 39.9, 116.4, remaining_m=850.0, remaining_s=120.0, id="r1")
TRACK = MediaSession(
    "Mi Music", "Song", "Artist", "Album", duration_s=200.0, position_s=10.0, playing=False, id="t1"
)


def payload(document: dict) -> bytes:
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "message",
    [
        PairRequest("0123456789abcdef", "Car", 1, "PEM"),
        PairCommit("0123456789abcdef", "Phone", "PEM", "a" * 64),
        PairNonce("b" * 64),
        PairConfirm(True),
        Hello("0123456789abcdef", "Phone", 1, ("navigation", "media")),
        Sessions((ROUTE, TRACK)),
        Transfer(ROUTE, "leaving"),
        Take("t1", "arriving"),
        Control("t1", "pause"),
        Control("t1", "seek", 120.5),
        Ack(3, TRACK),
        Ack(4),
        Nack(5, "no such session"),
    ],
)
def test_every_message_type_round_trips(message) -> None:
    frame = encode(message, 7, NOW)
    assert frame_length(frame[:4]) == len(frame) - 4
    seq, decoded = decode(frame[4:], NOW)
    assert seq == 7 and type(decoded) is type(message)
    assert encode(decoded, 7, NOW) == frame


def test_an_optional_field_left_empty_is_not_sent() -> None:
    """A ``control`` other than seek carries no position, an ``ack`` without a session no session:
    left out, never null, so a receiver's strict check of the field's type is never tripped."""
    assert json.loads(encode(Control("t1", "play"), 1, NOW)[4:]) == {
        "type": "control",
        "seq": 1,
        "session_id": "t1",
        "action": "play",
    }
    assert json.loads(encode(Ack(2), 1, NOW)[4:]) == {"type": "ack", "seq": 1, "ref": 2}
    assert decode(payload({"type": "ack", "seq": 1, "ref": 2, "session": None}), NOW)[1] == Ack(2)


def test_a_control_the_sender_gets_wrong_is_refused_before_it_is_sent() -> None:
    with pytest.raises(ProtocolError, match="seek needs position_s"):
        Control("t1", "seek")
    with pytest.raises(ProtocolError, match="play takes no position_s"):
        Control("t1", "play", 3.0)


def test_a_header_announcing_more_than_64_kib_is_refused_before_reading_it() -> None:
    with pytest.raises(ProtocolError, match="over the 64 KiB limit"):
        frame_length((MAX_MESSAGE_BYTES + 1).to_bytes(4, "big"))


def test_a_message_too_big_to_send_is_refused_by_the_sender() -> None:
    with pytest.raises(ValueError, match="64 KiB"):
        big = MediaSession("s", "t" * 300, "a" * 300, "b" * 300, 1, 0, False)
        encode(Sessions(tuple(big for _ in range(80))), 1, NOW)


@pytest.mark.parametrize(
    "document, complaint",
    [
        ({"type": "launch_missiles", "seq": 1}, "unknown message type"),
        ({"type": "take", "seq": 1, "session_id": "t1"}, "take.reason: missing"),
        ({"type": "take", "seq": 1, "session_id": "t1", "reason": "leaving", "extra": 1}, "unexpected field"),
        ({"type": "take", "seq": 0, "session_id": "t1", "reason": "leaving"}, "take.seq"),
        ({"type": "take", "seq": "1", "session_id": "t1", "reason": "leaving"}, "take.seq"),
        ({"type": "take", "seq": 1, "session_id": "t1", "reason": "because"}, "take.reason"),
        ({"type": "pair_confirm", "seq": 1, "accepted": 1}, "expected true or false"),
        ({"type": "ack", "seq": 1, "ref": True}, "ack.ref: expected an integer"),
        ({"type": "pair_nonce", "seq": 1, "nonce": "XYZ"}, "pair_nonce.nonce"),
        (
            {"type": "transfer", "seq": 1, "reason": "manual", "session": {"kind": "teleport", "id": "x"}},
            "unknown kind",
        ),
        (
            {
                "type": "transfer",
                "seq": 1,
                "reason": "manual",
                "session": {**ROUTE.to_wire(NOW), "latitude": 91},
            },
            "navigation.latitude",
        ),
        (
            {
                "type": "transfer",
                "seq": 1,
                "reason": "manual",
                "session": {**TRACK.to_wire(NOW), "position_s": 500},
            },
            "beyond duration",
        ),
        (
            {
                "type": "transfer",
                "seq": 1,
                "reason": "manual",
                "session": {**TRACK.to_wire(NOW), "title": "a\x00b"},
            },
            "control characters",
        ),
        (
            {"type": "control", "seq": 1, "session_id": "t1", "action": "stop"},
            "control.action: expected one of",
        ),
        ({"type": "control", "seq": 1, "session_id": "t1"}, "control.action: missing"),
        ({"type": "control", "seq": 1, "session_id": "t1", "action": "seek"}, "seek needs position_s"),
        (
            {"type": "control", "seq": 1, "session_id": "t1", "action": "next", "position_s": 1},
            "control.position_s: next takes no position_s",
        ),
        (
            {"type": "control", "seq": 1, "session_id": "t1", "action": "seek", "position_s": None},
            "control.position_s: expected a number",
        ),
        ({"type": "control", "seq": 1, "session_id": "t1", "action": "seek", "position_s": -1}, "outside"),
        ({"type": "control", "seq": 1, "action": "play"}, "control.session_id: missing"),
        (
            {"type": "control", "seq": 1, "session_id": "t" * 65, "action": "play"},
            "control.session_id: length",
        ),
        ([1, 2, 3], "not a JSON object"),
    ],
)
def test_off_schema_messages_are_protocol_errors_naming_the_field(document, complaint) -> None:
    with pytest.raises(ProtocolError, match=complaint):
        decode(payload(document), NOW)


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"{", b'{"type": "take", "seq": NaN}', b"[" * 100_000])
def test_malformed_bytes_are_protocol_errors(raw: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode(raw, NOW)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_random_bytes_never_raise_anything_but_a_protocol_error(raw: bytes) -> None:
    with contextlib.suppress(ProtocolError):
        decode(raw, NOW)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["hello", "sessions", "transfer", "take", "control", "ack", "nack", "pair_request"]),
    st.dictionaries(
        st.sampled_from(
            [
                "seq",
                "ref",
                "session",
                "sessions",
                "reason",
                "session_id",
                "name",
                "device_id",
                "capabilities",
                "protocol",
                "action",
                "position_s",
            ]
        ),
        json_values,
        max_size=6,
    ),
)
def test_well_formed_json_of_any_shape_is_validated_never_crashes(kind: str, fields: dict) -> None:
    with contextlib.suppress(ProtocolError):
        decode(payload({"type": kind, **fields}), NOW)
