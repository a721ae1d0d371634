"""The whole simulated car in one object, and the fixed-step physics loop that advances it.

``CarState.step(dt)`` runs the parts in the order a real car's control loop would: the driver or the
ACC decides an acceleration, the powertrain produces it within its limits, the motors and the
battery follow the power, the charger pushes energy in, the assistance systems look at the new
world. Everything here is plain Python state, so tests can inspect it (``SimulatedCar.state``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from cockpit.sim.adas import Adas
from cockpit.sim.battery import PackParameters, TractionBattery
from cockpit.sim.body import Body, Gear, PowerMode
from cockpit.sim.charging import ChargePort
from cockpit.sim.park import ParkSensors
from cockpit.sim.vehicle import Vehicle

CONSUMPTION_WINDOW_KM = 10.0
STEERING_RATE_DEG_S = 360.0


@dataclass
class Driver:
    """What the person at the wheel wants."""

    target_speed_kmh: float = 0.0  # signed: negative to reverse
    comfort_accel: float = 2.0
    comfort_decel: float = 2.5
    emergency_braking: bool = False

    def wanted_acceleration(self, speed_ms: float) -> float:
        """A smooth approach to the target speed, along the direction of travel."""
        error = abs(self.target_speed_kmh) / 3.6 - abs(speed_ms)
        wanted = max(-self.comfort_decel, min(self.comfort_accel, 0.8 * error))
        if error < -0.05:
            wanted = min(wanted, -0.8)  # a driver brakes to a stop, he does not creep up on it
        return wanted


@dataclass
class CarState:
    """The simulated car: physics, body, assistance systems and the bookkeeping the ECUs report."""

    time: float = 0.0
    vehicle: Vehicle = field(default_factory=Vehicle)
    battery: TractionBattery = field(default_factory=lambda: TractionBattery(PackParameters()))
    body: Body = field(default_factory=Body)
    charge_port: ChargePort = field(default_factory=ChargePort)
    adas: Adas = field(default_factory=Adas)
    park: ParkSensors = field(default_factory=ParkSensors)
    driver: Driver = field(default_factory=Driver)
    odometer_km: float = 12_480.0
    trip_km: float = 0.0
    consumption_kwh_per_100km: float = 16.5
    outside_temperature_c: float = 14.0  # a mild spring day in Beijing
    steering_wheel_angle_deg: float = 0.0
    steering_wheel_speed_deg_s: float = 0.0
    yaw_rate_deg_s: float = 0.0
    lateral_accel: float = 0.0
    brake_fault: bool = False
    bms_faults: set[str] = field(default_factory=set)
    noise: float = 0.0  # a slowly wandering sensor noise in [-1, 1]
    rng: random.Random = field(default_factory=lambda: random.Random(0), repr=False)

    @property
    def speed_kmh(self) -> float:
        """Absolute road speed."""
        return abs(self.vehicle.speed_kmh)

    @property
    def direction(self) -> int:
        """+1 in D, -1 in R, 0 in P or N (or not ready)."""
        body = self.body
        if not body.ready:
            return 0
        return 1 if body.gear == Gear.D else -1 if body.gear == Gear.R else 0

    @property
    def battery_power_kw(self) -> float:
        """Power drawn from the pack (negative when charging)."""
        return self.battery.power_kw

    @property
    def acc_in_control(self) -> bool:
        """The ACC, not the driver's feet, is producing the acceleration."""
        return self.adas.acc.engaged and self.body.gear == Gear.D and self.body.ready

    def step(self, dt: float) -> None:
        """Advance every part by ``dt`` seconds."""
        self.time += dt
        vehicle, body, adas = self.vehicle, self.body, self.adas
        speed = abs(vehicle.speed_ms)
        if self.acc_in_control:
            wanted = adas.acc.wanted_acceleration(speed, adas.lead_vehicle())
        else:
            wanted = self.driver.wanted_acceleration(speed)
        if adas.aeb_active:
            wanted = min(wanted, -adas.aeb_decel)
        if self.driver.emergency_braking:
            wanted = -9.0
        vehicle.step(wanted, self.direction, dt, driver_pedals=not self.acc_in_control)
        self._odometer(dt)
        self._energy(dt)
        curvature = adas.lane.curvature
        speed = abs(vehicle.speed_ms)
        self.yaw_rate_deg_s = math.degrees(vehicle.speed_ms * curvature)
        self.lateral_accel = speed * speed * curvature
        params = vehicle.params
        steer = math.degrees(math.atan(params.wheelbase_m * curvature)) * params.steering_ratio
        # The driver turns the wheel towards the bend at a human rate, not in one step.
        wanted = steer + 2.0 * adas.lane.drift_ms
        limit = STEERING_RATE_DEG_S * dt
        turn = max(-limit, min(limit, wanted - self.steering_wheel_angle_deg))
        self.steering_wheel_speed_deg_s = abs(turn) / dt
        self.steering_wheel_angle_deg += turn
        adas.update(speed, dt, body.indicator_left or body.hazard, body.indicator_right or body.hazard)
        park = self.park
        park.move(vehicle.speed_ms, dt)
        park.system_on = body.power_mode >= PowerMode.ON
        park.active = park.system_on and body.gear == Gear.R
        self.noise += (self.rng.uniform(-1.0, 1.0) - self.noise * 0.5) * min(1.0, dt * 2.0)

    def _odometer(self, dt: float) -> None:
        km = abs(self.vehicle.speed_ms) * dt / 1000.0
        self.odometer_km += km
        self.trip_km += km

    def _energy(self, dt: float) -> None:
        auxiliary = self.vehicle.params.auxiliary_kw if self.body.awake else 0.15
        self.charge_port.step(self.battery, dt)
        if self.charge_port.charging:
            auxiliary += 1.5  # the chiller works hard while fast charging
        power = self.vehicle.traction_power_kw + auxiliary - self.charge_port.power_kw
        self.battery.step(power, dt)
        # Consumption: an exponential average over the last ~10 km of driving.
        km = abs(self.vehicle.speed_ms) * dt / 1000.0
        if km > 0.0 and not self.charge_port.charging:
            instant = (self.vehicle.traction_power_kw + auxiliary) * dt / 3600.0 / km * 100.0
            instant = max(-50.0, min(80.0, instant))
            average = self.consumption_kwh_per_100km
            self.consumption_kwh_per_100km = average + (instant - average) * km / CONSUMPTION_WINDOW_KM
            self.consumption_kwh_per_100km = max(5.0, min(60.0, self.consumption_kwh_per_100km))

    @property
    def range_km(self) -> float:
        """Remaining range at the recent consumption."""
        return self.battery.remaining_energy_kwh / self.consumption_kwh_per_100km * 100.0
