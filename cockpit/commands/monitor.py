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
from cockpit.bus.kinds import open_bus
from cockpit.bus.reader import BusReader
from cockpit.bus.replay import replay_messages
from cockpit.commands._decoding import add_schema_arguments, schema_from_args
from cockpit.decode import FrameDecoder
from cockpit.signals import Quality, SignalReading, SignalStore

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
    parser.add_argument("--replay", type=Path, metavar="LOG",
                        help="read a candump .log, .asc, .blf or .trc file instead of a bus")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--once", action="store_true",
                        help="print the state once and exit (a replay: after the whole log)")
    parser.add_argument("--duration", type=float, default=2.0, metavar="S",
                        help="live with --once: listen this long first (default 2 s)")
    parser.add_argument("--filter", default="", metavar="TEXT", help="only VSS paths containing TEXT")


def run(args: argparse.Namespace) -> int:
    """Run the monitor."""
    schema = schema_from_args(args)
    store = SignalStore(schema.signal_specs())
    decoder = FrameDecoder(schema, store, bus_name=args.replay.name if args.replay else args.channel,
                           live=not args.replay)  # in a replay "now" is the log's clock
    if args.replay:
        return _replay(args, store, decoder)
    return _live(args, store, decoder)


def _replay(args: argparse.Namespace, store: SignalStore, decoder: FrameDecoder) -> int:
    last_timestamp = None
    paced = not args.once
    started = time.monotonic()
    first = None
    live = _LiveView(args) if paced and not args.json else None
    try:
        for msg in replay_messages(args.replay):
            if paced:
                first = msg.timestamp if first is None else first
                delay = (msg.timestamp - first) - (time.monotonic() - started)
                if delay > 0:
                    time.sleep(delay)
                    if live:
                        live.show(store.snapshot(now=msg.timestamp), decoder, msg.timestamp)
            decoder(msg)
            last_timestamp = msg.timestamp
    finally:
        if live:
            live.close()
    now = last_timestamp if last_timestamp is not None else 0.0
    _print_final(args, store.snapshot(now=now), decoder, now)
    return 0


def _live(args: argparse.Namespace, store: SignalStore, decoder: FrameDecoder) -> int:
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
            _print_final(args, store.snapshot(now=now), decoder, now, reader.state.value)
            return 0
        view = None if args.json else _LiveView(args)
        try:
            while True:
                now = time.time()
                if view:
                    view.show(store.snapshot(now=now), decoder, now, reader.state.value)
                else:
                    print(json.dumps(_as_json(store.snapshot(now=now), decoder, args.filter, reader.state.value)),
                          flush=True)
                time.sleep(0.25 if view else 1.0)
        except KeyboardInterrupt:
            return 0
        finally:
            if view:
                view.close()
    finally:
        reader.stop()


def _print_final(args: argparse.Namespace, readings: Mapping[str, SignalReading], decoder: FrameDecoder,
                 now: float, state: str | None = None) -> None:
    if args.json:
        json.dump(_as_json(readings, decoder, args.filter, state), sys.stdout, indent=2)
        print()
    else:
        from rich.console import Console

        Console().print(_table(readings, decoder, args.filter, now, state))


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _as_json(readings: Mapping[str, SignalReading], decoder: FrameDecoder, text_filter: str,
             state: str | None = None) -> dict[str, Any]:
    signals: dict[str, Any] = {}
    for path, reading in readings.items():
        if text_filter and text_filter not in path:
            continue
        entry: dict[str, Any] = {
            # Only a valid value is a value; the rest is shown as null, never as if it were true.
            "value": _json_value(reading.value) if reading.is_valid else None,
            "unit": reading.unit,
            "status": reading.quality.value,
        }
        if reading.reason:
            entry["reason"] = reading.reason
        signals[path] = entry
    stats = decoder.stats
    result: dict[str, Any] = {
        "signals": signals,
        "stats": {
            "frames": stats.frames,
            "unknown_frames": stats.unknown_frames,
            "decode_errors": stats.decode_errors,
            "e2e_errors": stats.e2e_errors,
        },
    }
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


def _counters(decoder: FrameDecoder, state: str | None) -> str:
    stats = decoder.stats
    return (f"bus {decoder.bus_name}{f' ({state})' if state else ''}: {stats.frames} frames, "
            f"{stats.unknown_frames} unknown, {stats.decode_errors} decode errors, "
            f"{stats.e2e_errors} E2E errors"
            + (f", {stats.odd_timestamps} impossible timestamps" if stats.odd_timestamps else ""))


def _table(readings: Mapping[str, SignalReading], decoder: FrameDecoder, text_filter: str, now: float,
           state: str | None = None, *, max_rows: int | None = None) -> Any:
    from rich.table import Table

    live = max_rows is not None
    # Live, one line per signal (no folding) so that the rows that fit can be counted.
    table = Table(title=None if live else "VSS signals", caption=None if live else _counters(decoder, state),
                  expand=False)
    table.add_column("Signal", overflow="ellipsis" if live else "fold", no_wrap=live)
    table.add_column("Value", justify="right", no_wrap=live)
    table.add_column("Unit", no_wrap=live)
    table.add_column("Status", no_wrap=live)
    table.add_column("Age", justify="right", no_wrap=live)
    shown = [(path, reading) for path, reading in readings.items() if not text_filter or text_filter in path]
    hidden = 0
    if max_rows is not None and len(shown) > max_rows:
        hidden = len(shown) - (max_rows - 1)
        shown = shown[:max_rows - 1]
    for path, reading in shown:
        age = reading.age(now)
        table.add_row(
            path,
            _format_value(reading),
            reading.unit or "",
            f"[{_STATUS_STYLE[reading.quality]}]{reading.quality.value}[/]",
            "" if age is None else f"{age:.1f} s",
        )
    if hidden:
        table.add_row(f"… {hidden} more signals (narrow with --filter TEXT)", "", "", "", "")
    return table


# Lines the live screen spends around the rows: the counters, the table's top border, header and
# its rule, the bottom border, and one spare for the cursor line rich.live leaves below.
_LIVE_CHROME_LINES = 6


def live_screen(readings: Mapping[str, SignalReading], decoder: FrameDecoder, text_filter: str, now: float,
                state: str | None, height: int) -> Any:
    """The live monitor's screen for a terminal ``height`` lines tall: the bus counters first (always
    visible), then as many signal rows as fit, the rest summed up in one line."""
    from rich.console import Group
    from rich.text import Text

    counters = Text(_counters(decoder, state), style="bold")
    return Group(counters, _table(readings, decoder, text_filter, now, state,
                                  max_rows=max(1, height - _LIVE_CHROME_LINES)))


class _LiveView:
    """A table redrawn in place (rich.live), for a head unit watched over SSH."""

    def __init__(self, args: argparse.Namespace) -> None:
        from rich.live import Live

        self._filter = args.filter
        self._live = Live(auto_refresh=False, screen=False)
        self._live.start()

    def show(self, readings: Mapping[str, SignalReading], decoder: FrameDecoder, now: float,
             state: str | None = None) -> None:
        screen = live_screen(readings, decoder, self._filter, now, state, self._live.console.size.height)
        self._live.update(screen, refresh=True)

    def close(self) -> None:
        self._live.stop()
