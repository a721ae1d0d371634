"""A device near the car, as discovery sees it: what it is, where it is, when it was last heard."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class DeviceKind(StrEnum):
    """What a device is, in the words the Devices page shows (and picks an icon by)."""

    PHONE = "phone"
    TV = "tv"
    SPEAKER = "speaker"
    VACUUM = "vacuum"
    AIR_PURIFIER = "air_purifier"
    HUB = "hub"
    LIGHT = "light"
    CAMERA = "camera"
    PLUG = "plug"
    OTHER = "other"


@dataclass(frozen=True)
class Device:
    """One physical device, merged from every service it announces.

    ``id`` is stable across restarts and service types (``miio:<did>``, ``cast:<uuid>``,
    ``hap:<accessory id>``, ``handoff:<id>``), so the HMI can keep a selection and pairing can
    refer to it. ``last_seen`` is on the directory's clock (monotonic seconds by default).
    """

    id: str
    name: str
    kind: DeviceKind
    model: str
    addresses: tuple[str, ...]
    port: int
    service_types: frozenset[str]
    capabilities: frozenset[str]
    last_seen: float
    paired: bool = False
    host: str = ""
    details: tuple[tuple[str, str], ...] = field(default=())
    #: Every (address, port) any of its records announces, best record first. Announcements prove
    #: nothing (anyone can copy one), so a client that checks keys tries each, not only the first.
    endpoints: tuple[tuple[str, int], ...] = field(default=())

    def with_paired(self, paired: bool) -> Device:
        """This device with its paired flag set (pairing is decided outside discovery)."""
        return self if paired == self.paired else replace(self, paired=paired)

    def to_json(self, now: float) -> dict[str, object]:
        """A JSON-ready dict; ``seen_seconds_ago`` is relative to ``now`` on the same clock."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "model": self.model,
            "addresses": list(self.addresses),
            "port": self.port,
            "service_types": sorted(self.service_types),
            "capabilities": sorted(self.capabilities),
            "paired": self.paired,
            "host": self.host,
            "seen_seconds_ago": round(max(0.0, now - self.last_seen), 3),
            "details": dict(self.details),
        }
