"""End to end: the cockpit's handoff service and ``cockpit companion`` in a separate process.

Real everything: the companion announces ``_mi-handoff._tcp`` over mDNS on 127.0.0.1, the car finds
it with discovery's DeviceBrowser, both users see the same 6-digit code, the keys are pinned, and
sessions travel over mutually authenticated TLS 1.3. A second companion that copies the first one's
name, id and TXT record but has its own key is found by discovery and refused by the car.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from cockpit.demo.sessions import demo_sessions
from cockpit.discovery.browser import DeviceBrowser
from cockpit.discovery.directory import DeviceDirectory, handoff_device_id
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.service import CockpitHandoff

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]


class Companion:
    """``cockpit companion`` as a child process, its JSON-line events read on a thread."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cockpit.cli", "companion", *args],
            cwd=REPO,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, name="test-companion-stdout", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.events.put(json.loads(line))

    def wait_for(self, event: str, timeout: float = 15.0, **match: Any) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for seen in self.seen:
            if seen["event"] == event and all(seen.get(k) == v for k, v in match.items()):
                return seen
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [e["event"] for e in self.seen]
                raise AssertionError(
                    f"companion never printed {event} {match}; saw {seen}\nstderr: {self.stop()}"
                )
            try:
                item = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(item)
            if item["event"] == event and all(item.get(k) == v for k, v in match.items()):
                return item

    def all_of(self, event: str, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The first ``count`` events named ``event``, waiting for them to be printed."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.seen if e["event"] == event]
            if len(found) >= count:
                return found[:count]
            assert time.monotonic() < deadline, f"companion printed {len(found)} {event}, not {count}"
            with contextlib.suppress(queue.Empty):
                self.seen.append(self.events.get(timeout=0.05))

    def names(self) -> list[str]:
        while not self.events.empty():
            self.seen.append(self.events.get_nowait())
        return [e["event"] for e in self.seen]

    def stop(self) -> str:
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")  # type: ignore[union-attr]
                self.process.stdin.flush()  # type: ignore[union-attr]
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(5)
        self._reader.join(5)
        if self.process.stdin.closed:  # type: ignore[union-attr]
            return ""  # stopped before
        err = self.process.stderr.read()  # type: ignore[union-attr]
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]
        return err


class CarEvents:
    """The car's handoff events, arriving on the handoff thread."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, event: str, details: dict[str, Any]) -> None:
        self.queue.put((event, details))

    def wait_for(self, event: str, timeout: float = 10.0, where=lambda details: True) -> dict[str, Any]:
        for name, details in self.seen:
            if name == event and where(details):
                return details
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                name, details = self.queue.get(timeout=0.05)
            except queue.Empty:
                continue
            self.seen.append((name, details))
            if name == event and where(details):
                return details
        raise AssertionError(f"the car never reported {event}; saw {[n for n, _ in self.seen]}")


def wait_for_device(directory: DeviceDirectory, device_id: str, port: int, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        device = directory.get(handoff_device_id(device_id))
        if device is not None and device.port == port and device.addresses:
            return device
        time.sleep(0.05)
    raise AssertionError(
        f"discovery never saw handoff peer {device_id} on port {port}: {directory.devices()}"
    )


@pytest.fixture
def car(tmp_path: Path):
    events = CarEvents()
    handoff = CockpitHandoff("Test car", events, StateDir(tmp_path / "car")).start()
    yield handoff, events
    handoff.stop()


@pytest.fixture
def browser():
    directory = DeviceDirectory()
    with DeviceBrowser(directory, ["127.0.0.1"]) as running:
        yield directory
    del running


def test_pairing_and_handoff_with_a_companion_in_another_process_then_a_spoof_is_refused(
    tmp_path: Path, car, browser: DeviceDirectory
) -> None:
    handoff, events = car
    name = f"Phone {uuid.uuid4().hex[:6]}"  # other tests on this machine announce too
    phone = Companion("--name", name, "--state-dir", str(tmp_path / "phone"))
    spoof = None
    try:
        listening = phone.wait_for("listening")
        phone.wait_for("announced")
        device = wait_for_device(browser, listening["device_id"], listening["port"])
        assert device.name == name and {"navigation", "media"} <= device.capabilities
        stop_following = handoff.follow_discovery(browser)  # seen, but not paired yet: no connection

        # Numeric comparison: both sides show the same code; the user confirms on both.
        pairing = handoff.pair(device.addresses[0], device.port)
        car_code = events.wait_for("pairing_code")
        phone_code = phone.wait_for("pairing_code")
        assert car_code["code"] == phone_code["code"] and len(car_code["code"]) == 6
        assert car_code["fingerprint"] == listening["fingerprint"]
        handoff.answer_pairing(True)
        phone.process.stdin.write("yes\n")
        phone.process.stdin.flush()
        paired = pairing.result(10)
        assert paired.device_id == listening["device_id"]
        assert phone.wait_for("paired")["device_id"] == handoff.identity.device_id

        # Now paired, the phone discovery reported is connected over mutual TLS; the car hands over.
        phone.wait_for("connected", device_id=handoff.identity.device_id)
        route, track = demo_sessions(time.monotonic())
        handoff.hold(route).result(5)
        handoff.hold(track).result(5)
        sent = handoff.send_to_phone().result(10)
        assert [s.kind for s in sent] == ["navigation", "media"]
        route_there, track_there = (e["session"] for e in phone.all_of("session_received", 2))
        # A tap while driving hands the route on by car (walking directions are for leaving the car),
        # with its geometry and maneuvers: this phone's hello named the "route" capability.
        assert route_there["destination_name"] == "Xiaomi Technology Park" and route_there["mode"] == "drive"
        assert (
            len(route_there["route"]["points"]) == 11
            and route_there["route"]["maneuvers"][1]["action"] == "turn_left"
        )
        assert track_there["kind"] == "media" and track_there["position_s"] >= 61.0

        # ... and takes them back.
        events.wait_for("peer_sessions")
        deadline = time.monotonic() + 5
        while len(handoff.car.phone_sessions()) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        taken = handoff.take_from_phone().result(10)
        assert sorted(s.kind for s in taken) == ["media", "navigation"]
        phone.wait_for("session_given")

        # The phone goes; a spoof copies its name, id and TXT record (but not its key).
        phone.stop()
        handoff.thread.run(handoff.car.close())
        spoof = Companion(
            "--name",
            name,
            "--state-dir",
            str(tmp_path / "spoof"),
            "--announce-id",
            listening["device_id"],
            "--auto-confirm",
        )
        spoof_listening = spoof.wait_for("listening")
        announced = spoof.wait_for("announced")
        assert announced["txt"]["id"] == listening["device_id"]
        impostor = wait_for_device(browser, listening["device_id"], spoof_listening["port"])
        # Discovery hands the impostor's address to the car, which refuses it: not the pinned key.
        failure = events.wait_for(
            "connect_failed", where=lambda details: details["address"].endswith(f":{impostor.port}")
        )
        assert "pinned certificate" in failure["reason"]
        stop_following()
        time.sleep(0.2)
        assert "connected" not in spoof.names() and "session_received" not in spoof.names()
        assert sorted(s.kind for s in handoff.car.active()) == ["media", "navigation"]  # nothing lost
    finally:
        phone.stop()
        if spoof is not None:
            spoof.stop()


def test_pairing_list_and_forget_on_the_command_line(tmp_path: Path, car) -> None:
    handoff, events = car
    phone = Companion(
        "--name",
        f"CLI phone {uuid.uuid4().hex[:6]}",
        "--state-dir",
        str(tmp_path / "phone"),
        "--auto-confirm",
        "--no-announce",
    )
    try:
        listening = phone.wait_for("listening")
        pairing = handoff.pair("127.0.0.1", listening["port"])
        events.wait_for("pairing_code")
        handoff.answer_pairing(True)
        pairing.result(10)

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "cockpit.cli", "pairing", *args],
                cwd=REPO,
                text=True,
                capture_output=True,
                timeout=30,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )

        listed = cli("--state-dir", str(tmp_path / "phone"), "list", "--json")
        assert [d["device_id"] for d in json.loads(listed.stdout)] == [handoff.identity.device_id]
        forgotten = cli("--state-dir", str(tmp_path / "phone"), "forget", handoff.identity.device_id)
        assert forgotten.returncode == 0 and "forgot Test car" in forgotten.stdout
        again = cli("--state-dir", str(tmp_path / "phone"), "forget", handoff.identity.device_id)
        assert again.returncode == 2 and "no paired device has the id" in again.stderr
        assert "Traceback" not in again.stderr

        # The running companion no longer knows the car: its next connection is refused.
        assert handoff.phone_seen(listening["device_id"], "127.0.0.1", listening["port"]).result(10) is False
        assert "does not recognise this car" in events.wait_for("connect_failed")["reason"]
    finally:
        phone.stop()


def test_a_world_readable_key_store_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    state = tmp_path / "loose"
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cockpit.cli",
            "companion",
            "--state-dir",
            str(state),
            "--no-announce",
            "--duration",
            "1",
        ],
        cwd=REPO,
        text=True,
        capture_output=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2
    assert f"{state} is accessible by other users (mode 0755)" in result.stderr
    assert "Traceback" not in result.stderr
