"""The car profiles: for each, the car, its buses and opendbc DBCs, and the VSS paths it provides and
lacks ("not available on this car"). ``--json`` prints the same as one JSON object."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--json``."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def describe() -> list[dict[str, Any]]:
    """Every profile as a plain dict (name, car, brand, buses with DBCs, provided and lacking paths)."""
    from cockpit.cars import car_schemas, profiles

    out = []
    for profile in profiles().values():
        ready = car_schemas(profile)
        lacking = dict(ready.unavailable)
        for schema in ready.schemas.values():
            lacking.update(schema.unavailable)
        provided = [path for path in profile.vss_paths() if path not in lacking]
        out.append({
            "name": profile.name,
            "car": profile.car,
            "brand": profile.brand,
            "buses": [{"name": bus.name, "number": bus.number, "dbcs": list(bus.dbcs),
                       "checksums": "opendbc" if bus.checksums and any(
                           plan.e2e is not None for plan in ready.schemas[bus.name].plans.values())
                       else "none"} if bus.name in ready.schemas
                      else {"name": bus.name, "number": bus.number, "dbcs": list(bus.dbcs), "checksums": "none"}
                      for bus in profile.buses],
            "provides": provided,
            "lacks": sorted(lacking),
        })
    return out


def run(args: argparse.Namespace) -> int:
    """Print the profiles."""
    cars = describe()
    if args.json:
        print(json.dumps({"cars": cars}, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Car profiles (DBCs from opendbc)")
    for column in ("Profile", "Car", "Buses (opendbc DBC)", "VSS paths", "Not available on this car"):
        table.add_column(column, overflow="fold")
    for car in cars:
        buses = "\n".join(f"{b['name']} ({b['number']}): {' + '.join(b['dbcs'])}" for b in car["buses"])
        table.add_row(car["name"], car["car"], buses, str(len(car["provides"])), "\n".join(car["lacks"]) or "-")
    Console().print(table)
    return 0
