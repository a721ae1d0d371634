"""Log replay: candump .log, ASC, BLF and TRC through python-can's readers, as fast as possible.

Messages keep the log's timestamps (ASC is read with absolute times), so staleness in a replay is
judged on the log's clock. :func:`replay_messages` is the fast path for ``monitor --replay``;
:class:`ReplayBus` presents a log as a python-can bus, so a configured ``interface = "replay"`` bus
goes through the same reader as a live one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import can

from cockpit.errors import BusError

REPLAY_FORMATS = (".log", ".asc", ".blf", ".trc")


def _reader_kwargs(suffix: str) -> dict[str, Any]:
    # ASC stores times relative to its "date" header; absolute times keep the log's own clock.
    return {"relative_timestamp": False} if suffix == ".asc" else {}


def replay_messages(path: str | os.PathLike[str]) -> Iterator[can.Message]:
    """Every message of the log at ``path``, in file order, with the log's timestamps.

    BusError names the file and what is wrong (missing, unsupported format, unreadable content).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REPLAY_FORMATS:
        raise BusError(
            f"{path}: cannot replay {suffix or 'a file without suffix'}; use a candump .log, "
            f".asc, .blf or .trc file"
        )
    if not path.is_file():
        raise BusError(f"{path}: no such log file; check the --replay path")
    count = 0
    try:
        with can.LogReader(path, **_reader_kwargs(suffix)) as reader:
            for msg in reader:
                count += 1
                yield msg
    except BusError:
        raise
    except Exception as exc:  # any parser failure is "this file is broken here"
        raise BusError(
            f"{path}: unreadable after {count} messages ({type(exc).__name__}: {exc}); "
            "is it a complete file in the format its suffix says?"
        ) from exc


class ReplayBus(can.BusABC):
    """A log file as a receive-only python-can bus: ``recv`` yields its messages as fast as asked.

    When the log ends ``recv`` returns None (a silent bus), unless ``loop`` replays it again.
    ``send`` is refused: a log cannot be written to through its replay.

    A multi-channel log keeps its channels: ``log_channel`` (``options = {log_channel = "can1"}`` in
    cockpit.toml, or the ASC/BLF channel number) makes this bus carry that channel's frames only, so
    each configured bus replays its own part of one log.
    """

    def __init__(
        self, channel: str, loop: bool = False, log_channel: str | int | None = None, **kwargs: Any
    ) -> None:
        self._path = Path(channel)
        self._loop = loop
        self._log_channel = None if log_channel is None else str(log_channel)
        self._messages = self._read()
        self.finished = False
        super().__init__(channel=str(channel), **kwargs)
        self.channel_info = f"replay of {self._path.name}"

    def _recv_internal(self, timeout: float | None) -> tuple[can.Message | None, bool]:
        msg = next(self._messages, None)
        if msg is None and self._loop:
            self._messages = self._read()
            msg = next(self._messages, None)
        if msg is None:
            self.finished = True
            if timeout:
                # Behave like a quiet bus rather than spinning the reader's thread at the end.
                time.sleep(min(timeout, 0.05))
        return msg, False

    def _read(self) -> Iterator[can.Message]:
        wanted = self._log_channel
        if wanted is None:
            return replay_messages(self._path)
        return (msg for msg in replay_messages(self._path) if str(msg.channel) == wanted)

    def send(self, msg: can.Message, timeout: float | None = None) -> None:
        """Refused: a replay is receive-only."""
        raise can.CanOperationError(f"{self._path}: a replayed log is receive-only")
