"""The handoff protocol's messages: framing, the typed schema, and encoding/decoding.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON, at most 64 KiB. Every
message is a JSON object with ``type`` (one of MESSAGE_TYPES), ``seq`` (1, 2, 3, ... per direction
per connection) and the fields of its type, nothing more. Anything else is a ProtocolError and the
receiver closes the connection. See docs/handoff-protocol.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from cockpit.handoff.media_control import MAX_SEEK_S, MEDIA_ACTIONS, MEDIA_CONTROL_CAPABILITY
from cockpit.handoff.schema import (
    Check,
    SchemaError,
    any_object,
    boolean,
    check_text,
    choice,
    hex_digest,
    integer,
    list_of,
    number,
    optional,
    text,
)
from cockpit.handoff.sessions import HandoffSession, session_from_wire

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
HEADER_BYTES = 4
MAX_SESSIONS = 8
_SEQ_MAX = 2**53 - 1  # the largest integer every JSON implementation (JavaScript too) keeps exact

_DEVICE_ID = text(16, "[0-9a-f]{16}", min_len=16)
_NAME = text(63, min_len=1)
_REASON = choice("manual", "leaving", "arriving")
_SESSION = any_object(32)


@dataclass(frozen=True)
class Message:
    """Base of every message type; ``seq`` is filled in by the connection that sends it."""

    TYPE: ClassVar[str] = ""
    CHECKS: ClassVar[dict[str, Check]] = {}
    #: Fields holding sessions (validated by their session kind) rather than plain values.
    SESSION_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: Fields a sender may leave out: absent on the wire is None here, and None is not sent.
    OPTIONAL_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: The ``hello`` capability a peer must name to be sent this type ("" for every peer): a
    #: version-1 peer closes the connection on a type it does not know (SessionLink._for_peer).
    CAPABILITY: ClassVar[str] = ""


MESSAGE_TYPES: dict[str, type[Message]] = {}


def message_type(cls: type[Message]) -> type[Message]:
    """Class decorator: register a message type under its ``TYPE``."""
    MESSAGE_TYPES[cls.TYPE] = cls
    return cls


# --- pairing (only on a connection whose client sent no certificate) ---------------------------
@message_type
@dataclass(frozen=True)
class PairRequest(Message):
    """Initiator -> responder: who I am and my certificate; starts a numeric-comparison pairing."""

    TYPE: ClassVar[str] = "pair_request"
    CHECKS: ClassVar[dict[str, Check]] = {
        "device_id": _DEVICE_ID,
        "name": _NAME,
        "protocol": integer(1, 1000),
        "certificate": text(4096),
    }
    device_id: str
    name: str
    protocol: int
    certificate: str


@message_type
@dataclass(frozen=True)
class PairCommit(Message):
    """Responder -> initiator: its identity and a commitment to its nonce, sent before seeing ours."""

    TYPE: ClassVar[str] = "pair_commit"
    CHECKS: ClassVar[dict[str, Check]] = {
        "device_id": _DEVICE_ID,
        "name": _NAME,
        "certificate": text(4096),
        "commitment": hex_digest(64),
    }
    device_id: str
    name: str
    certificate: str
    commitment: str


@message_type
@dataclass(frozen=True)
class PairNonce(Message):
    """Each side's fresh 32-byte nonce, hex; the initiator's first."""

    TYPE: ClassVar[str] = "pair_nonce"
    CHECKS: ClassVar[dict[str, Check]] = {"nonce": hex_digest(64)}
    nonce: str


@message_type
@dataclass(frozen=True)
class PairConfirm(Message):
    """The user's answer on this side: the codes matched (accepted) or not."""

    TYPE: ClassVar[str] = "pair_confirm"
    CHECKS: ClassVar[dict[str, Check]] = {"accepted": boolean()}
    accepted: bool


# --- sessions (only on a mutually authenticated connection) ------------------------------------
@message_type
@dataclass(frozen=True)
class Hello(Message):
    """First message each way on an authenticated connection."""

    TYPE: ClassVar[str] = "hello"
    CHECKS: ClassVar[dict[str, Check]] = {
        "device_id": _DEVICE_ID,
        "name": _NAME,
        "protocol": integer(1, 1000),
        "capabilities": list_of(text(32), 16),
    }
    device_id: str
    name: str
    protocol: int
    capabilities: tuple[str, ...]


@message_type
@dataclass(frozen=True)
class Sessions(Message):
    """The sender's active sessions, sent after hello and whenever they change (an offer to take)."""

    TYPE: ClassVar[str] = "sessions"
    CHECKS: ClassVar[dict[str, Check]] = {"sessions": list_of(_SESSION, MAX_SESSIONS)}
    SESSION_FIELDS: ClassVar[tuple[str, ...]] = ("sessions",)
    sessions: tuple[HandoffSession, ...]


@message_type
@dataclass(frozen=True)
class Transfer(Message):
    """Hand a session to the receiver; it is the receiver's once it answers ``ack``."""

    TYPE: ClassVar[str] = "transfer"
    CHECKS: ClassVar[dict[str, Check]] = {"session": _SESSION, "reason": _REASON}
    SESSION_FIELDS: ClassVar[tuple[str, ...]] = ("session",)
    session: HandoffSession
    reason: str


@message_type
@dataclass(frozen=True)
class Take(Message):
    """Ask the receiver to give up one of its sessions; it answers ``ack`` carrying it, or ``nack``."""

    TYPE: ClassVar[str] = "take"
    CHECKS: ClassVar[dict[str, Check]] = {"session_id": text(64, min_len=1), "reason": _REASON}
    session_id: str
    reason: str


@message_type
@dataclass(frozen=True)
class Ack(Message):
    """Yes to the request numbered ``ref``; for ``take``, the session as it stands now."""

    TYPE: ClassVar[str] = "ack"
    CHECKS: ClassVar[dict[str, Check]] = {"ref": integer(1, _SEQ_MAX), "session": optional(_SESSION)}
    SESSION_FIELDS: ClassVar[tuple[str, ...]] = ("session",)
    OPTIONAL_FIELDS: ClassVar[tuple[str, ...]] = ("session",)
    ref: int
    session: HandoffSession | None = None


@message_type
@dataclass(frozen=True)
class Nack(Message):
    """No to the request numbered ``ref``, with a reason a user can read."""

    TYPE: ClassVar[str] = "nack"
    CHECKS: ClassVar[dict[str, Check]] = {"ref": integer(1, _SEQ_MAX), "reason": text(200)}
    ref: int
    reason: str


@message_type
@dataclass(frozen=True)
class Control(Message):
    """Play, pause, skip, go back or seek the track ``session_id`` that the receiver holds.

    Only to a peer whose ``hello`` names ``media_control``. The receiver applies it, sends its
    ``sessions`` (the track's new state, to every peer) and then answers ``ack``, or ``nack`` with
    the reason (no such track, nothing queued after it). ``position_s`` comes with ``seek`` only.
    """

    TYPE: ClassVar[str] = "control"
    CHECKS: ClassVar[dict[str, Check]] = {
        "session_id": text(64, min_len=1),
        "action": choice(*MEDIA_ACTIONS),
        "position_s": number(0.0, MAX_SEEK_S),
    }
    OPTIONAL_FIELDS: ClassVar[tuple[str, ...]] = ("position_s",)
    CAPABILITY: ClassVar[str] = MEDIA_CONTROL_CAPABILITY
    session_id: str
    action: str
    position_s: float | None = None

    def __post_init__(self) -> None:
        # Checked where the message is made, so a received one and a sent one obey the same rule.
        if (self.action == "seek") != (self.position_s is not None):
            need = "seek needs position_s" if self.action == "seek" else f"{self.action} takes no position_s"
            raise SchemaError(f"control.position_s: {need}")


PAIRING_TYPES = frozenset({"pair_request", "pair_commit", "pair_nonce", "pair_confirm"})
SESSION_TYPES = frozenset(MESSAGE_TYPES) - PAIRING_TYPES


def _wire_value(value: Any, now: float) -> Any:
    if isinstance(value, HandoffSession):
        return value.to_wire(now)
    if isinstance(value, tuple):
        return [_wire_value(v, now) for v in value]
    return value


def encode(message: Message, seq: int, now: float) -> bytes:
    """One frame (header + JSON) for ``message`` numbered ``seq``; ValueError if over 64 KiB."""
    document = {"type": message.TYPE, "seq": seq}
    for f in fields(message):
        value = getattr(message, f.name)
        if value is None and f.name in message.OPTIONAL_FIELDS:
            continue  # left out rather than null: what a receiver expects of an optional field
        document[f.name] = _wire_value(value, now)
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(payload) > MAX_MESSAGE_BYTES:
        raise ValueError(f"{message.TYPE} message of {len(payload)} bytes is over the 64 KiB limit")
    return len(payload).to_bytes(HEADER_BYTES, "big") + payload


def frame_length(header: bytes) -> int:
    """The payload length announced by a frame header; ProtocolError if it is over the limit."""
    length = int.from_bytes(header, "big")
    if length > MAX_MESSAGE_BYTES:
        raise SchemaError(f"a message of {length} bytes is over the 64 KiB limit")
    if length == 0:
        raise SchemaError("an empty message")
    return length


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check_all_text(value: Any, where: str) -> None:
    """Every string in a received document (keys too) is clean text, whatever field it is in.

    The per-field checks say what each field may hold; this sweep makes sure that no field, not
    even one a later protocol version adds with a looser check, lets a lone surrogate or a control
    character through (see ``schema.check_text``).
    """
    if isinstance(value, str):
        check_text(where, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(f"{where} (a field name)", key)
            _check_all_text(item, f"{where}.{key}"[:120])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_all_text(item, f"{where}[{index}]")


def decode(payload: bytes, now: float) -> tuple[int, Message]:
    """Parse and validate one frame's payload into ``(seq, message)``; SchemaError says what is wrong."""
    try:
        document = json.loads(payload.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SchemaError(f"malformed message: {exc}") from None
    if not isinstance(document, dict):
        raise SchemaError("malformed message: not a JSON object")
    kind = document.get("type")
    if not isinstance(kind, str) or (cls := MESSAGE_TYPES.get(kind)) is None:
        raise SchemaError(f"unknown message type {ascii(kind)[:40]}")
    _check_all_text(document, kind)
    seq = integer(1, _SEQ_MAX)(f"{kind}.seq", document.get("seq"))
    extra = set(document) - set(cls.CHECKS) - {"type", "seq"}
    if extra:
        raise SchemaError(f"{kind}: unexpected field(s) {', '.join(sorted(extra))[:100]}")
    values: dict[str, Any] = {}
    for name, check in cls.CHECKS.items():
        if name not in document:
            if name in cls.OPTIONAL_FIELDS:
                values[name] = None
                continue
            raise SchemaError(f"{kind}.{name}: missing")
        values[name] = check(f"{kind}.{name}", document[name])
    for name in cls.SESSION_FIELDS:
        value = values[name]
        if isinstance(value, tuple):
            values[name] = tuple(session_from_wire(v, now) for v in value)
        elif value is not None:
            values[name] = session_from_wire(value, now)
    return seq, cls(**values)
