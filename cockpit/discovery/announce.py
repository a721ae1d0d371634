"""Announce services over mDNS on explicit interfaces: the cockpit's own, the simulated household.

A thin face over python-zeroconf's registration: one ``ServiceInfo`` per instance name, replaced
whole on ``update`` (zeroconf re-announces it), and a goodbye (TTL 0) on ``withdraw`` and ``close``
so browsers drop the service at once instead of waiting for its records to expire.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

from zeroconf import NonUniqueNameException, ServiceInfo, Zeroconf

from cockpit.discovery.interfaces import DEFAULT_INTERFACES, MdnsInterfaces, resolve_interfaces
from cockpit.discovery.zeroconf_factory import open_zeroconf
from cockpit.errors import DiscoveryError

#: The short service type the phone (companion) side and the cockpit announce for handoff.
HANDOFF_SERVICE_TYPE = "_mi-handoff._tcp.local."

# RFC 6763 section 6.1: each TXT string "key=value" is at most 255 bytes.
_TXT_STRING_MAX = 255
_SERVICE_TYPE = re.compile(r"^_[A-Za-z0-9-]{1,15}\._(tcp|udp)\.local\.$")


class NameConflictError(DiscoveryError):
    """The instance name is already announced by another responder on these interfaces."""


def _host_label(instance_name: str) -> str:
    """A DNS host label made from an instance name: real devices each have their own host name."""
    label = re.sub(r"[^a-z0-9-]+", "-", instance_name.lower()).strip("-")[:63].strip("-")
    return label or "cockpit-service"


def _encode_txt(instance_name: str, properties: Mapping[str, str]) -> dict[bytes, bytes]:
    encoded: dict[bytes, bytes] = {}
    for key, value in properties.items():
        raw_key, raw_value = str(key).encode("utf-8"), str(value).encode("utf-8")
        if not raw_key or b"=" in raw_key:
            raise ValueError(f"TXT key {key!r} of {instance_name!r} must be non-empty and contain no '='")
        if len(raw_key) + 1 + len(raw_value) > _TXT_STRING_MAX:
            raise ValueError(
                f"TXT entry {key!r} of {instance_name!r} is longer than {_TXT_STRING_MAX} bytes; shorten it"
            )
        encoded[raw_key] = raw_value
    return encoded


class ServiceAnnouncer:
    """Announces services over mDNS on explicit interfaces (default 127.0.0.1 only)."""

    def __init__(
        self,
        interfaces: Sequence[str] | MdnsInterfaces = DEFAULT_INTERFACES,
        *,
        zeroconf: Zeroconf | None = None,
    ) -> None:
        # With ``zeroconf`` (the process's one instance, opened on ``interfaces``) this announcer
        # only registers on it, and ``close`` says goodbye for its own services and leaves it open.
        self._own_zeroconf = zeroconf is None
        if zeroconf is None:
            self._zeroconf, self.interfaces = open_zeroconf(interfaces)
        else:
            self._zeroconf = zeroconf
            self.interfaces = (
                interfaces if isinstance(interfaces, MdnsInterfaces) else resolve_interfaces(interfaces)
            )
        self._services: dict[str, ServiceInfo] = {}
        self._lock = threading.Lock()  # announce/withdraw may come from several threads
        self._closed = False

    def announce(
        self,
        service_type: str,
        instance_name: str,
        port: int,
        properties: Mapping[str, str],
        server: str | None = None,
    ) -> None:
        """Announce ``instance_name`` under ``service_type`` (e.g. ``_mi-handoff._tcp.local.``).

        Blocks while zeroconf probes the name (under a second). ``server`` is the host name in the
        SRV record; by default one derived from the instance name.
        """
        if not _SERVICE_TYPE.match(service_type):
            raise ValueError(
                f"service type {service_type!r} is not of the form '_name._tcp.local.' or '_name._udp.local.'"
            )
        if not 0 < port < 65536:
            raise ValueError(f"port {port} of {instance_name!r} is outside 1..65535")
        if not instance_name or "." in instance_name or len(instance_name.encode("utf-8")) > 63:
            raise ValueError(f"instance name {instance_name!r} must be 1 to 63 bytes with no '.'")
        host = server or f"{_host_label(instance_name)}.local."
        if not host.endswith(".local."):
            raise ValueError(f"server {host!r} of {instance_name!r} must end with '.local.'")
        info = ServiceInfo(
            service_type,
            f"{instance_name}.{service_type}",
            port=port,
            properties=_encode_txt(instance_name, properties),
            server=host,
            parsed_addresses=list(self.interfaces.addresses),
        )
        with self._lock:
            self._check_open()
            if instance_name in self._services:
                raise ValueError(f"{instance_name!r} is already announced; use update() to change it")
            self._services[instance_name] = info
        try:
            self._zeroconf.register_service(info)
        except NonUniqueNameException as exc:
            with self._lock:
                self._services.pop(instance_name, None)
            raise NameConflictError(
                f"another responder on {self.interfaces.describe()} already announces {instance_name!r} "
                f"as {service_type}; announce under another name"
            ) from exc
        except Exception as exc:
            with self._lock:
                self._services.pop(instance_name, None)
            raise DiscoveryError(
                f"cannot announce {instance_name!r} on {self.interfaces.describe()}: {exc}"
            ) from exc

    def update(self, instance_name: str, properties: Mapping[str, str]) -> None:
        """Replace the TXT record of an announced instance; browsers see the change in place."""
        with self._lock:
            self._check_open()
            old = self._require(instance_name)
            info = ServiceInfo(
                old.type,
                old.name,
                port=old.port,
                properties=_encode_txt(instance_name, properties),
                server=old.server,
                parsed_addresses=old.parsed_addresses(),
            )
            self._services[instance_name] = info
        self._zeroconf.update_service(info)

    def withdraw(self, instance_name: str) -> None:
        """Stop announcing ``instance_name`` and send its goodbye (TTL 0)."""
        with self._lock:
            self._check_open()
            info = self._require(instance_name)
            del self._services[instance_name]
        self._zeroconf.unregister_service(info)

    def announced(self) -> list[str]:
        """The instance names announced now."""
        with self._lock:
            return list(self._services)

    def close(self) -> None:
        """Say goodbye for every announced service and close zeroconf; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            services = list(self._services.values())
            self._services.clear()
        if not self._own_zeroconf:
            for info in services:
                self._zeroconf.unregister_service(info)
            return
        try:
            self._zeroconf.unregister_all_services()
        finally:
            self._zeroconf.close()

    def __enter__(self) -> ServiceAnnouncer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _require(self, instance_name: str) -> ServiceInfo:
        try:
            return self._services[instance_name]
        except KeyError:
            raise ValueError(f"{instance_name!r} is not announced by this announcer") from None

    def _check_open(self) -> None:
        if self._closed:
            raise DiscoveryError("this ServiceAnnouncer is closed; make a new one")
