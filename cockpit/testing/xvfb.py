"""An X server of a test's or benchmark's own (Xvfb), for a real window with Qt's xcb platform.

Offscreen rendering has no render thread and no X connection; what only a real window does (Qt's
threaded render loop, the demo's window as a user sees it) needs an X server. Xvfb picks a free
display number itself (``-displayfd``), so several can run beside a desktop or another test, and
it listens on no TCP port.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass


class NoXvfb(RuntimeError):
    """Xvfb is not installed."""


@dataclass(frozen=True)
class VirtualDisplay:
    """A running Xvfb: its ``DISPLAY`` and its process id (to measure it beside what it shows)."""

    display: str
    pid: int


@contextlib.contextmanager
def virtual_display(size: str = "1920x720") -> Iterator[VirtualDisplay]:
    """Start an Xvfb of ``size`` (WxH, 24-bit), yield it, and stop it; NoXvfb if it is not installed."""
    if shutil.which("Xvfb") is None:
        raise NoXvfb("Xvfb is not installed: scripts/bootstrap installs it (Debian package xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as displays:
        number = displays.readline().strip()
    try:
        yield VirtualDisplay(f":{number}", server.pid)
    finally:
        server.terminate()
        server.wait(10)
