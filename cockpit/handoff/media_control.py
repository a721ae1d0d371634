"""Media control: the transport actions, and what each one does to a track held on this device.

The car applies them to the track it holds when the driver taps its now-playing card, and any
holder that names ``media_control`` in its ``hello`` applies them to its own track when a peer
sends a ``control`` message (docs/handoff-protocol.md, "Media control"). Both go through
``apply_media_action``, so a track reacts to "previous" or to a seek past its end the same way
wherever it plays.
"""

from __future__ import annotations

import math

from cockpit.handoff.sessions import MediaSession

#: The ``hello`` capability of a device that takes ``control`` messages for the tracks it holds.
MEDIA_CONTROL_CAPABILITY = "media_control"
#: What the now-playing card can ask of a track, in the order of the protocol's table.
MEDIA_ACTIONS = ("play", "pause", "next", "previous", "seek")
#: The furthest a seek may ask for, seconds: the longest track the schema accepts (a week).
MAX_SEEK_S = 7 * 86400.0


def check_media_action(action: str, position_s: float | None) -> None:
    """ValueError naming the problem unless ``action`` is known and ``position_s`` fits it.

    A seek needs a position (0 to a week; beyond the track is clamped by the holder, which knows
    its length); no other action takes one, so a stray position cannot be misread as a seek.
    """
    if action not in MEDIA_ACTIONS:
        raise ValueError(f"unknown media action {action!r}; use one of {', '.join(MEDIA_ACTIONS)}")
    if action != "seek":
        if position_s is not None:
            raise ValueError(f"position_s is only for seek, not for {action}")
        return
    if position_s is None:
        raise ValueError("seek needs position_s (seconds into the track)")
    if isinstance(position_s, bool) or not math.isfinite(position_s) or not 0.0 <= position_s <= MAX_SEEK_S:
        raise ValueError(f"seek position_s {position_s!r} outside 0..{MAX_SEEK_S:g} s")


def apply_media_action(track: MediaSession, action: str, now: float, position_s: float | None = None) -> bool:
    """Play, pause, skip, go back or seek ``track`` at ``now``; False when ``next`` finds nothing
    queued (then nothing changes). A seek is clamped to the track; "previous" restarts the track,
    or within its first seconds goes back to the one played before (``MediaSession.previous``)."""
    check_media_action(action, position_s)
    if action == "play":
        track.play(now)
    elif action == "pause":
        track.pause(now)
    elif action == "seek":
        assert position_s is not None  # check_media_action made sure
        track.seek(now, position_s)
    elif action == "previous":
        track.previous(now)
    else:
        return track.next(now)
    return True
