"""How each command's head unit is put together: the configured car (``run``), the simulated car
and household (``demo``), the simulated car fast-forwarded (``screenshot``).

Each returns a HeadUnit that has not started; the command adds its screen (``cockpit.hmi``) or
none, then starts it. Discovery and handoff are built here but import their modules only when they
start, so a head unit shows the car before it pays for them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from cockpit.app.discovery import Discovery
from cockpit.app.handoff import Handoff
from cockpit.app.headunit import HeadUnit
from cockpit.app.vehicle import FastForward, SimulatedTime, Simulator, VehicleBuses
from cockpit.signals import SignalStore

DEMO_INTERFACES = ("127.0.0.1",)  # the demo never listens or announces beyond this machine


def configured_head_unit(config: Any, schemas: Mapping[str, Any]) -> HeadUnit:
    """The head unit of ``cockpit run``: the configured buses, discovery on the configured interfaces
    (kept for the handoff even when the Devices page is off), the handoff unless disabled."""
    store = SignalStore()
    for schema in schemas.values():
        for spec in schema.signal_specs():
            store.declare(spec)  # one store; a path on two buses keeps its first declaration
    unit = HeadUnit(store)
    unit.add(VehicleBuses(config.buses, store, schemas))
    add_configured_services(unit, config)
    return unit


def add_configured_services(unit: HeadUnit, config: Any) -> None:
    """Discovery on the configured interfaces (kept for the handoff even when the Devices page is
    off) and the handoff unless disabled, as cockpit.toml says."""
    handoff_on = config.handoff.enabled
    discovery = None
    if config.discovery.enabled or handoff_on:
        discovery = unit.add(Discovery(config.discovery.interfaces, for_page=config.discovery.enabled))
    if handoff_on:
        rules = tuple(str(rule.fields["name"]) for rule in config.handoff.rules)
        unit.add(Handoff(unit.store, settings=config.handoff.settings, rules=rules, discovery=discovery))


def demo_head_unit(
    schema: Any,
    scenario: str = "demo",
    seed: int = 0,
    channel: str | None = None,
    skip_ids: frozenset[int] = frozenset(),
    car: Any = None,
) -> HeadUnit:
    """The head unit of ``cockpit demo``: the simulated car on a virtual channel of its own, the
    simulated household, phone and TV on 127.0.0.1. ``skip_ids`` are frames the simulator leaves
    to another sender (a benchmark's probe ECU); ``car`` replaces the reference car (a car profile's,
    ``cockpit.cars.drive``), ``schema`` then being that car's."""
    import uuid

    from cockpit.config import BusConfig

    # A channel of our own: two demos (or a demo and the tests) never hear each other.
    channel = channel or f"cockpit-demo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    store = SignalStore(schema.signal_specs())
    unit = HeadUnit(store, schema=schema, demo=True)
    unit.add(
        VehicleBuses(
            [BusConfig(name="vehicle", interface="virtual", channel=channel)], store, {"vehicle": schema}
        )
    )
    unit.add(Simulator(schema, scenario, seed, channel, skip_ids=skip_ids, car=car))
    add_demo_household(unit)
    return unit


def add_demo_household(unit: HeadUnit) -> HeadUnit:
    """Add the demo's discovery (with the simulated household) and handoff (with the demo phone
    and TV), all on 127.0.0.1; alone, without a car, this is what the Devices and handoff tests run."""
    discovery = unit.add(Discovery(DEMO_INTERFACES, household=True))
    unit.add(Handoff(unit.store, discovery=discovery, demo=True))
    return unit


def fast_forward_head_unit(schema: Any = None, scenario: str = "demo", seed: int = 0) -> HeadUnit:
    """The head unit of ``cockpit screenshot``: no bus, no discovery; its ``sim`` part is a
    FastForward that drives the simulated car into the decoder on the simulated clock (the
    reference car when ``schema`` is None)."""
    if schema is None:
        from cockpit.decode import load_vehicle_schema

        schema = load_vehicle_schema()
    clock = SimulatedTime()
    store = SignalStore(schema.signal_specs(), clock=clock)
    unit = HeadUnit(store, schema=schema, demo=True)
    unit.add(FastForward(schema, store, clock, scenario, seed))
    return unit


def demo_sessions(now: float) -> tuple[Any, Any]:
    """The demo's route and track (cockpit.demo.sessions), for the cards of ``cockpit screenshot``."""
    from cockpit.demo.sessions import demo_sessions as sessions

    return sessions(now)
