"""The bus reader: one python-can Notifier per bus, kept alive through faults, with the bus's health.

A ``BusReader`` owns one supervisor thread (``cockpit-bus-<name>``). The supervisor opens the bus
through the ``open_bus`` callable it was given, hands the bus to a python-can ``Notifier`` whose
only listener is the reader's dispatcher, and watches it. When reading fails (the adapter is
unplugged, the pseudo-terminal closed) it stops that Notifier, shuts the bus down and opens it again
with backoff, so data resumes within a second of the adapter's return.

The dispatcher passes every frame to the reader's listeners and catches what they raise (python-can
issue 1667: an exception in a listener otherwise ends the Notifier's thread and the bus goes quiet
for good): the exception is logged once, counted, and the next frame goes on. Nothing here dies
silently: an unexpected failure in the supervisor itself is logged, shown as the bus's state, and
the supervisor carries on; ``alive`` tells the watchdog whether it is really running.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import can

from cockpit.bus.health import BusHealth, BusState, ErrorFrameKind, classify_error_frame

log = logging.getLogger(__name__)

MessageListener = can.Listener | Callable[[can.Message], Any]

_SUPERVISOR_TICK_S = 0.1  # how often the supervisor looks at its Notifier and beats its heart


class BusReader:
    """Reads one bus into its listeners, reconnecting with backoff; reports ``state`` and ``alive``.

    ``open_bus`` is called on the supervisor thread each time a connection is needed and returns a
    fresh python-can bus (or raises: the reader shows ``offline`` and tries again). Listeners are
    python-can ``Listener`` objects or plain callables; their ``stop()`` is called by :meth:`stop`,
    as python-can's Notifier does.

    ``silence_timeout``: no frame for this long shows the bus ``offline`` (None: never, for a bus that
    may legitimately be quiet). ``error_hold``: the bus stays ``error`` this long after an error frame.
    """

    def __init__(
        self,
        name: str,
        open_bus: Callable[[], can.BusABC],
        listeners: Iterable[MessageListener] = (),
        *,
        silence_timeout: float | None = 1.0,
        error_hold: float = 1.0,
        backoff_initial: float = 0.05,
        backoff_max: float = 0.5,
        recv_timeout: float = 0.05,
        liveness_timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._open_bus = open_bus
        self._listeners: tuple[MessageListener, ...] = tuple(listeners)
        self.silence_timeout = silence_timeout
        self.error_hold = error_hold
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.recv_timeout = recv_timeout
        self.liveness_timeout = liveness_timeout
        self._clock = clock

        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._fault = threading.Event()
        self._bus: can.BusABC | None = None
        self._connected = False
        self._offline_reason = "not started"
        self._connected_at = 0.0
        self._heartbeat = 0.0

        # Written only by the Notifier thread of the current connection (plain ints under the GIL).
        self._frames = 0
        self._error_frames = 0
        self._last_frame: float | None = None
        self._last_error_frame = float("-inf")
        self._last_error_reason = ""
        self._bus_off = False
        self._listener_errors = 0
        self._listener_error_counts: dict[int, int] = {}
        # Written by the supervisor.
        self._read_errors = 0
        self._connections = 0
        self._bad_lines_before = 0  # bad serial lines counted by connections already closed

    # --- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Start reading (returns at once; the first open happens on the reader's thread)."""
        if self._thread is not None:
            raise RuntimeError(f"bus reader {self.name!r} is already started")
        self._heartbeat = self._clock()
        self._offline_reason = "opening"
        self._thread = threading.Thread(target=self._supervise, name=f"cockpit-bus-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop reading, close the bus, and call ``stop()`` on the listeners that have one."""
        self._stopping.set()
        self._fault.set()  # wake the supervisor now rather than at its next tick
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("bus %s: reader thread did not stop within %.1f s", self.name, timeout)
        for listener in self._listeners:
            stop = getattr(listener, "stop", None)
            if callable(stop):
                try:
                    stop()
                except Exception:  # one listener's stop must not block the others'
                    log.exception("bus %s: listener %r failed to stop", self.name, listener)

    def __enter__(self) -> BusReader:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def add_listener(self, listener: MessageListener) -> None:
        """Add a listener; safe while running (the dispatcher reads an immutable tuple)."""
        self._listeners = (*self._listeners, listener)

    # --- what the cockpit reads ----------------------------------------------------------------------
    @property
    def bus(self) -> can.BusABC | None:
        """The currently open python-can bus, or None while offline (to send on, or to inspect)."""
        return self._bus

    @property
    def alive(self) -> bool:
        """True while the supervisor thread runs and has beaten its heart recently (for the watchdog).

        An offline bus whose reader keeps trying is alive: the watchdog restarts a hung process, not
        an unplugged adapter.
        """
        thread = self._thread
        return (
            thread is not None
            and thread.is_alive()
            and not self._stopping.is_set()
            and self._clock() - self._heartbeat < self.liveness_timeout
        )

    @property
    def state(self) -> BusState:
        """The bus's health now."""
        return self._judge(self._clock())[0]

    def health(self) -> BusHealth:
        """State, reason and counters now."""
        now = self._clock()
        state, reason = self._judge(now)
        return BusHealth(
            name=self.name,
            state=state,
            reason=reason,
            frames=self._frames,
            error_frames=self._error_frames,
            read_errors=self._read_errors,
            listener_errors=self._listener_errors,
            reconnects=max(0, self._connections - 1),
            seconds_since_frame=None if self._last_frame is None else max(0.0, now - self._last_frame),
            bad_lines=self._bad_lines_before + int(getattr(self._bus, "bad_lines", 0)),
        )

    def _judge(self, now: float) -> tuple[BusState, str]:
        if not self._connected:
            return BusState.OFFLINE, self._offline_reason
        if self._bus_off:
            return BusState.BUS_OFF, "the controller is bus-off; waiting for it to restart"
        if now - self._last_error_frame < self.error_hold:
            return BusState.ERROR, self._last_error_reason
        if self.silence_timeout is not None:
            since = (
                self._last_frame
                if self._last_frame is not None and self._last_frame > self._connected_at
                else self._connected_at
            )
            if now - since > self.silence_timeout:
                return BusState.OFFLINE, f"no frames for {now - since:.1f} s"
        return BusState.OK, ""

    # --- the Notifier side (its thread) --------------------------------------------------------------
    def _on_frame(self, msg: can.Message) -> None:
        if msg.is_error_frame:
            self._on_error_frame(msg)
        else:
            self._frames += 1
            self._last_frame = self._clock()
            if self._bus_off:  # a frame received means the controller is back on the bus
                self._bus_off = False
        for listener in self._listeners:
            try:
                listener(msg)
            except Exception as exc:  # noqa: BLE001 - python-can issue 1667: never end the thread
                self._listener_failed(listener, exc)

    def _on_error_frame(self, msg: can.Message) -> None:
        self._error_frames += 1
        kind = classify_error_frame(msg)
        if kind is ErrorFrameKind.RESTARTED or kind is ErrorFrameKind.ERROR_ACTIVE:
            # The controller restarted (or recovered) and is error-active again: healthy from now.
            self._bus_off = False
            self._last_error_frame = float("-inf")
            return
        if kind is ErrorFrameKind.BUS_OFF:
            self._bus_off = True
        self._last_error_frame = self._clock()
        self._last_error_reason = (
            f"error frame 0x{msg.arbitration_id:03X} data {bytes(msg.data).hex(' ') or '-'}"
        )

    def _listener_failed(self, listener: MessageListener, exc: Exception) -> None:
        self._listener_errors += 1
        key = id(listener)
        count = self._listener_error_counts.get(key, 0) + 1
        self._listener_error_counts[key] = count
        if count == 1:
            log.error(
                "bus %s: listener %r raised; it is skipped for that frame and the bus goes on",
                self.name,
                listener,
                exc_info=exc,
            )
        elif count in (10, 100, 1000) or count % 10_000 == 0:
            log.error("bus %s: listener %r has raised %d times (last: %r)", self.name, listener, count, exc)

    # --- the supervisor ------------------------------------------------------------------------------
    def _supervise(self) -> None:
        backoff = self.backoff_initial
        while not self._stopping.is_set():
            self._heartbeat = self._clock()
            try:
                healthy = self._serve_one_connection()
            except Exception as exc:  # the supervisor must outlive any bug below it
                log.exception("bus %s: unexpected failure in the reader; retrying", self.name)
                self._connected = False
                self._offline_reason = f"reader failure: {exc!r}"
                healthy = False
            if self._stopping.is_set():
                break
            # A connection that worked for a while earns a quick retry; repeated failures back off.
            backoff = self.backoff_initial if healthy else min(self.backoff_max, backoff * 2)
            self._sleep(backoff)
        self._connected = False
        self._offline_reason = "stopped"

    def _sleep(self, seconds: float) -> None:
        deadline = self._clock() + seconds
        while not self._stopping.is_set():
            self._heartbeat = self._clock()
            left = deadline - self._heartbeat
            if left <= 0:
                return
            self._stopping.wait(min(left, _SUPERVISOR_TICK_S))

    def _serve_one_connection(self) -> bool:
        """Open, read until a fault or stop, close. True if the connection was healthy for a while."""
        try:
            bus = self._open_bus()
        except Exception as exc:  # noqa: BLE001 - any failure to open is "offline, try again"
            self._connected = False
            reason = _open_failure(self.name, exc)
            if reason != self._offline_reason:
                # Once per new reason, not at every retry: why the bus is offline must be in the
                # log (and on the Diagnostics page), but a log full of the same line hides it.
                log.warning("bus %s: %s; retrying", self.name, reason)
            self._offline_reason = reason
            return False
        self._fault.clear()
        dispatcher = _Dispatcher(self)
        try:
            notifier = can.Notifier(bus, [dispatcher], timeout=self.recv_timeout)
        except Exception:
            _shutdown_quietly(bus, self.name)
            raise
        self._bus = bus
        self._connections += 1
        self._connected_at = self._clock()
        self._connected = True
        if self._connections > 1:
            log.warning("bus %s: reconnected (%s)", self.name, getattr(bus, "channel_info", ""))
        try:
            while not self._stopping.is_set():
                self._heartbeat = self._clock()
                if self._fault.wait(_SUPERVISOR_TICK_S):
                    break
                if _notifier_thread_died(notifier):
                    dispatcher.fault(RuntimeError("the Notifier's reading thread ended"))
                    break
        finally:
            healthy = self._clock() - self._connected_at > 1.0 or (
                self._last_frame is not None and self._last_frame > self._connected_at
            )
            dispatcher.retired = True
            if not self._stopping.is_set():
                self._connected = False
                self._offline_reason = dispatcher.fault_reason or "connection lost"
            self._bus = None
            self._bad_lines_before += int(getattr(bus, "bad_lines", 0))
            notifier.stop(timeout=max(1.0, 4 * self.recv_timeout))
            _shutdown_quietly(bus, self.name)
        return healthy

    def _record_fault(self, dispatcher: _Dispatcher, exc: BaseException) -> None:
        if dispatcher.retired:
            return
        self._read_errors += 1
        self._connected = False
        self._offline_reason = f"read failed: {exc}"
        log.warning("bus %s: read failed (%s); reconnecting", self.name, exc)
        self._fault.set()


class _Dispatcher(can.Listener):
    """The one listener of a connection's Notifier: counts, classifies, fans out, catches faults."""

    def __init__(self, reader: BusReader) -> None:
        self._reader = reader
        self.retired = False  # set when its connection is closed: late errors are ignored
        self.fault_reason = ""

    def on_message_received(self, msg: can.Message) -> None:
        self._reader._on_frame(msg)

    def on_error(self, exc: Exception) -> None:
        """Called by the Notifier when ``recv`` raises: the connection is broken, reconnect."""
        self.fault(exc)

    def fault(self, exc: BaseException) -> None:
        """Mark this connection failed (once) and wake the supervisor."""
        if not self.fault_reason:
            self.fault_reason = f"read failed: {exc}"
            self._reader._record_fault(self, exc)
        if not self.retired:
            # The Notifier calls recv again at once on a broken bus; yield so the supervisor runs.
            time.sleep(0.01)

    def stop(self) -> None:
        """Nothing to flush; the reader stops its own listeners."""


def _notifier_thread_died(notifier: can.Notifier) -> bool:
    # python-can keeps its reading threads in a private list; look defensively, never fail on it.
    readers = getattr(notifier, "_readers", ())
    return any(isinstance(r, threading.Thread) and not r.is_alive() for r in readers)


def _shutdown_quietly(bus: can.BusABC, name: str) -> None:
    try:
        bus.shutdown()
    except Exception as exc:  # noqa: BLE001 - closing an unplugged adapter often fails; that is fine
        log.debug("bus %s: shutdown after fault: %s", name, exc)


def _open_failure(name: str, exc: BaseException) -> str:
    """Why bus ``name`` cannot open, for its health: "cannot open: ...", without repeating its name
    (the bus layer's errors start with "bus 'NAME' ...": the Diagnostics row already names it)."""
    text = str(exc)
    prefix = f"bus {name!r} "
    if text.startswith(prefix):
        text = text[len(prefix) :].removeprefix(": ")
    return text if "cannot open" in text else f"cannot open: {text}"
