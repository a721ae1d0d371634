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


def text(max_len: int, pattern: str | None = None, min_len: int = 0) -> Check:
    """A string of at most ``max_len`` characters without control characters, optionally a regex."""
    compiled = re.compile(pattern) if pattern else None

    def check(where: str, value: Any) -> str:
        if not isinstance(value, str):
            raise SchemaError(f"{where}: expected a string")
        if not min_len <= len(value) <= max_len:
            raise SchemaError(f"{where}: length {len(value)} outside {min_len}..{max_len}")
        if any(ord(c) < 32 and c not in "\n" for c in value):
            raise SchemaError(f"{where}: control characters are not allowed")
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
