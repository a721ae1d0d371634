"""The head unit: the cockpit on the buses configured in cockpit.toml (see hw/cockpit.toml), with
reconnecting bus readers and the systemd watchdog. A missing or invalid configuration is explained.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

from cockpit.vocabulary import PAGES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --page."""
    from cockpit.commands.cluster import add_display_link_arguments
    from cockpit.config import add_config_argument

    add_config_argument(parser)
    parser.add_argument("--page", choices=PAGES, default="drive", help="the page to open on (default drive)")
    parser.add_argument(
        "--car",
        default=None,
        metavar="NAME",
        help="decode the buses as this car profile (overrides [car] profile; cockpit cars lists them)",
    )
    parser.add_argument(
        "--source",
        choices=("can", "zenoh"),
        default="can",
        help="can: read the configured buses (default); zenoh: show what `cockpit "
        "gateway` publishes, so this screen can restart while the cluster runs on",
    )
    add_display_link_arguments(parser)


def _alive_check(reader: Any) -> Callable[[], bool]:
    """The watchdog's check for one bus reader (``cockpit.bus.BusReader``): is it really running."""
    return lambda: reader.alive


def run(args: argparse.Namespace) -> int:
    """Load the configuration, start every bus and the cockpit; return when the window closes."""
    from cockpit.config import load_config
    from cockpit.errors import ConfigError

    if getattr(args, "source", "can") == "zenoh":
        return _run_from_zenoh(args)
    config = load_config(args.config, required=True)
    if not config.buses:
        raise ConfigError(
            f"{config.path}: no bus is configured; add a [buses.NAME] table (hw/cockpit.toml shows how)"
        )

    from cockpit.decode import load_vehicle_schema
    from cockpit.hmi.launch import require_display

    # Every DBC and mapping is checked before a window opens: a typo is a message, not a blank screen.
    profile = args.car or config.car.profile
    if profile:
        from cockpit.cars.buses import schemas_for_buses

        schemas = schemas_for_buses(profile, config.buses)
    else:
        schemas = {
            bus.name: load_vehicle_schema(bus.dbc, bus.mapping, stale_factor=bus.stale_factor)
            for bus in config.buses
        }
    require_display()

    from cockpit.app import configured_head_unit
    from cockpit.hmi.launch import application, exec_until_interrupted
    from cockpit.hmi.screen import Screen
    from cockpit.hmi.settings_model import SettingsModel
    from cockpit.watchdog import SystemdNotifier, Watchdog

    unit = configured_head_unit(config, schemas)
    app = application()
    notifier = SystemdNotifier()
    watchdog = Watchdog(notifier)
    try:
        defaults = config.defaults
        settings = SettingsModel(
            defaults.units, "night" if defaults.theme == "auto" else defaults.theme, defaults.language
        )
        follower = auto_theme_follower(config, unit.store, settings)
        screen = unit.add(
            Screen(
                unit,
                settings=settings,
                initial_page=args.page,
                size=config.display.size,
                rotation=config.display.rotation,
                fullscreen=config.display.fullscreen,
            )
        )
        window = screen.window

        # systemd hears READY once the first frame is on screen, not when the window is asked for.
        ready_sent: list[bool] = []

        def first_frame_shown() -> None:
            if ready_sent:  # a swap queued before the disconnect: already done
                return
            ready_sent.append(True)
            window.frameSwapped.disconnect(first_frame_shown)
            notifier.ready()

        window.frameSwapped.connect(first_frame_shown)
        heartbeat = watchdog.heartbeat("ui loop", max_age=2.0)
        for bus in unit.buses.buses:
            watchdog.register(f"bus {bus.name}", _alive_check(bus.reader))
        unit.start(defer=True)  # buses, then the screen; discovery and handoff after the first frame
        if follower is not None:
            follower.start()
        watchdog.start()
        logging.getLogger(__name__).info("cockpit running on %s", unit.buses.describe())
        return exec_until_interrupted(app, on_tick=heartbeat.beat)
    finally:
        notifier.stopping()
        watchdog.stop()
        unit.stop()  # the screen first, then handoff, discovery, the buses last
        notifier.close()


def _run_from_zenoh(args: argparse.Namespace) -> int:
    """The centre screen fed from the gateway: no bus is opened here, the signals come over Zenoh."""
    from cockpit.app.vss import display_head_unit
    from cockpit.commands.cluster import endpoints_from
    from cockpit.config import load_config
    from cockpit.hmi.launch import require_display

    config = load_config(args.config)
    require_display()

    from cockpit.hmi.launch import application, exec_until_interrupted
    from cockpit.hmi.screen import Screen
    from cockpit.hmi.settings_model import SettingsModel

    unit = display_head_unit(config, endpoints_from(args.connect), services="configured")
    app = application()
    try:
        defaults = config.defaults
        # The link is the Diagnostics page's "zenoh" bus: samples/s, malformed ones dropped, offline.
        settings = SettingsModel(
            defaults.units, "night" if defaults.theme == "auto" else defaults.theme, defaults.language
        )
        follower = auto_theme_follower(config, unit.store, settings)
        unit.add(
            Screen(
                unit,
                settings=settings,
                initial_page=args.page,
                size=config.display.size,
                rotation=config.display.rotation,
                fullscreen=config.display.fullscreen,
                title="Cockpit",
            )
        )
        unit.start(defer=True)  # the link, then the screen; discovery and handoff after the first frame
        if follower is not None:
            follower.start()
        logging.getLogger(__name__).info(
            "cockpit running from Zenoh (%s)", ", ".join(unit.part("vss").endpoints())
        )
        return exec_until_interrupted(app)
    finally:
        unit.stop()  # the screen first, the link last


def auto_theme_follower(config, store, settings):
    """For ``theme = "auto"``: a follower of the headlamps (or the sun at [defaults] latitude and
    longitude) that has already set the first theme; None for a fixed theme."""
    if config.defaults.theme != "auto":
        return None
    import time

    from cockpit.daylight import LOW_BEAM, AutoTheme
    from cockpit.hmi.auto_theme import AutoThemeFollower

    auto = AutoTheme(config.defaults.latitude, config.defaults.longitude)
    low_beam = (lambda: store.read(LOW_BEAM)) if LOW_BEAM in store else (lambda: None)
    return AutoThemeFollower(settings, auto.follow(time.time, low_beam))
