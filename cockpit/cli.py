"""The ``cockpit`` command: a thin front over subcommand modules.

Each subcommand lives in ``cockpit.commands.<name>`` with two functions, ``add_arguments(parser)``
and ``run(args) -> int``. Only the command asked for is imported (``cockpit --help`` imports them
all, to list the ones that cannot load), so a command whose optional dependencies are missing (Qt on
a server, say) never takes the others down, and ``cockpit run`` on a head unit never holds the
simulator, the phone companion or the Zenoh gateway in its memory.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from cockpit import __version__
from cockpit.errors import CockpitError

# name -> (module, one-line help). A registry rather than an if-chain, as python-can does for buses.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("cockpit.commands.demo", "the cockpit on a simulated car, with a simulated phone"),
    "run": ("cockpit.commands.run", "the head unit: the cockpit on the configured buses"),
    "sim": ("cockpit.commands.sim", "drive the simulated car onto a bus or into a log"),
    "monitor": ("cockpit.commands.monitor", "live VSS signals with their status, or a log replay"),
    "cars": ("cockpit.commands.cars", "the car profiles (opendbc DBCs, VSS paths provided and lacking)"),
    "record": ("cockpit.commands.record", "record a bus to a candump .log, .asc or .blf file"),
    "screenshot": ("cockpit.commands.screenshot", "render a cockpit page to a PNG, headless"),
    "devices": ("cockpit.commands.devices", "list the devices discovery sees now"),
    "companion": ("cockpit.commands.companion", "the phone side of handoff, for demos and tests"),
    "pairing": ("cockpit.commands.pairing", "list or forget paired devices"),
    "gateway": ("cockpit.commands.gateway", "headless: the buses' signals onto Zenoh (vss/**)"),
    "cluster": ("cockpit.commands.cluster", "the instrument cluster, fed only from Zenoh"),
}


DESCRIPTION = (
    "A smart-cockpit head unit for an electric car: the cockpit screen on a real or simulated "
    "CAN bus, the bus tools behind it, nearby Xiaomi devices and handoff to a paired phone."
)
EPILOG = (
    "Start with `cockpit demo` (a simulated car). `cockpit COMMAND --help` shows a command's "
    "options; README.md has examples and hw/cockpit.toml a documented configuration."
)


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, or None (no command, a typo, or only top-level options).

    The top level's options take no value, so the first word that is not an option is the command.
    """
    for word in argv:
        if word == "--":
            break
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser: every subcommand, and the arguments of ``only`` (else of all).

    A command other than ``only`` is listed with its help but not imported.
    """
    parser = argparse.ArgumentParser(prog="cockpit", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"cockpit {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=help_text)
            continue
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:  # noqa: BLE001 - a broken command must not break the CLI
            sub.add_parser(name, help=f"(unavailable: {exc})")
            continue
        command_parser = sub.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(command_parser)
        command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cockpit`` console script."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=chosen_command(words))
    args = parser.parse_args(words)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    run = getattr(args, "_run", None)
    if run is None:
        if args.command:
            print(
                f"cockpit {args.command}: this command could not be loaded (see cockpit --help)",
                file=sys.stderr,
            )
            return 2
        parser.print_help()
        return 2
    try:
        return int(run(args) or 0)
    except CockpitError as exc:
        print(f"cockpit {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
