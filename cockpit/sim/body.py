"""The body: power mode, doors, occupancy and lights, as the BCM reports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class PowerMode(IntEnum):
    """BCM_PowerMode values."""

    OFF = 0
    ACC = 1
    ON = 2
    READY = 3


class Gear(IntEnum):
    """VCU_GearSelected values."""

    P = 0
    R = 1
    N = 2
    D = 3


class DriveMode(IntEnum):
    """VCU_DriveMode values."""

    ECO = 0
    NORMAL = 1
    SPORT = 2
    SNOW = 3


DOORS = ("FL", "FR", "RL", "RR")  # FL is the driver's door (left-hand drive)


@dataclass
class Body:
    """What the BCM knows: power mode, doors, seats, belts, lights."""

    power_mode: PowerMode = PowerMode.OFF
    gear: Gear = Gear.P
    drive_mode: DriveMode = DriveMode.NORMAL
    doors_open: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(DOORS, False))
    tailgate_open: bool = False
    hood_open: bool = False
    locked: bool = False
    key_inside: bool = True
    driver_seated: bool = True
    driver_belted: bool = True
    passenger_seated: bool = False
    passenger_belted: bool = False
    indicator_left: bool = False
    indicator_right: bool = False
    hazard: bool = False
    low_beam: bool = False
    high_beam: bool = False
    low_voltage_v: float = 12.6

    @property
    def ready(self) -> bool:
        """High voltage on and drive enabled."""
        return self.power_mode == PowerMode.READY

    @property
    def awake(self) -> bool:
        """Power mode at least ON: the 12 V loads and climate draw power."""
        return self.power_mode >= PowerMode.ON
