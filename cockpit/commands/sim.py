"""Drive the simulated reference car onto a CAN bus (real time, or --fast) or into a log file.

The car sends every message of can_dbc/cockpit_ev.dbc at its cycle time, E2E protected, the object
list as CAN FD. Without --duration a scenario runs until it ends (demo loops until Ctrl-C). With
--output FILE.log|.asc|.blf the frames go into that file through python-can's writers instead of
onto a bus, as fast as they can be computed.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import can
import cantools

from cockpit.bus import add_bus_arguments, open_bus_from_args
from cockpit.errors import BusError, CockpitError, DbcError
from cockpit.resources import reference_dbc
from cockpit.sim import SimRunner, SimulatedCar, scenario_names
from cockpit.sim.scenarios import SCENARIOS

if TYPE_CHECKING:  # the car profiles load opendbc: only when --car asks for one
    from cockpit.cars.drive import OneBusCar, ProfileCar

log = logging.getLogger(__name__)

LOG_SUFFIXES = (".log", ".asc", ".blf")
FILE_CHUNK_S = 1.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--scenario`` and friends, plus the shared bus options."""
    # argparse %-formats help strings: the descriptions' "%" (state of charge) must be doubled.
    described = "; ".join(f"{name}: {SCENARIOS[name][0]}" for name in scenario_names()).replace("%", "%%")
    parser.add_argument(
        "--scenario",
        required=True,
        choices=scenario_names(),
        metavar="NAME",
        help=f"what the car does ({described})",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="S",
        help="stop after S seconds of simulated time (default: when the scenario ends)",
    )
    parser.add_argument(
        "--fast",
        action="store_true",
        help="as fast as possible instead of real time (frames keep sim-time stamps)",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed (default: 0)")
    parser.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help="write the frames to FILE.log (candump), FILE.asc or FILE.blf instead of a bus",
    )
    parser.add_argument(
        "--dbc",
        default=None,
        metavar="FILE",
        help="the DBC to encode with (default: the reference vehicle's cockpit_ev.dbc)",
    )
    parser.add_argument(
        "--car",
        default=None,
        metavar="NAME",
        help="drive as a car profile (cockpit cars lists them): its opendbc DBCs, checksums "
        "and counters; a log keeps each of its buses as a channel",
    )
    add_bus_arguments(parser)


def _load_dbc(path: str | None) -> cantools.database.can.Database:
    from cockpit.decode.dbc import load_dbc_file

    dbc_path = Path(path) if path else reference_dbc()
    loaded = load_dbc_file(dbc_path)  # any encoding; DbcError names the file and line
    if loaded.problems:
        # A decoder can live with an imperfect DBC; an encoder would send frames that are wrong.
        raise DbcError(
            f"{loaded.problems[0]}; the simulator encodes frames with this DBC, so it must load "
            "without such problems"
        )
    return loaded.database


def run(args: argparse.Namespace) -> int:
    """Build the car, then send it onto the bus or into the file."""
    if args.duration is not None and args.duration <= 0:
        raise CockpitError(f"--duration {args.duration}: give a positive number of seconds")
    if args.car:
        if args.dbc:
            raise CockpitError("--car takes its DBCs from the car profile; leave out --dbc")
        from cockpit.cars import get_profile
        from cockpit.cars.drive import ProfileCar

        car: SimulatedCar | ProfileCar = ProfileCar(get_profile(args.car), args.scenario, seed=args.seed)
    else:
        car = SimulatedCar(_load_dbc(args.dbc), args.scenario, seed=args.seed)
    if args.output:
        return _to_file(car, Path(args.output), args.duration)
    return _to_bus(car, args)


def _to_file(car: SimulatedCar | ProfileCar, path: Path, duration: float | None) -> int:
    if path.suffix.lower() not in LOG_SUFFIXES:
        raise CockpitError(f"--output {path}: use a .log (candump), .asc or .blf file name")
    if duration is None and car.scenario.loop:
        raise CockpitError(f"scenario {car.scenario.name!r} loops for ever; give --duration with --output")
    end = duration if duration is not None else float("inf")
    # Stamp the file with the wall clock at the start, so replays show a real date.
    base = time.time()
    frames = 0
    try:
        writer = can.Logger(str(path))
    except OSError as exc:
        raise CockpitError(f"--output {path}: cannot write there ({exc.strerror or exc})") from None
    try:
        while car.time < end and not (car.finished and duration is None):
            for frame in car.frames_until(min(end, car.time + FILE_CHUNK_S)):
                frame.timestamp += base
                if isinstance(frame.channel, int) and path.suffix.lower() == ".log":
                    frame.channel = f"can{frame.channel}"  # candump names its channels
                writer.on_message_received(frame)
                frames += 1
    finally:
        writer.stop()
    print(f"cockpit sim: {car.scenario.name}: {frames} frames over {car.time:.1f} s written to {path}")
    return 0


def _to_bus(car: SimulatedCar | ProfileCar | OneBusCar, args: argparse.Namespace) -> int:
    profile = getattr(car, "profile", None)
    if profile is not None and len(profile.buses) > 1:
        # One bus carries one of the car's buses: ids repeat across them (Tesla's 0x118).
        first = profile.buses[0]
        print(
            f"cockpit sim: {profile.name} has {len(profile.buses)} buses; {args.interface} {args.channel} "
            f"carries its {first.name} bus (bus {first.number}); write a log with --output for all of them",
            file=sys.stderr,
        )
        from cockpit.cars.drive import OneBusCar, ProfileCar

        assert isinstance(car, ProfileCar)  # only a profile's car has a profile
        car = OneBusCar(car, first.number)
    if args.interface == "virtual" and not args.fd:
        args.fd = True  # the object list is a CAN FD frame; the virtual bus carries it either way
    elif not (args.fd or args.data_bitrate):
        fd_messages = [s.name for s in car.senders if s.is_fd]
        if fd_messages:
            print(
                f"cockpit sim: warning: {', '.join(fd_messages)} is CAN FD; without --fd the bus cannot "
                "carry it and each frame counts as a send error",
                file=sys.stderr,
            )
    try:
        bus = open_bus_from_args(args, name="sim")
    except CockpitError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-can and drivers raise many kinds
        raise BusError(f"cannot open {args.interface} channel {args.channel}: {exc}") from None
    runner = SimRunner(
        car, bus, realtime=not args.fast, duration=args.duration, stop_when_finished=args.duration is None
    )
    stop = threading.Event()
    previous = (
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        if threading.current_thread() is threading.main_thread()
        else None
    )
    started = time.monotonic()
    runner.start()
    try:
        while not stop.is_set() and not runner.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
        bus.shutdown()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    elapsed = time.monotonic() - started
    print(
        f"cockpit sim: {car.scenario.name}: {runner.frames_sent} frames in {elapsed:.1f} s "
        f"({car.time:.1f} s simulated) on {args.interface} {args.channel}"
        + (f", {runner.send_errors} send errors" if runner.send_errors else ""),
        file=sys.stderr,
    )
    return 0
