"""The demo's sessions: a route and a track the simulated car holds, to hand over to the demo phone."""

from __future__ import annotations

from cockpit.handoff.sessions import MediaSession, NavigationSession


def demo_sessions(now: float) -> tuple[NavigationSession, MediaSession]:
    """A route and a track for demos and tests."""
    return (NavigationSession("Xiaomi Technology Park", 40.0685, 116.3095, remaining_m=3200.0,
                              remaining_s=420.0),
            MediaSession("Mi Music", "Blue in Green", "Miles Davis", "Kind of Blue", duration_s=337.0,
                         position_s=61.0, playing=True, position_at=now))
