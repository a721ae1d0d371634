"""The simulated car driving as a car profile: the reference physics, through the profile's mapping
in reverse, packed into the profile's own frames by opendbc's packer (its checksums and counters).

Each step: the reference car (cockpit.sim) produces its frames, which our decoder turns into VSS
values; each mapped message of the profile is then filled from those values, every signal through
its mapping entry read backwards (a value table from the VSS value to the raw label; a linear
``transform.math`` inverted), and packed with ``opendbc.can.CANPacker``. A VSS value the reference
car does not have leaves the signal at 0. opendbc's DBCs carry no cycle times: every message is sent
every ``PERIOD_S``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import can

from cockpit.cars.profile import CarProfile, CarSchemas, car_schemas
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.decode.mapping import MappingEntry
from cockpit.signals import SignalStore

PERIOD_S = 0.05  # 20 Hz for every message: opendbc's DBCs carry no cycle times

# VSS paths profiles map that the reference car's mapping does not: derived from the values it has
# (or from its physics), so that every profile's car shows them moving.
_DERIVED: dict[str, Callable[[Callable[[str], Any], Any], Any]] = {
    "Vehicle.Chassis.Brake.IsDriverBraking": lambda get, state: (
        (get("Vehicle.Chassis.Brake.PedalPosition") or 0) > 0
    ),
    "Vehicle.Cabin.Door.IsAnyOpen": lambda get, state: any(
        get(f"Vehicle.Cabin.Door.Row{r}.{s}.IsOpen") for r in (1, 2) for s in ("DriverSide", "PassengerSide")
    ),
    "Vehicle.Chassis.SteeringWheel.Angle": lambda get, state: state.steering_wheel_angle_deg,
    "Vehicle.Chassis.SteeringWheel.AngleMagnitude": lambda get, state: abs(state.steering_wheel_angle_deg),
    "Vehicle.ADAS.ForwardCollisionWarning.IsWarning": lambda get, state: (
        get("Vehicle.ADAS.ForwardCollisionWarning.Level") not in (None, "NONE")
    ),
}


def _inverse(entry: MappingEntry, signal: Any) -> Callable[[Any], float | None]:
    """VSS value -> the signal's physical value (what the packer takes), or None when it has none."""
    if entry.value_map:
        labels = {str(label): raw for raw, label in (signal.choices or {}).items()}
        back: dict[Any, float] = {}
        for source, target in entry.value_map:
            key = target
            if key in back:
                continue
            if isinstance(source, str):
                back[key] = labels[source] * signal.scale + signal.offset
            else:
                back[key] = float(source)

        def from_table(vss: Any) -> float | None:
            return back.get(vss)

        return from_table
    if entry.math is not None:
        zero, one = entry.math(0.0), entry.math(1.0)
        slope = one - zero
        if not slope or not math.isclose(entry.math(2.0), zero + 2 * slope, rel_tol=1e-9, abs_tol=1e-9):
            return lambda vss: None  # not a linear transform: nothing to invert
        return lambda vss: (float(vss) - zero) / slope
    return lambda vss: float(vss)


@dataclass
class _Outgoing:
    bus: int
    dbc: str
    name: str
    frame_id: int
    extended: bool
    fd: bool
    fills: list[tuple[str, str, Callable[[Any], float | None], float, float]]  # signal, path, inverse, lo, hi


class ProfileCar:
    """A SimulatedCar look-alike (``frames_until``, ``time``, ``finished``) sending a profile's frames."""

    def __init__(
        self, profile: CarProfile, scenario: str, seed: int = 0, ready: CarSchemas | None = None
    ) -> None:
        from opendbc.can import CANPacker

        from cockpit.sim import SimulatedCar

        self.profile = profile
        reference = load_vehicle_schema()
        self._reference = SimulatedCar(reference.db, scenario, seed=seed)
        self._store = SignalStore(reference.signal_specs())
        self._decoder = FrameDecoder(reference, self._store, bus_name="reference", live=False)  # sim time
        self.scenario = self._reference.scenario
        ready = ready or car_schemas(profile)
        self._packers = {
            bus.number: CANPacker(bus.dbcs[0]) for bus in profile.buses if bus.name in ready.schemas
        }
        self._outgoing: list[_Outgoing] = []
        for bus in profile.buses:
            schema = ready.schemas.get(bus.name)
            if schema is None:
                continue
            entries = {entry.path: entry for entry in schema.entries}
            for plan in schema.plans.values():
                fills: list[tuple[str, str, Callable[[Any], float | None], float, float]] = []
                for target in plan.targets:
                    signal = plan.message.get_signal_by_name(target.signal)
                    raw_max = (1 << signal.length) - 1
                    raw_min = -(1 << (signal.length - 1)) if signal.is_signed else 0
                    low, high = sorted(
                        (raw_min * signal.scale + signal.offset, raw_max * signal.scale + signal.offset)
                    )
                    fills.append(
                        (target.signal, target.path, _inverse(entries[target.path], signal), low, high)
                    )
                self._outgoing.append(
                    _Outgoing(
                        bus.number,
                        bus.dbcs[0],
                        plan.message.name,
                        plan.message.frame_id,
                        bool(plan.message.is_extended_frame),
                        plan.message.length > 8,
                        fills,
                    )
                )
        self._next = 0.0

    @property
    def time(self) -> float:
        """Simulation time reached, in seconds."""
        return self._reference.time

    @property
    def finished(self) -> bool:
        """True once a non-looping scenario has played its last step."""
        return self._reference.finished

    @property
    def messages(self) -> list[str]:
        """The profile's messages this car sends."""
        return [out.name for out in self._outgoing]

    @property
    def senders(self) -> tuple[Any, ...]:
        """No reference senders: the profile's messages are packed by opendbc."""
        return ()

    @property
    def frames_per_second(self) -> float:
        """Nominal frame rate."""
        return len(self._outgoing) / PERIOD_S

    def frames_until(self, t: float) -> list[can.Message]:
        """Advance to sim time ``t``; every profile frame due by then (channel = opendbc bus number)."""
        frames: list[can.Message] = []
        while self._next <= t:
            for frame in self._reference.frames_until(self._next):
                self._decoder(frame)
            frames.extend(self._pack(self._next))
            self._next += PERIOD_S
        for frame in self._reference.frames_until(t):
            self._decoder(frame)
        return frames

    def _vss(self, path: str, now: float) -> Any:
        if path in self._store:
            return self._store.value_if_valid(path, now)
        derive = _DERIVED.get(path)
        if derive is None:
            return None
        return derive(
            lambda other: self._store.value_if_valid(other, now) if other in self._store else None,
            self._reference.state,
        )

    def _pack(self, timestamp: float) -> list[can.Message]:
        out = []
        now = self._reference.time
        for message in self._outgoing:
            values: dict[str, float] = {}
            for signal, path, inverse, low, high in message.fills:
                vss = self._vss(path, now)
                physical = inverse(vss) if vss is not None else None
                if physical is not None and math.isfinite(physical):
                    values[signal] = min(max(physical, low), high)
            address, data, _ = self._packers[message.bus].make_can_msg(message.name, message.bus, values)
            out.append(
                can.Message(
                    timestamp=timestamp,
                    arbitration_id=address,
                    is_extended_id=message.extended,
                    data=data,
                    is_fd=message.fd,
                    bitrate_switch=message.fd,
                    channel=message.bus,
                )
            )
        return out


class OneBusCar:
    """A profile car's frames of one of its buses only (what one CAN channel carries)."""

    def __init__(self, car: ProfileCar, number: int) -> None:
        self._car = car
        self.number = number

    def __getattr__(self, name: str) -> Any:
        return getattr(self._car, name)

    def frames_until(self, t: float) -> list[can.Message]:
        """The frames of this bus due by ``t``."""
        return [frame for frame in self._car.frames_until(t) if frame.channel == self.number]


def profile_demo_car(name: str, scenario: str, seed: int = 0) -> tuple[Any, OneBusCar]:
    """(the schema of the profile's first bus, the simulated car sending that bus's frames), for the demo."""
    from cockpit.cars import get_profile

    profile = get_profile(name)
    ready = car_schemas(profile)
    bus = next(bus for bus in profile.buses if bus.name in ready.schemas)
    return ready.schemas[bus.name], OneBusCar(
        ProfileCar(profile, scenario, seed=seed, ready=ready), bus.number
    )
