"""UI benchmarks (issue 3, "Speed and size"): cold start, frame to screen, and the demo's memory.

Every figure is measured on a child process, offscreen with Qt's software renderer, as a head unit
without a GPU would run it:

* **Cold start**: from spawning the process to the first rendered frame whose speed reads a live
  value from the simulated car, beside a minimal QML window (a Text in a Window) spawned the same way
  in the same run. Their difference is our own start-up on top of Python's and Qt's. Budget: 1.0 s.
* **Frame to screen**: the simulated car runs at full rate on a virtual bus, except its speed
  message, which a probe ECU thread sends at the same 10 ms cycle and changes to a new value every
  50-80 ms. Each change is timed from the first frame that carries it (``bus.send``) to the
  ``frameSwapped`` of the first rendered frame after the speed Text took that value. Budget: p99
  33 ms (two frames at 60 Hz).
* **Resident memory**: ``cockpit demo`` offscreen for ``COCKPIT_BENCH_RSS_MINUTES`` (default 5),
  sampling VmRSS of the process tree; start, end, peak and the trend over the second half.
  Budget: 250 MB at the end and not growing.

Run: ``python -m pytest benchmarks/bench_ui.py -m benchmark -s`` (or ``python benchmarks/bench_ui.py``).
Settings: ``COCKPIT_BENCH_COLD_RUNS`` (7), ``COCKPIT_BENCH_LATENCY_SAMPLES`` (400),
``COCKPIT_BENCH_RSS_MINUTES`` (5), ``COCKPIT_BENCH_SCENARIO`` (highway).
Benchmarks print figures and a verdict; they do not fail on a figure (DESIGN.md, tests).
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()

COLD_START_BUDGET_S = 1.0
LATENCY_P99_BUDGET_MS = 33.0
RSS_BUDGET_MB = 250.0
RSS_GROWTH_LIMIT_MB_PER_MIN = 0.5  # more than this over the second half counts as growing

SPEED_TEXT = "speedValue"  # objectName of the big speed Text (ui/panels/DrivingStrip.qml)
PROBE_MESSAGE = "ESP_Speed"
PROBE_SIGNAL = "ESP_VehicleSpeed"


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        raise SystemExit(f"{name}={os.environ[name]!r} is not a number") from None


def benchmark(timeout_s: float):
    """Mark a benchmark for pytest, importing pytest only when pytest is running us: the child
    processes start from this file too, and must not pay pytest's import in their start-up."""

    def mark(function):
        if "pytest" not in sys.modules:
            return function
        import pytest

        return pytest.mark.timeout(int(timeout_s))(pytest.mark.benchmark(function))

    return mark


def child_environment() -> dict[str, str]:
    """Offscreen, software renderer, the checkout importable: a head unit without GPU or display."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_QUICK_BACKEND="software",
        QSG_RHI_BACKEND="software",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")])),
        PYTHONUNBUFFERED="1",
    )
    return env


def run_child(mode: str, *args: str, timeout: float = 120.0) -> tuple[float, dict]:
    """Spawn ``python bench_ui.py <mode>``; return (wall time at spawn, the JSON it printed last)."""
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, str(THIS), mode, *args],
        cwd=REPO,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"benchmark child {mode!r} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return spawned, json.loads(lines[-1])


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def load_note() -> str:
    """The machine's load average, printed beside each figure: two busy cores change every number."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} cores"


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """A plain-text table, as pasted into the README and the report."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join("-" * width for width in widths)
    print(f"\n{title}\n{line}")
    print("  ".join(str(cell).ljust(width) for cell, width in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(line)


# --- the benchmarks -----------------------------------------------------------------------------------
@benchmark(timeout_s=600)
def test_cold_start_to_first_live_frame_beside_a_minimal_qml_window():
    runs = int(_env_number("COCKPIT_BENCH_COLD_RUNS", 7))
    minimal: list[float] = []
    cockpit: list[float] = []
    phases: dict[str, list[float]] = {}
    run_child("minimal")  # warm the file cache once for both, so the first run is not an outlier
    for _ in range(runs):  # interleaved, so drift in the machine's load hits both alike
        spawned, result = run_child("minimal")
        minimal.append(result["first_frame"] - spawned)
        spawned, result = run_child("cockpit-start")
        cockpit.append(result["first_frame"] - spawned)
        previous = spawned
        for name, at in result["phases"].items():  # in the order they happened
            phases.setdefault(name, []).append(at - previous)
            previous = at
    overhead = [c - m for c, m in zip(cockpit, minimal, strict=True)]
    median_overhead = statistics.median(overhead)
    verdict = "PASS" if median_overhead <= COLD_START_BUDGET_S else "FAIL"

    def row(name: str, values: list[float], note: str = "") -> list[str]:
        return [name, f"{statistics.median(values):.3f}", f"{min(values):.3f}", f"{max(values):.3f}", note]

    rows = [
        row("minimal QML window", minimal),
        row("cockpit, first live frame", cockpit),
        row("our start-up (difference)", overhead, f"{verdict} (budget {COLD_START_BUDGET_S:.1f} s)"),
    ]
    print_table(
        f"Cold start, spawn to first frame (s, {runs} runs each, offscreen, software renderer; "
        f"{load_note()})",
        ["", "median", "min", "max", "verdict"],
        rows,
    )
    print_table(
        "... where the cockpit's start goes (s, median of each step)",
        ["step", "median"],
        [[name, f"{statistics.median(times):.3f}"] for name, times in phases.items()],
    )


@benchmark(timeout_s=600)
def test_frame_to_screen_latency_with_the_simulator_at_full_rate():
    samples = int(_env_number("COCKPIT_BENCH_LATENCY_SAMPLES", 400))
    scenario = os.environ.get("COCKPIT_BENCH_SCENARIO", "highway")
    _, result = run_child("latency", str(samples), scenario, timeout=60 + samples * 0.2)
    latencies = list(result["latencies_ms"])
    p99 = percentile(latencies, 0.99)
    verdict = (
        f"{'PASS' if p99 <= LATENCY_P99_BUDGET_MS else 'FAIL'} (p99 budget {LATENCY_P99_BUDGET_MS:.0f} ms)"
    )

    def row(name: str, values: list[float], note: str = "") -> list[str]:
        if not values:
            return [name, "0", "-", "-", "-", "-", note]
        return [
            name,
            f"{len(values)}",
            f"{percentile(values, 0.5):.1f}",
            f"{percentile(values, 0.9):.1f}",
            f"{percentile(values, 0.99):.1f}",
            f"{max(values):.1f}",
            note,
        ]

    print_table(
        f"Frame to screen (ms; scenario {scenario}, offscreen, software renderer; {load_note()})",
        ["", "n", "p50", "p90", "p99", "max", "verdict"],
        [
            row("bus.send -> frameSwapped showing it", latencies, verdict),
            row("  bus.send -> speed Text bound (decode, store, tick)", result["to_text_ms"]),
            row("    bus.send -> decoded into the store (bus thread)", result["to_store_ms"]),
            row("    in the store -> Text bound (waiting for the tick)", result["store_to_text_ms"]),
            row("  Text bound -> frameSwapped (render)", result["text_to_screen_ms"]),
            row("one frame's rendering (before -> afterRendering)", result["render_ms"]),
        ],
    )
    load = result["load"]
    print_table(
        "... under this load",
        ["bus frames/s", "rendered frames/s", "HMI ticks/s", "missed values", "E2E errors", "decode errors"],
        [
            [
                f"{load['bus_fps']:.0f}",
                f"{load['render_fps']:.1f}",
                f"{load['tick_fps']:.1f}",
                f"{result['missed']}",
                f"{load['e2e_errors']}",
                f"{load['decode_errors']}",
            ]
        ],
    )


@benchmark(timeout_s=_env_number("COCKPIT_BENCH_RSS_MINUTES", 5) * 60 + 120)
def test_resident_memory_of_the_demo_over_minutes():
    minutes = _env_number("COCKPIT_BENCH_RSS_MINUTES", 5)
    duration = minutes * 60
    interval = max(1.0, min(10.0, duration / 30))
    process = subprocess.Popen(
        [sys.executable, "-m", "cockpit.cli", "demo"],
        cwd=REPO,
        env=child_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    samples: list[tuple[float, float, float]] = []  # (seconds since start, process MB, tree MB)
    started = time.monotonic()
    try:
        while time.monotonic() - started < duration:
            time.sleep(interval)
            if process.poll() is not None:
                raise RuntimeError(f"cockpit demo exited with {process.returncode}:\n{process.stderr.read()}")
            own, tree = resident_mb(process.pid)
            samples.append((time.monotonic() - started, own, tree))
    finally:
        stop_process_group(process)
    second_half = [s for s in samples if s[0] >= duration / 2]
    slope = trend_mb_per_minute([(t, tree) for t, _, tree in second_half])
    # "Start" is the first sample once the window is up and the scenario running, not the import.
    warmup = min(30.0, duration / 5)
    start_t, _start_own, start_tree = next(s for s in samples if s[0] >= warmup)
    _end_t, _end_own, end_tree = samples[-1]
    peak = max(tree for _, _, tree in samples)
    growing = slope > RSS_GROWTH_LIMIT_MB_PER_MIN
    verdict = "PASS" if end_tree <= RSS_BUDGET_MB and not growing else "FAIL"
    shown = samples[:: max(1, len(samples) // 10)]  # about ten rows, always ending on the last sample
    if shown[-1] is not samples[-1]:
        shown.append(samples[-1])
    print_table(
        f"Resident memory of `cockpit demo` (MB, offscreen, {minutes:g} min, "
        f"sampled every {interval:g} s; {load_note()})",
        ["at", "process", "process tree"],
        [[f"{t:.0f} s", f"{own:.1f}", f"{tree:.1f}"] for t, own, tree in shown],
    )
    print_table(
        "... summary",
        [f"start (at {start_t:.0f} s)", "end", "peak", "trend (2nd half)", "verdict"],
        [
            [
                f"{start_tree:.1f}",
                f"{end_tree:.1f}",
                f"{peak:.1f}",
                f"{slope:+.2f} MB/min",
                f"{verdict} (<= {RSS_BUDGET_MB:.0f} MB, trend <= {RSS_GROWTH_LIMIT_MB_PER_MIN} MB/min)",
            ]
        ],
    )


# --- memory helpers ----------------------------------------------------------------------------------
def _vm_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def resident_mb(pid: int) -> tuple[float, float]:
    """(RSS of the process, RSS of the process and all its descendants), in MB."""
    own = _vm_rss_mb(pid)
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        total += _vm_rss_mb(current)
        pending += _children(current)
    return own, total


def trend_mb_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB), in MB per minute; 0 with fewer than two points."""
    if len(points) < 2:
        return 0.0
    slope = statistics.linear_regression([t for t, _ in points], [mb for _, mb in points]).slope
    return slope * 60


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM the demo's process group, then SIGKILL if it has not gone within 10 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


# --- the child processes ----------------------------------------------------------------------------------
def child_minimal() -> None:
    """A minimal QML window: the floor any Qt Quick app pays (Python, PySide6, QML, first frame)."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    app = QGuiApplication(sys.argv[:1])
    engine = QQmlApplicationEngine()
    engine.loadData(
        QByteArray(
            b"import QtQuick\nimport QtQuick.Window\n"
            b"Window { width: 1920; height: 720; visible: true; Text { text: '88' } }"
        )
    )
    window = engine.rootObjects()[0]

    def first_frame() -> None:
        print(json.dumps({"first_frame": time.time()}), flush=True)
        app.exit(0)

    window.frameSwapped.connect(first_frame)
    code = app.exec()
    del engine
    sys.exit(code)


class LiveCockpit:
    """The cockpit composed as ``cockpit demo`` composes it: the demo's HeadUnit (cockpit/app/build.py:
    the simulated car on a virtual bus of its own, a BusReader decoding into the store, discovery
    and handoff deferred) and its Screen. ``probe_owns`` drops those messages from the simulator's
    output, for a probe ECU."""

    def __init__(self, scenario: str, probe_owns: tuple[str, ...] = ()) -> None:
        self.phases: dict[str, float] = {"interpreter up": time.time()}
        from cockpit.app import demo_head_unit
        from cockpit.decode import load_vehicle_schema
        from cockpit.hmi.launch import application
        from cockpit.hmi.screen import Screen
        from cockpit.hmi.settings_model import SettingsModel

        self._screen_type, self._settings_type = Screen, SettingsModel
        self.phases["imports"] = time.time()
        self.channel = f"bench-ui-{os.getpid()}"
        self.schema = load_vehicle_schema()
        self.phases["DBC + mapping"] = time.time()
        self.app = application()
        skipped = frozenset(self.schema.db.get_message_by_name(name).frame_id for name in probe_owns)
        self.unit = demo_head_unit(self.schema, scenario, 0, channel=self.channel, skip_ids=skipped)
        if os.environ.get("COCKPIT_BENCH_NO_SERVICES"):
            for name in ("discovery", "handoff"):
                self.unit.parts.pop(name, None)
        self.store = self.unit.store
        self.buses = self.unit.buses.buses
        self.decoder = self.buses[0].decoder
        self.phases["buses, sim, models"] = time.time()

    def start(self):
        """Load the QML, then start the head unit (bus, simulator, screen; discovery and handoff
        after the first frame, exactly as `cockpit demo` does)."""
        screen = self.unit.add(self._screen_type(self.unit, settings=self._settings_type()))
        self.cockpit = screen.cockpit
        self.phases["QML loaded"] = time.time()
        self.unit.start(defer=True)
        return screen.window

    def stop(self) -> None:
        """The head unit's stop: the screen, then handoff, discovery, simulator, bus."""
        self.unit.stop()


def child_cockpit_start() -> None:
    """Spawn to the first rendered frame whose speed Text shows a number from the simulated car."""
    live = LiveCockpit(os.environ.get("COCKPIT_BENCH_SCENARIO", "highway"))
    app = live.app
    window = live.start()
    speed = live.cockpit.find(SPEED_TEXT)
    if speed is None:
        raise SystemExit(f"no QML item named {SPEED_TEXT!r}: the benchmark needs the speed Text")

    def on_frame() -> None:
        if any(ch.isdigit() for ch in str(speed.property("text"))):
            live.phases["first live frame"] = time.time()
            print(json.dumps({"first_frame": time.time(), "phases": live.phases}), flush=True)
            window.frameSwapped.disconnect(on_frame)
            app.exit(0)

    window.frameSwapped.connect(on_frame)
    code = app.exec()
    live.stop()
    sys.exit(code)


class SpeedProbe(threading.Thread):
    """The probe ECU: sends the speed message every 10 ms on its own thread, as the ESP would, and
    moves to a new whole km/h value every 50-80 ms, remembering when the first frame of each left."""

    def __init__(self, live: LiveCockpit, changes: int) -> None:
        super().__init__(name="cockpit-bench-speed-probe", daemon=True)
        import can

        from cockpit.decode.e2e import E2EProtection

        self.message = live.schema.db.get_message_by_name(PROBE_MESSAGE)
        self.protection = E2EProtection.from_message(self.message)
        self.bus = can.Bus(interface="virtual", channel=live.channel)
        self.changes = changes
        self.changes_sent: list[tuple[int, float]] = []  # (km/h, perf_counter of its first frame)
        self.stopping = threading.Event()
        self.cycle = (self.message.cycle_time or 10) / 1000

    def _payload(self, speed: int, counter: int) -> bytes:
        values = {
            signal.name: (signal.initial if isinstance(signal.initial, (int, float)) else 0)
            for signal in self.message.signals
        }
        values.update({name: 0 for name, value in values.items() if value is None})
        values[PROBE_SIGNAL] = float(speed)
        if self.protection is None:
            return self.message.encode(values, strict=False)
        return self.protection.encode(self.message, values, counter)

    def run(self) -> None:
        import can

        rng = random.Random(3)
        speed, counter = 60, 0
        next_change = time.perf_counter() + 0.5  # let the first frames settle the display
        next_send = time.perf_counter()
        changed = 0
        while not self.stopping.is_set() and changed <= self.changes:
            now = time.perf_counter()
            if now >= next_change:
                # A new value that differs from the last few, so a late screen is never mistaken.
                speed = 30 + (speed - 30 + rng.randint(7, 90)) % 120
                next_change = now + rng.uniform(0.05, 0.08)
                changed += 1
                fresh = True
            else:
                fresh = False
            self.bus.send(
                can.Message(
                    arbitration_id=self.message.frame_id,
                    data=self._payload(speed, counter),
                    is_extended_id=self.message.is_extended_frame,
                    is_fd=self.message.is_fd,
                )
            )
            if fresh:
                self.changes_sent.append((speed, time.perf_counter()))
            counter += 1
            next_send += self.cycle
            delay = next_send - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            else:
                next_send = time.perf_counter()  # late: send the next one now, do not burst

    def stop(self) -> None:
        self.stopping.set()
        self.join(2)
        self.bus.shutdown()


def child_latency(changes: int, scenario: str) -> None:
    """Time each speed change from bus.send to the frameSwapped of the first frame showing it."""
    from PySide6.QtCore import QTimer

    live = LiveCockpit(scenario, probe_owns=(PROBE_MESSAGE,))
    app = live.app
    window = live.start()
    speed_text = live.cockpit.find(SPEED_TEXT)
    if speed_text is None:
        raise SystemExit(f"no QML item named {SPEED_TEXT!r}: the benchmark needs the speed Text")
    probe = SpeedProbe(live, changes)
    decoded: dict[int, list[float]] = {}  # km/h -> when the reader's thread had decoded a frame of it

    def on_probe_frame(msg) -> None:  # on the bus reader's thread, after the decoder (listener order)
        if msg.arbitration_id == probe.message.frame_id:
            value = round(probe.message.decode(msg.data, decode_choices=False)[PROBE_SIGNAL])
            decoded.setdefault(value, []).append(time.perf_counter())

    live.buses[0].reader.add_listener(on_probe_frame)
    shown_pending: list[int] = []  # values bound to the Text since the last frame
    bound: dict[int, list[float]] = {}  # km/h -> every time the Text took it
    render_ms: list[float] = []
    render_started = [0.0]
    on_screen: dict[int, list[float]] = {}  # km/h -> every frameSwapped that first showed it
    rendered = [0]
    ticks_before = live.cockpit.frames

    def on_text_changed() -> None:
        text = str(speed_text.property("text")).strip()
        if text.isdigit():
            shown_pending.append(int(text))
            bound.setdefault(int(text), []).append(time.perf_counter())

    def on_before_rendering() -> None:
        render_started[0] = time.perf_counter()

    def on_after_rendering() -> None:
        render_ms.append((time.perf_counter() - render_started[0]) * 1000)

    def on_frame_swapped() -> None:
        now = time.perf_counter()
        rendered[0] += 1
        for value in shown_pending:
            on_screen.setdefault(value, []).append(now)
        shown_pending.clear()

    speed_text.textChanged.connect(on_text_changed)
    window.frameSwapped.connect(on_frame_swapped)
    window.beforeRendering.connect(on_before_rendering)
    window.afterRendering.connect(on_after_rendering)
    started = time.perf_counter()
    frames_before = live.decoder.stats.frames
    probe.start()

    def check_done() -> None:
        if not probe.is_alive():
            app.exit(0)

    poll = QTimer()
    poll.timeout.connect(check_done)
    poll.start(100)
    app.exec()
    elapsed = time.perf_counter() - started
    stats = live.decoder.stats
    load = {
        "bus_fps": (stats.frames - frames_before) / elapsed,
        "render_fps": rendered[0] / elapsed,
        "tick_fps": (live.cockpit.frames - ticks_before) / elapsed,
        "e2e_errors": stats.e2e_errors,
        "decode_errors": stats.decode_errors,
    }
    probe.stop()
    poll.stop()
    live.stop()
    latencies, to_text, text_to_screen, to_store, store_to_text, missed = [], [], [], [], [], 0
    changes = probe.changes_sent
    for index, (value, sent) in enumerate(changes):
        # The next time this value is sent again bounds the match: a value is never reused within
        # a few changes, so the first frame showing it after it was sent is this change's frame.
        later = next((t for v, t in changes[index + 1 :] if v == value), float("inf"))
        shown = next((t for t in on_screen.get(value, []) if sent <= t < later), None)
        if shown is None:
            missed += 1  # superseded by the next value before any frame was rendered
            continue
        latencies.append((shown - sent) * 1000)
        took = next((t for t in bound.get(value, []) if sent <= t <= shown), None)
        if took is not None:
            to_text.append((took - sent) * 1000)
            text_to_screen.append((shown - took) * 1000)
            stored = next((t for t in decoded.get(value, []) if sent <= t <= took), None)
            if stored is not None:
                to_store.append((stored - sent) * 1000)
                store_to_text.append((took - stored) * 1000)
    print(
        json.dumps(
            {
                "latencies_ms": latencies,
                "missed": missed,
                "load": load,
                "to_text_ms": to_text,
                "text_to_screen_ms": text_to_screen,
                "render_ms": render_ms,
                "to_store_ms": to_store,
                "store_to_text_ms": store_to_text,
            }
        ),
        flush=True,
    )
    sys.exit(0)


def main(argv: list[str]) -> int:
    """``bench_ui.py`` alone runs the three benchmarks; with a mode it is one of their children."""
    if not argv:
        import pytest

        return pytest.main([str(THIS), "-m", "benchmark", "-s", "-q", "-p", "no:cacheprovider"])
    mode, rest = argv[0], argv[1:]
    if mode == "minimal":
        child_minimal()
    elif mode == "cockpit-start":
        child_cockpit_start()
    elif mode == "latency":
        child_latency(int(rest[0]), rest[1])
    else:
        raise SystemExit(f"unknown mode {mode!r}: minimal, cockpit-start or latency")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
