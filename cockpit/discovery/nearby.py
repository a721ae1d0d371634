"""Discovery as the running cockpit uses it: one Zeroconf, one directory, its browser, and what it
announces.

The composition the head unit (``cockpit.app.discovery``) needs in one object: it builds
``NearbyDevices(...)``, hands ``.directory`` to the Devices model and to the handoff, lends
``.zeroconf`` to whatever else announces in this process (the demo's household and phones), and
calls ``start()`` / ``close()``. One Zeroconf per process, shared, as python-zeroconf advises.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zeroconf import Zeroconf

from cockpit.discovery.announce import ServiceAnnouncer
from cockpit.discovery.browser import DeviceBrowser
from cockpit.discovery.cockpit_service import announce_cockpit
from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.interfaces import DEFAULT_INTERFACES, resolve_interfaces
from cockpit.discovery.zeroconf_factory import open_zeroconf
from cockpit.vocabulary import handoff_device_id


@dataclass(frozen=True)
class CockpitAnnouncement:
    """The cockpit's own handoff service, announced if the app wants phones to find it."""

    device_id: str
    name: str
    port: int
    protocol_version: str
    capabilities: tuple[str, ...] = ("navigation", "media")


class NearbyDevices:
    """A DeviceDirectory kept by a DeviceBrowser on explicit interfaces (default 127.0.0.1).

    ``own`` announces the cockpit (and hides it from its own list). The Zeroconf is opened at
    ``start`` and lent, through ``zeroconf``, to the other announcers of the process.
    """

    def __init__(
        self,
        interfaces: Sequence[str] = DEFAULT_INTERFACES,
        *,
        own: CockpitAnnouncement | None = None,
        paired_ids: Iterable[str] = (),
        max_devices: int = 256,
    ) -> None:
        self.interfaces = resolve_interfaces(interfaces)  # a missing interface fails here, clearly
        ignore = {handoff_device_id(own.device_id)} if own else set()
        self.directory = DeviceDirectory(max_devices=max_devices, ignore_ids=ignore)
        self.directory.set_paired(paired_ids)
        self._own = own
        self.zeroconf: Zeroconf | None = None
        self._browser: DeviceBrowser | None = None
        self._announcer: ServiceAnnouncer | None = None

    def start(self) -> NearbyDevices:
        """Open the Zeroconf, browse, then announce (announcing blocks about a second while names
        are probed)."""
        try:
            self.zeroconf, _ = open_zeroconf(self.interfaces)
            self._browser = DeviceBrowser(self.directory, self.interfaces, zeroconf=self.zeroconf).start()
            self._announce_own()
        except BaseException:
            self.close()
            raise
        return self

    def _announce_own(self) -> None:
        if self._own is None:
            return
        self._announcer = ServiceAnnouncer(self.interfaces, zeroconf=self.zeroconf)
        announce_cockpit(
            self._announcer,
            self._own.device_id,
            self._own.name,
            self._own.port,
            self._own.protocol_version,
            self._own.capabilities,
        )

    def close(self) -> None:
        """Goodbyes first (so phones drop the cockpit at once), then stop browsing, then Zeroconf."""
        if self._announcer is not None:
            self._announcer.close()
            self._announcer = None
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self.zeroconf is not None:
            self.zeroconf.close()
            self.zeroconf = None

    def __enter__(self) -> NearbyDevices:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
