"""Recording a bus to candump .log, ASC or BLF, rotating by size, losing no frame.

The listener side only counts and enqueues (it runs on the bus's Notifier thread, which must never
wait on a disk); one writer thread drains the queue into python-can's ``SizedRotatingLogger``. The
queue is unbounded on purpose: a slow disk costs memory for a while, never a frame.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from pathlib import Path
from typing import Any

import can
from can.util import channel2int

from cockpit.errors import BusError

log = logging.getLogger(__name__)

RECORD_FORMATS = (".log", ".asc", ".blf")
_STOP = object()


def _blf_channel_safe(msg: can.Message) -> can.Message:
    """BLF stores the channel as a 16-bit number taken from the channel name's trailing digits; a
    name like "cockpit-demo-123456" would not fit and fail the write. Such frames go to BLF's
    default channel instead."""
    number = channel2int(msg.channel)
    if number is None or 0 <= number < 0xFFFF:
        return msg
    return can.Message(**_message_fields(msg), channel=None, check=False)


def _message_fields(msg: can.Message) -> dict[str, Any]:
    return {
        name: getattr(msg, name)
        for name in (
            "timestamp",
            "arbitration_id",
            "is_extended_id",
            "is_remote_frame",
            "is_error_frame",
            "dlc",
            "data",
            "is_fd",
            "is_rx",
            "bitrate_switch",
            "error_state_indicator",
        )
    }


class FrameRecorder(can.Listener):
    """A listener that records every frame it is given to ``path`` (format from the suffix).

    ``max_bytes`` > 0 rotates: the full file is renamed ``<stem>_<time>_#NNN<suffix>`` and a new one
    started at ``path``. ``files`` lists every file written, the current one last.
    """

    def __init__(self, path: str | os.PathLike[str], max_bytes: int = 0) -> None:
        self.path = Path(path).absolute()
        suffix = self.path.suffix.lower()
        if suffix not in RECORD_FORMATS:
            raise BusError(
                f"{path}: cannot record to {suffix or 'a file without suffix'}; name the "
                "output .log (candump), .asc or .blf"
            )
        if not self.path.parent.is_dir():
            raise BusError(f"{path}: folder {self.path.parent} does not exist; create it first")
        if max_bytes < 0:
            raise BusError(f"--max-bytes {max_bytes}: must be 0 (no rotation) or a size in bytes")
        try:
            self._logger = can.SizedRotatingLogger(self.path, max_bytes=max_bytes)
        except OSError as exc:
            raise BusError(
                f"{path}: cannot write ({exc.strerror or exc}); check the path and permissions"
            ) from exc
        self._logger.namer = self._name_rotated
        self._blf = suffix == ".blf"
        self._rotated: list[Path] = []
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.received = 0
        self.written = 0
        self.error: BaseException | None = None
        self._stopped = False
        self._writer = threading.Thread(target=self._write_loop, name="cockpit-recorder", daemon=True)
        self._writer.start()

    # --- the bus side (Notifier thread): count and enqueue, nothing else ----------------------------
    def on_message_received(self, msg: can.Message) -> None:
        """Enqueue ``msg`` for the writer thread."""
        self.received += 1
        self._queue.put(msg)

    # --- the writer thread -----------------------------------------------------------------------------
    def _write_loop(self) -> None:
        write = self._logger.on_message_received
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self.error is not None:
                continue  # the disk failed: keep draining so memory does not grow, count as lost
            if self._blf:
                item = _blf_channel_safe(item)  # type: ignore[arg-type]
            try:
                write(item)  # type: ignore[arg-type]
                self.written += 1
            except Exception as exc:  # noqa: BLE001 - a full disk must be reported, not end the thread
                self.error = exc
                log.error("recording to %s failed: %s; frames are no longer written", self.path, exc)

    def _name_rotated(self, default_name: str | os.PathLike[str]) -> str:
        self._rotated.append(Path(default_name))
        return str(default_name)

    # --- status and stop -------------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        """True while the writer thread runs and no write has failed."""
        return self._writer.is_alive() and self.error is None

    @property
    def pending(self) -> int:
        """Frames received but not yet written."""
        return self.received - self.written

    @property
    def files(self) -> list[Path]:
        """Every file written so far, rotated ones first, the current one last."""
        return [*self._rotated, self.path]

    def stop(self, timeout: float | None = None) -> None:
        """Write everything still queued, then close the file. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._queue.put(_STOP)
        self._writer.join(timeout)
        try:
            self._logger.stop()
        except Exception as exc:  # noqa: BLE001
            self.error = self.error or exc
            log.error("closing %s failed: %s", self.path, exc)
        if self.error is not None:
            raise BusError(
                f"{self.path}: recording failed ({self.error}); {self.pending} frames were "
                "not written; check free space and permissions"
            )
