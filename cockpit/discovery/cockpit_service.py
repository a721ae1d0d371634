"""The handoff service TXT record: what a cockpit or a companion phone says about itself.

Both sides of handoff announce ``_mi-handoff._tcp`` with the same small TXT record. It carries only
what a peer needs to pick a partner: an id (random, made at first start, not derived from the car),
a display name, the protocol version and the session kinds accepted. Nothing private: no VIN, no
owner name, no location. Trust does not come from this record (anyone can copy it); it comes from
the pinned key exchanged at pairing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer

#: TXT keys, short as RFC 6763 recommends.
TXT_ID = "id"
TXT_NAME = "name"
TXT_PROTOCOL_VERSION = "v"
TXT_CAPABILITIES = "caps"  # comma-separated, as hello.capabilities: "media,media_control,navigation"
TXT_KIND = "kind"  # "phone" for the companion, "cockpit" for a head unit

HANDOFF_TXT_KEYS = frozenset({TXT_ID, TXT_NAME, TXT_PROTOCOL_VERSION, TXT_CAPABILITIES, TXT_KIND})

# A VIN is 17 characters without I, O or Q; a name that holds one would broadcast it to every
# phone in the car park.
_VIN = re.compile(r"\b[A-HJ-NPR-Z0-9]{17}\b", re.IGNORECASE)
_PEER_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_CAPABILITY = re.compile(r"^[a-z0-9_-]{1,32}$")


def handoff_txt(
    device_id: str,
    name: str,
    protocol_version: str,
    capabilities: Iterable[str],
    kind: str = "cockpit",
) -> dict[str, str]:
    """The TXT properties of a handoff announcement; refuses anything that could leak private data."""
    if not _PEER_ID.match(device_id):
        raise ValueError(f"handoff id {device_id!r} must be 1-64 characters of letters, digits and ._:-")
    if not name.strip() or len(name.encode("utf-8")) > 63:
        raise ValueError(f"handoff name {name!r} must be 1 to 63 bytes")
    if _VIN.search(name) or _VIN.search(device_id):
        raise ValueError(f"handoff name or id {name!r} looks like a VIN; never announce the VIN")
    caps = sorted({c.strip().lower() for c in capabilities})
    bad = [c for c in caps if not _CAPABILITY.match(c)]
    if bad:
        raise ValueError(f"handoff capabilities {bad} must be short lowercase words")
    return {
        TXT_ID: device_id,
        TXT_NAME: name.strip(),
        TXT_PROTOCOL_VERSION: str(protocol_version),
        TXT_CAPABILITIES: ",".join(caps),
        TXT_KIND: kind,
    }


def announce_cockpit(
    announcer: ServiceAnnouncer,
    device_id: str,
    name: str,
    port: int,
    protocol_version: str,
    capabilities: Iterable[str] = ("navigation", "media"),
) -> str:
    """Announce this cockpit's handoff service; returns the instance name (for update/withdraw)."""
    txt = handoff_txt(device_id, name, protocol_version, capabilities, kind="cockpit")
    announcer.announce(HANDOFF_SERVICE_TYPE, txt[TXT_NAME], port, txt)
    return txt[TXT_NAME]
