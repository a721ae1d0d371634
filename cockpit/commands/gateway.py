"""The gateway: headless, buses -> decoder -> store -> Zenoh. It publishes every VSS signal on
``vss/<path>`` when its value or quality changes, beats on ``cockpit/gateway/heartbeat``, and
answers queries on ``vss/**`` with the current state. The displays (``cockpit cluster``,
``cockpit run --source zenoh``) read only this. docs/vss-over-zenoh.md is the contract.

Where the frames come from: the buses of ``--config`` (cockpit.toml), or one bus given by
``--interface/--channel``, or the simulated car (``--scenario NAME``) on a virtual bus of its own.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --interface/--channel, --scenario, --seed, --listen, --duration."""
    from cockpit.bus import add_bus_arguments
    from cockpit.config import add_config_argument

    add_config_argument(parser)
    parser.add_argument(
        "--scenario",
        default=None,
        metavar="NAME",
        help="drive the simulated car (city, highway, parking, charging, faults, demo) "
        "on a virtual bus of its own instead of reading a real one",
    )
    parser.add_argument("--seed", type=int, default=0, help="the simulator's random seed")
    parser.add_argument(
        "--car",
        default=None,
        metavar="NAME",
        help="decode the bus(es) as this car profile (overrides [car] profile; cockpit cars lists them)",
    )
    parser.add_argument(
        "--listen",
        action="append",
        default=None,
        metavar="ENDPOINT",
        help="Zenoh endpoint to listen on, e.g. tcp/127.0.0.1:7447 (repeatable; default: [zenoh] listen)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="S",
        help="stop after S seconds (default: until Ctrl-C or SIGTERM)",
    )
    add_bus_arguments(parser, default_channel=None)


def bus_plan(args: argparse.Namespace, config: Any) -> tuple[list[Any], dict[str, Any]]:
    """(bus configs, schema per bus name) for the arguments; the simulated car's bus is made by
    ``gateway_head_unit``. The seam for ``--car NAME``: a profile gives the DBCs and mappings here."""
    from cockpit.bus.args import bus_config_from_args
    from cockpit.decode import load_vehicle_schema
    from cockpit.errors import ConfigError

    profile = getattr(args, "car", None) or config.car.profile
    if args.scenario:
        if getattr(args, "car", None):
            raise ConfigError(
                "--car with --scenario: the gateway's simulated car is the reference one; drive the "
                "profile with `cockpit sim --car NAME` onto a bus and read that bus here"
            )
        return [], {"vehicle": load_vehicle_schema()}
    if args.channel is not None:
        if profile:
            from cockpit.cars.buses import schemas_for_buses

            bus = bus_config_from_args(args, name="vehicle")
            return [bus], schemas_for_buses(profile, [bus])
        return [bus_config_from_args(args, name="vehicle")], {"vehicle": load_vehicle_schema()}
    if not config.buses:
        raise ConfigError(
            f"{config.path or 'no cockpit.toml'}: no bus to read; add [buses.NAME] to "
            "cockpit.toml, or pass --interface/--channel, or --scenario NAME for the "
            "simulated car"
        )
    if profile:
        from cockpit.cars.buses import schemas_for_buses

        return list(config.buses), schemas_for_buses(profile, config.buses)
    return list(config.buses), {
        bus.name: load_vehicle_schema(bus.dbc, bus.mapping, stale_factor=bus.stale_factor)
        for bus in config.buses
    }


def start_gateway(args: argparse.Namespace, config: Any) -> Any:
    """Build and start the gateway's head unit (buses, simulated car, link); a CockpitError when a
    part cannot start."""
    from cockpit.app.vss import gateway_head_unit

    buses, schemas = bus_plan(args, config)
    from cockpit.config import check_endpoint
    from cockpit.errors import ConfigError

    listen = (
        tuple(check_endpoint(e, lambda problem: ConfigError(f"--listen: {problem}")) for e in args.listen)
        if getattr(args, "listen", None)
        else None
    )
    unit = gateway_head_unit(config, buses, schemas, scenario=args.scenario, seed=args.seed, listen=listen)
    return unit.start()


def run(args: argparse.Namespace) -> int:
    """Run until Ctrl-C, SIGTERM or --duration."""
    from cockpit.config import load_config

    config = load_config(args.config)
    unit = start_gateway(args, config)
    done = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: done.set())
    log.warning(
        "gateway publishing %d signals on vss/** (%s)%s",
        len(unit.store),
        unit.part("vss").describe(),
        f", scenario {args.scenario}" if args.scenario else "",
    )
    try:
        done.wait(args.duration)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        unit.stop()  # the link first, then the simulated car, the buses last
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cockpit.commands.gateway`` (what ``cockpit demo --split`` starts)."""
    from cockpit.cli import main as cli_main

    return cli_main(["gateway", *(argv or [])])
