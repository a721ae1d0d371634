"""Open a python-zeroconf instance bound to explicit interfaces only."""

from __future__ import annotations

from collections.abc import Sequence

from zeroconf import IPVersion, Zeroconf

from cockpit.discovery.interfaces import MdnsInterfaces, resolve_interfaces
from cockpit.errors import DiscoveryError


def open_zeroconf(interfaces: Sequence[str] | MdnsInterfaces | None = None) -> tuple[Zeroconf, MdnsInterfaces]:
    """Return a Zeroconf bound to ``interfaces`` (default 127.0.0.1) and the resolved interfaces.

    IPv4 only: the interface resolver hands out IPv4 addresses, and binding IPv6 as well would make
    zeroconf listen on every IPv6 interface, which is exactly what "explicit interfaces" forbids.
    """
    resolved = interfaces if isinstance(interfaces, MdnsInterfaces) else resolve_interfaces(interfaces)
    try:
        zc = Zeroconf(interfaces=list(resolved.addresses), ip_version=IPVersion.V4Only)
    except OSError as exc:
        raise DiscoveryError(
            f"cannot start mDNS on {resolved.describe()}: {exc}; check the interface is up and "
            "has multicast enabled"
        ) from exc
    return zc, resolved
