"""What each transport action does to a held track, wherever it plays (the car or a peer)."""

from __future__ import annotations

import pytest

from cockpit.handoff.media_control import apply_media_action, check_media_action
from cockpit.handoff.sessions import MediaSession, Track

NOW = 1000.0
AFTER = Track("After", "A", "B", 200.0)
BEFORE = Track("Before", "A", "B", 150.0)


def track(position_s: float = 60.0, playing: bool = True, queued: bool = True) -> MediaSession:
    return MediaSession(
        "Mi Music",
        "Now",
        "A",
        "B",
        duration_s=180.0,
        position_s=position_s,
        playing=playing,
        position_at=NOW,
        queue=(AFTER,) if queued else (),
        played=(BEFORE,),
    )


def test_pause_stops_at_the_position_reached_and_play_goes_on_from_there() -> None:
    media = track()
    assert apply_media_action(media, "pause", NOW + 5.0)
    assert (media.playing, media.position(NOW + 100.0)) == (False, pytest.approx(65.0))
    assert apply_media_action(media, "play", NOW + 100.0)
    assert media.position(NOW + 101.0) == pytest.approx(66.0)


def test_a_seek_is_clamped_to_the_track_and_keeps_play_or_pause() -> None:
    media = track(playing=False)
    assert apply_media_action(media, "seek", NOW, 5000.0)
    assert (media.position(NOW + 10.0), media.playing) == (180.0, False)
    assert apply_media_action(media, "seek", NOW, 0.0)
    assert media.position(NOW) == 0.0


def test_next_moves_through_the_queue_and_says_when_there_is_nothing_after() -> None:
    media = track()
    assert apply_media_action(media, "next", NOW)
    assert (media.title, media.position(NOW), media.queue) == ("After", 0.0, ())
    assert [t.title for t in media.played] == ["Now", "Before"]
    assert not apply_media_action(media, "next", NOW)  # nothing queued: nothing changes
    assert media.title == "After"


def test_previous_restarts_the_track_or_within_its_first_seconds_goes_back_one() -> None:
    media = track(position_s=60.0, playing=False)
    assert apply_media_action(media, "previous", NOW)
    assert (media.title, media.position(NOW)) == ("Now", 0.0)
    assert apply_media_action(media, "previous", NOW)
    assert (media.title, [t.title for t in media.queue]) == ("Before", ["Now", "After"])


@pytest.mark.parametrize(
    ("action", "position_s", "complaint"),
    [
        ("rewind", None, "unknown media action 'rewind'; use one of play, pause, next, previous, seek"),
        ("seek", None, "seek needs position_s"),
        ("play", 3.0, "position_s is only for seek, not for play"),
        ("seek", -0.5, "outside 0..604800 s"),
        ("seek", float("inf"), "outside 0..604800 s"),
        ("seek", float("nan"), "outside 0..604800 s"),
    ],
)
def test_an_action_that_makes_no_sense_is_refused_naming_the_problem(action, position_s, complaint) -> None:
    with pytest.raises(ValueError, match=complaint):
        check_media_action(action, position_s)
    media = track()
    with pytest.raises(ValueError):
        apply_media_action(media, action, NOW, position_s)
    assert (media.title, media.playing) == ("Now", True)
