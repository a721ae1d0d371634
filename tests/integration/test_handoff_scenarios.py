"""The simulated car's ``parking`` and ``arriving`` scenarios drive the handoff, frame by frame.

The scenarios' CAN frames go through the real decoder (E2E, ranges, mapping) into a signal store on
the simulation's clock; the car's handoff ticks every 20 ms of simulated time, as it does live. The
phone is ``cockpit companion`` in its own process, over mutual TLS on loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import can
import cantools
import pytest

from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.car import CarHandoff, CarSettings
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.rules import DRIVER_DOOR, HandoffRules
from cockpit.handoff.trust import PairedDevices
from cockpit.resources import reference_dbc
from cockpit.signals import SignalStore
from cockpit.sim import SimulatedCar

pytestmark = pytest.mark.timeout(90)
REPO = Path(__file__).resolve().parents[2]
TICK_S = 0.02


class CompanionProcess:
    """``cockpit companion --auto-confirm`` in a child process; its JSON events gathered on a thread."""

    def __init__(self, state_dir: Path) -> None:
        env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cockpit.cli",
                "companion",
                "--name",
                "Scenario phone",
                "--state-dir",
                str(state_dir),
                "--auto-confirm",
                "--no-announce",
            ],
            cwd=REPO,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self._thread = threading.Thread(target=self._read, name="test-companion-stdout", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(json.loads(line))

    def events(self, event: str, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.seen if e["event"] == event]
            if len(found) >= count:
                return found
            assert time.monotonic() < deadline, f"companion printed {len(found)} {event}; saw {self.seen}"
            with contextlib.suppress(queue.Empty):
                self.seen.append(self.lines.get(timeout=0.05))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")  # type: ignore[union-attr]
            self.process.stdin.flush()  # type: ignore[union-attr]
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._thread.join(5)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]


class SimulatedDrive:
    """A scenario's frames through the decoder into a store whose clock is the simulation's."""

    def __init__(self, schema: Any, db: Any) -> None:
        self.schema, self.db = schema, db
        self.now = 0.0
        self.offset = 0.0
        self.store = SignalStore(schema.signal_specs(), clock=lambda: self.now)
        self.decoder = FrameDecoder(schema, self.store)

    async def play(
        self,
        scenario: str,
        car: CarHandoff,
        until: float,
        tamper: Callable[[can.Message, float], None] | None = None,
    ) -> None:
        """Play ``scenario`` (continuing this drive's clock), ticking the car every 20 ms.

        ``tamper(frame, t)`` may damage a frame on its way to the decoder, as a noisy bus would.
        """
        sim = SimulatedCar(self.db, scenario)
        start = self.offset
        t = 0.0
        while t < until:
            t += TICK_S
            for frame in sim.frames_until(t):
                frame.timestamp += start
                if tamper is not None:
                    tamper(frame, t)
                self.decoder.on_message_received(frame)
            self.now = start + t
            await car.tick(self.now)
            await asyncio.sleep(0)  # let the phone's messages in between ticks, as the live loop does
        self.offset = start + t + 5.0  # the next scenario starts a little later


@pytest.fixture(scope="module")
def vehicle():
    return load_vehicle_schema(None, None), cantools.database.load_file(str(reference_dbc()))


@pytest.fixture
def companion(tmp_path: Path):
    phone = CompanionProcess(tmp_path / "phone")
    yield phone
    phone.stop()


def test_parking_hands_the_journey_to_the_phone_and_arriving_takes_it_back(
    tmp_path: Path, vehicle, companion: CompanionProcess
) -> None:
    schema, db = vehicle
    drive = SimulatedDrive(schema, db)
    events: list[tuple[str, dict[str, Any]]] = []
    state = StateDir(tmp_path / "car")
    car = CarHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Scenario car",
        lambda e, d: events.append((e, d)),
        drive.store,
        HandoffRules(drive.store),
        CarSettings(take_over_on_arriving=False),
        clock=lambda: drive.now,
    )
    listening = companion.events("listening")[0]

    async def confirm(prompt) -> bool:
        return True

    async def journey() -> None:
        phone = await car.pair("127.0.0.1", listening["port"], confirm)
        await car.connect(phone.device_id, "127.0.0.1", listening["port"])
        route, track = demo_sessions(drive.now)
        await car.hold(route)
        await car.hold(track)

        # Parking: the car slows from 30 km/h, reverses, P, ACC, the driver's door opens at ~18.5 s.
        await drive.play("parking", car, until=22.0)
        leaving = [d["rule"] for e, d in events if e == "rule_fired" and d["trigger"] == "leaving"]
        assert leaving == ["park_and_door_open", "power_off"]  # the door first; by power-off all had gone
        sent = [d["session"] for e, d in events if e == "session_sent"]
        assert [s["kind"] for s in sent] == ["navigation", "media"]
        assert sent[0]["mode"] == "walk"
        assert sent[0]["remaining_m"] < 3200.0 - 30.0  # the route followed the decoded Vehicle.Speed
        assert car.active() == []

        # Arriving (next morning): the driver gets in and switches on; the car offers the phone's sessions.
        await asyncio.sleep(0.2)  # real time for the phone, in its own process, to report what it holds
        await drive.play("arriving", car, until=10.0)
        offers = [d for e, d in events if e == "offer"]
        assert offers and sorted(s["kind"] for s in offers[0]["sessions"]) == ["media", "navigation"]
        taken = await car.take_from_phone("arriving")  # the driver's one tap
        assert sorted(s.kind for s in taken) == ["media", "navigation"]
        route_back = next(s for s in car.active() if s.kind == "navigation")
        assert route_back.mode == "drive"
        await car.close()

    asyncio.run(journey())
    received = companion.events("session_received", 2)
    assert [e["reason"] for e in received] == ["leaving", "leaving"]
    assert received[1]["session"]["title"] == "Blue in Green" and received[1]["session"]["playing"] is True
    given = companion.events("session_given", 2)
    assert sorted(e["session"]["kind"] for e in given) == ["media", "navigation"]
    assert not [e for e in companion.seen if e["event"] == "refused"]


def test_arriving_takes_the_phones_sessions_at_once_when_so_configured(
    tmp_path: Path, vehicle, companion: CompanionProcess
) -> None:
    schema, db = vehicle
    drive = SimulatedDrive(schema, db)
    events: list[tuple[str, dict[str, Any]]] = []
    state = StateDir(tmp_path / "car")
    car = CarHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Scenario car",
        lambda e, d: events.append((e, d)),
        drive.store,
        HandoffRules(drive.store),
        CarSettings(take_over_on_arriving=True),
        clock=lambda: drive.now,
    )
    port = companion.events("listening")[0]["port"]

    async def confirm(prompt) -> bool:
        return True

    async def journey() -> None:
        phone = await car.pair("127.0.0.1", port, confirm)
        await car.connect(phone.device_id, "127.0.0.1", port)
        await car.hold(demo_sessions(drive.now)[1])
        await car.send_to_phone("manual")  # music started in the car, continued on the phone
        await asyncio.sleep(0.1)
        await drive.play("arriving", car, until=10.0)
        assert [s.kind for s in car.active()] == ["media"]
        assert not [e for e, _ in events if e == "offer"]
        await car.close()

    asyncio.run(journey())
    assert companion.events("session_given")[0]["reason"] == "arriving"


def unavailable_door(schema: Any, db: Any, how_many: int | None) -> Callable[[can.Message, float], None]:
    """From the first door frame that says "open", the next ``how_many`` (None: all) carry the
    driver's door as SNA (raw 3, "signal not available"), as a bit error or a failing BCM would;
    the decoder marks the door INVALID for each of them."""
    door = schema.message_for_path(DRIVER_DOOR)
    signal = next(
        t.signal
        for p in schema.plans.values()
        if p.message is door
        for t in p.targets
        if t.path == DRIVER_DOOR
    )
    state = {"open": False, "damaged": 0}

    def tamper(frame: can.Message, t: float) -> None:
        if frame.arbitration_id != door.frame_id:
            return
        values = db.decode_message(frame.arbitration_id, frame.data, decode_choices=False)
        state["open"] = state["open"] or values.get(signal) == 1
        if state["open"] and (how_many is None or state["damaged"] < how_many):
            state["damaged"] += 1
            sna = {**values, signal: 3}
            frame.data = bytearray(db.encode_message(frame.arbitration_id, sna, strict=False))

    return tamper


@pytest.mark.parametrize(("damaged", "door_rule_fires"), [(1, True), (None, False)])
def test_an_unavailable_door_signal_never_triggers_but_one_bad_frame_does_not_swallow_the_opening(
    tmp_path: Path, vehicle, companion: CompanionProcess, damaged: int | None, door_rule_fires: bool
) -> None:
    schema, db = vehicle
    drive = SimulatedDrive(schema, db)
    events: list[tuple[str, dict[str, Any]]] = []
    state = StateDir(tmp_path / "car")
    car = CarHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Scenario car",
        lambda e, d: events.append((e, d)),
        drive.store,
        HandoffRules(drive.store),
        clock=lambda: drive.now,
    )
    port = companion.events("listening")[0]["port"]

    async def confirm(prompt) -> bool:
        return True

    async def journey() -> None:
        phone = await car.pair("127.0.0.1", port, confirm)
        await car.connect(phone.device_id, "127.0.0.1", port)
        for session in demo_sessions(drive.now):
            await car.hold(session)
        await drive.play("parking", car, until=22.0, tamper=unavailable_door(schema, db, damaged))
        await car.close()

    asyncio.run(journey())
    leaving = [d["rule"] for e, d in events if e == "rule_fired" and d["trigger"] == "leaving"]
    # One bad frame: the next good one shows the door open, and the rule fires on it. Every door
    # frame bad: the door rule never fires; the journey leaves the car when the power goes off.
    assert ("park_and_door_open" in leaving) is door_rule_fires
    assert leaving[0] == ("park_and_door_open" if door_rule_fires else "power_off")
    assert [d["session"]["kind"] for e, d in events if e == "session_sent"] == ["navigation", "media"]


def test_the_simulated_car_drives_the_route_it_was_given_to_its_end(vehicle, tmp_path: Path) -> None:
    """The highway scenario's frames move the demo route by the simulated speed: its progress matches
    the simulated odometer (0.1 km resolution), and at the end the route arrives and ends."""
    from cockpit.demo.sessions import demo_route

    schema, db = vehicle
    drive = SimulatedDrive(schema, db)
    events: list[tuple[str, dict]] = []
    state = StateDir(tmp_path / "car")
    car = CarHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Car",
        lambda e, d: events.append((e, d)),
        drive.store,
        None,
        clock=lambda: drive.now,
    )
    route, _ = demo_sessions(0.0)

    async def run() -> tuple[float, float]:
        await car.hold(route)
        await drive.play("highway", car, until=30.0)
        odometer, travelled = drive.store.value_if_valid("Vehicle.TraveledDistance"), route.travelled_m
        await drive.play("highway", car, until=120.0)
        return odometer, travelled

    odometer_at_30, travelled_at_30 = asyncio.run(run())
    start_odometer = 12_480.0  # the simulator's CarState.odometer_km
    assert travelled_at_30 == pytest.approx((odometer_at_30 - start_odometer) * 1000.0, abs=150.0)
    assert travelled_at_30 > 500.0  # it really drove: about 100 km/h for 30 s
    assert ("arrived", {"destination_name": "Xiaomi Technology Park", "id": route.id}) in events
    assert route.travelled_m >= demo_route().length_m - 25.0 and car.active("navigation") == []
