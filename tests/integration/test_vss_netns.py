"""The signal link between computers: the gateway in one network namespace, a display in
another, a Zenoh router in a third between them (no IP forwarding: only the router joins them).

    [gateway ns] 10.212.1.1 --veth-- 10.212.1.2 [router ns] 10.212.2.1 --veth-- 10.212.2.2 [display ns]

The addresses exist only inside namespaces this test makes and removes; nothing reaches any other
network. Skips, with the reason, where namespaces cannot be made (not root, no iproute2).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import zenoh  # noqa: F401 - a hard dependency: missing, these tests fail rather than skip

REPO = Path(__file__).resolve().parents[2]
PORT = 7447


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10, check=check)


def _unavailable() -> str | None:
    if shutil.which("ip") is None:
        return "ip (iproute2) is not installed"
    name = f"ck12probe{os.getpid()}"
    made = _ip("netns", "add", name, check=False)
    if made.returncode != 0:
        return f"cannot make a network namespace here: {made.stderr.strip()}"
    _ip("netns", "del", name, check=False)
    return None


UNAVAILABLE = _unavailable()
pytestmark = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")

DISPLAY_PROBE = textwrap.dedent("""
    import json, sys, time
    from cockpit.config import load_config
    from cockpit.app.vss import display_head_unit
    unit = display_head_unit(load_config(sys.argv[1])).start()
    store, subscriber = unit.store, unit.part("vss").subscriber
    try:
        for _ in range(400):   # at most 40 s; the test reads the lines as they come
            reading = store.read("Vehicle.Speed")
            print(json.dumps({"t": time.time(), "status": reading.quality.value, "value": reading.value,
                              "link": subscriber.link_state(), "dropped": subscriber.stats.decode_errors}),
                  flush=True)
            time.sleep(0.1)
    finally:
        unit.stop()
""")

ROGUE = textwrap.dedent("""
    import json, sys, time, zenoh
    user, password, endpoint = sys.argv[1:4]
    session = zenoh.open(zenoh.Config.from_json5(json.dumps({"mode": "client",
        "connect": {"endpoints": [endpoint]},
        "transport": {"auth": {"usrpwd": {"user": user, "password": password}}}})))
    forged = json.dumps({"value": 250.0, "unit": "km/h", "status": "valid", "ts": time.time(), "reason": ""})
    for _ in range(300):
        session.put("vss/Vehicle/Speed", forged)
        time.sleep(0.01)
    print("rogue done", flush=True)
    session.close()
""")


class Net:
    """Three namespaces joined by two veth pairs, removed on close."""

    def __init__(self) -> None:
        tag = f"{os.getpid() % 100000}"
        self.gw, self.rt, self.cl = (f"ck12{tag}{part}" for part in ("g", "r", "c"))
        self.made: list[str] = []
        for ns in (self.gw, self.rt, self.cl):
            _ip("netns", "add", ns)
            self.made.append(ns)
            self.run(ns, "ip", "link", "set", "lo", "up")
        self._pair(f"c12a{tag}", self.gw, "10.212.1.1/24", f"c12b{tag}", self.rt, "10.212.1.2/24")
        self._pair(f"c12c{tag}", self.rt, "10.212.2.1/24", f"c12d{tag}", self.cl, "10.212.2.2/24")

    def _pair(self, a: str, ns_a: str, addr_a: str, b: str, ns_b: str, addr_b: str) -> None:
        _ip("link", "add", a, "type", "veth", "peer", "name", b)
        for name, ns, addr in ((a, ns_a, addr_a), (b, ns_b, addr_b)):
            _ip("link", "set", name, "netns", ns)
            self.run(ns, "ip", "addr", "add", addr, "dev", name)
            self.run(ns, "ip", "link", "set", name, "up")

    def run(self, ns: str, *argv: str) -> None:
        subprocess.run(["ip", "netns", "exec", ns, *argv], check=True, capture_output=True, timeout=10)

    def spawn(self, ns: str, *argv: str, **kwargs) -> subprocess.Popen:
        env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.Popen(
            ["ip", "netns", "exec", ns, *argv],
            cwd=REPO,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            **kwargs,
        )

    def close(self) -> None:
        for ns in self.made:  # deleting a namespace removes its veth ends too
            _ip("netns", "del", ns, check=False)


def _toml(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stderr.read() if process.stderr else ""


def test_gateway_and_display_in_two_namespaces_meet_through_the_router_and_only_the_gateway_writes(tmp_path):
    from cockpit.vss.session import ensure_credentials, read_credentials

    credentials = tmp_path / "credentials"
    ensure_credentials(credentials)
    users = read_credentials(credentials)
    router_toml = _toml(
        tmp_path / "router.toml",
        f"""
        [zenoh]
        mode = "router"
        listen = ["tcp/10.212.1.2:{PORT}", "tcp/10.212.2.1:{PORT}"]
        credentials = "{credentials}"
    """,
    )
    gateway_toml = _toml(
        tmp_path / "gateway.toml",
        f"""
        [zenoh]
        mode = "client"
        connect = ["tcp/10.212.1.2:{PORT}"]
        credentials = "{credentials}"
    """,
    )
    display_toml = _toml(
        tmp_path / "display.toml",
        f"""
        [zenoh]
        mode = "client"
        connect = ["tcp/10.212.2.1:{PORT}"]
        credentials = "{credentials}"
    """,
    )
    net = Net()
    processes: list[subprocess.Popen] = []
    try:
        # The display first: it waits (retrying, signals not received) until the router is up.
        display = net.spawn(net.cl, sys.executable, "-c", DISPLAY_PROBE, str(display_toml))
        processes.append(display)
        router = net.spawn(net.rt, sys.executable, "-m", "cockpit.vss.router", "--config", str(router_toml))
        processes.append(router)
        gateway = net.spawn(
            net.gw,
            sys.executable,
            "-m",
            "cockpit.cli",
            "gateway",
            "--config",
            str(gateway_toml),
            "--scenario",
            "highway",
        )
        processes.append(gateway)

        def lines_until(predicate, timeout: float) -> dict:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                line = display.stdout.readline()
                if not line:
                    break
                if line.startswith("{"):
                    state = json.loads(line)
                    seen.append(state)
                    if predicate(state):
                        return state
            raise AssertionError(
                f"the display never got there; last: {seen[-3:]}\n{_stop(display)}\n"
                f"router: {_stop(router)}\ngateway: {_stop(gateway)}"
            )

        seen: list[dict] = []
        assert seen == [] and lines_until(lambda s: s["status"] == "not_received", 10)
        live = lines_until(lambda s: s["status"] == "valid" and s["link"] == "ok", 30)
        assert isinstance(live["value"], float)

        # A participant in the display's namespace with display credentials forges the speed.
        rogue = net.spawn(
            net.cl, sys.executable, "-c", ROGUE, "display", users["display"], f"tcp/10.212.2.1:{PORT}"
        )
        processes.append(rogue)
        start = len(seen)
        lines_until(lambda s: rogue.poll() is not None, 15)
        assert "rogue done" in rogue.stdout.read(), f"the rogue never got in: {rogue.stderr.read()}"
        assert all(state["value"] != 250.0 for state in seen[start:]), "a forged speed reached the display"

        # The gateway dies: the display, judged on its own clock, shows nothing as true any more.
        gateway.kill()
        gateway.wait()
        killed = time.time()
        stale = lines_until(lambda s: s["status"] != "valid", 5)
        assert stale["t"] - killed < 0.03 + 1 / 60 + 0.1 + 0.05  # timeout + frame + the probe's 100 ms poll
        assert stale["link"] in ("ok", "offline")
        assert lines_until(lambda s: s["link"] == "offline", 2)
    finally:
        for process in processes:
            _stop(process)
        net.close()
