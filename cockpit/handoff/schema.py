"""Small explicit validators for JSON received from a peer: types, ranges, lengths, no surprises.

Each validator is ``check(where, value) -> value`` and raises SchemaError naming the field
(``media.position_s: expected a number``). No eval, no reflection on peer-supplied names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from cockpit.handoff.errors import ProtocolError

Check = Callable[[str, Any], Any]


class SchemaError(ProtocolError):
    """A received message does not match the schema; the text names the field."""


#: What no received string may hold: C0 controls but newline, DEL, C1 controls, and lone UTF-16
#: surrogates. JSON lets a peer write "\ud83d" (valid JSON, not valid Unicode text): such a string
#: could be stored but never encoded again, so it is refused here, where every string enters.
_FORBIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(where: str, value: str) -> str:
    """``value`` if it is clean text (see _FORBIDDEN), else SchemaError naming ``where``.

    The one place that decides what text a peer may send; every ``text()`` field and every
    session field goes through it, so a new message or session field is covered by using ``text()``.
    """
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        code = ord(bad.group())
        what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "control characters"
        raise SchemaError(f"{where}: {what} (U+{code:04X}) not allowed")
    return value


def text(max_len: int, pattern: str | None = None, min_len: int = 0) -> Check:
    """A string of ``min_len``..``max_len`` characters of clean text (``check_text``), optionally a regex."""
    compiled = re.compile(pattern) if pattern else None

    def check(where: str, value: Any) -> str:
        if not isinstance(value, str):
            raise SchemaError(f"{where}: expected a string")
        if not min_len <= len(value) <= max_len:
            raise SchemaError(f"{where}: length {len(value)} outside {min_len}..{max_len}")
        check_text(where, value)
        if compiled and not compiled.fullmatch(value):
            raise SchemaError(f"{where}: not of the expected form")
        return value

    return check


def hex_digest(length: int) -> Check:
    """Lowercase hex of exactly ``length`` characters."""
    return text(length, f"[0-9a-f]{{{length}}}", min_len=length)


def number(low: float, high: float) -> Check:
    """A finite JSON number (int or float, not bool) in ``low..high``, returned as float."""

    def check(where: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(f"{where}: expected a number")
        if not math.isfinite(value) or not low <= value <= high:
            raise SchemaError(f"{where}: {value!r} outside {low}..{high}")
        return float(value)

    return check


def integer(low: int, high: int) -> Check:
    """A JSON integer (not bool) in ``low..high``."""

    def check(where: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(f"{where}: expected an integer")
        if not low <= value <= high:
            raise SchemaError(f"{where}: {value} outside {low}..{high}")
        return value

    return check


def boolean() -> Check:
    """true or false."""

    def check(where: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise SchemaError(f"{where}: expected true or false")
        return value

    return check


def choice(*allowed: str) -> Check:
    """One of the given strings."""

    def check(where: str, value: Any) -> str:
        if value not in allowed:
            raise SchemaError(f"{where}: expected one of {', '.join(allowed)}")
        return value

    return check


def list_of(item: Check, max_items: int) -> Check:
    """A JSON array of at most ``max_items`` items, each checked, returned as a tuple."""

    def check(where: str, value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise SchemaError(f"{where}: expected an array")
        if len(value) > max_items:
            raise SchemaError(f"{where}: more than {max_items} items")
        return tuple(item(f"{where}[{i}]", v) for i, v in enumerate(value))

    return check


def optional(inner: Check) -> Check:
    """``inner`` or null."""

    def check(where: str, value: Any) -> Any:
        return None if value is None else inner(where, value)

    return check


def any_object(max_keys: int) -> Check:
    """A JSON object (validated later by its owner, e.g. a session kind)."""

    def check(where: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict) or len(value) > max_keys:
            raise SchemaError(f"{where}: expected an object of at most {max_keys} fields")
        return value

    return check
