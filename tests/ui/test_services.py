"""Optional services (the Devices page's discovery, the handoff cards) start when installed, stay
out of the way when not, and never take the cockpit down when they fail; a failing frame tick is
logged and the next frame carries on.
"""

from __future__ import annotations

import logging
import sys
import types

import pytest
from PySide6.QtCore import QObject

from cockpit.hmi.app import Cockpit
from cockpit.hmi.services import CockpitService, ServiceContext, service_objects, start_services
from cockpit.signals import SignalSpec, SignalStore


@pytest.fixture
def fake_parts(monkeypatch):
    """Three service modules: one that works, one that raises, one that imports something missing."""
    stopped = []

    def working(context: ServiceContext) -> CockpitService:
        assert context.demo
        return CockpitService({"devices": QObject()}, stop=lambda: stopped.append("devices"))

    def broken(context: ServiceContext) -> CockpitService:
        raise RuntimeError("no zeroconf today")

    for name, factory in (("fake_working", working), ("fake_broken", broken)):
        module = types.ModuleType(name)
        module.cockpit_service = factory
        monkeypatch.setitem(sys.modules, name, module)
    return stopped


def test_installed_services_start_and_broken_or_missing_ones_are_logged_not_raised(
        qapp, fake_parts, caplog) -> None:
    factories = {"devices": "fake_working:cockpit_service", "cards": "fake_broken:cockpit_service",
                 "later": "cockpit_part_not_written_yet:cockpit_service"}
    with caplog.at_level(logging.DEBUG, logger="cockpit.hmi.services"):
        services = start_services(ServiceContext(SignalStore(), demo=True), factories)
    assert list(service_objects(services)) == ["devices"]
    assert "service cards failed to start" in caplog.text
    assert "service later is not installed" in caplog.text
    services[0].stop()
    assert fake_parts == ["devices"]


def test_a_failing_frame_is_logged_and_the_next_frame_still_shows(qapp, caplog) -> None:
    store = SignalStore([SignalSpec("Vehicle.Speed", "km/h", timeout=None)], clock=lambda: 10.0)
    cockpit = Cockpit(store)
    real_apply = cockpit.models.drive.apply
    calls = []

    def fails_once(readings):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("a bad reading")
        return real_apply(readings)

    cockpit.models.drive.apply = fails_once
    store.update("Vehicle.Speed", 50.0, 9.9)
    with caplog.at_level(logging.ERROR):
        cockpit.tick()
    assert "cockpit tick failed" in caplog.text
    store.update("Vehicle.Speed", 51.0, 9.95)
    cockpit.tick()
    assert cockpit.models.drive.value("speed") == 51.0 and cockpit.models.drive.is_valid("speed")


@pytest.mark.parametrize(("relative", "page"), [
    ("views/DevicesPage.qml", "devices"),
    ("panels/NavigationCard.qml", "drive"),
    ("panels/NowPlayingCard.qml", "drive"),
    ("panels/PairingDialog.qml", "settings"),
])
def test_an_optional_part_dropped_into_ui_is_loaded_with_the_services(qapp, tmp_path, relative, page) -> None:
    import shutil

    from cockpit import resources

    ui = tmp_path / "ui"
    shutil.copytree(resources.ui_dir(), ui)
    (ui / relative).write_text(
        'import QtQuick\nimport "../controls"\n'
        'Item {\n    property var services: ({})\n'
        '    CText { objectName: "partProbe"; text: services.devices ? services.devices.objectName : "none" }\n}\n')
    devices = QObject()
    devices.setObjectName("directory")
    cockpit = Cockpit(SignalStore(), services={"devices": devices}, ui_dir=ui, initial_page=page)
    try:
        cockpit.load()
        probe = cockpit.find("partProbe")
        assert probe is not None, cockpit.load_warnings
        assert probe.property("text") == "directory"
        assert not cockpit.load_warnings
    finally:
        cockpit.close()


def test_without_a_devices_page_the_tab_shows_an_empty_state(qapp) -> None:
    from cockpit.hmi.app import optional_parts
    from cockpit import resources

    cockpit = Cockpit(SignalStore(), initial_page="devices")
    try:
        cockpit.load()
        page = cockpit.find("devicesPage")
        if optional_parts(resources.ui_dir())["devicesPage"]:
            pytest.skip("the Devices page is installed in this checkout")
        texts = [item.property("text") for item in page.findChildren(QObject) if item.property("text")]
        assert "No devices yet" in texts
    finally:
        cockpit.close()


def test_services_started_after_the_first_frame_reach_qml_without_a_warning(qapp, qtbot) -> None:
    store = SignalStore([SignalSpec("Vehicle.Speed", "km/h", timeout=1.0)])
    cockpit = Cockpit(store)
    window = cockpit.load((1280, 480))
    started: list[str] = []
    late = QObject()

    def start_late_services() -> None:
        started.append("late")
        cockpit.attach_services({"late": late})

    cockpit.after_first_frame(start_late_services)
    try:
        window.show()
        qtbot.waitUntil(lambda: started == ["late"], timeout=5000)
        services = window.property("services")
        assert services["late"] is late and "signalTable" in services
        assert not cockpit.load_warnings
    finally:
        cockpit.close()
