"""The vehicle-wide signal link over real Zenoh sessions on 127.0.0.1, a port of its own per test.

A gateway (a SignalStore published by VssPublisher) and displays (RemoteSignalStore fed by
VssSubscriber) in one process, each with its own session, as separate computers would be.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from pathlib import Path

import pytest
import zenoh  # a hard dependency: missing, these tests fail rather than skip

from cockpit.config import ZenohConfig
from cockpit.signals import Quality, SignalSpec, SignalStore
from cockpit.vss.publisher import VssPublisher
from cockpit.vss.remote import VssSubscriber, remote_store
from cockpit.vss.session import (
    DISPLAY,
    GATEWAY,
    SessionOpener,
    VssLinkError,
    ensure_credentials,
    open_session,
    read_credentials,
    zenoh_config_json,
)

SPEED = "Vehicle.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
RANGE = "Vehicle.Powertrain.Range"
SPECS = [
    SignalSpec(SPEED, "km/h", "float", timeout=0.03),  # a 10 ms message
    SignalSpec(GEAR, None, "int8", timeout=0.06),  # a 20 ms message
    SignalSpec(RANGE, "m", "float", timeout=3.0),  # a 1 s message
]
FRAME_S = 1 / 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition, timeout: float = 5.0, interval: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture
def link_config(tmp_path: Path) -> ZenohConfig:
    """[zenoh] for this test: its own port on loopback and its own credentials file."""
    credentials = tmp_path / "zenoh-credentials"
    ensure_credentials(credentials)
    return ZenohConfig(listen=(f"tcp/127.0.0.1:{free_port()}",), credentials=credentials)


class Gateway:
    """A gateway on its own session: a store written by the test, published as the gateway does."""

    def __init__(self, config: ZenohConfig, specs=SPECS) -> None:
        self.store = SignalStore(specs)
        self.session = open_session(config, GATEWAY)
        self.publisher = VssPublisher(self.store, self.session)
        self.publisher.start()

    def write(self, path: str, value) -> None:
        self.store.update(path, value)
        self.publisher.wake.set()

    def close(self) -> None:
        self.publisher.close()
        self.session.close()


class Display:
    """A display on its own session, fed only by what it hears."""

    def __init__(self, config: ZenohConfig, specs=SPECS) -> None:
        self.store = remote_store(specs)
        self.subscriber = VssSubscriber(self.store)
        self.session = open_session(config, DISPLAY)
        self.subscriber.attach(self.session)

    def reading(self, path: str):
        return self.store.read(path)

    def close(self) -> None:
        self.subscriber.close()
        self.session.close()


@pytest.fixture
def parts():
    made: list = []
    yield made
    for part in reversed(made):
        part.close()


def keep_writing(gateway: Gateway, stop: threading.Event, period: float = 0.005) -> threading.Thread:
    """The bus, in miniature: the speed refreshed every 5 ms, the others as slower messages."""

    def run() -> None:
        n = 0
        while not stop.is_set():
            gateway.write(SPEED, 50.0 + (n % 3))
            if n % 4 == 0:
                gateway.write(GEAR, 127)
            if n % 100 == 0:
                gateway.write(RANGE, 318000.0)
            n += 1
            stop.wait(period)

    thread = threading.Thread(target=run, name="test-bus", daemon=True)
    thread.start()
    return thread


def test_a_display_that_starts_late_has_the_whole_state_at_once(link_config, parts):
    gateway = Gateway(link_config)
    parts.append(gateway)
    stop = threading.Event()
    writer = keep_writing(gateway, stop)
    try:
        time.sleep(0.1)
        display = Display(link_config)  # attach() queries vss/** before returning
        parts.append(display)
        # Straight from the query, before any change had to be published again.
        assert display.subscriber.stats.resyncs >= 1
        assert display.reading(RANGE).value == 318000.0 and display.reading(RANGE).is_valid
        assert wait_until(lambda: all(display.reading(p).is_valid for p in (SPEED, GEAR, RANGE)))
        # Any key expression under vss/** is answered with just the signals it matches.
        replies = [r.ok for r in display.session.get("vss/Vehicle/Powertrain/**", timeout=2.0) if r.ok]
        assert sorted(str(r.key_expr) for r in replies) == [
            "vss/Vehicle/Powertrain/Range",
            "vss/Vehicle/Powertrain/Transmission/SelectedGear",
        ]
        assert json.loads(replies[0].payload.to_bytes())["status"] == "valid"
    finally:
        stop.set()
        writer.join()


def test_changes_and_quality_changes_cross_and_the_last_value_is_never_lost(link_config, parts):
    gateway = Gateway(link_config)
    display = Display(link_config)
    parts += [gateway, display]
    for value in range(500):  # a burst far faster than any frame
        gateway.store.update(GEAR, value % 100)
        gateway.publisher.wake.set()
    gateway.write(GEAR, 42)
    assert wait_until(lambda: display.reading(GEAR).value == 42 and display.reading(GEAR).is_valid)
    gateway.store.mark_invalid(GEAR, "E2E counter jumped")
    gateway.publisher.wake.set()
    assert wait_until(lambda: display.reading(GEAR).quality is Quality.INVALID)
    assert display.reading(GEAR).reason == "E2E counter jumped"


def test_a_signal_the_gateway_judges_stale_is_stale_on_the_display(link_config, parts):
    gateway = Gateway(link_config)
    display = Display(link_config)
    parts += [gateway, display]
    gateway.write(SPEED, 80.0)
    assert wait_until(lambda: display.reading(SPEED).is_valid)
    # No more writes: the gateway's store sees the speed go stale after 30 ms and says so.
    assert wait_until(lambda: display.reading(SPEED).quality is Quality.STALE, timeout=1.0)
    assert display.reading(SPEED).value == 80.0  # kept behind a dash, never shown as true


def test_every_signal_goes_stale_within_its_timeout_plus_a_frame_when_the_gateway_stops(link_config, parts):
    gateway = Gateway(link_config)
    display = Display(link_config)
    parts.append(display)
    stop = threading.Event()
    writer = keep_writing(gateway, stop)
    try:
        assert wait_until(lambda: all(display.reading(p).is_valid for p in (SPEED, GEAR, RANGE)))
        assert wait_until(lambda: display.subscriber.link_state() == "ok")
    finally:
        stop.set()
        writer.join()
    gateway.close()
    stopped = display.store.clock()
    # Judged on the display's own clock: one frame after the shortest of (its timeout, three beats),
    # nothing is valid; the range (sent once a second) goes stale with the rest, not 3 s later.
    for path in (SPEED, GEAR, RANGE):
        timeout = next(s.timeout for s in SPECS if s.path == path)
        at = stopped + timeout + FRAME_S
        assert display.store.read(path, now=at).quality is Quality.STALE, path
    assert wait_until(lambda: not any(r.is_valid for r in display.store.snapshot().values()), timeout=0.5)
    assert wait_until(lambda: display.subscriber.link_state() == "offline", timeout=0.5)


def test_a_restarted_gateway_brings_the_display_back_with_the_whole_state(link_config, parts):
    gateway = Gateway(link_config)
    display = Display(link_config)
    parts.append(display)
    gateway.write(RANGE, 100000.0)
    assert wait_until(lambda: display.reading(RANGE).is_valid)
    gateway.close()
    assert wait_until(lambda: display.reading(RANGE).quality is Quality.STALE, timeout=1.0)
    again = Gateway(link_config)
    parts.append(again)
    again.write(RANGE, 250000.0)  # the display's zenoh reconnects; the new boot id asks for everything
    assert wait_until(
        lambda: display.reading(RANGE).is_valid and display.reading(RANGE).value == 250000.0, timeout=10.0
    )


def test_a_display_only_hears_the_gateway_a_rogue_participant_cannot_write_vss(link_config, parts):
    gateway = Gateway(link_config)
    display = Display(link_config)
    parts += [gateway, display]
    gateway.write(RANGE, 318000.0)
    assert wait_until(lambda: display.reading(RANGE).is_valid)
    # A participant with valid (display) credentials, connected to the gateway, publishes a speed.
    users = read_credentials(link_config.credentials)
    rogue_settings = {
        "mode": "peer",
        "connect": {"endpoints": list(link_config.listen)},
        "listen": {"endpoints": []},
        "scouting": {"multicast": {"enabled": False}},
        "transport": {"auth": {"usrpwd": {"user": "display", "password": users["display"]}}},
    }
    rogue = zenoh.open(zenoh.Config.from_json5(json.dumps(rogue_settings)))
    heard: list[bytes] = []
    probe = rogue.declare_subscriber("vss/**", lambda s: heard.append(bytes(s.payload.to_bytes())))
    try:
        forged = json.dumps(
            {"value": 250.0, "unit": "km/h", "status": "valid", "ts": time.time(), "reason": ""}
        ).encode()
        assert wait_until(lambda: bool(rogue.info.peers_zid()))
        for _ in range(50):
            rogue.put("vss/Vehicle/Speed", forged)
            rogue.put("cockpit/gateway/heartbeat", b'{"seq":0,"ts":1,"period":1.0,"boot":"rogue"}')
            time.sleep(0.01)
        gateway.write(SPEED, 12.0)  # the gateway's own speed still arrives
        assert wait_until(lambda: display.reading(SPEED).value == 12.0)
        time.sleep(0.2)
        assert display.reading(SPEED).value != 250.0
        assert display.subscriber.stats.decode_errors == 0  # the forged beats never got here either
        # The rogue's own query of vss/** is answered by the gateway: reading is allowed, writing is not.
        assert any(r.ok is not None for r in rogue.get("vss/Vehicle/Speed", timeout=2.0))
    finally:
        probe.undeclare()
        rogue.close()


def test_a_participant_without_credentials_is_not_let_in(link_config, parts):
    gateway = Gateway(link_config)
    parts.append(gateway)
    settings = {"mode": "client", "connect": {"endpoints": list(link_config.listen)}}
    with pytest.raises(zenoh.ZError):
        zenoh.open(zenoh.Config.from_json5(json.dumps(settings)))


def test_malformed_samples_are_dropped_counted_and_the_display_carries_on(link_config, parts, caplog):
    # A faulty writer in the gateway's place (it holds the gateway's credentials): whatever it
    # sends, the display drops it, counts it, and keeps showing what is true.
    writer = open_session(link_config, GATEWAY)
    display = Display(link_config)
    parts += [display]
    good = json.dumps({"value": 64.0, "unit": "km/h", "status": "valid", "ts": time.time(), "reason": ""})
    bad = [
        b"not json",
        b'{"value": "fast", "unit": "km/h", "status": "valid", "ts": 1, "reason": ""}',
        b'{"value": 1}',
        b"{" + b" " * 100_000 + b"}",
        good.encode(),
    ]
    try:
        caplog.set_level(logging.WARNING, "cockpit.vss.remote")
        # Once the display's subscription has reached the writer, nothing sent is lost.
        assert wait_until(
            lambda: writer.put("vss/Vehicle/Speed", good.encode()) or display.store.read(SPEED).value == 64.0,
            interval=0.02,
        )
        # Blocking puts: under load Zenoh's default congestion control may drop a sample (the
        # 100 kB one first), and this test is about what the display does with each one it gets.
        block = zenoh.CongestionControl.BLOCK
        for data in bad:
            writer.put("vss/Vehicle/Speed", data, congestion_control=block)
        writer.put("vss/Vehicle/Teleporter/Charge", good.encode(), congestion_control=block)  # unknown here
        writer.put("cockpit/gateway/heartbeat", b"\x00\x01", congestion_control=block)
        assert wait_until(
            lambda: (
                display.subscriber.stats.decode_errors >= 4 and display.subscriber.stats.unknown_frames == 1
            ),
            timeout=15.0,
        )
        assert display.store.read(SPEED).value == 64.0
        assert "not JSON" in caplog.text  # the first few drops are logged with their reason
    finally:
        writer.close()


def test_a_port_in_use_is_a_clear_error(link_config):
    host, port = link_config.listen[0].removeprefix("tcp/").rsplit(":", 1)
    with socket.socket() as squatter:
        squatter.bind((host, int(port)))
        squatter.listen()
        with pytest.raises(VssLinkError, match="the port is in use"):
            open_session(link_config, GATEWAY)


def test_an_unreachable_router_is_retried_with_backoff_and_logged(link_config, caplog):
    client = ZenohConfig(
        mode="client", listen=(), connect=link_config.listen, credentials=link_config.credentials
    )
    display_store = remote_store(SPECS)
    subscriber = VssSubscriber(display_store)
    caplog.set_level(logging.WARNING, "cockpit.vss.session")
    opener = SessionOpener(client, DISPLAY, subscriber.attach, first_delay_s=0.05, max_delay_s=0.2)
    opener.start()
    gateway = None
    try:
        assert wait_until(lambda: opener.attempts >= 3)
        assert opener.session is None and "no Zenoh router or gateway answers" in opener.waiting
        assert "retrying in" in caplog.text
        assert display_store.read(SPEED).quality is Quality.NOT_RECEIVED  # a dash meanwhile
        gateway = Gateway(link_config)
        gateway.write(SPEED, 33.0)
        assert wait_until(lambda: opener.session is not None, timeout=5.0)
        assert wait_until(
            lambda: (
                display_store.read(SPEED).value == 33.0 or display_store.read(SPEED).quality is Quality.STALE
            )
        )
    finally:
        subscriber.close()
        opener.close()
        if gateway is not None:
            gateway.close()


def test_by_default_nothing_listens_beyond_loopback_and_nobody_scouts(link_config):
    gateway = zenoh_config_json(ZenohConfig(credentials=link_config.credentials), GATEWAY)
    display = zenoh_config_json(ZenohConfig(credentials=link_config.credentials), DISPLAY)
    assert gateway["listen"]["endpoints"] == ["tcp/127.0.0.1:7447"]
    assert display["listen"]["endpoints"] == [] and display["connect"]["endpoints"] == ["tcp/127.0.0.1:7447"]
    for settings in (gateway, display):
        assert settings["scouting"]["multicast"]["enabled"] is False
    assert display["scouting"]["gossip"]["enabled"] is False  # a display dials only what it is told


def test_cockpit_gateway_is_headless_and_a_display_hears_the_simulated_car(link_config, tmp_path):
    import os
    import subprocess
    import sys

    toml = tmp_path / "cockpit.toml"
    toml.write_text(
        f'[zenoh]\nlisten = ["{link_config.listen[0]}"]\ncredentials = "{link_config.credentials}"\n'
    )
    script = (
        "import sys; from cockpit.cli import main; "
        f"code = main(['gateway', '--config', {str(toml)!r}, '--scenario', 'city', '--duration', '6']); "
        "print('qt' if 'PySide6' in sys.modules else 'no-qt', code)"
    )
    gateway = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    from cockpit.decode import load_vehicle_schema

    display = Display(link_config, load_vehicle_schema().signal_specs())
    try:
        assert wait_until(lambda: display.reading(SPEED).is_valid, timeout=15)
        assert wait_until(
            lambda: display.reading("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed").is_valid,
            timeout=5,
        )
    finally:
        display.close()
        out, _ = gateway.communicate(timeout=30)
    assert out.split() == ["no-qt", "0"]  # the gateway never loaded Qt, and stopped cleanly
