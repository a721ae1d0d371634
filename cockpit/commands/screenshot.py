"""Render a cockpit page to a PNG without a display: the simulated car runs to the moment you give
(as fast as it can), then the page is drawn offscreen with the software renderer.

Example: cockpit screenshot --output energy.png --page energy --scenario charging --at 300
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cockpit.vocabulary import LANGUAGES, PAGES, UNIT_SYSTEMS, Theme


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--output, --page, --scenario, --at, --size, --theme, --lang, --units, --seed, --rotation."""
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="FILE.png",
        help="the image to write: FILE.png, or FILE.jpg for JPEG",
    )
    parser.add_argument("--page", choices=PAGES, default="drive", help="the page to show (default drive)")
    parser.add_argument(
        "--scenario",
        default="demo",
        metavar="NAME",
        help="simulated scenario: city, highway, parking, arriving, charging, faults, demo",
    )
    parser.add_argument(
        "--at",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="moment of the scenario to show, in simulated seconds (default 60)",
    )
    parser.add_argument("--size", default="1920x720", metavar="WxH", help="window size (default 1920x720)")
    parser.add_argument("--theme", choices=(Theme.DAY.value, Theme.NIGHT.value), default="day")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language (default en)")
    parser.add_argument("--units", choices=UNIT_SYSTEMS, default="metric")
    parser.add_argument("--seed", type=int, default=0, help="the simulator's random seed (default 0)")
    parser.add_argument(
        "--rotation",
        type=int,
        choices=(0, 90, 180, 270),
        default=0,
        help="turn the scene clockwise, as display.rotation does on a head unit (default 0)",
    )


def run(args: argparse.Namespace) -> int:
    """Render and save; prints where the image went."""
    from cockpit.hmi.launch import use_offscreen_rendering

    use_offscreen_rendering()  # before Qt starts: never needs (or touches) a display

    from cockpit.hmi.launch import application
    from cockpit.hmi.snapshot import Shot, image_format_for, parse_size, save

    image_format_for(args.output)  # a wrong suffix fails now, not after the car has been simulated

    shot = Shot(
        output=args.output,
        page=args.page,
        scenario=args.scenario,
        at=args.at,
        size=parse_size(args.size),
        theme=args.theme,
        language=args.lang,
        units=args.units,
        seed=args.seed,
        rotation=args.rotation,
    )
    application()
    path = save(shot)
    print(f"wrote {path} ({shot.page}, {shot.scenario} at {shot.at:g} s, {shot.theme}, {shot.language})")
    return 0
