"""End to end: frames on a python-can virtual bus, read by the bus reader, decoded into the store,
drained once per displayed frame, and shown in the QML item a driver looks at, on every page.
"""

from __future__ import annotations

import threading
import time
import uuid

import can
import pytest
from vehicle_frames import FrameMaker

from cockpit.app.vehicle import VehicleBuses
from cockpit.config import BusConfig
from cockpit.hmi.app import Cockpit
from cockpit.signals import SignalStore

CAR = {  # message -> signal values: one moment of a drive
    "ESP_Speed": {"ESP_VehicleSpeed": 87.4},
    "BMS_PackStatus": {"BMS_PackVoltage": 396.0, "BMS_PackCurrent": -105.0, "BMS_SocDisplayed": 68.0},
    "ACC_Status": {
        "ACC_State": "ACTIVE",
        "ACC_SetSpeed": 90,
        "ACC_LeadVehicleDetected": 1,
        "ACC_LeadVehicleDistance": 42.0,
    },
}


class Car(threading.Thread):
    """Sends CAR at each message's cycle time until stopped, like the car's ECUs."""

    def __init__(self, schema, channel: str) -> None:
        super().__init__(name="test-car", daemon=True)
        self.frames = FrameMaker(schema)
        self.bus = can.Bus(interface="virtual", channel=channel)
        self.running = threading.Event()
        self.running.set()
        self.quit = threading.Event()

    def run(self) -> None:
        next_send = dict.fromkeys(CAR, 0.0)
        while not self.quit.is_set():
            now = time.monotonic()
            if self.running.is_set():
                for name, values in CAR.items():
                    if now >= next_send[name]:
                        self.bus.send(self.frames.frame(name, time.time(), **values))
                        next_send[name] = now + self.frames.cycle_time(name)
            self.quit.wait(0.005)

    def stop(self) -> None:
        self.quit.set()
        self.join(2)
        self.bus.shutdown()


@pytest.fixture(scope="module")
def live(qapp, schema):
    """A cockpit reading a virtual bus (a channel of its own) that a simulated ECU set writes to."""
    channel = f"test-ui-e2e-{uuid.uuid4().hex[:8]}"
    store = SignalStore(schema.signal_specs())
    buses = VehicleBuses(
        [BusConfig(name="vehicle", interface="virtual", channel=channel)], store, {"vehicle": schema}
    )
    buses.start()
    car = Car(schema, channel)
    car.start()
    cockpit = Cockpit(store, buses=buses.feeds())
    window = cockpit.load()
    window.show()
    cockpit.start()
    yield cockpit, car
    car.stop()
    buses.stop()
    cockpit.close()


def text_of(cockpit: Cockpit, name: str) -> str:
    item = cockpit.find(name)
    return "" if item is None else item.property("text")


@pytest.mark.parametrize(
    ("page", "item", "shown"),
    [
        ("drive", "speedValue", "87"),  # the driving strip, on every page
        ("energy", "packVoltageValue", "396"),
        ("adas", "adasLeadDistanceValue", "42"),
        ("adas", "adasScene_leadDistance", "42 m"),  # the label beside the lead car in the top-down view
        ("settings", "busSummary", "All buses OK"),
    ],
)
def test_a_frame_on_the_bus_reaches_the_page(qtbot, live, page, item, shown) -> None:
    cockpit, _ = live
    cockpit.show_page(page)
    qtbot.waitUntil(lambda: text_of(cockpit, item) == shown, timeout=3000)
    assert cockpit.find(item).isVisible()


def test_the_diagnostics_table_lists_the_decoded_speed(qtbot, live) -> None:
    cockpit, _ = live
    cockpit.show_page("diagnostics")
    cockpit.find("signalSearch").setProperty("text", "Vehicle.Speed")
    table = cockpit.models.signal_filter
    qtbot.waitUntil(lambda: table.count == 1, timeout=3000)
    row = table.index(0, 0)
    roles = {bytes(name).decode(): role for role, name in table.roleNames().items()}
    qtbot.waitUntil(lambda: table.data(row, roles["status"]) == "valid", timeout=3000)
    assert table.data(row, roles["valueText"]).startswith("87.4")
    cockpit.find("signalSearch").setProperty("text", "")


def test_a_silent_bus_lights_the_can_offline_telltale_and_speed_becomes_a_dash(qtbot, live) -> None:
    cockpit, car = live
    cockpit.show_page("drive")
    qtbot.waitUntil(lambda: text_of(cockpit, "speedValue") == "87", timeout=3000)
    car.running.clear()
    try:
        qtbot.waitUntil(lambda: text_of(cockpit, "speedValue") == "\u2014", timeout=1000)
        qtbot.waitUntil(lambda: cockpit.find("telltaleBus").property("lit"), timeout=4000)
    finally:
        car.running.set()
    qtbot.waitUntil(lambda: not cockpit.find("telltaleBus").property("lit"), timeout=4000)
    assert text_of(cockpit, "speedValue") == "87"


def test_unknown_frames_on_the_bus_are_named_on_the_diagnostics_page(qtbot, live) -> None:
    cockpit, car = live
    cockpit.show_page("diagnostics")
    car.bus.send(can.Message(arbitration_id=0x7DF, data=bytes(8), is_extended_id=False))

    def shown() -> bool:
        stack = [cockpit.find("busList")]
        while stack:
            item = stack.pop()
            if "0x7DF" in str(item.property("text") or ""):
                return item.isVisible()
            stack.extend(item.childItems())
        return False

    qtbot.waitUntil(shown, timeout=4000)  # the bus statistics are sampled once a second
