"""Worker threads hand models only weak references: a model can never die off the Qt thread."""

from __future__ import annotations

import gc
import threading
import weakref

from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.records import RawServiceRecord
from cockpit.hmi.devices_model import DevicesModel
from cockpit.hmi.handoff_model import HandoffModel


def on_a_worker(function, *args) -> None:
    worker = threading.Thread(target=function, args=args, name="cockpit-test-worker")
    worker.start()
    worker.join()


def test_the_handoff_sink_does_not_keep_the_model_alive_nor_reach_a_dead_one(qapp) -> None:
    model = HandoffModel()
    sink = model.event_sink()
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None  # the service's sink held it only weakly
    on_a_worker(sink, "status", {"message": "late"})  # the handoff thread posts after the model left
    qapp.processEvents()  # delivered to nobody, and nothing crashes


def test_handoff_events_posted_from_a_worker_arrive_on_the_qt_thread(qapp, qtbot) -> None:
    model = HandoffModel()
    seen: list[str] = []
    model._apply = lambda event, details: seen.append(threading.current_thread().name)  # type: ignore[method-assign]
    on_a_worker(model.event_sink(), "phone_connected", {})
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [threading.main_thread().name]


def test_the_directory_does_not_keep_the_devices_model_alive(qapp, qtbot) -> None:
    directory = DeviceDirectory()
    devices = DevicesModel(directory)
    gone = weakref.ref(devices)
    del devices  # even never closed: the discovery thread's listener holds it only weakly
    gc.collect()
    assert gone() is None
    miio = "_miio._udp.local."
    record = RawServiceRecord(
        miio,
        f"zhimi-airpurifier-ma4_miio1.{miio}",
        54321,
        "zhimi-airpurifier-ma4_miio1.local.",
        ["127.0.0.1"],
        [],
        120,
    )
    on_a_worker(directory.observe, record)  # discovery goes on after the page closed
    qapp.processEvents()


def test_devices_booked_on_the_discovery_thread_reach_the_model(qapp, qtbot) -> None:
    directory = DeviceDirectory()
    devices = DevicesModel(directory)
    miio = "_miio._udp.local."
    record = RawServiceRecord(
        miio,
        f"zhimi-airpurifier-ma4_miio2.{miio}",
        54321,
        "zhimi-airpurifier-ma4_miio2.local.",
        ["127.0.0.1"],
        [],
        120,
    )
    on_a_worker(directory.observe, record)
    qtbot.waitUntil(lambda: devices.rowCount() == 1, timeout=2000)
    devices.close()
