"""The vehicle-wide signal link as a head-unit part (``vss`` in PART_ORDER), both ways.

``GatewayLink`` publishes the unit's store on Zenoh (``cockpit gateway``): it starts after the
buses and the simulated car, and wakes on every decoded frame. ``DisplayLink`` is a display's
source instead of buses (``cockpit cluster``, ``cockpit run --source zenoh``, the split demo's
centre screen): the unit's store is a RemoteSignalStore, fed from Zenoh, judged on this clock.
The ``*_head_unit`` functions put a gateway's or a display's head unit together.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from cockpit.app.headunit import HeadUnit
from cockpit.app.vehicle import BusFeed, Simulator, VehicleBuses
from cockpit.signals import SignalStore

log = logging.getLogger(__name__)


class GatewayLink:
    """Publishes the store on ``vss/**`` (changes, heartbeat, the whole-state queryable)."""

    name = "vss"

    def __init__(
        self,
        store: SignalStore,
        zenoh: Any,
        buses: VehicleBuses | None = None,
        listen: tuple[str, ...] | None = None,
    ) -> None:
        from cockpit.vss.publisher import FrameWake, heartbeat_period

        self.store, self.zenoh, self.listen = store, zenoh, listen
        self.period = heartbeat_period(store, zenoh.heartbeat_ms)
        self.wake = threading.Event()
        for bus in buses.buses if buses is not None else ():
            bus.reader.add_listener(FrameWake(self.wake))  # after the decoder: the frame is in the store
        self.session: Any = None
        self.publisher: Any = None

    def start(self) -> None:
        """Open the session (a port in use is a clear error) and start publishing."""
        from cockpit.vss.publisher import VssPublisher
        from cockpit.vss.session import GATEWAY, open_session

        self.session = open_session(self.zenoh, GATEWAY, **({"listen": self.listen} if self.listen else {}))
        self.publisher = VssPublisher(self.store, self.session, self.period, wake=self.wake)
        self.publisher.start()

    def stop(self) -> None:
        """Stop publishing and close the session."""
        if self.publisher is not None:
            self.publisher.close()
            self.publisher = None
        if self.session is not None:
            self.session.close()
            self.session = None

    def describe(self) -> str:
        """Where displays find it, for the log."""
        endpoints = self.listen or (self.zenoh.listen if self.zenoh.mode != "client" else self.zenoh.connect)
        return f"{', '.join(endpoints)}, heartbeat {self.period * 1000:.0f} ms"


class DisplayLink:
    """Feeds the unit's RemoteSignalStore from Zenoh; opens in the background, retrying."""

    name = "vss"

    def __init__(self, store: Any, zenoh: Any, connect: tuple[str, ...] | None = None) -> None:
        from cockpit.vss.remote import VssSubscriber

        self.store, self.zenoh, self.connect = store, zenoh, connect
        self.subscriber = VssSubscriber(store)
        self.opener: Any = None

    def start(self) -> None:
        """Start opening the session; the store fills once the gateway answers."""
        from cockpit.vss.session import DISPLAY, SessionOpener

        self.opener = SessionOpener(self.zenoh, DISPLAY, self.subscriber.attach, connect=self.connect)
        self.opener.start()

    def stop(self) -> None:
        """Undeclare (every signal goes stale) and close the session."""
        self.subscriber.close()
        if self.opener is not None:
            self.opener.close()
            self.opener = None

    def feed(self) -> BusFeed:
        """The link as the Diagnostics page's ``zenoh`` bus: samples/s, drops, ok or offline."""
        return BusFeed("zenoh", self.subscriber.stats, self.subscriber.link_state)

    def endpoints(self) -> tuple[str, ...]:
        """What this display dials."""
        return self.connect or self.zenoh.display_endpoints


def gateway_head_unit(
    config: Any,
    buses: Sequence[Any],
    schemas: Mapping[str, Any],
    *,
    scenario: str | None = None,
    seed: int = 0,
    listen: tuple[str, ...] | None = None,
) -> HeadUnit:
    """``cockpit gateway``: the buses (or the simulated car on a virtual channel), the link; no screen.

    The seam for ``--car NAME``: a car profile gives ``buses`` and ``schemas`` here.
    """
    from cockpit.config import BusConfig

    channel = None
    if scenario is not None:
        channel = f"cockpit-gateway-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        buses = [BusConfig(name="vehicle", interface="virtual", channel=channel)]
    store = SignalStore()
    for schema in schemas.values():
        for spec in schema.signal_specs():
            store.declare(spec)
    unit = HeadUnit(store, schema=next(iter(schemas.values()), None), demo=scenario is not None)
    vehicle = VehicleBuses(buses, store, schemas)
    unit.add(vehicle)
    if scenario is not None:
        unit.add(Simulator(schemas["vehicle"], scenario, seed, channel or ""))
    unit.add(GatewayLink(store, config.zenoh, vehicle, listen))
    return unit


def display_catalog(config: Any) -> list[Any]:
    """The signals a display knows: its configured buses' mappings, else the reference vehicle's.

    The seam for ``--car NAME``: a car profile's mappings give the catalog here.
    """
    from cockpit.decode import load_vehicle_schema

    schemas = [
        load_vehicle_schema(bus.dbc, bus.mapping, stale_factor=bus.stale_factor) for bus in config.buses
    ] or [load_vehicle_schema()]
    specs: dict[str, Any] = {}
    for schema in schemas:
        for spec in schema.signal_specs():
            specs.setdefault(spec.path, spec)
    return list(specs.values())


def display_head_unit(
    config: Any, connect: tuple[str, ...] | None = None, *, services: str = "none"
) -> HeadUnit:
    """A display fed from Zenoh: the link instead of buses. ``services``: ``none`` (the cluster),
    ``configured`` (``run --source zenoh``: discovery and handoff as cockpit.toml says) or ``demo``
    (the split demo's centre screen: the simulated household, phone and TV)."""
    from cockpit.app.build import add_configured_services, add_demo_household
    from cockpit.vss.remote import remote_store

    store = remote_store(display_catalog(config))
    unit = HeadUnit(store, demo=services == "demo")
    unit.add(DisplayLink(store, config.zenoh, connect))
    if services == "demo":
        add_demo_household(unit)
    elif services == "configured":
        add_configured_services(unit, config)
    return unit
