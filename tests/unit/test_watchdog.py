"""systemd notification over a real NOTIFY_SOCKET datagram socket, and a watchdog that pings only
while the UI loop and every bus reader are alive."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Iterator

import can
import pytest

from cockpit.bus import BusReader
from cockpit.watchdog import Heartbeat, SystemdNotifier, Watchdog, watchdog_interval


class NotifySocket:
    """What systemd listens on: a datagram socket; ``messages()`` returns what arrived."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + address[1:] if address.startswith("@") else address)
        self.sock.settimeout(1.0)

    def receive(self) -> str:
        return self.sock.recv(4096).decode()

    def messages(self) -> list[str]:
        out = []
        self.sock.settimeout(0.05)
        try:
            while True:
                out.append(self.sock.recv(4096).decode())
        except TimeoutError:
            pass
        finally:
            self.sock.settimeout(1.0)
        return out

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def systemd(tmp_path) -> Iterator[NotifySocket]:
    sock = NotifySocket(str(tmp_path / "notify"))
    yield sock
    sock.close()


def test_ready_and_status_arrive_as_sd_notify_datagrams(systemd):
    notifier = SystemdNotifier(systemd.address)
    assert notifier.ready("first frame on screen")
    assert systemd.receive() == "READY=1\nSTATUS=first frame on screen"
    notifier.status("2 buses ok")
    assert systemd.receive() == "STATUS=2 buses ok"
    notifier.stopping()
    assert systemd.receive() == "STOPPING=1\nSTATUS=stopping"
    notifier.close()


def test_abstract_namespace_socket_is_reached():
    systemd = NotifySocket(f"@cockpit-test-{uuid.uuid4().hex}")
    notifier = SystemdNotifier(systemd.address)
    try:
        assert notifier.notify(watchdog=1)
        assert systemd.receive() == "WATCHDOG=1"
    finally:
        notifier.close()
        systemd.close()


def test_notify_socket_is_taken_from_the_environment(systemd, monkeypatch):
    monkeypatch.setenv("NOTIFY_SOCKET", systemd.address)
    notifier = SystemdNotifier()
    assert notifier.enabled and notifier.ready()
    assert systemd.receive().startswith("READY=1")
    notifier.close()


def test_outside_systemd_notifications_are_quiet_no_ops(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = SystemdNotifier()
    assert not notifier.enabled and notifier.ready() is False


def test_a_vanished_socket_is_logged_not_raised(tmp_path, caplog):
    notifier = SystemdNotifier(str(tmp_path / "gone"))
    assert notifier.notify(watchdog=1) is False
    assert "systemd notify" in caplog.text
    notifier.close()


def test_watchdog_pings_only_while_every_check_is_alive(systemd):
    bus_alive = {"powertrain": True, "adas": True}
    watchdog = Watchdog(SystemdNotifier(systemd.address), interval=1.0)
    ui = watchdog.heartbeat("ui loop", max_age=10)
    for name in bus_alive:
        watchdog.register(f"bus {name}", lambda name=name: bus_alive[name])

    assert watchdog.ping() and watchdog.ping()
    assert systemd.messages() == ["WATCHDOG=1", "WATCHDOG=1"]

    bus_alive["adas"] = False
    assert not watchdog.ping() and not watchdog.ping()
    assert systemd.messages() == ["STATUS=not alive: bus adas"]  # said once, and no ping

    bus_alive["adas"] = True
    ui.beat()
    assert watchdog.ping()
    assert systemd.messages() == ["WATCHDOG=1\nSTATUS=running"]
    watchdog.notifier.close()


def test_a_hung_ui_loop_stops_the_pings():
    now = [100.0]
    beat = Heartbeat(max_age=2.0, clock=lambda: now[0])
    watchdog = Watchdog(SystemdNotifier(""), interval=1.0)
    watchdog.register("ui loop", beat)
    now[0] += 1.5
    assert watchdog.ping()
    now[0] += 1.0  # 2.5 s since the last beat
    assert not watchdog.ping() and watchdog.failing == ["ui loop"]
    beat.beat()
    assert watchdog.ping()


def test_a_check_that_raises_counts_as_not_alive():
    watchdog = Watchdog(SystemdNotifier(""), interval=1.0)
    watchdog.register("bus adas", lambda: 1 / 0)
    assert watchdog.check() == ["bus adas"]


def test_watchdog_thread_pings_at_its_interval(systemd):
    watchdog = Watchdog(SystemdNotifier(systemd.address), interval=0.02)
    watchdog.register("bus powertrain", lambda: True)
    watchdog.start()
    try:
        time.sleep(0.2)
    finally:
        watchdog.stop()
    pings = [m for m in systemd.messages() if m.startswith("WATCHDOG=1")]
    assert len(pings) >= 4
    watchdog.notifier.close()


def test_interval_is_half_of_watchdog_sec_for_this_process_only():
    pid = str(os.getpid())
    assert watchdog_interval({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": pid}) == 5.0
    assert watchdog_interval({"WATCHDOG_USEC": "10000000"}) == 5.0
    assert watchdog_interval({"WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "1"}) is None
    assert watchdog_interval({}) is None


def test_a_stopped_bus_reader_stops_the_pings(systemd):
    channel = f"watchdog-{uuid.uuid4().hex[:8]}"
    reader = BusReader("powertrain", lambda: can.Bus(interface="virtual", channel=channel))
    watchdog = Watchdog(SystemdNotifier(systemd.address), interval=1.0)
    watchdog.register("bus powertrain", lambda: reader.alive)
    assert not watchdog.ping()  # not started yet
    reader.start()
    try:
        assert watchdog.ping()
    finally:
        reader.stop()
    assert not watchdog.ping() and watchdog.failing == ["bus powertrain"]
    assert systemd.messages()[-1] == "STATUS=not alive: bus powertrain"
    watchdog.notifier.close()
