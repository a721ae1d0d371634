"""Day or night for ``theme = "auto"``: the car's headlamps when the signal is valid, else the sun.

The headlamp switch (or the light sensor behind its "auto" position) is the best judge of whether
the driver needs a dark screen: it knows about tunnels and car parks. Without a valid headlamp
signal the sun's elevation at the configured place decides (a small solar-position calculation,
NOAA's low-precision formulas, good to well under a minute of sunrise time). No Qt here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from cockpit.signals import SignalReading

#: The VSS signal of the dipped headlamps (BCM_LowBeam in the reference DBC).
LOW_BEAM = "Vehicle.Body.Lights.Beam.Low.IsOn"
#: The sun's centre this far below the horizon is sunrise/sunset (refraction and its radius).
SUNRISE_ELEVATION_DEG = -0.833
#: Where the cockpit is when cockpit.toml does not say: Beijing.
DEFAULT_LATITUDE = 39.9042
DEFAULT_LONGITUDE = 116.4074


def solar_elevation(unix_time: float, latitude: float, longitude: float) -> float:
    """The sun's elevation above the horizon in degrees at ``unix_time`` (seconds, UTC) and place."""
    n = unix_time / 86400.0 + 2440587.5 - 2451545.0  # days since J2000.0
    mean_longitude = math.radians((280.460 + 0.9856474 * n) % 360.0)
    anomaly = math.radians((357.528 + 0.9856003 * n) % 360.0)
    ecliptic = mean_longitude + math.radians(1.915 * math.sin(anomaly) + 0.020 * math.sin(2 * anomaly))
    obliquity = math.radians(23.439 - 0.0000004 * n)
    right_ascension = math.atan2(math.cos(obliquity) * math.sin(ecliptic), math.cos(ecliptic))
    declination = math.asin(math.sin(obliquity) * math.sin(ecliptic))
    sidereal_deg = (280.46061837 + 360.98564736629 * n + longitude) % 360.0
    hour_angle = math.radians(sidereal_deg) - right_ascension
    lat = math.radians(latitude)
    sine = math.sin(lat) * math.sin(declination) + math.cos(lat) * math.cos(declination) * math.cos(
        hour_angle
    )
    return math.degrees(math.asin(max(-1.0, min(1.0, sine))))


def sun_is_up(unix_time: float, latitude: float, longitude: float) -> bool:
    """True between local sunrise and sunset."""
    return solar_elevation(unix_time, latitude, longitude) > SUNRISE_ELEVATION_DEG


@dataclass(frozen=True)
class AutoTheme:
    """Chooses "day" or "night" from the headlamps (when valid) or the sun at a place."""

    latitude: float = DEFAULT_LATITUDE
    longitude: float = DEFAULT_LONGITUDE

    def theme(self, unix_time: float, low_beam: SignalReading | None = None) -> str:
        """The theme for ``unix_time`` (wall-clock seconds) given the low-beam reading, if any."""
        if low_beam is not None and low_beam.is_valid and isinstance(low_beam.value, bool):
            return "night" if low_beam.value else "day"
        return "day" if sun_is_up(unix_time, self.latitude, self.longitude) else "night"

    def follow(
        self, wall_clock: Callable[[], float], low_beam: Callable[[], SignalReading | None]
    ) -> Callable[[], str]:
        """A no-argument function giving the theme now, for a timer to call."""
        return lambda: self.theme(wall_clock(), low_beam())
