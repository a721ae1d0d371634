"""Longitudinal dynamics and the two motors: from a wanted acceleration to pedals, torque and power.

The road load is aerodynamic drag plus rolling resistance. A positive wheel force comes from the
motors (front/rear split, torque- and power-limited); a negative one first from regeneration (power
limited, fading out at walking pace), the rest from the friction brakes. Motor speed follows road
speed through the fixed reduction gear; motor power is shaft power over (or times) the efficiency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

GRAVITY = 9.81


@dataclass(frozen=True)
class VehicleParameters:
    """A mid-size dual-motor EV."""

    mass_kg: float = 2150.0
    drag_coefficient: float = 0.24
    frontal_area_m2: float = 2.45
    rolling_resistance: float = 0.009
    air_density: float = 1.2
    wheel_radius_m: float = 0.36
    gear_ratio: float = 9.1
    wheelbase_m: float = 2.9
    steering_ratio: float = 15.0
    front_max_torque_nm: float = 320.0
    rear_max_torque_nm: float = 480.0
    front_max_power_kw: float = 150.0
    rear_max_power_kw: float = 250.0
    regen_max_power_kw: float = 120.0
    liftoff_regen_decel: float = 1.0  # m/s^2 of regeneration when the driver lifts off (MEDIUM)
    motor_efficiency: float = 0.92
    auxiliary_kw: float = 0.9  # 12 V loads and climate while awake

    @property
    def front_torque_share(self) -> float:
        """The front motor's share of the total torque (split by capability)."""
        return self.front_max_torque_nm / (self.front_max_torque_nm + self.rear_max_torque_nm)


@dataclass
class Motor:
    """One motor and its inverter: speed, torque, DC power and temperatures."""

    name: str
    speed_rpm: float = 0.0
    torque_nm: float = 0.0
    power_kw: float = 0.0  # DC side, negative = regeneration
    temperature_c: float = 28.0
    inverter_temperature_c: float = 27.0
    coolant_c: float = 30.0

    def update(self, torque_nm: float, shaft_rad_s: float, efficiency: float, dt: float) -> None:
        """Apply ``torque_nm`` at ``shaft_rad_s`` for ``dt`` s; losses heat the motor and inverter."""
        self.torque_nm = torque_nm
        self.speed_rpm = shaft_rad_s * 60.0 / (2.0 * math.pi)
        mechanical_kw = torque_nm * shaft_rad_s / 1000.0
        self.power_kw = mechanical_kw / efficiency if mechanical_kw >= 0 else mechanical_kw * efficiency
        loss_w = abs(mechanical_kw) * 1000.0 * (1.0 - efficiency)
        # Most of the loss is in the motor (copper, iron); the inverter takes the switching share.
        self.temperature_c += (0.75 * loss_w - 60.0 * (self.temperature_c - self.coolant_c)) * dt / 30_000.0
        self.inverter_temperature_c += (
            (0.25 * loss_w - 40.0 * (self.inverter_temperature_c - self.coolant_c)) * dt / 6_000.0
        )


@dataclass
class Traction:
    """What the powertrain did in one step."""

    acceleration: float = 0.0
    accelerator_pedal: float = 0.0  # %
    brake_pedal: float = 0.0  # %
    friction_brake_force_n: float = 0.0


@dataclass
class Vehicle:
    """Speed, distance and the motors, advanced by :meth:`step` towards a wanted acceleration."""

    params: VehicleParameters = field(default_factory=VehicleParameters)
    speed_ms: float = 0.0  # signed: negative when reversing
    distance_m: float = 0.0
    front: Motor = field(default_factory=lambda: Motor("front"))
    rear: Motor = field(default_factory=lambda: Motor("rear", temperature_c=30.0))
    last: Traction = field(default_factory=Traction)

    @property
    def speed_kmh(self) -> float:
        """Signed speed in km/h."""
        return self.speed_ms * 3.6

    @property
    def traction_power_kw(self) -> float:
        """DC power of both motors, negative when regenerating."""
        return self.front.power_kw + self.rear.power_kw

    def road_load_n(self, speed: float) -> float:
        """Drag plus rolling resistance opposing motion at ``speed`` (m/s, >= 0)."""
        p = self.params
        if speed < 0.01:
            return 0.0
        drag = 0.5 * p.air_density * p.drag_coefficient * p.frontal_area_m2 * speed * speed
        return drag + p.rolling_resistance * p.mass_kg * GRAVITY

    def step(self, wanted_acceleration: float, direction: int, dt: float, *, driver_pedals: bool) -> Traction:
        """Advance by ``dt`` in gear ``direction`` (+1 D, -1 R, 0 P/N) aiming at ``wanted_acceleration``.

        ``wanted_acceleration`` is along the direction of travel. ``driver_pedals`` says whether the
        driver's feet produce the force (manual driving) or a system does (ACC, AEB): only then do the
        pedal positions move.
        """
        p = self.params
        ratio_per_radius = p.gear_ratio / p.wheel_radius_m
        speed = abs(self.speed_ms)
        if direction == 0:
            # P or N: the car rolls to a stop on its road load and the parking pawl holds it.
            speed = max(0.0, speed - (self.road_load_n(speed) / p.mass_kg + 0.5) * dt)
            self.speed_ms = math.copysign(speed, self.speed_ms)
            self._motors(0.0, 0.0, dt)
            self.last = Traction()
            return self.last
        if speed < 0.01 and wanted_acceleration <= 0.0:
            self.speed_ms = 0.0
            self._motors(0.0, 0.0, dt)
            self.last = Traction(brake_pedal=25.0 if driver_pedals else 0.0)
            return self.last
        road_load = self.road_load_n(speed)
        wheel_force = p.mass_kg * wanted_acceleration + road_load
        max_drive_force = min(
            (p.front_max_torque_nm + p.rear_max_torque_nm) * ratio_per_radius,
            (p.front_max_power_kw + p.rear_max_power_kw) * 1000.0 / max(speed, 1.0),
        )
        traction = Traction()
        if wheel_force >= 0.0:
            motor_force = min(wheel_force, max_drive_force)
            if driver_pedals:
                traction.accelerator_pedal = min(100.0, 100.0 * motor_force / max_drive_force)
            friction = 0.0
        else:
            braking = -wheel_force
            fade = min(1.0, speed / 2.0)  # regeneration fades out below walking pace
            regen_limit = fade * p.regen_max_power_kw * 1000.0 / max(speed, 0.5)
            regen = min(braking, regen_limit)
            friction = braking - regen
            motor_force = -regen
            if driver_pedals:
                pressed = max(0.0, braking - p.mass_kg * p.liftoff_regen_decel)
                traction.brake_pedal = min(100.0, 110.0 * pressed / (p.mass_kg * GRAVITY))
        acceleration = (motor_force - friction - road_load) / p.mass_kg
        new_speed = speed + acceleration * dt
        if new_speed < 0.0:
            new_speed = 0.0
        self.distance_m += (speed + new_speed) / 2.0 * dt
        self.speed_ms = direction * new_speed
        traction.acceleration = acceleration
        traction.friction_brake_force_n = friction
        self._motors(motor_force / ratio_per_radius * direction, direction * new_speed * ratio_per_radius, dt)
        self.last = traction
        return traction

    def _motors(self, total_torque_nm: float, shaft_rad_s: float, dt: float) -> None:
        share = self.params.front_torque_share
        efficiency = self.params.motor_efficiency
        self.front.update(total_torque_nm * share, shaft_rad_s, efficiency, dt)
        self.rear.update(total_torque_nm * (1.0 - share), shaft_rad_s, efficiency, dt)
