"""One discovery per process: the handoff follows the head unit's one directory, and a pairing or a
forget reaches that directory (and so the Devices page) as it happens, with no file polled."""

from __future__ import annotations

import time

from cockpit.app import HeadUnit, add_demo_household
from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE
from cockpit.discovery.records import RawServiceRecord
from cockpit.signals import SignalStore
from cockpit.vocabulary import handoff_device_id


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def announcement(peer_id: str, name: str) -> RawServiceRecord:
    """The handoff announcement of ``peer_id``, as discovery receives it (fed by hand: a neighbour
    on this machine may hold the demo's names, and this test is about the directory, not mDNS)."""
    txt = [f"id={peer_id}".encode(), f"name={name}".encode(), b"v=1", b"caps=navigation,media", b"kind=phone"]
    return RawServiceRecord(
        HANDOFF_SERVICE_TYPE, f"{name}.{HANDOFF_SERVICE_TYPE}", 47000, "phone.local.", ["127.0.0.1"], txt, 120
    )


def test_a_pairing_and_a_forget_reach_the_one_directory_as_they_happen() -> None:
    unit = add_demo_household(HeadUnit(SignalStore(), demo=True)).start()
    try:
        service, directory = unit.handoff.service, unit.discovery.directory
        assert unit.handoff.discovery.directory is directory
        # The demo phone and TV pair with the car on start (as if the driver had, long ago).
        assert wait_for(lambda: len(service.paired_devices()) == 2)
        phone = next(d for d in service.paired_devices() if d.name == "Demo phone")
        directory.observe(announcement(phone.device_id, "Demo phone (hand-fed)"))
        assert wait_for(lambda: directory.get(handoff_device_id(phone.device_id)).paired)
        service.forget(phone.device_id)
        assert wait_for(lambda: not directory.get(handoff_device_id(phone.device_id)).paired)
    finally:
        unit.stop()
