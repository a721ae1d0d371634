"""SocketCAN: hw/can-up.sh builds the right ip commands and is shellcheck-clean; the reader runs on a
vcan interface inside a private network namespace where the kernel has SocketCAN (skipped where not)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cockpit.resources import hw_dir

CAN_UP = hw_dir() / "can-up.sh"
REPO = Path(__file__).resolve().parents[2]


def can_up(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(CAN_UP), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "CAN_UP_DRY_RUN": "1"},
    )


def test_classic_bus_is_set_down_configured_and_up():
    result = can_up("can0", "500000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ip link set can0 down",
        "ip link set can0 type can bitrate 500000 restart-ms 100",
        "ip link set can0 up",
    ]


def test_can_fd_bus_gets_its_data_bitrate_and_options():
    result = can_up(
        "can-adas",
        "500000",
        "--fd",
        "2000000",
        "--restart-ms",
        "50",
        "--sample-point",
        "0.8",
        "--txqueuelen",
        "1000",
        "--berr-reporting",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ip link set can-adas down",
        "ip link set can-adas type can bitrate 500000 sample-point 0.8 dbitrate 2000000 fd on "
        "restart-ms 50 berr-reporting on",
        "ip link set can-adas txqueuelen 1000",
        "ip link set can-adas up",
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["can0", "fast"], "bitrate 'fast' is not a number of bit/s"),
        (["can0", "500000", "--fd", "2M"], "data bitrate '2M' is not a number"),
        (["can0;reboot", "500000"], "is not an interface name"),
    ],
)
def test_bad_arguments_are_refused_with_the_reason(args, message):
    result = can_up(*args)
    assert result.returncode == 1 and message in result.stderr and result.stdout == ""


def test_missing_arguments_print_usage():
    result = can_up("can0")
    assert result.returncode == 2 and result.stderr.startswith("usage:")


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_can_up_is_shellcheck_clean():
    result = subprocess.run(["shellcheck", str(CAN_UP)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def _kernel_has_socketcan() -> str | None:
    """None if SocketCAN and vcan can be used here, else why not."""
    if not hasattr(socket, "AF_CAN"):
        return "this Python has no AF_CAN"
    try:
        socket.socket(socket.AF_CAN, socket.SOCK_RAW, socket.CAN_RAW).close()
    except OSError as exc:
        return f"the kernel has no SocketCAN ({exc.strerror})"
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return "unshare or ip is missing"
    probe = subprocess.run(
        ["unshare", "--net", "sh", "-c", "ip link add vcan0 type vcan"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        return f"cannot create a vcan interface in a private namespace ({probe.stderr.strip()})"
    return None


_SOCKETCAN_SCRIPT = textwrap.dedent("""
    import time, can
    from cockpit.bus import BusReader, bus_opener
    from cockpit.config import BusConfig

    received = []
    config = BusConfig(name="powertrain", interface="socketcan", channel="vcan0")
    with BusReader("powertrain", bus_opener(config), [received.append]) as reader:
        deadline = time.monotonic() + 3
        while reader.bus is None and time.monotonic() < deadline:
            time.sleep(0.01)
        ecu = can.Bus(interface="socketcan", channel="vcan0")
        for i in range(100):
            ecu.send(can.Message(arbitration_id=0x100, data=bytes([i])))
        while len(received) < 100 and time.monotonic() < deadline:
            time.sleep(0.01)
        state = reader.state
        ecu.shutdown()
    print(len(received), state.value)
""")


def test_reader_on_a_vcan_interface_in_a_private_namespace():
    reason = _kernel_has_socketcan()
    if reason:
        pytest.skip(reason)
    script = 'ip link add vcan0 type vcan && ip link set vcan0 up && exec "$0" -c "$1"'
    result = subprocess.run(
        ["unshare", "--net", "sh", "-c", script, sys.executable, _SOCKETCAN_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["100", "ok"]
