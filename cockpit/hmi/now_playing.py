"""What the now-playing card shows: the track in the car, or else the one a paired device holds,
and whether the card's keys may act on it.

Plain data, no Qt: ``HandoffModel`` keeps the sessions as reported and asks ``shown_track`` which
one is on the card. The state is always a holder's report (the car's own, or a peer's ``sessions``
message) moved on by the clock while the holder says it plays; nothing here guesses the effect
of a tap before the holder confirms it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cockpit.app.seams import MEDIA_CONTROL_CAPABILITY

IN_THE_CAR = ""  # the holder of a track the car plays itself


@dataclass(frozen=True)
class ShownTrack:
    """The track on the card as its holder last reported it."""

    session: Mapping[str, Any]  # the media session's wire fields
    reported_at: float  # when the report arrived (the model's monotonic clock)
    holder: str  # IN_THE_CAR, or the device id of the peer that holds it
    controllable: bool  # the card's keys act on it: the car's own, or a peer naming media_control

    @property
    def in_car(self) -> bool:
        """Whether the car itself plays it."""
        return self.holder == IN_THE_CAR

    def text(self, name: str) -> str:
        """A text field of the track ("" when absent)."""
        return str(self.session.get(name, ""))

    @property
    def duration_s(self) -> float:
        """The track's length, seconds."""
        return float(self.session.get("duration_s", 0.0))

    @property
    def playing(self) -> bool:
        """Whether the holder said it plays."""
        return bool(self.session.get("playing", False))

    def position(self, now: float) -> float:
        """Seconds into the track at ``now``: the reported position, moved on while it plays (as the
        protocol says a receiver does), never past the end."""
        position = float(self.session.get("position_s", 0.0))
        if self.playing:
            position += max(0.0, now - self.reported_at)
        return min(position, self.duration_s)

    @property
    def has_next(self) -> bool:
        """A track is queued after it (a holder without ``media_queue`` sends no queue: no next)."""
        return bool(self.session.get("queue"))


def shown_track(
    car: Mapping[str, Any] | None,
    car_at: float,
    remote: Mapping[str, Any] | None,
    holder: str,
    remote_at: float,
    holder_capabilities: frozenset[str],
) -> ShownTrack | None:
    """The track for the card: the car's if it has one, else the one ``holder`` reported, else None."""
    if car:
        return ShownTrack(car, car_at, IN_THE_CAR, controllable=True)
    if remote:
        controllable = MEDIA_CONTROL_CAPABILITY in holder_capabilities
        return ShownTrack(remote, remote_at, holder, controllable)
    return None
