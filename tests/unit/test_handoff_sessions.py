"""Sessions: a route shrinks as the car drives, a track plays on with the clock."""

from __future__ import annotations

import pytest

from cockpit.handoff.sessions import SESSION_KINDS, MediaSession, NavigationSession, session_from_wire


def track(playing: bool = True) -> MediaSession:
    return MediaSession(
        "Mi Music",
        "Song",
        "Artist",
        "Album",
        duration_s=180.0,
        position_s=60.0,
        playing=playing,
        position_at=1000.0,
    )


def test_a_playing_track_advances_with_the_clock_and_stops_at_its_end() -> None:
    media = track()
    assert media.position(1010.0) == pytest.approx(70.0)
    assert media.position(5000.0) == 180.0
    assert not media.is_active(5000.0)


def test_a_paused_track_keeps_its_position() -> None:
    media = track()
    media.pause(1005.0)
    assert media.position(2000.0) == pytest.approx(65.0)
    media.play(2000.0)
    assert media.position(2001.0) == pytest.approx(66.0)


def test_a_track_continues_at_the_same_position_after_crossing_the_wire() -> None:
    sent = track().to_wire(1030.0)
    received = session_from_wire(sent, now=7.0)  # the other side's monotonic clock
    assert isinstance(received, MediaSession)
    assert received.position(7.0) == pytest.approx(90.0)
    assert received.position(9.0) == pytest.approx(92.0)


def test_a_route_shrinks_by_the_distance_driven_and_its_eta_follows_the_speed() -> None:
    route = NavigationSession("Office", 40.0, 116.3, remaining_m=1000.0, remaining_s=100.0)
    route.drive(distance_m=100.0, speed_kmh=36.0)
    assert route.remaining_m == pytest.approx(900.0)
    assert route.remaining_s == pytest.approx(90.0)  # 900 m at 10 m/s
    route.drive(distance_m=5000.0, speed_kmh=36.0)
    assert route.remaining_m == 0.0 and not route.is_active(0.0)


def test_the_last_mile_goes_on_foot_and_comes_back_by_car() -> None:
    route = NavigationSession("Office", 40.0, 116.3, remaining_m=700.0, remaining_s=60.0)
    walking = route.as_walking()
    assert walking.mode == "walk" and walking.id == route.id
    assert walking.remaining_s == pytest.approx(500.0)  # 700 m at 1.4 m/s
    assert walking.as_driving().mode == "drive"


def test_session_kinds_are_a_registry() -> None:
    assert set(SESSION_KINDS) == {"navigation", "media"}
