"""The three commands a person types: `cockpit screenshot` writes a PNG of the page asked for,
`cockpit demo` explains a missing display instead of aborting and runs until told to stop, and
`cockpit run` explains a missing configuration.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from cockpit.cli import main
from cockpit.errors import CockpitError
from cockpit.hmi.snapshot import Shot, render
from cockpit.testing.xvfb import NoXvfb, virtual_display

REPO = Path(__file__).resolve().parents[2]


def test_screenshot_writes_the_page_at_the_size_asked(qapp, capsys, tmp_path) -> None:
    output = tmp_path / "energy.png"
    assert (
        main(
            [
                "screenshot",
                "--output",
                str(output),
                "--page",
                "energy",
                "--scenario",
                "city",
                "--at",
                "3",
                "--size",
                "1280x480",
                "--theme",
                "night",
                "--lang",
                "zh_CN",
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().out
    image = QImage(str(output))
    assert (image.width(), image.height()) == (1280, 480)


def test_screenshot_in_process_shows_the_simulated_speed(qapp) -> None:
    image = render(Shot(output=Path("unused.png"), page="drive", scenario="highway", at=5.0, size=(960, 360)))
    assert (image.width(), image.height()) == (960, 360)
    # Not blank: a day screen has dark text on light ground.
    darkest = min(image.pixelColor(x, y).lightness() for x in range(0, 300, 3) for y in range(20, 120, 3))
    assert darkest < 60


@pytest.mark.parametrize("suffix", [".jpg", ".jpeg", ".JPG"])
def test_screenshot_writes_jpeg_when_the_name_asks_for_it(qapp, capsys, tmp_path, suffix) -> None:
    output = tmp_path / f"drive{suffix}"
    assert main(["screenshot", "--output", str(output), "--size", "640x240", "--at", "2"]) == 0
    assert output.read_bytes()[:3] == b"\xff\xd8\xff"  # the JPEG start-of-image marker, not PNG's
    assert QImage(str(output)).width() == 640


def test_screenshot_refuses_a_suffix_it_cannot_write_before_simulating(qapp, capsys, tmp_path) -> None:
    assert main(["screenshot", "--output", str(tmp_path / "drive.gif")]) == 2
    err = capsys.readouterr().err
    assert "'.gif'" in err and ".png, .jpg, .jpeg" in err and not (tmp_path / "drive.gif").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "huge"], "WIDTHxHEIGHT"),
        (["--scenario", "moon-landing"], "moon-landing"),
        (["--at", "-4"], "before the scenario starts"),
    ],
)
def test_screenshot_explains_bad_requests_in_one_line(qapp, capsys, tmp_path, args, message) -> None:
    assert main(["screenshot", "--output", str(tmp_path / "x.png"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_demo_without_a_display_says_how_to_get_one(capsys, monkeypatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["demo"]) == 2  # checked before Qt starts: Qt would abort the process
    err = capsys.readouterr().err
    assert "xvfb-run" in err and "QT_QPA_PLATFORM" in err and len(err.strip().splitlines()) == 1


def run_until_up_then_stop(
    tmp_path: Path,
    args: list[str],
    running: str,
    stop: int,
    env: dict[str, str] | None = None,
    while_up: Callable[[int], None] | None = None,
) -> tuple[int, str]:
    """Start ``cockpit ARGS`` offscreen, wait for its ``running`` log line (then hand its pid to
    ``while_up``), send ``stop``."""
    # Logs go to a file: a pipe nobody reads while the cockpit runs would fill and block it.
    log = tmp_path / "cockpit.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cockpit.cli", "-v", *args],
            cwd=REPO,
            env={
                **os.environ,
                "PYTHONPATH": str(REPO),
                "QT_QPA_PLATFORM": "offscreen",
                "QT_QUICK_BACKEND": "software",
                **(env or {}),
            },
            stdout=sink,
            stderr=sink,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60  # a loaded CI machine may take a while to start Qt
            while running not in log.read_text():
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the demo did not start within 60 s"
                time.sleep(0.1)
            time.sleep(1.0)  # a second of frames on the bus
            assert process.poll() is None, log.read_text()
            if while_up is not None:
                while_up(process.pid)
            process.send_signal(stop)
            code = process.wait(timeout=20)
        finally:
            if process.poll() is None:  # never leave a cockpit running behind a failed test
                process.kill()
                process.wait(5)
    return code, log.read_text()


def test_demo_runs_the_simulated_car_and_stops_cleanly_on_ctrl_c(tmp_path) -> None:
    code, err = run_until_up_then_stop(
        tmp_path, ["demo", "--scenario", "city"], "cockpit demo running", signal.SIGINT
    )
    assert code == 0, err
    assert "Traceback" not in err
    assert "cockpit.qml" not in err, "no QML warning while the demo runs"
    assert "Warning" not in err, "a clean start prints no warning (PySide's 'Failed to disconnect')"


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """An X server of our own (Xvfb), for a real window with Qt's threaded render loop."""
    try:
        with virtual_display("1280x720") as server:
            yield server.display
    except NoXvfb as exc:
        pytest.skip(str(exc))


def test_a_render_thread_that_talks_as_it_stops_does_not_hang_the_stop(tmp_path, xvfb_display) -> None:
    """Under X the render thread is a thread of its own. Stopping closes the window, and the main
    thread then waits for that thread while holding the GIL; a message Qt writes on it then
    (the scene graph's own, turned on here; any warning would do) must not wait for the GIL to be
    forwarded to logging, or the cockpit never exits when systemd stops it."""
    code, err = run_until_up_then_stop(
        tmp_path,
        ["demo", "--scenario", "city"],
        "cockpit demo running",
        signal.SIGTERM,
        env={
            "QT_QPA_PLATFORM": "xcb",
            "DISPLAY": xvfb_display,
            "QT_QUICK_BACKEND": "rhi",
            "QSG_RENDERER_DEBUG": "render",
            "QT_LOGGING_RULES": "qt.scenegraph*=true",
        },
    )
    assert code == 0, err[-3000:]
    assert "render thread finished" in err, "the render thread spoke as it stopped"


@pytest.mark.parametrize("verbose", [False, True])
def test_qt_messages_are_log_lines_and_its_debug_only_when_asked(verbose) -> None:
    """Qt prints its own messages (no Python handler: see the test above), shaped like the
    cockpit's log lines so they read as one log; its debug chatter only with ``-v``."""
    script = (
        "import logging, os\n"
        f"logging.basicConfig(level=logging.{'DEBUG' if verbose else 'INFO'})\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import qDebug, qWarning\n"
        "from cockpit.hmi.launch import application\n"
        "app = application()\n"
        "qWarning('a QML file could not be read')\n"
        "qDebug('what the scene graph is doing')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_LOGGING", "QT_MESSAGE"))}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO, env=env
    )
    lines = result.stderr.splitlines()
    warning = [line for line in lines if line.endswith("a QML file could not be read")]
    assert len(warning) == 1, result.stderr
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING cockpit.qml: .*", warning[0])
    debug = [line for line in lines if "what the scene graph is doing" in line]
    assert (len(debug) == 1 and " DEBUG cockpit.qml: " in debug[0]) if verbose else debug == []


def test_run_reads_the_configured_bus_and_stops_cleanly_when_systemd_stops_it(tmp_path) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text(
        f'[buses.vehicle]\ninterface = "virtual"\nchannel = "test-run-{os.getpid()}"\n\n'
        '[display]\nsize = "1280x480"\n\n[defaults]\ntheme = "auto"\n'
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:
        systemd.bind(str(tmp_path / "notify"))
        code, err = run_until_up_then_stop(
            tmp_path,
            ["run", "--config", str(config)],
            "cockpit running on",
            signal.SIGTERM,
            env={"NOTIFY_SOCKET": str(tmp_path / "notify")},
        )
        systemd.setblocking(False)
        said = []
        while True:
            try:
                said.append(systemd.recv(4096).decode())
            except BlockingIOError:
                break
    assert code == 0, err
    assert any("READY=1" in line for line in said), said  # sent once the first frame was on screen
    assert any("STOPPING=1" in line for line in said), said
    assert "vehicle (virtual test-run-" in err
    assert "Traceback" not in err and "cockpit.qml" not in err
    assert "Warning" not in err, "a clean start prints no warning (PySide's 'Failed to disconnect')"


def test_run_on_a_head_unit_keeps_out_of_memory_what_it_does_not_use(tmp_path) -> None:
    """Started as on every day after its first (its key and a paired phone in place), ``cockpit
    run`` with discovery and handoff never loads PySide6.QtQuick's bindings (and the QtOpenGL ones
    they bring), ``cryptography`` nor PyYAML: 20-25 MB resident a head unit would carry for nothing."""
    from cockpit.handoff.identity import load_or_create_identity
    from cockpit.handoff.keystore import StateDir
    from cockpit.handoff.trust import PairedDevices

    state = StateDir(tmp_path / "state" / "cockpit")
    car = load_or_create_identity(state)
    phone = load_or_create_identity(StateDir(tmp_path / "phone"))
    PairedDevices(state).pin("Phone", phone.certificate_pem)
    config = tmp_path / "cockpit.toml"
    config.write_text(
        f'[buses.vehicle]\ninterface = "virtual"\nchannel = "test-lean-{os.getpid()}"\n\n'
        '[display]\nsize = "1280x480"\n\n[discovery]\ninterfaces = ["127.0.0.1"]\n\n'
        "[handoff]\nenabled = true\n"
    )
    libraries: list[str] = []

    def loaded(pid: int) -> None:
        deadline = time.monotonic() + 20
        log = tmp_path / "cockpit.log"
        while "handoff: this car is" not in log.read_text():  # the services start after a frame
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
        libraries.extend(sorted({line.split()[-1] for line in maps if "/" in line}))

    code, err = run_until_up_then_stop(
        tmp_path,
        ["run", "--config", str(config)],
        "cockpit running on",
        signal.SIGTERM,
        env={"XDG_STATE_HOME": str(tmp_path / "state")},
        while_up=loaded,
    )
    assert code == 0, err
    assert f"handoff: this car is {car.device_id}, paired with 1 device(s)" in err
    assert any("PySide6/QtQml" in path for path in libraries), "the maps were read"
    unused = ("cryptography", "PySide6/QtQuick.", "QtOpenGL.", "/yaml/")
    kept_out = [p for p in libraries if any(name in p for name in unused)]
    assert kept_out == []


def test_run_logs_why_a_bus_is_offline(tmp_path) -> None:
    # gs_usb is a real python-can interface whose driver package (pyusb) is not installed here.
    config = tmp_path / "cockpit.toml"
    config.write_text('[buses.body]\ninterface = "gs_usb"\nchannel = "0"\n\n[display]\nsize = "1280x480"\n')
    code, err = run_until_up_then_stop(
        tmp_path, ["run", "--config", str(config)], "cockpit running on", signal.SIGTERM
    )
    assert code == 0, err
    assert (
        "bus body: (gs_usb 0): cannot open: the gs_usb interface needs an optional package: "
        'pip install "python-can[gs-usb]"' in err
    )
    assert err.count("bus body: ") == 1, "once, not at every retry"


def test_run_names_a_mistyped_interface_with_its_line(capsys, tmp_path) -> None:
    config = tmp_path / "cockpit.toml"
    config.write_text('[buses.vehicle]\ninterface = "sockettcan"\nchannel = "can0"\n')
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{config}:2: buses.vehicle.interface: unknown interface 'sockettcan'; did you mean 'socketcan'?"
        in err
    )


def test_run_without_its_configuration_says_where_it_looked(capsys, tmp_path) -> None:
    assert main(["run", "--config", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert "missing.toml" in err and "hw/cockpit.toml" in err


def test_an_unknown_scenario_is_a_cockpit_error(qapp) -> None:
    with pytest.raises(CockpitError, match="moon-landing"):
        render(Shot(output=Path("unused.png"), scenario="moon-landing", at=1.0))
