"""The command line's rough edges: every bad argument is one line naming the fix, never a traceback;
a silent bus, an unknown interface and a short terminal are each explained."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from rich.console import Console
from support import FakeClock

from cockpit.cli import main
from cockpit.commands.monitor import live_screen
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.signals import SignalStore

REPO = Path(__file__).resolve().parents[2]


def cockpit(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``cockpit ARGS`` in its own process, as a user types it."""
    return subprocess.run(
        [sys.executable, "-m", "cockpit.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--port", "99999"],
            "argument --port: 99999 is not a TCP port; use 1 to 65535, or 0 for any free port",
        ),
        (["--port", "http"], "argument --port: 'http' is not a port number"),
        (["--port", "-1"], "argument --port: -1 is not a TCP port"),
        (["--duration", "-3"], "argument --duration: -3.0 must be 0"),
        (["--duration", "nan"], "argument --duration: nan must be 0"),
        (["--name", "my.phone"], "argument --name: 'my.phone': give a name of 1 to 59 bytes without '.'"),
        (["--host", "192.0.2.1", "--no-announce"], "cannot listen for handoff on 192.0.2.1"),
    ],
)
def test_companion_refuses_bad_arguments_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = cockpit("companion", "--state-dir", str(tmp_path), "--duration", "0.1", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_help_opens_with_what_the_cockpit_is_for_a_user() -> None:
    result = cockpit("--help")
    assert result.returncode == 0
    description = result.stdout.split("\n\n")[1]
    assert description.startswith("A smart-cockpit head unit for an electric car")
    assert "subcommand modules" not in result.stdout and "``" not in result.stdout
    assert "cockpit demo" in result.stdout  # where to start


@pytest.mark.parametrize("command", [["monitor", "--once", "--duration", "0.1"], ["record", "-o", "x.log"]])
def test_a_mistyped_interface_names_the_nearest_known_one(
    command: list[str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--interface", "sockettcan", "--channel", "can0"]) == 2
    err = capsys.readouterr().err
    assert "unknown interface 'sockettcan'; did you mean 'socketcan'?" in err
    assert "virtual" in err and "slcan" in err  # the known ones are listed
    assert len(err.strip().splitlines()) == 1


def test_a_missing_optional_driver_names_the_pip_install(capsys) -> None:
    pytest.importorskip("can")
    try:
        import usb  # noqa: F401

        pytest.skip("pyusb is installed here, so gs_usb's driver is not missing")
    except ImportError:
        pass
    assert main(["monitor", "--once", "--interface", "gs_usb", "--channel", "0"]) == 2
    err = capsys.readouterr().err
    assert 'pip install "python-can[gs-usb]"' in err and "Traceback" not in err


def test_a_kernel_without_socketcan_says_so(capsys) -> None:
    import errno
    import socket

    try:
        socket.socket(socket.PF_CAN, socket.SOCK_RAW, socket.CAN_RAW).close()
        pytest.skip("this kernel has SocketCAN")
    except OSError as exc:
        if exc.errno != errno.EAFNOSUPPORT:
            pytest.skip(f"SocketCAN fails here for another reason: {exc}")
    assert main(["monitor", "--once", "--interface", "socketcan", "--channel", "vcan0"]) == 2
    err = capsys.readouterr().err
    assert "this kernel has no SocketCAN" in err and "modprobe" in err


def test_record_says_when_nothing_arrives_and_why(tmp_path: Path, capsys) -> None:
    channel = f"silent-{uuid.uuid4().hex[:8]}"
    assert main(["record", "-o", str(tmp_path / "empty.log"), "--channel", channel, "--duration", "0.3"]) == 1
    err = capsys.readouterr().err
    assert "recorded 0 frames" in err
    assert f"nothing arrived on virtual {channel}" in err
    assert "no sender on that channel" in err and "one process" in err and "socketcan" in err


@pytest.mark.parametrize("height", [12, 24, 50])
def test_the_live_monitor_keeps_its_counters_on_a_short_terminal(height: int) -> None:
    schema = load_vehicle_schema()
    clock = FakeClock()
    store = SignalStore(schema.signal_specs(), clock=clock)
    decoder = FrameDecoder(schema, store, bus_name="vehicle")
    out = io.StringIO()
    console = Console(file=out, width=100, height=height, force_terminal=False)
    console.print(live_screen(store.snapshot(), decoder, "", clock.now, "ok", height))
    lines = out.getvalue().splitlines()
    assert len(lines) < height  # nothing scrolls off, with a line to spare for the cursor
    assert lines[0].startswith("bus vehicle (ok): 0 frames, 0 unknown, 0 decode errors, 0 E2E errors")
    assert "more signals (narrow with --filter TEXT)" in out.getvalue()
