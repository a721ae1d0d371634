"""A route's geometry and guidance: the polyline, the planned time at each point, the maneuvers.

A ``Route`` travels inside a navigation session (the optional ``route`` field, see
docs/handoff-protocol.md) and answers what guidance needs as the car moves along it: how far is
left, how long is left by the route's own timing (the planner's seconds at each point, so the ETA
does not follow the speedometer), where the car is on the line, and the next maneuver.
Distances along the line are great-circle (haversine) metres between the points.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cockpit.handoff.schema import SchemaError, choice, list_of, number, text

EARTH_RADIUS_M = 6_371_008.8  # the mean Earth radius (IUGG)
MAX_ROUTE_POINTS = 1000  # 1000 points is about 30 KiB of JSON: a session still fits a 64 KiB message
MAX_MANEUVERS = 200
#: Closer than this to the end of the line counts as arrived (a parking space, not the pin).
ARRIVED_WITHIN_M = 25.0

#: What a maneuver asks of the driver (the arrow drawn beside it).
MANEUVER_ACTIONS = (
    "depart",
    "straight",
    "turn_left",
    "turn_right",
    "slight_left",
    "slight_right",
    "sharp_left",
    "sharp_right",
    "keep_left",
    "keep_right",
    "uturn",
    "roundabout",
    "arrive",
)


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres between two (latitude, longitude) points in WGS-84 degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Maneuver:
    """One instruction: ``action`` at ``at_m`` metres from the start of the route, onto ``road``."""

    at_m: float
    action: str
    road: str = ""

    def to_wire(self) -> dict[str, Any]:
        """The maneuver as a JSON object."""
        return {"at_m": round(self.at_m, 1), "action": self.action, "road": self.road}


_POINT = list_of(number(-180.0, 180.0), 2)
_MANEUVER_CHECKS = {
    "at_m": number(0.0, 40_075_000.0),
    "action": choice(*MANEUVER_ACTIONS),
    "road": text(max_len=100),
}


def _maneuver(where: str, value: Any) -> Maneuver:
    if not isinstance(value, dict):
        raise SchemaError(f"{where}: expected an object")
    extra = set(value) - set(_MANEUVER_CHECKS)
    if extra:
        raise SchemaError(f"{where}: unexpected field(s) {', '.join(sorted(extra))}")
    for name in ("at_m", "action"):
        if name not in value:
            raise SchemaError(f"{where}.{name}: missing")
    return Maneuver(
        _MANEUVER_CHECKS["at_m"](f"{where}.at_m", value["at_m"]),
        _MANEUVER_CHECKS["action"](f"{where}.action", value["action"]),
        _MANEUVER_CHECKS["road"](f"{where}.road", value.get("road", "")),
    )


@dataclass(frozen=True)
class Route:
    """The line to drive, the planned seconds from the start at each of its points, the maneuvers.

    Built once; ``cumulative_m`` (metres from the start at each point) is computed at construction so
    that every question on the hot path is a binary search.
    """

    points: tuple[tuple[float, float], ...]
    seconds: tuple[float, ...]
    maneuvers: tuple[Maneuver, ...] = ()
    cumulative_m: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise SchemaError("route.points: a route needs at least 2 points")
        if len(self.seconds) != len(self.points):
            raise SchemaError(f"route.seconds: {len(self.seconds)} times for {len(self.points)} points")
        if any(b < a for a, b in itertools.pairwise(self.seconds)):
            raise SchemaError("route.seconds: times must not go backwards")
        for i, (lat, lon) in enumerate(self.points):
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                raise SchemaError(f"route.points[{i}]: ({lat}, {lon}) is not a WGS-84 latitude, longitude")
        total, cumulative = 0.0, [0.0]
        for a, b in itertools.pairwise(self.points):
            total += haversine_m(a, b)
            cumulative.append(total)
        object.__setattr__(self, "cumulative_m", tuple(cumulative))
        object.__setattr__(self, "maneuvers", tuple(sorted(self.maneuvers, key=lambda m: m.at_m)))

    @property
    def length_m(self) -> float:
        """The whole line's length in metres."""
        return self.cumulative_m[-1]

    @property
    def duration_s(self) -> float:
        """The planned time for the whole route."""
        return self.seconds[-1] - self.seconds[0]

    def locate(self, travelled_m: float) -> tuple[int, float]:
        """The segment index ``i`` (points i..i+1) holding ``travelled_m``, and the fraction along it."""
        d = min(max(travelled_m, 0.0), self.length_m)
        i = max(0, min(bisect.bisect_right(self.cumulative_m, d) - 1, len(self.points) - 2))
        span = self.cumulative_m[i + 1] - self.cumulative_m[i]
        return i, (d - self.cumulative_m[i]) / span if span > 0 else 0.0

    def seconds_at(self, travelled_m: float) -> float:
        """The planned seconds from the start when ``travelled_m`` metres have been driven."""
        i, f = self.locate(travelled_m)
        return self.seconds[i] + f * (self.seconds[i + 1] - self.seconds[i]) - self.seconds[0]

    def remaining_s(self, travelled_m: float) -> float:
        """Planned time left from ``travelled_m`` to the end, by the route's own timing."""
        return max(0.0, self.duration_s - self.seconds_at(travelled_m))

    def position_at(self, travelled_m: float) -> tuple[float, float]:
        """The (latitude, longitude) reached after ``travelled_m`` metres along the line."""
        i, f = self.locate(travelled_m)
        (lat1, lon1), (lat2, lon2) = self.points[i], self.points[i + 1]
        return lat1 + f * (lat2 - lat1), lon1 + f * (lon2 - lon1)

    def next_maneuver(self, travelled_m: float) -> Maneuver | None:
        """The first maneuver still ahead (a depart already behind the car is skipped)."""
        for maneuver in self.maneuvers:
            if maneuver.at_m > travelled_m and maneuver.action != "depart":
                return maneuver
        return None

    def to_wire(self) -> dict[str, Any]:
        """The route as the JSON object inside a navigation session (without ``travelled_m``)."""
        return {
            "points": [[round(lat, 6), round(lon, 6)] for lat, lon in self.points],
            "seconds": [round(s, 1) for s in self.seconds],
            "maneuvers": [m.to_wire() for m in self.maneuvers],
        }

    @classmethod
    def from_wire(cls, where: str, value: Any) -> Route:
        """Validate a received route object; SchemaError names the field."""
        if not isinstance(value, Mapping):
            raise SchemaError(f"{where}: expected an object")
        extra = set(value) - {"points", "seconds", "maneuvers", "travelled_m"}
        if extra:
            raise SchemaError(f"{where}: unexpected field(s) {', '.join(sorted(extra))}")
        for name in ("points", "seconds"):
            if name not in value:
                raise SchemaError(f"{where}.{name}: missing")
        points = list_of(_POINT, MAX_ROUTE_POINTS)(f"{where}.points", value["points"])
        for i, point in enumerate(points):
            if len(point) != 2:
                raise SchemaError(f"{where}.points[{i}]: expected [latitude, longitude]")
        seconds = list_of(number(0.0, 30 * 86400.0), MAX_ROUTE_POINTS)(f"{where}.seconds", value["seconds"])
        maneuvers = list_of(_maneuver, MAX_MANEUVERS)(f"{where}.maneuvers", value.get("maneuvers", []))
        try:
            return cls(tuple((p[0], p[1]) for p in points), seconds, maneuvers)
        except SchemaError as exc:
            raise SchemaError(str(exc).replace("route.", f"{where}.", 1)) from None


def planned_route(
    points: Sequence[tuple[float, float]], speeds_kmh: Sequence[float], maneuvers: Sequence[Maneuver] = ()
) -> Route:
    """A route whose timing is planned from a speed per segment (km/h), as a router would plan it."""
    if len(speeds_kmh) != len(points) - 1:
        raise ValueError(f"{len(speeds_kmh)} segment speeds for {len(points)} points")
    seconds = [0.0]
    for (a, b), speed in zip(itertools.pairwise(points), speeds_kmh, strict=True):
        seconds.append(seconds[-1] + haversine_m(a, b) / (speed / 3.6))
    return Route(tuple(points), tuple(seconds), tuple(maneuvers))


def local_metres(route: Route) -> list[tuple[float, float]]:
    """The route's points as (east, south) metres from the north-west corner of its bounding box.

    An equirectangular projection about the route's mean latitude: over the few tens of kilometres
    a guidance view shows, it is within a fraction of a percent of any map projection, and it keeps
    north up and the line's proportions true.
    """
    lat0 = math.radians(sum(p[0] for p in route.points) / len(route.points))
    xs = [math.radians(lon) * math.cos(lat0) * EARTH_RADIUS_M for _, lon in route.points]
    ys = [-math.radians(lat) * EARTH_RADIUS_M for lat, _ in route.points]
    x0, y0 = min(xs), min(ys)
    return [(x - x0, y - y0) for x, y in zip(xs, ys, strict=True)]
