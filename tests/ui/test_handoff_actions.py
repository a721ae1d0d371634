"""The handoff actions on screen: paired devices (and Forget, with its confirm step) in Settings,
Pair / Send / Play here on the Devices page, and "Play on TV/speaker" on the now-playing card.

Everything is real: the car's handoff service, phone and TV endpoints over TLS on 127.0.0.1, the
device directory the Devices page shows (fed the records those endpoints would announce), and taps
as mouse clicks on the offscreen window.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from layout_audit import layout_problems
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtTest import QTest

from cockpit.demo.sessions import demo_sessions
from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.records import RawServiceRecord
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.runner import HandoffThread
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.trust import PairedDevices
from cockpit.hmi.app import Cockpit
from cockpit.hmi.devices_model import DevicesModel
from cockpit.hmi.handoff_model import HandoffModel

pytestmark = pytest.mark.timeout(60)

HANDOFF = "_mi-handoff._tcp.local."
CAST = "_googlecast._tcp.local."


class Endpoint:
    """A companion (the phone side of the handoff) listening on 127.0.0.1, on its own thread."""

    def __init__(self, folder: Path, name: str, kind: str, capabilities: tuple[str, ...]) -> None:
        self.name, self.kind = name, kind
        self.thread = HandoffThread(f"cockpit-test-{kind}").start()
        state = StateDir(folder)

        async def yes(prompt: PairingPrompt) -> bool:
            return True

        self.handoff = PhoneHandoff(
            load_or_create_identity(state),
            PairedDevices(state),
            name,
            lambda event, details: None,
            yes,
            capabilities=capabilities,
        )
        self.port = self.thread.run(self.handoff.start("127.0.0.1", 0))

    @property
    def device_id(self) -> str:
        return self.handoff.device_id

    def record(self) -> RawServiceRecord:
        """What it announces over mDNS, as discovery would receive it."""
        caps = ",".join(self.handoff.capabilities)
        txt = [
            f"id={self.device_id}".encode(),
            f"name={self.name}".encode(),
            b"v=1",
            f"caps={caps}".encode(),
            f"kind={self.kind}".encode(),
        ]
        return RawServiceRecord(
            HANDOFF, f"{self.name}.{HANDOFF}", self.port, f"{self.kind}.local.", ["127.0.0.1"], txt, 120
        )

    def kinds_held(self) -> list[str]:
        return sorted(s.kind for s in self.handoff.active())

    def close(self) -> None:
        self.thread.run(self.handoff.close())
        self.thread.stop()


def cast_tv() -> RawServiceRecord:
    """A Mi TV that only speaks Cast: listed, never offered a handoff."""
    txt = [b"id=4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a", b"md=Xiaomi TV A Pro 55", b"fn=Living Room TV"]
    return RawServiceRecord(CAST, f"MiTV-1.{CAST}", 8009, "mitv.local.", ["127.0.0.1"], txt, 120)


@pytest.fixture
def phone(tmp_path: Path):
    endpoint = Endpoint(tmp_path / "phone", "Test phone", "phone", ("navigation", "media"))
    yield endpoint
    endpoint.close()


@pytest.fixture
def tv(tmp_path: Path):
    endpoint = Endpoint(tmp_path / "tv", "Study TV", "tv", ("media",))
    yield endpoint
    endpoint.close()


@pytest.fixture
def car(tmp_path: Path, qapp):
    model = HandoffModel()
    service = CockpitHandoff("Test car", model.event_sink(), StateDir(tmp_path / "car")).start()
    model.attach(service)
    yield model, service
    service.stop()


@pytest.fixture
def directory(qapp):
    directory = DeviceDirectory()
    devices = DevicesModel(directory)
    yield directory, devices
    devices.close()


def pair(qtbot, car, endpoint: Endpoint) -> None:
    """Pair the car with ``endpoint`` as the driver would (the code confirmed on the car's screen)."""
    model, _ = car
    model.pairWith("127.0.0.1", endpoint.port)
    qtbot.waitUntil(lambda: model.property("pairingActive"), timeout=5000)
    model.confirmPairing()
    qtbot.waitUntil(
        lambda: any(d["deviceId"] == endpoint.device_id for d in model.property("pairedDevices")),
        timeout=5000,
    )


def connect(qtbot, car, endpoint: Endpoint) -> None:
    model, service = car
    service.phone_seen(endpoint.device_id, "127.0.0.1", endpoint.port).result(5)
    qtbot.waitUntil(lambda: endpoint.device_id in model.property("connectedDevices"), timeout=3000)


class Screen:
    """The whole cockpit on one page, with the given services."""

    def __init__(self, store, services: dict, page: str) -> None:
        if "devices" in services and "handoff" in services:
            services["devices"].follow_handoff(services["handoff"])  # as cockpit.hmi.services does
        self.cockpit = Cockpit(store, services=services, initial_page=page)
        self.window = self.cockpit.load()
        self.window.show()
        self.settle()

    def settle(self) -> None:
        QCoreApplication.processEvents()
        self.window.grabWindow()

    def item(self, name: str):
        found = self.cockpit.find(name)
        assert found is not None, f"no QML item named {name!r}"
        return found

    def tap(self, name: str) -> None:
        item = self.item(name)
        assert item.isVisible() and item.property("enabled"), f"{name} cannot be tapped now"
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        QTest.mouseClick(
            self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre.toPoint()
        )
        self.settle()

    def close(self) -> None:
        assert not self.cockpit.load_warnings, self.cockpit.load_warnings
        self.cockpit.close()


@pytest.fixture
def screens(qapp, store):
    made: list[Screen] = []

    def build(services: dict, page: str) -> Screen:
        made.append(Screen(store, services, page))
        return made[-1]

    yield build
    for screen in made:
        screen.close()


def small_targets(root) -> list[str]:
    small, stack = [], [root]
    while stack:
        item = stack.pop()
        stack.extend(child for child in item.childItems() if child.isVisible())
        if (
            item.inherits("QQuickMouseArea")
            and item.isEnabled()
            and (item.width() < 64 or item.height() < 64)
        ):
            small.append(f"{item.parentItem().objectName()} {item.width():.0f}x{item.height():.0f}")
    return small


# --- Settings: paired devices -----------------------------------------------------------------------------
def test_settings_lists_paired_devices_and_forgets_one_only_after_a_confirming_tap(
    qtbot, car, phone, screens
) -> None:
    model, service = car
    pair(qtbot, car, phone)
    screen = screens({"handoff": model}, "settings")
    row = f"pairedDevice_{phone.device_id}"
    qtbot.waitUntil(lambda: screen.cockpit.find(row) is not None, timeout=2000)
    texts = [t.property("text") for t in visible_texts(screen.item(row))]
    fingerprint = model.property("pairedDevices")[0]["fingerprint"][:8].upper()
    assert texts[:2] == ["Test phone", f"Key {fingerprint[:4]} {fingerprint[4:]}"]

    screen.tap(row + "_forget")  # the first tap only asks
    assert screen.item(row + "_confirmForget").isVisible()
    assert "Forget Test phone?" in [t.property("text") for t in visible_texts(screen.item(row))]
    assert [d.device_id for d in service.paired_devices()] == [phone.device_id]
    screen.tap(row + "_cancel")  # changed its mind: still paired
    assert screen.item(row + "_forget").isVisible()
    assert len(service.paired_devices()) == 1

    screen.tap(row + "_forget")
    screen.tap(row + "_confirmForget")
    qtbot.waitUntil(
        lambda: service.paired_devices() == [] and screen.item("pairedDevicesEmpty").isVisible(), timeout=2000
    )
    assert "Pair a phone from the Devices page" in screen.item("pairedDevicesEmpty").property("text")


def test_settings_says_when_handoff_is_not_running(screens) -> None:
    screen = screens({}, "settings")
    assert screen.item("pairedDevicesEmpty").property("text") == "Handoff is not running in this cockpit."


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_settings_with_paired_devices_is_legible_in_every_theme_and_language(
    qtbot, car, phone, tv, screens, theme, language
) -> None:
    model, _ = car
    pair(qtbot, car, phone)
    pair(qtbot, car, tv)
    screen = screens({"handoff": model}, "settings")
    screen.cockpit.models.settings.setTheme(theme)
    screen.cockpit.models.settings.setLanguage(language)
    screen.tap(f"pairedDevice_{tv.device_id}_forget")  # the longer, confirming row
    assert layout_problems(screen.window) == []
    # The question gets the row's width, not the sliver beside two buttons (a word a line).
    row = screen.item(f"pairedDevice_{tv.device_id}")
    stack, question = [row], None
    while stack:
        node = stack.pop()
        stack.extend(node.childItems())
        if node.inherits("QQuickText") and tv.name in str(node.property("text")):
            question = node
    assert question is not None and question.property("lineCount") == 1
    assert question.width() > 0.9 * row.width()
    assert small_targets(screen.item("pairedDevicesCard")) == []


# --- the Devices page: Pair, Send, Play here --------------------------------------------------------------
def test_pair_on_the_devices_page_pairs_then_send_navigation_hands_the_route_over(
    qtbot, car, phone, directory, screens
) -> None:
    model, service = car
    found, devices = directory
    service.follow_discovery(found)  # a paired peer discovery sees gets connected, as in `run`
    found.observe(phone.record())
    screen = screens({"handoff": model, "devices": devices}, "devices")
    qtbot.waitUntil(
        lambda: screen.cockpit.find(f"deviceRow_handoff:{phone.device_id}") is not None, timeout=2000
    )
    screen.tap(f"deviceRow_handoff:{phone.device_id}")
    assert screen.cockpit.find("handoffAction_sendNavigation") is None  # not before pairing
    screen.tap("handoffAction_pair")
    qtbot.waitUntil(lambda: model.property("pairingActive"), timeout=5000)  # the dialog's code
    model.confirmPairing()
    found.observe(phone.record())  # announced again, as it does: now paired, it is connected
    qtbot.waitUntil(lambda: phone.device_id in model.property("connectedDevices"), timeout=5000)

    service.hold(demo_sessions(time.monotonic())[0]).result(5)
    qtbot.waitUntil(
        lambda: (
            screen.cockpit.find("handoffAction_sendNavigation") is not None
            and screen.item("handoffAction_sendNavigation").property("enabled")
        ),
        timeout=3000,
    )
    assert not screen.item("handoffAction_sendMedia").property("enabled")  # nothing playing
    assert screen.cockpit.find("handoffAction_pair") is None
    screen.tap("handoffAction_sendNavigation")
    qtbot.waitUntil(lambda: phone.kinds_held() == ["navigation"], timeout=3000)


def test_play_here_hands_the_track_to_a_paired_tv_and_the_phone_stays_the_phone(
    qtbot, car, phone, tv, directory, screens
) -> None:
    model, service = car
    found, devices = directory
    for endpoint in (phone, tv):
        pair(qtbot, car, endpoint)
        connect(qtbot, car, endpoint)
        found.observe(endpoint.record())
    for session in demo_sessions(time.monotonic()):
        service.hold(session).result(5)
    screen = screens({"handoff": model, "devices": devices}, "devices")
    qtbot.waitUntil(
        lambda: screen.cockpit.find(f"deviceRow_handoff:{tv.device_id}") is not None, timeout=2000
    )
    assert model.property("phoneName") == "Test phone"
    screen.tap(f"deviceRow_handoff:{tv.device_id}")
    assert screen.cockpit.find("handoffAction_sendNavigation") is None  # a TV does not navigate
    qtbot.waitUntil(lambda: screen.item("handoffAction_playHere").property("enabled"), timeout=2000)
    screen.tap("handoffAction_playHere")
    qtbot.waitUntil(lambda: tv.kinds_held() == ["media"], timeout=3000)
    assert phone.kinds_held() == []
    # "Send to phone" still means the phone, whatever else is connected.
    model.sendToPhone("navigation")
    qtbot.waitUntil(lambda: phone.kinds_held() == ["navigation"], timeout=3000)
    assert tv.kinds_held() == ["media"]


def test_a_cast_only_tv_is_not_reachable_for_handoff_and_offers_no_button(
    qtbot, car, directory, screens
) -> None:
    model, _ = car
    found, devices = directory
    found.observe(cast_tv())
    screen = screens({"handoff": model, "devices": devices}, "devices")
    qtbot.waitUntil(lambda: devices.rowCount() == 1, timeout=2000)
    screen.tap(f"deviceRow_{devices.idAt(0)}")
    assert screen.item("handoffNote").property("text").startswith("Not reachable for handoff")
    assert not [
        name
        for name in ("pair", "sendNavigation", "sendMedia", "playHere")
        if screen.cockpit.find(f"handoffAction_{name}") is not None
    ]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_the_devices_pages_actions_are_legible_in_every_theme_and_language(
    qtbot, car, phone, directory, screens, theme, language
) -> None:
    model, service = car
    found, devices = directory
    pair(qtbot, car, phone)
    connect(qtbot, car, phone)
    found.observe(phone.record())
    found.observe(cast_tv())
    for session in demo_sessions(time.monotonic()):
        service.hold(session).result(5)
    screen = screens({"handoff": model, "devices": devices}, "devices")
    screen.cockpit.models.settings.setTheme(theme)
    screen.cockpit.models.settings.setLanguage(language)
    qtbot.waitUntil(
        lambda: screen.cockpit.find(f"deviceRow_handoff:{phone.device_id}") is not None, timeout=2000
    )
    screen.tap(f"deviceRow_handoff:{phone.device_id}")
    qtbot.waitUntil(lambda: screen.item("handoffAction_sendMedia").property("enabled"), timeout=2000)
    assert layout_problems(screen.window) == []
    assert small_targets(screen.item("devicesPage")) == []


# --- the now-playing card: Play on TV/speaker -------------------------------------------------------------
def test_play_on_tv_lists_tvs_and_speakers_and_hands_the_track_to_the_chosen_one(
    qtbot, car, phone, tv, directory, screens
) -> None:
    model, service = car
    found, devices = directory
    for endpoint in (phone, tv):
        pair(qtbot, car, endpoint)
        connect(qtbot, car, endpoint)
    for record in (phone.record(), tv.record(), cast_tv()):
        found.observe(record)
    for session in demo_sessions(time.monotonic()):
        service.hold(session).result(5)
    screen = screens({"handoff": model, "devices": devices}, "drive")
    qtbot.waitUntil(
        lambda: model.property("mediaActive") and screen.item("playOnDevice").isVisible(), timeout=3000
    )
    screen.tap("playOnDevice")
    assert screen.item("mediaTargets").isVisible()
    targets = [t["name"] for t in devices.property("mediaTargets")]
    assert targets == ["Study TV", "Living Room TV"]  # those that can take it first; no phone
    cast_id = next(t["deviceId"] for t in devices.property("mediaTargets") if t["name"] == "Living Room TV")
    assert (
        screen.item(f"mediaTarget_{cast_id}_state").property("text") == "No handoff support"
    )  # short: a row of the chooser reads on one line
    assert layout_problems(screen.window) == []
    assert small_targets(screen.item("mediaTargets")) == []

    screen.tap(f"mediaTarget_{cast_id}")  # a tap on what cannot play: nothing happens, nothing is sent
    assert screen.item("mediaTargets").isVisible() and tv.kinds_held() == []
    screen.tap(f"mediaTarget_handoff:{tv.device_id}")
    qtbot.waitUntil(lambda: tv.kinds_held() == ["media"], timeout=3000)
    qtbot.waitUntil(
        lambda: screen.item("mediaStatus").property("text") == "Playing on Study TV", timeout=2000
    )
    assert not screen.item("mediaTargets").isVisible()

    # The button is enabled once the handoff's answer is back (busy over), a moment after the status.
    qtbot.waitUntil(lambda: screen.item("takeMediaFromPhone").property("enabled"), timeout=2000)
    screen.tap("takeMediaFromPhone")  # labelled "Play in the car" while the TV plays
    qtbot.waitUntil(lambda: tv.kinds_held() == [] and model.property("mediaActive"), timeout=3000)


def test_without_tvs_or_speakers_nearby_the_card_has_only_send_to_phone(qtbot, car, screens) -> None:
    model, service = car
    for session in demo_sessions(time.monotonic()):
        service.hold(session).result(5)
    screen = screens({"handoff": model}, "drive")
    qtbot.waitUntil(lambda: model.property("mediaActive"), timeout=3000)
    screen.settle()
    assert screen.item("sendMediaToPhone").isVisible()
    assert not screen.item("playOnDevice").isVisible()


# --- the demo ---------------------------------------------------------------------------------------------
def test_the_demo_tv_speaks_the_handoff_and_plays_the_cars_track(qtbot, demo_services) -> None:
    model = demo_services["handoff"]
    qtbot.waitUntil(
        lambda: len(model.property("connectedDevices")) == 2 and model.property("mediaActive"), timeout=5000
    )
    assert model.property("phoneName") == "Demo phone"
    assert sorted(d["name"] for d in model.property("pairedDevices")) == ["Demo phone", "Study Mi TV"]
    tv_id = next(d["deviceId"] for d in model.property("pairedDevices") if d["name"] == "Study Mi TV")
    model.playOn(f"handoff:{tv_id}")
    qtbot.waitUntil(
        lambda: model.property("mediaHolderName") == "Study Mi TV" and not model.property("mediaActive"),
        timeout=3000,
    )
    assert model.property("phoneConnected") and not model.property("phoneHasNavigation")


def visible_texts(item) -> list:
    stack, found = [item], []
    while stack:
        node = stack.pop()
        stack.extend(reversed(node.childItems()))
        if node.inherits("QQuickText") and node.isVisible():
            found.append(node)
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_the_now_playing_card_and_its_chooser_are_legible_in_every_theme_and_language(
    qtbot, car, tv, directory, screens, theme, language
) -> None:
    model, service = car
    found, devices = directory
    pair(qtbot, car, tv)
    connect(qtbot, car, tv)
    for record in (tv.record(), cast_tv()):
        found.observe(record)
    for session in demo_sessions(time.monotonic()):
        service.hold(session).result(5)
    screen = screens({"handoff": model, "devices": devices}, "drive")
    screen.cockpit.models.settings.setTheme(theme)
    screen.cockpit.models.settings.setLanguage(language)
    qtbot.waitUntil(lambda: screen.item("playOnDevice").isVisible(), timeout=3000)
    screen.settle()
    assert layout_problems(screen.window) == []
    screen.tap("playOnDevice")
    assert layout_problems(screen.window) == []
    assert small_targets(screen.item("mediaTargets")) == []
