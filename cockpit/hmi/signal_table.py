"""The Diagnostics page's signal table: every declared VSS signal with its value, unit, status and age.

A small cabana for the cockpit. ``SignalTableModel`` holds one row per signal of a ``SignalStore``
and is refreshed once per displayed frame with what ``SignalStore.drain_changed()`` returned, so it
never reads the store on its own and never touches a bus thread. ``SignalFilterProxy`` narrows it
to what a search box asks for.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    Property,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)

from cockpit.hmi.i18n import DASH, unit_symbol
from cockpit.hmi.list_model import RowListModel
from cockpit.signals import Quality, SignalReading, SignalSpec, SignalStore
from cockpit.signals.availability import is_not_available

AGE_REFRESH_S = 0.5  # ages tick at most twice a second: a faster one would only burn frames
#: While the table is on screen its views hear of changed values at most this often: 131 numbers
#: changing 60 times a second cannot be read, and every dataChanged costs the view a delegate pass.
SHOWN_REFRESH_S = 0.1

# The groups a driver-facing engineer thinks in, by VSS path prefix; the longest prefix wins.
# A table, not an if-chain, so a new subsystem is one line.
SIGNAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("Vehicle.ADAS.", "ADAS"),
    ("Vehicle.Powertrain.TractionBattery.", "Battery"),
    ("Vehicle.Powertrain.Range", "Battery"),
    ("Vehicle.Powertrain.", "Drivetrain"),
    ("Vehicle.Speed", "Drivetrain"),
    ("Vehicle.TraveledDistance", "Drivetrain"),
    ("Vehicle.Chassis.Brake.", "Brakes"),
    ("Vehicle.Chassis.", "Chassis"),
    ("Vehicle.Cabin.", "Body"),
    ("Vehicle.Body.", "Body"),
    ("Vehicle.LowVoltageSystemState", "Body"),
)
OTHER_GROUP = "Other"


def _status_words() -> dict[Quality, str]:
    # Literal translate() calls so that lupdate finds the words in this file.
    translate = QCoreApplication.translate
    return {
        Quality.NOT_RECEIVED: translate("SignalTableModel", "not received"),
        Quality.VALID: translate("SignalTableModel", "valid"),
        Quality.STALE: translate("SignalTableModel", "stale"),
        Quality.INVALID: translate("SignalTableModel", "invalid"),
    }


NOT_AVAILABLE = "not_available"  # the Status of a path the car has no signal for


def _not_available_words() -> str:
    return QCoreApplication.translate("SignalTableModel", "not available on this car")


def signal_group(path: str) -> str:
    """The subsystem a VSS path belongs to (``ADAS``, ``Battery``, ``Drivetrain``, ...)."""
    best = ""
    group = OTHER_GROUP
    for prefix, name in SIGNAL_GROUPS:
        if path.startswith(prefix) and len(prefix) > len(best):
            best, group = prefix, name
    return group


def short_names(paths: Iterable[str]) -> dict[str, str]:
    """The shortest unambiguous tail of each path, of at least two parts (a leaf alone such as
    ``Displayed`` or ``IsOpen`` says too little).

    ``...StateOfCharge.Displayed`` becomes ``StateOfCharge.Displayed``; the two door signals
    ``...Door.Row1.DriverSide.IsOpen`` and ``...Door.Row2.DriverSide.IsOpen`` grow until they differ.
    """
    paths = list(paths)
    depth = {path: min(2, path.count(".") + 1) for path in paths}
    while True:
        tails: dict[str, list[str]] = {}
        for path in paths:
            tails.setdefault(".".join(path.split(".")[-depth[path] :]), []).append(path)
        clashes = [group for group in tails.values() if len(group) > 1]
        grown = False
        for group in clashes:
            for path in group:
                if depth[path] < path.count(".") + 1:
                    depth[path] += 1
                    grown = True
        if not grown:
            return {path: ".".join(path.split(".")[-depth[path] :]) for path in paths}


def format_signal_value(value: Any) -> str:
    """A value as the diagnostics table shows it: exact enough to debug, short enough to scan."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.6g}"
    return str(value)


def format_age(age: float | None) -> str:
    """Seconds since the last update, coarse enough not to flicker at two updates per second."""
    if age is None:
        return DASH
    if age < 10:
        return f"{age:.1f} s"
    if age < 60:
        return f"{age:.0f} s"
    if age < 3600:
        return f"{age // 60:.0f} min"
    return f"{age // 3600:.0f} h"


#: Signals VSS gives in metres that a driver reads in kilometres (302 km, not "302000 m").
KILOMETRE_SIGNALS = frozenset({"Vehicle.Powertrain.Range"})


# What a new reading changed in a row: the status (which a search may filter on) or only the value.
NOTHING, VALUE, STATUS = 0, 1, 2


class _Row:
    """What the table shows for one signal, as last refreshed."""

    __slots__ = (
        "path",
        "name",
        "group",
        "unit",
        "value_text",
        "quality",
        "reason",
        "timestamp",
        "age_text",
        "not_available",
        "_km",
    )

    def __init__(self, spec: SignalSpec, name: str) -> None:
        self.path = spec.path
        self.name = name
        self.group = signal_group(spec.path)
        self.unit = unit_symbol(spec.unit)
        self._km = spec.path in KILOMETRE_SIGNALS and spec.unit == "m"
        if self._km:
            self.unit = unit_symbol("km")
        self.value_text = DASH
        self.quality = Quality.NOT_RECEIVED
        self.reason = ""
        self.timestamp: float | None = None
        self.age_text = DASH
        self.not_available = is_not_available(spec)  # the car has no such signal: say so, not "not received"

    def apply(self, reading: SignalReading) -> int:
        """Take a new reading; return what the table must redraw: NOTHING, VALUE or STATUS."""
        # Only a valid value is shown as a number: a stale or corrupted one is a dash (DESIGN.md).
        value = reading.value
        if self._km and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = round(float(value) / 1000.0, 1)
        value_text = format_signal_value(value) if reading.is_valid else DASH
        if reading.quality is not self.quality or reading.reason != self.reason:
            changed = STATUS
        elif value_text != self.value_text:
            changed = VALUE
        else:
            changed = NOTHING
        self.value_text = value_text
        self.quality = reading.quality
        self.reason = reading.reason
        self.timestamp = reading.timestamp
        return changed

    def search_text(self, status_text: str) -> str:
        """What a search looks in: path, name, group, unit and status, folded for case."""
        return " ".join(
            (self.path, self.name, self.group, self.unit, self.quality.value, status_text)
        ).casefold()

    def age(self, now: float) -> float | None:
        """Seconds since the last update at ``now``, None if never received."""
        return None if self.timestamp is None else max(0.0, now - self.timestamp)


class SignalTableModel(RowListModel):
    """Every declared signal of a ``SignalStore``: one row each, in declaration order.

    Call ``refresh(store.drain_changed(now), now)`` once per displayed frame (the HMI tick does);
    rows whose shown text changed emit ``dataChanged`` and the rest stay quiet. The rows always
    follow the store, but views hear of it only while the table is ``shown`` (its page is on
    screen), at most every SHOWN_REFRESH_S; showing it again tells them everything that moved.
    """

    class Role(enum.IntEnum):
        """The roles QML binds to (``model.valueText`` and so on)."""

        Path = Qt.ItemDataRole.UserRole + 1
        Name = enum.auto()
        ValueText = enum.auto()
        Unit = enum.auto()
        Status = enum.auto()  # the quality code: valid, stale, invalid, not_received
        StatusText = enum.auto()  # the same, in the driver's language
        Reason = enum.auto()  # why it is invalid or stale, for a tooltip
        IsValid = enum.auto()
        AgeText = enum.auto()
        Group = enum.auto()

    _ROLE_NAMES: ClassVar[dict[int, bytes]] = {
        Role.Path: b"path",
        Role.Name: b"name",
        Role.ValueText: b"valueText",
        Role.Unit: b"unit",
        Role.Status: b"status",
        Role.StatusText: b"statusText",
        Role.Reason: b"reason",
        Role.IsValid: b"isValid",
        Role.AgeText: b"ageText",
        Role.Group: b"group",
    }

    _VALUE_ROLES: ClassVar[list[int]] = [Role.ValueText, Role.AgeText]

    countChanged = Signal()
    statusesChanged = Signal()  # some row's status changed: a search on statuses must look again

    def __init__(self, store: SignalStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        specs = store.specs()
        names = short_names(spec.path for spec in specs)
        self._rows = [_Row(spec, names[spec.path]) for spec in specs]
        self._row_of = {row.path: index for index, row in enumerate(self._rows)}
        self._status_words = _status_words()
        self._not_available_text = _not_available_words()
        self._last_age_refresh = -math.inf
        self._last_emit = -math.inf
        self._shown = True
        self._dirty_values: set[int] = set()
        self._dirty_status: set[int] = set()
        self._store = store
        # Start from what the store holds now, without draining it (the HMI tick owns the drain).
        now = store.clock()
        for path, reading in store.snapshot(now).items():
            self._rows[self._row_of[path]].apply(reading)
        self._refresh_ages(now)

    # --- RowListModel ---------------------------------------------------------------------
    def _role_value(self, index: int, role: int) -> Any:
        """The value of ``role`` for the row at ``index`` (in range: RowListModel checked it)."""
        row = self._rows[index]
        if role == Qt.ItemDataRole.DisplayRole or role == self.Role.Path:
            return row.path
        if role == self.Role.Name:
            return row.name
        if role == self.Role.ValueText:
            return row.value_text
        if role == self.Role.Unit:
            return row.unit
        if role == self.Role.Status:
            return NOT_AVAILABLE if row.not_available else row.quality.value
        if role == self.Role.StatusText:
            return self._not_available_text if row.not_available else self._status_words[row.quality]
        if role == self.Role.Reason:
            return row.reason
        if role == self.Role.IsValid:
            return row.quality is Quality.VALID
        if role == self.Role.AgeText:
            return row.age_text
        if role == self.Role.Group:
            return row.group
        return None

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)
    """Number of signals in the table (constant for a given store)."""

    # --- refreshing (Qt main thread, once per frame) -------------------------------------------
    @Slot(dict, float)
    def refresh(self, readings: Mapping[str, SignalReading], now: float) -> None:
        """Apply the readings the store's drain returned at ``now``; ages tick at most twice a second.

        Readings for paths the table does not know (a store that grew after the model was made)
        are ignored rather than raised: a diagnostics table must not take the frame tick down.
        """
        dirty_values, dirty_status = self._dirty_values, self._dirty_status
        row_of, rows = self._row_of, self._rows
        for path, reading in readings.items():
            index = row_of.get(path)
            if index is None:
                continue
            changed = rows[index].apply(reading)
            if changed == STATUS:
                dirty_status.add(index)
            elif changed:
                dirty_values.add(index)
        since = now - self._last_emit
        if not self._shown or 0.0 <= since < SHOWN_REFRESH_S:  # (a clock set back: tell them now)
            return
        self._emit_dirty(now)

    def _emit_dirty(self, now: float) -> None:
        """Tell the views about every row that moved since they last heard, and the ages."""
        self._last_emit = now
        value_rows = sorted(self._dirty_values - self._dirty_status)
        status_rows = sorted(self._dirty_status)
        self._dirty_values, self._dirty_status = set(), set()
        for index in (*value_rows, *status_rows):
            # A row that just changed shows its fresh age now, not at the next age tick.
            row = self._rows[index]
            row.age_text = format_age(row.age(now))
        self._emit_changed(value_rows, self._VALUE_ROLES)
        self._emit_changed(status_rows, [])
        if status_rows:
            self.statusesChanged.emit()
        if now - self._last_age_refresh >= AGE_REFRESH_S:
            self._emit_changed(self._refresh_ages(now), [self.Role.AgeText])

    def set_shown(self, shown: bool, now: float | None = None) -> None:
        """Whether the table's page is on screen; on showing, the views catch up at once."""
        if shown == self._shown:
            return
        self._shown = shown
        if shown:
            self._emit_dirty(self._store.clock() if now is None else now)

    @Slot()
    def retranslate(self) -> None:
        """Re-read the status words after a language switch and tell the views."""
        self._status_words = _status_words()
        self._not_available_text = _not_available_words()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.Role.StatusText])
            self.statusesChanged.emit()  # a search for a status word looks again, in the new language

    def search_text(self, row: int) -> str:
        """The folded text a search matches against for ``row`` (the filter proxy's fast path)."""
        entry = self._rows[row]
        return entry.search_text(
            self._not_available_text if entry.not_available else self._status_words[entry.quality]
        )

    def row_of(self, path: str) -> int:
        """The row of a VSS path; KeyError names the path if the store did not declare it."""
        try:
            return self._row_of[path]
        except KeyError:
            raise KeyError(f"no VSS signal {path!r} in the signal table") from None

    def _refresh_ages(self, now: float) -> list[int]:
        self._last_age_refresh = now
        # The drain reports changes only; a value that arrives again unchanged moves its last
        # update on without a reading, so the age comes from the store's own timestamps.
        updated = self._store.last_updates()
        changed = []
        for index, row in enumerate(self._rows):
            row.timestamp = updated.get(row.path, row.timestamp)
            age_text = format_age(row.age(now))
            if age_text != row.age_text:
                row.age_text = age_text
                changed.append(index)
        return changed

    def _emit_changed(self, rows: list[int], roles: Sequence[int]) -> None:
        """One dataChanged per run of adjacent rows: exact rows, few signals."""
        if not rows:
            return
        rows.sort()
        start = previous = rows[0]
        for row in rows[1:]:
            if row != previous + 1:
                self.dataChanged.emit(self.index(start), self.index(previous), roles)
                start = row
            previous = row
        self.dataChanged.emit(self.index(start), self.index(previous), roles)


# Qt 6.10 replaced the deprecated invalidateFilter() with begin/endFilterChange(); keep both working.
_HAS_FILTER_CHANGE = hasattr(QSortFilterProxyModel, "endFilterChange")


class SignalFilterProxy(QSortFilterProxyModel):
    """The signal table narrowed by a search box: every word must appear in a row's path, name,
    group, unit or status (case-insensitive), so ``battery stale`` finds the stale battery signals.

    Values are not searched: they change every frame, and re-filtering on each would cost a frame.
    """

    filterTextChanged = Signal()
    countChanged = Signal()

    def __init__(self, source: SignalTableModel | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter_text = ""
        self._words: list[str] = []
        # Qt's dynamic filtering re-runs filterAcceptsRow (Python, ~25 us a call) for every row of
        # every dataChanged, whatever the roles: 60 times a second that costs 3 ms a frame. Values
        # are not searched, so the proxy re-filters only when the table says a status changed.
        self.setDynamicSortFilter(False)
        for signal in (self.rowsInserted, self.rowsRemoved, self.modelReset, self.layoutChanged):
            signal.connect(self.countChanged)
        if source is not None:
            self.setSourceModel(source)

    def setSourceModel(self, source: QAbstractItemModel) -> None:  # Qt's name
        """Show ``source``; a SignalTableModel's status changes re-run the search."""
        previous = self.sourceModel()
        if isinstance(previous, SignalTableModel):
            previous.statusesChanged.disconnect(self._statuses_changed)
        super().setSourceModel(source)
        if isinstance(source, SignalTableModel):
            source.statusesChanged.connect(self._statuses_changed)

    @Slot()
    def _statuses_changed(self) -> None:
        if self._words:
            self._refilter()

    def _get_filter_text(self) -> str:
        return self._filter_text

    def _set_filter_text(self, text: str) -> None:
        text = text or ""
        if text == self._filter_text:
            return

        def change() -> None:
            self._filter_text = text
            self._words = text.casefold().split()

        self._refilter(change)
        self.filterTextChanged.emit()

    filterText = Property(str, _get_filter_text, _set_filter_text, notify=filterTextChanged)
    """What the search box holds; empty shows every signal."""

    def _refilter(self, change: Callable[[], None] | None = None) -> None:
        """Apply ``change`` to the filter (if any) and re-run it over the rows."""
        if _HAS_FILTER_CHANGE:
            self.beginFilterChange()  # Qt 6.10+: before the filter's state changes
            if change is not None:
                change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            if change is not None:
                change()
            self.invalidateRowsFilter()
        self.countChanged.emit()

    def _get_count(self) -> int:
        return self.rowCount()

    count = Property(int, _get_count, notify=countChanged)
    """Rows that pass the filter, for a "12 of 140 signals" line or an empty state."""

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        """True if every word of the filter text appears in one of the row's searched fields."""
        if not self._words:
            return True
        source = self.sourceModel()
        if isinstance(source, SignalTableModel):
            haystack = source.search_text(source_row)
        else:  # any other list model: search its display text
            haystack = str(source.data(source.index(source_row, 0, source_parent)) or "").casefold()
        return all(word in haystack for word in self._words)
