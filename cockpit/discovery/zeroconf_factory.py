"""Open a python-zeroconf instance bound to explicit interfaces only, hardened against names that
cannot be written back.

python-zeroconf decodes every received name with ``errors="replace"``, so a hostile label of 40
0xFF bytes becomes 40 U+FFFD: 120 bytes of UTF-8, more than the 63 a DNS label may hold. Such a
record is cached like any other; the next query that lists it as a known answer (every PTR query
does) raises NamePartTooLongException while the packet is built, inside zeroconf's query
scheduler, which then never reschedules itself: the browser stops asking, and a device that only
answers queries is never found. ``CockpitZeroconf.async_send`` catches that, drops every record
and question whose names cannot be written (and removes those records from the cache, so they are
not met again), sends the rest, and counts what it dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from zeroconf import DNSOutgoing, DNSQuestion, DNSRecord, IPVersion, ServiceInfo, Zeroconf
from zeroconf._exceptions import NamePartTooLongException
from zeroconf.const import _CLASS_IN, _FLAGS_AA, _FLAGS_QR_QUERY, _MDNS_PORT, _TYPE_PTR

from cockpit.discovery.interfaces import MdnsInterfaces, resolve_interfaces
from cockpit.errors import DiscoveryError

log = logging.getLogger(__name__)

_LABEL_MAX = 63  # RFC 1035


def _writable(name: str | None) -> bool:
    """Whether every label of ``name`` fits in a DNS label once encoded as UTF-8."""
    if not name:
        return True
    return all(
        len(label.encode("utf-8", "surrogatepass")) <= _LABEL_MAX for label in name.rstrip(".").split(".")
    )


def _record_writable(record: Any) -> bool:
    return all(_writable(getattr(record, attribute, None)) for attribute in ("name", "alias", "server"))


class CockpitZeroconf(Zeroconf):
    """A Zeroconf whose sending survives records a hostile packet made unwritable, and whose name
    probes ask for multicast answers."""

    unwritable_records = 0  # records and questions dropped from outgoing packets

    def generate_service_query(self, info: ServiceInfo) -> DNSOutgoing:
        """The probe for ``info``'s name, as a QM question, not a QU one.

        RFC 6762 section 8.1 suggests QU probes so a defender may answer at once by unicast. But on
        a machine where several programs share port 5353 (a demo beside the tests, Avahi beside the
        cockpit), a unicast answer reaches only one of their sockets, chosen by the kernel, and a
        clash goes unnoticed. A multicast answer reaches every listener; it costs at most the
        responder's aggregation delay, well inside the interval between zeroconf's probes.
        """
        out = DNSOutgoing(_FLAGS_QR_QUERY | _FLAGS_AA)
        out.add_question(DNSQuestion(info.type, _TYPE_PTR, _CLASS_IN))
        out.add_authorative_answer(info.dns_pointer())
        return out

    def async_send(
        self,
        out: DNSOutgoing,
        addr: str | None = None,
        port: int = _MDNS_PORT,
        v6_flow_scope: tuple[()] | tuple[int, int] = (),
        transport: Any = None,
    ) -> None:
        """Send ``out``; if a name in it cannot be written, send it without the records that cannot."""
        try:
            super().async_send(out, addr, port, v6_flow_scope, transport)
            return
        except NamePartTooLongException:
            pass
        clean = DNSOutgoing(out.flags, out.multicast, out.id)
        bad: list[DNSRecord] = []

        def writable(record: DNSRecord) -> bool:
            if _record_writable(record):
                return True
            bad.append(record)
            return False

        for question in out.questions:
            if _writable(question.name):
                clean.add_question(question)
            else:
                self.unwritable_records += 1
        # Each section in its own loop: zeroconf types them differently (answers carry a time).
        for answer, _ in out.answers:
            if writable(answer):
                clean.add_answer_at_time(answer, 0)
        for authority in out.authorities:
            if writable(authority):
                clean.add_authorative_answer(authority)
        for additional in out.additionals:
            if writable(additional):
                clean.add_additional_answer(additional)
        self.unwritable_records += len(bad)
        if bad:
            self.cache.async_remove_records(bad)  # so the next query does not meet them again
        log.warning(
            "mDNS: dropped %d record(s) with unwritable names (a hostile or broken responder) "
            "from an outgoing packet",
            len(bad) or 1,
        )
        if clean.questions or clean.answers or clean.authorities or clean.additionals:
            try:
                super().async_send(clean, addr, port, v6_flow_scope, transport)
            except NamePartTooLongException:  # nothing of ours should be unwritable; never stop zeroconf
                log.warning("mDNS: an outgoing packet could not be written; skipped")


def open_zeroconf(
    interfaces: Sequence[str] | MdnsInterfaces | None = None,
) -> tuple[Zeroconf, MdnsInterfaces]:
    """Return a Zeroconf bound to ``interfaces`` (default 127.0.0.1) and the resolved interfaces.

    IPv4 only: the interface resolver hands out IPv4 addresses, and binding IPv6 as well would make
    zeroconf listen on every IPv6 interface, which is exactly what "explicit interfaces" forbids.
    """
    resolved = interfaces if isinstance(interfaces, MdnsInterfaces) else resolve_interfaces(interfaces)
    try:
        zc = CockpitZeroconf(interfaces=list(resolved.addresses), ip_version=IPVersion.V4Only)
    except OSError as exc:
        raise DiscoveryError(
            f"cannot start mDNS on {resolved.describe()}: {exc}; check the interface is up and "
            "has multicast enabled"
        ) from exc
    return zc, resolved
