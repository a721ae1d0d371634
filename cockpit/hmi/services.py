"""Optional services the cockpit starts beside the vehicle models: the Devices page's discovery and
the handoff cards. A registry, like the CLI's commands: each entry names a factory that is imported
only when the cockpit starts, so a part that is not installed (or fails) leaves an empty state on its
page instead of taking the cockpit down.

A factory is ``cockpit_service(context: ServiceContext) -> CockpitService | None`` and is called on
the Qt main thread after the QGuiApplication exists. QML sees each of ``CockpitService.objects``
as ``services.<name>`` (Main.qml passes ``services`` to the Devices page and the Drive page's cards).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from cockpit.signals import SignalStore

log = logging.getLogger(__name__)

# service name -> "module:function"; modules owned by the discovery and handoff work.
SERVICE_FACTORIES: dict[str, str] = {
    "devices": "cockpit.hmi.devices_model:cockpit_service",
    "handoff": "cockpit.hmi.handoff_model:cockpit_service",
}


@dataclass(frozen=True)
class ServiceContext:
    """What a service may use: the signal store (read-only for services), the configuration (None
    in ``demo`` and ``screenshot``), and whether this is the demo (simulated phone, 127.0.0.1 only)."""

    store: SignalStore
    config: Any = None          # cockpit.config.CockpitConfig, or None
    demo: bool = False


@dataclass
class CockpitService:
    """A started service: the QObjects QML sees, and how to stop its threads (before Qt quits)."""

    objects: dict[str, QObject] = field(default_factory=dict)
    stop: Callable[[], None] = lambda: None


def start_services(context: ServiceContext,
                   factories: dict[str, str] | None = None) -> list[CockpitService]:
    """Start every registered service that is installed; log (never raise) the ones that fail."""
    started: list[CockpitService] = []
    for name, target in (SERVICE_FACTORIES if factories is None else factories).items():
        module_name, _, function_name = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                log.debug("service %s is not installed (%s)", name, module_name)
                continue
            log.exception("service %s cannot be imported; its page shows its empty state", name)
            continue
        except Exception:  # noqa: BLE001 - a broken part must not take the cockpit down
            log.exception("service %s cannot be imported; its page shows its empty state", name)
            continue
        try:
            service = getattr(module, function_name)(context)
        except Exception:  # noqa: BLE001
            log.exception("service %s failed to start; its page shows its empty state", name)
            continue
        if service is not None:
            started.append(service)
    return started


def service_objects(services: Iterable[CockpitService]) -> dict[str, QObject]:
    """The name -> QObject map QML receives as ``services``."""
    objects: dict[str, QObject] = {}
    for service in services:
        objects.update(service.objects)
    return objects


def stop_services(services: Iterable[CockpitService]) -> None:
    """Stop every service's threads; one that fails to stop does not keep the others running."""
    for service in services:
        try:
            service.stop()
        except Exception:  # noqa: BLE001
            log.exception("a cockpit service failed to stop")
