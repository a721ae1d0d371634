"""The park distance control: six ultrasonic sensors, three in each bumper, and what they see.

Obstacles (a wall, a parked car, a post) stand still on the ground; as the car moves they move the
other way in its frame. Each sensor reports the gap from its part of the bumper to the nearest
obstacle across its sector, up to its range; a dirty or broken sensor reports "not available".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

CAR_LENGTH_M = 4.7  # front bumper to rear bumper
RANGE_M = 2.5  # what a sensor reports when nothing is within range
WARN_M = 1.5  # the tone starts (PDC_Warning) below this
SECTORS = ("front_left", "front_centre", "front_right", "rear_left", "rear_centre", "rear_right")
# Each sector's span across the car, m left of its centre line (the corners look a little outwards).
_SPANS = {"left": (0.35, 1.3), "centre": (-0.5, 0.5), "right": (-1.3, -0.35)}


class ParkState(IntEnum):
    """PDC_State values."""

    OFF = 0
    STANDBY = 1
    ACTIVE = 2
    FAULT = 3


@dataclass
class Obstacle:
    """Something standing behind or in front of the car, in the car's frame."""

    x: float  # m ahead of the front bumper (behind the car: below -CAR_LENGTH_M)
    y: float  # m left of the car's centre line
    half_width: float = 0.8
    depth: float = 0.3  # m along the car's axis
    label: str = ""


@dataclass
class ParkSensors:
    """The six sensors: distances per sector, which are faulty, and whether the system is active."""

    obstacles: list[Obstacle] = field(default_factory=list)
    faulty: set[str] = field(default_factory=set)  # sector names reporting not available
    active: bool = False
    system_on: bool = False  # the car's power mode is ON or READY (otherwise PDC_State says OFF)
    powered: bool = True  # the sensors measure (their ECU is sending, so in the simulator: always)
    warn_m: float = WARN_M

    def move(self, speed_ms: float, dt: float) -> None:
        """The car moved ``speed_ms * dt`` metres (negative: reversing); the obstacles stay put."""
        for obstacle in self.obstacles:
            obstacle.x -= speed_ms * dt

    def distance(self, sector: str) -> float | None:
        """The gap from the sector's part of the bumper to the nearest obstacle; None if not available."""
        if sector in self.faulty or not self.powered:
            return None
        end, side = sector.split("_")
        low, high = _SPANS[side]
        nearest = RANGE_M
        for obstacle in self.obstacles:
            if obstacle.y + obstacle.half_width < low or obstacle.y - obstacle.half_width > high:
                continue
            if end == "front":
                gap = obstacle.x - obstacle.depth / 2
            else:
                gap = -CAR_LENGTH_M - (obstacle.x + obstacle.depth / 2)
            if gap >= -0.05:  # an obstacle behind the sensor (passed) is not seen
                nearest = min(nearest, max(0.0, gap))
        return nearest

    def nearest_m(self) -> float:
        """The smallest gap any working sensor reports (RANGE_M when none sees anything)."""
        return min((d for s in SECTORS if (d := self.distance(s)) is not None), default=RANGE_M)

    def nearest_sector(self) -> str:
        """The sector reporting the smallest gap."""
        return min(SECTORS, key=lambda s: RANGE_M + 1 if (d := self.distance(s)) is None else d)

    @property
    def state(self) -> ParkState:
        """What PDC_State reports."""
        if not self.powered or not self.system_on:
            return ParkState.OFF
        if self.faulty:
            return ParkState.FAULT
        return ParkState.ACTIVE if self.active else ParkState.STANDBY

    @property
    def warning(self) -> bool:
        """An obstacle is within the warning distance while the system is active."""
        return self.active and self.system_on and self.nearest_m() < self.warn_m
