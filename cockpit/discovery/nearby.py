"""Discovery as the running cockpit uses it: one directory, its browser, and what it announces.

The composition the app (``cockpit demo`` / ``cockpit run``) needs in one object, so the HMI's
composition root only builds ``NearbyDevices(...)``, hands ``.directory`` to the Devices model, and
calls ``start()`` / ``close()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cockpit.discovery.announce import ServiceAnnouncer
from cockpit.discovery.browser import DeviceBrowser
from cockpit.discovery.cockpit_service import announce_cockpit
from cockpit.discovery.directory import DeviceDirectory, handoff_device_id
from cockpit.demo.household import SimulatedHousehold
from cockpit.discovery.interfaces import DEFAULT_INTERFACES, resolve_interfaces


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

    ``own`` announces the cockpit (and hides it from its own list); ``simulated_household``
    announces the demo household on the same interfaces (the demo only: 127.0.0.1).
    """

    def __init__(
        self,
        interfaces: Sequence[str] = DEFAULT_INTERFACES,
        *,
        own: CockpitAnnouncement | None = None,
        simulated_household: bool = False,
        household_seed: int = 0,
        paired_ids: Iterable[str] = (),
        max_devices: int = 256,
    ) -> None:
        self.interfaces = resolve_interfaces(interfaces)  # a missing interface fails here, clearly
        ignore = {handoff_device_id(own.device_id)} if own else set()
        self.directory = DeviceDirectory(max_devices=max_devices, ignore_ids=ignore)
        self.directory.set_paired(paired_ids)
        self._own = own
        self._household = (
            SimulatedHousehold(self.interfaces.requested, seed=household_seed) if simulated_household else None
        )
        self._browser: DeviceBrowser | None = None
        self._announcer: ServiceAnnouncer | None = None

    def start(self) -> NearbyDevices:
        """Browse, then announce (announcing blocks about a second while names are probed)."""
        try:
            self._browser = DeviceBrowser(self.directory, self.interfaces).start()
            # Both announcements spend about a second probing their names: do it side by side.
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="announce") as pool:
                futures = [pool.submit(self._announce_own)]
                if self._household is not None:
                    futures.append(pool.submit(self._household.start))
                for future in futures:
                    future.result()
        except BaseException:
            self.close()
            raise
        return self

    def _announce_own(self) -> None:
        if self._own is None:
            return
        self._announcer = ServiceAnnouncer(self.interfaces)
        announce_cockpit(self._announcer, self._own.device_id, self._own.name, self._own.port,
                         self._own.protocol_version, self._own.capabilities)

    def close(self) -> None:
        """Goodbyes first (so phones drop the cockpit at once), then stop browsing."""
        if self._household is not None:
            self._household.close()
        if self._announcer is not None:
            self._announcer.close()
            self._announcer = None
        if self._browser is not None:
            self._browser.close()
            self._browser = None

    def __enter__(self) -> NearbyDevices:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
