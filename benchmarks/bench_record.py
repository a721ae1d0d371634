"""Recording without loss: a saturated 500 kbit/s bus (4,500 frames/s) for 60 s, counted in the file.

An ECU thread sends numbered 8-byte frames on a python-can virtual bus at a steady rate; the cockpit's
``BusReader`` feeds a ``FrameRecorder`` (the listener only enqueues, a writer thread writes). After
the run every file is read back and the sequence numbers are checked: none missing, none doubled.
One row per format (candump .log, ASC, BLF), with rotation by size on.

Run: ``python benchmarks/bench_record.py [--seconds 60] [--rate 4500] [--formats log,asc,blf]`` or
``python -m pytest -m benchmark benchmarks/bench_record.py -s``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import can
import pytest

if __name__ == "__main__" and __package__ is None:  # run as a script from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.bus import BusReader, FrameRecorder, replay_messages

RATE_500K = 4_500  # frames/s of 8-byte frames at 500 kbit/s, near 100 % bus load


@dataclass
class RecordRun:
    """One format's figures."""

    fmt: str
    seconds: float
    sent: int
    received: int
    in_files: int
    missing: int
    duplicated: int
    files: int
    megabytes: float
    peak_backlog: int

    @property
    def rate(self) -> float:
        return self.sent / self.seconds


def _send_paced(bus: can.BusABC, rate: int, seconds: float, sent: list[float]) -> None:
    """Send numbered frames at ``rate`` per second, in 5 ms slices (a real bus is never burstier).

    ``sent`` gets [frames sent, seconds taken]."""
    start = time.perf_counter()
    n = 0
    total = int(seconds * rate)
    while n < total:
        elapsed = time.perf_counter() - start
        due = min(int(elapsed * rate), total)
        while n < due:
            bus.send(
                can.Message(
                    arbitration_id=0x100 + (n % 0x500),
                    is_extended_id=False,
                    data=n.to_bytes(4, "big") + b"\x55\xaa\x55\xaa",
                )
            )
            n += 1
        sent[0] = n
        time.sleep(0.005)
    sent[0], sent[1] = n, time.perf_counter() - start


def record_run(fmt: str, rate: int, seconds: float, max_bytes: int, folder: Path) -> RecordRun:
    """Record ``seconds`` of a bus at ``rate`` frames/s to ``folder/bench.<fmt>`` and count the file."""
    channel = f"bench-record-{uuid.uuid4().hex[:8]}"
    recorder = FrameRecorder(folder / f"bench.{fmt}", max_bytes=max_bytes)
    reader = BusReader(
        "record", lambda: can.Bus(interface="virtual", channel=channel), [recorder], silence_timeout=None
    )
    ecu = can.Bus(interface="virtual", channel=channel)
    sent: list[float] = [0, 0.0]
    peak = 0
    reader.start()
    try:
        while reader.bus is None:
            time.sleep(0.005)
        sender = threading.Thread(target=_send_paced, args=(ecu, rate, seconds, sent), name="bench-ecu")
        sender.start()
        while sender.is_alive():
            peak = max(peak, recorder.pending)
            time.sleep(0.05)
        deadline = time.monotonic() + 30
        while recorder.received < sent[0] and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        reader.stop()  # writes the queue out and closes the file
        ecu.shutdown()
    seen: set[int] = set()
    duplicated = in_files = 0
    for path in recorder.files:
        for msg in replay_messages(path):
            number = int.from_bytes(bytes(msg.data[:4]), "big")
            duplicated += number in seen
            seen.add(number)
            in_files += 1
    total, elapsed = int(sent[0]), sent[1]
    missing = sum(1 for n in range(total) if n not in seen)
    size = sum(p.stat().st_size for p in recorder.files) / 1e6
    return RecordRun(
        fmt, elapsed, total, recorder.received, in_files, missing, duplicated, len(recorder.files), size, peak
    )


def print_table(runs: list[RecordRun]) -> None:
    """The benchmark's table, in Markdown."""
    print()
    print(
        "| format | seconds | frames sent | rate (frames/s) | received | in files | missing | "
        "duplicated | files | MB | peak queue |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(
            f"| {r.fmt} | {r.seconds:.1f} | {r.sent:,} | {r.rate:,.0f} | {r.received:,} | "
            f"{r.in_files:,} | {r.missing} | {r.duplicated} | {r.files} | {r.megabytes:.1f} | "
            f"{r.peak_backlog:,} |"
        )


def run_all(formats: list[str], rate: int, seconds: float, max_bytes: int) -> list[RecordRun]:
    """Every format in turn, each into its own temporary folder."""
    runs = []
    for fmt in formats:
        with tempfile.TemporaryDirectory(prefix="cockpit-bench-record-") as folder:
            runs.append(record_run(fmt, rate, seconds, max_bytes, Path(folder)))
    return runs


@pytest.mark.benchmark
@pytest.mark.timeout(600)  # three formats of 60 s each: far past the suite's 120 s per test
def test_record_saturated_bus_loses_nothing() -> None:
    runs = run_all(["log", "asc", "blf"], RATE_500K, 60.0, 5_000_000)
    print_table(runs)
    assert all(r.missing == 0 and r.duplicated == 0 and r.in_files == r.sent for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=int, default=RATE_500K, help="frames per second")
    parser.add_argument("--formats", default="log,asc,blf")
    parser.add_argument("--max-bytes", type=int, default=5_000_000, help="rotate at this size")
    args = parser.parse_args()
    print_table(run_all(args.formats.split(","), args.rate, args.seconds, args.max_bytes))


if __name__ == "__main__":
    main()
