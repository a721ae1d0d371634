"""Live VSS signals with their status and the bus counters, refreshing in place; or a log replay.

``cockpit monitor --replay LOG --json --once`` plays the whole log as fast as it can and prints one
JSON object, with each signal's status judged at the log's last timestamp.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import can

from cockpit.bus.args import add_bus_arguments, bus_config_from_args
from cockpit.bus.kinds import bus_opener, open_bus
from cockpit.bus.reader import BusReader
from cockpit.bus.replay import replay_messages
from cockpit.commands._decoding import Decoding, add_schema_arguments, decoding_from_args
from cockpit.decode import FrameDecoder
from cockpit.decode.router import ChannelRouter
from cockpit.signals import Quality, SignalReading, SignalStore
from cockpit.signals.store import SignalSpec

_STATUS_STYLE = {
    Quality.VALID: "green",
    Quality.STALE: "yellow",
    Quality.INVALID: "bold red",
    Quality.NOT_RECEIVED: "dim",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``cockpit monitor``."""
    add_schema_arguments(parser)
    add_bus_arguments(parser)
    parser.add_argument(
        "--replay",
        type=Path,
        metavar="LOG",
        help="read a candump .log, .asc, .blf or .trc file instead of a bus",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--once", action="store_true", help="print the state once and exit (a replay: after the whole log)"
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=2.0,
        metavar="S",
        help="live with --once: listen this long first (default 2 s)",
    )
    parser.add_argument("--filter", default="", metavar="TEXT", help="only VSS paths containing TEXT")


def run(args: argparse.Namespace) -> int:
    """Run the monitor."""
    first = None
    if getattr(args, "car", None) == "auto":
        first = replay_messages(args.replay) if args.replay else _listen(args)
    decoding = decoding_from_args(args, first)
    for warning in decoding.warnings:
        print(f"cockpit monitor: warning: {warning}", file=sys.stderr)
    store = SignalStore()
    for _, _, schema in decoding.buses:
        for spec in schema.signal_specs():
            store.declare(spec)
    for path in decoding.unavailable:
        store.declare(SignalSpec(path, timeout=None))  # listed, so the output says "not available"
    # In a replay "now" is the log's clock; live, frame times are checked against the wall clock.
    router = _router(decoding, store, args.replay.name if args.replay else args.channel, live=not args.replay)
    if args.replay:
        return _replay(args, store, router, decoding)
    return _live(args, store, router.decoders[0], decoding)


def _listen(args: argparse.Namespace) -> list[Any]:
    """The frames of the first 2 s on the live bus, for --car auto."""
    from cockpit.cars.fingerprint import FINGERPRINT_WINDOW_S

    config = bus_config_from_args(args, name=args.channel)
    bus = bus_opener(config)()
    frames = []
    try:
        end = time.monotonic() + FINGERPRINT_WINDOW_S
        while (left := end - time.monotonic()) > 0:
            msg = bus.recv(timeout=left)
            if msg is not None:
                frames.append(msg)
    finally:
        bus.shutdown()
    return frames


def _router(decoding: Decoding, store: SignalStore, name: str, live: bool = False) -> ChannelRouter:
    routes = [
        (channels, FrameDecoder(schema, store, bus_name=bus if decoding.profile else name, live=live))
        for bus, channels, schema in decoding.buses
    ]
    if decoding.profile is not None:
        return ChannelRouter(routes)
    # One schema: every channel of the log is decoded with it, each with its own counters.
    first = routes[0][1]
    claimed: list[bool] = []
    schema = decoding.buses[0][2]

    def spread(channel: str) -> FrameDecoder:
        if not claimed:
            claimed.append(True)
            first.bus_name = f"{name} {channel}"
            return first
        return FrameDecoder(schema, store, bus_name=f"{name} {channel}", live=live)

    router = ChannelRouter(routes, spread=spread)
    return router


def _replay(args: argparse.Namespace, store: SignalStore, router: ChannelRouter, decoding: Decoding) -> int:
    last_timestamp = None
    paced = not args.once
    started = time.monotonic()
    first = None
    live = _LiveView(args, decoding) if paced and not args.json else None
    seen: set[int] = set()
    try:
        for msg in replay_messages(args.replay):
            if paced:
                first = msg.timestamp if first is None else first
                delay = (msg.timestamp - first) - (time.monotonic() - started)
                if delay > 0:
                    time.sleep(delay)
                    if live:
                        live.show(store.snapshot(now=msg.timestamp), router, msg.timestamp)
            router(msg)
            if len(seen) < 4096:
                seen.add(msg.arbitration_id)
            last_timestamp = msg.timestamp
    finally:
        if live:
            live.close()
    if decoding.profile is not None and seen:
        _check_car(args, decoding, seen)
    now = last_timestamp if last_timestamp is not None else 0.0
    _print_final(args, store.snapshot(now=now), router, now, decoding=decoding)
    return 0


def _check_car(args: argparse.Namespace, decoding: Decoding, seen: set[int]) -> None:
    """Say so when the log is from another car than --car NAME."""
    from cockpit.cars import profiles
    from cockpit.cars.fingerprint import recognise, score

    mine = score(decoding.profile, seen)
    if mine.known_share >= 0.5:
        return
    closest = recognise(seen, [p for p in profiles().values() if p.name != decoding.profile.name])
    other = f"; {closest.reason}" if closest.profile is None else f"; it looks like {closest.profile.name}"
    warning = (
        f"{args.replay} does not look like a {decoding.profile.car} (--car {decoding.profile.name}): only "
        f"{mine.known_share:.0%} of its {len(seen)} frame ids are in that profile's DBCs{other}"
    )
    decoding.warnings.append(warning)
    print(f"cockpit monitor: warning: {warning}", file=sys.stderr)


def _live(args: argparse.Namespace, store: SignalStore, decoder: FrameDecoder, decoding: Decoding) -> int:
    config = bus_config_from_args(args, name=args.channel)
    # Open once here so a wrong interface, a missing driver or a kernel without SocketCAN fails now
    # with one clear line and exit status 2, not as an "offline" table; reconnections reopen.
    first = [open_bus(config)]

    def opener() -> can.BusABC:
        return first.pop() if first else open_bus(config)

    reader = BusReader(config.name, opener, [decoder])
    reader.start()
    try:
        if args.once:
            time.sleep(max(0.0, args.duration))
            now = time.time()
            _print_final(args, store.snapshot(now=now), decoder, now, reader.state.value, decoding)
            return 0
        view = None if args.json else _LiveView(args, decoding)
        try:
            while True:
                now = time.time()
                if view:
                    view.show(store.snapshot(now=now), decoder, now, reader.state.value)
                else:
                    print(
                        json.dumps(
                            _as_json(
                                store.snapshot(now=now), decoder, args.filter, reader.state.value, decoding
                            )
                        ),
                        flush=True,
                    )
                time.sleep(0.25 if view else 1.0)
        except KeyboardInterrupt:
            return 0
        finally:
            if view:
                view.close()
    finally:
        reader.stop()


def _print_final(
    args: argparse.Namespace,
    readings: Mapping[str, SignalReading],
    decoder: Any,
    now: float,
    state: str | None = None,
    decoding: Decoding | None = None,
) -> None:
    if args.json:
        json.dump(_as_json(readings, decoder, args.filter, state, decoding), sys.stdout, indent=2)
        print()
    else:
        from rich.console import Console

        Console().print(_table(readings, decoder, args.filter, now, state, decoding))


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


NOT_AVAILABLE = "not_available"  # the car has no such signal (its DBC does not define it)


def _decoders(decoder: Any) -> list[FrameDecoder]:
    return decoder.decoders if isinstance(decoder, ChannelRouter) else [decoder]


def _as_json(
    readings: Mapping[str, SignalReading],
    decoder: Any,
    text_filter: str,
    state: str | None = None,
    decoding: Decoding | None = None,
) -> dict[str, Any]:
    unavailable = decoding.unavailable if decoding else {}
    signals: dict[str, Any] = {}
    for path, reading in readings.items():
        if text_filter and text_filter not in path:
            continue
        entry: dict[str, Any] = {
            # Only a valid value is a value; the rest is shown as null, never as if it were true.
            "value": _json_value(reading.value) if reading.is_valid else None,
            "unit": reading.unit,
            "status": NOT_AVAILABLE if path in unavailable else reading.quality.value,
        }
        if path in unavailable:
            entry["reason"] = unavailable[path]
        elif reading.reason:
            entry["reason"] = reading.reason
        signals[path] = entry
    stats = decoder.totals() if isinstance(decoder, ChannelRouter) else decoder.stats
    result: dict[str, Any] = {
        "signals": signals,
        "stats": {
            "frames": stats.frames,
            "unknown_frames": stats.unknown_frames,
            "decode_errors": stats.decode_errors,
            "e2e_errors": stats.e2e_errors,
        },
    }
    decoders = _decoders(decoder)
    if len(decoders) > 1 or (decoding and decoding.profile):
        result["buses"] = {d.bus_name: d.stats.as_dict() for d in decoders}
    rates = {
        name: {"hz": round(hz, 2), "learnt": learnt}
        for d in decoders
        for name, (hz, learnt) in d.rates().items()
    }
    if rates:
        result["rates"] = rates
    if decoding is not None:
        if decoding.profile is not None:
            result["car"] = {"profile": decoding.profile.name, "car": decoding.profile.car}
            if decoding.recognition:
                result["car"]["recognised"] = decoding.recognition
        if decoding.warnings:
            result["warnings"] = decoding.warnings
    if state is not None:
        result["bus_state"] = state
    return result


def _format_value(reading: SignalReading) -> str:
    if not reading.is_valid:
        return "—"
    value = reading.value
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _counters(decoder: Any, state: str | None) -> str:
    stats = decoder.totals() if isinstance(decoder, ChannelRouter) else decoder.stats
    names = ", ".join(d.bus_name for d in _decoders(decoder))
    return (
        f"bus {names}{f' ({state})' if state else ''}: {stats.frames} frames, "
        f"{stats.unknown_frames} unknown, {stats.decode_errors} decode errors, "
        f"{stats.e2e_errors} E2E errors"
        + (f", {stats.odd_timestamps} impossible timestamps" if stats.odd_timestamps else "")
    )


def _table(
    readings: Mapping[str, SignalReading],
    decoder: Any,
    text_filter: str,
    now: float,
    state: str | None = None,
    decoding: Decoding | None = None,
    *,
    max_rows: int | None = None,
) -> Any:
    from rich.table import Table

    unavailable = decoding.unavailable if decoding else {}
    live = max_rows is not None
    # Live, one line per signal (no folding) so that the rows that fit can be counted.
    table = Table(
        title=None if live else "VSS signals",
        caption=None if live else _counters(decoder, state),
        expand=False,
    )
    table.add_column("Signal", overflow="ellipsis" if live else "fold", no_wrap=live)
    table.add_column("Value", justify="right", no_wrap=live)
    table.add_column("Unit", no_wrap=live)
    table.add_column("Status", no_wrap=live)
    table.add_column("Age", justify="right", no_wrap=live)
    shown = [(path, reading) for path, reading in readings.items() if not text_filter or text_filter in path]
    hidden = 0
    if max_rows is not None and len(shown) > max_rows:
        hidden = len(shown) - (max_rows - 1)
        shown = shown[: max_rows - 1]
    for path, reading in shown:
        age = reading.age(now)
        status = (
            "[dim]not available on this car[/]"
            if path in unavailable
            else f"[{_STATUS_STYLE[reading.quality]}]{reading.quality.value}[/]"
        )
        table.add_row(
            path,
            _format_value(reading),
            reading.unit or "",
            status,
            "" if age is None else f"{age:.1f} s",
        )
    if hidden:
        table.add_row(f"… {hidden} more signals (narrow with --filter TEXT)", "", "", "", "")
    return table


# Lines the live screen spends around the rows: the counters, the table's top border, header and
# its rule, the bottom border, and one spare for the cursor line rich.live leaves below.
_LIVE_CHROME_LINES = 6


def live_screen(
    readings: Mapping[str, SignalReading],
    decoder: Any,
    text_filter: str,
    now: float,
    state: str | None,
    height: int,
    decoding: Decoding | None = None,
) -> Any:
    """The live monitor's screen for a terminal ``height`` lines tall: the bus counters first (always
    visible), then as many signal rows as fit, the rest summed up in one line."""
    from rich.console import Group
    from rich.text import Text

    counters = Text(_counters(decoder, state), style="bold")
    return Group(
        counters,
        _table(
            readings, decoder, text_filter, now, state, decoding, max_rows=max(1, height - _LIVE_CHROME_LINES)
        ),
    )


class _LiveView:
    """A table redrawn in place (rich.live), for a head unit watched over SSH."""

    def __init__(self, args: argparse.Namespace, decoding: Decoding | None = None) -> None:
        from rich.live import Live

        self._decoding = decoding
        self._filter = args.filter
        self._live = Live(auto_refresh=False, screen=False)
        self._live.start()

    def show(
        self, readings: Mapping[str, SignalReading], decoder: Any, now: float, state: str | None = None
    ) -> None:
        screen = live_screen(
            readings, decoder, self._filter, now, state, self._live.console.size.height, self._decoding
        )
        self._live.update(screen, refresh=True)

    def close(self) -> None:
        self._live.stop()
