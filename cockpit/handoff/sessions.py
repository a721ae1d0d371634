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

from cockpit.handoff.schema import SchemaError, boolean, choice, number, text

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


def _checked(fields: Mapping[str, Any], checks: Mapping[str, Callable[[str, Any], Any]],
             where: str) -> dict[str, Any]:
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


@session_kind
@dataclass
class NavigationSession(HandoffSession):
    """A route to a destination: where to, how far is left, how long it will take, by car or on foot."""

    kind: ClassVar[str] = "navigation"
    destination_name: str
    latitude: float
    longitude: float
    remaining_m: float
    remaining_s: float
    mode: str = "drive"  # "drive" in the car, "walk" for the last mile on the phone
    id: str = field(default_factory=new_session_id)

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
        """The route as a JSON object."""
        return {"kind": self.kind, "id": self.id, "destination_name": self.destination_name,
                "latitude": self.latitude, "longitude": self.longitude,
                "remaining_m": round(self.remaining_m, 1), "remaining_s": round(self.remaining_s, 1),
                "mode": self.mode}

    @classmethod
    def from_wire(cls, fields: Mapping[str, Any], now: float) -> NavigationSession:
        """Validate and build a route."""
        return cls(**_checked(fields, cls._CHECKS, "navigation"))

    def is_active(self, now: float) -> bool:
        """A route is active until the destination is reached."""
        return self.remaining_m > 0.0

    def drive(self, distance_m: float, speed_kmh: float) -> None:
        """Move along the route by ``distance_m`` at ``speed_kmh``, re-estimating the time left."""
        self.remaining_m = max(0.0, self.remaining_m - max(0.0, distance_m))
        speed = speed_kmh / 3.6 if speed_kmh > 5.0 else URBAN_AVERAGE_MPS
        self.remaining_s = self.remaining_m / speed

    def as_walking(self) -> NavigationSession:
        """The same route continued on foot: the phone guides the last mile."""
        return dataclasses.replace(self, mode="walk", remaining_s=self.remaining_m / WALKING_SPEED_MPS)

    def as_driving(self) -> NavigationSession:
        """The same route continued by car."""
        return dataclasses.replace(self, mode="drive", remaining_s=self.remaining_m / URBAN_AVERAGE_MPS)


@session_kind
@dataclass
class MediaSession(HandoffSession):
    """A track being played: what it is, how long, where we are in it, and whether it is playing.

    ``position_s`` is the position at ``position_at`` (a monotonic time); while playing the current
    position is computed from the clock, so no timer has to tick it.
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

    def position(self, now: float) -> float:
        """The position in seconds at ``now``: it advances while playing and stops at the end."""
        if not self.playing:
            return self.position_s
        return min(self.duration_s, self.position_s + max(0.0, now - self.position_at))

    def to_wire(self, now: float) -> dict[str, Any]:
        """The track as a JSON object, its position as of ``now``."""
        return {"kind": self.kind, "id": self.id, "source": self.source, "title": self.title,
                "artist": self.artist, "album": self.album, "duration_s": self.duration_s,
                "position_s": round(self.position(now), 3), "playing": self.playing}

    @classmethod
    def from_wire(cls, fields: Mapping[str, Any], now: float) -> MediaSession:
        """Validate and build a track; its position counts from ``now``."""
        values = _checked(fields, cls._CHECKS, "media")
        if values["position_s"] > values["duration_s"]:
            raise SchemaError("media.position_s: beyond duration_s")
        return cls(**values, position_at=now)

    def is_active(self, now: float) -> bool:
        """A track is active until it has played to the end."""
        return self.position(now) < self.duration_s or math.isclose(self.duration_s, 0.0)

    def pause(self, now: float) -> None:
        """Stop at the current position."""
        self.position_s, self.position_at, self.playing = self.position(now), now, False

    def play(self, now: float) -> None:
        """Continue from the current position."""
        self.position_s, self.position_at, self.playing = self.position(now), now, True
