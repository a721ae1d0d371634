"""Bus options shared by the commands that open a bus (``sim``, ``monitor``, ``record``).

``add_bus_arguments(parser)`` adds ``--interface --channel --bitrate --fd --data-bitrate``;
``bus_config_from_args(args)`` turns them into a ``BusConfig`` (so the same registry opens it as a
configured bus) and ``open_bus_from_args(args)`` opens it.
"""

from __future__ import annotations

import argparse

import can

from cockpit.bus.kinds import open_bus
from cockpit.config import BusConfig

DEFAULT_INTERFACE = "virtual"
DEFAULT_CHANNEL = "cockpit"


def add_bus_arguments(
    parser: argparse.ArgumentParser,
    *,
    default_interface: str = DEFAULT_INTERFACE,
    default_channel: str | None = DEFAULT_CHANNEL,
) -> None:
    """Add the bus options to a command's parser (defaults: the in-process virtual bus "cockpit")."""
    group = parser.add_argument_group("bus")
    group.add_argument(
        "--interface",
        default=default_interface,
        metavar="NAME",
        help=f"python-can interface: virtual, socketcan, slcan, ... (default: {default_interface})",
    )
    group.add_argument(
        "--channel",
        default=default_channel,
        metavar="CHANNEL",
        help=f"channel of that interface: can0, /dev/ttyACM0, ... (default: {default_channel})",
    )
    group.add_argument(
        "--bitrate",
        type=int,
        default=None,
        metavar="BIT/S",
        help="classic (arbitration) bitrate, e.g. 500000",
    )
    group.add_argument("--fd", action="store_true", help="open the bus as CAN FD")
    group.add_argument(
        "--data-bitrate",
        type=int,
        default=None,
        metavar="BIT/S",
        help="CAN FD data-phase bitrate, e.g. 2000000 (implies --fd)",
    )


def bus_config_from_args(args: argparse.Namespace, name: str = "cli") -> BusConfig:
    """The ``BusConfig`` the bus options describe."""
    data_bitrate = getattr(args, "data_bitrate", None)
    return BusConfig(
        name=name,
        interface=args.interface,
        channel=args.channel,
        bitrate=getattr(args, "bitrate", None),
        fd=bool(getattr(args, "fd", False) or data_bitrate),
        data_bitrate=data_bitrate,
    )


def open_bus_from_args(args: argparse.Namespace, name: str = "cli") -> can.BusABC:
    """Open the bus the options describe; BusError (printed as one line by the CLI) if it cannot."""
    return open_bus(bus_config_from_args(args, name))
