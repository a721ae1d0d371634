"""Where mDNS runs: turn ``--mdns-interface`` values into the addresses zeroconf binds to.

mDNS is unauthenticated and chatty, so the cockpit never browses or announces anywhere it was not
told to: the default is the loopback address only, a head unit names its hotspot interface, and
``all`` has to be asked for explicitly. Announcing and browsing share this resolver so that both
sides of the cockpit always speak on the same interfaces.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

import ifaddr

from cockpit.errors import DiscoveryError

#: What the cockpit uses when nobody says otherwise: this machine only.
DEFAULT_INTERFACES: tuple[str, ...] = ("127.0.0.1",)

#: The word that asks for every interface with an IPv4 address.
ALL_INTERFACES = "all"


@dataclass(frozen=True)
class MdnsInterfaces:
    """The resolved interfaces: the IPv4 addresses to bind to and what the user asked for."""

    addresses: tuple[str, ...]
    requested: tuple[str, ...]

    def describe(self) -> str:
        """A short human description, e.g. ``127.0.0.1`` or ``wlan0 (192.168.43.1)``."""
        return ", ".join(self.requested) + (
            "" if list(self.requested) == list(self.addresses) else f" ({', '.join(self.addresses)})"
        )


def _ipv4_addresses_by_adapter() -> dict[str, list[str]]:
    """Every adapter's IPv4 addresses, keyed by the interface name (``lo``, ``wlan0``, ...)."""
    result: dict[str, list[str]] = {}
    for adapter in ifaddr.get_adapters():
        ipv4 = [str(ip.ip) for ip in adapter.ips if isinstance(ip.ip, str)]
        result.setdefault(adapter.name, []).extend(ipv4)
    return result


def resolve_interfaces(specs: Sequence[str] | None = None) -> MdnsInterfaces:
    """Resolve addresses, interface names or ``all`` into IPv4 addresses to bind mDNS to.

    Raises DiscoveryError naming the interface when it does not exist or has no IPv4 address.
    """
    requested = tuple(s.strip() for s in (specs or DEFAULT_INTERFACES))
    if not requested or any(not s for s in requested):
        raise DiscoveryError(
            "an empty mDNS interface was given; name an address (127.0.0.1), an interface (wlan0) or 'all'"
        )
    adapters = _ipv4_addresses_by_adapter()
    local_addresses = {address for addresses in adapters.values() for address in addresses}
    addresses: list[str] = []
    for spec in requested:
        if spec.lower() == ALL_INTERFACES:
            found = sorted(local_addresses)
            if not found:
                raise DiscoveryError("mDNS interface 'all': this machine has no IPv4 address to use")
        elif _is_ip_address(spec):
            if ipaddress.ip_address(spec).version != 4:
                raise DiscoveryError(
                    f"mDNS interface {spec!r} is an IPv6 address; the cockpit speaks mDNS over IPv4, "
                    "give an IPv4 address or an interface name"
                )
            if spec not in local_addresses:
                raise DiscoveryError(
                    f"mDNS interface {spec!r} is not an address of this machine; "
                    f"use one of: {', '.join(sorted(local_addresses)) or 'none found'}"
                )
            found = [spec]
        elif spec in adapters:
            found = adapters[spec]
            if not found:
                raise DiscoveryError(
                    f"mDNS interface {spec!r} has no IPv4 address; bring it up or pick another interface"
                )
        else:
            raise DiscoveryError(
                f"mDNS interface {spec!r} does not exist; use an address, one of "
                f"{', '.join(sorted(adapters)) or 'no interfaces'}, or 'all'"
            )
        addresses.extend(a for a in found if a not in addresses)
    return MdnsInterfaces(addresses=tuple(addresses), requested=requested)


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
