"""A head unit's budget (issue 15): the cockpit's CPU and memory against a bare Qt Quick window.

In one run, for each platform (``xcb`` under an Xvfb of its own, as the README's demo command runs;
``offscreen`` with Qt's software renderer, as the tests and a head unit without a GPU run), each of
these runs alone for ``COCKPIT_BENCH_BUDGET_SECONDS`` (300) and is sampled once a second:

* **baseline**: a bare PySide6 Qt Quick window, 1920x720, a number and a bar changing at 60 Hz
  (written here, below: nothing of the cockpit's);
* **run**: ``cockpit run`` on a configured slcan bus, fed at full rate (1,100 frames/s) by ``cockpit
  sim --scenario demo`` in another process (the demo's loop of arriving, city, highway, parking and
  charging: ``highway`` alone is over in about a minute, after which the car idles unchanged).
  The kernel here has no SocketCAN, so the frames cross two
  pseudo-terminals: the simulator writes them to one software slcan adapter, and a bridge process
  (this file, ``bridge``) emits them on a second, which the cockpit reads as it reads a USB adapter;
* **idle**: the same, with the car parked (``sim --scenario arriving`` after its script: READY in
  P, every message still sent at its cycle, nothing changing);
* **bus alone**: the idle row's traffic read by the cockpit's slcan reader (``SlcanLineBus``) and a
  python-can ``Notifier`` whose listener only counts the frames (this file, ``listen``): what
  receiving 1,100 frames a second costs in Python before anything is decoded or shown, the floor
  under idle; **python-can alone**: the same with python-can's own ``slcan`` bus, which reads a
  byte at a time;
* **asleep**: ``cockpit run`` on the same adapter with no simulator: the bus quiet, every value a
  dash, nothing changing on screen or on the bus;
* **demo**: ``cockpit demo`` (simulator, decoder, UI, discovery and handoff on 127.0.0.1);
* **gateway + cluster**: ``cockpit gateway --scenario demo`` and ``cockpit cluster`` over Zenoh
  on 127.0.0.1.

The ``cockpit run`` rows start as a head unit does every day after its first: its handoff identity
(key and certificate) already made, by this file's ``identity`` before the row; making a key is
the first boot's alone (and imports ``cryptography``, which the daily start does not).

CPU is utime + stime from ``/proc`` of the measured process and its children, as a share of one
core, over the whole sample after a warm-up; the simulator, the bridge and Xvfb are reported beside
it, not in it. Memory is VmRSS at the end of the sample and its trend (a least-squares slope, MB per
minute) over the second half. Each figure is also given as a ratio to the baseline in the same run.

Goals (issue 15): run <= 1.5x the baseline's CPU and <= baseline + 40 MB; demo <= 2x CPU and <=
baseline + 60 MB, flat; idle under 2 % of one core.

Run: ``scripts/test -m benchmark benchmarks/bench_budget.py -s``. Settings:
``COCKPIT_BENCH_BUDGET_SECONDS`` (300), ``COCKPIT_BENCH_BUDGET_WARMUP`` (20),
``COCKPIT_BENCH_BUDGET_PLATFORMS`` (``xcb,offscreen``), ``COCKPIT_BENCH_BUDGET_ONLY`` (a comma list
of the rows above, default all). Figures and verdicts are printed; nothing fails on a figure.
"""

from __future__ import annotations

import contextlib
import io
import os
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()
CLK_TCK = os.sysconf("SC_CLK_TCK")

RUN_CPU_RATIO, RUN_MEMORY_MB = 1.5, 40.0
DEMO_CPU_RATIO, DEMO_MEMORY_MB = 2.0, 60.0
IDLE_CPU_SHARE = 2.0
# The load for run and gateway+cluster: the demo's loop (~250 s) keeps every page of the cockpit
# alive for the whole sample; "highway" ends after about a minute and the car then idles unchanged.
DRIVE_SCENARIO = "demo"
FLAT_MB_PER_MIN = 0.5
# The rows that read the idle row's traffic with nothing but a counting listener, by reader.
FLOOR_ROWS = {"bus alone": "cockpit", "python-can alone": "python-can"}

BARE_WINDOW_QML = """
import QtQuick
import QtQuick.Window

Window {
    width: 1920; height: 720; visible: true; color: "#101418"
    property real value: 0
    Timer { interval: 16; repeat: true; running: true; onTriggered: value = (value + 0.7) % 100 }
    Text {
        x: 120; y: 160
        text: Math.round(value * 1.2)
        color: "white"; font.pixelSize: 180; font.weight: Font.DemiBold
    }
    Rectangle { x: 120; y: 460; width: 1680; height: 24; radius: 12; color: "#2A3038" }
    Rectangle { x: 120; y: 460; width: 1680 * value / 100; height: 24; radius: 12; color: "#3D8BFF" }
}
"""


def _seconds(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        raise SystemExit(f"{name}={os.environ[name]!r} is not a number of seconds") from None


# --- the helpers this file runs as child processes -------------------------------------------------


def bare_window() -> int:
    """The baseline: the QML above in a QQmlApplicationEngine, nothing else."""
    from PySide6.QtCore import QByteArray, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    app = QGuiApplication(sys.argv)
    engine = QQmlApplicationEngine()
    engine.loadData(QByteArray(BARE_WINDOW_QML.encode()), QUrl("bare.qml"))
    if not engine.rootObjects():
        return 1
    # SIGTERM keeps its default action (the process ends): a Python handler would never run, as no
    # Python runs while Qt's loop animates the QML, and the window would linger until SIGKILL.
    return app.exec()


def bridge(host_link: str, cockpit_link: str) -> int:
    """Two software slcan adapters back to back: what the simulator sends on one, the other emits."""
    from cockpit.testing.slcan_emulator import SlcanDevice

    class SendOnly(SlcanDevice):
        """The simulator's adapter: its replies ("z" per frame sent) are dropped when the host does
        not read them, as a real adapter's would be; python-can never reads them while it only sends,
        and a blocking write would stall the bridge and then the simulator."""

        def _write(self, data: bytes) -> None:
            if self.master is not None:
                with contextlib.suppress(BlockingIOError, OSError):
                    os.write(self.master, data)

    cockpit_side = SlcanDevice(Path(cockpit_link), report=lambda event: None)

    def forward(event: str) -> None:
        if event.startswith("rx "):
            cockpit_side.emit(event[3:])

    sim_side = SendOnly(Path(host_link), report=forward)
    sim_side.plug()
    cockpit_side.plug()
    selector = selectors.DefaultSelector()
    assert sim_side.master is not None and cockpit_side.master is not None
    selector.register(sim_side.master, selectors.EVENT_READ, sim_side)
    selector.register(cockpit_side.master, selectors.EVENT_READ, cockpit_side)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    print("ready", flush=True)
    while not stop:
        for key, _ in selector.select(0.5):
            with contextlib.suppress(BlockingIOError, OSError):
                key.data.feed(os.read(key.fd, 65536))
    return 0


def listen(channel: str, reader: str) -> int:
    """The bus alone: ``reader`` ("cockpit" or "python-can") reads the adapter; the listener only
    counts."""
    import can

    from cockpit.bus.slcan import SlcanLineBus

    count = [0]

    def counted(message: can.Message) -> None:
        count[0] += 1

    settings = {"bitrate": 500000, "fd": True, "data_bitrate": 2000000}
    if reader == "cockpit":
        bus: can.BusABC = SlcanLineBus(channel, **settings)
    else:
        bus = can.Bus(interface="slcan", channel=channel, **settings)
    notifier = can.Notifier(bus, [counted], timeout=1.0)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        time.sleep(0.5)
    with contextlib.suppress(can.CanError):  # the bridge may have gone first
        notifier.stop()
        bus.shutdown()
    print(f"listened to {count[0]} frames", flush=True)
    return 0


def first_boot() -> int:
    """Make the handoff identity ``cockpit run`` finds in its default state directory."""
    from cockpit.handoff.identity import load_or_create_identity
    from cockpit.handoff.keystore import StateDir

    print(f"identity {load_or_create_identity(StateDir()).device_id}", flush=True)
    return 0


# --- sampling ------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += _children(p)
    return pids


def _cpu_s(pid: int) -> float:
    """CPU seconds of the process and the children it has reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 (1-based); after the ")" they start at index 11.
    return sum(int(v) for v in fields[11:15]) / CLK_TCK


def _rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Sample:
    """One process tree's CPU seconds and resident memory over the run."""

    label: str
    pid: int
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)

    def take(self, now: float) -> None:
        """Read the tree's CPU seconds (live members; reaped children count in cutime) and RSS."""
        tree = _tree(self.pid)
        self.times.append(now)
        self.cpu.append(sum(_cpu_s(p) for p in tree))
        self.rss.append(sum(_rss_mb(p) for p in tree))

    @property
    def cpu_share(self) -> float:
        """Per cent of one core over the sample."""
        if len(self.times) < 2:
            return float("nan")
        return 100.0 * (self.cpu[-1] - self.cpu[0]) / (self.times[-1] - self.times[0])

    @property
    def rss_end(self) -> float:
        """Resident MB at the end (the median of the last five samples: a page-in spike is not it)."""
        return statistics.median(self.rss[-5:]) if self.rss else float("nan")

    @property
    def trend(self) -> float:
        """MB per minute over the second half (least squares)."""
        half = len(self.times) // 2
        xs, ys = self.times[half:], self.rss[half:]
        if len(xs) < 3:
            return float("nan")
        return statistics.linear_regression(xs, ys).slope * 60


@contextlib.contextmanager
def xvfb() -> Iterator[dict[str, str]]:
    """An Xvfb of our own, 1920x720x24, on a display number it picks; yields its environment."""
    # Imported here: the bare window runs this file too, and must carry nothing of the cockpit's.
    from cockpit.testing.xvfb import NoXvfb, virtual_display

    try:
        with virtual_display("1920x720") as server:
            yield {"DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb", "_XVFB_PID": str(server.pid)}
    except NoXvfb as exc:
        raise SystemExit(str(exc)) from None


def platform_environment(platform: str, display: dict[str, str]) -> dict[str, str]:
    """The children's environment: the checkout importable, a home of their own, the platform."""
    env = dict(os.environ)
    for key in ("QT_QUICK_BACKEND", "QSG_RHI_BACKEND", "DISPLAY", "COCKPIT_SOUND"):
        env.pop(key, None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    if platform == "offscreen":
        env.update(QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", QSG_RHI_BACKEND="software")
    else:
        env.update({k: v for k, v in display.items() if not k.startswith("_")})
    return env


def _cockpit() -> list[str]:
    return [sys.executable, "-m", "cockpit.cli"]


def run_config(tmp: Path, channel: Path) -> Path:
    """A cockpit.toml for one FD bus on the bridge's cockpit-side adapter, discovery on loopback."""
    config = tmp / "cockpit.toml"
    config.write_text(
        "[buses.vehicle]\n"
        'interface = "slcan"\n'
        f'channel = "{channel}"\n'
        "bitrate = 500000\nfd = true\ndata_bitrate = 2000000\n\n"
        '[display]\nsize = "1920x720"\nfullscreen = false\n\n'
        '[discovery]\ninterfaces = ["127.0.0.1"]\n\n'
        "[handoff]\nenabled = true\n"
    )
    return config


@dataclass
class Row:
    """One measured configuration: the processes that count and those reported beside them."""

    name: str
    measured: list[Sample]
    beside: list[Sample]


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        args, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True, cwd=REPO
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def _wait_for_link(link: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not link.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the bridge never made {link}")
        time.sleep(0.05)


def measure(name: str, platform: str, display: dict[str, str], seconds: float, warmup: float) -> Row:
    """Start configuration ``name``, let it warm up, sample it for ``seconds``, stop it."""
    tmp = Path(tempfile.mkdtemp(prefix=f"budget-{name}-"))
    env = platform_environment(platform, display)
    env["HOME"] = str(tmp)  # its own key store and pairing file
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    log = tmp / "output.log"
    processes: list[subprocess.Popen] = []
    measured: list[subprocess.Popen] = []
    beside: list[tuple[str, subprocess.Popen]] = []
    duration = str(int(seconds + warmup + 60))
    try:
        if name == "baseline":
            measured.append(_spawn([sys.executable, str(THIS), "bare"], env, log))
        elif name in ("run", "idle", "asleep", *FLOOR_ROWS):
            sim_link, car_link = tmp / "ttySIM", tmp / "ttyCAN"
            bridge_process = _spawn(
                [sys.executable, str(THIS), "bridge", str(sim_link), str(car_link)], env, log
            )
            beside.append(("slcan bridge", bridge_process))
            _wait_for_link(sim_link)
            _wait_for_link(car_link)
            if name in FLOOR_ROWS:
                reader = [sys.executable, str(THIS), "listen", str(car_link), FLOOR_ROWS[name]]
            else:
                config = str(run_config(tmp, car_link))
                # The first boot, before the row: the identity made (see the module's docstring).
                subprocess.run([sys.executable, str(THIS), "identity"], env=env, cwd=REPO, check=True)
                reader = [*_cockpit(), "run", "--config", config]
            measured.append(_spawn(reader, env, log))
            time.sleep(2.0)  # the cockpit opens its adapter before the car starts sending
            if name != "asleep":
                scenario = DRIVE_SCENARIO if name == "run" else "arriving"
                sim = [*_cockpit(), "sim", "--scenario", scenario, "--duration", duration]
                sim += ["--interface", "slcan", "--channel", str(sim_link), "--bitrate", "500000"]
                sim += ["--data-bitrate", "2000000"]
                beside.append(("cockpit sim", _spawn(sim, env, log)))
            if name == "idle" or name in FLOOR_ROWS:
                warmup = max(warmup, 45.0)  # the arriving script is over by then: parked, READY
        elif name == "demo":
            measured.append(_spawn([*_cockpit(), "demo"], env, log))
        elif name == "gateway+cluster":
            measured.append(_spawn([*_cockpit(), "gateway", "--scenario", DRIVE_SCENARIO], env, log))
            measured.append(_spawn([*_cockpit(), "cluster"], env, log))
        else:
            raise ValueError(name)
        processes = measured + [p for _, p in beside]
        time.sleep(warmup)
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name}: a process ended early ({process.args}); see {log}:\n{log.read_text()[-3000:]}"
                )
        labels = {"gateway+cluster": ["cockpit gateway", "cockpit cluster"]}.get(name, [name])
        samples = [Sample(label, p.pid) for label, p in zip(labels, measured, strict=True)]
        others = [Sample(label, p.pid) for label, p in beside]
        if "_XVFB_PID" in display:
            others.append(Sample("Xvfb", int(display["_XVFB_PID"])))
        end = time.monotonic() + seconds
        while True:
            now = time.monotonic()
            for sample in samples + others:
                sample.take(now)
            if now >= end:
                break
            time.sleep(min(1.0, max(0.0, end - now)))
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name}: a process ended while sampled; see {log}:\n{log.read_text()[-3000:]}"
                )
        return Row(name, samples, others)
    finally:
        _stop(processes)
        if os.environ.get("COCKPIT_BENCH_BUDGET_KEEP"):
            print(f"{name}: output kept in {log}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _verdict(name: str, cpu: float, rss: float, trend: float, base_cpu: float, base_rss: float) -> str:
    if name == "run":
        ok = cpu <= RUN_CPU_RATIO * base_cpu and rss <= base_rss + RUN_MEMORY_MB
        return f"{'PASS' if ok else 'FAIL'} (<= {RUN_CPU_RATIO}x CPU, <= +{RUN_MEMORY_MB:.0f} MB)"
    if name == "demo":
        ok = (
            cpu <= DEMO_CPU_RATIO * base_cpu and rss <= base_rss + DEMO_MEMORY_MB and trend <= FLAT_MB_PER_MIN
        )
        return f"{'PASS' if ok else 'FAIL'} (<= {DEMO_CPU_RATIO}x CPU, <= +{DEMO_MEMORY_MB:.0f} MB, flat)"
    if name in FLOOR_ROWS:
        return "the floor under idle"
    if name in ("idle", "asleep"):
        return f"{'PASS' if cpu < IDLE_CPU_SHARE else 'FAIL'} (< {IDLE_CPU_SHARE:.0f} % of one core)"
    return ""


def report(platform: str, rows: list[Row], seconds: float) -> str:
    """The table for one platform, each figure beside its ratio to the baseline."""
    from rich.console import Console
    from rich.table import Table

    base = next(r for r in rows if r.name == "baseline").measured[0]
    base_cpu, base_rss = base.cpu_share, base.rss_end
    load = os.getloadavg()
    table = Table(
        title=f"{platform}: {seconds:.0f} s each, 1 sample/s (load average at the end"
        f" {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores)"
    )
    for column in (
        "row",
        "process",
        "CPU % of a core",
        "vs baseline",
        "RSS MB",
        "vs baseline",
        "trend MB/min",
    ):
        table.add_column(column, justify="left" if column in ("row", "process") else "right")
    table.add_column("verdict")
    for row in rows:
        cpu = sum(s.cpu_share for s in row.measured)
        rss = sum(s.rss_end for s in row.measured)
        trend = sum(s.trend for s in row.measured)
        label = " + ".join(s.label for s in row.measured)
        ratio = "1.00x" if row.name == "baseline" else f"{cpu / base_cpu:.2f}x"
        extra = "" if row.name == "baseline" else f"{rss - base_rss:+.0f} MB"
        verdict = (
            "baseline" if row.name == "baseline" else _verdict(row.name, cpu, rss, trend, base_cpu, base_rss)
        )
        table.add_row(row.name, label, f"{cpu:.1f}", ratio, f"{rss:.0f}", extra, f"{trend:+.2f}", verdict)
        for other in row.beside:
            table.add_row(
                "",
                f"  beside: {other.label}",
                f"{other.cpu_share:.1f}",
                "",
                f"{other.rss_end:.0f}",
                "",
                "",
                "not counted",
            )
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text()


ROWS = ("baseline", "run", "idle", *FLOOR_ROWS, "asleep", "demo", "gateway+cluster")


def budget() -> str:
    """Every row on every platform; the printed tables."""
    seconds = _seconds("COCKPIT_BENCH_BUDGET_SECONDS", 300)
    warmup = _seconds("COCKPIT_BENCH_BUDGET_WARMUP", 20)
    platforms = os.environ.get("COCKPIT_BENCH_BUDGET_PLATFORMS", "xcb,offscreen").split(",")
    only = [r for r in os.environ.get("COCKPIT_BENCH_BUDGET_ONLY", ",".join(ROWS)).split(",") if r]
    names = ["baseline"] + [r for r in ROWS if r in only and r != "baseline"]
    out = []
    for platform in platforms:
        with xvfb() if platform == "xcb" else contextlib.nullcontext({}) as display:
            rows = [measure(name, platform, display, seconds, warmup) for name in names]
        out.append(report(platform, rows, seconds))
    return "\n".join(out)


def _timeout() -> int:
    seconds = _seconds("COCKPIT_BENCH_BUDGET_SECONDS", 300) + max(
        45, _seconds("COCKPIT_BENCH_BUDGET_WARMUP", 20)
    )
    return int(len(ROWS) * 2 * (seconds + 30) + 120)


if "pytest" in sys.modules:
    import pytest

    @pytest.mark.benchmark
    @pytest.mark.timeout(_timeout())
    def test_budget() -> None:
        """Print the budget tables (every figure is a ratio to the bare window in the same run)."""
        print()
        print(budget())


if __name__ == "__main__":
    if sys.argv[1:2] == ["bare"]:
        sys.exit(bare_window())
    if sys.argv[1:2] == ["listen"]:
        sys.exit(listen(sys.argv[2], sys.argv[3]))
    if sys.argv[1:2] == ["identity"]:
        sys.exit(first_boot())
    if sys.argv[1:2] == ["bridge"]:
        sys.exit(bridge(sys.argv[2], sys.argv[3]))
    print(budget())
