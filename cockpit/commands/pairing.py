"""List or forget the devices this cockpit (or companion) is paired with.

``cockpit pairing list`` shows each paired device's id, name, key fingerprint and when it was
paired; ``cockpit pairing forget ID`` unpins it: from its next connection it is a stranger again
and has to pair anew. A running cockpit or companion notices the change without a restart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from cockpit.handoff.errors import HandoffError
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.trust import PairedDevices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``list [--json]`` and ``forget ID``, each with ``--state-dir``."""
    parser.add_argument("--state-dir", help="where keys and pins live (default $XDG_STATE_HOME/cockpit)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the paired devices")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    forget = actions.add_parser("forget", help="forget a paired device")
    forget.add_argument("device_id", metavar="ID", help="the device id shown by 'cockpit pairing list'")


def run(args: argparse.Namespace) -> int:
    """List or forget."""
    paired = PairedDevices(StateDir(args.state_dir))
    if args.action == "forget":
        try:
            device = paired.forget(args.device_id)
        except KeyError as exc:
            raise HandoffError(f"{exc.args[0]}; see 'cockpit pairing list'") from None
        print(f"forgot {device.name} ({device.device_id})")
        return 0
    devices = paired.list()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "device_id": d.device_id,
                        "name": d.name,
                        "fingerprint": d.fingerprint,
                        "paired_at": dt.datetime.fromtimestamp(d.paired_at, dt.UTC).isoformat()
                        if d.paired_at
                        else None,
                    }
                    for d in devices
                ],
                indent=1,
            )
        )
        return 0
    if not devices:
        print(f"no paired devices (in {paired.path})")
        return 0
    for d in devices:
        when = (
            dt.datetime.fromtimestamp(d.paired_at).strftime("%Y-%m-%d %H:%M")
            if d.paired_at
            else "(date unknown)"
        )
        print(f"{d.device_id}  {d.name:<24}  paired {when}  key {d.fingerprint[:32]}…")
    return 0
