"""The handoff in the cockpit's UI: the navigation and now-playing cards, and the pairing dialog.

The model is fed the way the app feeds it: events posted from the handoff's own thread and hopped
to the Qt thread through a queued signal. The end-to-end tests use the real handoff service and a
real phone endpoint over TLS on loopback; taps are real mouse clicks on the offscreen window.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads (tests/conftest.py may too)

import threading
import time
from pathlib import Path

import pytest
from layout_audit import layout_problems
from PySide6.QtCore import QByteArray, QPointF, Qt, QThread, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtTest import QTest
from support import FakeClock

from cockpit import resources
from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.runner import HandoffThread
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.trust import PairedDevices
from cockpit.hmi.app import Cockpit
from cockpit.hmi.handoff_model import HandoffModel
from cockpit.signals import SignalStore

pytestmark = pytest.mark.timeout(60)
UI_DIR = resources.ui_dir()

ROUTE = {
    "kind": "navigation",
    "id": "r1",
    "destination_name": "Xiaomi Technology Park",
    "latitude": 40.07,
    "longitude": 116.31,
    "remaining_m": 12_300.0,
    "remaining_s": 960.0,
    "mode": "drive",
}
TRACK = {
    "kind": "media",
    "id": "t1",
    "source": "Mi Music",
    "title": "Blue in Green",
    "artist": "Miles Davis",
    "album": "Kind of Blue",
    "duration_s": 337.0,
    "position_s": 61.0,
    "playing": True,
}


def post_from_another_thread(model: HandoffModel, event: str, details: dict) -> None:
    """Post as the handoff thread does (never from the Qt thread)."""
    worker = threading.Thread(target=model.post, args=(event, details), name="cockpit-test-poster")
    worker.start()
    worker.join()


def click(window, item) -> None:
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre.toPoint())


# --- the model ---------------------------------------------------------------------------------------
def test_events_from_the_handoff_thread_are_applied_on_the_qt_thread(qtbot) -> None:
    model = HandoffModel()
    seen_on: list[QThread] = []
    model.navigationChanged.connect(lambda: seen_on.append(QThread.currentThread()))
    post_from_another_thread(model, "sessions", {"sessions": [ROUTE]})
    qtbot.waitUntil(lambda: model.property("navigationActive"), timeout=1000)
    assert seen_on and all(thread is model.thread() for thread in seen_on)
    assert model.property("destinationName") == "Xiaomi Technology Park"
    assert model.property("remainingKm") == pytest.approx(12.3)


def test_a_playing_tracks_position_moves_on_and_a_paused_one_stays(qtbot) -> None:
    clock = FakeClock(100.0)
    model = HandoffModel(clock=clock)
    post_from_another_thread(model, "sessions", {"sessions": [TRACK]})
    qtbot.waitUntil(lambda: model.property("mediaActive"), timeout=1000)
    clock.now += 10.0
    assert model.property("positionSeconds") == pytest.approx(71.0)
    paused = {**TRACK, "position_s": 80.0, "playing": False}
    post_from_another_thread(model, "sessions", {"sessions": [paused]})
    qtbot.waitUntil(lambda: not model.property("playing"), timeout=1000)
    clock.now += 10.0
    assert model.property("positionSeconds") == pytest.approx(80.0)


def test_a_failed_handoff_is_said_and_a_malformed_event_is_only_logged(qtbot, caplog) -> None:
    model = HandoffModel()
    post_from_another_thread(model, "sessions", {"sessions": "not a list of sessions"})
    post_from_another_thread(model, "handoff_failed", {"reason": "Phone did not answer within 2 s"})
    qtbot.waitUntil(lambda: model.property("messageIsError"), timeout=1000)
    assert model.property("message") == "Phone did not answer within 2 s"
    assert "could not be shown" in caplog.text


# --- the cards in the cockpit --------------------------------------------------------------------------
@pytest.fixture
def cockpit_with(qapp):
    made: list[Cockpit] = []

    def build(model: HandoffModel | None) -> Cockpit:
        services = {"handoff": model} if model is not None else {}
        cockpit = Cockpit(SignalStore(), services=services, ui_dir=UI_DIR)
        window = cockpit.load()
        window.show()
        made.append(cockpit)
        return cockpit

    yield build
    for cockpit in made:
        cockpit.close()


def test_without_a_handoff_service_the_cards_show_a_calm_empty_state(qtbot, cockpit_with) -> None:
    cockpit = cockpit_with(None)
    assert cockpit.find("navigationEmpty").property("visible")
    assert cockpit.find("nowPlayingEmpty").property("visible")
    assert cockpit.load_warnings == []


def test_the_cards_show_the_route_and_the_track_and_follow_their_updates(qtbot, cockpit_with) -> None:
    model = HandoffModel()
    cockpit = cockpit_with(model)
    post_from_another_thread(model, "sessions", {"sessions": [ROUTE, TRACK]})
    qtbot.waitUntil(
        lambda: cockpit.find("destination").property("text") == "Xiaomi Technology Park", timeout=1000
    )
    assert cockpit.find("remaining").property("text") == "12.3 km  \u00b7  16 min"
    assert cockpit.find("title").property("text") == "Blue in Green"
    artist = cockpit.find("artist")
    # "artist · album" when it fits the card's one line, else the artist alone; never two lines.
    assert artist.property("text") in ("Miles Davis  \u00b7  Kind of Blue", "Miles Davis")
    assert artist.property("lineCount") == 1 and not artist.property("truncated")
    post_from_another_thread(
        model, "sessions", {"sessions": [{**ROUTE, "remaining_m": 11_800.0, "remaining_s": 900.0}, TRACK]}
    )
    qtbot.waitUntil(
        lambda: cockpit.find("remaining").property("text") == "11.8 km  \u00b7  15 min", timeout=1000
    )
    assert cockpit.load_warnings == []


# --- end to end: the real service, a real phone ----------------------------------------------------------
@pytest.fixture
def phone(tmp_path: Path):
    thread = HandoffThread("cockpit-test-phone").start()
    state = StateDir(tmp_path / "phone")

    async def confirm(prompt: PairingPrompt) -> bool:
        return True

    endpoint = PhoneHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Test phone",
        lambda event, details: None,
        confirm,
    )
    port = thread.run(endpoint.start())
    yield endpoint, thread, port
    thread.run(endpoint.close())
    thread.stop()


@pytest.fixture
def car(tmp_path: Path, qapp):
    model = HandoffModel()
    service = CockpitHandoff("Test car", model.event_sink(), StateDir(tmp_path / "car")).start()
    model.attach(service)
    yield model, service
    service.stop()


def pairing_dialog(engine: QQmlEngine, model: HandoffModel):
    component = QQmlComponent(engine)
    component.setData(
        QByteArray(b"""
import QtQuick
import QtQuick.Window
import "panels"
Window {
    id: harness
    required property var services
    width: 1920; height: 720
    PairingDialog { objectName: "pairingDialog"; anchors.fill: parent; services: harness.services }
}
"""),
        QUrl.fromLocalFile(str(UI_DIR / "PairingHarness.qml")),
    )
    window = component.createWithInitialProperties({"services": {"handoff": model}})
    assert window is not None, component.errorString()
    return component, window


def test_the_pairing_dialog_shows_the_code_and_confirming_pairs(qtbot, car, phone) -> None:
    model, service = car
    _, _, port = phone
    engine = QQmlEngine()
    component, window = pairing_dialog(engine, model)
    window.show()
    try:
        dialog = window.findChild(object, "pairingDialog")
        assert not dialog.property("visible")
        pairing = service.pair("127.0.0.1", port)
        qtbot.waitUntil(lambda: dialog.property("visible"), timeout=5000)
        code = model.property("pairingCode")
        assert len(code) == 6
        assert window.findChild(object, "pairingCode").property("text") == f"{code[:3]} {code[3:]}"
        qtbot.waitUntil(lambda: layout_problems(window) == [], timeout=1000)  # once laid out
        click(window, window.findChild(object, "confirmPairing"))
        assert pairing.result(5).name == "Test phone"
        qtbot.waitUntil(lambda: not dialog.property("visible"), timeout=2000)
    finally:
        window.close()
        window.deleteLater()
        del component


def test_the_pairing_dialog_cannot_be_confirmed_while_driving_and_says_why(
    qtbot, tmp_path: Path, phone, store
) -> None:
    """NHTSA's visual-manual lockout covers comparing the codes too: a phone that asks to pair
    while the car moves gets the dialog with "Codes match" disabled and the reason under it;
    the request waits, and pairs once the car is below 8 km/h."""
    _, _, port = phone
    model = HandoffModel(store=store)
    store.update("Vehicle.Speed", 50.0, store.clock())
    model.read_vehicle()
    service = CockpitHandoff("Test car", model.event_sink(), StateDir(tmp_path / "car")).start()
    model.attach(service)
    engine = QQmlEngine()
    _component, window = pairing_dialog(engine, model)  # the component must outlive the window
    window.show()
    try:
        pairing = service.pair("127.0.0.1", port)
        dialog = window.findChild(object, "pairingDialog")
        qtbot.waitUntil(lambda: dialog.property("visible"), timeout=5000)
        confirm = window.findChild(object, "confirmPairing")
        assert not confirm.property("enabled")
        assert window.findChild(object, "confirmPairingReason").property("text") == "Locked while driving"
        assert window.findChild(object, "rejectPairing").property("enabled"), "saying no is one safe tap"
        model.confirmPairing()  # a tap that still gets here (a race with the speed) is refused too
        assert model.property("pairingActive") and not pairing.done()
        qtbot.waitUntil(lambda: layout_problems(window) == [], timeout=1000)
        store.update("Vehicle.Speed", 0.0, store.clock())
        model.read_vehicle()
        assert confirm.property("enabled")
        click(window, confirm)
        assert pairing.result(5).name == "Test phone"
    finally:
        window.close()
        window.deleteLater()
        service.stop()


def test_send_to_phone_and_take_from_phone_move_the_route_for_real(qtbot, car, phone, cockpit_with) -> None:
    model, service = car
    endpoint, _phone_thread, port = phone
    pairing = service.pair("127.0.0.1", port)
    qtbot.waitUntil(lambda: model.property("pairingActive"), timeout=5000)
    model.confirmPairing()
    device = pairing.result(5)
    service.phone_seen(device.device_id, "127.0.0.1", port).result(5)
    service.hold(demo_sessions(time.monotonic())[0]).result(5)
    cockpit = cockpit_with(model)
    qtbot.waitUntil(
        lambda: model.property("phoneConnected") and model.property("navigationActive"), timeout=3000
    )

    send = cockpit.find("sendNavigationToPhone")
    qtbot.waitUntil(lambda: send.property("enabled"), timeout=1000)
    click(cockpit.window, send)
    qtbot.waitUntil(lambda: [s.kind for s in endpoint.active()] == ["navigation"], timeout=3000)
    # The card follows: the route is on the phone now (as soon as the phone reports it).
    qtbot.waitUntil(
        lambda: (
            cockpit.find("destination").property("text") == "Xiaomi Technology Park"
            and cockpit.find("takeNavigationFromPhone") is not None
        ),
        timeout=2000,
    )
    assert cockpit.find("navigationStatus").property("text") == "On your phone"

    take = cockpit.find("takeNavigationFromPhone")
    qtbot.waitUntil(lambda: take.property("enabled"), timeout=2000)
    click(cockpit.window, take)
    qtbot.waitUntil(
        lambda: (
            cockpit.find("sendNavigationToPhone") is not None
            and cockpit.find("navigationStatus").property("text") == "Navigation"
        ),
        timeout=3000,
    )
    assert endpoint.active() == []
    assert cockpit.load_warnings == []


@pytest.mark.parametrize("theme", ["day", "night"])
def test_the_cards_stay_legible_with_long_names_and_a_failed_handoff(qtbot, cockpit_with, theme) -> None:
    model = HandoffModel()
    cockpit = cockpit_with(model)
    cockpit.models.settings.setTheme(theme)
    route = {**ROUTE, "destination_name": "Beijing Capital Airport, Terminal 3"}
    track = {
        **TRACK,
        "title": "A Love Supreme, Pt. I: Acknowledgement",
        "artist": "John Coltrane",
        "album": "A Love Supreme (Deluxe Edition)",
    }
    post_from_another_thread(model, "sessions", {"sessions": [route, track]})
    for kind in ("navigation", "media"):
        post_from_another_thread(
            model,
            "handoff_failed",
            {"kind": kind, "to": "f00d", "reason": "Test phone did not answer within 2 s"},
        )
    qtbot.waitUntil(lambda: model.property("mediaError") != "", timeout=1000)
    assert cockpit.find("navigationStatus").property("text") == "Test phone did not answer within 2 s"
    assert layout_problems(cockpit.window) == []
    # Both sessions on the phone: the cards offer to take them.
    post_from_another_thread(model, "sessions", {"sessions": []})
    post_from_another_thread(model, "peer_sessions", {"sessions": [route, track]})
    qtbot.waitUntil(lambda: model.property("phoneHasMedia"), timeout=1000)
    assert cockpit.find("takeNavigationFromPhone").property("visible")
    assert layout_problems(cockpit.window) == []
    # The driver sits in and switches on: the cards ask, one tap away.
    post_from_another_thread(model, "offer", {"sessions": [route, track]})
    qtbot.waitUntil(lambda: model.property("offerPending"), timeout=1000)
    model.dismissMessage()
    assert cockpit.find("navigationStatus").property("text") == "Continue here from your phone?"
    assert cockpit.find("mediaStatus").property("text") == "Continue here from your phone?"
    assert layout_problems(cockpit.window) == []


def test_an_absurdly_long_name_from_a_phone_is_cut_at_two_lines_never_overlapping(
    qtbot, cockpit_with
) -> None:
    model = HandoffModel()
    cockpit = cockpit_with(model)
    post_from_another_thread(
        model,
        "sessions",
        {"sessions": [{**ROUTE, "destination_name": "Very " * 40}, {**TRACK, "title": "Endless " * 30}]},
    )
    qtbot.waitUntil(lambda: model.property("mediaActive"), timeout=1000)
    problems = [p for p in layout_problems(cockpit.window) if "elided" not in p]
    assert problems == []


def test_paired_devices_are_listed_and_forgotten_from_the_model(qtbot, car, phone) -> None:
    model, service = car
    _, _, port = phone
    assert model.property("pairedDevices") == []
    model.pairWith("127.0.0.1", port)
    qtbot.waitUntil(lambda: model.property("pairingActive"), timeout=5000)
    model.confirmPairing()
    qtbot.waitUntil(lambda: len(model.property("pairedDevices")) == 1, timeout=5000)
    device = model.property("pairedDevices")[0]
    assert device["name"] == "Test phone" and len(device["fingerprint"]) == 16
    model.forgetDevice(device["deviceId"])
    assert model.property("pairedDevices") == []
    assert service.paired_devices() == []


def test_a_rejected_pairing_closes_the_dialog_and_says_why(qtbot, car, phone) -> None:
    model, _ = car
    _, _, port = phone
    model.pairWith("127.0.0.1", port)
    qtbot.waitUntil(lambda: model.property("pairingActive"), timeout=5000)
    model.rejectPairing()
    qtbot.waitUntil(lambda: "rejected" in model.property("message"), timeout=5000)
    assert not model.property("pairingActive") and model.property("pairedDevices") == []


# --- the cockpit service, as demo and run start it -------------------------------------------------------
def test_the_demo_starts_a_paired_phone_and_the_cards_show_the_cars_route(qtbot, demo_services) -> None:
    model = demo_services["handoff"]
    qtbot.waitUntil(
        lambda: (
            model.property("phoneConnected")
            and model.property("navigationActive")
            and model.property("mediaActive")
        ),
        timeout=5000,
    )
    assert model.property("phoneName") == "Demo phone"
    assert model.property("destinationName") == "Xiaomi Technology Park"
    model.sendToPhone("media")
    qtbot.waitUntil(
        lambda: model.property("phoneHasMedia") and not model.property("mediaActive"), timeout=3000
    )
