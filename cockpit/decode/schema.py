"""A vehicle schema: a DBC and its VSS mapping, checked against each other and compiled for decoding.

Everything the decoder needs per frame is worked out here once, at start: which messages carry
mapped signals, their cycle times and E2E protection, and for each mapped signal a small function
from raw value to VSS value (not-available values, range, scaling, transform, datatype).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cantools.database.can import Database, Message

from cockpit import resources
from cockpit.decode.dbc import cycle_time_s, load_dbc, not_available_raws, physical_range
from cockpit.decode.e2e import E2EProtection
from cockpit.decode.mapping import MappingEntry, load_mapping
from cockpit.errors import MappingError
from cockpit.signals.store import SignalSpec

DEFAULT_STALE_FACTOR = 3.0
DEFAULT_TIMEOUT_S = 5.0  # for messages whose DBC declares no cycle time
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
    is_fd: bool
    cycle_s: float | None
    timeout_s: float
    e2e: E2EProtection | None
    targets: list[SignalTarget] = field(default_factory=list)


@dataclass
class VehicleSchema:
    """A DBC with its VSS mapping, validated against each other and compiled for the decoder."""

    db: Database
    dbc_path: Path
    mapping_path: Path
    entries: list[MappingEntry]
    plans: dict[int, MessagePlan]
    specs: dict[str, SignalSpec]
    stale_factor: float

    def signal_specs(self) -> list[SignalSpec]:
        """Every mapped VSS signal, for ``SignalStore(schema.signal_specs())``."""
        return list(self.specs.values())

    def message_for_path(self, path: str) -> Message:
        """The DBC message that carries VSS signal ``path``."""
        for plan in self.plans.values():
            if any(target.path == path for target in plan.targets):
                return plan.message
        raise KeyError(f"no mapped message carries {path!r}")


def load_vehicle_schema(
    dbc_path: str | Path | None = None,
    mapping_path: str | Path | None = None,
    stale_factor: float = DEFAULT_STALE_FACTOR,
    default_timeout: float = DEFAULT_TIMEOUT_S,
) -> VehicleSchema:
    """Load and cross-check a DBC and a KUKSA mapping (default: the reference vehicle).

    Raises DbcError or MappingError naming the file, line and signal at the first problem.
    """
    dbc = Path(dbc_path) if dbc_path else resources.reference_dbc()
    mapping = Path(mapping_path) if mapping_path else resources.reference_mapping()
    if stale_factor <= 1.0:
        raise MappingError(f"stale factor {stale_factor} must be greater than 1 (a signal is stale after "
                           "that many cycle times without an update); 3 is usual")
    db = load_dbc(dbc)
    entries = load_mapping(mapping)

    signal_owner: dict[str, tuple[Message, Any]] = {}
    for message in db.messages:
        for signal in message.signals:
            signal_owner.setdefault(signal.name, (message, signal))

    plans: dict[int, MessagePlan] = {}
    specs: dict[str, SignalSpec] = {}
    for entry in entries:
        owner = signal_owner.get(entry.signal)
        if owner is None:
            near = difflib.get_close_matches(entry.signal, signal_owner, n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else "; check the DBC passed with --dbc"
            raise MappingError(f"{entry.where}: {entry.path} maps DBC signal {entry.signal!r}, "
                               f"which {dbc.name} does not define{hint}")
        message, signal = owner
        key = frame_key(message.frame_id, message.is_extended_frame)
        plan = plans.get(key)
        if plan is None:
            cycle = cycle_time_s(message)
            plan = plans[key] = MessagePlan(
                message=message,
                key=key,
                length=message.length,
                is_fd=bool(message.is_fd),
                cycle_s=cycle,
                timeout_s=cycle * stale_factor if cycle else default_timeout,
                e2e=E2EProtection.from_message(message),
            )
        plan.targets.append(SignalTarget(signal.name, entry.path, _converter(entry, signal),
                                         _throttle_s(entry, plan.cycle_s)))
        if entry.path not in specs:
            unit = entry.unit if entry.unit is not None else (signal.unit or None)
            timeout = plan.timeout_s
            if signal.multiplexer_ids:
                # A multiplexed signal comes once per round of the multiplexer, not once per frame.
                timeout *= _multiplexer_rounds(message)
            specs[entry.path] = SignalSpec(
                path=entry.path,
                unit=unit,
                datatype=entry.datatype,
                description=entry.description or (signal.comment or ""),
                timeout=timeout,
                allowed=entry.allowed,
                source=f"{message.name}.{signal.name}",
            )
    return VehicleSchema(db, dbc, mapping, entries, plans, specs, stale_factor)


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


def _converter(entry: MappingEntry, signal: Any) -> Converter:
    """Build the raw -> VSS value function of one mapping entry.

    The function returns the VSS value, or an ``Invalid`` carrying the reason. It is on the hot path
    (once per mapped signal per frame), so each case gets its own flat closure.
    """
    conversion = signal.conversion
    scale, offset = conversion.scale, conversion.offset
    identity = scale == 1 and offset == 0
    low, high = physical_range(signal)
    not_available = not_available_raws(signal)
    choices = {int(raw): str(label) for raw, label in (signal.choices or {}).items()}
    coerce = _coercer(entry.datatype)
    name = signal.name

    if entry.value_map is not None:
        by_raw: dict[Any, Any] = {}
        labels = {label: raw for raw, label in choices.items()}
        for source, target in entry.value_map:
            if isinstance(source, str):
                if source not in labels:
                    known = ", ".join(sorted(labels)) or "none: the signal has no value table"
                    raise MappingError(f"{entry.where}: {entry.path}: transform.mapping 'from: {source}' "
                                       f"is not a value of DBC signal {signal.name} (values: {known})")
                by_raw[labels[source]] = target
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
        math = entry.math
        source = entry.math_source
        post = coerce or (lambda value: value)

        def to_vss(raw: Any) -> Any:
            try:
                return post(math(raw * scale + offset))
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

    if not not_available and low is None and high is None:
        return to_vss

    # The range is checked on the raw value, computed once here (scale may be negative).
    # Floating-point scaling can land a hair outside a range edge, so allow half a raw step.
    raw_low, raw_high = float("-inf"), float("inf")
    if scale:
        edges = [(bound - offset) / scale for bound in (low, high) if bound is not None]
        if low is not None and high is not None:
            raw_low, raw_high = min(edges) - 0.5, max(edges) + 0.5
        elif low is not None:
            raw_low, raw_high = (edges[0] - 0.5, raw_high) if scale > 0 else (raw_low, edges[0] + 0.5)
        else:
            raw_low, raw_high = (raw_low, edges[0] + 0.5) if scale > 0 else (edges[0] - 0.5, raw_high)

    def checked(raw: Any) -> Any:
        if raw in not_available:
            return Invalid(f"{name} not available (raw {raw})")
        if raw < raw_low or raw > raw_high:
            return Invalid(f"{name} = {raw * scale + offset:g} outside its range [{low}, {high}]")
        return to_vss(raw)

    return checked
