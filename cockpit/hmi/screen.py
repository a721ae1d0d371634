"""The screen as the head unit's last part: the cockpit's window over the unit's store and buses,
with the Devices page's and the handoff cards' models added once discovery and handoff run.

``Screen`` is what ``run`` and ``demo`` add to their HeadUnit (``cockpit.app``); the head unit
starts it after the buses and stops it first, so the QML engine is deleted while the models it
binds to, and the parts they follow, are still there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cockpit.hmi.app import DESIGN_SIZE, Cockpit
from cockpit.hmi.settings_model import SettingsModel

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickWindow  # only for types (see cockpit.hmi.app)


class Screen:
    """The cockpit's window as a head-unit part (Qt main thread only)."""

    name = "screen"

    def __init__(
        self,
        unit: Any,
        *,
        settings: SettingsModel,
        initial_page: str = "drive",
        size: tuple[int, int] = DESIGN_SIZE,
        rotation: int = 0,
        fullscreen: bool = False,
        title: str | None = None,
    ) -> None:
        self.unit = unit
        buses = unit.buses.feeds() if unit.buses is not None else []
        link = unit.part("vss")
        if link is not None and hasattr(link, "feed"):  # a display fed from Zenoh: its link's row
            buses.append(link.feed())
        self.cockpit = Cockpit(unit.store, buses=buses, settings=settings, initial_page=initial_page)
        self.window: QQuickWindow = self.cockpit.load(size, rotation=rotation)
        if title:
            self.window.setTitle(title)
        self._fullscreen = fullscreen
        self._models: Any = None  # cockpit.hmi.services.ServiceModels, once discovery and handoff run
        unit.when_deferred_started(self._attach_services)

    def start(self) -> None:
        """Start the tick, show the window; discovery and handoff start after the first live frame
        (the driver sees the car's state first; their pages show a waiting state meanwhile)."""
        self.cockpit.after_first_frame(self.unit.start_deferred)
        self.cockpit.start()
        self.window.showFullScreen() if self._fullscreen else self.window.show()

    def _attach_services(self) -> None:
        # Imported here, after the first frame: the Devices and handoff models (and the discovery
        # tables they load) are not on the way to the driver's first look at the car.
        from cockpit.hmi.services import service_models

        self._models = service_models(self.unit)
        self.cockpit.attach_services(self._models.objects)

    def stop(self) -> None:
        """Stop the models listening, stop the tick and delete the engine."""
        if self._models is not None:
            self._models.close()
        self.cockpit.close()
