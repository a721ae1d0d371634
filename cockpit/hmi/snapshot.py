"""Headless pictures of the cockpit: the simulated car driven to a moment as fast as it can, then
one page rendered offscreen to a PNG. Used by ``cockpit screenshot``, the README and the tests.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

# Before any window is made: its wrapper is then a QQuickWindow, whose grabWindow() a screenshot
# needs (the head unit does not import PySide6.QtQuick; a wrapper's type is fixed when it is made).
import PySide6.QtQuick  # noqa: F401  isort: skip

from cockpit.errors import CockpitError
from cockpit.hmi.app import PAGES, Cockpit
from cockpit.hmi.settings_model import SettingsModel

log = logging.getLogger(__name__)

HISTORY_STEP_S = 0.5  # the store is read (and the plots sampled) this often while fast-forwarding


@dataclass(frozen=True)
class Shot:
    """What to photograph: a page, at a moment of a scenario, in a size, theme and language."""

    output: Path
    page: str = "drive"
    scenario: str = "demo"
    at: float = 60.0
    size: tuple[int, int] = (1920, 720)
    theme: str = "day"
    language: str = "en"
    units: str = "metric"
    seed: int = 0
    rotation: int = 0  # degrees clockwise, as display.rotation in cockpit.toml
    cards: bool = True  # the Drive page's cards hold the demo's route and track (cockpit.hmi.demo_cards)


def parse_size(text: str) -> tuple[int, int]:
    """``1920x720`` -> (1920, 720); a CockpitError says what a size looks like otherwise."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or int(width) < 320 or int(height) < 120:
        raise CockpitError(f"size {text!r} is not WIDTHxHEIGHT in pixels (at least 320x120), e.g. 1920x720")
    return int(width), int(height)


def render(shot: Shot, schema: Any | None = None) -> QImage:
    """Drive the simulated car to ``shot.at`` and render ``shot.page``; needs a QGuiApplication.

    ``schema`` is the vehicle schema (the reference car's when None); the head unit
    (``cockpit.app``) decodes, this module only draws.
    """
    from cockpit.app import fast_forward_head_unit

    if shot.page not in PAGES:
        raise CockpitError(f"page {shot.page!r} does not exist; choose one of {', '.join(PAGES)}")
    if shot.at < 0:
        raise CockpitError(f"--at {shot.at} is before the scenario starts; give seconds >= 0")
    unit = fast_forward_head_unit(schema, shot.scenario, shot.seed).start()
    drive = unit.part("sim")
    from cockpit.app.build import demo_sessions
    from cockpit.hmi.demo_cards import DemoCards

    clock = unit.store.clock
    cards = DemoCards(unit.store, clock, demo_sessions(clock())) if shot.cards else None
    cockpit = Cockpit(
        unit.store,
        buses=[drive.feed()],
        settings=SettingsModel(shot.units, shot.theme, shot.language),
        initial_page=shot.page,
        services={"handoff": cards.model} if cards else None,
    )
    try:
        window = cockpit.load(shot.size, rotation=shot.rotation)
        # Fast-forward: feed the frames in slices, reading the store after each, so the plots
        # get the history a driver would have seen; staleness is judged at simulated time.
        # The bus statistics are sampled in simulated time too: frames per second over the last
        # simulated second, not over the milliseconds the fast-forward took.
        bus_stats = cockpit.models.bus_stats
        rate_from = max(0.0, shot.at - 1.0)
        t = 0.0
        while True:
            t = min(t + HISTORY_STEP_S, rate_from if t < rate_from else shot.at)
            drive.advance(t)
            cockpit.tick(t)
            if cards is not None:
                cards.advance(t)
            if t == rate_from:
                bus_stats.sample(t)
            if t >= shot.at:
                break
        bus_stats.sample(shot.at)
        cockpit.tick(shot.at)
        window.show()
        image = _settled_image(window)
        if cockpit.load_warnings:
            log.warning("QML warnings while rendering: %s", "; ".join(cockpit.load_warnings))
        return image
    finally:
        cockpit.close()
        unit.stop()


def _settled_image(window: Any) -> QImage:
    # Canvas plots paint on the frame after they are asked to; render until two frames agree.
    previous = None
    image = None
    for _ in range(6):
        QCoreApplication.processEvents()
        image = window.grabWindow()
        if previous is not None and image == previous:
            break
        previous = image
    assert image is not None
    return image


IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def image_format_for(path: Path) -> str:
    """The image format a file name asks for; CockpitError lists the ones written otherwise."""
    try:
        return IMAGE_FORMATS[path.suffix.lower()]
    except KeyError:
        raise CockpitError(
            f"{path}: cannot tell the image format from {path.suffix or 'no suffix'!r}; "
            f"end the name with {', '.join(IMAGE_FORMATS)}"
        ) from None


def save(shot: Shot, schema: Any | None = None) -> Path:
    """Render ``shot`` and write it as PNG or JPEG (by the file's suffix); CockpitError names the
    file if it cannot be written."""
    image_format = image_format_for(shot.output)
    image = render(shot, schema)
    shot.output.parent.mkdir(parents=True, exist_ok=True)
    # PySide6's stub types the format as bytes, but at run time only a str is accepted (6.11).
    if not image.save(str(shot.output), image_format):  # type: ignore[call-overload]
        raise CockpitError(f"cannot write {shot.output}: check the folder exists and is writable")
    return shot.output
