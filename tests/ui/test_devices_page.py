"""The Devices page: the model over the device directory (qtmodeltester, thread hops, order, filter,
selection), the page in the running cockpit (icons, paired first, empty states, taps, legibility),
and the discovery service the cockpit starts for it.
"""

from __future__ import annotations

import threading
import time

import pytest
from layout_audit import layout_problems
from PySide6.QtCore import QCoreApplication, QPointF, Qt, QThread
from PySide6.QtTest import QTest
from support import FakeClock

from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.records import RawServiceRecord
from cockpit.hmi.app import Cockpit
from cockpit.hmi.devices_model import DevicesModel, seen_age
from cockpit.signals import SignalStore

MIIO = "_miio._udp.local."
CAST = "_googlecast._tcp.local."
HANDOFF = "_mi-handoff._tcp.local."


def miio(did: int, model: str = "zhimi-airpurifier-ma4") -> RawServiceRecord:
    name = f"{model}_miio{did}"
    return RawServiceRecord(MIIO, f"{name}.{MIIO}", 54321, f"{name}.local.", ["192.168.31.20"], [], 120)


def tv(name: str = "Living Room TV") -> RawServiceRecord:
    txt = [b"id=4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a", b"md=MIBOX4", f"fn={name}".encode()]
    return RawServiceRecord(CAST, f"MIBOX4-1.{CAST}", 8009, "mibox4.local.", ["192.168.31.21"], txt, 120)


def phone(peer: str = "ph-1", name: str = "Xiaomi 14", caps: str = "navigation,media") -> RawServiceRecord:
    txt = [f"id={peer}".encode(), f"name={name}".encode(), b"v=1", f"caps={caps}".encode(), b"kind=phone"]
    return RawServiceRecord(HANDOFF, f"{name}.{HANDOFF}", 47000, "phone.local.", ["192.168.43.2"], txt, 4500)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(5000.0)  # the directory's clock, moved by hand so "seen ... ago" is exact


@pytest.fixture
def directory(clock: FakeClock) -> DeviceDirectory:
    return DeviceDirectory(clock=clock)


@pytest.fixture
def model(qapp, directory: DeviceDirectory):
    devices = DevicesModel(directory)
    yield devices
    devices.close()


def names(model: DevicesModel) -> list[str]:
    return [model.data(model.index(row), DevicesModel.Role.Name) for row in range(model.rowCount())]


def settle() -> None:
    """Deliver the queued hops from the directory to the model."""
    QCoreApplication.processEvents()


# --- the model --------------------------------------------------------------------------------
def test_model_passes_qtmodeltester_as_devices_come_change_and_go(qtmodeltester, model, directory) -> None:
    qtmodeltester.check(model)
    for did in range(1, 6):
        directory.observe(miio(did))
    directory.observe(tv())
    directory.observe(phone())
    settle()
    qtmodeltester.check(model)
    directory.mark_paired("handoff:ph-1")
    directory.observe(phone(name="Aaron's phone"))  # renamed: moves within the list
    directory.forget(MIIO, f"zhimi-airpurifier-ma4_miio3.{MIIO}")
    settle()
    model.kindFilter = "air_purifier"
    qtmodeltester.check(model)
    model.kindFilter = ""
    qtmodeltester.check(model)


def test_roles_have_the_names_the_page_binds_to(model) -> None:
    assert {bytes(name.data()) for name in model.roleNames().values()} >= {
        b"deviceId",
        b"name",
        b"kind",
        b"modelName",
        b"addressText",
        b"paired",
        b"seenSeconds",
        b"capabilities",
    }


def test_changes_from_the_discovery_thread_reach_the_model_on_the_main_thread(
    qtbot, model, directory
) -> None:
    applied_on: list[bool] = []
    model.rowsInserted.connect(lambda *_: applied_on.append(QThread.currentThread() is model.thread()))
    worker = threading.Thread(
        target=lambda: [directory.observe(miio(did)) for did in range(1, 4)], name="cockpit-mdns"
    )
    worker.start()
    worker.join()
    assert model.rowCount() == 0  # nothing touched the model from the worker
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=2000)
    assert applied_on and all(applied_on)


def test_a_flood_arrives_as_one_batch_not_one_repaint_per_packet(qtbot, model, directory) -> None:
    batches: list[int] = []
    model.countChanged.connect(lambda: batches.append(model.rowCount()))
    worker = threading.Thread(target=lambda: [directory.observe(miio(did)) for did in range(200)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=2000)
    assert len(batches) <= 3


def test_paired_devices_come_first(model, directory) -> None:
    directory.observe(miio(1))
    directory.observe(tv(name="Den TV"))
    directory.observe(phone(name="Zoe's phone"))
    settle()
    assert names(model) == ["Den TV", "Mi Air Purifier 3H", "Zoe's phone"]
    directory.mark_paired("handoff:ph-1")
    settle()
    assert names(model)[0] == "Zoe's phone"
    assert model.data(model.index(0), DevicesModel.Role.Paired) is True


def test_filter_by_kind_keeps_the_chips_and_counts(qtbot, model, directory) -> None:
    directory.observe(miio(1))
    directory.observe(miio(2, "roborock-vacuum-a15"))
    directory.observe(tv())
    settle()
    with qtbot.waitSignal(model.kindFilterChanged):
        model.kindFilter = "vacuum"
    assert names(model) == ["Roborock S7"]
    assert model.property("count") == 1 and model.property("total") == 3
    assert [k["kind"] for k in model.kinds] == ["tv", "vacuum", "air_purifier"]
    directory.forget(MIIO, f"roborock-vacuum-a15_miio2.{MIIO}")
    settle()
    assert model.rowCount() == 0
    assert {"kind": "vacuum", "count": 0} in model.kinds  # the chip stays under the finger


def test_ages_tick_only_when_the_words_would_change(qtbot, model, directory, clock) -> None:
    directory.observe(miio(1))
    settle()
    assert model.data(model.index(0), DevicesModel.Role.SeenSeconds) == 0
    clock.now += 12
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_ages()
    assert changed.args[2] == [DevicesModel.Role.SeenSeconds]
    assert model.data(model.index(0), DevicesModel.Role.SeenSeconds) == 12
    clock.now += 150  # 162 s: "2 min ago" until 180 s
    model.refresh_ages()
    with qtbot.assertNotEmitted(model.dataChanged):
        clock.now += 10
        model.refresh_ages()


@pytest.mark.parametrize(("seconds", "age"), [(0.4, 0), (12.7, 12), (150, 120), (7300, 7200), (-3, 0)])
def test_ages_are_coarsened_as_the_page_words_them(seconds: float, age: int) -> None:
    assert seen_age(seconds) == age


def test_selection_follows_the_device_and_empties_when_it_leaves(qtbot, model, directory) -> None:
    directory.observe(phone(caps="navigation"))
    settle()
    model.selectedId = "handoff:ph-1"
    assert model.selected["name"] == "Xiaomi 14"
    assert model.selected["capabilities"] == ["navigation"]
    with qtbot.waitSignal(model.selectedChanged):
        directory.observe(phone(caps="navigation,media"))
        settle()
    assert model.selected["capabilities"] == ["media", "navigation"]
    with qtbot.waitSignal(model.selectedChanged):
        directory.forget(HANDOFF, f"Xiaomi 14.{HANDOFF}")
        settle()
    assert model.selected == {}


def test_a_closed_model_hears_nothing_more(model, directory) -> None:
    model.close()
    directory.observe(miio(1))
    settle()
    assert model.rowCount() == 0


# --- the page in the cockpit ---------------------------------------------------------------------
class DevicesScreen:
    """The whole cockpit on the Devices page, with a model over a hand-fed directory."""

    def __init__(self, store, devices: DevicesModel | None) -> None:
        services = {"devices": devices} if devices is not None else {}
        self.cockpit = Cockpit(store, services=services, initial_page="devices")
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
        assert item.isVisible(), f"{name} is not visible, it cannot be tapped"
        centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        QTest.mouseClick(self.window, Qt.LeftButton, Qt.NoModifier, centre.toPoint())
        self.settle()

    def close(self) -> None:
        self.cockpit.close()


@pytest.fixture
def screen(qapp, store, model, directory):
    directory.observe(miio(1))
    directory.observe(miio(2, "roborock-vacuum-a15"))
    directory.observe(miio(5, "lumi-gateway-mcn001"))
    directory.observe(tv())
    directory.observe(phone(name="Xiaomi 14 Ultra"))
    directory.mark_paired("handoff:ph-1")
    settle()
    shown = DevicesScreen(store, model)
    yield shown
    assert not shown.cockpit.load_warnings, shown.cockpit.load_warnings
    shown.close()


def test_the_page_lists_every_device_paired_first_with_its_icon(screen) -> None:
    first = screen.item("deviceRow_handoff:ph-1")
    assert first.property("paired") is True
    assert screen.item("deviceRow_handoff:ph-1_pairedBadge").isVisible()
    for device_id in ("miio:1", "miio:2", "miio:5", "cast:4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b0a"):
        row = screen.item(f"deviceRow_{device_id}")
        assert row.isVisible()
        assert row.y() > first.y()


def test_tapping_a_kind_chip_filters_and_all_brings_everyone_back(screen, model) -> None:
    screen.tap("kindChip_vacuum")
    assert model.kindFilter == "vacuum" and model.rowCount() == 1
    screen.tap("kindChip_all")
    assert model.kindFilter == "" and model.rowCount() == 5


def test_rows_read_kind_model_and_age_in_words(screen, clock, model) -> None:
    clock.now += 75
    model.refresh_ages()
    screen.settle()
    row = screen.item("deviceRow_miio:2")
    words = [t.property("text") for t in _texts(row)]
    assert "Roborock S7" in words
    assert "Robot vacuum · roborock.vacuum.a15" in words
    # Listed is present: the row says so; when it last announced itself is in the details.
    assert "Nearby" in words and "1 min ago" not in words
    screen.tap("deviceRow_miio:2")
    facts = [t.property("text") for t in _texts(screen.item("devicesPage"))]
    assert "Heard" in facts and "1 min ago" in facts


def _texts(item):
    stack, found = [item], []
    while stack:
        node = stack.pop()
        stack.extend(node.childItems())
        if node.inherits("QQuickText") and node.isVisible():
            found.append(node)
    return found


def test_tapping_a_device_shows_its_details_and_handoff_actions(screen) -> None:
    screen.tap("deviceRow_handoff:ph-1")
    assert screen.item("selectedName").property("text") == "Xiaomi 14 Ultra"
    # No handoff service in this cockpit: no button pretends otherwise (tests/ui/test_handoff_actions.py
    # has the buttons with a real one).
    assert screen.item("handoffNote").property("text") == "Handoff is not running in this cockpit."
    assert screen.cockpit.find("handoffAction_sendNavigation") is None
    screen.tap("deviceRow_miio:1")
    assert screen.item("selectedName").property("text") == "Mi Air Purifier 3H"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("theme", ["day", "night"])
def test_the_page_is_legible_and_every_target_is_large_enough(screen, theme, language) -> None:
    screen.cockpit.models.settings.setTheme(theme)
    screen.cockpit.models.settings.setLanguage(language)
    screen.tap("deviceRow_handoff:ph-1")
    screen.settle()
    assert layout_problems(screen.window) == []
    small = []
    stack = [screen.item("devicesPage")]
    while stack:
        item = stack.pop()
        stack.extend(child for child in item.childItems() if child.isVisible())
        if item.inherits("QQuickMouseArea") and (item.width() < 64 or item.height() < 64):
            small.append(f"{item.parentItem().objectName()} {item.width():.0f}x{item.height():.0f}")
    assert small == []


def test_an_empty_neighbourhood_says_where_discovery_listens(qapp, store, model) -> None:
    shown = DevicesScreen(store, model)
    try:
        empty = shown.item("devicesEmpty")
        assert empty.isVisible()
        assert "127.0.0.1" in empty.property("detail")
        assert layout_problems(shown.window) == []
    finally:
        shown.close()


def test_without_discovery_the_page_says_it_is_not_running(qapp, store) -> None:
    shown = DevicesScreen(store, None)
    try:
        assert shown.item("discoveryOff").isVisible()
        assert not shown.cockpit.load_warnings
    finally:
        shown.close()


# --- the service the cockpit starts ---------------------------------------------------------------
def test_the_demo_discovery_finds_the_simulated_household_and_stops_cleanly(qtbot) -> None:
    from cockpit.app import HeadUnit, add_demo_household
    from cockpit.hmi.services import service_models

    before = set(threading.enumerate())
    unit = add_demo_household(HeadUnit(SignalStore(), demo=True)).start()
    models = service_models(unit)
    model = models.objects["devices"]
    try:

        def kinds() -> set:
            return {model.data(model.index(r), DevicesModel.Role.Kind) for r in range(model.rowCount())}

        # Wait for the household itself, not a count: neighbours on the machine may add devices.
        qtbot.waitUntil(lambda: {"tv", "speaker", "air_purifier", "vacuum", "hub"} <= kinds(), timeout=10_000)
        # The page and the handoff follow the same directory (one discovery per process).
        assert unit.handoff.discovery.directory is unit.discovery.directory
    finally:
        models.close()
        unit.stop()
    deadline = time.monotonic() + 10  # the household's goodbyes and zeroconf's threads, on a busy machine
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(threading.enumerate()) - before, [t.name for t in set(threading.enumerate()) - before]


def test_every_kind_chip_is_on_screen_even_when_they_need_two_rows(qapp, store, model, directory) -> None:
    # The slip: a clipped, scrolling strip of chips hid "Hub" behind the page's right edge.
    for did, kind_model in enumerate(
        (
            "zhimi-airpurifier-ma4",
            "roborock-vacuum-a15",
            "lumi-gateway-mcn001",
            "yeelink-light-color1",
            "chuangmi-camera-ipc019",
            "xiaomi-wifispeaker-lx06",
        ),
        start=10,
    ):
        directory.observe(miio(did, kind_model))
    directory.observe(tv())
    directory.observe(phone(name="Xiaomi 14 Ultra"))
    settle()
    shown = DevicesScreen(store, model)
    try:
        page = shown.item("devicesPage")
        bounds = page.mapRectToScene(page.boundingRect())
        chips = [shown.item("kindChip_all")] + [shown.item(f"kindChip_{k['kind']}") for k in model.kinds]
        for chip in chips:
            rect = chip.mapRectToScene(chip.boundingRect())
            assert bounds.contains(rect), f"{chip.objectName()} at {rect} is outside the page {bounds}"
        assert not shown.cockpit.load_warnings
    finally:
        shown.close()


# --- the join with the handoff, in the model (the page's QML only words it) -----------------------------
def test_the_model_says_which_actions_a_device_offers_as_the_handoff_pairs_connects_and_holds(
    qtbot, directory: DeviceDirectory
) -> None:
    from cockpit.hmi.handoff_model import HandoffModel

    handoff = HandoffModel()
    devices = DevicesModel(directory)
    try:
        devices.follow_handoff(handoff)
        directory.observe(phone("ph-1"))
        directory.observe(tv())
        qtbot.waitUntil(lambda: devices.rowCount() == 2, timeout=2000)
        devices.selectedId = "handoff:ph-1"
        selected = devices.property("selected")
        assert selected["actions"] == [{"name": "pair", "enabled": True}] and selected["note"] == "pairFirst"
        # Paired by the handoff (the directory was not told): paired on the row and in the selection.
        handoff._paired = [{"deviceId": "ph-1", "name": "Xiaomi 14", "fingerprint": ""}]
        handoff.pairedDevicesChanged.emit()
        assert devices.data(devices.index(0), DevicesModel.Role.Paired) is True
        assert devices.property("selected")["note"] == "notConnected"
        assert all(not a["enabled"] for a in devices.property("selected")["actions"])
        # Connected, and the car holds a route: "Send navigation" is offered, "Send media" is not.
        handoff.post(
            "connected", {"device_id": "ph-1", "name": "Xiaomi 14", "capabilities": ["navigation", "media"]}
        )
        handoff.post("sessions", {"sessions": [{"kind": "navigation", "destination_name": "Home"}]})
        qtbot.waitUntil(lambda: devices.property("selected")["connected"], timeout=2000)
        assert devices.property("selected")["actions"] == [
            {"name": "sendNavigation", "enabled": True},
            {"name": "sendMedia", "enabled": False},
        ]
        assert devices.property("selected")["note"] == ""
        # A Cast-only TV takes nothing from the car, and "Play on TV" lists it as not reachable.
        devices.selectedId = tv_id = next(t["deviceId"] for t in devices.property("mediaTargets"))
        assert devices.property("selected")["note"] == "notHandoffMediaPlayer" and tv_id.startswith("cast:")
        assert [t["state"] for t in devices.property("mediaTargets")] == ["unreachable"]
    finally:
        devices.close()


def test_pairing_and_sending_from_the_devices_page_are_locked_while_driving(
    qtbot, directory: DeviceDirectory, store
) -> None:
    from cockpit.hmi.handoff_model import HandoffModel

    handoff = HandoffModel(store=store)  # the store's Vehicle.Speed is not received yet: locked
    devices = DevicesModel(directory)
    try:
        devices.follow_handoff(handoff)
        directory.observe(phone("ph-1"))
        qtbot.waitUntil(lambda: devices.rowCount() == 1, timeout=2000)
        devices.selectedId = "handoff:ph-1"
        assert devices.property("selected")["actions"] == [{"name": "pair", "enabled": False}]
        assert devices.property("selected")["note"] == "locked"
        store.update("Vehicle.Speed", 3.0, store.clock())  # walking pace: allowed
        handoff.read_vehicle()
        assert devices.property("selected")["actions"] == [{"name": "pair", "enabled": True}]
        store.update("Vehicle.Speed", 30.0, store.clock())
        handoff.read_vehicle()
        assert devices.property("selected")["actions"] == [{"name": "pair", "enabled": False}]
    finally:
        devices.close()
