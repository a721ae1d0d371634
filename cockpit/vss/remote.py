"""A display's side of the link: a SignalStore fed from Zenoh, judged on the display's own clock.

The display keeps its own catalog of signals (the vehicle schema's specs: paths, units, datatypes
and timeouts). Each valid sample or heartbeat makes a signal alive *now, by this display's clock*
for its own timeout (three cycle times); the gateway's timestamps are never trusted for
staleness. When the heartbeat stops (the gateway died, the link broke) every signal goes stale
within its timeout, and the next drain (one frame) shows it. After a gap, the display asks the
gateway for the whole state again (a query on ``vss/**``), because samples sent meanwhile are lost.

Samples that do not decode, or name a path the display does not know, are dropped and counted in
``stats`` (shown on the Diagnostics page as the "zenoh" bus).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cockpit.signals import Quality, SignalSpec, SignalStore
from cockpit.vss.keys import ALL_SIGNALS, HEARTBEAT, path_for
from cockpit.vss.payload import PayloadError, SignalSample, decode_heartbeat, decode_signal

log = logging.getLogger(__name__)

QUERY_TIMEOUT_S = 2.0
_NEVER = float("inf")
_BEAT_SLACK_S = 0.05  # three beat periods and this without a beat: the link is offline


@dataclass
class LinkStats:
    """What the link counted, read like a decoder's counters by the Diagnostics page."""

    frames: int = 0  # samples accepted
    unknown_frames: int = 0  # samples on a path this display does not know
    decode_errors: int = 0  # malformed samples and heartbeats, dropped
    e2e_errors: int = 0  # heartbeats out of sequence (a gap on the link)
    heartbeats: int = 0
    resyncs: int = 0  # whole-state queries answered
    last_decode_error: str = ""
    unknown_ids: dict[int, int] = field(default_factory=dict)  # unused: paths are not frame ids


class RemoteSignalStore(SignalStore):
    """A SignalStore whose writers are Zenoh samples; staleness by this display's clock.

    A signal stays alive for the shorter of its own timeout and ``link_timeout`` (three heartbeat
    periods): when the beat stops, even a signal sent once a second turns stale at once.
    """

    link_timeout = 0.1  # until the first heartbeat announces its period

    def _alive_until(self, slot: Any, now: float) -> None:
        # Often sooner than the write's own deadline (timeout): set_deadline_locked brings the
        # store's next look forward with it, or a sleeping display would wake too late.
        self.set_deadline_locked(slot, now + min(slot.timeout, self.link_timeout))

    def apply(self, path: str, sample: SignalSample, now: float) -> None:
        """Take one decoded sample for ``path`` (declared) as received at ``now``."""
        slot = self.slot(path)
        with self.lock:
            status = sample.status
            if status is Quality.VALID:
                self.write_locked(slot, sample.value, now)
                self._alive_until(slot, now)
            elif status is Quality.INVALID:
                self.write_locked(slot, slot.value, now, sample.reason or "invalid at the gateway")
                self._alive_until(slot, now)
            elif status is Quality.STALE:
                if slot.timestamp is None:
                    slot.timestamp = now  # seen, but stale: not "not received"
                slot.deadline = -_NEVER
                self.changed_locked(slot)
            else:
                slot.value, slot.timestamp, slot.invalid_reason, slot.deadline = None, None, "", _NEVER
                self.changed_locked(slot)

    def keep_alive(self, now: float) -> None:
        """A heartbeat at ``now``: every signal still alive here stays alive for its timeout.

        A signal already stale here (its deadline passed while no beat came) is not revived: its
        samples may have been lost; the next whole-state query brings it back.
        """
        # A beat comes every third of the shortest timeout (100 times a second for the reference
        # car): this loop is most of a parked display's CPU, so _alive_until is written out here.
        link_timeout = self.link_timeout
        soonest = _NEVER
        with self.lock:
            for slot in self._slots.values():
                if slot.timestamp is not None and now <= slot.deadline:
                    slot.timestamp = now
                    timeout = slot.timeout
                    deadline = slot.deadline = now + (timeout if timeout < link_timeout else link_timeout)
                    if deadline < soonest:
                        soonest = deadline
            self.look_by_locked(soonest)  # sooner than before if the beat announced a shorter period

    def expire_all(self, now: float) -> None:
        """Mark every signal stale now (the link closed)."""
        with self.lock:
            for slot in self._slots.values():
                if slot.timestamp is not None and slot.deadline > now:
                    self.set_deadline_locked(slot, now)
                    self.changed_locked(slot)


class VssSubscriber:
    """Feeds a RemoteSignalStore from a Zenoh session: subscribes, queries, watches the beat.

    ``clock`` is this display's clock (the store's). Callbacks run on Zenoh's threads and only
    touch the store (under its lock) and plain counters.
    """

    def __init__(self, store: RemoteSignalStore, clock: Callable[[], float] | None = None) -> None:
        self.store = store
        self.clock = clock or store.clock
        self.stats = LinkStats()
        self.session: Any = None
        self._specs: dict[str, SignalSpec] = {spec.path: spec for spec in store.specs()}
        self._last_beat: float | None = None  # this display's clock
        self._beat_period = 0.0
        self._seq: int | None = None
        self._boot: str | None = None
        self._entities: list[Any] = []
        self._resync_lock = threading.Lock()
        self._live_ts: dict[str, float] = {}  # the source ts of each signal's last live sample
        self._needs_resync = False  # set by a gap, cleared once a query brought the state back
        self._resyncing = False
        self._closed = False
        self.latencies: list[float] | None = None  # benchmarks: now - ts of each valid sample

    # --- life cycle ----------------------------------------------------------------------------
    def attach(self, session: Any) -> None:
        """Subscribe on ``session`` and ask for the whole state (call once the session is open)."""
        self.session = session
        self._entities.append(session.declare_subscriber(ALL_SIGNALS, self._on_sample))
        self._entities.append(session.declare_subscriber(HEARTBEAT, self._on_heartbeat))
        self.resync()

    def close(self) -> None:
        """Undeclare; the store's signals go stale (the session stays the caller's)."""
        self._closed = True
        for entity in self._entities:
            try:
                entity.undeclare()
            except Exception:  # the session may be closed already
                log.debug("undeclaring %s failed", entity, exc_info=True)
        self._entities.clear()
        self.store.expire_all(self.clock())

    # --- state ---------------------------------------------------------------------------------
    def link_state(self, now: float | None = None) -> str:
        """``ok`` while the heartbeat comes; ``offline`` before the first and after it stops."""
        if self._last_beat is None:
            return "offline"
        now = self.clock() if now is None else now
        return "ok" if now - self._last_beat <= 3 * self._beat_period + _BEAT_SLACK_S else "offline"

    def link_deadline(self) -> float:
        """When, on this display's clock, ``link_state`` turns ``offline`` unless a beat comes first
        (inf: not ``ok`` now, nothing to wait for)."""
        if self._last_beat is None:
            return _NEVER
        return self._last_beat + 3 * self._beat_period + _BEAT_SLACK_S

    def seconds_since_beat(self, now: float | None = None) -> float | None:
        """How long ago the last heartbeat came (None: never)."""
        if self._last_beat is None:
            return None
        return (self.clock() if now is None else now) - self._last_beat

    # --- zenoh callbacks -----------------------------------------------------------------------
    def _drop(self, reason: str, unknown: bool = False) -> None:
        if unknown:
            self.stats.unknown_frames += 1
        else:
            self.stats.decode_errors += 1
        self.stats.last_decode_error = reason
        self.store.nudge()  # the count is on screen: a sleeping display shows it now
        count = self.stats.unknown_frames + self.stats.decode_errors
        if count <= 5 or count % 1000 == 0:
            log.warning("dropped a sample (%d so far): %s", count, reason)

    def take_sample(self, key: str, payload: bytes, now: float, from_query: bool = False) -> None:
        """Decode one sample on ``key`` received at ``now`` and apply it, or drop and count it.

        A reply to the whole-state query (``from_query``) older than a live sample already taken
        for the same signal is the past: it is skipped, so a resync never winds a value back.
        """
        path = path_for(key)
        spec = self._specs.get(path) if path else None
        if spec is None:
            self._drop(f"{key}: not a signal this display knows", unknown=True)
            return
        try:
            sample = decode_signal(payload, spec)
        except PayloadError as exc:
            self._drop(f"{key}: {exc}")
            return
        if sample.ts is not None:
            last = self._live_ts.get(spec.path)
            if from_query and last is not None and sample.ts < last:
                return
            if not from_query:
                self._live_ts[spec.path] = sample.ts
        self.store.apply(spec.path, sample, now)
        self.stats.frames += 1
        if self.latencies is not None and sample.ts is not None and sample.status is Quality.VALID:
            self.latencies.append(now - sample.ts)

    def _on_sample(self, sample: Any) -> None:
        try:
            self.take_sample(str(sample.key_expr), sample.payload.to_bytes(), self.clock())
        except Exception:  # nothing a sender does may break the display
            self._drop("a sample could not be read")
            log.exception("reading a sample failed")

    def _on_heartbeat(self, sample: Any) -> None:
        try:
            self.take_heartbeat(sample.payload.to_bytes(), self.clock())
        except Exception:  # nothing a sender does may break the display
            self._drop("a heartbeat could not be read")
            log.exception("reading a heartbeat failed")

    def take_heartbeat(self, payload: bytes, now: float) -> None:
        """Decode the gateway's beat received at ``now``: keep the signals alive, or resync after a gap."""
        try:
            beat = decode_heartbeat(payload)
        except PayloadError as exc:
            self._drop(f"{HEARTBEAT}: {exc}")
            return
        self.stats.heartbeats += 1
        gap = (
            (self._last_beat is not None and now - self._last_beat > 3 * self._beat_period)
            or beat.boot != self._boot
            or (self._seq is not None and beat.seq != self._seq + 1)
        )
        if self._seq is not None and beat.boot == self._boot and beat.seq != self._seq + 1:
            self.stats.e2e_errors += 1
        first = self._last_beat is None
        if beat.boot != self._boot:
            self._live_ts.clear()  # another gateway's timestamps: nothing to compare with
        self._last_beat, self._beat_period, self._seq, self._boot = now, beat.period, beat.seq, beat.boot
        self.store.link_timeout = 3 * beat.period
        if gap:
            # The first beat too: it proves the subscription is in place, and a change published
            # between the start-up query and that moment would otherwise be lost.
            if not first:
                log.warning("heartbeat gap or gateway restart; asking for the whole state again")
            self._needs_resync = True
        if self._needs_resync:
            # Until a query has brought the state back, beats vouch for nothing: samples were lost.
            if not self._resyncing:
                self._resyncing = True
                threading.Thread(target=self._resync_in_background, name="vss-resync", daemon=True).start()
        else:
            self.store.keep_alive(now)

    # --- the whole state ------------------------------------------------------------------------
    def _resync_in_background(self) -> None:
        try:
            if self.resync():
                self._needs_resync = False
        finally:
            self._resyncing = False

    def resync(self) -> int:
        """Ask every gateway for the state of all signals; returns how many signals came back."""
        if self.session is None or self._closed:
            return 0
        with self._resync_lock:
            count = 0
            try:
                replies = self.session.get(ALL_SIGNALS, timeout=QUERY_TIMEOUT_S)
                for reply in replies:
                    ok = reply.ok
                    if ok is None:
                        continue
                    self.take_sample(str(ok.key_expr), ok.payload.to_bytes(), self.clock(), from_query=True)
                    count += 1
            except Exception:  # a failed query is retried on the next gap
                log.exception("the whole-state query failed")
                return count
            if count:
                self.stats.resyncs += 1
            return count


def remote_store(specs: Iterable[SignalSpec], clock: Callable[[], float] = time.time) -> RemoteSignalStore:
    """A RemoteSignalStore holding ``specs`` (the display's catalog), on ``clock``."""
    return RemoteSignalStore(specs, clock=clock)
