"""Loading a DBC with cantools, with errors that name the file, the line and the fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import cantools
from cantools.database.can import Database, Message

from cockpit.errors import DbcError

# Labels in a value table that real DBCs use for "signal not available" raw values.
NOT_AVAILABLE_LABELS = frozenset({"SNA", "NA", "N/A", "NOT_AVAILABLE", "NOTAVAILABLE", "UNAVAILABLE", "INVALID"})

_LINE = re.compile(r"line (\d+)")


def load_dbc(path: str | Path, strict: bool = True) -> Database:
    """Load a DBC file; raise DbcError naming the file, the line and the problem.

    ``strict`` refuses signals that overlap or do not fit their message, as a decoder should.
    """
    path = Path(path)
    if not path.is_file():
        raise DbcError(f"{path}: no such DBC file; pass an existing file with --dbc")
    try:
        text = path.read_text(encoding="cp1252")  # DBC files are traditionally cp1252, like Vector's tools
    except OSError as exc:
        raise DbcError(f"{path}: cannot read the DBC ({exc.strerror})") from None
    try:
        database = cantools.database.load_string(text, database_format="dbc", strict=strict)
    except Exception as exc:  # noqa: BLE001 - cantools raises several unrelated types here
        raise DbcError(_explain(path, text, exc)) from None
    assert isinstance(database, Database)  # the "dbc" format always loads a CAN database
    if not database.messages:
        raise DbcError(f"{path}: the DBC defines no messages (BO_ lines); is it the right file?")
    return database


def _explain(path: Path, text: str, exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    line = getattr(cause, "line", None)
    message = str(cause).strip().strip('"')
    if message.startswith("DBC: "):
        message = message[5:].strip('"')
    if line is None:
        match = _LINE.search(message)
        line = int(match.group(1)) if match else None
    if line is None:
        # "The signal X does not fit in message Y." names no line; find the signal's SG_ line.
        names = re.findall(r"(?:signal|message) (\w+)", message)
        for number, content in enumerate(text.splitlines(), start=1):
            if names and re.search(rf"\b(SG_|BO_ \d+)\s+{re.escape(names[0])}\b", content):
                line = number
                break
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: cannot load the DBC: {message}"


def cycle_time_s(message: Message) -> float | None:
    """The message's cycle time in seconds from ``GenMsgCycleTime``, or None when not declared."""
    cycle = message.cycle_time
    if cycle:
        return cycle / 1000.0
    return None


def not_available_raws(signal: Any) -> frozenset[int]:
    """Raw values that a signal's value table labels as "not available" (SNA)."""
    choices = signal.choices or {}
    return frozenset(int(raw) for raw, label in choices.items()
                     if str(label).strip().upper() in NOT_AVAILABLE_LABELS)


def physical_range(signal: Any) -> tuple[float | None, float | None]:
    """The signal's valid physical range from the DBC; (None, None) when not declared (or [0|0])."""
    low, high = signal.minimum, signal.maximum
    if low == 0 and high == 0:
        return None, None
    return low, high
