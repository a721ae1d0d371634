"""The head unit: the cockpit on the buses configured in cockpit.toml (see hw/cockpit.toml), with
reconnecting bus readers and the systemd watchdog. A missing or invalid configuration is explained.
"""

from __future__ import annotations

import argparse
import logging

PAGES = ("drive", "energy", "adas", "devices", "diagnostics", "settings")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --page."""
    from cockpit.commands.cluster import add_display_link_arguments
    from cockpit.config import add_config_argument

    add_config_argument(parser)
    parser.add_argument("--page", choices=PAGES, default="drive", help="the page to open on (default drive)")
    parser.add_argument("--source", choices=("can", "zenoh"), default="can",
                        help="can: read the configured buses (default); zenoh: show what `cockpit "
                             "gateway` publishes, so this screen can restart while the cluster runs on")
    add_display_link_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Load the configuration, start every bus and the cockpit; return when the window closes."""
    from cockpit.config import load_config
    from cockpit.errors import ConfigError

    if getattr(args, "source", "can") == "zenoh":
        return _run_from_zenoh(args)
    config = load_config(args.config, required=True)
    if not config.buses:
        raise ConfigError(f"{config.path}: no bus is configured; add a [buses.NAME] table (hw/cockpit.toml shows how)")

    from cockpit.decode import load_vehicle_schema
    from cockpit.hmi.launch import require_display

    # Every DBC and mapping is checked before a window opens: a typo is a message, not a blank screen.
    schemas = {bus.name: load_vehicle_schema(bus.dbc, bus.mapping, stale_factor=bus.stale_factor)
               for bus in config.buses}
    require_display()

    from cockpit.hmi.app import Cockpit
    from cockpit.hmi.launch import application, exec_until_interrupted, start_buses, stop_buses
    from cockpit.hmi.services import ServiceContext, service_objects, start_services, stop_services
    from cockpit.hmi.settings_model import SettingsModel
    from cockpit.signals import SignalStore
    from cockpit.watchdog import SystemdNotifier, Watchdog

    store = SignalStore()
    for schema in schemas.values():
        for spec in schema.signal_specs():
            store.declare(spec)  # one store; a path on two buses keeps its first declaration
    app = application()
    notifier = SystemdNotifier()
    watchdog = Watchdog(notifier)
    buses = start_buses(config.buses, store, schemas)
    services: list = []
    cockpit = None
    try:
        defaults = config.defaults
        cockpit = Cockpit(store, buses=[bus.feed() for bus in buses],
                          settings=SettingsModel(defaults.units, defaults.theme, defaults.language),
                          initial_page=args.page)
        window = cockpit.load(config.display.size, rotation=config.display.rotation)

        def start_configured_services() -> None:  # after the first frame: the car's state comes first
            services.extend(start_services(ServiceContext(store, config=config, demo=False)))
            cockpit.attach_services(service_objects(services))

        cockpit.after_first_frame(start_configured_services)
        heartbeat = watchdog.heartbeat("ui loop", max_age=2.0)
        for bus in buses:
            watchdog.register(f"bus {bus.name}", lambda reader=bus.reader: reader.alive)
        cockpit.start()
        # systemd hears READY once the first frame is on screen, not when the window is asked for.
        def first_frame_shown() -> None:
            window.frameSwapped.disconnect(first_frame_shown)
            notifier.ready()

        window.frameSwapped.connect(first_frame_shown)
        window.showFullScreen() if config.display.fullscreen else window.show()
        watchdog.start()
        logging.getLogger(__name__).info("cockpit running on %s",
                                         ", ".join(f"{b.name} ({b.describe()})" for b in config.buses))
        return exec_until_interrupted(app, on_tick=heartbeat.beat)
    finally:
        notifier.stopping()
        watchdog.stop()
        stop_buses(buses)
        stop_services(services)
        if cockpit is not None:
            cockpit.close()
        notifier.close()


def _run_from_zenoh(args: argparse.Namespace) -> int:
    """The centre screen fed from the gateway: no bus is opened here, the signals come over Zenoh."""
    from cockpit.commands.cluster import start_display_link
    from cockpit.config import load_config
    from cockpit.hmi.launch import require_display

    config = load_config(args.config)
    require_display()

    from cockpit.hmi.app import BusFeed, Cockpit
    from cockpit.hmi.launch import application, exec_until_interrupted
    from cockpit.hmi.services import ServiceContext, service_objects, start_services, stop_services
    from cockpit.hmi.settings_model import SettingsModel

    app = application()
    store, subscriber, opener = start_display_link(config, args.connect)
    services: list = []
    cockpit = None
    try:
        defaults = config.defaults
        theme = defaults.theme if defaults.theme in ("day", "night") else "night"
        # The link is the Diagnostics page's "zenoh" bus: samples/s, malformed ones dropped, offline.
        feed = BusFeed("zenoh", subscriber.stats, lambda: subscriber.link_state())
        cockpit = Cockpit(store, buses=[feed], settings=SettingsModel(defaults.units, theme, defaults.language),
                          initial_page=args.page)
        window = cockpit.load(config.display.size, rotation=config.display.rotation)

        def start_configured_services() -> None:
            services.extend(start_services(ServiceContext(store, config=config, demo=False)))
            cockpit.attach_services(service_objects(services))

        cockpit.after_first_frame(start_configured_services)
        cockpit.start()
        window.setTitle("Cockpit")
        window.showFullScreen() if config.display.fullscreen else window.show()
        logging.getLogger(__name__).info("cockpit running from Zenoh (%s)", ", ".join(
            args.connect or config.zenoh.display_endpoints))
        return exec_until_interrupted(app)
    finally:
        stop_services(services)
        if cockpit is not None:
            cockpit.close()
        subscriber.close()
        opener.close()
