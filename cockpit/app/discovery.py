"""The head unit's one discovery: one Zeroconf, one device directory, followed by both the Devices
page and the handoff.

In the demo it also announces the simulated household on the same Zeroconf (127.0.0.1 only).
Pairing is pushed into the directory by the handoff part (``cockpit.app.handoff``) as it happens;
nothing polls a file.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)


class Discovery:
    """mDNS discovery on explicit interfaces; ``directory`` exists once ``start`` has run.

    ``for_page`` is False when ``[discovery] enabled = false`` but the handoff still has to find
    its paired phones: discovery runs, the Devices page stays in its waiting state.
    """

    name = "discovery"

    def __init__(
        self,
        interfaces: Sequence[str],
        *,
        household: bool = False,
        household_seed: int = 0,
        for_page: bool = True,
    ) -> None:
        self.requested = tuple(interfaces)
        self.for_page = for_page
        self._household_wanted = household
        self._household_seed = household_seed
        self.nearby: Any = None  # cockpit.discovery.nearby.NearbyDevices
        self.household: Any = None  # cockpit.demo.household.SimulatedHousehold
        self._announcing: threading.Thread | None = None

    @property
    def directory(self) -> Any:
        """The one ``DeviceDirectory`` of this process."""
        return self.nearby.directory if self.nearby is not None else None

    @property
    def zeroconf(self) -> Any:
        """The one ``Zeroconf`` of this process, lent to every announcer in it."""
        return self.nearby.zeroconf if self.nearby is not None else None

    def describe(self) -> str:
        """Where discovery listens, as the Devices page says it."""
        return self.nearby.interfaces.describe() if self.nearby is not None else ", ".join(self.requested)

    def start(self) -> None:
        """Open the Zeroconf and browse; the household (demo) announces on a thread of its own,
        since probing its names takes about a second and the screen must not wait for it."""
        from cockpit.discovery.nearby import NearbyDevices

        self.nearby = NearbyDevices(self.requested)
        self.nearby.start()
        if self._household_wanted:
            from cockpit.demo.household import SimulatedHousehold

            self.household = SimulatedHousehold(
                self.requested, seed=self._household_seed, zeroconf=self.nearby.zeroconf
            )
            self._announcing = threading.Thread(
                target=self._announce_household, name="cockpit-household-announce", daemon=True
            )
            self._announcing.start()

    def _announce_household(self) -> None:
        try:
            self.household.start()
        except Exception:  # the demo goes on with whatever else it finds
            log.exception("the simulated household could not be announced on %s", self.describe())

    def stop(self) -> None:
        """Goodbyes for the household, then stop browsing and close the Zeroconf."""
        if self._announcing is not None:
            self._announcing.join(timeout=10)
            self._announcing = None
        if self.household is not None:
            self.household.close()
            self.household = None
        if self.nearby is not None:
            self.nearby.close()
