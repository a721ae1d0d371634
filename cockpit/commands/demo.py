"""The cockpit on a simulated car: the simulator drives a virtual CAN bus (a channel of its own) and
the cockpit reads it exactly as it reads a real car. By default a loop of scenarios (city, highway,
parking, charging) so every page shows something alive. Needs a display (or Xvfb).
"""

from __future__ import annotations

import argparse
import logging

from cockpit.vocabulary import LANGUAGES, PAGES, UNIT_SYSTEMS, Theme


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--scenario, --page, --fullscreen, --theme, --lang, --units, --seed."""
    parser.add_argument(
        "--scenario",
        default="demo",
        metavar="NAME",
        help="city, highway, parking, arriving, charging, faults, or demo (a loop; default)",
    )
    parser.add_argument("--page", choices=PAGES, default="drive", help="the page to open on (default drive)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument("--theme", choices=(Theme.DAY.value, Theme.NIGHT.value), default="night")
    parser.add_argument("--lang", choices=LANGUAGES, default="en")
    parser.add_argument("--units", choices=UNIT_SYSTEMS, default="metric")
    parser.add_argument("--seed", type=int, default=0, help="the simulator's random seed")
    parser.add_argument(
        "--car",
        default=None,
        metavar="NAME",
        help="drive as a car profile (cockpit cars lists them): the cockpit reads that car's "
        "real frames (its opendbc DBC, checksums, counters)",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="the gateway, the centre display and the instrument cluster as three "
        "processes linked by Zenoh: kill the centre display, the cluster goes on",
    )
    # The centre display of --split: the demo's screen and services, its signals from this endpoint.
    parser.add_argument("--zenoh-connect", default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    """Start the simulator, the bus reader and the cockpit; return when the window closes."""
    from cockpit.hmi.launch import require_display

    require_display()  # before Qt: a missing display is advice, not an abort
    if args.split:
        from cockpit.commands.demo_split import run_split

        return run_split(args)

    from cockpit.app import demo_head_unit
    from cockpit.decode import load_vehicle_schema
    from cockpit.hmi.launch import application, exec_until_interrupted
    from cockpit.hmi.screen import Screen
    from cockpit.hmi.settings_model import SettingsModel

    if args.zenoh_connect:  # the split demo's centre display: its car comes over Zenoh
        from cockpit.app.vss import display_head_unit
        from cockpit.config import CockpitConfig

        unit = display_head_unit(CockpitConfig(), (args.zenoh_connect,), services="demo")
    elif args.car:
        from cockpit.cars.drive import profile_demo_car

        schema, car = profile_demo_car(args.car, args.scenario, args.seed)  # that car's real frames
        unit = demo_head_unit(schema, args.scenario, args.seed, car=car)
    else:
        unit = demo_head_unit(load_vehicle_schema(), args.scenario, args.seed)
    app = application()
    try:
        unit.add(
            Screen(
                unit,
                settings=SettingsModel(args.units, args.theme, args.lang),
                initial_page=args.page,
                fullscreen=args.fullscreen,
                title="Cockpit demo",
            )
        )
        # The simulated car drives its virtual channel, the screen reads it; the household, phone and
        # TV come up a moment after the first frame.
        unit.start(defer=True)
        if unit.part("sim") is not None:
            logging.getLogger(__name__).info(
                "cockpit demo running: scenario %s on virtual CAN channel %s",
                args.scenario,
                unit.part("sim").channel,
            )
        return exec_until_interrupted(app)
    finally:
        unit.stop()  # the screen first, then handoff, discovery, the simulator, the bus last
