"""The parts that follow discovery and handoff get the services QML is given, the services come
after the first frame without a warning, and neither a failing part nor a failing frame tick takes
the cockpit down.
"""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QObject

from cockpit.hmi.app import Cockpit
from cockpit.signals import SignalSpec, SignalStore


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


@pytest.mark.parametrize(
    ("relative", "page"),
    [
        ("views/DevicesPage.qml", "devices"),
        ("panels/NavigationCard.qml", "drive"),
        ("panels/NowPlayingCard.qml", "drive"),
        ("panels/PairingDialog.qml", "settings"),
    ],
)
def test_each_part_that_follows_the_services_is_loaded_with_them(qapp, tmp_path, relative, page) -> None:
    import shutil

    from cockpit import resources

    ui = tmp_path / "ui"
    shutil.copytree(resources.ui_dir(), ui)
    (ui / relative).write_text(
        'import QtQuick\nimport "../controls"\n'
        "Item {\n    property var services: ({})\n"
        '    CText { objectName: "partProbe";\n'
        '            text: services.devices ? services.devices.objectName : "none" }\n}\n'
    )
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


def test_a_deferred_part_that_fails_to_start_is_logged_and_the_screen_still_gets_the_others(
    qapp, caplog
) -> None:
    from cockpit.app import HeadUnit
    from cockpit.hmi.services import service_models

    class BrokenDiscovery:
        name = "discovery"
        for_page = True

        def start(self) -> None:
            raise OSError("no multicast on this interface")

        def stop(self) -> None:
            pass

    unit = HeadUnit(SignalStore())
    unit.add(BrokenDiscovery())
    attached = []
    unit.when_deferred_started(lambda: attached.append(service_models(unit).objects))
    with caplog.at_level(logging.ERROR):
        unit.start(defer=True)
        unit.start_deferred()
    assert "the discovery failed to start" in caplog.text
    assert attached == [{}]  # nothing to show: the Devices page keeps its waiting state
    unit.stop()
