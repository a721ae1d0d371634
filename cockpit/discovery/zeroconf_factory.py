"""Open a python-zeroconf instance bound to explicit interfaces only."""

from __future__ import annotations

from collections.abc import Sequence

from zeroconf import DNSOutgoing, DNSQuestion, IPVersion, ServiceInfo, Zeroconf
from zeroconf.const import _CLASS_IN, _FLAGS_AA, _FLAGS_QR_QUERY, _TYPE_PTR

from cockpit.discovery.interfaces import MdnsInterfaces, resolve_interfaces
from cockpit.errors import DiscoveryError


class SharedPortZeroconf(Zeroconf):
    """A Zeroconf whose name probes ask for multicast answers (QM), not unicast ones (QU).

    RFC 6762 section 8.1 suggests QU probes so a defender may answer at once by unicast. But on a
    machine where several programs share port 5353 (a demo beside the tests, Avahi beside the
    cockpit), a unicast answer reaches only one of their sockets, chosen by the kernel, and a
    clash goes unnoticed. A multicast answer reaches every listener; it costs at most the
    responder's aggregation delay, well inside the interval between zeroconf's probes.
    """

    def generate_service_query(self, info: ServiceInfo) -> DNSOutgoing:
        """The probe for ``info``'s name, as a QM question."""
        out = DNSOutgoing(_FLAGS_QR_QUERY | _FLAGS_AA)
        out.add_question(DNSQuestion(info.type, _TYPE_PTR, _CLASS_IN))
        out.add_authorative_answer(info.dns_pointer())
        return out


def open_zeroconf(interfaces: Sequence[str] | MdnsInterfaces | None = None) -> tuple[Zeroconf, MdnsInterfaces]:
    """Return a Zeroconf bound to ``interfaces`` (default 127.0.0.1) and the resolved interfaces.

    IPv4 only: the interface resolver hands out IPv4 addresses, and binding IPv6 as well would make
    zeroconf listen on every IPv6 interface, which is exactly what "explicit interfaces" forbids.
    """
    resolved = interfaces if isinstance(interfaces, MdnsInterfaces) else resolve_interfaces(interfaces)
    try:
        zc = SharedPortZeroconf(interfaces=list(resolved.addresses), ip_version=IPVersion.V4Only)
    except OSError as exc:
        raise DiscoveryError(
            f"cannot start mDNS on {resolved.describe()}: {exc}; check the interface is up and "
            "has multicast enabled"
        ) from exc
    return zc, resolved
