"""List the Xiaomi devices and handoff peers discovery finds over mDNS within a time.

Browses only the interfaces given (default 127.0.0.1); says which ones when it finds nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from cockpit.discovery.browser import DeviceBrowser
from cockpit.discovery.device import Device
from cockpit.discovery.directory import DeviceDirectory
from cockpit.discovery.interfaces import DEFAULT_INTERFACES, MdnsInterfaces, resolve_interfaces

_KIND_LABELS = {
    "phone": "phone",
    "tv": "TV",
    "speaker": "speaker",
    "vacuum": "robot vacuum",
    "air_purifier": "air purifier",
    "hub": "hub",
    "light": "light",
    "camera": "camera",
    "plug": "plug",
    "other": "other",
}


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--timeout {text!r} is not a number of seconds") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"--timeout {value} must be more than 0 and at most 600 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``cockpit devices``."""
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument(
        "--timeout",
        type=_timeout,
        default=3.0,
        metavar="S",
        help="how long to listen, in seconds (default 3)",
    )
    parser.add_argument(
        "--mdns-interface",
        action="append",
        metavar="X",
        dest="mdns_interfaces",
        help="address, interface name or 'all' to browse on; repeatable (default 127.0.0.1 only)",
    )


def discover(interfaces: list[str], timeout: float) -> tuple[list[Device], DeviceDirectory, MdnsInterfaces]:
    """Browse for ``timeout`` seconds; returns the devices, the directory and the interfaces browsed."""
    resolved = resolve_interfaces(interfaces)
    directory = DeviceDirectory()
    with DeviceBrowser(directory, resolved):
        time.sleep(timeout)
    return directory.devices(), directory, resolved


def _ago(seconds: float) -> str:
    return "now" if seconds < 1 else f"{seconds:.0f} s ago"


def run(args: argparse.Namespace) -> int:
    """Browse, then print the devices as a table or JSON."""
    interfaces = args.mdns_interfaces or list(DEFAULT_INTERFACES)
    devices, directory, resolved = discover(interfaces, args.timeout)
    browsed = resolved.describe()
    now = directory.now()
    if args.json:
        json.dump(
            {
                "interfaces": list(resolved.requested),
                "addresses": list(resolved.addresses),
                "timeout_s": args.timeout,
                "devices": [d.to_json(now) for d in devices],
                "skipped_records": directory.rejections(),
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return 0

    from rich.console import Console
    from rich.table import Table

    # Piped output would otherwise be squeezed into 80 columns and wrap every cell.
    console = Console(width=None if sys.stdout.isatty() else 160)
    if not devices:
        console.print(
            f"No devices found in {args.timeout:g} s on mDNS interface(s) {browsed}. "
            "Use --mdns-interface (an address, an interface name or 'all') to browse elsewhere."
        )
        return 0
    table = Table(title=f"Devices on {browsed}")
    for column in ("", "Name", "Kind", "Model", "Address", "Service types", "Seen", "Id"):
        table.add_column(column)
    for device in devices:
        address = ", ".join(device.addresses) or "-"
        table.add_row(
            "★" if device.paired else "",
            device.name,
            _KIND_LABELS.get(device.kind.value, device.kind.value),
            device.model or "-",
            f"{address}:{device.port}",
            " ".join(t.split(".")[0].lstrip("_") for t in sorted(device.service_types)),
            _ago(now - device.last_seen),
            device.id,
        )
    console.print(table)
    skipped = sum(directory.rejections().values())
    if skipped:
        console.print(f"{skipped} malformed or unrecognised record(s) skipped or cleaned.")
    return 0
