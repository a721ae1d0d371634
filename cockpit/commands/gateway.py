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
import os
import signal
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --interface/--channel, --scenario, --seed, --listen, --duration."""
    from cockpit.bus import add_bus_arguments
    from cockpit.config import add_config_argument

    add_config_argument(parser)
    parser.add_argument("--scenario", default=None, metavar="NAME",
                        help="drive the simulated car (city, highway, parking, charging, faults, demo) "
                             "on a virtual bus of its own instead of reading a real one")
    parser.add_argument("--seed", type=int, default=0, help="the simulator's random seed")
    parser.add_argument("--listen", action="append", default=None, metavar="ENDPOINT",
                        help="Zenoh endpoint to listen on, e.g. tcp/127.0.0.1:7447 (repeatable; "
                             "default: [zenoh] listen)")
    parser.add_argument("--duration", type=float, default=None, metavar="S",
                        help="stop after S seconds (default: until Ctrl-C or SIGTERM)")
    add_bus_arguments(parser, default_channel=None)


@dataclass
class GatewayParts:
    """A running gateway: what was started, in the order it is stopped (reverse)."""

    store: Any
    publisher: Any
    session: Any
    readers: list[Any] = field(default_factory=list)
    decoders: list[Any] = field(default_factory=list)
    sim: Any = None
    sim_bus: Any = None

    def stop(self) -> None:
        """Stop the simulator, the buses, the publisher, then close the session."""
        if self.sim is not None:
            self.sim.stop()
            self.sim_bus.shutdown()
        for reader in self.readers:
            try:
                reader.stop()
            except Exception:  # noqa: BLE001 - stop the rest whatever one does
                log.exception("stopping a bus failed")
        self.publisher.close()
        self.session.close()


def bus_plan(args: argparse.Namespace, config: Any) -> tuple[list[Any], dict[str, Any], str | None]:
    """(bus configs, schema per bus name, the simulator's channel or None) for the arguments.

    The seam for ``--car NAME`` (car profiles): a profile gives the DBCs and mappings per bus here.
    """
    from cockpit.bus.args import bus_config_from_args
    from cockpit.config import BusConfig
    from cockpit.decode import load_vehicle_schema
    from cockpit.errors import ConfigError

    if args.scenario:
        channel = f"cockpit-gateway-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        return ([BusConfig(name="vehicle", interface="virtual", channel=channel)],
                {"vehicle": load_vehicle_schema()}, channel)
    if args.channel is not None:
        bus = bus_config_from_args(args, name="vehicle")
        return [bus], {"vehicle": load_vehicle_schema()}, None
    if not config.buses:
        raise ConfigError(f"{config.path or 'no cockpit.toml'}: no bus to read; add [buses.NAME] to "
                          "cockpit.toml, or pass --interface/--channel, or --scenario NAME for the "
                          "simulated car")
    return list(config.buses), {bus.name: load_vehicle_schema(bus.dbc, bus.mapping,
                                                              stale_factor=bus.stale_factor)
                                for bus in config.buses}, None


def start_gateway(args: argparse.Namespace, config: Any) -> GatewayParts:
    """Build and start the gateway's parts; a CockpitError when one cannot start."""
    from cockpit.bus import BusReader, bus_opener
    from cockpit.decode import FrameDecoder
    from cockpit.signals import SignalStore
    from cockpit.vss.publisher import VssPublisher, heartbeat_period
    from cockpit.vss.session import GATEWAY, open_session

    buses, schemas, sim_channel = bus_plan(args, config)
    store = SignalStore()
    for schema in schemas.values():
        for spec in schema.signal_specs():
            store.declare(spec)
    listen = tuple(args.listen) if getattr(args, "listen", None) else None
    session = open_session(config.zenoh, GATEWAY, **({"listen": listen} if listen else {}))
    parts = GatewayParts(store, None, session)
    try:
        parts.publisher = VssPublisher(store, session, heartbeat_period(store, config.zenoh.heartbeat_ms))
        for bus in buses:
            decoder = FrameDecoder(schemas[bus.name], store, bus_name=bus.name)
            reader = BusReader(bus.name, bus_opener(bus), [decoder, parts.publisher.listener()])
            reader.start()
            parts.readers.append(reader)
            parts.decoders.append(decoder)
        parts.publisher.start()
        if sim_channel is not None:
            import can

            from cockpit.errors import CockpitError
            from cockpit.sim import SimRunner, SimulatedCar

            try:
                car = SimulatedCar(schemas["vehicle"].db, args.scenario, seed=args.seed)
            except (KeyError, ValueError) as exc:
                raise CockpitError(f"scenario {args.scenario!r} cannot run: {exc}") from exc
            parts.sim_bus = can.Bus(interface="virtual", channel=sim_channel)
            parts.sim = SimRunner(car, parts.sim_bus, realtime=True)
            parts.sim.start()
    except BaseException:
        if parts.publisher is None:
            session.close()
        else:
            parts.stop()
        raise
    return parts


def run(args: argparse.Namespace) -> int:
    """Run until Ctrl-C, SIGTERM or --duration."""
    from cockpit.config import load_config

    config = load_config(args.config)
    parts = start_gateway(args, config)
    done = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: done.set())
    where = ", ".join(args.listen or config.zenoh.listen if config.zenoh.mode != "client"
                      else config.zenoh.connect)
    log.warning("gateway publishing %d signals on vss/** (%s, heartbeat %.0f ms)%s", len(parts.store),
                where, parts.publisher.period * 1000, f", scenario {args.scenario}" if args.scenario else "")
    try:
        done.wait(args.duration)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        parts.stop()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cockpit.commands.gateway`` (what ``cockpit demo --split`` starts)."""
    from cockpit.cli import main as cli_main

    return cli_main(["gateway", *(argv or [])])
