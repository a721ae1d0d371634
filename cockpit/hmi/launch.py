"""Starting Qt for real: the display check, the Qt application, and the event loop with a clean
shutdown. Shared by ``demo``, ``run`` and ``screenshot``; the parts themselves are the head unit's
(``cockpit.app``).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QTimer, qSetMessagePattern
from PySide6.QtGui import QGuiApplication

from cockpit.errors import CockpitError

log = logging.getLogger(__name__)
qml_log = logging.getLogger("cockpit.qml")

_HEADLESS_PLATFORMS = {"offscreen", "minimal", "eglfs", "linuxfb", "vnc", "vkkhrdisplay", "minimalegl"}


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why Qt could not open a window here, as advice; None when a display looks available.

    Qt aborts the process (no exception) when its platform plugin cannot start, so we look first.
    """
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in _HEADLESS_PLATFORMS:
        return None
    if platform.startswith("wayland"):
        return (
            None
            if env.get("WAYLAND_DISPLAY")
            else "QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set"
        )
    if not sys.platform.startswith("linux"):
        return None
    if env.get("WAYLAND_DISPLAY") and not platform:
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return "no display: DISPLAY is not set"
    if display.startswith(":"):
        number = display[1:].split(".")[0]
        if number.isdigit() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f"no X server answers on DISPLAY={display}"
    return None


def require_display(env: Mapping[str, str] | None = None) -> None:
    """Raise a CockpitError that says how to get a display, instead of letting Qt abort."""
    problem = display_problem(env)
    if problem:
        raise CockpitError(
            f"{problem}. Run it under a virtual display: `xvfb-run -s '-screen 0 1920x720x24' "
            f"cockpit demo`, or pick a Qt platform: QT_QPA_PLATFORM=eglfs on a head unit without a "
            f"desktop, QT_QPA_PLATFORM=offscreen to render nothing (use `cockpit screenshot` for images)"
        )


def use_offscreen_rendering() -> None:
    """Render without a display, with the software renderer (screenshots, CI); before Qt starts."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_QUICK_BACKEND"] = "software"


# Qt's messages in the shape of the cockpit's own log lines ("%(asctime)s %(levelname)s %(name)s:").
QT_MESSAGE_PATTERN = (
    "%{time yyyy-MM-dd hh:mm:ss,zzz} "
    "%{if-debug}DEBUG%{endif}%{if-info}INFO%{endif}%{if-warning}WARNING%{endif}"
    "%{if-critical}ERROR%{endif}%{if-fatal}CRITICAL%{endif} cockpit.qml: %{message}"
)


def print_qt_messages_as_log_lines() -> None:
    """Qt's and QML's messages on stderr, in the cockpit's log format, by Qt itself.

    Not forwarded to Python logging: a Python message handler takes the GIL on whichever thread Qt
    writes, and when the main thread waits for the render thread while holding the GIL (closing a
    window does, as ``quit`` and the screen's stop do), a render thread with something to say
    waited for it forever: the cockpit never exited on SIGTERM. PySide cannot swap the handler
    safely while another thread may be in it either. Debug messages are shown only with ``-v``
    (``QT_LOGGING_RULES`` still decides over both).
    """
    if "QT_MESSAGE_PATTERN" not in os.environ:
        qSetMessagePattern(QT_MESSAGE_PATTERN)
    if not qml_log.isEnabledFor(logging.DEBUG):
        QLoggingCategory.setFilterRules("*.debug=false")


def application(argv: Sequence[str] = ("cockpit",)) -> QGuiApplication:
    """The one QGuiApplication, with Qt's and QML's messages printed as log lines."""
    app = QGuiApplication.instance()
    if app is None:
        print_qt_messages_as_log_lines()
        app = QGuiApplication(list(argv))
        app.setApplicationName("Cockpit")
        app.setOrganizationName("cockpit")
        from cockpit.hmi.main_thread_gc import collect_garbage_on_main_thread

        collect_garbage_on_main_thread(app)  # QObjects in a cycle must never die on another thread
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError("a QCoreApplication is already running; the cockpit needs a QGuiApplication")
    return app


def exec_until_interrupted(app: QGuiApplication, on_tick: Callable[[], None] | None = None) -> int:
    """Run the event loop; Ctrl-C (SIGINT) or SIGTERM quits it cleanly rather than killing Qt.

    Python runs signal handlers only between bytecodes, so a slow timer wakes the interpreter.
    """
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: app.quit())
    waker = QTimer()
    waker.setInterval(200)
    waker.timeout.connect(on_tick or (lambda: None))
    waker.start()
    try:
        return int(app.exec())
    finally:
        waker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
