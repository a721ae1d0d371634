"""Garbage on an slcan adapter's serial line costs that line only: a real pseudo-terminal, the
cockpit's bus reader on one end and, on the other, an adapter that mixes ten kinds of unparsable
lines into its frames (line noise, half lines after a replug, a firmware's debug prints)."""

from __future__ import annotations

import os
import threading
import time
import tty
from collections.abc import Callable, Iterator

import can
import pytest

from cockpit.bus import BusReader, bus_opener
from cockpit.config import BusConfig

pytestmark = pytest.mark.timeout(60)

GARBAGE = [
    b"tXYZ8" + b"00" * 8,  # an id that is not hex
    b"t12",  # cut short
    b"t123Z",  # a length that is not a digit
    b"t1238ZZZZZZZZZZZZZZZZ",  # data that is not hex
    b"t1238" + b"0" * 15,  # an odd number of hex digits
    b"dXXX",  # a CAN FD frame cut short
    b"d123G" + b"00" * 8,  # an FD length that is not hex
    b"\xff\xfe\x80garbage",  # not ASCII at all
    b"T1234",  # an extended frame cut short
    b"x12345678Q",  # a CANDapter extended frame with a bad length
]


def wait_until(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return predicate()


class GarblingAdapter:
    """The adapter end of a pty: swallows the cockpit's commands, writes what it is told."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no line discipline: "\r" stays "\r"
        self.path = os.ttyname(self.slave)
        self.commands = bytearray()
        self._stop = threading.Event()
        self._drain = threading.Thread(target=self._read_commands, name="garbling-adapter", daemon=True)
        self._drain.start()

    def _read_commands(self) -> None:
        import select

        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.commands += os.read(self.master, 4096)
                except OSError:
                    return

    def write_line(self, line: bytes) -> None:
        os.write(self.master, line + b"\r")

    def close(self) -> None:
        self._stop.set()
        self._drain.join(2)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def adapter() -> Iterator[GarblingAdapter]:
    device = GarblingAdapter()
    yield device
    device.close()


def test_ten_kinds_of_garbage_at_ten_lines_a_second_lose_no_good_frame_and_never_reconnect(adapter) -> None:
    received: list[can.Message] = []
    config = BusConfig(name="body", interface="slcan", channel=adapter.path, bitrate=500_000)
    with BusReader("body", bus_opener(config), [received.append], silence_timeout=None) as reader:
        assert wait_until(lambda: b"O\r" in adapter.commands), adapter.commands
        good = 0
        started = time.monotonic()
        for tick in range(300):  # 3 s: 100 good frames a second, a bad line every 10th tick
            adapter.write_line(b"t1234" + good.to_bytes(4, "big").hex().upper().encode())
            good += 1
            if tick % 10 == 5:
                adapter.write_line(GARBAGE[(tick // 10) % len(GARBAGE)])
            time.sleep(max(0.0, started + (tick + 1) * 0.01 - time.monotonic()))
        assert wait_until(lambda: len(received) >= good, 3.0), f"{len(received)} of {good} frames arrived"
        health = reader.health()
        assert [int.from_bytes(m.data, "big") for m in received] == list(range(good))
        assert health.reconnects == 0 and health.read_errors == 0
        assert health.bad_lines == 30
