"""A Zenoh router with the cockpit's access control, for a car whose displays run on other
computers: ``python -m cockpit.vss.router --config cockpit.toml``.

It listens on ``[zenoh] listen``, lets in only the users of the credentials file, and refuses
``vss/**`` writes from every user but the writers (the gateway). Runs until SIGINT or SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from cockpit.config import load_config
from cockpit.errors import CockpitError
from cockpit.vss.session import ROUTER, open_session


def main(argv: Sequence[str] | None = None) -> int:
    """Open the router session and wait."""
    parser = argparse.ArgumentParser(prog="python -m cockpit.vss.router", description=__doc__.splitlines()[0])
    parser.add_argument("--config", metavar="PATH", default=None, help="cockpit.toml with the [zenoh] table")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config).zenoh
        session = open_session(config, ROUTER)
    except CockpitError as exc:
        print(f"cockpit router: error: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    print(f"router listening on {', '.join(config.listen)}", flush=True)
    done.wait()
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
