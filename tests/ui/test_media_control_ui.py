"""The now-playing card acting on a track a TV holds: its keys send ``control`` to the TV, and the
card shows what the TV reports, never the state a tap would lead to. A TV that takes no control
gets greyed keys and a line saying where to control the track.

Everything is real: the car's handoff service and a TV endpoint over TLS on 127.0.0.1 (the
harness of test_handoff_actions), the cockpit's QML offscreen, taps as mouse clicks.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from layout_audit import layout_problems, visible_texts
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from support import FakeClock
from test_handoff_actions import Endpoint, Screen, car, connect, pair, screens, small_targets  # noqa: F401
from test_handoff_ui import TRACK, post_from_another_thread

from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.messages import Control
from cockpit.hmi.handoff_model import HandoffModel

pytestmark = pytest.mark.timeout(60)
TV_NAME = "Study TV"
# The play-only TV has a long name (a second living-room TV on the network): its status wraps, the
# tightest layout the card has above its keys.
LONG_TV_NAME = "Living Room Mi TV (2)"
CONTROLLED_TV = ("media", "media_queue", "media_control")
PLAY_ONLY_TV = ("media", "media_queue")  # a TV from before media control


def tv_track(tv: Endpoint) -> dict[str, Any]:
    """The track as the TV holds it now, read on the TV's own thread."""

    async def held() -> list[dict[str, Any]]:
        now = tv.handoff.clock()
        return [s.to_wire(now) for s in tv.handoff.active() if s.kind == "media"]

    found = tv.thread.run(held())
    return found[0] if found else {}


def playing_on_the_tv(qtbot, car, tv: Endpoint, screens, route: bool = True) -> Screen:  # noqa: F811
    """The car paired with the TV, the demo's track handed to it, the Drive page on screen; without
    a ``route`` the cards are at their shortest (the trip figures take the space under them)."""
    model, service = car
    pair(qtbot, car, tv)
    connect(qtbot, car, tv)
    navigation, track = demo_sessions(time.monotonic())
    for session in (navigation, track) if route else (track,):
        service.hold(session).result(5)
    qtbot.waitUntil(lambda: model.property("mediaActive"), timeout=3000)
    screen = screens({"handoff": model}, "drive")
    model.playOn(tv.device_id)  # "Play on TV/speaker", then the TV in the chooser
    qtbot.waitUntil(
        lambda: model.property("mediaHolderName") == tv.name and model.property("title") == "Blue in Green",
        timeout=3000,
    )
    qtbot.waitUntil(lambda: not model.property("busy"), timeout=3000)
    screen.settle()
    return screen


def text(screen: Screen, name: str) -> str:
    return str(screen.item(name).property("text"))


def texts_over_the_keys(screen: Screen) -> list[str]:
    """Card texts drawn over the transport keys (the layout audit compares texts with texts only)."""
    keys = screen.item("transport")
    area = keys.mapRectToScene(keys.boundingRect())
    card = screen.item("nowPlayingCard")
    over = []
    for placed in visible_texts(screen.window):
        node, inside_card = placed.item, False
        while node is not None and not inside_card:
            inside_card = node == card
            node = node.parentItem()
        overlap = placed.ink.intersected(area)
        if inside_card and overlap.width() > 1 and overlap.height() > 1:
            over.append(str(placed))
    return over


def answered(qtbot, model) -> None:
    qtbot.waitUntil(lambda: not model.property("mediaPending"), timeout=3000)


@pytest.fixture
def tv(tmp_path: Path):
    endpoint = Endpoint(tmp_path / "tv", TV_NAME, "tv", CONTROLLED_TV)
    yield endpoint
    endpoint.close()


@pytest.fixture
def play_only_tv(tmp_path: Path):
    endpoint = Endpoint(tmp_path / "old-tv", LONG_TV_NAME, "tv", PLAY_ONLY_TV)
    yield endpoint
    endpoint.close()


def test_a_tv_held_tracks_position_moves_on_from_the_tvs_report_and_a_paused_one_stays(qtbot) -> None:
    clock = FakeClock(100.0)
    model = HandoffModel(clock=clock)
    tv = {"device_id": "7e1e", "name": TV_NAME, "capabilities": list(CONTROLLED_TV)}
    post_from_another_thread(model, "connected", tv)
    post_from_another_thread(model, "peer_sessions", {"device_id": "7e1e", "sessions": [TRACK]})
    qtbot.waitUntil(lambda: model.property("title") == "Blue in Green", timeout=1000)
    assert model.property("mediaControllable") and not model.property("mediaActive")
    clock.now += 10.0
    assert model.property("positionSeconds") == pytest.approx(71.0)
    paused = {**TRACK, "position_s": 80.0, "playing": False}
    post_from_another_thread(model, "peer_sessions", {"device_id": "7e1e", "sessions": [paused]})
    qtbot.waitUntil(lambda: not model.property("playing"), timeout=1000)
    clock.now += 10.0
    assert model.property("positionSeconds") == pytest.approx(80.0)
    post_from_another_thread(model, "disconnected", {"device_id": "7e1e", "name": TV_NAME})
    qtbot.waitUntil(lambda: model.property("title") == "", timeout=1000)
    assert not model.property("mediaControllable")


def test_the_cards_keys_act_on_a_tv_held_track_and_show_what_the_tv_confirms(
    qtbot,
    car,  # noqa: F811
    tv,
    screens,  # noqa: F811
) -> None:
    model, _ = car
    screen = playing_on_the_tv(qtbot, car, tv, screens)
    assert text(screen, "mediaStatus") == "Playing on Study TV"
    assert not screen.item("mediaControlNote").isVisible()
    assert all(screen.item(f"media_{k}").property("enabled") for k in ("previous", "playPause", "next"))

    # In flight, the card keeps the TV's last report: the play/pause key does not flip before the
    # TV confirms (the answer can only be shown once the Qt thread runs again).
    model.controlMedia("pause")
    assert model.property("mediaPending") and model.property("playing")
    answered(qtbot, model)
    assert not model.property("playing") and tv_track(tv)["playing"] is False
    qtbot.waitUntil(lambda: text(screen, "mediaStatus") == "Paused on Study TV", timeout=2000)

    screen.tap("media_playPause")
    answered(qtbot, model)
    assert model.property("playing") and tv_track(tv)["playing"] is True

    screen.tap("media_next")
    answered(qtbot, model)
    assert text(screen, "title") == "All Blues" == tv_track(tv)["title"]

    seek = screen.item("seekArea")
    middle = seek.mapToScene(QPointF(seek.width() / 2, seek.height() / 2))
    QTest.mouseClick(
        screen.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle.toPoint()
    )
    answered(qtbot, model)
    assert tv_track(tv)["position_s"] == pytest.approx(693.0 / 2, abs=3.0)
    assert model.property("positionSeconds") == pytest.approx(tv_track(tv)["position_s"], abs=1.0)

    screen.tap("media_previous")  # half-way in: the track starts again
    answered(qtbot, model)
    assert tv_track(tv)["title"] == "All Blues" and model.property("positionSeconds") < 3.0
    screen.tap("media_previous")  # at its start: the track before
    answered(qtbot, model)
    assert text(screen, "title") == "Blue in Green" == tv_track(tv)["title"]
    assert layout_problems(screen.window) == [] and texts_over_the_keys(screen) == []
    assert small_targets(screen.item("transport")) == []


def test_a_slow_tv_is_shown_waiting_and_the_card_never_runs_ahead_of_it(
    qtbot,
    car,  # noqa: F811
    tv,
    screens,  # noqa: F811
) -> None:
    model, _ = car
    answer_at_once = tv.handoff.listener.handler

    async def slow(link, seq, message) -> None:  # a TV on a busy Wi-Fi: answers after 1 s
        if isinstance(message, Control):
            await asyncio.sleep(1.0)
        await answer_at_once(link, seq, message)

    tv.handoff.listener.handler = slow
    screen = playing_on_the_tv(qtbot, car, tv, screens)
    screen.tap("media_playPause")
    qtbot.waitUntil(lambda: text(screen, "mediaStatus") == "Waiting for Study TV\u2026", timeout=2000)
    assert model.property("playing") and model.property("mediaPending")  # the TV has said nothing yet
    screen.tap("media_next")  # a second tap while the first waits: not sent
    answered(qtbot, model)
    qtbot.waitUntil(lambda: text(screen, "mediaStatus") == "Paused on Study TV", timeout=2000)
    assert text(screen, "title") == "Blue in Green" == tv_track(tv)["title"]
    assert tv_track(tv)["playing"] is False


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_a_tv_without_media_control_gets_greyed_keys_and_the_card_says_where_to_control_it(
    qtbot,
    car,  # noqa: F811
    play_only_tv,
    screens,  # noqa: F811
    theme,
    language,
) -> None:
    model, _ = car
    screen = playing_on_the_tv(qtbot, car, play_only_tv, screens, route=False)
    screen.cockpit.models.settings.setTheme(theme)
    screen.cockpit.models.settings.setLanguage(language)
    screen.settle()
    for key in ("previous", "playPause", "next"):
        assert not screen.item(f"media_{key}").property("enabled"), key
    assert not screen.item("seekArea").property("enabled")
    assert screen.item("mediaControlNote").isVisible()
    if language == "en":
        assert text(screen, "mediaStatus") == "Playing on Living Room Mi TV (2)"
        assert text(screen, "mediaControlNote") == "Control it there"
    else:
        assert text(screen, "mediaStatus") == "正在 Living Room Mi TV (2) 上播放"
        assert text(screen, "mediaControlNote") == "请在该设备上控制"
    # A tap that gets through anyway sends nothing, and the card shows no pending state.
    model.controlMedia("pause")
    assert not model.property("mediaPending")
    assert tv_track(play_only_tv)["playing"] is True
    assert screen.item("takeMediaFromPhone").property("enabled")  # "Play in the car" still works
    assert layout_problems(screen.window) == [] and texts_over_the_keys(screen) == []
