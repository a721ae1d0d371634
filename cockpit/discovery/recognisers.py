"""Recognisers: from one clean service record to what device it is.

A registry, not an if-chain (as python-can does for bus backends): the service-type table names a
recogniser for each type, and each recogniser is a function registered here under that name. A
recogniser returns a ``Recognition`` or None when the record is not a device we show (a Chromecast
that is not a Xiaomi, say).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass

from cockpit.discovery.catalog import ModelCatalog
from cockpit.discovery.device import DeviceKind
from cockpit.discovery.records import ServiceRecord
from cockpit.vocabulary import handoff_device_id


@dataclass(frozen=True)
class Recognition:
    """What one service record says about its device."""

    device_id: str
    name: str
    kind: DeviceKind
    model: str
    capabilities: frozenset[str] = frozenset()
    details: tuple[tuple[str, str], ...] = ()
    # Which record names the device when several do: handoff peers and friendly names first.
    name_priority: int = 0


Recogniser = Callable[[ServiceRecord, ModelCatalog], "Recognition | None"]

RECOGNISERS: dict[str, Recogniser] = {}


def recogniser(name: str) -> Callable[[Recogniser], Recogniser]:
    """Register a recogniser under the name the service-type table uses."""

    def register(function: Recogniser) -> Recogniser:
        RECOGNISERS[name] = function
        return function

    return register


# <model-with-dashes>_miio<did>, e.g. zhimi-airpurifier-m1_miio12345678. Models are vendor.type.variant
# with the dots turned into dashes; vendor and type never contain a dash, so the first two dashes
# are dots and the rest of the variant keeps its dashes.
_MIIO_INSTANCE = re.compile(
    r"^(?P<model>[a-z0-9]+-[a-z0-9_]+(?:-[a-z0-9_-]+)?)_miio(?P<did>\d{1,20})$", re.IGNORECASE
)


def parse_miio_instance(instance: str) -> tuple[str, str] | None:
    """Split a miIO instance name into (model, did), or None when it is not one."""
    match = _MIIO_INSTANCE.match(instance)
    if not match:
        return None
    model = match["model"].lower().replace("-", ".", 2)
    return model, match["did"]


@recogniser("miio")
def recognise_miio(record: ServiceRecord, catalog: ModelCatalog) -> Recognition | None:
    """A miIO device: model and did from the instance name, kind and name from the model table."""
    parsed = parse_miio_instance(record.instance)
    if parsed is None:
        return None
    model, did = parsed
    family = catalog.miio_family(model)
    return Recognition(
        device_id=f"miio:{did}",
        name=family.name if family else model,
        kind=family.kind if family else DeviceKind.OTHER,
        model=model,
        details=(("did", did),),
    )


def parse_miot_profile(profile: str) -> dict[str, str] | None:
    """Decode the base64 ``profile`` of a Xiaomi central hub: did, home group, role, MQTT support.

    Layout (as Xiaomi's own Home Assistant integration reads it): byte 0 version, bytes 1-8 the
    did (big-endian), bytes 9-16 the group id (little-endian), byte 20 high nibble the role
    (1 = primary hub), byte 22 bit 1 whether the hub offers its MQTT service.
    """
    try:
        raw = base64.b64decode(profile, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 23:
        return None
    return {
        "did": str(int.from_bytes(raw[1:9], "big")),
        "group_id": raw[9:17][::-1].hex(),
        "role": "primary" if raw[20] >> 4 == 1 else "secondary",
        "mqtt": "yes" if (raw[22] >> 1) & 1 else "no",
    }


@recogniser("miot_central")
def recognise_miot_central(record: ServiceRecord, catalog: ModelCatalog) -> Recognition | None:
    """A Xiaomi Home central hub; its did comes from the ``profile`` TXT so it merges with miIO."""
    profile = parse_miot_profile(record.txt.get("profile", ""))
    model = record.txt.get("model", "xiaomi.gateway.hub1")
    family = catalog.miio_family(model)
    if profile is None:
        device_id = f"miot:{record.server or record.instance}".lower()
        details: tuple[tuple[str, str], ...] = ()
    else:
        device_id = f"miio:{profile['did']}"
        details = tuple(profile.items())
    return Recognition(
        device_id=device_id,
        name=family.name if family else "Xiaomi Central Hub Gateway",
        kind=DeviceKind.HUB,
        model=model,
        details=details,
    )


@recogniser("googlecast")
def recognise_googlecast(record: ServiceRecord, catalog: ModelCatalog) -> Recognition | None:
    """A Cast receiver whose ``md``/``fn`` names a Xiaomi-family model (Mi TV, Mi Box, speakers)."""
    model, friendly = record.txt.get("md", ""), record.txt.get("fn", "")
    if not catalog.is_xiaomi_family(model, friendly):
        return None
    cast_id = record.txt.get("id", "").lower()
    if not re.fullmatch(r"[0-9a-f-]{8,36}", cast_id):
        cast_id = record.instance.lower()
    return Recognition(
        device_id=f"cast:{cast_id}",
        name=friendly or model or record.instance,
        kind=catalog.kind_from_words(model, friendly) or DeviceKind.TV,
        model=model,
        capabilities=frozenset(),
        details=tuple((k, record.txt[k]) for k in ("ve", "rs") if record.txt.get(k)),
        name_priority=2,  # the owner chose the friendly name
    )


@recogniser("homekit")
def recognise_homekit(record: ServiceRecord, catalog: ModelCatalog) -> Recognition | None:
    """A HomeKit accessory whose ``md`` names a Yeelight, Aqara or Xiaomi model."""
    model = record.txt.get("md", "")
    if not catalog.is_xiaomi_family(model, record.instance):
        return None
    accessory_id = record.txt.get("id", "").lower()
    if not re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", accessory_id):
        accessory_id = record.instance.lower()
    kind = (
        catalog.homekit_categories.get(record.txt.get("ci", ""))
        or catalog.kind_from_words(model, record.instance)
        or DeviceKind.OTHER
    )
    return Recognition(
        device_id=f"hap:{accessory_id}",
        name=record.instance,
        kind=kind,
        model=model,
        details=(("homekit_paired", "no" if record.txt.get("sf") == "1" else "yes"),),
        name_priority=1,
    )


# The handoff TXT (see cockpit.discovery.cockpit_service): id, name, v, caps, kind.
_HANDOFF_KINDS = {
    "phone": DeviceKind.PHONE,
    "tablet": DeviceKind.PHONE,
    # a TV or speaker that speaks the handoff protocol continues the car's media
    "tv": DeviceKind.TV,
    "speaker": DeviceKind.SPEAKER,
}


@recogniser("handoff")
def recognise_handoff(record: ServiceRecord, catalog: ModelCatalog) -> Recognition | None:
    """A handoff peer (the companion phone): id, name, protocol version and capabilities in TXT."""
    peer_id = record.txt.get("id", "")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", peer_id):
        return None  # without a usable id, pairing could never refer to it
    capabilities = frozenset(
        c.strip().lower()
        for c in record.txt.get("caps", "").split(",")
        if re.fullmatch(r"\s*[a-z0-9_-]{1,32}\s*", c, re.I)
    )
    return Recognition(
        device_id=handoff_device_id(peer_id),
        name=record.txt.get("name") or record.instance,
        kind=_HANDOFF_KINDS.get(record.txt.get("kind", "phone").lower(), DeviceKind.OTHER),
        model=record.txt.get("model", ""),
        capabilities=capabilities,
        details=(("protocol_version", record.txt.get("v", "")),),
        name_priority=3,
    )
