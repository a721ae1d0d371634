"""Per-bus health for the Diagnostics and Settings pages: state, frames per second and error counts.

``BusStatsModel`` samples each bus's decoder counters (``.stats``: ``frames``, ``unknown_frames``,
``decode_errors``, ``e2e_errors``) and its reader's state once per second, on the Qt main thread.
The counters are plain integers written by the bus thread; reading an int is atomic in CPython, and
a rate that is one frame off for one second is harmless, so no lock is taken here.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

from cockpit.hmi.list_model import RowListModel
from cockpit.vocabulary import BusState

SAMPLE_INTERVAL_S = 1.0

# The bus states the cockpit shows: the bus reader's, spelled once in cockpit/vocabulary.py.
OK, ERROR, BUS_OFF, OFFLINE = BusState.OK, BusState.ERROR, BusState.BUS_OFF, BusState.OFFLINE
BUS_STATES = tuple(state.value for state in BusState)


class DecoderStats(Protocol):
    """The counters a frame decoder keeps (``FrameDecoder.stats``)."""

    frames: int
    unknown_frames: int
    decode_errors: int
    e2e_errors: int


def normalise_state(state: Any) -> str:
    """A reader's state (an enum or a string, ``bus_off`` or ``BUS-OFF``) as one of BUS_STATES.

    Anything unrecognised is shown as an error rather than hidden: a state we cannot read is a
    state the driver should not trust.
    """
    text = str(getattr(state, "value", state)).strip().lower().replace("_", "-").replace(" ", "-")
    if text == "busoff":
        text = BUS_OFF
    return text if text in BUS_STATES else ERROR


def unknown_ids_text(unknown_ids: Any, shown: int = 4) -> str:
    """The most frequent unknown frame ids, ``0x7DF (12), 0x123 (3) +2 more``: what to add to the DBC."""
    if not unknown_ids:
        return ""
    try:
        counts = dict(unknown_ids)  # one C-level copy: the bus thread may be adding ids meanwhile
    except RuntimeError:
        return ""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"0x{frame_id:X} ({count})" for frame_id, count in ranked[:shown])
    if len(ranked) > shown:
        text += f" +{len(ranked) - shown} more"
    return text


def learnt_rates_text(rates: Any, shown: int = 6) -> str:
    """The message rates learnt from the first frames (a DBC without cycle times), ``DI_speed 50 Hz, ...``."""
    if not rates:
        return ""
    try:
        items = sorted(dict(rates).items())
    except RuntimeError:
        return ""
    text = ", ".join(f"{name} {hz:.0f} Hz" for name, hz in items[:shown])
    if len(items) > shown:
        text += f" +{len(items) - shown} more"
    return text


def _state_words() -> dict[str, str]:
    # Literal translate() calls so that lupdate finds the words in this file.
    translate = QCoreApplication.translate
    return {
        OK: translate("BusStatsModel", "OK"),
        ERROR: translate("BusStatsModel", "error"),
        BUS_OFF: translate("BusStatsModel", "bus off"),
        OFFLINE: translate("BusStatsModel", "offline"),
    }


@dataclass
class _BusRow:
    """One bus as last sampled."""

    name: str
    stats: DecoderStats
    state_of: Callable[[], Any] | None
    reason_of: Callable[[], str] | None = None
    state: str = OFFLINE
    reason: str = ""
    frames_per_second: float = 0.0
    frames: int = 0
    unknown_frames: int = 0
    decode_errors: int = 0
    e2e_errors: int = 0
    unknown_ids_text: str = ""
    last_decode_error: str = ""
    learnt_rates_text: str = ""
    sampled_at: float | None = None

    def sample(self, now: float) -> bool:
        """Read the counters at ``now``; True if anything shown changed."""
        stats = self.stats
        frames = int(stats.frames)
        before = self._shown()
        if self.sampled_at is not None and now > self.sampled_at:
            self.frames_per_second = max(0, frames - self.frames) / (now - self.sampled_at)
        self.frames = frames
        self.unknown_frames = int(stats.unknown_frames)
        self.decode_errors = int(stats.decode_errors)
        self.e2e_errors = int(stats.e2e_errors)
        first = self.sampled_at is None
        self.sampled_at = now
        if self.state_of is not None:
            self.state = normalise_state(self.state_of())
        elif not first:
            # Without a reader to ask, silence is the only sign of a dead bus.
            self.state = OK if self.frames_per_second > 0 else OFFLINE
        elif frames:
            self.state = OK
        # Why a bus is not ok, as its reader says ("cannot open: ... no SocketCAN ..."): shown
        # under the state, so "offline" is never the whole story.
        self.reason = "" if self.state == OK or self.reason_of is None else str(self.reason_of() or "")
        self.unknown_ids_text = unknown_ids_text(getattr(stats, "unknown_ids", None))
        self.last_decode_error = str(getattr(stats, "last_decode_error", "") or "")
        self.learnt_rates_text = learnt_rates_text(getattr(stats, "learnt_rates", None))
        return first or self._shown() != before

    def _shown(self) -> tuple[Any, ...]:
        return (
            self.state,
            self.reason,
            self.frames_per_second,
            self.unknown_frames,
            self.decode_errors,
            self.e2e_errors,
            self.unknown_ids_text,
            self.last_decode_error,
            self.learnt_rates_text,
        )


class BusStatsModel(RowListModel):
    """One row per CAN bus: name, state (ok / error / bus-off / offline), frames/s and error counts.

    Add each bus with ``add_bus(name, decoder.stats, state=lambda: reader.state)``, then either
    ``start()`` the model's own one-second timer or call ``sample(now)`` yourself.
    """

    class Role(enum.IntEnum):
        """The roles QML binds to (``model.framesPerSecond`` and so on)."""

        Name = Qt.ItemDataRole.UserRole + 1
        State = enum.auto()  # ok, error, bus-off, offline
        StateText = enum.auto()  # the same, in the driver's language
        IsHealthy = enum.auto()  # state is ok
        FramesPerSecond = enum.auto()  # float, over the last sample interval
        Frames = enum.auto()  # total since start
        UnknownFrames = enum.auto()  # frames whose id is not in the DBC
        DecodeErrors = enum.auto()
        E2eErrors = enum.auto()
        UnknownIdsText = enum.auto()  # the most frequent unknown ids with their counts
        LastDecodeError = enum.auto()  # the decoder's last complaint, for a tooltip
        LearntRatesText = (
            enum.auto()
        )  # message rates learnt from the first frames (no cycle times in the DBC)
        StateReason = enum.auto()  # why the bus is not ok (empty while ok), from its reader

    _ROLE_NAMES: ClassVar[dict[int, bytes]] = {
        Role.Name: b"name",
        Role.State: b"state",
        Role.StateText: b"stateText",
        Role.IsHealthy: b"isHealthy",
        Role.FramesPerSecond: b"framesPerSecond",
        Role.Frames: b"frames",
        Role.UnknownFrames: b"unknownFrames",
        Role.DecodeErrors: b"decodeErrors",
        Role.E2eErrors: b"e2eErrors",
        Role.UnknownIdsText: b"unknownIdsText",
        Role.LastDecodeError: b"lastDecodeError",
        Role.LearntRatesText: b"learntRatesText",
        Role.StateReason: b"stateReason",
    }

    countChanged = Signal()
    allHealthyChanged = Signal()
    healthChanged = Signal(bool)  # the same moment, with the new allHealthy (for Qt connections)

    def __init__(
        self,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        sample_interval_s: float = SAMPLE_INTERVAL_S,
    ) -> None:
        super().__init__(parent)
        self._rows: list[_BusRow] = []
        self._clock = clock
        self._state_words = _state_words()
        self._all_healthy = True
        self._shown = True
        self._dirty: set[int] = set()  # rows sampled while no page showed them
        self._timer = QTimer(self)
        self._timer.setInterval(int(sample_interval_s * 1000))
        self._timer.timeout.connect(self._on_timer)

    # --- buses -------------------------------------------------------------------------------
    def add_bus(
        self,
        name: str,
        stats: DecoderStats,
        state: Callable[[], Any] | None = None,
        reason: Callable[[], str] | None = None,
    ) -> None:
        """Show the bus ``name`` fed by a decoder's ``stats``; ``state`` returns its reader's state
        and ``reason`` why it is not ok (the reader's ``health().reason``).

        Without ``state`` the bus counts as offline while no frame arrives. A second bus with the
        same name is refused: two rows named alike would make the page lie.
        """
        if any(row.name == name for row in self._rows):
            raise ValueError(f"bus {name!r} is already shown in the bus statistics")
        row = _BusRow(name, stats, state, reason)
        row.sample(self._clock())
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        self.countChanged.emit()
        self._update_all_healthy()

    def remove_bus(self, name: str) -> None:
        """Stop showing the bus ``name`` (KeyError names it if it is not shown)."""
        for position, row in enumerate(self._rows):
            if row.name == name:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
                self.countChanged.emit()
                self._update_all_healthy()
                return
        raise KeyError(f"bus {name!r} is not shown in the bus statistics")

    # --- sampling ------------------------------------------------------------------------------
    def start(self) -> None:
        """Sample every second (``sample_interval_s``) on the Qt main thread until ``stop()``."""
        self._timer.start()

    def stop(self) -> None:
        """Stop the one-second sampling."""
        self._timer.stop()

    @Slot()
    def _on_timer(self) -> None:
        self.sample(self._clock())

    @Slot(float)
    def sample(self, now: float) -> None:
        """Read every bus's counters and state at ``now`` (seconds on the model's clock)."""
        for position, row in enumerate(self._rows):
            if row.sample(now):
                if not self._shown:
                    self._dirty.add(position)  # the views hear of it when a page shows them
                    continue
                index = self.index(position)
                self.dataChanged.emit(index, index, [])
        self._update_all_healthy()

    def set_shown(self, shown: bool) -> None:
        """Whether a page showing the buses is on screen; on showing, the views catch up at once.

        Hidden, a sample emits nothing but the health the telltale follows: a text re-laid out
        every second for a page nobody sees cost an idle cockpit a few per cent of a core.
        """
        if shown == self._shown:
            return
        self._shown = shown
        dirty, self._dirty = sorted(self._dirty), set()
        if shown:
            for position in dirty:
                index = self.index(position)
                self.dataChanged.emit(index, index, [])

    @Slot()
    def retranslate(self) -> None:
        """Re-read the state words after a language switch and tell the views."""
        self._state_words = _state_words()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [self.Role.StateText])

    def _update_all_healthy(self) -> None:
        healthy = all(row.state == OK for row in self._rows)
        if healthy != self._all_healthy:
            self._all_healthy = healthy
            self.allHealthyChanged.emit()
            self.healthChanged.emit(healthy)

    def all_healthy(self) -> bool:
        """True while every bus is ok (what ``allHealthy`` gives QML)."""
        return self._all_healthy

    def _get_all_healthy(self) -> bool:
        return self._all_healthy

    allHealthy = Property(bool, _get_all_healthy, notify=allHealthyChanged)
    """True while every bus is ok: the "CAN bus offline" telltale is its negation."""

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)
    """Number of buses shown."""

    # --- RowListModel ---------------------------------------------------------------------
    def _role_value(self, index: int, role: int) -> Any:
        """The value of ``role`` for the row at ``index`` (in range: RowListModel checked it)."""
        row = self._rows[index]
        if role == Qt.ItemDataRole.DisplayRole or role == self.Role.Name:
            return row.name
        if role == self.Role.State:
            return row.state
        if role == self.Role.StateText:
            return self._state_words[row.state]
        if role == self.Role.IsHealthy:
            return row.state == OK
        if role == self.Role.FramesPerSecond:
            return row.frames_per_second
        if role == self.Role.Frames:
            return row.frames
        if role == self.Role.UnknownFrames:
            return row.unknown_frames
        if role == self.Role.DecodeErrors:
            return row.decode_errors
        if role == self.Role.E2eErrors:
            return row.e2e_errors
        if role == self.Role.UnknownIdsText:
            return row.unknown_ids_text
        if role == self.Role.LastDecodeError:
            return row.last_decode_error
        if role == self.Role.LearntRatesText:
            return row.learnt_rates_text
        if role == self.Role.StateReason:
            return row.reason
        return None
