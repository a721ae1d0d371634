"""``cockpit demo --split``: the gateway, the centre display and the cluster as three processes.

Mixed criticality, shown: the cluster depends on the gateway only, so killing the centre display
(or its crash) leaves the cluster updating. This supervisor restarts a display that dies, and the
new one gets the whole state at once from the gateway's query. Closing a window (a clean exit)
ends the demo; so do Ctrl-C and SIGTERM, which stop every child.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

CRASH_WINDOW_S = 5.0  # a child that dies this soon after starting, three times running, is given up
MAX_QUICK_CRASHES = 3


def free_loopback_port() -> int:
    """A TCP port free on 127.0.0.1 right now (each demo its own: demos and tests never meet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Child:
    """One supervised process: its name, command line, and how it has fared."""

    name: str
    argv: list[str]
    ends_demo_on_clean_exit: bool
    process: subprocess.Popen | None = None
    started: float = 0.0
    quick_crashes: int = 0
    restarts: int = 0
    history: list[int] = field(default_factory=list)

    def start(self) -> None:
        """Spawn it."""
        self.process = subprocess.Popen(self.argv)
        self.started = time.monotonic()

    def stop(self, grace_s: float = 5.0) -> None:
        """SIGTERM, then SIGKILL after ``grace_s``."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def commands(args: argparse.Namespace, endpoint: str) -> list[Child]:
    """The three processes of the split demo, gateway first."""
    cockpit = [sys.executable, "-m", "cockpit.cli"]
    verbose = ["-v"] * int(getattr(args, "verbose", 0) or 0)
    look = ["--theme", args.theme, "--lang", args.lang, "--units", args.units]
    return [
        Child(
            "gateway",
            [
                *cockpit,
                *verbose,
                "gateway",
                "--scenario",
                args.scenario,
                "--seed",
                str(args.seed),
                "--listen",
                endpoint,
            ],
            ends_demo_on_clean_exit=False,
        ),
        Child(
            "cluster",
            [*cockpit, *verbose, "cluster", "--connect", endpoint, *look],
            ends_demo_on_clean_exit=True,
        ),
        Child(
            "centre display",
            [
                *cockpit,
                *verbose,
                "demo",
                "--zenoh-connect",
                endpoint,
                "--page",
                args.page,
                *look,
                *(["--fullscreen"] if args.fullscreen else []),
            ],
            ends_demo_on_clean_exit=True,
        ),
    ]


def supervise(children: list[Child], stop: threading.Event, poll_s: float = 0.2) -> int:
    """Start ``children``, restart any that dies, and return when the demo ends."""
    for child in children:
        child.start()
    try:
        while not stop.wait(poll_s):
            for child in children:
                assert child.process is not None
                code = child.process.poll()
                if code is None:
                    continue
                child.history.append(code)
                if code == 0 and child.ends_demo_on_clean_exit:
                    log.info("%s closed; ending the demo", child.name)
                    return 0
                quick = time.monotonic() - child.started < CRASH_WINDOW_S
                child.quick_crashes = child.quick_crashes + 1 if quick else 0
                if child.quick_crashes >= MAX_QUICK_CRASHES:
                    log.error("%s keeps failing (exit code %s); ending the demo", child.name, code)
                    return 1
                log.warning(
                    "%s exited (code %s); restarting it: it gets the whole state from the gateway's query",
                    child.name,
                    code,
                )
                child.restarts += 1
                child.start()
        return 0
    finally:
        for child in reversed(children):  # displays first, the gateway last
            child.stop()


def run_split(args: argparse.Namespace) -> int:
    """Run the split demo until a window is closed, Ctrl-C or SIGTERM."""
    endpoint = f"tcp/127.0.0.1:{free_loopback_port()}"
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: stop.set())
    log.warning("split demo: gateway, cluster and centre display on %s", endpoint)
    try:
        return supervise(commands(args, endpoint), stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
