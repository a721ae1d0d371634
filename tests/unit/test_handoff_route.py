"""Route guidance in the handoff: geometry, the route's own timing, maneuvers, and compatibility
with a version-1 peer that knows none of it. Figures are worked by hand in the comments."""

from __future__ import annotations

import json
import math

import pytest

from cockpit.demo.sessions import demo_route
from cockpit.handoff.messages import Sessions, Transfer, decode, encode
from cockpit.handoff.route import Maneuver, Route, haversine_m
from cockpit.handoff.schema import SchemaError
from cockpit.handoff.sessions import MediaSession, NavigationSession, Track, session_from_wire

# One hundredth of a degree of latitude: 6 371 008.8 m * pi / 180 / 100 = 1111.95 m.
STEP_M = 6_371_008.8 * math.pi / 180 / 100
V1_NAVIGATION_FIELDS = {
    "kind",
    "id",
    "destination_name",
    "latitude",
    "longitude",
    "remaining_m",
    "remaining_s",
    "mode",
}
V1_MEDIA_FIELDS = {"kind", "id", "source", "title", "artist", "album", "duration_s", "position_s", "playing"}


def meridian_route() -> Route:
    """Two 1111.95 m segments due north, planned at 60 s and then 120 s (a slower second half)."""
    return Route(
        ((0.0, 0.0), (0.01, 0.0), (0.02, 0.0)),
        (0.0, 60.0, 180.0),
        (
            Maneuver(0.0, "depart", "A"),
            Maneuver(STEP_M, "turn_left", "B Street"),
            Maneuver(2 * STEP_M, "arrive", "Home"),
        ),
    )


def test_haversine_gives_a_hundredth_of_a_degree_of_latitude_as_1112_m() -> None:
    assert haversine_m((0.0, 0.0), (0.01, 0.0)) == pytest.approx(STEP_M, rel=1e-9)
    assert pytest.approx(1111.95, abs=0.01) == STEP_M


def test_time_left_comes_from_the_routes_own_timing_at_the_position_reached() -> None:
    route = meridian_route()
    assert route.length_m == pytest.approx(2 * STEP_M)
    assert route.remaining_s(0.0) == pytest.approx(180.0)
    assert route.remaining_s(STEP_M / 2) == pytest.approx(150.0)  # half of the first 60 s gone
    assert route.remaining_s(1.5 * STEP_M) == pytest.approx(60.0)  # 60 + 60 of 180 s gone
    assert route.position_at(1.5 * STEP_M) == pytest.approx((0.015, 0.0))


def test_the_next_maneuver_is_the_first_ahead_of_the_car() -> None:
    route = meridian_route()
    assert route.next_maneuver(0.0).action == "turn_left"  # the depart is behind the car
    assert route.next_maneuver(STEP_M - 200).at_m - (STEP_M - 200) == pytest.approx(200.0)
    assert route.next_maneuver(STEP_M + 1).action == "arrive"
    assert route.next_maneuver(2 * STEP_M) is None


def test_the_eta_does_not_follow_the_speedometer() -> None:
    slow = NavigationSession("Home", 0.02, 0.0, 0.0, 0.0, route=meridian_route())
    fast = NavigationSession("Home", 0.02, 0.0, 0.0, 0.0, route=meridian_route())
    slow.drive(500.0, 5.0)
    fast.drive(500.0, 100.0)
    assert slow.remaining_s == fast.remaining_s == pytest.approx(180.0 - 500.0 / STEP_M * 60.0)
    assert slow.remaining_m == pytest.approx(2 * STEP_M - 500.0)


def test_without_geometry_the_time_left_shrinks_with_the_distance_at_the_planned_pace() -> None:
    route = NavigationSession("Park", 40.0, 116.0, remaining_m=3000.0, remaining_s=600.0)
    route.drive(1000.0)
    assert (route.remaining_m, route.remaining_s) == pytest.approx((2000.0, 400.0))


def test_a_route_driven_to_its_end_has_arrived_and_is_no_longer_active() -> None:
    route = NavigationSession("Home", 0.02, 0.0, 0.0, 0.0, route=meridian_route())
    route.drive(2 * STEP_M - 30.0)
    assert route.is_active(0.0) and not route.arrived
    route.drive(10.0)  # 20 m short of the pin
    assert route.arrived and not route.is_active(0.0)


def test_a_route_with_geometry_survives_the_wire() -> None:
    route = NavigationSession("Home", 0.02, 0.0, 0.0, 0.0, route=meridian_route())
    route.drive(700.0)
    back = session_from_wire(json.loads(json.dumps(route.to_wire(0.0))), 0.0)
    assert isinstance(back, NavigationSession) and back.route is not None
    assert back.travelled_m == pytest.approx(700.0)
    assert back.remaining_s == pytest.approx(route.remaining_s, abs=0.2)
    assert [m.action for m in back.route.maneuvers] == ["depart", "turn_left", "arrive"]


def test_a_version_1_route_without_geometry_is_still_accepted() -> None:
    wire = {
        "kind": "navigation",
        "id": "r",
        "destination_name": "Park",
        "latitude": 40.0,
        "longitude": 116.0,
        "remaining_m": 500.0,
        "remaining_s": 60.0,
        "mode": "drive",
    }
    back = session_from_wire(wire, 0.0)
    assert isinstance(back, NavigationSession) and back.route is None and back.remaining_m == 500.0


@pytest.mark.parametrize(
    "route, complaint",
    [
        ({"points": [[0, 0]], "seconds": [0]}, "at least 2 points"),
        ({"points": [[0, 0], [0.01, 0]], "seconds": [0]}, "1 times for 2 points"),
        ({"points": [[0, 0], [0.01, 0]], "seconds": [10, 5]}, "must not go backwards"),
        ({"points": [[95, 0], [0.01, 0]], "seconds": [0, 5]}, "not a WGS-84"),
        (
            {"points": [[0, 0], [0.01, 0]], "seconds": [0, 5], "maneuvers": [{"at_m": 1, "action": "fly"}]},
            "maneuvers[0].action",
        ),
        ({"points": [[0, 0], [0.01, 0]], "seconds": [0, 5], "colour": "red"}, "unexpected field"),
        ({"points": [[0, 0], [0.01, 0]], "seconds": [0, 5], "travelled_m": 5000}, "travelled_m"),
    ],
)
def test_a_malformed_route_is_refused_naming_the_field(route: dict, complaint: str) -> None:
    wire = {
        "kind": "navigation",
        "id": "r",
        "destination_name": "X",
        "latitude": 0.0,
        "longitude": 0.0,
        "remaining_m": 1.0,
        "remaining_s": 1.0,
        "mode": "drive",
        "route": route,
    }
    with pytest.raises(SchemaError, match=r"navigation.route") as error:
        session_from_wire(wire, 0.0)
    assert complaint in str(error.value)


def test_a_peer_without_the_route_capability_gets_exactly_the_version_1_fields() -> None:
    from cockpit.demo.sessions import demo_sessions

    route, track = demo_sessions(0.0)
    old = frozenset({"navigation", "media"})
    assert set(route.for_peer(old).to_wire(0.0)) == V1_NAVIGATION_FIELDS
    assert set(track.for_peer(old).to_wire(0.0)) == V1_MEDIA_FIELDS
    new = frozenset({"navigation", "media", "route", "media_queue"})
    assert "route" in route.for_peer(new).to_wire(0.0) and "queue" in track.for_peer(new).to_wire(0.0)


def test_the_demo_route_fits_one_message_with_room_to_spare() -> None:
    from cockpit.demo.sessions import demo_sessions

    frame = encode(Sessions(demo_sessions(0.0)), 1, 0.0)
    assert len(frame) < 8 * 1024
    _, message = decode(frame[4:], 0.0)
    assert isinstance(message, Sessions) and message.sessions[0].route.to_wire() == demo_route().to_wire()


def test_a_maximal_route_still_fits_the_64_kib_limit() -> None:
    points = tuple((40.0 + i * 1e-4 + 1.234567e-6, 116.0 + 1.234567e-6) for i in range(1000))
    route = Route(
        points,
        tuple(float(i) * 12.3 for i in range(1000)),
        tuple(Maneuver(i * 100.0, "turn_right", "R" * 100) for i in range(200)),
    )
    session = NavigationSession("D" * 200, 40.0, 116.0, 0.0, 0.0, route=route)
    assert len(encode(Transfer(session, "manual"), 1, 0.0)) < 64 * 1024


def test_next_and_previous_move_through_the_queue_and_previous_restarts_a_track_under_way() -> None:
    track = MediaSession(
        "Mi Music",
        "One",
        "A",
        "X",
        100.0,
        50.0,
        True,
        position_at=0.0,
        queue=(Track("Two", "A", "X", 200.0),),
    )
    track.previous(10.0)  # 60 s in: starts again
    assert (track.title, track.position(10.0)) == ("One", 0.0)
    assert track.next(20.0) and (track.title, track.duration_s, track.position(20.0)) == ("Two", 200.0, 0.0)
    assert not track.next(21.0) and track.title == "Two"  # nothing queued after it
    track.previous(22.0)  # 2 s in: back to the one before
    assert track.title == "One" and [t.title for t in track.queue] == ["Two"]


def test_seek_keeps_play_or_pause_and_stays_inside_the_track() -> None:
    track = MediaSession("Mi Music", "One", "A", "X", 100.0, 10.0, False, position_at=0.0)
    track.seek(5.0, 250.0)
    assert track.position(9.0) == 100.0 and not track.playing
    track.seek(5.0, 40.0)
    track.play(5.0)
    assert track.position(7.0) == pytest.approx(42.0)
