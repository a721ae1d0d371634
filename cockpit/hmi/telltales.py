"""Telltales: a lamp per safety group that is lit while the group cannot be trusted or reports a fault.

A group is "not valid" when any of its signals is not VALID (never received, stale or invalid);
docs/vss-signals.md lists the groups. Lamps start lit (like a bulb check) until the group is heard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from cockpit.signals import Quality, SignalReading


@dataclass(frozen=True)
class SafetyGroup:
    """Signals that make up one telltale, and the values that mean "fault" even when valid."""

    prefixes: tuple[str, ...]
    excluded_prefixes: tuple[str, ...] = ()
    fault_values: tuple[tuple[str, Any], ...] = ()  # (path, value) pairs that light the lamp

    def __contains__(self, path: str) -> bool:
        return path.startswith(self.prefixes) and not path.startswith(self.excluded_prefixes or ("\0",))


SAFETY_GROUPS: dict[str, SafetyGroup] = {
    # The object list slots beyond Count are legitimately silent; they do not make ADAS unavailable.
    # The park sensors are not driver assistance on the road: the park view shows each one's state.
    "adas": SafetyGroup(
        ("Vehicle.ADAS.",),
        ("Vehicle.ADAS.ObjectDetection.Object", "Vehicle.ADAS.ObstacleDetection."),
        (("Vehicle.ADAS.CruiseControl.State", "FAULT"), ("Vehicle.ADAS.LaneKeeping.State", "FAULT")),
    ),
    "battery": SafetyGroup(
        ("Vehicle.Powertrain.TractionBattery.Fault.",),
        (),
        (
            ("Vehicle.Powertrain.TractionBattery.Fault.Any", True),
            ("Vehicle.Powertrain.TractionBattery.Charging.State", "FAULT"),
        ),
    ),
    "brakes": SafetyGroup(("Vehicle.Chassis.Brake.",), (), (("Vehicle.Chassis.Brake.IsFaulted", True),)),
}


class TelltaleModel(QObject):
    """The lit state of each telltale, for the telltale bar."""

    changed = Signal()

    def __init__(self, known_paths: set[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Paths in each group that are not VALID right now; seeded with every declared member so
        # a group the car never sends is "not valid", not silently fine.
        self._not_valid: dict[str, set[str]] = {
            name: {p for p in (known_paths or set()) if p in group} for name, group in SAFETY_GROUPS.items()
        }
        self._faults: dict[str, set[str]] = {name: set() for name in SAFETY_GROUPS}
        self._fault_paths = {
            path: (name, bad) for name, group in SAFETY_GROUPS.items() for path, bad in group.fault_values
        }
        self._bus_offline = False
        self._lit = self._compute()

    def apply(self, readings: Mapping[str, SignalReading]) -> None:
        """Update the groups from one frame's changed readings."""
        for path, reading in readings.items():
            valid = reading.quality is Quality.VALID
            for name, group in SAFETY_GROUPS.items():
                if path in group:
                    (self._not_valid[name].discard if valid else self._not_valid[name].add)(path)
            fault = self._fault_paths.get(path)
            if fault is not None:
                name, bad = fault
                (self._faults[name].add if valid and reading.value == bad else self._faults[name].discard)(
                    path
                )
        self._refresh()

    def set_bus_offline(self, offline: bool) -> None:
        """The bus layer's verdict: no frames within the bus timeout, or the adapter is down."""
        self._bus_offline = offline
        self._refresh()

    @Slot(bool)
    def set_buses_healthy(self, healthy: bool) -> None:
        """Follow ``BusStatsModel.healthChanged``: the lamp is lit while some bus is not ok."""
        self.set_bus_offline(not healthy)

    def unhealthy_signals(self, group: str) -> set[str]:
        """The paths that keep ``group``'s lamp lit (for diagnostics and tests)."""
        return set(self._not_valid[group]) | set(self._faults[group])

    def _compute(self) -> dict[str, bool]:
        lit = {name: bool(self._not_valid[name] or self._faults[name]) for name in SAFETY_GROUPS}
        lit["bus"] = self._bus_offline
        return lit

    def _refresh(self) -> None:
        lit = self._compute()
        if lit != self._lit:
            self._lit = lit
            self.changed.emit()

    adasUnavailable = Property(bool, lambda self: self._lit["adas"], notify=changed)
    """An ADAS signal is not valid, or cruise / lane keeping reports a fault."""
    batteryFault = Property(bool, lambda self: self._lit["battery"], notify=changed)
    """The BMS reports a fault, or its fault signals are not valid."""
    brakeFault = Property(bool, lambda self: self._lit["brakes"], notify=changed)
    """The brake system reports a fault, or its signals are not valid."""
    busOffline = Property(bool, lambda self: self._lit["bus"], notify=changed)
    """A CAN bus is silent, bus-off or its adapter is gone."""
