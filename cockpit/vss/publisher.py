"""The gateway's side of the link: follows a SignalStore and publishes it on Zenoh.

A signal is published when its value or its quality changes (the store's changed set, which also
reports a signal going stale with no frame), the heartbeat every ``period`` seconds, and a
queryable on ``vss/**`` answers the current state of every matching signal, so a display that
starts late has the whole state at once.

The publishing thread sleeps until the bus threads say a frame was decoded (``wake``, a python-can
listener placed after the decoder) or the next beat is due: a change leaves within a millisecond or
two, and an idle car costs only the heartbeat.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from typing import Any

from cockpit.signals import SignalStore
from cockpit.vss.keys import ALL_SIGNALS, HEARTBEAT, key_for
from cockpit.vss.payload import Heartbeat, encode_heartbeat, encode_reading

log = logging.getLogger(__name__)

MIN_GAP_S = 0.003  # changes closer together than this leave in one drain: 1000 frames/s, <= 330 drains
DEFAULT_PERIOD_S = 0.01


def heartbeat_period(store: SignalStore, configured_ms: int | None = None) -> float:
    """The beat: as configured, else a third of the shortest signal timeout (its cycle time),
    so that a display sees every signal go stale within its own timeout when the beat stops."""
    if configured_ms is not None:
        return configured_ms / 1000.0
    timeouts = [spec.timeout for spec in store.specs() if spec.timeout]
    return max(0.005, min(timeouts) / 3.0) if timeouts else DEFAULT_PERIOD_S


class FrameWake:
    """A python-can listener that wakes the publisher after each frame (put it after the decoder)."""

    def __init__(self, event: threading.Event) -> None:
        self._event = event

    def on_message_received(self, msg: Any) -> None:
        """Called on the bus thread once the decoder has written the frame's signals."""
        self._event.set()

    # python-can's Listener protocol
    __call__ = on_message_received

    def stop(self) -> None:
        """Nothing to release."""

    def on_error(self, exc: Exception) -> None:
        """The reader deals with bus errors."""


class VssPublisher:
    """Publishes ``store`` on ``session``: changes, the heartbeat, and answers to queries.

    ``clock`` is the store's clock (wall time, like the frames' timestamps); ``published`` and
    ``beats`` count what was sent.
    """

    def __init__(
        self,
        store: SignalStore,
        session: Any,
        period_s: float | None = None,
        wake: threading.Event | None = None,
    ) -> None:
        import zenoh

        self.store = store
        self.session = session
        self.period = period_s or heartbeat_period(store)
        self.boot = uuid.uuid4().hex[:16]
        self.wake = wake or threading.Event()
        self.published = 0
        self.beats = 0
        self.queries = 0
        self._stop = threading.Event()
        self._zenoh = zenoh
        block = zenoh.CongestionControl.BLOCK  # a change is never dropped: the heartbeat vouches for it
        self._publishers = {
            path: session.declare_publisher(key_for(path), congestion_control=block) for path in store
        }
        self._heartbeat = session.declare_publisher(HEARTBEAT, congestion_control=block)
        self._keys = {path: zenoh.KeyExpr(key_for(path)) for path in store}
        self._queryable = session.declare_queryable(ALL_SIGNALS, self._answer)
        self._thread = threading.Thread(target=self._run, name="vss-publisher", daemon=True)

    def listener(self) -> FrameWake:
        """The python-can listener to add after each bus's decoder."""
        return FrameWake(self.wake)

    def start(self) -> None:
        """Publish the current state (all signals) and start following the store."""
        self._thread.start()

    def _run(self) -> None:
        next_beat = time.monotonic()
        seq = 0
        while not self._stop.is_set():
            try:
                self.publish(self.store.drain_changed().values())
                if time.monotonic() >= next_beat:
                    self._heartbeat.put(
                        encode_heartbeat(Heartbeat(seq, self.store.clock(), self.period, self.boot))
                    )
                    seq += 1
                    self.beats += 1
                    next_beat += self.period
                    if next_beat < time.monotonic():  # we fell behind (a stalled machine): no burst
                        next_beat = time.monotonic() + self.period
            except Exception:  # the publisher must outlive one bad moment
                if self._stop.is_set():
                    return
                log.exception("publishing the signals failed; trying again")
                self._stop.wait(self.period)
            wait = max(0.0, next_beat - time.monotonic())
            if self.wake.wait(wait):
                self.wake.clear()
                self._stop.wait(MIN_GAP_S)  # let the rest of a burst of frames land first

    def publish(self, readings: Iterable[Any]) -> None:
        """Put each reading on its key."""
        for reading in readings:
            publisher = self._publishers.get(reading.path)
            if publisher is not None:
                publisher.put(encode_reading(reading))
                self.published += 1

    def _answer(self, query: Any) -> None:
        """Reply to a query on ``vss/**`` with every matching signal as it stands now (zenoh thread)."""
        self.queries += 1
        try:
            wanted = query.key_expr
            snapshot = self.store.snapshot()
            for path, key in self._keys.items():
                if key.intersects(wanted):
                    query.reply(key, encode_reading(snapshot[path]))
        except Exception:  # a bad query must not break the queryable
            log.exception("answering the query %s failed", query)
        finally:
            query.drop()

    def close(self) -> None:
        """Stop publishing and undeclare (the session stays the caller's)."""
        self._stop.set()
        self.wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        for entity in (self._queryable, self._heartbeat, *self._publishers.values()):
            try:
                entity.undeclare()
            except Exception:  # the session may be closed already
                log.debug("undeclaring %s failed", entity, exc_info=True)
