"""A software slcan (Lawicel) CAN adapter on a pseudo-terminal, for tests and bench set-ups.

It sits on the master side of a pty and speaks the serial protocol a USB CAN adapter (CANable,
USBtin, Lawicel CANUSB) speaks on its tty: ``Sn`` bitrate, ``Yn`` FD data bitrate, ``O``/``L``/``C``
open, listen-only and close, ``t T r R d D b B`` frames both ways, ``V N F`` queries, a BELL for a
command it refuses. A symlink at a fixed path points at the current pty, so "unplug" (close the pty,
remove the link) and "replug" (a new pty behind the same link) look to the cockpit exactly like a
USB adapter that comes and goes.

Run as a process and drive it through stdin, one command a line; it reports events on stdout::

    python -m cockpit.testing.slcan_emulator --link /tmp/ttyCAN0
    emit t1232ABCD        send this frame to the host (only while the channel is open)
    burst 123 1000        send 1000 frames with id 0x123 and a 32-bit counter as payload
    stream 123 100        send a counter frame with id 0x123 at 100 Hz while open; "stream off"
    unplug | replug | quit

Events: ``ready``, ``plugged <pty>``, ``unplugged``, ``bitrate Sn``, ``data bitrate Yn``, ``open``,
``closed``, ``rx <frame>`` (a frame the host sent), ``refused <command>`` (answered with BELL),
``sent <n>``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import re
import selectors
import sys
import time
import tty
from collections.abc import Callable
from pathlib import Path

OK = b"\r"
BELL = b"\x07"

_BITRATES = {f"S{i}" for i in range(10)}
_DATA_BITRATES = {"Y2", "Y5"}
_FD_LENGTHS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64)
_FRAME = {
    # kind: (id hex digits, dlc is hex (FD), carries data)
    "t": (3, False, True),
    "T": (8, False, True),
    "r": (3, False, False),
    "R": (8, False, False),
    "d": (3, True, True),
    "D": (8, True, True),
    "b": (3, True, True),
    "B": (8, True, True),
}
_HEX = re.compile(r"^[0-9A-Fa-f]*$")


def valid_frame(line: str) -> bool:
    """True if ``line`` is a well-formed slcan frame (t/T/r/R classic, d/D/b/B FD)."""
    if not line or line[0] not in _FRAME:
        return False
    id_digits, fd, has_data = _FRAME[line[0]]
    head = line[1 : 1 + id_digits + 1]
    if len(head) != id_digits + 1 or not _HEX.match(head):
        return False
    can_id = int(head[:id_digits], 16)
    if can_id > (0x7FF if id_digits == 3 else 0x1FFFFFFF):
        return False
    dlc = int(head[-1], 16)
    if not fd and dlc > 8:
        return False
    length = _FD_LENGTHS[dlc] if fd else dlc
    data = line[1 + id_digits + 1 :]
    if not has_data:
        return data == ""
    return len(data) == 2 * length and bool(_HEX.match(data))


class SlcanDevice:
    """The adapter's state machine and its pty; ``report`` receives event lines."""

    def __init__(self, link: Path, report: Callable[[str], object] = print) -> None:
        self.link = link
        self.report = report
        self.master: int | None = None
        self._slave: int | None = None
        self.bitrate: str | None = None
        self.is_open = False
        self.listen_only = False
        self._pending = b""
        self.generation = 0  # bumped at each plug: a new pty may reuse the old one's fd number

    # --- the pty ---------------------------------------------------------------------------------------
    def plug(self) -> None:
        """Create a new pty and point the link at it (a USB adapter enumerating)."""
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no line discipline: bytes pass as on a USB CDC tty
        os.set_blocking(master, False)
        self.master, self._slave = master, slave
        self.generation += 1
        name = os.ttyname(slave)
        tmp = self.link.with_name(self.link.name + ".new")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(name)
        tmp.replace(self.link)  # atomic: the host never sees a half-made link
        self.bitrate, self.is_open, self.listen_only, self._pending = None, False, False, b""
        self.report(f"plugged {name}")

    def unplug(self) -> None:
        """Close the pty and remove the link (the adapter pulled out): the host's reads fail."""
        self.link.unlink(missing_ok=True)
        for fd in (self.master, self._slave):
            if fd is not None:
                os.close(fd)
        self.master = self._slave = None
        self.is_open = False
        self.report("unplugged")

    # --- host -> device ------------------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        """Handle bytes the host wrote: every CR-terminated command gets a reply."""
        self._pending += data
        while b"\r" in self._pending:
            raw, self._pending = self._pending.split(b"\r", 1)
            self._write(self.handle(raw.decode("ascii", "replace")))

    def handle(self, command: str) -> bytes:
        """The reply to one command (without its CR)."""
        if command == "":
            return OK
        head = command[0]
        if command in _BITRATES or command in _DATA_BITRATES or (head == "s" and len(command) == 5):
            if self.is_open:
                return self._refuse(command)  # the bitrate cannot change on an open channel
            if head == "S":
                self.bitrate = command
                self.report(f"bitrate {command}")
            elif head == "Y":
                self.report(f"data bitrate {command}")
            return OK
        if command in ("O", "L"):
            if self.is_open or self.bitrate is None:
                return self._refuse(command)
            self.is_open, self.listen_only = True, command == "L"
            self.report("open" if command == "O" else "open listen-only")
            return OK
        if command == "C":
            if not self.is_open:
                return self._refuse(command)
            self.is_open = False
            self.report("closed")
            return OK
        if head in _FRAME:
            if not self.is_open or self.listen_only or not valid_frame(command):
                return self._refuse(command)
            self.report(f"rx {command}")
            return b"Z\r" if head.isupper() else b"z\r"
        if command == "V":
            return b"V1013\r"
        if command == "N":
            return b"NCKPT\r"
        if command == "F":
            return b"F00\r" if self.is_open else self._refuse(command)
        return self._refuse(command)

    def _refuse(self, command: str) -> bytes:
        self.report(f"refused {command}")
        return BELL

    # --- device -> host ------------------------------------------------------------------------------
    def emit(self, frame: str) -> bool:
        """Send one frame to the host if the channel is open; False if dropped."""
        if not self.is_open or self.master is None or not valid_frame(frame):
            return False
        self._write(frame.encode("ascii") + OK)
        return True

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self.master is not None:
            try:
                view = view[os.write(self.master, view) :]
            except BlockingIOError:
                time.sleep(0.0005)  # the host is slow to read; an adapter's FIFO would wait too
            except OSError:
                return


class _Controller:
    """Carries out the stdin commands and the periodic stream."""

    def __init__(self, device: SlcanDevice) -> None:
        self.device = device
        self.counter = 0
        self.stream_id = 0
        self.stream_period = 0.0
        self.next_stream = 0.0

    def counter_frame(self, can_id: int) -> str:
        self.counter = (self.counter + 1) & 0xFFFFFFFF
        return f"t{can_id:03X}4{self.counter:08X}"

    def command(self, words: list[str]) -> bool:
        """Carry out one control line; False on ``quit``."""
        device = self.device
        if not words:
            return True
        verb, rest = words[0], words[1:]
        if verb == "emit":
            device.report("sent 1" if device.emit(rest[0]) else "dropped")
        elif verb == "burst":
            can_id, count = int(rest[0], 16), int(rest[1])
            device.report(f"sent {sum(device.emit(self.counter_frame(can_id)) for _ in range(count))}")
        elif verb == "stream":
            if rest[0] == "off":
                self.stream_period = 0.0
            else:
                self.stream_id, self.stream_period = int(rest[0], 16), 1.0 / float(rest[1])
                self.next_stream = time.monotonic()
        elif verb == "unplug":
            device.unplug()
        elif verb == "replug":
            device.plug()
        elif verb == "quit":
            return False
        else:
            device.report(f"unknown {verb}")
        return True

    def timeout(self) -> float | None:
        """How long select may wait before the next streamed frame is due."""
        return max(0.0, self.next_stream - time.monotonic()) if self.stream_period else None

    def tick(self) -> None:
        """Send the streamed frame if it is due."""
        now = time.monotonic()
        if self.stream_period and now >= self.next_stream:
            self.device.emit(self.counter_frame(self.stream_id))
            self.next_stream += self.stream_period
            if self.next_stream < now:  # fell behind (host away): do not burst to catch up
                self.next_stream = now + self.stream_period


def _serve(device: SlcanDevice) -> None:
    selector = selectors.DefaultSelector()
    stdin = sys.stdin.fileno()
    selector.register(stdin, selectors.EVENT_READ, "control")
    controller = _Controller(device)
    control = b""
    registered: int | None = None
    generation = -1
    device.plug()
    device.report("ready")
    while True:
        if (generation, registered) != (device.generation, device.master):  # unplug / replug
            if registered is not None:
                with contextlib.suppress(KeyError, ValueError, OSError):  # closed already
                    selector.unregister(registered)
            generation, registered = device.generation, device.master
            if registered is not None:
                selector.register(registered, selectors.EVENT_READ, "host")
        for key, _ in selector.select(controller.timeout()):
            if key.data == "host":
                if key.fd != device.master:
                    continue  # unplugged earlier in this round
                try:
                    data = os.read(key.fd, 4096)
                except OSError:
                    continue
                device.feed(data)
                continue
            chunk = os.read(stdin, 4096)
            if not chunk:
                return  # the controlling process went away
            control += chunk
            while b"\n" in control:
                line, control = control.split(b"\n", 1)
                if not controller.command(line.decode().split()):
                    return
        controller.tick()


def main(argv: list[str] | None = None) -> int:
    """Run the device until ``quit`` or end of stdin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--link", required=True, type=Path, help="symlink path the host opens")
    args = parser.parse_args(argv)

    def report(event: str) -> None:
        sys.stdout.write(event + "\n")
        sys.stdout.flush()

    device = SlcanDevice(args.link, report)
    try:
        _serve(device)
    except KeyboardInterrupt:
        pass
    finally:
        if device.master is not None:
            device.unplug()
    return 0


if __name__ == "__main__":
    sys.exit(main())
