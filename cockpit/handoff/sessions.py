"""What gets handed over: navigation and media sessions, and the registry of session kinds.

A session is plain data plus the one behaviour that makes it live: a route shrinks as the car drives
(the distance comes from ``Vehicle.Speed`` in the signal store), a playing track's position moves on
with the clock. On the wire a session is a JSON object with a ``kind``; new kinds register here,
as python-can registers bus backends, and the protocol needs no change.
"""

from __future__ import annotations

import dataclasses
import math
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from cockpit.handoff.route import ARRIVED_WITHIN_M, Route
from cockpit.handoff.schema import SchemaError, boolean, choice, list_of, number, text

#: Walking pace for the last mile, m/s (about 5 km/h).
WALKING_SPEED_MPS = 1.4
#: When the car stands still the ETA assumes an urban average rather than "never", m/s (30 km/h).
URBAN_AVERAGE_MPS = 30 / 3.6


def new_session_id() -> str:
    """A fresh random session id (a phone may use any id up to 64 printable characters)."""
    return uuid.uuid4().hex


class HandoffSession(ABC):
    """One activity that can move between the car and the phone."""

    kind: ClassVar[str]
    id: str

    @abstractmethod
    def to_wire(self, now: float) -> dict[str, Any]:
        """The session as a JSON object at ``now`` (monotonic seconds), with its ``kind``."""

    @classmethod
    @abstractmethod
    def from_wire(cls, fields: Mapping[str, Any], now: float) -> HandoffSession:
        """Validate a received JSON object and build the session; SchemaError names the bad field."""

    @abstractmethod
    def is_active(self, now: float) -> bool:
        """Whether the session is worth handing over (a route not yet arrived, a track not finished)."""

    def for_peer(self, capabilities: frozenset[str]) -> HandoffSession:
        """The session as a peer with these ``hello`` capabilities may receive it: optional fields
        it did not say it understands are left out (a version-1 peer refuses unknown fields)."""
        return self


S = TypeVar("S", bound=type[HandoffSession])
SESSION_KINDS: dict[str, type[HandoffSession]] = {}


def session_kind(cls: S) -> S:
    """Class decorator: register a session kind under its ``kind`` name."""
    SESSION_KINDS[cls.kind] = cls
    return cls


def session_from_wire(value: Any, now: float) -> HandoffSession:
    """Build any registered session kind from its JSON object; SchemaError if unknown or malformed."""
    if not isinstance(value, dict):
        raise SchemaError("session: expected an object")
    kind = value.get("kind")
    cls = SESSION_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise SchemaError(f"session.kind: unknown kind {kind!r} (known: {', '.join(SESSION_KINDS)})")
    return cls.from_wire(value, now)


def _checked(
    fields: Mapping[str, Any], checks: Mapping[str, Callable[[str, Any], Any]], where: str
) -> dict[str, Any]:
    extra = set(fields) - set(checks) - {"kind"}
    if extra:
        raise SchemaError(f"{where}: unexpected field(s) {', '.join(sorted(extra))}")
    out = {}
    for name, check in checks.items():
        if name not in fields:
            raise SchemaError(f"{where}.{name}: missing")
        out[name] = check(f"{where}.{name}", fields[name])
    return out


_SESSION_ID = text(max_len=64, min_len=1)  # an empty id could never be taken back

#: ``hello`` capabilities naming optional fields (docs/handoff-protocol.md, "Optional features").
ROUTE_CAPABILITY = "route"  # navigation sessions may carry ``route`` (geometry, timing, maneuvers)
MEDIA_QUEUE_CAPABILITY = "media_queue"  # media sessions may carry ``queue`` and ``previous``
OPTIONAL_CAPABILITIES = (ROUTE_CAPABILITY, MEDIA_QUEUE_CAPABILITY)


@session_kind
@dataclass
class NavigationSession(HandoffSession):
    """A route to a destination: where to, how far is left, how long it will take, by car or on foot.

    With a ``route`` (the optional geometry, timing and maneuvers) the distance and time left come
    from the car's progress along it (``travelled_m``) and the route's own planned timing; without
    one, the time left shrinks with the distance at the pace the phone planned. Neither follows the
    speedometer: 1 min at 100 km/h is not 20 min in a moment of traffic.
    """

    kind: ClassVar[str] = "navigation"
    destination_name: str
    latitude: float
    longitude: float
    remaining_m: float
    remaining_s: float
    mode: str = "drive"  # "drive" in the car, "walk" for the last mile on the phone
    id: str = field(default_factory=new_session_id)
    route: Route | None = None
    travelled_m: float = 0.0  # progress along ``route`` from its first point

    def __post_init__(self) -> None:
        if self.route is not None:
            self._follow_route()

    _CHECKS: ClassVar[dict[str, Callable[[str, Any], Any]]] = {
        "id": _SESSION_ID,
        "destination_name": text(max_len=200),
        "latitude": number(-90.0, 90.0),
        "longitude": number(-180.0, 180.0),
        "remaining_m": number(0.0, 40_075_000.0),
        "remaining_s": number(0.0, 30 * 86400.0),
        "mode": choice("drive", "walk"),
    }

    def to_wire(self, now: float) -> dict[str, Any]:
        """The route as a JSON object (with its geometry when it has one)."""
        wire = {
            "kind": self.kind,
            "id": self.id,
            "destination_name": self.destination_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "remaining_m": round(self.remaining_m, 1),
            "remaining_s": round(self.remaining_s, 1),
            "mode": self.mode,
        }
        if self.route is not None:
            wire["route"] = {**self.route.to_wire(), "travelled_m": round(self.travelled_m, 1)}
        return wire

    @classmethod
    def from_wire(cls, fields: Mapping[str, Any], now: float) -> NavigationSession:
        """Validate and build a route; ``route`` is optional (a version-1 phone sends none)."""
        plain = {k: v for k, v in fields.items() if k != "route"}
        values = _checked(plain, cls._CHECKS, "navigation")
        if "route" not in fields:
            return cls(**values)
        route = Route.from_wire("navigation.route", fields["route"])
        travelled = number(0.0, route.length_m + 1.0)(
            "navigation.route.travelled_m", fields["route"].get("travelled_m", 0.0)
        )
        return cls(**values, route=route, travelled_m=travelled)

    def for_peer(self, capabilities: frozenset[str]) -> NavigationSession:
        """Without the ``route`` capability the peer gets the version-1 fields only."""
        if self.route is None or ROUTE_CAPABILITY in capabilities:
            return self
        return dataclasses.replace(self, route=None, travelled_m=0.0)

    def is_active(self, now: float) -> bool:
        """A route is active until the destination is reached."""
        return self.remaining_m > 0.0 and not self.arrived

    @property
    def arrived(self) -> bool:
        """Whether the car has reached the end of its route (within ARRIVED_WITHIN_M)."""
        if self.route is not None:
            return self.route.length_m - self.travelled_m <= ARRIVED_WITHIN_M
        return self.remaining_m <= 0.0

    def _follow_route(self) -> None:
        assert self.route is not None
        self.travelled_m = min(max(0.0, self.travelled_m), self.route.length_m)
        self.remaining_m = self.route.length_m - self.travelled_m
        planned = self.route.remaining_s(self.travelled_m)
        self.remaining_s = planned if self.mode == "drive" else self.remaining_m / WALKING_SPEED_MPS

    def drive(self, distance_m: float, speed_kmh: float | None = None) -> None:
        """Move along the route by ``distance_m`` (from the car's own speed or odometer).

        The time left comes from the route's planned timing at the new position, or, without a
        geometry, shrinks in proportion to the distance left (the phone's planned pace).
        ``speed_kmh`` is accepted for callers of the first version and not used: the ETA must not
        follow the speedometer.
        """
        step = max(0.0, distance_m)
        if self.route is not None:
            self.travelled_m += step
            self._follow_route()
            return
        before = self.remaining_m
        self.remaining_m = max(0.0, before - step)
        self.remaining_s = self.remaining_s * (self.remaining_m / before) if before > 0 else 0.0

    def as_walking(self) -> NavigationSession:
        """The same route continued on foot: the phone guides the last mile."""
        return dataclasses.replace(self, mode="walk", remaining_s=self.remaining_m / WALKING_SPEED_MPS)

    def as_driving(self) -> NavigationSession:
        """The same route continued by car (by the route's own timing when it has one)."""
        if self.route is not None:
            return dataclasses.replace(self, mode="drive")  # __post_init__ re-reads the route's timing
        return dataclasses.replace(self, mode="drive", remaining_s=self.remaining_m / URBAN_AVERAGE_MPS)


@dataclass(frozen=True)
class Track:
    """One track in a media session's queue (upcoming) or history (played)."""

    title: str
    artist: str
    album: str
    duration_s: float

    _CHECKS: ClassVar[dict[str, Callable[[str, Any], Any]]] = {
        "title": text(max_len=300),
        "artist": text(max_len=300),
        "album": text(max_len=300),
        "duration_s": number(0.0, 7 * 86400.0),
    }

    def to_wire(self) -> dict[str, Any]:
        """The track as a JSON object."""
        return {
            "title": self.title,
            "artist": self.artist,
            "album": self.album,
            "duration_s": self.duration_s,
        }

    @classmethod
    def check(cls, where: str, value: Any) -> Track:
        """Validate one queued track (a schema check, for ``list_of``)."""
        if not isinstance(value, dict):
            raise SchemaError(f"{where}: expected an object")
        return cls(**_checked(value, cls._CHECKS, where))


MAX_QUEUE = 50
#: "Previous" more than this far into a track starts it again, as every player does.
RESTART_AFTER_S = 3.0


@session_kind
@dataclass
class MediaSession(HandoffSession):
    """A track being played: what it is, how long, where we are in it, and whether it is playing.

    ``position_s`` is the position at ``position_at`` (a monotonic time); while playing the current
    position is computed from the clock, so no timer has to tick it. ``queue`` (the tracks after
    this one) and ``played`` (those before it, the last one nearest) are optional on the wire: a
    session without them has no next track, and "previous" starts the track again.
    """

    kind: ClassVar[str] = "media"
    source: str
    title: str
    artist: str
    album: str
    duration_s: float
    position_s: float
    playing: bool
    position_at: float = 0.0
    id: str = field(default_factory=new_session_id)
    queue: tuple[Track, ...] = ()
    played: tuple[Track, ...] = ()

    _CHECKS: ClassVar[dict[str, Callable[[str, Any], Any]]] = {
        "id": _SESSION_ID,
        "source": text(max_len=100),
        "title": text(max_len=300),
        "artist": text(max_len=300),
        "album": text(max_len=300),
        "duration_s": number(0.0, 7 * 86400.0),
        "position_s": number(0.0, 7 * 86400.0),
        "playing": boolean(),
    }
    _OPTIONAL: ClassVar[dict[str, Callable[[str, Any], Any]]] = {
        "queue": list_of(Track.check, MAX_QUEUE),
        "played": list_of(Track.check, MAX_QUEUE),
    }

    def position(self, now: float) -> float:
        """The position in seconds at ``now``: it advances while playing and stops at the end."""
        if not self.playing:
            return self.position_s
        return min(self.duration_s, self.position_s + max(0.0, now - self.position_at))

    def to_wire(self, now: float) -> dict[str, Any]:
        """The track as a JSON object, its position as of ``now``."""
        wire = {
            "kind": self.kind,
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "artist": self.artist,
            "album": self.album,
            "duration_s": self.duration_s,
            "position_s": round(self.position(now), 3),
            "playing": self.playing,
        }
        if self.queue or self.played:
            wire["queue"] = [t.to_wire() for t in self.queue]
            wire["played"] = [t.to_wire() for t in self.played]
        return wire

    @classmethod
    def from_wire(cls, fields: Mapping[str, Any], now: float) -> MediaSession:
        """Validate and build a track; its position counts from ``now``."""
        values = _checked({k: v for k, v in fields.items() if k not in cls._OPTIONAL}, cls._CHECKS, "media")
        if values["position_s"] > values["duration_s"]:
            raise SchemaError("media.position_s: beyond duration_s")
        optional = {
            name: check(f"media.{name}", fields[name])
            for name, check in cls._OPTIONAL.items()
            if name in fields
        }
        return cls(**values, **optional, position_at=now)

    def for_peer(self, capabilities: frozenset[str]) -> MediaSession:
        """Without the ``media_queue`` capability the peer gets the version-1 fields only."""
        if not (self.queue or self.played) or MEDIA_QUEUE_CAPABILITY in capabilities:
            return self
        return dataclasses.replace(self, queue=(), played=())

    def is_active(self, now: float) -> bool:
        """A track is active until it has played to the end (and nothing is queued after it)."""
        return self.position(now) < self.duration_s or math.isclose(self.duration_s, 0.0) or bool(self.queue)

    def pause(self, now: float) -> None:
        """Stop at the current position."""
        self.position_s, self.position_at, self.playing = self.position(now), now, False

    def play(self, now: float) -> None:
        """Continue from the current position."""
        self.position_s, self.position_at, self.playing = self.position(now), now, True

    def seek(self, now: float, position_s: float) -> None:
        """Jump to ``position_s`` (clamped to the track), keeping play or pause."""
        self.position_s, self.position_at = min(max(0.0, position_s), self.duration_s), now

    def _load(self, track: Track, now: float) -> None:
        self.title, self.artist, self.album, self.duration_s = (
            track.title,
            track.artist,
            track.album,
            track.duration_s,
        )
        self.position_s, self.position_at = 0.0, now

    def _current(self) -> Track:
        return Track(self.title, self.artist, self.album, self.duration_s)

    def next(self, now: float) -> bool:
        """Skip to the next queued track; False (nothing changes) when the queue is empty."""
        if not self.queue:
            return False
        self.played = (self._current(), *self.played)[:MAX_QUEUE]
        upcoming, self.queue = self.queue[0], self.queue[1:]
        self._load(upcoming, now)
        return True

    def previous(self, now: float) -> None:
        """Start the track again, or, within its first seconds, go back to the one played before."""
        if self.position(now) > RESTART_AFTER_S or not self.played:
            self.seek(now, 0.0)
            return
        self.queue = (self._current(), *self.queue)[:MAX_QUEUE]
        before, self.played = self.played[0], self.played[1:]
        self._load(before, now)
