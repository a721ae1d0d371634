"""When the car hands the journey over: rules over VSS signals, evaluated on every tick.

Each rule looks at two moments of the car (before and now) and fires on an edge: the driver's door
opening with the gear in P, the power going off, the driver sitting in with the power on. A moment
holds only VALID values; a stale, invalid or missing signal is ``None`` and never satisfies a
condition, so a dropped or corrupted gear or door frame can never hand anything over.

"Before" is the previous tick, except that a signal which was not VALID then is taken at its last
VALID value if that is at most ``REMEMBER_S`` old: one corrupted door frame between "closed" and
"open" must not swallow the opening, but a door found open after a long silence may have opened
long ago and does not count. Rules are registered by name; the default set is ``DEFAULT_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import Any

from cockpit.errors import ConfigError
from cockpit.signals import SignalStore

GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
DRIVER_DOOR = "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen"
POWER = "Vehicle.LowVoltageSystemState"
DRIVER_SEAT = "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied"
SPEED = "Vehicle.Speed"

GEAR_PARK = 126
POWER_ON = ("ON", "START")
REMEMBER_S = 1.0  # how long a last VALID value stands in for a signal that is briefly not VALID


class Trigger(str, Enum):
    """What a rule asks the handoff to do."""

    LEAVING = "leaving"  # hand the car's sessions to the phone
    ARRIVING = "arriving"  # offer (or take) the phone's sessions


@dataclass(frozen=True)
class CarMoment:
    """The watched signals at one tick, each its value if VALID, else None."""

    gear: Any = None
    driver_door_open: Any = None
    power: Any = None
    driver_seated: Any = None
    speed_kmh: Any = None

    @classmethod
    def read(cls, store: SignalStore, now: float | None = None) -> CarMoment:
        """Read the moment from ``store`` (signals it does not declare count as missing)."""

        def valid(path: str) -> Any:
            return store.value_if_valid(path, now) if path in store else None

        return cls(valid(GEAR), valid(DRIVER_DOOR), valid(POWER), valid(DRIVER_SEAT), valid(SPEED))

    @property
    def parked(self) -> bool:
        """Gear validly in P."""
        return self.gear == GEAR_PARK

    @property
    def powered_on(self) -> bool:
        """Power mode validly ON (or cranking)."""
        return self.power in POWER_ON


@dataclass(frozen=True)
class HandoffRule:
    """A named edge condition over two moments and the trigger it fires."""

    name: str
    trigger: Trigger
    fires: Callable[[CarMoment, CarMoment], bool]
    description: str


def _door_opens_in_park(before: CarMoment, now: CarMoment) -> bool:
    # Closed -> open, both seen valid: a door that was unknown (stale) and is now open may have
    # opened long ago, and handing over on a signal coming back would surprise the driver.
    return now.parked and now.driver_door_open is True and before.driver_door_open is False


def _power_goes_off(before: CarMoment, now: CarMoment) -> bool:
    return now.power == "OFF" and before.power in ("ACC", "ON", "START")


def _driver_in_and_power_on(before: CarMoment, now: CarMoment) -> bool:
    ready_now = now.driver_seated is True and now.powered_on
    ready_before = before.driver_seated is True and before.powered_on
    return ready_now and not ready_before


RULE_KINDS: dict[str, HandoffRule] = {
    rule.name: rule
    for rule in (
        HandoffRule(
            "park_and_door_open",
            Trigger.LEAVING,
            _door_opens_in_park,
            "gear in P and the driver's door opens",
        ),
        HandoffRule("power_off", Trigger.LEAVING, _power_goes_off, "power mode goes OFF"),
        HandoffRule(
            "driver_in_and_power_on",
            Trigger.ARRIVING,
            _driver_in_and_power_on,
            "the driver sits in and the power mode goes ON",
        ),
    )
}
DEFAULT_RULES: tuple[str, ...] = tuple(RULE_KINDS)


@dataclass(frozen=True)
class Firing:
    """A rule that fired, with the moment it saw."""

    rule: HandoffRule
    moment: CarMoment


class HandoffRules:
    """Evaluates the chosen rules over a signal store, tick by tick; remembers the previous moment."""

    def __init__(
        self, store: SignalStore, rules: Iterable[str] = DEFAULT_RULES, remember_s: float = REMEMBER_S
    ) -> None:
        names = list(rules)
        unknown = [n for n in names if n not in RULE_KINDS]
        if unknown:
            raise ConfigError(f"unknown handoff rule(s) {', '.join(unknown)}; known: {', '.join(RULE_KINDS)}")
        self.store = store
        self.rules = [RULE_KINDS[n] for n in names]
        self.remember_s = remember_s
        self.previous = CarMoment()
        self._last_valid: dict[str, tuple[object, float]] = {}  # field -> (value, when), VALID only

    def evaluate(self, now: float | None = None) -> list[Firing]:
        """Read the signals at ``now`` and return the rules whose condition became true since last time."""
        now = self.store.clock() if now is None else now
        moment = CarMoment.read(self.store, now)
        before = self._before(now)
        fired = [Firing(rule, moment) for rule in self.rules if rule.fires(before, moment)]
        for f in fields(CarMoment):
            value = getattr(moment, f.name)
            if value is not None:
                self._last_valid[f.name] = (value, now)
        self.previous = moment
        return fired

    def _before(self, now: float) -> CarMoment:
        """The previous moment, its gaps filled with recent last VALID values."""
        filled = {}
        for f in fields(CarMoment):
            if getattr(self.previous, f.name) is None and f.name in self._last_valid:
                value, when = self._last_valid[f.name]
                if now - when <= self.remember_s:
                    filled[f.name] = value
        return replace(self.previous, **filled) if filled else self.previous
