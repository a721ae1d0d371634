"""Loading a DBC with cantools: any encoding, strict where it can be, lax where it must.

Real DBCs are imperfect (overlapping signals, extended ids written without their flag, a value table
for a signal that is not there, a comment with a typo). A user's DBC should load all the same, with
each problem reported once as ``file:line: what is wrong; what it means for the signals``:

1. strict cantools load; if it passes there is nothing to report;
2. otherwise the text is repaired where the intent is plain (an id above 0x7FF is extended; a
   ``VAL_`` for an unknown signal or a statement that does not parse is dropped) and loaded with
   ``strict=False``; every repair and every overlapping or misfitting signal becomes a
   :class:`DbcProblem`.

Only a file that still cannot be read raises DbcError, naming the file, the line and the problem.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cantools
from cantools.database.can import Database, Message

from cockpit.errors import DbcError

log = logging.getLogger(__name__)

_LINE = re.compile(r"line (\d+)")
_MAX_REPAIRS = 200  # a file needing more is not a DBC with a few slips
_REPORTED: set[str] = set()  # problems already logged in this process: each is reported once


@dataclass(frozen=True)
class DbcProblem:
    """One thing wrong in a DBC that was loaded all the same, and what it means for its signals."""

    file: str
    line: int | None
    problem: str
    consequence: str
    signals: tuple[str, ...] = ()  # the signals it concerns ("Message.Signal"), for the schema

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.problem}; {self.consequence}"


@dataclass
class LoadedDbc:
    """A loaded DBC with where it came from, how it was read and what was wrong with it."""

    database: Database
    source: str  # the file name (or the opendbc name of a generated DBC)
    encoding: str
    strict: bool  # True when cantools' strict load passed
    problems: list[DbcProblem] = field(default_factory=list)
    frame_format_declared: bool = False  # the DBC declares VFrameFormat (CAN FD or classic per message)


def read_dbc_text(path: Path) -> tuple[str, str]:
    """The DBC's text and the encoding it was in: UTF-8 when it decodes as such, else cp1252.

    Vector's tools write cp1252; opendbc and many generators write UTF-8. A UTF-8 file read as
    cp1252 shows ``Â°C``; a cp1252 file is almost never valid UTF-8, so trying UTF-8 first is safe.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DbcError(f"{path}: cannot read the DBC ({exc.strerror})") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 reads them rather than refusing the file.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _load_string(text: str, strict: bool) -> Database:
    """cantools' ``load_string`` for the "dbc" format, which always gives a CAN database."""
    database = cantools.database.load_string(text, database_format="dbc", strict=strict)
    assert isinstance(database, Database)
    return database


def load_dbc(path: str | Path, strict: bool = True) -> Database:
    """Load a DBC file; raise DbcError naming the file, the line and the problem.

    ``strict`` refuses signals that overlap or do not fit their message; ``strict=False`` loads what
    can be loaded (see :func:`load_dbc_file` for the problems found).
    """
    if strict:
        path = Path(path)
        if not path.is_file():
            raise DbcError(f"{path}: no such DBC file; pass an existing file with --dbc")
        text, _ = read_dbc_text(path)
        try:
            database = _load_string(text, strict=True)
        except Exception as exc:  # noqa: BLE001 - cantools raises several unrelated types here
            raise DbcError(_explain(str(path), text, exc)) from None
        if not database.messages:
            raise DbcError(f"{path}: the DBC defines no messages (BO_ lines); is it the right file?")
        return database
    return load_dbc_file(path).database


def load_dbc_file(path: str | Path) -> LoadedDbc:
    """Load a DBC file strictly if it can be, laxly if it must (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise DbcError(f"{path}: no such DBC file; pass an existing file with --dbc")
    text, encoding = read_dbc_text(path)
    return load_dbc_text(text, str(path), encoding)


def load_dbc_text(
    text: str, source: str, encoding: str = "utf-8", report: int = logging.WARNING
) -> LoadedDbc:
    """Load DBC ``text`` (named ``source`` in messages), strict if it can be, lax if it must.

    Each problem is logged once at level ``report`` (a car profile's known DBCs log theirs at INFO;
    the ones that touch mapped signals come back as the schema's warnings).
    """
    try:
        database = _load_string(text, strict=True)
        loaded = LoadedDbc(database, source, encoding, strict=True)
    except Exception as exc:  # noqa: BLE001 - cantools raises several unrelated types here
        loaded = _load_lax(text, source, encoding, exc)
    if not loaded.database.messages:
        raise DbcError(f"{source}: the DBC defines no messages (BO_ lines); is it the right file?")
    loaded.frame_format_declared = "VFrameFormat" in (
        loaded.database.dbc.attribute_definitions if loaded.database.dbc else {}
    )
    if not loaded.strict:
        loaded.problems.extend(_overlaps(loaded.database, text, source))
    for problem in loaded.problems:
        text_of = str(problem)
        if text_of not in _REPORTED:
            _REPORTED.add(text_of)
            log.log(report, "%s", text_of)
    return loaded


def _load_lax(text: str, source: str, encoding: str, first_error: BaseException) -> LoadedDbc:
    lines = text.splitlines()
    problems: list[DbcProblem] = _flag_extended_ids(lines, source)
    error: BaseException = first_error
    for _ in range(_MAX_REPAIRS):
        try:
            database = _load_string("\n".join(lines), strict=False)
            return LoadedDbc(database, source, encoding, strict=False, problems=problems)
        except Exception as exc:  # noqa: BLE001
            error = exc
        repair = _repair(lines, source, error)
        if repair is None:
            break
        problems.append(repair)
    raise DbcError(_explain(source, "\n".join(lines), error)) from None


_BO_LINE = re.compile(r"^(\s*BO_\s+)(\d+)(\s+(\w+).*)$")


def _flag_extended_ids(lines: list[str], source: str) -> list[DbcProblem]:
    """Give every id above 0x7FF written without the extended flag its flag, in one pass (opendbc's VW
    MEB has a dozen; one cantools load per id would take seconds)."""
    problems = []
    for number, content in enumerate(lines):
        match = _BO_LINE.match(content)
        if not match:
            continue
        frame_id = int(match.group(2))
        if 0x7FF < frame_id < 0x20000000:
            lines[number] = f"{match.group(1)}{frame_id | 0x80000000}{match.group(3)}"
            problems.append(
                DbcProblem(
                    source,
                    number + 1,
                    f"message {match.group(4)} has id 0x{frame_id:X}, more than "
                    "11 bits, without the extended-id flag",
                    f"read as the 29-bit extended id 0x{frame_id:X}",
                )
            )
    return problems


_EXTENDED_IN_STANDARD = re.compile(
    r"Standard frame id 0x([0-9a-fA-F]+) is more than 11 bits in message (\w+)"
)
_UNUSED_VAL = re.compile(r"VAL_ (\d+) (\w+)")


def _repair(lines: list[str], source: str, exc: BaseException) -> DbcProblem | None:
    """Change ``lines`` so that the error ``exc`` goes away, and say what was done; None if it cannot."""
    message = _message(exc)
    found = _EXTENDED_IN_STANDARD.search(message)
    if found:
        frame_id, name = int(found.group(1), 16), found.group(2)
        for number, content in enumerate(lines):
            match = re.match(rf"(\s*BO_\s+){frame_id}(\s+{re.escape(name)}\b.*)", content)
            if match:
                lines[number] = f"{match.group(1)}{frame_id | 0x80000000}{match.group(2)}"
                return DbcProblem(
                    source,
                    number + 1,
                    f"message {name} has id 0x{frame_id:X}, more than 11 bits, without the extended-id flag",
                    f"read as the 29-bit extended id 0x{frame_id:X}",
                )
        return None
    if message.startswith("unused VAL_ entries"):
        dropped = 0
        for frame_id, signal in _UNUSED_VAL.findall(message):
            for number, content in enumerate(lines):
                if re.match(rf"\s*VAL_\s+{frame_id}\s+{re.escape(signal)}\b", content):
                    lines[number] = ""
                    dropped += 1
                    first = number + 1
        if not dropped:
            return None
        names = ", ".join(signal for _, signal in _UNUSED_VAL.findall(message))
        return DbcProblem(
            source,
            first if dropped == 1 else None,
            f"value table (VAL_) for signals no message defines: {names}",
            "the value tables are ignored; no signal is affected",
        )
    line = _line_of(exc, message)
    if (
        line is not None
        and 0 < line <= len(lines)
        and lines[line - 1].strip()
        and not lines[line - 1].strip().startswith(("BO_ ", "SG_ "))
    ):
        # A broken message or signal definition is refused: dropping it would change the frames.
        statement = lines[line - 1].strip()
        lines[line - 1] = ""
        # A statement can run over several lines (a comment); drop its continuation up to the ';'.
        number = line
        while (
            not statement.rstrip().endswith(";")
            and number < len(lines)
            and not _starts_statement(lines[number])
        ):
            statement = lines[number].strip()
            lines[number] = ""
            number += 1
        brief = message.split(":", 1)[-1].strip() if "Invalid syntax" in message else message
        return DbcProblem(
            source,
            line,
            f"cannot parse this statement ({brief[:120]})",
            "it is ignored; whatever it declared (a comment, an attribute, a value table) "
            "is missing from the signals it names",
        )
    return None


_KEYWORDS = (
    "BO_ ",
    "SG_ ",
    "CM_ ",
    "BA_",
    "VAL_ ",
    "VAL_TABLE_",
    "BU_",
    "EV_",
    "SIG_",
    "NS_",
    "BS_",
    "VERSION",
    "SG_MUL_VAL_",
    "BO_TX_BU_",
    "ENVVAR_DATA_",
)


def _starts_statement(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith(_KEYWORDS)


def _message(exc: BaseException) -> str:
    cause = exc.__cause__ or exc
    message = str(cause).strip().strip('"')
    if message.startswith("DBC: "):
        message = message[5:].strip('"')
    return message


def _line_of(exc: BaseException, message: str) -> int | None:
    cause = exc.__cause__ or exc
    line = getattr(cause, "line", None)
    if line is None:
        match = _LINE.search(message)
        line = int(match.group(1)) if match else None
    return line


def _explain(source: str, text: str, exc: BaseException) -> str:
    message = _message(exc)
    line = _line_of(exc, message)
    if line is None:
        line = _signal_line(text, re.findall(r"(?:signal|message) (\w+)", message))
    where = f"{source}:{line}" if line else source
    return f"{where}: cannot load the DBC: {message}"


def _signal_line(text: str, names: list[str]) -> int | None:
    """The line of the ``SG_``/``BO_`` that defines the first of ``names``."""
    if not names:
        return None
    pattern = re.compile(rf"\b(SG_|BO_ \d+)\s+{re.escape(names[0])}\b")
    for number, content in enumerate(text.splitlines(), start=1):
        if pattern.search(content):
            return number
    return None


def signal_bits(signal: Any, length_bytes: int) -> set[int]:
    """The payload bit positions (0 = bit 0 of byte 0, little-endian numbering) a signal occupies."""
    if signal.byte_order == "little_endian":
        return set(range(signal.start, signal.start + signal.length))
    bits = set()
    position = signal.start
    for _ in range(signal.length):
        bits.add(position)
        position = position - 1 if position % 8 else position + 15
    return bits


def _overlaps(database: Database, text: str, source: str) -> list[DbcProblem]:
    """Every pair of overlapping signals and every signal past its message's end, as problems."""
    problems = []
    for message in database.messages:
        size = message.length * 8
        placed: list[tuple[Any, set[int]]] = []
        for signal in message.signals:
            bits = signal_bits(signal, message.length)
            where = f"{message.name}.{signal.name}"
            if any(bit < 0 or bit >= size for bit in bits):
                problems.append(
                    DbcProblem(
                        source,
                        _signal_line(text, [signal.name]),
                        f"signal {signal.name} does not fit in the {message.length} bytes of message "
                        f"{message.name}",
                        f"{where} decodes from bits that are not in the frame and is shown invalid",
                        (where,),
                    )
                )
            for other, other_bits in placed:
                if bits & other_bits and _same_group(signal, other):
                    problems.append(
                        DbcProblem(
                            source,
                            _signal_line(text, [signal.name]),
                            f"signals {other.name} and {signal.name} overlap in message {message.name}",
                            "both are decoded as the DBC says, so at most one of them is right",
                            (f"{message.name}.{other.name}", where),
                        )
                    )
            placed.append((signal, bits))
    return problems


def _same_group(first: Any, second: Any) -> bool:
    """True when two signals can be in the same frame (not in different multiplexer groups)."""
    a, b = first.multiplexer_ids, second.multiplexer_ids
    if not a or not b or first.multiplexer_signal != second.multiplexer_signal:
        return True
    return bool(set(a) & set(b))


def frame_format(message: Message, frame_format_declared: bool) -> bool | None:
    """How a message travels: True CAN FD, False classic CAN, None either (the DBC does not say).

    Longer than 8 bytes is CAN FD whatever the DBC declares; a DBC with no ``VFrameFormat``
    attribute (opendbc's CAN FD DBCs have none) leaves short messages open to both frame kinds.
    """
    if message.is_fd or message.length > 8:
        return True
    return False if frame_format_declared else None


def cycle_time_s(message: Message) -> float | None:
    """The message's cycle time in seconds from ``GenMsgCycleTime``, or None when not declared."""
    cycle = message.cycle_time
    if cycle:
        return cycle / 1000.0
    return None


# "Signal not available" by explicit convention only: the label SNA (Tesla, Rivian, many OEMs write
# NAME_SNA), or the words "signal not available". Labels such as NA or INVALID are not taken to
# mean it: Model3CAN's GTW_rearLightType 0 "NA" is North America, and INVALID is often a real state.
_SNA_LABEL = re.compile(
    r"^(?:.*[_\s])?SNA$|^SIGNAL[_\s]NOT[_\s]AVAILABLE$|^NOT[_\s]AVAILABLE$", re.IGNORECASE
)


def is_not_available_label(label: str) -> bool:
    """True for a value-table label that says "signal not available" by an explicit convention."""
    return bool(_SNA_LABEL.match(str(label).strip()))


def not_available_raws(signal: Any) -> frozenset[int]:
    """Raw values that a signal's value table labels as "not available" (SNA)."""
    choices = signal.choices or {}
    return frozenset(int(raw) for raw, label in choices.items() if is_not_available_label(str(label)))


def physical_range(signal: Any) -> tuple[float | None, float | None]:
    """The signal's valid physical range from the DBC; (None, None) when not declared (or [0|0])."""
    low, high = signal.minimum, signal.maximum
    if low == 0 and high == 0:
        return None, None
    # A scaled signal whose "physical" range is exactly its raw range (opendbc's Nissan STEER_ANGLE,
    # scale -0.1, [0|65535]) declares nothing about physical values: it is not checked.
    scaled = signal.conversion.scale != 1 or signal.conversion.offset != 0
    if scaled and low == 0 and high in ((1 << signal.length) - 1, 1 << signal.length):
        return None, None
    return low, high
