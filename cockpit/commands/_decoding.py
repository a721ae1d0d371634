"""Options and set-up shared by the commands that decode (``monitor``, ``sim``, ``screenshot``...)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import can

from cockpit.decode.schema import DEFAULT_STALE_FACTOR, VehicleSchema, load_vehicle_schema
from cockpit.errors import CockpitError, MappingError


def add_schema_arguments(parser: argparse.ArgumentParser, auto: bool = True) -> None:
    """Add ``--dbc`` (repeatable), ``--mapping``, ``--car`` and ``--stale-factor``."""
    group = parser.add_argument_group("vehicle schema")
    group.add_argument(
        "--dbc",
        type=Path,
        default=None,
        action="append",
        metavar="FILE",
        help="DBC file; repeat for a bus that several DBCs describe (default: the reference "
        "vehicle, can_dbc/cockpit_ev.dbc)",
    )
    group.add_argument(
        "--mapping",
        type=Path,
        default=None,
        metavar="FILE",
        help="KUKSA dbc2vss mapping: VSS JSON or .vspec overlay (default: can_dbc/cockpit_ev.vss.json)",
    )
    group.add_argument(
        "--car",
        default=None,
        metavar="NAME" + ("|auto" if auto else ""),
        help="a car profile from opendbc instead of --dbc/--mapping (cockpit cars lists them)"
        + ("; auto: recognise it from the first 2 s of frames" if auto else ""),
    )
    group.add_argument(
        "--stale-factor",
        type=float,
        default=DEFAULT_STALE_FACTOR,
        metavar="N",
        help=f"a signal is stale after N cycle times without update (default {DEFAULT_STALE_FACTOR:g})",
    )


def schema_from_args(args: argparse.Namespace) -> VehicleSchema:
    """Load the schema the options name; DbcError/MappingError name the file and line."""
    if args.dbc and args.mapping is None:
        # A user's own DBC needs its own mapping: ours names signals their DBC does not have.
        raise MappingError(
            f"--dbc {args.dbc[0]} needs --mapping too: a KUKSA dbc2vss mapping (VSS JSON or "
            ".vspec) that names that DBC's signals"
        )
    return load_vehicle_schema(args.dbc or None, args.mapping, stale_factor=args.stale_factor)


@dataclass
class Decoding:
    """What the options ask to decode: one schema per bus (with the channels it answers to)."""

    buses: list[tuple[str, tuple[Any, ...], VehicleSchema]]  # (bus name, channel names, schema)
    unavailable: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    profile: Any = None  # cockpit.cars.CarProfile
    recognition: str = ""


def decoding_from_args(
    args: argparse.Namespace, first_frames: Iterable[can.Message] | None = None
) -> Decoding:
    """The buses to decode: ``--car NAME`` (or ``auto``, from ``first_frames``), else --dbc/--mapping."""
    car = getattr(args, "car", None)
    if car is None:
        schema = schema_from_args(args)
        return Decoding([("vehicle", (), schema)], dict(schema.unavailable), list(schema.warnings))
    if args.dbc or args.mapping:
        raise CockpitError(
            "--car takes the DBCs and the mapping from the car profile; leave out --dbc/--mapping"
        )
    from cockpit.cars import car_schemas, get_profile, profiles

    recognition = ""
    if car == "auto":
        from cockpit.cars.fingerprint import FINGERPRINT_WINDOW_S, recognise

        if first_frames is None:
            raise CockpitError("--car auto needs frames to look at: a bus or --replay; or give --car NAME")
        seen: set[int] = set()
        start = None
        for msg in first_frames:
            start = msg.timestamp if start is None else start
            if msg.timestamp - start > FINGERPRINT_WINDOW_S:
                break
            if not (msg.is_error_frame or msg.is_remote_frame):
                seen.add(msg.arbitration_id)
        outcome = recognise(seen, profiles().values())
        if outcome.profile is None:
            raise CockpitError(f"--car auto: {outcome.reason}; give --car NAME if you know the car")
        profile = outcome.profile
        recognition = outcome.reason
        print(f"cockpit: --car auto: {recognition}", file=sys.stderr)
    else:
        profile = get_profile(car)
    ready = car_schemas(profile, stale_factor=args.stale_factor)
    buses = [
        (bus.name, (bus.name, bus.number, f"can{bus.number}", f"vcan{bus.number}"), ready.schemas[bus.name])
        for bus in profile.buses
        if bus.name in ready.schemas
    ]
    unavailable = dict(ready.unavailable)
    for _, _, schema in buses:
        unavailable.update(schema.unavailable)
    return Decoding(buses, unavailable, list(ready.warnings), profile, recognition)
