"""Remote control of a track a TV or phone holds, over the real protocol (TLS 1.3 on loopback).

The car's handoff service sends ``control`` to the holder; the holder (the reference phone side,
on its own thread) applies it, reports its sessions and answers, and the car is left with what the
holder reported. A peer whose hello names no ``media_control`` is sent nothing; a malformed
``control`` closes only that connection, as every malformed message does, and the car reconnects.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from test_handoff_companion import CarEvents, Companion
from test_handoff_route_and_media import ConnectedPair, connected_pair
from test_handoff_security import HOST, raw_frame, run, scene, until

from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.errors import HandoffFailed, NotSupportedByPeer
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.link import PeerLink
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY
from cockpit.handoff.messages import SESSION_TYPES, Hello
from cockpit.handoff.phone import PHONE_CAPABILITIES
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.sessions import MediaSession
from cockpit.handoff.tls import session_client_context

pytestmark = pytest.mark.timeout(30)
TV_CAPABILITIES = ("media", "media_queue", MEDIA_CONTROL_CAPABILITY)
OLD_TV_CAPABILITIES = ("media", "media_queue")  # a TV from before media control


def tv_holding_the_track(tmp_path: Path, capabilities: tuple[str, ...]) -> tuple[ConnectedPair, str]:
    """The car and a TV, the demo's track handed to the TV ("Play on TV"); returns the track's id."""
    tv = connected_pair(tmp_path, capabilities, name="Study TV")
    track = demo_sessions(time.monotonic())[1]
    tv.car.hold(track).result(5)
    assert [s.kind for s in tv.car.send_to(tv.phone_id, ("media",)).result(5)] == ["media"]
    tv.car_events.wait_for("peer_sessions", times=2)  # the TV's sessions, now with the track
    # ... and the car's after the handoff (it holds no track now): nothing else is on its way.
    tv.phone_events.wait_for("peer_sessions", times=3)
    return tv, track.id


def control(tv: ConnectedPair, track_id: str, action: str, position_s: float = 0.0) -> MediaSession:
    """A tap on the car's card: the control goes to the TV, the answer has the TV's report."""
    confirmed = tv.car.control_peer_media(tv.phone_id, track_id, action, position_s).result(5)
    assert confirmed is not None and confirmed.id == track_id
    return confirmed


def tv_track(tv: ConnectedPair) -> dict[str, Any]:
    """The track as the TV holds it now, read on the TV's own thread."""

    async def held() -> list[dict[str, Any]]:
        now = tv.phone.clock()
        return [s.to_wire(now) for s in tv.phone.active() if s.kind == "media"]

    [track] = tv.phone_thread.run(held())
    return track


def received_by_tv(tv: ConnectedPair) -> int:
    """How many messages the TV has had from the car on this link."""

    async def count() -> int:
        return tv.phone.links[tv.car.identity.device_id].link.received

    return tv.phone_thread.run(count())


def assert_both_sides_agree(tv: ConnectedPair, confirmed: MediaSession) -> None:
    """The car's confirmed track, what its screen was told, and the TV's own are the same track
    (positions within half a second: a playing track moves on between the readings)."""
    shown = dict(tv.car_events.wait_for("peer_sessions", times=tv.car_events.count("peer_sessions")))
    [on_screen] = [s for s in shown["sessions"] if s["kind"] == "media"]
    on_tv, in_car = tv_track(tv), confirmed.to_wire(time.monotonic())
    for seen in (on_screen, in_car):
        assert seen["position_s"] == pytest.approx(on_tv["position_s"], abs=0.5)
        assert {**seen, "position_s": 0} == {**on_tv, "position_s": 0}


def test_every_action_on_a_tv_held_track_round_trips_and_both_sides_agree(tmp_path: Path) -> None:
    tv, track_id = tv_holding_the_track(tmp_path, TV_CAPABILITIES)
    try:
        paused = control(tv, track_id, "pause")
        assert (paused.title, paused.playing) == ("Blue in Green", False)
        assert_both_sides_agree(tv, paused)

        playing = control(tv, track_id, "play")
        assert playing.playing and playing.position_s == pytest.approx(paused.position_s, abs=0.5)
        assert_both_sides_agree(tv, playing)

        control(tv, track_id, "pause")
        sought = control(tv, track_id, "seek", 100.0)
        assert (sought.position_s, sought.playing) == (100.0, False)
        assert_both_sides_agree(tv, sought)

        skipped = control(tv, track_id, "next")
        assert (skipped.title, skipped.position_s) == ("All Blues", 0.0)
        assert [t.title for t in skipped.played] == ["Blue in Green", "Freddie Freeloader"]
        assert [t.title for t in skipped.queue] == ["Flamenco Sketches"]
        assert_both_sides_agree(tv, skipped)

        back = control(tv, track_id, "previous")  # within the first 3 s: the track before
        assert (back.title, back.position_s) == ("Blue in Green", 0.0)
        assert [t.title for t in back.queue] == ["All Blues", "Flamenco Sketches"]
        assert_both_sides_agree(tv, back)

        control(tv, track_id, "seek", 60.0)
        restarted = control(tv, track_id, "previous")  # later in the track: back to its start
        assert (restarted.title, restarted.position_s) == ("Blue in Green", 0.0)
        assert_both_sides_agree(tv, restarted)

        tv.phone_events.count("media_controlled")
        actions = [d["action"] for n, d in tv.phone_events.seen if n == "media_controlled"]
        assert actions == ["pause", "play", "pause", "seek", "next", "previous", "seek", "previous"]
    finally:
        tv.close()


def test_a_seek_beyond_the_track_lands_on_its_end_on_both_sides(tmp_path: Path) -> None:
    tv, track_id = tv_holding_the_track(tmp_path, TV_CAPABILITIES)
    try:
        control(tv, track_id, "pause")
        at_the_end = control(tv, track_id, "seek", 5000.0)  # the track is 337 s long
        assert at_the_end.position_s == 337.0
        assert tv_track(tv)["position_s"] == 337.0
        assert_both_sides_agree(tv, at_the_end)
        # A position no track can have never leaves the car: the TV hears nothing of it.
        before = received_by_tv(tv)
        for impossible in (-1.0, float("nan"), 8 * 86400.0):
            with pytest.raises(ValueError, match=r"seek position_s .* outside 0\.\.604800 s"):
                tv.car.control_peer_media(tv.phone_id, track_id, "seek", impossible).result(5)
        with pytest.raises(ValueError, match="unknown media action 'rewind'"):
            tv.car.control_peer_media(tv.phone_id, track_id, "rewind").result(5)
        assert received_by_tv(tv) == before
    finally:
        tv.close()


def test_next_with_nothing_queued_is_declined_and_changes_nothing(tmp_path: Path) -> None:
    tv, track_id = tv_holding_the_track(tmp_path, TV_CAPABILITIES)
    try:
        control(tv, track_id, "next")
        last = control(tv, track_id, "next")
        assert (last.title, last.queue) == ("Flamenco Sketches", ())
        with pytest.raises(
            HandoffFailed, match="Study TV declined: nothing is queued after Flamenco Sketches"
        ):
            control(tv, track_id, "next")
        assert tv_track(tv)["title"] == "Flamenco Sketches"
        with pytest.raises(HandoffFailed, match="declined: no track not-a-track here"):
            control(tv, "not-a-track", "pause")
        assert tv.phone_id in tv.car.car.links  # a refusal is an answer: the link carries on
        assert control(tv, track_id, "pause").playing is False
    finally:
        tv.close()


def test_a_tv_without_media_control_is_sent_no_control_and_the_car_says_why(tmp_path: Path) -> None:
    tv, track_id = tv_holding_the_track(tmp_path, OLD_TV_CAPABILITIES)
    try:
        before = received_by_tv(tv)
        with pytest.raises(
            NotSupportedByPeer,
            match=r"Study TV does not take control messages \(its hello names no media_control\)",
        ):
            control(tv, track_id, "pause")
        assert received_by_tv(tv) == before  # not a byte reached it: it would have closed the link
        assert tv_track(tv)["playing"] is True and tv.phone_events.count("media_controlled") == 0
        # Everything else works as before: "Play in the car" takes the track back.
        assert [s.kind for s in tv.car.take_from_phone(("media",)).result(5)] == ["media"]
    finally:
        tv.close()


def test_a_paired_phone_pauses_the_track_the_car_holds(tmp_path: Path) -> None:
    """The protocol is the same both ways: the car names media_control too."""
    phone = connected_pair(tmp_path, PHONE_CAPABILITIES)
    try:
        track = demo_sessions(time.monotonic())[1]
        phone.car.hold(track).result(5)
        link = phone.phone.links[phone.car.identity.device_id]
        phone.phone_thread.run(phone.phone.control(link, track.id, "pause"))
        reported = phone.car_events.wait_for("sessions", times=phone.car_events.count("sessions"))
        [media] = reported["sessions"]
        assert (media["title"], media["playing"]) == ("Blue in Green", False)
    finally:
        phone.close()


def test_the_car_pauses_and_skips_the_track_of_cockpit_companion_in_another_process(tmp_path: Path) -> None:
    events = CarEvents()
    car = CockpitHandoff("Test car", events, StateDir(tmp_path / "car")).start()
    state = str(tmp_path / "phone")
    phone = Companion(
        "--name", "Companion", "--state-dir", state, "--auto-confirm", "--no-announce", "--with-sessions"
    )
    try:
        listening = phone.wait_for("listening")
        pairing = car.pair("127.0.0.1", listening["port"])
        events.wait_for("pairing_code")
        car.answer_pairing(True)
        phone_id = pairing.result(10).device_id
        car.connect(phone_id, "127.0.0.1", listening["port"]).result(10)
        offered = events.wait_for(
            "peer_sessions", where=lambda d: any(s["kind"] == "media" for s in d["sessions"])
        )
        [track] = [s for s in offered["sessions"] if s["kind"] == "media"]

        paused = car.control_peer_media(phone_id, track["id"], "pause").result(10)
        assert paused is not None and paused.playing is False
        said = phone.wait_for("media_controlled", action="pause")
        assert said["from"] == car.identity.device_id and said["session"]["playing"] is False
        skipped = car.control_peer_media(phone_id, track["id"], "next").result(10)
        assert skipped is not None and skipped.title == "All Blues"
        assert phone.wait_for("media_controlled", action="next")["session"]["title"] == "All Blues"
    finally:
        car.stop()
        phone.stop()


# --- hostile or malformed control ---------------------------------------------------------------------
MISSING = object()
HOSTILE_CONTROL: dict[str, tuple[dict[str, Any], str]] = {
    "unknown action": (
        {"action": "rewind"},
        "control.action: expected one of play, pause, next, previous, seek",
    ),
    "no action": ({"action": MISSING}, "control.action: missing"),
    "an action that is not text": ({"action": 3}, "control.action: expected one of"),
    "seek without a position": ({"action": "seek"}, "control.position_s: seek needs position_s"),
    "a position with pause": ({"position_s": 3.0}, "control.position_s: pause takes no position_s"),
    "a negative position": ({"action": "seek", "position_s": -5}, "control.position_s: -5 outside"),
    "a position past a week": (
        {"action": "seek", "position_s": 1e9},
        "control.position_s: 1000000000.0 outside",
    ),
    "a position that is text": (
        {"action": "seek", "position_s": "10"},
        "control.position_s: expected a number",
    ),
    "an empty session id": ({"session_id": ""}, "control.session_id: length 0"),
    "an escape in the session id": ({"session_id": "t\x1b1"}, "control characters"),
    "a lone surrogate in the action": ({"action": "pa\ud800use"}, "a lone surrogate"),
    "an extra field": ({"volume": 11}, "control: unexpected field(s) volume"),
}


@pytest.mark.parametrize("bad", list(HOSTILE_CONTROL))
def test_a_malformed_control_closes_only_that_connection_and_the_track_plays_on(
    tmp_path: Path, bad: str
) -> None:
    change, complaint = HOSTILE_CONTROL[bad]

    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            track = demo_sessions(time.monotonic())[1]
            await s.phone.hold(track)
            phone_pin = s.car.paired.get(s.phone.device_id)
            reader, writer = await asyncio.open_connection(
                HOST, s.port, ssl=session_client_context(s.car.identity, phone_pin)
            )
            link = PeerLink(reader, writer, "phone", SESSION_TYPES)
            await link.send(Hello(s.car.device_id, "Car", 1, ("media", MEDIA_CONTROL_CAPABILITY)))
            document = {"type": "control", "seq": 2, "session_id": track.id, "action": "pause", **change}
            writer.write(raw_frame({k: v for k, v in document.items() if v is not MISSING}))
            await writer.drain()
            await asyncio.wait_for(reader.read(), 3)  # the phone hangs up
            await link.close()
            await until(lambda: s.phone_events.of("disconnected"))
            reason = s.phone_events.of("disconnected")[0]["reason"]
            assert reason.startswith("protocol error from Car: ") and complaint in reason, reason
            # Nothing of it was applied: the track plays on, and the car's next link controls it.
            assert [(x.title, x.playing) for x in s.phone.active()] == [("Blue in Green", True)]
            assert not s.phone_events.of("media_controlled")
            await s.connect()
            await until(lambda: s.car.phone_sessions())
            confirmed = await s.car.control_peer_media(s.phone.device_id, track.id, "pause")
            assert confirmed is not None and confirmed.playing is False

    run(go())


def test_a_holder_that_does_not_answer_in_time_fails_the_control_and_its_state_stays(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:  # the car's request timeout is 1 s here
            await s.pair()
            track = demo_sessions(time.monotonic())[1]
            await s.phone.hold(track)

            async def stuck(link, seq, message) -> None:
                await asyncio.sleep(3600)

            s.phone.listener.handler = stuck
            await s.connect()
            await until(lambda: s.car.phone_sessions())
            started = time.monotonic()
            with pytest.raises(HandoffFailed, match="Phone did not answer within 1 s"):
                await s.car.control_peer_media(s.phone.device_id, track.id, "pause")
            assert time.monotonic() - started < 2.0
            # What the car knows of the track is still the phone's last report: playing.
            [reported] = s.car.phone_sessions()
            assert isinstance(reported, MediaSession) and reported.playing

    run(go())
