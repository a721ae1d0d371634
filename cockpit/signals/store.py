"""The signal store: latest value, timestamp and quality of every VSS signal.

Written from the bus threads (one write per decoded frame, under one lock), read on the HMI's tick.
Staleness is judged when read, against a caller's clock (wall time live, the log's clock in replay),
so there are no per-signal timers.
"""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cockpit.signals.quality import Quality

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 3.0
_VALID = Quality.VALID


@dataclass(frozen=True)
class SignalSpec:
    """What is known about a VSS signal before any frame arrives."""

    path: str
    unit: str | None = None
    datatype: str | None = None
    description: str = ""
    timeout: float | None = DEFAULT_TIMEOUT_S  # seconds without update before STALE; None: never
    allowed: tuple[Any, ...] | None = None
    source: str = ""  # where it comes from, e.g. "BMS_Status.SoC_Displayed"


@dataclass(frozen=True, slots=True)
class SignalReading:
    """One signal as read at a moment: value, unit, when it was last updated, and its quality."""

    path: str
    value: Any
    unit: str | None
    timestamp: float | None
    quality: Quality
    reason: str = ""  # why it is INVALID, for diagnostics

    @property
    def is_valid(self) -> bool:
        """True when the value may be shown as true."""
        return self.quality is Quality.VALID

    def age(self, now: float) -> float | None:
        """Seconds since the last update, or None if never received."""
        return None if self.timestamp is None else max(0.0, now - self.timestamp)


class SignalSlot:
    """The mutable record behind one signal. The decoder holds slots directly to avoid lookups.

    Only ``SignalStore`` methods write to a slot, always under the store's lock.
    """

    __slots__ = (
        "spec",
        "path",
        "timeout",
        "value",
        "timestamp",
        "invalid_reason",
        "reported_quality",
        "deadline",
    )

    def __init__(self, spec: SignalSpec) -> None:
        self.spec = spec
        self.path = spec.path
        self.timeout = spec.timeout if spec.timeout is not None else float("inf")
        self.value: Any = None
        self.timestamp: float | None = None
        self.invalid_reason: str = ""  # non-empty while INVALID
        self.reported_quality: Quality = Quality.NOT_RECEIVED  # as last handed out by drain_changed
        self.deadline: float = float("inf")  # timestamp + timeout

    def quality(self, now: float) -> Quality:
        if self.timestamp is None:
            return Quality.NOT_RECEIVED
        if now > self.deadline:
            return Quality.STALE
        if self.invalid_reason:
            return Quality.INVALID
        return Quality.VALID


#: How far ahead of the reader's clock a frame's timestamp may be (clock skew between an adapter's
#: timestamps and ours); beyond it the frame is taken as received now.
FUTURE_TOLERANCE_S = 1.0
#: How far a frame's timestamp may go back behind the previous frame's without being counted.
JITTER_TOLERANCE_S = 0.05


class TimestampGuard:
    """Makes one bus's frame timestamps safe to judge staleness by; counts every one it corrects.

    A frame's timestamp decides how long its values count as fresh (``deadline = timestamp +
    timeout``), so one NaN (never stale: ``now > nan`` is false), infinite or far-future timestamp
    would keep a value VALID through any bus silence, and a timestamp going backwards would reset
    the alive counter's sequence check. The guard gives each frame a timestamp that is finite, never
    before the previous frame's, and (when it has a ``clock``, the reader's) never more than
    FUTURE_TOLERANCE_S ahead of that clock: a corrected frame counts as received at the reader's
    "now". In replay there is no such clock ("now" is the log's): pass ``clock=None``, and an
    impossible timestamp takes the previous frame's.
    """

    __slots__ = ("clock", "last", "odd", "last_odd", "_horizon")

    def __init__(self, clock: Callable[[], float] | None) -> None:
        self.clock = clock
        self.last = -sys.float_info.max  # a finite floor: -inf itself is an impossible timestamp
        self.odd = 0  # frames whose timestamp had to be corrected
        self.last_odd = ""  # the last correction, for diagnostics
        # The latest timestamp accepted without reading the clock again; in replay any finite one.
        self._horizon = -math.inf if clock is not None else sys.float_info.max

    def accept(self, timestamp: float) -> float:
        """The timestamp to store for a frame stamped ``timestamp``.

        On the hot path this is one chained comparison (which NaN, infinities and non-numbers all
        fail) against the last timestamp and a horizon: the reader's clock as last read plus the
        tolerance. The clock is read again only when a timestamp passes that horizon, which a
        sane bus does about once a second, so a frame costs no clock call.
        """
        try:
            if self.last <= timestamp <= self._horizon:
                self.last = timestamp
                return timestamp
        except TypeError:  # not a number at all
            return self._correct(timestamp, None if self.clock is None else self.clock())
        clock = self.clock
        now = None if clock is None else clock()
        if now is not None:
            self._horizon = now + FUTURE_TOLERANCE_S
            if self.last <= timestamp <= self._horizon:
                self.last = timestamp
                return timestamp
        elif self.last <= timestamp < math.inf:
            self.last = timestamp
            return timestamp
        return self._correct(timestamp, now)

    def _correct(self, timestamp: object, now: float | None) -> float:
        if (
            isinstance(timestamp, float | int)
            and self.last - JITTER_TOLERANCE_S <= timestamp < self.last
            and (now is None or timestamp <= now + FUTURE_TOLERANCE_S)
        ):
            return self.last  # an adapter's FIFO reordering by a few ms: kept in order, not counted
        if not isinstance(timestamp, (int, float)) or isinstance(timestamp, bool):
            why = "not a number"
        elif not math.isfinite(timestamp):
            why = "not finite"
        elif now is not None and timestamp > now + FUTURE_TOLERANCE_S:
            why = f"{timestamp - now:.3g} s ahead of the reader's clock"
        else:
            why = "before the previous frame"
        self.odd += 1
        self.last_odd = f"timestamp {timestamp!r}: {why}"
        floor = self.last if self.last > -sys.float_info.max else 0.0
        corrected = floor if now is None else max(now, self.last)
        self.last = corrected
        return corrected


class SignalStore:
    """Holds every declared VSS signal. Thread-safe: writers and readers share one lock.

    ``clock`` gives "now" for staleness when a reader passes no time; in replay the caller passes
    the log's clock explicitly.
    """

    def __init__(self, specs: Iterable[SignalSpec] = (), clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self._slots: dict[str, SignalSlot] = {}
        self._changed: set[str] = set()
        # No slot can go stale before this time: the drain looks at every slot only once it has
        # passed (kept at or below the earliest deadline of every slot not yet reported stale).
        self._next_check = -math.inf
        # Called once at the next change (see wake_on_change): how a sleeping frame tick wakes.
        self._wake: Callable[[], None] | None = None
        for spec in specs:
            self.declare(spec)

    # --- declaring -------------------------------------------------------------------------
    def declare(self, spec: SignalSpec) -> SignalSlot:
        """Add a signal (or return the existing slot if the path is already declared)."""
        with self.lock:
            slot = self._slots.get(spec.path)
            if slot is None:
                slot = self._slots[spec.path] = SignalSlot(spec)
            return slot

    def slot(self, path: str) -> SignalSlot:
        """The slot for ``path``; KeyError names the path if it is not declared."""
        try:
            return self._slots[path]
        except KeyError:
            raise KeyError(f"no VSS signal {path!r} is declared in this store") from None

    def __contains__(self, path: object) -> bool:
        return path in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._slots))

    def __len__(self) -> int:
        return len(self._slots)

    def specs(self) -> list[SignalSpec]:
        """Every declared signal's spec, in declaration order."""
        return [slot.spec for slot in self._slots.values()]

    # --- writing (bus threads) -------------------------------------------------------------
    def write_locked(self, slot: SignalSlot, value: Any, timestamp: float, invalid_reason: str = "") -> None:
        """Write one value; the caller holds ``self.lock`` (the decoder writes a frame's signals at once).

        ``invalid_reason`` non-empty marks the value INVALID: the last good value stays behind a dash,
        with the reason kept for diagnostics. On the hot path: keep it lean.
        """
        if (
            slot.reported_quality is not _VALID
            or slot.value != value
            or slot.invalid_reason != invalid_reason
        ):
            self._changed.add(slot.path)
            if self._wake is not None:
                self._wake_reader_locked()
        if not invalid_reason:
            slot.value = value
        slot.invalid_reason = invalid_reason
        slot.timestamp = timestamp
        deadline = slot.deadline = timestamp + slot.timeout
        if deadline < self._next_check:  # a timestamp from the past (replay, tests)
            self._next_check = deadline

    def changed_locked(self, slot: SignalSlot) -> None:
        """Report ``slot`` at the next drain (its quality changed by other means than a write, as a
        remote store's stale sample does), waking a reader waiting for a change; the caller holds
        the lock."""
        self._changed.add(slot.path)
        self._wake_reader_locked()

    def set_deadline_locked(self, slot: SignalSlot, deadline: float) -> None:
        """Set when ``slot`` goes stale, earlier or later than its write said; the caller holds the
        lock. The next look is brought forward to it: a reader sleeping until ``next_deadline``
        must never wake after a value went stale."""
        slot.deadline = deadline
        if deadline < self._next_check:
            self._next_check = deadline

    def look_by_locked(self, deadline: float) -> None:
        """Bring the next look forward to ``deadline`` if it is sooner (deadlines set in bulk);
        the caller holds the lock."""
        if deadline < self._next_check:
            self._next_check = deadline

    def nudge(self) -> None:
        """Wake a reader waiting for a change although no value changed (something it shows beside
        the values did: a counter, a link's state)."""
        with self.lock:
            self._wake_reader_locked()

    def _wake_reader_locked(self) -> None:
        wake = self._wake
        if wake is not None:
            self._wake = None
            self._call_wake(wake)

    @staticmethod
    def _call_wake(wake: Callable[[], None]) -> None:
        try:
            wake()
        except Exception:  # a reader's wake-up must never cost a writer its frame
            log.exception("the signal store's wake-up callback failed")

    def wake_on_change(self, callback: Callable[[], None] | None) -> bool:
        """Have ``callback`` called once, at the next change a drain would report (None: disarm).

        It is called from the writing thread with the lock held: it must only hand the news on
        (post an event, set a flag). Returns False, and arms nothing, if a change already waits
        undrained: drain it first. A value going stale is no write: see ``next_deadline``.
        """
        with self.lock:
            if callback is not None and self._changed:
                return False
            self._wake = callback
            return True

    def next_deadline(self) -> float:
        """The earliest time at which a value may go stale, on the store's clock: a drain
        before then reports only what was written. ``math.inf``: none can (every value is stale or
        was never received); ``-math.inf``: not known until the next drain."""
        with self.lock:
            return self._next_check

    def has_gone_stale(self, now: float | None = None) -> bool:
        """Whether a value has gone stale since the last drain (so a drain at ``now`` would report
        it); when none has, the next deadline moves on to the earliest one still ahead.

        For a reader woken at ``next_deadline``: while frames keep coming, the deadline it slept
        to has always been pushed on by the time it wakes, and this tells it so for a look at each
        slot's deadline, without the readings a drain makes (issue 15: a parked cockpit woke about
        30 times a second to drain nothing). A change written meanwhile is not its business: that
        wakes the reader through ``wake_on_change``.
        """
        now = self.clock() if now is None else now
        with self.lock:
            if now <= self._next_check:
                return False
            next_check = math.inf
            stale = Quality.STALE
            for slot in self._slots.values():
                deadline = slot.deadline
                if deadline < now:  # SignalSlot.quality's test (a slot never received has inf)
                    if slot.reported_quality is not stale:
                        return True  # the drain scans and sets the next look
                elif deadline < next_check:
                    next_check = deadline
            self._next_check = next_check
            return False

    @property
    def shortest_timeout(self) -> float:
        """The shortest staleness timeout of any declared signal, in seconds (inf: none has one)."""
        return min((slot.timeout for slot in self._slots.values()), default=math.inf)

    def refresh_locked(self, slot: SignalSlot, timestamp: float) -> bool:
        """Mark an unchanged, already valid value as alive at ``timestamp``; the caller holds the lock.

        Returns False (and does nothing) unless the slot is valid and either was last handed out as
        valid or already waits in the changed set: otherwise the caller must write the value
        properly, so that the change of quality is reported.
        """
        if slot.invalid_reason:
            return False
        if slot.reported_quality is not _VALID and slot.path not in self._changed:
            return False  # a reader has not seen it valid yet, and no change is pending: write it
        slot.timestamp = timestamp
        deadline = slot.deadline = timestamp + slot.timeout
        if deadline < self._next_check:
            self._next_check = deadline
        return True

    def update(self, path: str, value: Any, timestamp: float | None = None) -> None:
        """Write a valid value for ``path`` (a convenience for tests and non-CAN sources)."""
        slot = self.slot(path)
        with self.lock:
            self.write_locked(slot, value, self.clock() if timestamp is None else timestamp)

    def mark_invalid(self, path: str, reason: str, timestamp: float | None = None) -> None:
        """Mark ``path`` INVALID with a reason; its last value is kept but not shown as true."""
        slot = self.slot(path)
        with self.lock:
            self.write_locked(slot, slot.value, self.clock() if timestamp is None else timestamp, reason)

    # --- reading (HMI, rules, monitor) -----------------------------------------------------
    def _reading(self, slot: SignalSlot, now: float) -> SignalReading:
        quality = slot.quality(now)
        reason = slot.invalid_reason if quality is Quality.INVALID else ""
        if quality is Quality.STALE and slot.timestamp is not None:  # STALE: it was received once
            reason = f"no update for {now - slot.timestamp:.2f} s (timeout {slot.spec.timeout} s)"
        return SignalReading(slot.spec.path, slot.value, slot.spec.unit, slot.timestamp, quality, reason)

    def read(self, path: str, now: float | None = None) -> SignalReading:
        """The signal as it stands at ``now`` (default: the store's clock)."""
        slot = self.slot(path)
        now = self.clock() if now is None else now
        with self.lock:
            return self._reading(slot, now)

    def value_if_valid(self, path: str, now: float | None = None) -> Any:
        """The value if VALID at ``now``, else None: what rules and displays may trust."""
        reading = self.read(path, now)
        return reading.value if reading.is_valid else None

    def snapshot(self, now: float | None = None) -> dict[str, SignalReading]:
        """Every declared signal as it stands at ``now``."""
        now = self.clock() if now is None else now
        with self.lock:
            return {path: self._reading(slot, now) for path, slot in self._slots.items()}

    def last_updates(self) -> dict[str, float | None]:
        """When each signal was last received (None: never), valid or not: ages for diagnostics."""
        with self.lock:
            return {path: slot.timestamp for path, slot in self._slots.items()}

    def drain_changed(self, now: float | None = None) -> dict[str, SignalReading]:
        """Signals whose value or quality changed since the last drain, as readings at ``now``.

        Includes signals that went stale since the last drain even though no frame came, so one
        consumer (the HMI tick) sees every change that matters for display. Meant for one consumer.
        """
        now = self.clock() if now is None else now
        with self.lock:
            changed = self._changed
            self._changed = set()
            out: dict[str, SignalReading] = {}
            slots = self._slots
            if now <= self._next_check:
                # Nothing can have gone stale since the last look: only the written slots changed.
                # (60 drains a second over every slot cost an idle cockpit more than the rest.)
                for path in changed:
                    slot = slots[path]
                    reading = self._reading(slot, now)
                    slot.reported_quality = reading.quality
                    out[path] = reading
                return out
            next_check = math.inf
            for path, slot in slots.items():
                quality = slot.quality(now)
                if path in changed or slot.reported_quality is not quality:
                    reading = self._reading(slot, now)
                    slot.reported_quality = reading.quality
                    out[path] = reading
                if quality is not Quality.STALE and slot.deadline < next_check:
                    next_check = slot.deadline
            self._next_check = next_check
            return out
