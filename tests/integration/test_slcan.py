"""The slcan path end to end across processes: a software slcan adapter in another process behind a
pseudo-terminal, the cockpit's bus reader on this side, with unplug and replug at the same path."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import can
import pytest
import serial
from support import wait_until

from cockpit.bus import BusReader, BusState, bus_opener
from cockpit.config import BusConfig
from cockpit.testing.slcan_emulator import valid_frame


class SlcanAdapterProcess:
    """Drives ``python -m cockpit.testing.slcan_emulator`` and reads its events."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cockpit.testing.slcan_emulator", "--link", str(link)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=Path(__file__).resolve().parents[2],
        )
        self.events: queue.Queue[str] = queue.Queue()
        self._pump = threading.Thread(target=self._read_events, name="slcan-events", daemon=True)
        self._pump.start()
        self.expect("ready", timeout=10)

    def _read_events(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.events.put(line.strip())

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def expect(self, prefix: str, timeout: float = 2.0) -> str:
        """The next event starting with ``prefix`` (earlier other events are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"slcan device: no {prefix!r} event within {timeout} s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if event.startswith(prefix):
                return event

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self._pump.join(2)
        self.process.stdout.close()


@pytest.fixture
def adapter(tmp_path: Path) -> Iterator[SlcanAdapterProcess]:
    device = SlcanAdapterProcess(tmp_path / "ttyCAN0")
    yield device
    device.close()


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert wait_until(lambda: not (set(threading.enumerate()) - before), 3.0), (
        f"threads left running: {set(threading.enumerate()) - before}"
    )


def slcan_bus(link: Path) -> BusConfig:
    return BusConfig(name="body", interface="slcan", channel=str(link), bitrate=500_000)


def test_cockpit_opens_the_adapter_at_its_bitrate_and_frames_flow_both_ways(adapter):
    received: list[can.Message] = []
    with BusReader("body", bus_opener(slcan_bus(adapter.link)), [received.append]) as reader:
        adapter.expect("bitrate S6")
        adapter.expect("open")
        adapter.send("emit t1232ABCD")
        adapter.send("emit T1ABCDEF08" + "0102030405060708")
        assert wait_until(lambda: len(received) == 2)
        assert (received[0].arbitration_id, bytes(received[0].data)) == (0x123, b"\xab\xcd")
        assert received[1].is_extended_id and received[1].arbitration_id == 0x1ABCDEF0
        reader.bus.send(can.Message(arbitration_id=0x321, data=b"\xde\xad\xbe\xef", is_extended_id=False))
        assert adapter.expect("rx ") == "rx t3214DEADBEEF"
        assert reader.state is BusState.OK
    adapter.expect("closed")


def test_can_fd_adapter_gets_its_data_bitrate_and_delivers_fd_frames(adapter):
    received: list[can.Message] = []
    config = BusConfig(
        name="adas",
        interface="slcan",
        channel=str(adapter.link),
        bitrate=500_000,
        fd=True,
        data_bitrate=2_000_000,
    )
    with BusReader("adas", bus_opener(config), [received.append]):
        adapter.expect("bitrate S6")
        adapter.expect("data bitrate Y2")
        adapter.expect("open")
        adapter.send("emit b3A0D" + "11" * 32)  # an FD frame with bitrate switch, 32 bytes
        assert wait_until(lambda: received)
        frame = received[0]
        assert (frame.arbitration_id, frame.is_fd, frame.bitrate_switch, len(frame.data)) == (
            0x3A0,
            True,
            True,
            32,
        )


def test_unplugged_adapter_shows_offline_and_data_resumes_within_a_second_of_replug(adapter):
    received: list[tuple[float, can.Message]] = []
    with BusReader(
        "body", bus_opener(slcan_bus(adapter.link)), [lambda m: received.append((time.monotonic(), m))]
    ) as reader:
        adapter.expect("open")
        adapter.send("stream 100 200")
        assert wait_until(lambda: len(received) > 20)

        adapter.send("unplug")
        adapter.expect("unplugged")
        assert wait_until(lambda: reader.state is BusState.OFFLINE, 1.0)
        assert "read failed" in reader.health().reason or "cannot open" in reader.health().reason
        assert reader.alive

        time.sleep(0.8)  # stay unplugged long enough for the reader to back off to its cap
        adapter.send("replug")
        replugged = time.monotonic()
        adapter.expect("plugged")
        assert wait_until(lambda: received[-1][0] > replugged, 1.5)
        resumed = next(t for t, _ in received if t > replugged) - replugged
        assert resumed < 1.0, f"data resumed {resumed:.2f} s after the adapter came back"
        assert reader.state is BusState.OK
        health = reader.health()
        assert health.read_errors == 1 and health.reconnects == 1
        adapter.send("stream off")


def test_adapter_that_is_not_there_yet_is_offline_then_found(tmp_path):
    link = tmp_path / "ttyCAN0"
    received: list[can.Message] = []
    with BusReader("body", bus_opener(slcan_bus(link)), [received.append]) as reader:
        assert wait_until(lambda: "cannot open" in reader.health().reason, 1.0)
        assert reader.state is BusState.OFFLINE
        device = SlcanAdapterProcess(link)
        try:
            device.expect("open", timeout=1.5)
            device.send("emit t0011FF")
            assert wait_until(lambda: received, 1.0)
        finally:
            device.close()


def test_a_burst_arrives_whole_in_order(adapter):
    received: list[can.Message] = []
    with BusReader("body", bus_opener(slcan_bus(adapter.link)), [received.append]) as reader:
        adapter.expect("open")
        adapter.send("burst 7FF 2000")
        assert adapter.expect("sent") == "sent 2000"
        assert wait_until(lambda: len(received) == 2000, 5.0)
        counters = [int.from_bytes(m.data, "big") for m in received]
        assert counters == list(range(counters[0], counters[0] + 2000))
        assert reader.health().frames == 2000


def test_a_burst_is_read_in_a_few_reads_of_the_port_itself(adapter, monkeypatch):
    """The reader takes all that is waiting in one read of the descriptor (not a select, an ioctl,
    pyserial's own select and a read per frame): never more reads than frames, and what piled up
    while it decoded is taken at once. How many pile up depends on the machine's load, so the test
    asks only for that."""
    import cockpit.bus.slcan as slcan_module

    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, size: int) -> bytes:
        data = real_read(fd, size)
        reads.append(len(data))
        return data

    monkeypatch.setattr(slcan_module.os, "read", counted)
    monkeypatch.setattr(serial.Serial, "read", lambda *a, **k: pytest.fail("pyserial's read was used"))
    received: list[can.Message] = []
    with BusReader("body", bus_opener(slcan_bus(adapter.link)), [received.append]):
        adapter.expect("open")
        reads.clear()
        adapter.send("burst 7FF 2000")
        assert adapter.expect("sent") == "sent 2000"
        assert wait_until(lambda: len(received) == 2000, 5.0)
    assert sum(reads) >= 2000 * len("t7FF8\r"), sum(reads)
    assert len(reads) <= 2000 and max(reads) >= 10 * len("t7FF8\r"), (len(reads), max(reads))


def test_adapter_replies_bell_to_what_it_refuses(adapter):
    port = serial.Serial(str(adapter.link), timeout=1)
    try:

        def ask(command: str) -> bytes:
            port.write(command.encode() + b"\r")
            return port.read_until(b"\r") if command[:1] in "VNF" else port.read(1)

        assert ask("O") == b"\x07"  # no bitrate set yet
        assert ask("t1232AB") == b"\x07"  # channel closed
        assert ask("S6") == b"\r"
        assert ask("O") == b"\r"
        assert ask("S4") == b"\x07"  # bitrate cannot change while open
        assert ask("t12") == b"\x07"  # malformed frame
        assert ask("Q") == b"\x07"  # unknown command
        assert ask("V") == b"V1013\r"
        port.write(b"t1232ABCD\r")
        assert port.read(2) == b"z\r"
        assert adapter.expect("rx ") == "rx t1232ABCD"
        assert ask("C") == b"\r"
    finally:
        port.close()


@pytest.mark.parametrize(
    "frame, ok",
    [
        ("t1232ABCD", True),
        ("t12320ABCD", False),
        ("t8002ABCD", False),
        ("T1FFFFFFF0", True),
        ("r1230", True),
        ("d123F" + "00" * 64, True),
        ("d1239" + "00" * 12, True),
        ("t1239" + "00" * 9, False),
        ("x", False),
        ("", False),
    ],
)
def test_frame_syntax_is_checked(frame, ok):
    assert valid_frame(frame) is ok


def test_device_works_on_its_own_pty(tmp_path):
    """The link is a real symlink to a /dev/pts device (what a udev rule's SYMLINK looks like)."""
    device = SlcanAdapterProcess(tmp_path / "ttyCAN0")
    try:
        assert os.readlink(device.link).startswith("/dev/pts/")
    finally:
        device.close()
    assert not device.link.exists()
