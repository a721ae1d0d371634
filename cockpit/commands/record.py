"""Record a CAN bus to a candump .log, ASC or BLF file, rotating by size, losing no frame.

The bus is read by the cockpit's bus reader (it reconnects if the adapter comes and goes); frames are
queued and written by a separate thread, so a slow disk never drops one. Stops after --duration
seconds, or on Ctrl-C / SIGTERM, and prints how many frames went into which files.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

import can

from cockpit.bus import BusReader, FrameRecorder, add_bus_arguments, bus_config_from_args, open_bus
from cockpit.config import BusConfig
from cockpit.errors import BusError

if TYPE_CHECKING:  # the car profiles load opendbc: only when --car asks for one
    from cockpit.cars.profile import CarProfile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--output FILE.{log,asc,blf}``, the bus options, ``--duration``, ``--max-bytes``."""
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        metavar="FILE",
        help="where to record: FILE.log (candump), FILE.asc or FILE.blf",
    )
    add_bus_arguments(parser)
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="S",
        help="stop after S seconds (default: until Ctrl-C)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=0,
        metavar="N",
        help="start a new file when the current one reaches N bytes (default: never)",
    )
    parser.add_argument(
        "--car",
        default=None,
        metavar="NAME|auto",
        help="the car on the bus (cockpit cars lists them): at the end, say whether the "
        "recorded frame ids fit it (auto: which profile they fit)",
    )


def run(args: argparse.Namespace) -> int:
    """Record until the duration is over or the user stops it."""
    if args.duration is not None and args.duration <= 0:
        raise BusError(f"--duration {args.duration}: give a positive number of seconds")
    profile = None
    if args.car and args.car != "auto":
        from cockpit.cars import get_profile

        profile = get_profile(args.car)  # an unknown name fails now, not after the recording
    config = bus_config_from_args(args, name="record")
    # Open once here so a wrong interface or channel fails now with one clear line, rather than as a
    # reader that retries for ever; later reconnections go through the same opener.
    first = [open_bus(config)]
    try:
        recorder = FrameRecorder(args.output, max_bytes=args.max_bytes)
    except BusError:
        first[0].shutdown()
        raise

    def opener() -> can.BusABC:
        return first.pop() if first else open_bus(config)

    ids = _IdCollector()
    reader = BusReader("record", opener, [recorder, ids] if args.car else [recorder], silence_timeout=None)
    done = threading.Event()
    previous = (
        signal.signal(signal.SIGTERM, lambda *_: done.set())
        if threading.current_thread() is threading.main_thread()
        else None
    )
    started = time.monotonic()
    reader.start()
    try:
        done.wait(args.duration)
    except KeyboardInterrupt:
        pass
    finally:
        reader.stop()  # stops the recorder too: everything queued is written before this returns
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    elapsed = time.monotonic() - started
    if recorder.error is not None:
        raise BusError(
            f"{recorder.path}: recording failed ({recorder.error}); {recorder.pending} "
            "frames were not written; check free space and permissions"
        )
    files = recorder.files
    rotated = f" and {len(files) - 1} rotated files" if len(files) > 1 else ""
    health = reader.health()
    print(
        f"recorded {recorder.written} frames in {elapsed:.1f} s to {recorder.path}{rotated} "
        f"({health.read_errors} read errors, {health.reconnects} reconnects)",
        file=sys.stderr,
    )
    if args.car:
        print(f"cockpit record: {_car_verdict(profile, ids.ids)}", file=sys.stderr)
    if recorder.received == 0:
        print(
            f"nothing arrived on {config.describe()} in {elapsed:.1f} s: {nothing_arrived_hint(config)}",
            file=sys.stderr,
        )
        return 1
    return 0


def nothing_arrived_hint(config: BusConfig) -> str:
    """Why a bus may stay silent, and what to do, for the interface that was recorded."""
    if config.interface == "virtual":
        return (
            "no sender on that channel. A virtual channel joins only the buses of one process, "
            "so `cockpit sim` in another terminal never reaches it; meet on SocketCAN instead "
            "(--interface socketcan --channel vcan0, see README), or let the simulator write the "
            "log itself: cockpit sim --output FILE"
        )
    if config.interface == "socketcan":
        return (
            f"no sender on {config.channel}. Check that something sends there (`candump "
            f"{config.channel}`), that the car is awake, and the bitrate (`ip -details link show "
            f"{config.channel}`)"
        )
    return (
        "no sender on that channel. Check the wiring and termination, that the car is awake, and the bitrate"
    )


class _IdCollector(can.Listener):
    """The frame ids seen in the first seconds (for --car): a set, bounded."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def on_message_received(self, msg: can.Message) -> None:
        if len(self.ids) < 4096 and not msg.is_error_frame:
            self.ids.add(msg.arbitration_id)


def _car_verdict(profile: CarProfile | None, ids: set[int]) -> str:
    from cockpit.cars import profiles
    from cockpit.cars.fingerprint import recognise, score

    if profile is None:
        return f"--car auto: {recognise(ids, profiles().values()).reason}"
    mine = score(profile, ids)
    if mine.fits:
        return f"the recording fits --car {profile.name}: {mine.explain(len(ids))}"
    return (
        f"the recording does not look like a {profile.car} (--car {profile.name}): {mine.explain(len(ids))}; "
        f"{recognise(ids, profiles().values()).reason}"
    )
