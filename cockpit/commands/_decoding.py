"""Options and set-up shared by the commands that decode (``monitor``, ``sim``, ``screenshot``...)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cockpit.decode.schema import DEFAULT_STALE_FACTOR, VehicleSchema, load_vehicle_schema
from cockpit.errors import MappingError


def add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--dbc``, ``--mapping`` and ``--stale-factor`` (default: the reference vehicle)."""
    group = parser.add_argument_group("vehicle schema")
    group.add_argument("--dbc", type=Path, default=None, metavar="FILE",
                       help="DBC file (default: the reference vehicle, can_dbc/cockpit_ev.dbc)")
    group.add_argument("--mapping", type=Path, default=None, metavar="FILE",
                       help="KUKSA dbc2vss mapping: VSS JSON or .vspec overlay "
                            "(default: can_dbc/cockpit_ev.vss.json)")
    group.add_argument("--stale-factor", type=float, default=DEFAULT_STALE_FACTOR, metavar="N",
                       help=f"a signal is stale after N cycle times without update (default {DEFAULT_STALE_FACTOR:g})")


def schema_from_args(args: argparse.Namespace) -> VehicleSchema:
    """Load the schema the options name; DbcError/MappingError name the file and line."""
    if args.dbc is not None and args.mapping is None:
        # A user's own DBC needs its own mapping: ours names signals their DBC does not have.
        raise MappingError(f"--dbc {args.dbc} needs --mapping too: a KUKSA dbc2vss mapping (VSS JSON or "
                           ".vspec) that names that DBC's signals")
    return load_vehicle_schema(args.dbc, args.mapping, stale_factor=args.stale_factor)
