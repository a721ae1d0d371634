"""The Qt faces of the head unit's discovery and handoff: the models QML sees as ``services.devices``
and ``services.handoff``, built over the parts ``cockpit.app`` started.

Called on the Qt main thread once the head unit's deferred parts (discovery, then handoff) have
started; a part that is missing or did not start leaves its page in its waiting state. Nothing
here starts a thread or opens a socket: the head unit owns them, and stops them after the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from cockpit.hmi.devices_model import DevicesModel
from cockpit.hmi.handoff_model import HandoffModel

log = logging.getLogger(__name__)


@dataclass
class ServiceModels:
    """The QObjects QML gets as ``services.<name>``, and what stops them listening (before the
    head unit stops the parts they follow)."""

    objects: dict[str, QObject] = field(default_factory=dict)
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Stop listening to discovery and the handoff; safe to call twice."""
        closers, self._closers = self._closers, []
        for close in closers:
            try:
                close()
            except Exception:  # noqa: BLE001 - one model failing to close must not keep others listening
                log.exception("closing a service model failed")


def service_models(unit: Any) -> ServiceModels:
    """The models over ``unit``'s running discovery and handoff (a ``cockpit.app.HeadUnit``)."""
    models = ServiceModels()
    discovery = unit.discovery
    if discovery is not None and discovery.for_page and unit.is_running("discovery"):
        devices = DevicesModel(discovery.directory, interfaces_text=discovery.describe())
        models.objects["devices"] = devices
        models._closers.append(devices.close)
    handoff = unit.handoff
    if handoff is not None and unit.is_running("handoff"):
        # The vehicle's store: the speed for the driver lockout, the figures for the arrival charge.
        model = HandoffModel(store=getattr(handoff, "store", None))
        models._closers.append(handoff.subscribe(model.event_sink()))
        model.attach(handoff.service)
        models.objects["handoff"] = model
        if "devices" in models.objects:
            models.objects["devices"].follow_handoff(model)  # the Devices page joins nothing itself
    return models
