"""Scenario scripts: what the driver and the world do, step by step, as data.

A script is a list of steps played in order: ``Do`` (an instant action on the car), ``Wait`` (sim
seconds) and ``WaitUntil`` (a condition on the car, with a timeout). Waiting on the car rather than
on the clock lets scripts chain: the ``demo`` loop is the other scripts one after the other, and a
parking manoeuvre starts braking from whatever speed the highway left it at.

The action helpers below read as the script's sentences: ``gear("D")``, ``target(50)``,
``door("FL", open=True)``, ``cut_in(...)``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cockpit.sim.adas import LineType, RoadUser
from cockpit.sim.body import Gear, PowerMode
from cockpit.sim.park import Obstacle
from cockpit.sim.state import CarState

log = logging.getLogger(__name__)

Action = Callable[[CarState], None]
Condition = Callable[[CarState], bool]


@dataclass(frozen=True)
class Do:
    """Apply ``action`` to the car, instantly."""

    action: Action
    label: str


@dataclass(frozen=True)
class Wait:
    """Let ``seconds`` of simulation time pass."""

    seconds: float


@dataclass(frozen=True)
class WaitUntil:
    """Wait until ``condition`` holds, at most ``timeout`` seconds (then go on, with a log line)."""

    condition: Condition
    label: str
    timeout: float = 60.0


Step = Do | Wait | WaitUntil


class ScriptPlayer:
    """Plays a script against a car, one physics step at a time."""

    def __init__(self, steps: Sequence[Step], loop: bool = False) -> None:
        self.steps = list(steps)
        self.loop = loop
        self.index = 0
        self.finished = not self.steps
        self._step_started: float | None = None

    @property
    def current(self) -> str:
        """A short description of the step being played, for logs."""
        if self.finished:
            return "finished"
        step = self.steps[self.index]
        return getattr(step, "label", f"wait {getattr(step, 'seconds', 0):g} s")

    def advance(self, state: CarState) -> None:
        """Play every step that is due at ``state.time``."""
        while not self.finished:
            step = self.steps[self.index]
            if isinstance(step, Do):
                step.action(state)
            else:
                if self._step_started is None:
                    self._step_started = state.time
                elapsed = state.time - self._step_started
                if isinstance(step, Wait):
                    if elapsed < step.seconds - 1e-9:
                        return
                elif not step.condition(state):
                    if elapsed < step.timeout:
                        return
                    log.warning("scenario step %r timed out after %g s; going on", step.label, step.timeout)
            self._step_started = None
            self.index += 1
            if self.index == len(self.steps):
                if self.loop:
                    self.index = 0
                else:
                    self.finished = True


# --- Actions ----------------------------------------------------------------------------------------


def gear(name: str) -> Do:
    """The driver selects P, R, N or D."""
    wanted = Gear[name]

    def select(state: CarState) -> None:
        state.body.gear = wanted
        if wanted != Gear.D:
            state.adas.acc.engaged = False

    return Do(select, f"gear {name}")


def target(kmh: float) -> Do:
    """The driver aims at a speed (negative in reverse)."""

    def aim(state: CarState) -> None:
        state.driver.target_speed_kmh = kmh

    return Do(aim, f"target {kmh:g} km/h")


def power(mode: str) -> Do:
    """The power mode changes (button, brake + button, or auto-off)."""
    wanted = PowerMode[mode]

    def switch(state: CarState) -> None:
        state.body.power_mode = wanted
        if wanted != PowerMode.READY:
            state.adas.acc.engaged = False

    return Do(switch, f"power {mode}")


def door(name: str, open: bool) -> Do:
    """A door (FL, FR, RL, RR) opens or closes."""

    def move(state: CarState) -> None:
        state.body.doors_open[name] = open

    return Do(move, f"door {name} {'open' if open else 'closed'}")


def set_body(label: str, **fields: object) -> Do:
    """Set body fields: ``set_body("driver sits", driver_seated=True)``."""

    def apply(state: CarState) -> None:
        for key, value in fields.items():
            setattr(state.body, key, value)

    return Do(apply, label)


def indicator(side: str, on: bool) -> Do:
    """The left or right direction indicator."""
    return set_body(f"indicator {side} {'on' if on else 'off'}", **{f"indicator_{side}": on})


def acc(
    main: bool | None = None,
    engaged: bool | None = None,
    set_speed: float | None = None,
    time_gap: float | None = None,
) -> Do:
    """The driver works the ACC stalk."""

    def apply(state: CarState) -> None:
        cruise = state.adas.acc
        if main is not None:
            cruise.main_switch = main
            if not main:
                cruise.engaged = False
        if set_speed is not None:
            cruise.set_speed_kmh = set_speed
        if time_gap is not None:
            cruise.time_gap_s = time_gap
        if engaged is not None:
            cruise.engaged = engaged and cruise.main_switch
            if cruise.engaged and set_speed is None and cruise.set_speed_kmh == 0:
                cruise.set_speed_kmh = round(state.speed_kmh)

    return Do(apply, f"acc main={main} engaged={engaged} set={set_speed}")


def lane_keeping(on: bool) -> Do:
    """The lane keeping assist switch."""

    def apply(state: CarState) -> None:
        state.adas.lane_keeping_on = on

    return Do(apply, f"lane keeping {'on' if on else 'off'}")


def road(
    left: str | None = None,
    right: str | None = None,
    curvature: float | None = None,
    quality: float | None = None,
) -> Do:
    """The road changes: line types, bend, how well the camera sees the lines."""

    def apply(state: CarState) -> None:
        lane = state.adas.lane
        if left is not None:
            lane.left_type = LineType[left]
        if right is not None:
            lane.right_type = LineType[right]
        if curvature is not None:
            lane.curvature = curvature
        if quality is not None:
            lane.quality = quality

    return Do(apply, f"road {left}/{right} curvature={curvature}")


def drift(lateral_ms: float) -> Do:
    """The driver lets the car drift sideways (distraction), left positive."""

    def apply(state: CarState) -> None:
        state.adas.lane.drift_ms = lateral_ms

    return Do(apply, f"drift {lateral_ms:g} m/s")


def attention_warning(on: bool) -> Do:
    """The driver monitoring decides the driver is drowsy or distracted."""

    def apply(state: CarState) -> None:
        state.adas.driver_attention_warning = on

    return Do(apply, f"driver attention warning {'on' if on else 'off'}")


def add_road_user(user: RoadUser) -> Do:
    """Another road user appears (a copy, so a looping script starts afresh)."""

    def apply(state: CarState) -> None:
        state.adas.traffic.append(copy.copy(user))

    return Do(apply, f"add {user.label or user.kind.name}")


def clear_traffic() -> Do:
    """Every other road user and obstacle is gone (a new road)."""

    def apply(state: CarState) -> None:
        state.adas.traffic.clear()
        state.park.obstacles.clear()

    return Do(apply, "clear traffic")


def road_user(
    label: str, speed_kmh: float | None = None, target_y: float | None = None, lateral_ms: float | None = None
) -> Do:
    """A road user changes speed or lane."""

    def apply(state: CarState) -> None:
        for user in state.adas.traffic:
            if user.label == label:
                if speed_kmh is not None:
                    user.speed_ms = speed_kmh / 3.6
                if target_y is not None:
                    user.target_y = target_y
                if lateral_ms is not None:
                    user.lateral_speed_ms = lateral_ms

    return Do(apply, f"{label} speed={speed_kmh} lane={target_y}")


def plug(dc: bool = True, charger_kw: float = 150.0) -> Do:
    """A charging cable is plugged in."""

    def apply(state: CarState) -> None:
        state.charge_port.plug(dc=dc, charger_max_kw=charger_kw)

    return Do(apply, f"plug {'DC' if dc else 'AC'} {charger_kw:g} kW")


def unplug() -> Do:
    """The charging cable is removed."""
    return Do(lambda state: state.charge_port.unplug(), "unplug")


def charge_limit(percent: float) -> Do:
    """The driver sets the charge limit."""

    def apply(state: CarState) -> None:
        state.charge_port.charge_limit = percent

    return Do(apply, f"charge limit {percent:g} %")


def component_fault(name: str, on: bool) -> Do:
    """A component reports a fault of its own (valid frames carrying a fault flag): ``"brakes"`` or a
    BMS fault (``"isolation"``, ``"over_temperature"``, ``"cell_imbalance"``)."""

    def apply(state: CarState) -> None:
        if name == "brakes":
            state.brake_fault = on
        elif on:
            state.bms_faults.add(name)
        else:
            state.bms_faults.discard(name)

    return Do(apply, f"{name} fault {'on' if on else 'off'}")


def add_obstacle(obstacle: Obstacle) -> Do:
    """Something stands near the car: a wall, a parked car, a post (a copy, so a loop starts afresh)."""

    def apply(state: CarState) -> None:
        state.park.obstacles.append(copy.copy(obstacle))

    return Do(apply, f"obstacle {obstacle.label or 'ahead'}")


def park_sensor_fault(sector: str, on: bool) -> Do:
    """A park sensor is dirty or broken (reports not available), or works again."""

    def apply(state: CarState) -> None:
        (state.park.faulty.add if on else state.park.faulty.discard)(sector)

    return Do(apply, f"park sensor {sector} {'faulty' if on else 'ok'}")


def until_park_gap_below(metres: float, timeout: float = 30.0) -> WaitUntil:
    """Wait until a park sensor reports a gap under ``metres``."""
    return WaitUntil(lambda state: state.park.nearest_m() < metres, f"park gap < {metres:g} m", timeout)


def until_speed_below(kmh: float, timeout: float = 60.0) -> WaitUntil:
    """Wait until the car is slower than ``kmh``."""
    return WaitUntil(lambda state: state.speed_kmh < kmh, f"speed < {kmh:g} km/h", timeout)


def until_speed_above(kmh: float, timeout: float = 60.0) -> WaitUntil:
    """Wait until the car is faster than ``kmh``."""
    return WaitUntil(lambda state: state.speed_kmh > kmh, f"speed > {kmh:g} km/h", timeout)
