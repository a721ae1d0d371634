"""The car's thread-safe handoff service: pairing through the dialog's answer, reconnecting, forgetting.

The phone runs on its own asyncio thread in this process (the cross-process case is in
test_handoff_companion.py); everything goes over real TLS on loopback.
"""

from __future__ import annotations

import queue
import time
from pathlib import Path
from typing import Any

import pytest

from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.errors import HandoffError, PairingError
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir, write_private
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.runner import HandoffThread
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.trust import PairedDevices

pytestmark = pytest.mark.timeout(30)


class Recorder:
    """Events from either side, from their own threads."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, event: str, details: dict[str, Any]) -> None:
        self.queue.put((event, details))

    def count(self, event: str) -> int:
        while not self.queue.empty():
            self.seen.append(self.queue.get_nowait())
        return sum(1 for name, _ in self.seen if name == event)

    def wait_for(self, event: str, times: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while self.count(event) < times:
            assert time.monotonic() < deadline, f"{event} x{times} not seen; saw {[n for n, _ in self.seen]}"
            time.sleep(0.01)
        return [d for n, d in self.seen if n == event][times - 1]


@pytest.fixture
def phone(tmp_path: Path):
    thread = HandoffThread("cockpit-test-phone").start()
    events = Recorder()
    state = StateDir(tmp_path / "phone")

    async def yes(prompt: PairingPrompt) -> bool:
        return True

    endpoint = PhoneHandoff(load_or_create_identity(state), PairedDevices(state), "Phone", events, yes)
    port = thread.run(endpoint.start())
    yield endpoint, thread, events, port
    thread.run(endpoint.close())
    thread.stop()


@pytest.fixture
def car(tmp_path: Path):
    events = Recorder()
    service = CockpitHandoff("Car", events, StateDir(tmp_path / "car")).start()
    yield service, events
    service.stop()


def pair(service: CockpitHandoff, events: Recorder, port: int) -> str:
    pairing = service.pair("127.0.0.1", port)
    prompt = events.wait_for("pairing_code")
    assert len(prompt["code"]) == 6
    service.answer_pairing(True)
    return pairing.result(5).device_id


def test_the_pairing_dialogs_answer_completes_the_pairing(car, phone) -> None:
    service, events = car
    _, _, _, port = phone
    device_id = pair(service, events, port)
    assert [d.device_id for d in service.paired_devices()] == [device_id]
    events.wait_for("pairing_closed")
    with pytest.raises(PairingError, match="no pairing is waiting"):
        service.answer_pairing(True)


def test_a_dropped_link_to_a_paired_phone_is_reconnected_by_itself(car, phone) -> None:
    service, events = car
    endpoint, phone_thread, phone_events, port = phone
    device_id = pair(service, events, port)
    service.phone_seen(device_id, "127.0.0.1", port).result(5)
    phone_events.wait_for("connected")
    phone_thread.run(endpoint.links[service.identity.device_id].close())  # out of Wi-Fi range, say
    events.wait_for("disconnected")
    phone_events.wait_for("connected", times=2, timeout=5.0)
    service.hold(demo_sessions(time.monotonic())[0]).result(5)
    assert [s.kind for s in service.send_to_phone().result(5)] == ["navigation"]


def test_forgetting_the_phone_drops_its_link_and_stops_reconnecting(car, phone) -> None:
    service, events = car
    _, _, phone_events, port = phone
    device_id = pair(service, events, port)
    service.phone_seen(device_id, "127.0.0.1", port).result(5)
    phone_events.wait_for("connected")
    service.forget(device_id)
    events.wait_for("disconnected")
    time.sleep(1.5)  # longer than the reconnect delay
    assert phone_events.count("connected") == 1
    with pytest.raises(HandoffError, match="no paired device has the id"):
        service.forget(device_id)


def test_a_key_store_others_can_read_stops_the_service_before_it_starts(tmp_path: Path) -> None:
    state = StateDir(tmp_path / "car")
    load_or_create_identity(state)
    (state.path / "identity.key").chmod(0o640)
    with pytest.raises(HandoffError, match=r"identity.key is accessible by other users"):
        CockpitHandoff("Car", Recorder(), state)


# --- issue 11: the reconnect loop survives damage, spoofed announcements and spoofed goodbyes --------
def test_a_briefly_unreadable_paired_file_is_retried_and_the_car_reconnects_after_it(
    car, phone, caplog
) -> None:
    service, events = car
    endpoint, phone_thread, phone_events, port = phone
    device_id = pair(service, events, port)
    service.phone_seen(device_id, "127.0.0.1", port).result(5)
    phone_events.wait_for("connected")
    paired_file = service.identity.key_path.parent / "paired.json"
    good = paired_file.read_bytes()
    write_private(paired_file, good[: len(good) // 2])  # half a file, as a crashed editor leaves it
    try:
        phone_thread.run(endpoint.links[service.identity.device_id].close())
        events.wait_for("disconnected")
        time.sleep(2.5)  # two reconnection rounds meet the damaged file
    finally:
        write_private(paired_file, good)
    assert "paired.json is corrupt" in caplog.text
    phone_events.wait_for("connected", times=2, timeout=5.0)
    assert service.thread.loop.is_running()


def test_a_spoofed_announcement_and_a_spoofed_goodbye_never_end_reconnection_to_the_real_phone(
    car, phone, tmp_path: Path
) -> None:
    service, events = car
    endpoint, phone_thread, phone_events, port = phone
    device_id = pair(service, events, port)
    spoof_state = StateDir(tmp_path / "spoof")
    spoof = PhoneHandoff(
        load_or_create_identity(spoof_state), PairedDevices(spoof_state), "Phone", Recorder(), None
    )
    spoof_port = phone_thread.run(spoof.start())
    try:
        # The copied announcement comes first, the genuine one second: the pinned key decides.
        assert service.endpoints_seen(device_id, [("127.0.0.1", spoof_port), ("127.0.0.1", port)]).result(10)
        phone_events.wait_for("connected")
        assert events.wait_for("connect_failed")["address"] == f"127.0.0.1:{spoof_port}"
        service.phone_gone(device_id)  # a goodbye anyone can send
        for times in (2, 3):
            phone_thread.run(endpoint.links[service.identity.device_id].close())
            phone_events.wait_for("connected", times=times, timeout=5.0)
        assert spoof.links == {}
    finally:
        phone_thread.run(spoof.close())
