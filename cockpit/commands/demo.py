"""The cockpit on a simulated car: the simulator drives a virtual CAN bus (a channel of its own) and
the cockpit reads it exactly as it reads a real car. By default a loop of scenarios (city, highway,
parking, charging) so every page shows something alive. Needs a display (or Xvfb).
"""

from __future__ import annotations

import argparse
import logging
import os
import uuid

PAGES = ("drive", "energy", "adas", "devices", "diagnostics", "settings")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--scenario, --page, --fullscreen, --theme, --lang, --units, --seed."""
    parser.add_argument("--scenario", default="demo", metavar="NAME",
                        help="city, highway, parking, arriving, charging, faults, or demo (a loop; default)")
    parser.add_argument("--page", choices=PAGES, default="drive", help="the page to open on (default drive)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosk)")
    parser.add_argument("--theme", choices=("day", "night"), default="night")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en")
    parser.add_argument("--units", choices=("metric", "imperial"), default="metric")
    parser.add_argument("--seed", type=int, default=0, help="the simulator's random seed")
    parser.add_argument("--car", default=None, metavar="NAME",
                        help="drive as a car profile (cockpit cars lists them): the cockpit reads that car's "
                             "real frames (its opendbc DBC, checksums, counters)")


def run(args: argparse.Namespace) -> int:
    """Start the simulator, the bus reader and the cockpit; return when the window closes."""
    from cockpit.hmi.launch import require_display

    require_display()  # before Qt: a missing display is advice, not an abort

    import can

    from cockpit.config import BusConfig
    from cockpit.decode import load_vehicle_schema
    from cockpit.errors import CockpitError
    from cockpit.hmi.app import Cockpit
    from cockpit.hmi.launch import application, exec_until_interrupted, start_buses, stop_buses
    from cockpit.hmi.services import ServiceContext, service_objects, start_services, stop_services
    from cockpit.hmi.settings_model import SettingsModel
    from cockpit.hmi.snapshot import simulated_car
    from cockpit.signals import SignalStore

    try:
        from cockpit.sim import SimRunner
    except ImportError as exc:
        raise CockpitError(f"the simulated car is not available in this installation ({exc})") from exc

    if args.car:
        from cockpit.cars.drive import profile_demo_car

        schema, car = profile_demo_car(args.car, args.scenario, args.seed)
    else:
        schema = load_vehicle_schema()
        car = simulated_car(schema, args.scenario, args.seed)
    # A channel of our own: two demos (or a demo and the tests) never hear each other.
    channel = f"cockpit-demo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    store = SignalStore(schema.signal_specs())
    app = application()
    buses = start_buses([BusConfig(name="vehicle", interface="virtual", channel=channel)], store,
                        {"vehicle": schema})
    sim_bus = can.Bus(interface="virtual", channel=channel)
    runner = SimRunner(car, sim_bus, realtime=True)
    services: list = []
    cockpit = None
    try:
        cockpit = Cockpit(store, buses=[bus.feed() for bus in buses],
                          settings=SettingsModel(args.units, args.theme, args.lang), initial_page=args.page)
        window = cockpit.load()

        # Discovery and handoff come up a moment after the cockpit shows: the driver sees the
        # car's state first, and the Devices page and cards show their waiting state meanwhile.
        def start_demo_services() -> None:
            services.extend(start_services(ServiceContext(store, config=None, demo=True)))
            cockpit.attach_services(service_objects(services))

        cockpit.after_first_frame(start_demo_services)
        runner.start()
        cockpit.start()
        window.setTitle("Cockpit demo")
        window.showFullScreen() if args.fullscreen else window.show()
        logging.getLogger(__name__).info("cockpit demo running: scenario %s on virtual CAN channel %s",
                                         args.scenario, channel)
        return exec_until_interrupted(app)
    finally:
        # Threads first (they write the store), then the engine, then the models.
        runner.stop()
        sim_bus.shutdown()
        stop_buses(buses)
        stop_services(services)
        if cockpit is not None:
            cockpit.close()
