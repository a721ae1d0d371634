"""Route geometry and media control over the real protocol: a version-1 phone (no ``route`` or
``media_queue`` in its hello) still gets every handoff, and a tap on the car's play/pause or next
reaches the phone as a ``sessions`` message. Real TLS on loopback, the phone on its own thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_handoff_service import Recorder, pair

from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.runner import HandoffThread
from cockpit.handoff.service import CockpitHandoff
from cockpit.handoff.trust import PairedDevices

pytestmark = pytest.mark.timeout(30)
V1_NAVIGATION_FIELDS = {
    "kind",
    "id",
    "destination_name",
    "latitude",
    "longitude",
    "remaining_m",
    "remaining_s",
    "mode",
}
V1_MEDIA_FIELDS = {"kind", "id", "source", "title", "artist", "album", "duration_s", "position_s", "playing"}


@dataclass
class ConnectedPair:
    """The car's real handoff service and a phone (or TV) endpoint on its own thread, paired and
    connected over TLS on loopback; ``close`` stops both."""

    car: CockpitHandoff
    car_events: Recorder
    phone: PhoneHandoff
    phone_events: Recorder
    phone_thread: HandoffThread
    close: Callable[[], None]

    @property
    def phone_id(self) -> str:
        """The phone's device id, as the car pinned it."""
        return self.phone.device_id


def connected_pair(tmp_path: Path, capabilities: tuple[str, ...], name: str = "Phone") -> ConnectedPair:
    """A car and a peer that says ``capabilities`` in its hello, paired and connected."""
    thread = HandoffThread("cockpit-test-phone").start()
    phone_events = Recorder()
    state = StateDir(tmp_path / "phone")

    async def yes(prompt: PairingPrompt) -> bool:
        return True

    phone = PhoneHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        name,
        phone_events,
        yes,
        capabilities=capabilities,
    )
    port = thread.run(phone.start())
    car_events = Recorder()
    car = CockpitHandoff("Car", car_events, StateDir(tmp_path / "car")).start()
    device_id = pair(car, car_events, port)
    car.connect(device_id, "127.0.0.1", port).result(5)
    phone_events.wait_for("connected")

    def close() -> None:
        car.stop()
        thread.run(phone.close())
        thread.stop()

    return ConnectedPair(car, car_events, phone, phone_events, thread, close)


def test_a_version_1_phone_gets_the_route_and_track_without_the_new_fields(tmp_path: Path) -> None:
    connected = connected_pair(tmp_path, ("navigation", "media"))
    car, phone_events, close = connected.car, connected.phone_events, connected.close
    try:
        for session in demo_sessions(time.monotonic()):
            car.hold(session).result(5)
        offered = phone_events.wait_for("peer_sessions", times=3)["sessions"]
        assert [set(s) for s in offered] == [V1_NAVIGATION_FIELDS, V1_MEDIA_FIELDS]
        sent = car.send_to_phone().result(10)
        assert [s.kind for s in sent] == ["navigation", "media"]
        received = [phone_events.wait_for("session_received", times=n)["session"] for n in (1, 2)]
        assert [set(s) for s in received] == [V1_NAVIGATION_FIELDS, V1_MEDIA_FIELDS]
        assert received[0]["remaining_m"] == pytest.approx(sent[0].route.length_m, abs=0.1)
    finally:
        close()


def test_the_cars_media_controls_reach_the_phone_through_the_protocol(tmp_path: Path) -> None:
    connected = connected_pair(tmp_path, ("navigation", "media", "route", "media_queue"))
    car, phone_events, close = connected.car, connected.phone_events, connected.close
    try:
        route, track = demo_sessions(time.monotonic())
        car.hold(route).result(5)
        car.hold(track).result(5)
        seen = phone_events.wait_for("peer_sessions", times=3)["sessions"]
        assert len(seen[0]["route"]["points"]) == 11 and seen[1]["playing"] is True
        assert car.control_media("pause").result(5)
        media = phone_events.wait_for("peer_sessions", times=4)["sessions"][1]
        assert media["playing"] is False and media["title"] == "Blue in Green"
        assert car.control_media("next").result(5)
        media = phone_events.wait_for("peer_sessions", times=5)["sessions"][1]
        assert (media["title"], media["position_s"]) == ("All Blues", 0.0)
        assert [t["title"] for t in media["played"]] == ["Blue in Green", "Freddie Freeloader"]
        assert car.control_media("seek", 120.0).result(5)
        media = phone_events.wait_for("peer_sessions", times=6)["sessions"][1]
        assert media["position_s"] == pytest.approx(120.0)
    finally:
        close()
