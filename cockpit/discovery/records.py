"""Service records as they come off the air, and the cleaning every one goes through.

mDNS is unauthenticated: anything on the hotspot can announce anything. A ``RawServiceRecord`` is
what zeroconf resolved (or what a test injects); ``clean_record`` turns it into a ``ServiceRecord``
the recognisers can trust to be well formed, or rejects it. Every cleaning and rejection is
reported by a reason name so that the directory can count them (``DeviceDirectory.rejections``).
Limits follow RFC 6763 (DNS-SD) where it sets one, and are generous but finite where it does not.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# RFC 6763 6.1/6.4: a TXT string is at most 255 bytes; keys are printable US-ASCII without '=',
# SHOULD be no more than 9 characters (we allow more, real devices use longer ones).
TXT_STRING_MAX = 255
TXT_KEY_MAX = 64
TXT_ENTRIES_MAX = 64
TXT_TOTAL_MAX = 1300  # RFC 6763 6.2: "should be kept below 1300 bytes" to fit one packet
ADDRESSES_MAX = 8
LABEL_MAX = 63  # RFC 1035: a DNS label is at most 63 bytes
DEFAULT_TTL = 120.0  # seconds; the SRV/TXT TTL zeroconf and most responders use

# Reasons, as counted by the directory.
MALFORMED_NAME = "malformed_name"
NON_UTF8 = "non_utf8"
CONTROL_CHARACTERS = "control_characters"
OVERSIZED_TXT = "oversized_txt"
DUPLICATE_TXT_KEY = "duplicate_txt_key"
MALFORMED_TXT = "malformed_txt"
ABSURD_PORT = "absurd_port"
ABSURD_ADDRESS = "absurd_address"
MALFORMED_HOST = "malformed_host"
ABSURD_TTL = "absurd_ttl"

# Host labels: letters, digits, "-" and "_" (miIO devices use "_" in their host names).
_HOST = re.compile(r"^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+local\.$")


@dataclass(frozen=True)
class RawServiceRecord:
    """A resolved service instance exactly as received: nothing here is trusted yet.

    ``name`` is the full instance name (``<instance>.<type>``); ``txt`` is the list of TXT
    strings as bytes (``b"key=value"``), in wire order, so duplicates and bad bytes are visible.
    """

    service_type: str
    name: str | bytes
    port: int | None
    server: str | None = None
    addresses: Sequence[str | bytes] = ()
    txt: Sequence[bytes] = ()
    ttl: float = DEFAULT_TTL


@dataclass(frozen=True)
class ServiceRecord:
    """A service instance that passed cleaning: printable names, sane port, real addresses."""

    service_type: str
    full_name: str
    instance: str
    port: int
    server: str
    addresses: tuple[str, ...]
    txt: dict[str, str] = field(hash=False)
    ttl: float


class RecordRejected(ValueError):
    """A record that cannot be used at all; ``reason`` is the counted reason name."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def _printable(text: str) -> tuple[str, bool]:
    """``text`` without control or format characters; the flag says whether any were removed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return kept, kept != text


def _decode(raw: str | bytes, reasons: list[str]) -> str:
    if isinstance(raw, str):
        if "\ufffd" in raw:  # zeroconf decoded non-UTF-8 bytes with replacement characters
            reasons.append(NON_UTF8)
            raw = raw.replace("\ufffd", "")
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        reasons.append(NON_UTF8)
        return raw.decode("utf-8", "ignore")


def _clean_address(raw: str | bytes) -> str | None:
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if address.is_loopback:
        return str(address)  # (IPv6 ::1 sits inside the "reserved" ::/8 block)
    # Nothing a device can actually be reached at: no "any", multicast, broadcast or reserved.
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return None
    if isinstance(address, ipaddress.IPv4Address) and address == ipaddress.IPv4Address("255.255.255.255"):
        return None
    return str(address)


def _clean_txt(entries: Sequence[bytes], reasons: list[str]) -> dict[str, str]:
    txt: dict[str, str] = {}
    total = 0
    for entry in entries:
        if len(txt) >= TXT_ENTRIES_MAX or total + len(entry) + 1 > TXT_TOTAL_MAX:
            reasons.append(OVERSIZED_TXT)
            break
        total += len(entry) + 1
        if len(entry) > TXT_STRING_MAX:
            reasons.append(OVERSIZED_TXT)
            continue
        if not entry:
            continue  # RFC 6763 6.1: an empty TXT string is allowed and means nothing
        raw_key, _, raw_value = entry.partition(b"=")
        try:
            key = raw_key.decode("ascii")
        except UnicodeDecodeError:
            reasons.append(MALFORMED_TXT)
            continue
        if not key or len(key) > TXT_KEY_MAX or not all(0x20 <= ord(ch) <= 0x7E for ch in key):
            reasons.append(MALFORMED_TXT)
            continue
        key = key.lower()  # RFC 6763 6.4: keys are case-insensitive
        if key in txt:
            reasons.append(DUPLICATE_TXT_KEY)  # RFC 6763 6.4: ignore all but the first
            continue
        try:
            value = raw_value.decode("utf-8")
        except UnicodeDecodeError:
            reasons.append(NON_UTF8)
            continue
        value, had_control = _printable(value)
        if had_control:
            reasons.append(CONTROL_CHARACTERS)
        txt[key] = value
    return txt


def clean_record(raw: RawServiceRecord) -> tuple[ServiceRecord, list[str]]:
    """Clean ``raw`` into a ServiceRecord and the reasons for what was cleaned.

    Raises RecordRejected when the record is unusable (bad name, port or TTL).
    """
    reasons: list[str] = []
    full_name = _decode(raw.name, reasons)
    suffix = "." + raw.service_type
    if not full_name.endswith(suffix):
        raise RecordRejected(MALFORMED_NAME, f"{full_name!r} is not an instance of {raw.service_type}")
    instance, had_control = _printable(full_name[: -len(suffix)])
    if had_control:
        reasons.append(CONTROL_CHARACTERS)
    instance = instance.strip()
    if not instance or len(instance.encode("utf-8")) > LABEL_MAX:
        raise RecordRejected(
            MALFORMED_NAME, f"instance label {instance[:80]!r} is empty or over {LABEL_MAX} bytes"
        )

    if raw.port is None or not isinstance(raw.port, int) or not 0 < raw.port < 65536:
        raise RecordRejected(ABSURD_PORT, f"{instance!r} announces port {raw.port!r}")
    if not 0 <= raw.ttl <= 7 * 24 * 3600:
        raise RecordRejected(ABSURD_TTL, f"{instance!r} announces a TTL of {raw.ttl!r} s")

    server = raw.server or ""
    if server and not _HOST.match(server):
        reasons.append(MALFORMED_HOST)
        server = ""

    addresses: list[str] = []
    for candidate in raw.addresses:
        address = _clean_address(candidate)
        if address is None:
            reasons.append(ABSURD_ADDRESS)
        elif address not in addresses:
            if len(addresses) >= ADDRESSES_MAX:
                reasons.append(ABSURD_ADDRESS)
                break
            addresses.append(address)

    return (
        ServiceRecord(
            service_type=raw.service_type,
            full_name=f"{instance}{suffix}",
            instance=instance,
            port=raw.port,
            server=server.lower(),
            addresses=tuple(addresses),
            txt=_clean_txt(raw.txt, reasons),
            ttl=float(raw.ttl),
        ),
        reasons,
    )


def split_txt(rdata: bytes) -> list[bytes]:
    """Split TXT rdata (length-prefixed strings) into its strings; a truncated tail is dropped."""
    entries: list[bytes] = []
    index = 0
    while index < len(rdata):
        length = rdata[index]
        entry = rdata[index + 1 : index + 1 + length]
        if len(entry) < length:
            break
        entries.append(entry)
        index += 1 + length
    return entries
