"""Browse the service-type table over python-zeroconf, on explicit interfaces, into a DeviceDirectory.

Three threads, each with one job:

- zeroconf's ``ServiceBrowser`` thread receives add/update/remove notices and only books them;
- zeroconf's event loop resolves each service (SRV, TXT, addresses, usually straight from its
  cache) without blocking anyone;
- our ``cockpit-mdns`` worker applies the results to the directory in order, and sweeps expired
  records. Directory listeners therefore always run on ``cockpit-mdns``.

A resolution that finishes after its service said goodbye is dropped (a generation number per
instance being resolved), so a goodbye is never undone by a late answer. Every table is bounded:
the generations hold only names being resolved (at most MAX_PENDING_RESOLUTIONS), the directory
caps devices and records, and zeroconf's own cache expires records by their TTL.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from zeroconf import (
    DNSOutgoing,
    DNSQuestion,
    DNSQuestionType,
    ServiceBrowser,
    ServiceStateChange,
    Zeroconf,
    current_time_millis,
)
from zeroconf.asyncio import AsyncServiceInfo
from zeroconf.const import _CLASS_IN, _CLASS_UNIQUE, _FLAGS_QR_QUERY, _TYPE_PTR, _TYPE_SRV, _TYPE_TXT

from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.interfaces import DEFAULT_INTERFACES, MdnsInterfaces
from cockpit.discovery.records import DEFAULT_TTL, RawServiceRecord, split_txt
from cockpit.discovery.zeroconf_factory import open_zeroconf

log = logging.getLogger(__name__)

WORKER_THREAD_NAME = "cockpit-mdns"
RESOLVE_TIMEOUT_MS = 3000
MAX_PENDING_RESOLUTIONS = 512  # a flood of new names must not queue unbounded work on the loop
SWEEP_INTERVAL_S = 0.5
HEARD_INTERVAL_S = 2.0  # how often "last seen" is brought up to date from zeroconf's cache
TRIM_INTERVAL_S = 2.0  # how often zeroconf's per-name query schedule is checked against its cache
#: zeroconf caps its record cache (10 000 records) but not the refresh queries it schedules per
#: service name it has seen; under a flood of names those are trimmed to what is still cached.
MAX_SCHEDULED_REFRESHES = 1024


@dataclass(frozen=True)
class _Forget:
    service_type: str
    name: str


_STOP = object()


class DeviceBrowser:
    """Finds devices over mDNS on explicit interfaces (default 127.0.0.1) and keeps a directory."""

    def __init__(
        self,
        directory: DeviceDirectory,
        interfaces: Sequence[str] | MdnsInterfaces = DEFAULT_INTERFACES,
        *,
        zeroconf: Zeroconf | None = None,
        service_types: Sequence[str] | None = None,
    ) -> None:
        self.directory = directory
        self.service_types = list(service_types or directory.service_types)
        self._own_zeroconf = zeroconf is None
        if zeroconf is None:
            self._zeroconf, self.interfaces = open_zeroconf(interfaces)
        else:
            self._zeroconf = zeroconf
            self.interfaces = (
                interfaces
                if isinstance(interfaces, MdnsInterfaces)
                else MdnsInterfaces(addresses=tuple(interfaces), requested=tuple(interfaces))
            )
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        # Names whose resolution is in flight -> the number of the newest one (bounded, see _resolve).
        self._generation: dict[str, int] = {}
        self._generations = itertools.count(1)
        self._pending = 0
        self.dropped_resolutions = 0
        self.unresolved = 0
        self.trimmed_refreshes = 0
        self._inflight: set[concurrent.futures.Future[None]] = set()  # at most MAX_PENDING_RESOLUTIONS
        self._browser: ServiceBrowser | None = None
        self._worker: threading.Thread | None = None
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> DeviceBrowser:
        """Start browsing; returns self so ``DeviceBrowser(...).start()`` reads naturally."""
        if self._worker is not None:
            return self
        self._worker = threading.Thread(target=self._run_worker, name=WORKER_THREAD_NAME, daemon=True)
        self._worker.start()
        # Multicast questions (QM), not zeroconf's default first unicast one (QU): several programs
        # share port 5353 on one machine, and a unicast answer reaches only one of them (the kernel
        # picks a socket), so devices that were already announcing would stay unheard until they
        # re-announce. A multicast answer reaches every listener.
        self._browser = ServiceBrowser(
            self._zeroconf,
            self.service_types,
            handlers=[self._on_service_state_change],
            question_type=DNSQuestionType.QM,
        )
        self._ask_for_unicast_answers()
        return self

    def _ask_for_unicast_answers(self) -> None:
        """One more first question, QU: where this is the only program on port 5353 (the usual
        case on a head unit) responders answer it at once, without the multicast answer's
        aggregation and once-a-second limits; where it is not, the QM questions still get through."""
        out = DNSOutgoing(_FLAGS_QR_QUERY)
        for service_type in self.service_types:
            out.add_question(DNSQuestion(service_type, _TYPE_PTR, _CLASS_IN | _CLASS_UNIQUE))
        self._zeroconf.send(out)

    def close(self) -> None:
        """Stop browsing, stop the worker and (if this browser opened it) close zeroconf."""
        if self._closed:
            return
        self._closed = True
        if self._browser is not None:
            self._browser.cancel()
        for future in list(self._inflight):  # resolutions still waiting for answers: not needed now
            future.cancel()
        if self._worker is not None:
            self._queue.put(_STOP)
            self._worker.join(timeout=5)
        if self._own_zeroconf:
            self._zeroconf.close()

    def __enter__(self) -> DeviceBrowser:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- zeroconf's ServiceBrowser thread ---------------------------------------------------------

    def _on_service_state_change(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        key = f"{service_type}|{name}"
        with self._lock:
            if state_change is ServiceStateChange.Removed:
                self._generation.pop(key, None)
                self._queue.put(_Forget(service_type, name))
                return
            if self._pending >= MAX_PENDING_RESOLUTIONS:
                self.dropped_resolutions += 1
                return
            generation = next(self._generations)
            self._generation[key] = generation
            self._pending += 1
        loop = zeroconf.loop
        if loop is None or self._closed:
            return
        future = asyncio.run_coroutine_threadsafe(self._resolve(service_type, name, key, generation), loop)
        self._inflight.add(future)
        future.add_done_callback(self._inflight.discard)

    # -- zeroconf's event loop ----------------------------------------------------------------------

    async def _resolve(self, service_type: str, name: str, key: str, generation: int) -> None:
        try:
            info = AsyncServiceInfo(service_type, name)
            resolved = await info.async_request(
                self._zeroconf, RESOLVE_TIMEOUT_MS, question_type=DNSQuestionType.QM
            )
        except Exception:  # a malformed answer must not kill resolution of the others
            log.debug("resolving %s failed", name, exc_info=True)
            resolved = False
        finally:
            with self._lock:
                self._pending -= 1
        with self._lock:
            if self._generation.get(key) != generation:
                return  # said goodbye (or changed again) meanwhile: this answer is stale
            # The newest resolution of this name is done: nothing can be stale against it any more,
            # so the entry goes (the table holds only names being resolved, at most
            # MAX_PENDING_RESOLUTIONS, however many names a flood announces).
            del self._generation[key]
        if not resolved:
            self.unresolved += 1
            return
        self._queue.put(
            RawServiceRecord(
                service_type=service_type,
                name=name,
                port=info.port,
                server=info.server,
                addresses=info.parsed_addresses(),
                txt=split_txt(info.text or b""),
                ttl=self._remaining_ttl(service_type, name),
            )
        )

    def _remaining_ttl(self, service_type: str, name: str) -> float:
        """Seconds left on the PTR record that says this instance exists (what expiry follows)."""
        pointer = self._zeroconf.cache.current_entry_with_name_and_alias(service_type, name)
        if pointer is None:
            return DEFAULT_TTL
        return max(1.0, pointer.get_remaining_ttl(current_time_millis()))

    # -- the cockpit-mdns worker ----------------------------------------------------------------------

    def _run_worker(self) -> None:
        next_sweep = time.monotonic() + SWEEP_INTERVAL_S
        next_heard = time.monotonic() + HEARD_INTERVAL_S
        next_trim = time.monotonic() + TRIM_INTERVAL_S
        while True:
            try:
                item = self._queue.get(timeout=max(0.0, next_sweep - time.monotonic()))
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            try:
                if isinstance(item, RawServiceRecord):
                    self.directory.observe(item)
                elif isinstance(item, _Forget):
                    self.directory.forget(item.service_type, item.name)
                if time.monotonic() >= next_sweep:
                    self._sweep()
                    next_sweep = time.monotonic() + SWEEP_INTERVAL_S
                if time.monotonic() >= next_heard:
                    self._update_heard()
                    next_heard = time.monotonic() + HEARD_INTERVAL_S
                if time.monotonic() >= next_trim:
                    loop = self._zeroconf.loop
                    if loop is not None and not self._closed:
                        loop.call_soon_threadsafe(self._trim_scheduled_refreshes)
                    next_trim = time.monotonic() + TRIM_INTERVAL_S
            except Exception:  # the worker outlives any one bad record
                log.exception("discovery worker failed on %r", item)

    # -- zeroconf's event loop: keeping its query schedule bounded -----------------------------------

    def _trim_scheduled_refreshes(self) -> None:
        """Drop scheduled refresh queries for names zeroconf no longer caches (evicted by its cap).

        python-zeroconf schedules a refresh query for every service name it caches and forgets the
        schedule only when the record expires (an hour for a PTR), not when its cache cap evicts
        the record: a flood of names would grow the schedule without bound. Runs on its loop.
        """
        browser = self._browser
        scheduler = getattr(browser, "query_scheduler", None) if browser is not None else None
        scheduled = getattr(scheduler, "_next_scheduled_for_alias", None)
        heap = getattr(scheduler, "_query_heap", None)
        if not isinstance(scheduled, dict) or not isinstance(heap, list):
            return  # another zeroconf version: nothing to trim here
        if len(scheduled) <= MAX_SCHEDULED_REFRESHES and len(heap) <= 2 * MAX_SCHEDULED_REFRESHES:
            return
        try:
            cache = self._zeroconf.cache
            for alias, query in list(scheduled.items()):
                if (
                    cache.get_by_details(alias, _TYPE_SRV, _CLASS_IN) is None
                    and cache.current_entry_with_name_and_alias(query.name, alias) is None
                ):
                    query.cancelled = True
                    del scheduled[alias]
            if len(scheduled) > MAX_SCHEDULED_REFRESHES:  # still a flood: keep what the directory holds
                held = {name for _, name in self.directory.expiring(before=float("inf"))}
                for alias, query in list(scheduled.items()):
                    if alias not in held:
                        query.cancelled = True
                        del scheduled[alias]
            heap[:] = [query for query in heap if not query.cancelled]
            heapq.heapify(heap)
            self.trimmed_refreshes += 1
        except Exception:  # trimming is housekeeping; it must never stop discovery
            log.debug("trimming zeroconf's query schedule failed", exc_info=True)

    def _update_heard(self) -> None:
        """Move each device's "last seen" to the newest answer zeroconf cached for its records."""
        now_ms = current_time_millis()
        now = self.directory.now()
        cache = self._zeroconf.cache
        for service_type, name in self.directory.expiring(before=float("inf")):
            records = [
                cache.current_entry_with_name_and_alias(service_type, name),
                cache.get_by_details(name, _TYPE_SRV, _CLASS_IN),
                cache.get_by_details(name, _TYPE_TXT, _CLASS_IN),
            ]
            newest = max((r.created for r in records if r is not None), default=None)
            if newest is not None:
                # zeroconf's clock is its own: carry the age over, not the timestamp.
                self.directory.heard(service_type, name, now - max(0.0, now_ms - newest) / 1000)

    def _sweep(self) -> None:
        """Expire records whose TTL ran out, after pushing back those zeroconf saw refreshed."""
        now = self.directory.now()
        for service_type, name in self.directory.expiring(before=now + SWEEP_INTERVAL_S * 2):
            pointer = self._zeroconf.cache.current_entry_with_name_and_alias(service_type, name)
            if pointer is not None and not pointer.is_expired(current_time_millis()):
                self.directory.refresh(
                    service_type, name, now + pointer.get_remaining_ttl(current_time_millis())
                )
        self.directory.expire(now)
