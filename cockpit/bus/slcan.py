"""The slcan reader: python-can's serial-line CAN adapter bus, with a bad line costing one line only.

python-can's ``slcanBus`` parses each line it reads with ``int()``, ``bytearray.fromhex()`` and table
lookups, and lets whatever they raise out of ``recv()``. To its caller (our ``BusReader``) a raised
``recv()`` means the adapter is gone, so each garbled line (line noise, a firmware's debug print, a
half line after a replug) used to close and reopen the whole bus, losing every frame in between.
A line that does not parse is a fault of that line, not of the link: ``SlcanLineBus`` drops it,
counts it (``bad_lines``), logs the first and then every 10th/100th/..., and reads on. A failure
of the serial port itself still raises, and the reader still reconnects.

It also reads differently: python-can reads one byte per call and, on a quiet line, polls the port
with its short timeout; ``SlcanLineBus`` sleeps in ``select`` until bytes arrive and takes all
that are waiting at once, then cuts lines from its buffer. On a busy bus (1,100 frames/s, 27,000
bytes/s) that is one read per burst instead of one per byte, and a quiet bus costs nothing.
"""

from __future__ import annotations

import logging
import os
import select
import time
from typing import Any

import can
from can.interfaces.slcan import slcanBus

log = logging.getLogger(__name__)

#: What parsing a garbled line raises inside python-can's slcanBus._recv_internal.
_PARSE_ERRORS = (ValueError, IndexError, KeyError, TypeError, OverflowError)
#: The most bytes taken from the port at once: a burst of ~100 frames.
_READ_SIZE = 4096


class SlcanLineBus(slcanBus):
    """An slcan bus on which a line that does not parse is dropped and counted, never fatal."""

    def __init__(self, channel: Any, **kwargs: Any) -> None:
        self.bad_lines = 0
        self.last_bad_line = ""
        super().__init__(channel, **kwargs)

    def _bad_line(self, line: bytes | str, why: object) -> None:
        self.bad_lines += 1
        self.last_bad_line = f"{line!r:.60}: {why}"
        if self.bad_lines in (1, 10, 100, 1000) or self.bad_lines % 10_000 == 0:
            log.warning(
                "slcan %s: dropped %d unreadable line(s); last %s",
                self.channel_info,
                self.bad_lines,
                self.last_bad_line,
            )

    def _read(self, timeout: float | None) -> str | None:
        """The next line with its terminator (CR, or BELL for a refused command), or None when
        ``timeout`` (None: forever) passes without one; a line that is not ASCII is dropped."""
        port = self.serialPortOrig
        fd = getattr(port, "fd", None)
        if fd is None:  # not a POSIX tty (a URL handler): python-can's own loop
            line = self._cut_line()
            return (line or None) if line is not None else self._read_bytewise(timeout)
        buffer = self._buffer
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            line = self._cut_line()
            if line is not None:
                return line or None
            # Straight from the port's descriptor, which pyserial opened non-blocking: one select
            # and one read per burst. pyserial's own read adds a second select, a FIONREAD ioctl
            # to size it and a Timeout object each time; at 1,100 frames a second (a read per
            # frame) that was about a third of the reader's CPU.
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                if not select.select([fd], [], [], remaining)[0]:
                    return None
                data = os.read(fd, _READ_SIZE)
            except (BlockingIOError, InterruptedError):
                continue  # readiness was spurious, or a signal came: look again
            except OSError as exc:  # EIO: the adapter was unplugged; EBADF: the port closed
                raise can.CanOperationError("Could not read from serial device") from exc
            if not data:
                raise can.CanOperationError("the serial device closed")  # EOF: unplugged
            buffer.extend(data)

    def _cut_line(self) -> str | None:
        """The first whole line in the buffer; "" for one that was dropped; None for none yet."""
        buffer = self._buffer
        ok, refused = buffer.find(self._OK), buffer.find(self._ERROR)
        if refused < 0:
            if ok < 0:
                return None
            end = ok + 1
        else:
            end = (refused if ok < 0 else min(ok, refused)) + 1
        raw = bytes(buffer[:end])
        del buffer[:end]
        try:
            return raw.decode("ascii")
        except UnicodeDecodeError:
            self._bad_line(raw, "not ASCII")
            return ""

    def _read_bytewise(self, timeout: float | None) -> str | None:
        try:
            return super()._read(timeout)
        except can.CanOperationError as exc:
            if not isinstance(exc.__cause__, UnicodeDecodeError):
                raise  # the port itself failed: the reader reconnects
            line = bytes(self._buffer)
            self._buffer.clear()  # else the undecodable bytes would poison every later line
            self._bad_line(line, "not ASCII")
            return None

    def _recv_internal(self, timeout: float | None) -> tuple[can.Message | None, bool]:
        try:
            return super()._recv_internal(timeout)
        except _PARSE_ERRORS as exc:
            # The line was consumed by the read that raised; only it is lost.
            self._bad_line(getattr(exc, "object", b"") or "", f"{type(exc).__name__}: {exc}")
            return None, False
