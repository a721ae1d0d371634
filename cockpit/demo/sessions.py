"""The demo's sessions: a route and a track the simulated car holds, to hand over to the demo phone."""

from __future__ import annotations

import itertools

from cockpit.handoff.route import Maneuver, Route, haversine_m, planned_route
from cockpit.handoff.sessions import MediaSession, NavigationSession, Track


def demo_route() -> Route:
    """A drive of about 3 km through Haidian to the Xiaomi Technology Park, for demos and tests."""
    points = [
        (40.0560, 116.2990),
        (40.0561, 116.3040),
        (40.0562, 116.3085),
        (40.0590, 116.3087),
        (40.0625, 116.3089),
        (40.0640, 116.3110),
        (40.0642, 116.3150),
        (40.0665, 116.3152),
        (40.0685, 116.3150),
        (40.0686, 116.3100),
        (40.0685, 116.3095),
    ]
    speeds = [50, 50, 40, 40, 30, 40, 30, 30, 30, 15]
    cumulative = [0.0]
    for a, b in itertools.pairwise(points):
        cumulative.append(cumulative[-1] + haversine_m(a, b))
    maneuvers = [
        Maneuver(0.0, "depart", "Houchangcun Road"),
        Maneuver(cumulative[2], "turn_left", "Anning Zhuang Road"),
        Maneuver(cumulative[4], "slight_right", "Xibeiwang East Road"),
        Maneuver(cumulative[6], "turn_left", "Yongfeng Road"),
        Maneuver(cumulative[8], "turn_left", "Xiaomi Campus"),
        Maneuver(cumulative[10], "arrive", "Xiaomi Technology Park"),
    ]
    return planned_route(points, speeds, maneuvers)


def demo_sessions(now: float) -> tuple[NavigationSession, MediaSession]:
    """A route (with its geometry and maneuvers) and a track with a queue, for demos and tests."""
    route = demo_route()
    return (
        NavigationSession(
            "Xiaomi Technology Park",
            40.0685,
            116.3095,
            remaining_m=route.length_m,
            remaining_s=route.duration_s,
            route=route,
        ),
        MediaSession(
            "Mi Music",
            "Blue in Green",
            "Miles Davis",
            "Kind of Blue",
            duration_s=337.0,
            position_s=61.0,
            playing=True,
            position_at=now,
            queue=(
                Track("All Blues", "Miles Davis", "Kind of Blue", 693.0),
                Track("Flamenco Sketches", "Miles Davis", "Kind of Blue", 566.0),
            ),
            played=(Track("Freddie Freeloader", "Miles Davis", "Kind of Blue", 589.0),),
        ),
    )
