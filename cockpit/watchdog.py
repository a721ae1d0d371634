"""systemd notification and a watchdog that pings only while the cockpit is really alive.

``SystemdNotifier`` speaks the sd_notify protocol itself (one datagram on ``$NOTIFY_SOCKET``, a path
or an abstract ``@name``), so no libsystemd binding is needed; outside systemd it does nothing.

``Watchdog`` holds liveness checks (the UI loop's heartbeat, each bus reader's ``alive``) and sends
``WATCHDOG=1`` only when every one passes. When one fails it stops pinging and says which in
``STATUS=``, so systemd restarts a cockpit whose UI hung or whose bus thread died, and the journal
says why. No Qt here: the app beats the UI heartbeat from its own timer.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends sd_notify messages; a no-op when the process was not started by systemd (no socket)."""

    def __init__(self, address: str | None = None) -> None:
        address = os.environ.get("NOTIFY_SOCKET") if address is None else address
        self.address: str | None = address or None
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """True when there is a socket to notify."""
        return self.address is not None

    def notify(self, **fields: object) -> bool:
        """Send ``KEY=value`` lines (``ready=1`` becomes ``READY=1``); False if it could not be sent."""
        if not fields:
            return False
        return self.send("\n".join(f"{key.upper()}={value}" for key, value in fields.items()))

    def send(self, text: str) -> bool:
        """Send one raw notification datagram; False (and a log line) if it could not be sent."""
        if self.address is None:
            return False
        # "@name" is Linux's abstract namespace: a leading NUL byte, no file.
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        with self._lock:
            try:
                if self._socket is None:
                    self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._socket.sendto(text.encode("utf-8"), target)
                return True
            except OSError as exc:
                log.warning("systemd notify to %s failed: %s", self.address, exc)
                return False

    def ready(self, status: str = "running") -> bool:
        """Tell systemd start-up is done (Type=notify units wait for this)."""
        return self.notify(ready=1, status=status)

    def status(self, text: str) -> bool:
        """Set the one-line status ``systemctl status`` shows."""
        return self.notify(status=text)

    def stopping(self) -> bool:
        """Tell systemd the cockpit is shutting down on purpose."""
        return self.notify(stopping=1, status="stopping")

    def close(self) -> None:
        """Close the socket (notifications after this reopen it)."""
        with self._lock:
            if self._socket is not None:
                self._socket.close()
                self._socket = None


def watchdog_interval(environ: dict[str, str] | None = None) -> float | None:
    """Half of systemd's ``WatchdogSec`` (from ``$WATCHDOG_USEC``), or None if no watchdog is set.

    ``$WATCHDOG_PID``, when set, must be this process: a child must not ping for its parent.
    """
    env = os.environ if environ is None else environ
    usec = env.get("WATCHDOG_USEC")
    pid = env.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(0.01, int(usec) / 1e6 / 2)
    except ValueError:
        return None


class Heartbeat:
    """A liveness check for a loop that calls :meth:`beat` regularly (the UI loop, from its timer)."""

    def __init__(self, max_age: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age
        self._clock = clock
        self._last = clock()

    def beat(self) -> None:
        """The loop is alive now."""
        self._last = self._clock()

    def __call__(self) -> bool:
        return self._clock() - self._last <= self.max_age


class Watchdog:
    """Pings systemd's watchdog only while every registered liveness check passes.

    ``interval`` defaults to half of ``WatchdogSec``; without a watchdog (not under systemd) ``start``
    does nothing and ``ping`` still evaluates the checks (so tests and ``--verbose`` see failures).
    """

    def __init__(self, notifier: SystemdNotifier | None = None, interval: float | None = None) -> None:
        self.notifier = notifier or SystemdNotifier()
        self.interval = interval if interval is not None else watchdog_interval()
        self._checks: dict[str, Callable[[], bool]] = {}
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.failing: list[str] = []
        self.pings = 0

    def register(self, name: str, check: Callable[[], bool]) -> None:
        """Add a liveness check (e.g. ``"bus powertrain"``, ``reader.alive`` wrapped in a lambda)."""
        self._checks[name] = check

    def heartbeat(self, name: str, max_age: float = 2.0) -> Heartbeat:
        """Register and return a heartbeat check: the loop calls ``.beat()`` at least every ``max_age``."""
        beat = Heartbeat(max_age)
        self.register(name, beat)
        return beat

    def unregister(self, name: str) -> None:
        """Remove a check (a bus removed from the configuration)."""
        self._checks.pop(name, None)

    def check(self) -> list[str]:
        """The names of the checks that fail now (a check that raises fails)."""
        failing = []
        for name, check in list(self._checks.items()):
            try:
                ok = bool(check())
            except Exception:  # a broken check counts as not alive
                log.exception("watchdog check %s raised", name)
                ok = False
            if not ok:
                failing.append(name)
        return failing

    def ping(self) -> bool:
        """Send ``WATCHDOG=1`` if every check passes; otherwise report the failing ones in STATUS."""
        failing = self.check()
        changed = failing != self.failing
        self.failing = failing
        if failing:
            if changed:
                text = "not alive: " + ", ".join(failing)
                log.error("watchdog: %s; not pinging, systemd will restart the cockpit", text)
                self.notifier.status(text)
            return False
        self.pings += 1
        if changed:
            self.notifier.notify(watchdog=1, status="running")
            return True
        self.notifier.notify(watchdog=1)
        return True

    def start(self) -> None:
        """Ping from a thread every ``interval`` (no-op without a watchdog interval)."""
        if self.interval is None or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="cockpit-watchdog", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.ping()
            except Exception:  # the pinger must not die; a silent watchdog restarts us
                log.exception("watchdog ping failed")

    def stop(self) -> None:
        """Stop pinging (before a clean exit)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None
