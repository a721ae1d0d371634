"""A car profile on the buses of ``cockpit.toml``: which configured bus carries which of the car's buses."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from cockpit.cars import get_profile
from cockpit.cars.profile import car_schemas
from cockpit.config import BusConfig
from cockpit.decode.schema import VehicleSchema
from cockpit.errors import ConfigError

log = logging.getLogger(__name__)


def schemas_for_buses(profile_name: str, buses: Sequence[BusConfig]) -> dict[str, VehicleSchema]:
    """One schema per configured bus: the profile's bus of the same name, or (one bus configured) its first.

    A configured bus that names its own dbc/mapping keeps them; ConfigError when no bus matches.
    """
    profile = get_profile(profile_name)
    ready = car_schemas(profile, stale_factor=min((bus.stale_factor for bus in buses), default=3.0))
    for warning in ready.warnings:
        log.warning("%s", warning)
    by_name = {bus.name: ready.schemas[bus.name] for bus in profile.buses if bus.name in ready.schemas}
    schemas: dict[str, VehicleSchema] = {}
    for bus in buses:
        if bus.dbc is not None:
            from cockpit.decode.schema import load_vehicle_schema

            schemas[bus.name] = load_vehicle_schema(bus.dbc, bus.mapping, stale_factor=bus.stale_factor)
        elif bus.name in by_name:
            schemas[bus.name] = by_name[bus.name]
    if not schemas and len(buses) == 1 and by_name:
        schemas[buses[0].name] = next(iter(by_name.values()))
    missing = [bus.name for bus in buses if bus.name not in schemas]
    if missing:
        names = ", ".join(bus.name for bus in profile.buses)
        raise ConfigError(
            f"car profile {profile.name} has buses {names}; the configured bus(es) {', '.join(missing)} "
            f"match none of them: name each [buses.NAME] after one, or give it its own dbc and mapping"
        )
    return schemas
