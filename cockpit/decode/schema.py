"""A vehicle schema: a DBC and its VSS mapping, checked against each other and compiled for decoding.

Everything the decoder needs per frame is worked out here once, at start: which messages carry
mapped signals, their cycle times and E2E protection, and for each mapped signal a small function
from raw value to VSS value (not-available values, range, scaling, transform, datatype).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from cantools.database.can import Database, Message

from cockpit import resources
from cockpit.decode.dbc import (
    LoadedDbc,
    cycle_time_s,
    frame_format,
    load_dbc_file,
    not_available_raws,
    physical_range,
)
from cockpit.decode.e2e import E2EProtection
from cockpit.decode.mapping import MappingEntry, load_mapping
from cockpit.errors import MappingError
from cockpit.signals.availability import not_available_spec
from cockpit.signals.store import SignalSpec

DEFAULT_STALE_FACTOR = 3.0
DEFAULT_TIMEOUT_S = 5.0  # for messages whose DBC declares no cycle time, until the rate is learnt
EXTENDED_ID_FLAG = 1 << 31  # keys extended ids apart from standard ones in one dict

# A converter turns a raw value into the VSS value, or into an ``Invalid`` that says why not.
Converter = Callable[[Any], Any]

_INT_TYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
_FLOAT_TYPES = frozenset({"float", "double"})


def frame_key(arbitration_id: int, is_extended_id: bool) -> int:
    """The lookup key of a frame id (extended ids are flagged so they never meet standard ones)."""
    return arbitration_id | EXTENDED_ID_FLAG if is_extended_id else arbitration_id


@dataclass(frozen=True)
class SignalTarget:
    """One mapped DBC signal of a message: where it goes and how its raw value becomes a VSS value."""

    signal: str
    path: str
    convert: Converter
    interval_s: float


@dataclass
class MessagePlan:
    """What the decoder does with one frame id, worked out at start."""

    message: Message
    key: int
    length: int
    is_fd: bool | None  # None: the DBC does not say, either frame kind is accepted
    cycle_s: float | None  # None: the DBC declares none, the decoder learns the rate
    timeout_s: float
    e2e: FrameProtection | None
    targets: list[SignalTarget] = field(default_factory=list)

    @property
    def lengths(self) -> frozenset[int]:
        """Payload lengths a frame of this message may have (a CAN FD frame pads to its DLC's size)."""
        return (
            frozenset({self.length, fd_frame_size(self.length)})
            if self.is_fd is not False
            else frozenset({self.length})
        )


class FrameProtection(Protocol):
    """A message's checksum and counter rule: our E2E profile, or a brand's (cockpit.cars)."""

    # Read-only (properties), so that a frozen dataclass with a narrower field type also fits.
    @property
    def message_name(self) -> str:
        """The DBC message it protects."""

    @property
    def counter_signal(self) -> str | None:
        """The alive counter's signal, or None when the message has no counter."""

    @property
    def counter_modulo(self) -> int:
        """The counter wraps to 0 at this value."""

    @property
    def max_delta(self) -> int:
        """The largest counter step accepted (1: every frame is the last one plus one)."""

    def crc_ok(self, data: bytes | bytearray) -> bool:
        """True when the payload's checksum matches its content (True when it has none)."""


# A car profile's rule: the protection of a message (from its DBC), or None.
ProtectionRule = Callable[[Message, "LoadedDbc"], "FrameProtection | None"]

_FD_SIZES = (8, 12, 16, 20, 24, 32, 48, 64)


def fd_frame_size(length: int) -> int:
    """The size of the CAN FD frame that carries ``length`` payload bytes (0 to 8 need no padding)."""
    if length <= 8:
        return length
    return next((size for size in _FD_SIZES if size >= length), length)


def _default_protection(message: Message, loaded: LoadedDbc) -> FrameProtection | None:
    return E2EProtection.from_message(message)


@dataclass
class VehicleSchema:
    """DBC(s) with their VSS mapping, validated against each other and compiled for the decoder.

    ``warnings`` are the DBC problems that touch mapped signals and the mapped signals that the DBCs
    do not define; ``unavailable`` maps each such VSS path to why it is "not available on this car".
    """

    db: Database  # the first DBC (most schemas have one)
    dbc_path: Path
    mapping_path: Path
    entries: list[MappingEntry]
    plans: dict[int, MessagePlan]
    specs: dict[str, SignalSpec]
    stale_factor: float
    dbcs: list[LoadedDbc] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)

    @property
    def messages(self) -> list[Message]:
        """Every message of every DBC of this schema."""
        return (
            [message for loaded in self.dbcs for message in loaded.database.messages]
            if self.dbcs
            else list(self.db.messages)
        )

    def signal_specs(self) -> list[SignalSpec]:
        """Every mapped VSS signal, for ``SignalStore(schema.signal_specs())``."""
        return list(self.specs.values())

    def message_for_path(self, path: str) -> Message:
        """The DBC message that carries VSS signal ``path`` (the first, when several do)."""
        for plan in self.plans.values():
            if any(target.path == path for target in plan.targets):
                return plan.message
        raise KeyError(f"no mapped message carries {path!r}")


def _as_loaded(source: Any) -> LoadedDbc:
    if isinstance(source, LoadedDbc):
        return source
    return load_dbc_file(source)


def load_vehicle_schema(
    dbc_path: Any = None,
    mapping_path: str | Path | list[MappingEntry] | None = None,
    stale_factor: float = DEFAULT_STALE_FACTOR,
    default_timeout: float = DEFAULT_TIMEOUT_S,
    protection: ProtectionRule | None = None,
    check_ranges: bool = True,
) -> VehicleSchema:
    """Load and cross-check DBC(s) and a KUKSA mapping (default: the reference vehicle).

    ``dbc_path`` is one DBC (a path or a :class:`LoadedDbc`) or a list of them describing one bus.
    ``protection`` gives each message's checksum and counter rule (default: the DBC's E2E attributes).
    ``check_ranges=False`` ignores the DBC's [min|max] (opendbc keeps none reliably, and its parser
    checks none).
    Raises DbcError or MappingError naming the file and line of a problem that stops decoding; a
    mapped signal no DBC defines is a warning, and its VSS path is "not available on this car".
    """
    sources = list(dbc_path) if isinstance(dbc_path, (list, tuple)) else [dbc_path] if dbc_path else []
    if not sources:
        sources = [resources.reference_dbc()]
    if isinstance(mapping_path, list):
        entries = mapping_path  # already read (a car profile's mapping)
        mapping = entries[0].file if entries else Path("mapping")
    else:
        mapping = Path(mapping_path) if mapping_path else resources.reference_mapping()
        entries = None
    if stale_factor <= 1.0:
        raise MappingError(
            f"stale factor {stale_factor} must be greater than 1 (a signal is stale after "
            "that many cycle times without an update); 3 is usual"
        )
    dbcs = [_as_loaded(source) for source in sources]
    if entries is None:
        entries = load_mapping(mapping)
    protection = protection or _default_protection
    dbc_names = " + ".join(Path(loaded.source).name for loaded in dbcs)
    warnings: list[str] = []

    # A signal name can be in several messages (and several DBCs): it is fed from every one, as
    # KUKSA's provider does. "Message.Signal" in a mapping picks one.
    signal_owners: dict[str, list[tuple[Message, Any, LoadedDbc]]] = {}
    message_ids: dict[int, str] = {}
    for loaded in dbcs:
        for message in loaded.database.messages:
            key = frame_key(message.frame_id, message.is_extended_frame)
            if key in message_ids:
                warnings.append(
                    f"{loaded.source}: message {message.name} (0x{message.frame_id:X}) has the id "
                    f"of {message_ids[key]} in an earlier DBC of the same bus; the first is used"
                )
                continue
            message_ids[key] = message.name
            for signal in message.signals:
                owner = (message, signal, loaded)
                signal_owners.setdefault(signal.name, []).append(owner)
                signal_owners.setdefault(f"{message.name}.{signal.name}", []).append(owner)
    problems_by_signal: dict[str, list[str]] = {}
    for loaded in dbcs:
        for problem in loaded.problems:
            for name in problem.signals:
                problems_by_signal.setdefault(name, []).append(str(problem))

    plans: dict[int, MessagePlan] = {}
    specs: dict[str, SignalSpec] = {}
    unavailable: dict[str, str] = {}
    for entry in entries:
        owners = signal_owners.get(entry.signal)
        if not owners:
            near = difflib.get_close_matches(entry.signal, [n for n in signal_owners if "." not in n], n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            reason = f"not available on this car: {dbc_names} does not define signal {entry.signal!r}"
            warnings.append(
                f"{entry.where}: {entry.path} maps DBC signal {entry.signal!r}, which {dbc_names} "
                f"does not define{hint}; {entry.path} is not available on this car"
            )
            unavailable[entry.path] = reason
            specs.setdefault(entry.path, not_available_spec(entry.path, reason, entry.unit, entry.datatype))
            continue
        for message, signal, loaded in owners:
            for described in problems_by_signal.get(f"{message.name}.{signal.name}", ()):
                warnings.append(f"{described} (it feeds {entry.path})")
            key = frame_key(message.frame_id, message.is_extended_frame)
            plan = plans.get(key)
            if plan is None:
                cycle = cycle_time_s(message)
                plan = plans[key] = MessagePlan(
                    message=message,
                    key=key,
                    length=message.length,
                    is_fd=frame_format(message, loaded.frame_format_declared),
                    cycle_s=cycle,
                    timeout_s=cycle * stale_factor if cycle else default_timeout,
                    e2e=protection(message, loaded),
                )
            plan.targets.append(
                SignalTarget(
                    signal.name,
                    entry.path,
                    _converter(entry, signal, check_ranges),
                    _throttle_s(entry, plan.cycle_s),
                )
            )
            timeout = plan.timeout_s
            if signal.multiplexer_ids:
                # A multiplexed signal comes once per round of the multiplexer, not once per frame.
                timeout *= _multiplexer_rounds(message)
            spec = specs.get(entry.path)
            if spec is None or spec.source == "":
                unit = entry.unit if entry.unit is not None else (signal.unit or None)
                specs[entry.path] = SignalSpec(
                    path=entry.path,
                    unit=unit,
                    datatype=entry.datatype,
                    description=entry.description or (signal.comment or ""),
                    timeout=timeout,
                    allowed=entry.allowed,
                    source=f"{message.name}.{signal.name}",
                )
                unavailable.pop(entry.path, None)
            elif spec.timeout is not None and timeout > spec.timeout:
                # Fed by several messages: stale only when the slowest of them has gone quiet.
                specs[entry.path] = replace(
                    spec, timeout=timeout, source=f"{spec.source}, {message.name}.{signal.name}"
                )
            else:
                specs[entry.path] = replace(spec, source=f"{spec.source}, {message.name}.{signal.name}")
    return VehicleSchema(
        dbcs[0].database,
        Path(dbcs[0].source),
        mapping,
        entries,
        plans,
        specs,
        stale_factor,
        dbcs=dbcs,
        warnings=list(dict.fromkeys(warnings)),
        unavailable=unavailable,
    )


def _throttle_s(entry: MappingEntry, cycle_s: float | None) -> float:
    """The minimum time between value updates that ``interval_ms`` asks for, in seconds.

    KUKSA's provider throttles to 1 s unless told otherwise, so mappings often set ``interval_ms``
    to the message's own cycle time. Throttling at the cycle time would only hold back frames that
    arrive a little early (bus jitter) by a whole cycle, so an interval up to 1.5 cycles is ignored.
    """
    interval = entry.interval_ms / 1000.0
    if cycle_s is not None and interval <= 1.5 * cycle_s:
        return 0.0
    return interval


def _multiplexer_rounds(message: Message) -> int:
    """How many frames one round of a multiplexed message takes (the number of multiplexer values)."""
    values = {mux for signal in message.signals for mux in (signal.multiplexer_ids or ())}
    return max(1, len(values))


class Invalid:
    """What a converter returns for a raw value that must not be shown: carries the reason."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Invalid({self.reason!r})"


def _coercer(datatype: str | None) -> Callable[[Any], Any] | None:
    if datatype == "boolean":
        return bool
    if datatype in _INT_TYPES:
        return lambda value: round(value)
    if datatype in _FLOAT_TYPES:
        return float
    if datatype == "string":
        return str
    return None


def _converter(entry: MappingEntry, signal: Any, check_ranges: bool = True) -> Converter:
    """Build the raw -> VSS value function of one mapping entry.

    The function returns the VSS value, or an ``Invalid`` carrying the reason. It is on the hot path
    (once per mapped signal per frame), so each case gets its own flat closure.
    """
    conversion = signal.conversion
    scale, offset = conversion.scale, conversion.offset
    identity = scale == 1 and offset == 0
    low, high = physical_range(signal) if check_ranges else (None, None)
    not_available = not_available_raws(signal)
    choices = {int(raw): str(label) for raw, label in (signal.choices or {}).items()}
    coerce = _coercer(entry.datatype)
    name = signal.name
    is_float = bool(getattr(signal, "is_float", False))

    if entry.value_map is not None:
        by_raw: dict[Any, Any] = {}
        labels: dict[str, list[int]] = {}
        for raw, label in choices.items():
            labels.setdefault(label, []).append(raw)  # real value tables repeat labels (VW: 8 "D", 9 "D")
        for source, target in entry.value_map:
            if isinstance(source, str):
                if source not in labels:
                    known = ", ".join(sorted(labels)) or "none: the signal has no value table"
                    raise MappingError(
                        f"{entry.where}: {entry.path}: transform.mapping 'from: {source}' "
                        f"is not a value of DBC signal {signal.name} (values: {known})"
                    )
                for raw in labels[source]:
                    by_raw[raw] = target
            else:
                # A number is the signal's physical value; keep it keyed by the raw value it comes from.
                raw = (float(source) - offset) / scale if scale else source
                by_raw[round(raw) if abs(raw - round(raw)) < 1e-6 else raw] = target

        def to_vss(raw: Any) -> Any:
            value = by_raw.get(raw, by_raw)
            if value is by_raw:
                return Invalid(f"{name} = {choices.get(raw, raw)} has no transform.mapping entry")
            return value
    elif entry.math is not None:
        transform = entry.math
        source = entry.math_source
        post = coerce or (lambda value: value)

        def to_vss(raw: Any) -> Any:
            try:
                return post(transform(raw * scale + offset))
            except (ArithmeticError, ValueError, TypeError) as exc:
                return Invalid(f"transform.math {source!r} failed: {exc}")
    elif choices and entry.datatype == "string":

        def to_vss(raw: Any) -> Any:
            label = choices.get(raw)
            return label if label is not None else str(raw * scale + offset)
    elif coerce is None or coerce is float:
        to_vss = (lambda raw: raw) if identity and coerce is None else (lambda raw: raw * scale + offset)
    else:
        post_coerce = coerce

        def to_vss(raw: Any) -> Any:
            return post_coerce(raw * scale + offset)

    if is_float:
        # An IEEE float signal can carry NaN (or infinity): a number that is no value.
        checked_float = to_vss if not not_available and low is None and high is None else None

        def finite(raw: Any) -> Any:
            if not math.isfinite(raw):
                return Invalid(f"{name} = {raw} is not a number")
            return checked_float(raw) if checked_float is not None else checked(raw)

    if not not_available and low is None and high is None:
        return finite if is_float else to_vss

    # The range is checked on the raw value, computed once here (scale may be negative).
    # Floating-point scaling can land a hair outside a range edge, so allow half a raw step.
    raw_low, raw_high = float("-inf"), float("inf")
    if scale:
        edges = [(bound - offset) / scale for bound in (low, high) if bound is not None]
        if low is not None and high is not None:
            raw_low, raw_high = min(edges) - 0.5, max(edges) + 0.5
        elif low is not None:
            raw_low, raw_high = (edges[0] - 0.5, raw_high) if scale > 0 else (raw_low, edges[0] + 0.5)
        elif high is not None:
            raw_low, raw_high = (raw_low, edges[0] + 0.5) if scale > 0 else (edges[0] - 0.5, raw_high)
        # neither bound: only the not-available values are checked

    def checked(raw: Any) -> Any:
        if raw in not_available:
            label = choices.get(raw)
            return Invalid(f"{name} not available (raw {raw}{f' {label}' if label else ''})")
        if raw < raw_low or raw > raw_high:
            return Invalid(f"{name} = {raw * scale + offset:g} outside its range [{low}, {high}]")
        return to_vss(raw)

    return finite if is_float else checked
