"""``cockpit demo --split`` and ``cockpit run --source zenoh`` as the user runs them (offscreen):
three processes; killing the centre display leaves the cluster running, and the supervisor
brings the centre display back.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def children(pid: int) -> dict[int, str]:
    """The child processes of ``pid``: pid -> command line."""
    found: dict[int, str] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            numbers = (task / "children").read_text().split()
        except OSError:
            continue
        for number in map(int, numbers):
            with contextlib.suppress(OSError):
                found[number] = Path(f"/proc/{number}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return found


def role(processes: dict[int, str], word: str) -> int | None:
    return next((pid for pid, line in processes.items() if f"cockpit.cli {word}" in line), None)


def wait_for(condition, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


@pytest.fixture
def env(tmp_path):
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_QUICK_BACKEND": "software",
        "XDG_STATE_HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }


@pytest.mark.slow
def test_killing_the_centre_display_leaves_the_cluster_and_the_supervisor_restarts_it(env):
    demo = subprocess.Popen(
        [sys.executable, "-m", "cockpit.cli", "demo", "--split", "--scenario", "city"],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        words = ("gateway", "cluster", "demo --zenoh-connect")
        # Wait for the three roles, not three children: between fork and exec a child's cmdline is
        # still its parent's, so a child counted too early has no role yet.
        started = wait_for(lambda: c if all(role(c := children(demo.pid), w) for w in words) else None, 20)
        assert started, f"the split demo did not start its three processes: {children(demo.pid)}"
        gateway, cluster, centre = (role(started, w) for w in words)
        time.sleep(2)
        os.kill(centre, signal.SIGKILL)
        again = wait_for(lambda: role(children(demo.pid), "demo --zenoh-connect") not in (None, centre), 10)
        assert again, "the centre display was not restarted"
        now = children(demo.pid)
        assert role(now, "cluster") == cluster and role(now, "gateway") == gateway  # they never stopped
    finally:
        demo.send_signal(signal.SIGTERM)
        try:
            _, err = demo.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            demo.kill()
            _, err = demo.communicate()
    assert demo.returncode == 0, err
    assert "centre display exited (code -9); restarting it" in err
    assert "Traceback" not in err


def test_run_from_zenoh_waits_for_the_gateway_and_stops_cleanly(env):
    import threading

    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cockpit.cli",
            "-v",
            "run",
            "--source",
            "zenoh",
            "--connect",
            "tcp/127.0.0.1:9",
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(run.stderr.readline, "")), daemon=True)
    reader.start()
    # No gateway answers there: the screen runs with dashes and the link offline meanwhile.
    assert wait_for(
        lambda: any("cockpit running from Zenoh (tcp/127.0.0.1:9)" in line for line in lines), 30
    ), lines
    time.sleep(1)
    assert run.poll() is None
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=20)
    reader.join(5)
    assert run.returncode == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)
