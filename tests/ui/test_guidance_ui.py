"""Route guidance, the arrival charge, media control and the driver lockout on the Drive page.

The model is fed as the app feeds it (events posted from another thread; the vehicle's signals in
a real SignalStore of the reference vehicle on a hand-moved clock); media taps go to the real
handoff service with a phone endpoint over TLS on loopback. Expected figures are worked by hand.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from layout_audit import layout_problems
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtTest import QTest

from cockpit.demo.sessions import demo_route, demo_sessions
from cockpit.hmi.app import Cockpit
from cockpit.hmi.handoff_model import HandoffModel
from cockpit.hmi.settings_model import SettingsModel

pytestmark = pytest.mark.timeout(60)
WALL = datetime(2026, 5, 4, 14, 20, 0).timestamp()  # a fixed afternoon for the clock face
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
CONSUMPTION = "Vehicle.Powertrain.EnergyConsumption"
AIR = "Vehicle.Exterior.AirTemperature"
CAPACITY = "Vehicle.Powertrain.TractionBattery.NetCapacity"


def post(model: HandoffModel, event: str, details: dict) -> None:
    worker = threading.Thread(target=model.post, args=(event, details), name="cockpit-test-poster")
    worker.start()
    worker.join()


def write(store, clock, **values) -> None:
    paths = {
        "speed": "Vehicle.Speed",
        "soc": SOC,
        "consumption": CONSUMPTION,
        "air": AIR,
        "capacity": CAPACITY,
    }
    for name, value in values.items():
        store.update(paths[name], value, clock.now)


@pytest.fixture
def screen(qapp, store, clock):
    made: list[Cockpit] = []

    def build(model: HandoffModel, units: str = "metric", language: str = "en") -> Cockpit:
        cockpit = Cockpit(store, services={"handoff": model}, settings=SettingsModel(units, "day", language))
        cockpit.load().show()
        made.append(cockpit)
        return cockpit

    yield build
    for cockpit in made:
        assert cockpit.load_warnings == []
        cockpit.close()


def route_wire(travelled_m: float) -> dict:
    route, _ = demo_sessions(0.0)
    route.drive(travelled_m)
    return route.to_wire(0.0)


def text(cockpit: Cockpit, name: str) -> str:
    return str(cockpit.find(name).property("text"))


def test_the_route_is_drawn_with_the_next_maneuver_and_the_eta_by_its_own_timing(
    qtbot, screen, store, clock
) -> None:
    model = HandoffModel(store=store, wall_clock=lambda: WALL)
    cockpit = screen(model)
    geometry = demo_route()
    post(model, "sessions", {"sessions": [route_wire(100.0)]})
    qtbot.waitUntil(lambda: model.property("hasRoute"), timeout=1000)
    assert cockpit.find("routeView").isVisible()
    assert len(model.property("routeLine")) == 11
    # The first turn is at the third point: its distance along the line minus the 100 m driven.
    turn = geometry.maneuvers[1]
    assert turn.action == "turn_left"
    assert model.property("nextManeuverKm") == pytest.approx((turn.at_m - 100.0) / 1000.0, abs=1e-3)
    assert text(cockpit, "maneuverDistance") == f"{round((turn.at_m - 100.0) / 10) * 10} m"
    assert text(cockpit, "maneuverRoad").startswith("Turn left")
    # ETA: 14:20:00 plus the planned seconds left from 100 m on (the route's timing, not the speed).
    left = geometry.remaining_s(100.0)
    assert text(cockpit, "eta") == datetime.fromtimestamp(WALL + left).strftime("%H:%M")
    assert layout_problems(cockpit.window) == []


def test_english_with_imperial_units_gets_a_12_hour_clock(qtbot, screen, store) -> None:
    model = HandoffModel(store=store, wall_clock=lambda: WALL)
    cockpit = screen(model, units="imperial")
    post(model, "sessions", {"sessions": [route_wire(0.0)]})
    qtbot.waitUntil(lambda: model.property("hasRoute"), timeout=1000)
    assert text(cockpit, "eta").endswith("PM") and text(cockpit, "eta").startswith("2:2")
    assert text(cockpit, "maneuverDistance").endswith("ft") or text(cockpit, "maneuverDistance").endswith(
        "mi"
    )


def test_arriving_says_so_and_ends_the_route(qtbot, screen, store) -> None:
    model = HandoffModel(store=store)
    cockpit = screen(model)
    post(model, "sessions", {"sessions": [route_wire(0.0)]})
    qtbot.waitUntil(lambda: model.property("navigationActive"), timeout=1000)
    post(model, "arrived", {"destination_name": "Xiaomi Technology Park", "id": "x"})
    post(model, "sessions", {"sessions": []})
    qtbot.waitUntil(lambda: model.property("arrivedAt") != "", timeout=1000)
    assert text(cockpit, "navigationStatus") == "You have arrived"
    assert text(cockpit, "destination") == "Xiaomi Technology Park"
    assert (
        cockpit.find("sendNavigationToPhone") is None or not cockpit.find("sendNavigationToPhone").isVisible()
    )
    model.dismissArrival()
    assert cockpit.find("navigationEmpty").isVisible()


def test_the_arrival_charge_is_worked_from_valid_signals(qtbot, screen, store, clock) -> None:
    model = HandoffModel(store=store)
    cockpit = screen(model)
    post(model, "sessions", {"sessions": [route_wire(0.0)]})
    qtbot.waitUntil(lambda: model.property("navigationActive"), timeout=1000)
    write(store, clock, speed=0.0, soc=50.0, consumption=16.0, air=20.0, capacity=75.0)
    model.read_vehicle()
    km = demo_route().length_m / 1000.0
    # 3.04 km x 16 kWh/100 km = 0.487 kWh; of 75 kWh, 0.65 %: 50 - 0.65 = 49.35 %.
    assert model.property("arrivalCharge") == pytest.approx(50.0 - km * 0.16 / 75.0 * 100.0, abs=1e-3)
    assert text(cockpit, "arrivalCharge") == "49 % on arrival"
    # At 5 degC the cold adds 10 %; at 10 % charge now the car arrives under the 10 % reserve.
    write(store, clock, soc=10.0, air=5.0)
    model.read_vehicle()
    expected = 10.0 - km * 0.16 * 1.10 / 75.0 * 100.0
    assert model.property("arrivalCharge") == pytest.approx(expected, abs=1e-3)
    assert model.property("arrivalBelowReserve")
    assert text(cockpit, "arrivalCharge") == "9 % on arrival"
    assert cockpit.find("arrivalWarning").isVisible()
    assert "Under your 10 % reserve" in text(cockpit, "arrivalWarningText")
    assert "Charge 1 kWh on the way" in text(cockpit, "arrivalWarningText")
    assert layout_problems(cockpit.window) == []
    # A reserve of 5 % is met: no warning.
    model.setReservePercent(5.0)
    assert not model.property("arrivalBelowReserve")
    # A consumption that is not valid: a dash, never a guess.
    store.mark_invalid(CONSUMPTION, "out of range", clock.now)
    model.read_vehicle()
    assert not model.property("arrivalChargeValid")
    assert text(cockpit, "arrivalCharge") == "\u2014 % on arrival"


def test_handoff_taps_are_locked_above_8_kmh_and_say_why(qtbot, screen, store, clock) -> None:
    model = HandoffModel(store=store)
    cockpit = screen(model)
    post(model, "connected", {"device_id": "f00d", "name": "Phone", "capabilities": ["navigation", "media"]})
    route, track = demo_sessions(time.monotonic())
    post(model, "sessions", {"sessions": [route.to_wire(0.0), track.to_wire(time.monotonic())]})
    qtbot.waitUntil(lambda: model.property("mediaActive"), timeout=1000)
    write(store, clock, speed=8.0)  # at 8 km/h, not above it: allowed
    model.read_vehicle()
    assert cockpit.find("sendNavigationToPhone").property("enabled")
    assert cockpit.find("sendMediaToPhone").property("enabled")
    write(store, clock, speed=50.0)
    model.read_vehicle()
    for name in ("sendNavigationToPhone", "sendMediaToPhone"):
        assert not cockpit.find(name).property("enabled")
    # Disabled, with a lock and the reason inside the button itself.
    assert text(cockpit, "sendNavigationToPhone_note") == "Locked while driving"
    assert cockpit.find("sendMediaToPhone_note").isVisible()
    # Media transport is not a visual-manual task: it stays available.
    assert cockpit.find("media_playPause").property("enabled")
    # A tap that gets through anyway is refused and said.
    model.sendToPhone("navigation")
    assert model.property("message") == "Locked while driving" and not model.property("busy")
    # A speed nobody can vouch for locks too.
    store.mark_invalid("Vehicle.Speed", "E2E CRC", clock.now)
    model.read_vehicle()
    assert text(cockpit, "sendNavigationToPhone_note") == "Locked: speed unknown"
    assert layout_problems(cockpit.window) == []


def test_the_rules_handoff_still_moves_the_route_while_the_taps_are_locked(
    qtbot, screen, store, clock
) -> None:
    model = HandoffModel(store=store)
    cockpit = screen(model)
    write(store, clock, speed=60.0)
    model.read_vehicle()
    post(model, "sessions", {"sessions": [route_wire(0.0)]})
    qtbot.waitUntil(lambda: model.property("navigationActive"), timeout=1000)
    # The car's rules hand over without the model (cockpit.handoff.car); the card just follows.
    post(model, "session_sent", {"to": "f00d", "reason": "leaving", "session": route_wire(0.0)})
    post(model, "sessions", {"sessions": []})
    post(model, "peer_sessions", {"device_id": "f00d", "sessions": [route_wire(0.0)]})
    qtbot.waitUntil(lambda: model.property("phoneHasNavigation"), timeout=1000)
    assert model.property("lockedOut") and text(cockpit, "navigationStatus") == "On your phone"


def tap(window, item) -> None:
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre.toPoint())
    QCoreApplication.processEvents()


def test_the_transport_keys_act_on_the_session_and_the_phone_sees_it(
    qtbot, screen, store, clock, tmp_path
) -> None:
    from test_handoff_actions import Endpoint, connect, pair

    from cockpit.handoff.keystore import StateDir
    from cockpit.handoff.service import CockpitHandoff

    model = HandoffModel()
    service = CockpitHandoff("Test car", model.event_sink(), StateDir(tmp_path / "car")).start()
    model.attach(service)
    phone = Endpoint(tmp_path / "phone", "Test phone", "phone", ("navigation", "media", "media_queue"))
    try:
        pair(qtbot, (model, service), phone)
        connect(qtbot, (model, service), phone)
        for session in demo_sessions(time.monotonic()):
            service.hold(session).result(5)
        cockpit = screen(model)
        qtbot.waitUntil(lambda: model.property("playing"), timeout=3000)

        def phone_sees() -> dict:
            sessions = phone.handoff.remote_sessions.get(service.identity.device_id, ())
            return next((s.to_wire(0.0) for s in sessions if s.kind == "media"), {})

        tap(cockpit.window, cockpit.find("media_playPause"))
        qtbot.waitUntil(
            lambda: not model.property("playing") and phone_sees().get("playing") is False, timeout=3000
        )
        assert text(cockpit, "mediaStatus") == "Paused"
        tap(cockpit.window, cockpit.find("media_next"))
        qtbot.waitUntil(lambda: phone_sees().get("title") == "All Blues", timeout=3000)
        qtbot.waitUntil(lambda: text(cockpit, "title") == "All Blues", timeout=3000)
        tap(cockpit.window, cockpit.find("media_next"))  # Flamenco Sketches: the last one queued
        qtbot.waitUntil(lambda: text(cockpit, "title") == "Flamenco Sketches", timeout=3000)
        assert not cockpit.find("media_next").property("enabled")  # nothing after it: honest
        scrubber = cockpit.find("seekArea")
        at = scrubber.mapToScene(QPointF(scrubber.width() / 2, scrubber.height() / 2))
        QTest.mouseClick(
            cockpit.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at.toPoint()
        )
        qtbot.waitUntil(lambda: abs(phone_sees().get("position_s", 0.0) - 283.0) < 3.0, timeout=3000)
        assert model.property("positionSeconds") == pytest.approx(283.0, abs=3.0)
    finally:
        service.stop()
        phone.close()


# --- the layout with the guidance on screen, everywhere ----------------------------------------------
def test_the_audit_fails_a_button_whose_label_wraps(qtbot, qapp) -> None:
    """The audit's own check: a label wrapped inside a button is reported, one on a line is not."""
    from PySide6.QtCore import QByteArray, QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    from cockpit import resources

    engine = QQmlEngine()
    engine.addImportPath(str(resources.ui_dir()))
    source = b"""
import QtQuick
import QtQuick.Window
import "controls"
Window {
    width: 1920; height: 720; visible: true
    ActionButton { objectName: "narrow"; x: 10; y: 10; width: 150; label: "Send to phone" }
    ActionButton { objectName: "wide"; x: 10; y: 200; width: 400; label: "Send to phone" }
}
"""
    component = QQmlComponent(engine)
    component.setData(QByteArray(source), QUrl.fromLocalFile(str(resources.ui_dir() / "probe.qml")))
    window = component.create()
    assert window is not None, component.errorString()
    try:
        QCoreApplication.processEvents()
        problems = layout_problems(window)
        assert len(problems) == 1 and "wrapped inside the control narrow" in problems[0]
    finally:
        window.destroy()
        del window


@pytest.mark.parametrize("size", [(1920, 720), (1280, 480), (1024, 600)])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_every_page_with_a_route_a_track_and_a_warning_reads_cleanly(
    qapp, store, clock, theme, language, size
) -> None:
    from cockpit.hmi.app import PAGES

    model = HandoffModel(store=store, wall_clock=lambda: WALL)
    model.post("connected", {"device_id": "f00d", "name": "Phone", "capabilities": ["navigation", "media"]})
    route, track = demo_sessions(time.monotonic())
    model.post("sessions", {"sessions": [route.to_wire(0.0), track.to_wire(time.monotonic())]})
    write(store, clock, speed=50.0, soc=4.0, consumption=19.0, air=-5.0, capacity=75.0)  # low, locked
    cockpit = Cockpit(store, services={"handoff": model}, settings=SettingsModel("metric", theme, language))
    window = cockpit.load(size)
    window.show()
    try:
        QCoreApplication.processEvents()
        model.read_vehicle()
        assert model.property("arrivalBelowReserve") and model.property("lockedOut")
        problems = []
        for page in PAGES:
            cockpit.show_page(page)
            cockpit.tick(clock.now)
            QCoreApplication.processEvents()
            window.grabWindow()
            problems += [f"{page}: {p}" for p in layout_problems(window)]
        assert not problems, "\n".join(problems)
        assert cockpit.load_warnings == []
    finally:
        cockpit.close()
