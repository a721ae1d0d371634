"""The instrument cluster in a window of its own, fed only from the vehicle's Zenoh link (what
``cockpit gateway`` publishes): speed, gear, range and charge, telltales, the ADAS warning and the
turn signals. It keeps showing the car while the centre screen restarts; when the gateway stops,
every value turns to a dash within its timeout. Needs a display (or Xvfb, or --screenshot).
"""

from __future__ import annotations

import argparse
import logging

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --connect, --theme, --lang, --units, --size, --fullscreen, --screenshot."""
    from cockpit.config import add_config_argument

    add_config_argument(parser)
    add_display_link_arguments(parser)
    parser.add_argument("--theme", choices=("day", "night"), default=None, help="default: [defaults] theme")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default=None, help="default: [defaults] language")
    parser.add_argument("--units", choices=("metric", "imperial"), default=None)
    parser.add_argument("--size", default="1280x480", metavar="WxH", help="window size (default 1280x480)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument(
        "--screenshot",
        default=None,
        metavar="FILE.png",
        help="render offscreen, save FILE.png after --after seconds, and exit",
    )
    parser.add_argument(
        "--after",
        type=float,
        default=2.0,
        metavar="S",
        help="seconds of live signals before the screenshot (default 2)",
    )


def add_display_link_arguments(parser: argparse.ArgumentParser) -> None:
    """--connect: the endpoint a display dials (shared by ``cluster`` and ``run --source zenoh``)."""
    parser.add_argument(
        "--connect",
        action="append",
        default=None,
        metavar="ENDPOINT",
        help="the gateway's (or router's) Zenoh endpoint, e.g. tcp/127.0.0.1:7447 "
        "(repeatable; default: [zenoh] connect, else [zenoh] listen)",
    )


def endpoints_from(connect: list[str] | None) -> tuple[str, ...] | None:
    """``--connect`` checked: a clear error for an endpoint that does not parse."""
    from cockpit.config import check_endpoint
    from cockpit.errors import ConfigError

    if not connect:
        return None
    return tuple(check_endpoint(e, lambda problem: ConfigError(f"--connect: {problem}")) for e in connect)


def run(args: argparse.Namespace) -> int:
    """Open the link and the cluster window; return when it closes."""
    import re

    from cockpit.config import load_config
    from cockpit.errors import CockpitError
    from cockpit.hmi.launch import require_display, use_offscreen_rendering

    config = load_config(args.config)
    match = re.match(r"^(\d+)x(\d+)$", args.size)
    if not match:
        raise CockpitError(f"--size {args.size!r}: write WIDTHxHEIGHT, e.g. 1280x480")
    size = (int(match.group(1)), int(match.group(2)))
    connect = endpoints_from(args.connect)  # a typo is a message before any window
    if args.screenshot:
        use_offscreen_rendering()
    else:
        require_display()

    from cockpit.app.vss import display_head_unit
    from cockpit.hmi.cluster import Cluster
    from cockpit.hmi.launch import application, exec_until_interrupted
    from cockpit.hmi.settings_model import SettingsModel

    defaults = config.defaults
    theme = args.theme or (defaults.theme if defaults.theme in ("day", "night") else "night")
    settings = SettingsModel(args.units or defaults.units, theme, args.lang or defaults.language)
    unit = display_head_unit(config, connect)
    app = application()
    unit.start()
    link = unit.part("vss")
    cluster = Cluster(unit.store, link.subscriber, link.opener, settings=settings)
    try:
        window = cluster.load(size)
        cluster.start()
        window.setTitle("Cockpit instrument cluster")
        if args.screenshot:
            if not cluster.save_after(args.after, args.screenshot):
                raise CockpitError(f"{args.screenshot}: could not write the image")
            return 0
        window.showFullScreen() if args.fullscreen else window.show()
        return exec_until_interrupted(app)
    finally:
        cluster.close()
        unit.stop()
