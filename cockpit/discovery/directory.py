"""The list of devices near the car, kept from service records as they come and go.

One device is often announced under several service types (a Yeelight under ``_miio._udp`` and
``_hap._tcp``; a hub under ``_miio._udp`` and ``_miot-central._tcp``): records are grouped into one
device when they carry the same identity. A record's identities are the id its recogniser gives and,
when its host name is a miIO one (``<model>_miio<did>.local.``, which every miIO device uses for all
its services), that did. A generic host name (``homebridge.local.``, an Avahi box) is never enough
to merge: one host can publish many devices. The directory is bounded: at most
``max_devices`` devices (the one heard from longest ago is dropped first, paired devices never) and
``max_services_per_device`` records each, so a flood of announcements cannot grow it without limit.

Thread model: every method is safe to call from any thread; listeners are called with the
directory's lock held, on the thread that made the change, in the order the changes happened. In
the running cockpit that thread is the DeviceBrowser's ``cockpit-mdns`` worker; a Qt listener must
therefore only emit a queued signal, never touch a QObject.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from cockpit.discovery.catalog import (
    ModelCatalog,
    ServiceTypeEntry,
    default_model_catalog,
    default_service_types,
)
from cockpit.discovery.device import Device, DeviceKind
from cockpit.discovery.recognisers import RECOGNISERS, Recognition, parse_miio_instance
from cockpit.discovery.records import (
    ADDRESSES_MAX,
    RawServiceRecord,
    RecordRejected,
    ServiceRecord,
    clean_record,
)
from cockpit.vocabulary import handoff_device_id  # noqa: F401 - re-exported for discovery's users

log = logging.getLogger(__name__)

# Reasons counted by the directory itself, beside the record-cleaning ones in records.py.
UNKNOWN_SERVICE_TYPE = "unknown_service_type"
NOT_RECOGNISED = "not_recognised"
EVICTED = "evicted"
DIRECTORY_FULL = "directory_full"
TOO_MANY_SERVICES = "too_many_services"
LISTENER_FAILED = "listener_failed"

# Which id names a device seen under several types: the most durable identity first.
_ID_RANK = {"handoff": 0, "miio": 1, "cast": 2, "hap": 3, "miot": 4}


class DeviceChange(StrEnum):
    """What happened to a device."""

    ADDED = "added"
    UPDATED = "updated"
    REMOVED = "removed"


@dataclass(frozen=True)
class DeviceEvent:
    """One change of the directory, as listeners receive it."""

    change: DeviceChange
    device: Device


DeviceListener = Callable[[DeviceEvent], None]


@dataclass
class _Sighting:
    service_type: str
    name: str
    record: ServiceRecord
    recognition: Recognition
    identities: tuple[str, ...]  # the recogniser's id first, then the host-derived one if any
    seen_at: float
    expires_at: float


@dataclass
class _Group:
    """The records of one physical device, and the Device last published for them."""

    token: int
    sightings: dict[str, _Sighting] = field(default_factory=dict)
    published: Device | None = None


def _rank(device_id: str) -> int:
    return _ID_RANK.get(device_id.partition(":")[0], len(_ID_RANK))


def _identities(record: ServiceRecord, recognition: Recognition) -> tuple[str, ...]:
    identities = [recognition.device_id]
    host_label = record.server.split(".", 1)[0]
    parsed = parse_miio_instance(host_label) if host_label else None
    if parsed is not None and f"miio:{parsed[1]}" not in identities:
        identities.append(f"miio:{parsed[1]}")
    return tuple(identities)


def sighting_key(service_type: str, name: str | bytes) -> str:
    """The key of one service instance, as zeroconf names it (goodbyes arrive by this name)."""
    text = name if isinstance(name, str) else name.decode("utf-8", "replace")
    return f"{service_type}|{text}"


class DeviceDirectory:
    """The devices discovery sees now, merged, cleaned, bounded, with change listeners."""

    def __init__(
        self,
        *,
        max_devices: int = 256,
        max_services_per_device: int = 16,
        catalog: ModelCatalog | None = None,
        service_types: Iterable[ServiceTypeEntry] | None = None,
        clock: Callable[[], float] = time.monotonic,
        ignore_ids: Iterable[str] = (),
    ) -> None:
        if max_devices < 1 or max_services_per_device < 1:
            raise ValueError("max_devices and max_services_per_device must be at least 1")
        self.max_devices = max_devices
        self.max_services_per_device = max_services_per_device
        self._catalog = catalog or default_model_catalog()
        self._types = {entry.type: entry for entry in (service_types or default_service_types())}
        self._clock = clock
        self._ignore_ids = set(ignore_ids)
        self._lock = threading.RLock()
        # Ordered by when each device was last heard from, oldest first: eviction takes the front.
        self._groups: OrderedDict[int, _Group] = OrderedDict()
        self._group_of_device: dict[str, int] = {}
        self._group_of_key: dict[str, int] = {}
        self._group_of_id: dict[str, int] = {}
        self._paired: set[str] = set()
        self._listeners: list[DeviceListener] = []
        self._rejections: Counter[str] = Counter()
        self._tokens = itertools.count(1)

    # -- reading -----------------------------------------------------------------------------

    def now(self) -> float:
        """The directory's clock, on which ``Device.last_seen`` is measured."""
        return self._clock()

    @property
    def service_types(self) -> list[str]:
        """The service types this directory recognises (what a browser should browse)."""
        return list(self._types)

    def devices(self) -> list[Device]:
        """Every device, paired first, then by name."""
        with self._lock:
            found = [g.published for g in self._groups.values() if g.published is not None]
        return sorted(found, key=lambda d: (not d.paired, d.name.casefold(), d.id))

    def get(self, device_id: str) -> Device | None:
        """The device with this id, or None."""
        with self._lock:
            token = self._group_of_device.get(device_id)
            return self._groups[token].published if token is not None else None

    def __len__(self) -> int:
        with self._lock:
            return len(self._groups)

    def rejections(self) -> dict[str, int]:
        """How many records were cleaned, skipped or dropped, by reason."""
        with self._lock:
            return dict(self._rejections)

    def tracked_records(self) -> int:
        """How many service records are held now (bounded by the two caps)."""
        with self._lock:
            return len(self._group_of_key)

    # -- listeners ---------------------------------------------------------------------------

    def subscribe(self, listener: DeviceListener) -> Callable[[], None]:
        """Call ``listener`` with every DeviceEvent from now on; returns the unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, events: list[DeviceEvent]) -> None:
        for event in events:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:  # a broken listener must not stop discovery or the others
                    self._rejections[LISTENER_FAILED] += 1
                    log.exception(
                        "device listener %r failed on %s %s", listener, event.change, event.device.id
                    )

    # -- changes -----------------------------------------------------------------------------

    def observe(self, raw: RawServiceRecord, now: float | None = None) -> Device | None:
        """Take in one resolved service record (new, refreshed or changed); returns its device.

        A TTL of 0 is a goodbye. Hostile or broken records are cleaned or skipped and counted.
        """
        if raw.ttl == 0:
            self.forget(raw.service_type, raw.name, now)
            return None
        now = self._clock() if now is None else now
        key = sighting_key(raw.service_type, raw.name)
        with self._lock:
            events: list[DeviceEvent] = []
            try:
                device = self._observe_locked(key, raw, now, events)
            finally:
                self._emit(events)
            return device

    def _observe_locked(
        self, key: str, raw: RawServiceRecord, now: float, events: list[DeviceEvent]
    ) -> Device | None:
        entry = self._types.get(raw.service_type)
        if entry is None:
            self._rejections[UNKNOWN_SERVICE_TYPE] += 1
            return None
        try:
            record, reasons = clean_record(raw)
        except RecordRejected as rejected:
            self._rejections[rejected.reason] += 1
            log.debug("skipped mDNS record %r: %s", raw.name, rejected)
            return None
        self._rejections.update(reasons)
        recognise = RECOGNISERS.get(entry.recogniser)
        recognition = recognise(record, self._catalog) if recognise else None
        if recognition is None or recognition.device_id in self._ignore_ids:
            if recognition is None:
                self._rejections[NOT_RECOGNISED] += 1
            self._remove_sighting(key, events)  # it may have been something else before
            return None

        sighting = _Sighting(
            raw.service_type,
            key.partition("|")[2],
            record,
            recognition,
            _identities(record, recognition),
            seen_at=now,
            expires_at=now + record.ttl,
        )
        token = self._group_of_key.get(key)
        if token is not None and self._groups[token].sightings[key].identities != sighting.identities:
            self._remove_sighting(key, events)  # the record now claims another device: regroup it
            token = None
        if token is None:
            token = next((self._group_of_id[i] for i in sighting.identities if i in self._group_of_id), None)
        if token is None:
            if not self._make_room(events):
                self._rejections[DIRECTORY_FULL] += 1
                return None
            token = next(self._tokens)
            self._groups[token] = _Group(token)
        group = self._groups[token]
        if key not in group.sightings and len(group.sightings) >= self.max_services_per_device:
            self._rejections[TOO_MANY_SERVICES] += 1
            return group.published
        group.sightings[key] = sighting
        self._groups.move_to_end(token)
        self._group_of_key[key] = token
        for identity in sighting.identities:
            self._group_of_id.setdefault(identity, token)
        self._publish(group, events)
        return group.published

    def forget(self, service_type: str, name: str | bytes, now: float | None = None) -> None:
        """A goodbye for one service instance: drop its record (and the device with its last one)."""
        with self._lock:
            events: list[DeviceEvent] = []
            try:
                self._remove_sighting(sighting_key(service_type, name), events)
            finally:
                self._emit(events)

    def expire(self, now: float | None = None) -> int:
        """Drop every record whose TTL ran out without a refresh; returns how many."""
        now = self._clock() if now is None else now
        with self._lock:
            expired = [
                key
                for group in self._groups.values()
                for key, sighting in group.sightings.items()
                if sighting.expires_at <= now
            ]
            events: list[DeviceEvent] = []
            try:
                for key in expired:
                    self._remove_sighting(key, events)
            finally:
                self._emit(events)
            return len(expired)

    def expiring(self, before: float) -> list[tuple[str, str]]:
        """(service type, instance name) of every record that runs out before ``before``."""
        with self._lock:
            return [
                (s.service_type, s.name)
                for g in self._groups.values()
                for s in g.sightings.values()
                if s.expires_at <= before
            ]

    def heard(self, service_type: str, name: str | bytes, seen_at: float) -> None:
        """A responder answered again for this record (same data): move its ``last_seen`` on.

        mDNS responders do not repeat unchanged records to a browser; a refreshed cache entry (an
        answer to anyone's query) is the only sign of life, and this is how it reaches the page.
        """
        key = sighting_key(service_type, name)
        with self._lock:
            token = self._group_of_key.get(key)
            if token is None:
                return
            group = self._groups[token]
            sighting = group.sightings[key]
            if seen_at <= sighting.seen_at + 0.5:  # nothing a driver could see
                return
            sighting.seen_at = seen_at
            sighting.expires_at = max(sighting.expires_at, seen_at + sighting.record.ttl)
            self._groups.move_to_end(token)
            events: list[DeviceEvent] = []
            try:
                self._publish(group, events)
            finally:
                self._emit(events)

    def refresh(self, service_type: str, name: str | bytes, expires_at: float) -> None:
        """Push back the expiry of one record that its responder has refreshed (no event)."""
        key = sighting_key(service_type, name)
        with self._lock:
            token = self._group_of_key.get(key)
            if token is not None:
                sighting = self._groups[token].sightings[key]
                sighting.expires_at = max(sighting.expires_at, expires_at)

    def set_paired(self, device_ids: Iterable[str]) -> None:
        """Replace the set of paired device ids (from the pairing store); flags update in place."""
        with self._lock:
            self._paired = set(device_ids)
            events: list[DeviceEvent] = []
            try:
                for group in list(self._groups.values()):
                    self._publish(group, events)
            finally:
                self._emit(events)

    def mark_paired(self, device_id: str, paired: bool = True) -> None:
        """Mark one device id paired (or not); it stays marked while it is out of sight."""
        with self._lock:
            ids = set(self._paired)
            (ids.add if paired else ids.discard)(device_id)
            self.set_paired(ids)

    def clear(self) -> None:
        """Forget every device (each one reported as removed)."""
        with self._lock:
            events: list[DeviceEvent] = []
            try:
                for key in list(self._group_of_key):
                    self._remove_sighting(key, events)
            finally:
                self._emit(events)

    # -- internals (lock held) -----------------------------------------------------------------

    def _is_paired(self, group: _Group) -> bool:
        return any(i in self._paired for s in group.sightings.values() for i in s.identities)

    def _make_room(self, events: list[DeviceEvent]) -> bool:
        if len(self._groups) < self.max_devices:
            return True
        # Paired devices are few; skipping them keeps this O(paired), not O(devices).
        oldest = next((g for g in self._groups.values() if not (g.published and g.published.paired)), None)
        if oldest is None:
            return False
        for key in list(oldest.sightings):
            self._remove_sighting(key, events)
        self._rejections[EVICTED] += 1
        return True

    def _remove_sighting(self, key: str, events: list[DeviceEvent]) -> None:
        token = self._group_of_key.pop(key, None)
        if token is None:
            return
        group = self._groups[token]
        sighting = group.sightings.pop(key)
        remaining = {i for s in group.sightings.values() for i in s.identities}
        for identity in sighting.identities:
            if identity not in remaining and self._group_of_id.get(identity) == token:
                del self._group_of_id[identity]
        if not group.sightings:
            del self._groups[token]
        self._publish(group, events)

    def _publish(self, group: _Group, events: list[DeviceEvent]) -> None:
        """Rebuild the group's Device and queue the event that tells listeners what changed."""
        old = group.published
        new = self._merge(group) if group.sightings else None
        group.published = new
        if old is not None and (new is None or new.id != old.id):
            self._group_of_device.pop(old.id, None)
        if new is not None:
            self._group_of_device[new.id] = group.token
        if new is None:
            if old is not None:
                events.append(DeviceEvent(DeviceChange.REMOVED, old))
        elif old is None:
            events.append(DeviceEvent(DeviceChange.ADDED, new))
        elif old.id != new.id:
            events.append(DeviceEvent(DeviceChange.REMOVED, old))
            events.append(DeviceEvent(DeviceChange.ADDED, new))
        elif old != new:
            events.append(DeviceEvent(DeviceChange.UPDATED, new))

    def _merge(self, group: _Group) -> Device:
        # Best identity first; among equals, the most recently heard.
        ordered = sorted(group.sightings.values(), key=lambda s: (_rank(s.identities[0]), -s.seen_at))
        best = ordered[0]
        # The best-ranked identity any record gives: a Yeelight seen only over HomeKit is already
        # miio:<did> through its host name, so its id does not change when its miIO record arrives.
        device_id = min((i for s in ordered for i in s.identities), key=lambda i: (_rank(i), i))
        named = max(ordered, key=lambda s: (s.recognition.name_priority, s.seen_at))
        addresses: list[str] = []
        for sighting in ordered:
            addresses.extend(a for a in sighting.record.addresses if a not in addresses)
        endpoints: list[tuple[str, int]] = []
        for sighting in ordered:
            endpoints.extend(
                (a, sighting.record.port)
                for a in sighting.record.addresses
                if (a, sighting.record.port) not in endpoints
            )
        details: dict[str, str] = {}
        for sighting in reversed(ordered):
            details.update(sighting.recognition.details)
        return Device(
            id=device_id,
            name=named.recognition.name,
            kind=next(
                (s.recognition.kind for s in ordered if s.recognition.kind is not DeviceKind.OTHER),
                DeviceKind.OTHER,
            ),
            model=next((s.recognition.model for s in ordered if s.recognition.model), ""),
            addresses=tuple(addresses[:ADDRESSES_MAX]),
            port=best.record.port,
            service_types=frozenset(s.record.service_type for s in ordered),
            capabilities=frozenset().union(*(s.recognition.capabilities for s in ordered)),
            last_seen=max(s.seen_at for s in ordered),
            paired=self._is_paired(group),
            host=best.record.server,
            details=tuple(sorted(details.items())),
            endpoints=tuple(endpoints[: ADDRESSES_MAX * self.max_services_per_device]),
        )
