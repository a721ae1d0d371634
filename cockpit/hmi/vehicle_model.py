"""A QObject whose QML properties are VSS signals, each with its validity.

A model declares ``FIELDS``, one ``SignalField`` per property; the metaclass turns each into two
QML properties, ``name`` (the last good value) and ``nameValid`` (may it be shown as true), sharing
one notify signal ``nameChanged``. QML shows a dash whenever ``nameValid`` is false, so a stale or
corrupted signal never shows a frozen number.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, Signal

from cockpit import vocabulary
from cockpit.signals import Quality, SignalReading


@dataclass(frozen=True)
class SignalField:
    """One QML property fed by one VSS signal."""

    name: str  # the QML property name, e.g. "speed"
    path: str  # the VSS path, e.g. "Vehicle.Speed"
    kind: type = float  # the QML type: float, int, bool or str
    default: Any = None  # shown (behind a dash) before the first valid value
    convert: Callable[[Any], Any] | None = None  # VSS value -> displayed value (e.g. W -> kW)
    # What the screen can show of the value (e.g. whole km/h and whole mph). A change that keeps it
    # equal is stored but not announced: QML re-reads the property only when the picture would
    # change, so a speed moving by 0.1 km/h 30 times a second costs no binding, layout or frame.
    shown: Callable[[Any], Hashable] | None = None

    def initial(self) -> Any:
        """The value before any frame: the default, or the kind's zero."""
        return self.kind() if self.default is None else self.default


def whole_in_both_units(metric_unit: str, per_unit: float = 1.0) -> Callable[[Any], Hashable]:
    """A ``shown`` key: the value rounded to ``per_unit`` in its metric unit and in the imperial
    one (``vocabulary.IMPERIAL``), so either unit system's display changes when its figure does."""
    _, factor, offset = vocabulary.IMPERIAL[metric_unit]

    def key(value: Any) -> Hashable:
        v = float(value)
        return (round(v / per_unit), round((v * factor + offset) / per_unit))

    return key


def _value_getter(name: str) -> Callable[[VehicleModel], Any]:
    return lambda self: self._values[name]


def _valid_getter(name: str) -> Callable[[VehicleModel], bool]:
    return lambda self: self._valid[name]


class _VehicleModelMeta(type(QObject)):  # type: ignore[misc]
    """Adds a value property, a validity property and a notify signal for each declared field.

    Qt reads a class's properties and signals when the class is created, so they have to be in
    the class namespace before ``type.__new__``; a metaclass is the one place to do that.
    """

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _VehicleModelMeta:
        for field in namespace.get("FIELDS", ()):
            notify = Signal()
            namespace[f"{field.name}Changed"] = notify
            namespace[field.name] = Property(field.kind, _value_getter(field.name), notify=notify)
            namespace[f"{field.name}Valid"] = Property(bool, _valid_getter(field.name), notify=notify)
        return super().__new__(mcls, name, bases, namespace)


class VehicleModel(QObject, metaclass=_VehicleModelMeta):
    """Base of the vehicle-facing models: holds values and validity, applies store readings."""

    FIELDS: tuple[SignalField, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, Any] = {f.name: f.initial() for f in self.FIELDS}
        self._valid: dict[str, bool] = {f.name: False for f in self.FIELDS}
        # Per field with a ``shown`` key: the key of the value QML last heard of.
        self._announced: dict[str, Hashable] = {}
        self._fields_by_path: dict[str, list[SignalField]] = {}
        for f in self.FIELDS:
            self._fields_by_path.setdefault(f.path, []).append(f)

    def paths(self) -> set[str]:
        """Every VSS path this model shows."""
        return set(self._fields_by_path)

    def apply(self, readings: Mapping[str, SignalReading]) -> set[str]:
        """Take the changed readings of one frame; emit one notify per property that changed.

        Returns the names of the properties that changed (subclasses derive more from them).
        """
        changed: set[str] = set()
        fields_by_path = self._fields_by_path
        for path, reading in readings.items():
            fields = fields_by_path.get(path)
            if fields is None:
                continue
            valid = reading.quality is Quality.VALID and reading.value is not None
            for f in fields:
                value = self._values[f.name]
                if valid:
                    # A value the display cannot convert is as good as invalid: a dash, not a crash.
                    try:
                        new = f.convert(reading.value) if f.convert else f.kind(reading.value)
                    except (TypeError, ValueError, KeyError):
                        new, valid_here = value, False
                    else:
                        valid_here = True
                else:
                    new, valid_here = value, False
                was_valid = self._valid[f.name]
                if new != value or valid_here != was_valid:
                    self._values[f.name] = new
                    self._valid[f.name] = valid_here
                    shown = f.shown
                    if shown is not None:
                        key = shown(new)
                        if valid_here == was_valid and self._announced.get(f.name) == key:
                            continue  # the same picture: stored, not announced
                        self._announced[f.name] = key
                    changed.add(f.name)
        for name in changed:
            getattr(self, f"{name}Changed").emit()
        if changed:
            self.derive(changed)
        return changed

    def derive(self, changed: set[str]) -> None:
        """Hook: recompute derived properties after ``changed`` fields moved. Default: nothing."""

    def value(self, name: str) -> Any:
        """The last good value of a field (for Python callers and tests)."""
        return self._values[name]

    def is_valid(self, name: str) -> bool:
        """Whether a field may be shown as true now."""
        return self._valid[name]
