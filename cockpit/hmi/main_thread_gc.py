"""Python's cyclic garbage collector, run on the Qt main thread only.

CPython runs the cyclic collector in whichever thread happens to allocate when a threshold is
crossed: a zeroconf, handoff or CAN thread as often as the Qt one. A cycle that holds QObjects (a
cockpit, its models, their timers and the QML engine, tied together by a closure) is then deleted on
that thread, which Qt does not allow; under load the process dies with a segmentation fault in the
next event loop pass. So, as pyqtgraph's ``GarbageCollector`` does, automatic collection is turned
off and the same thresholds are checked on a main-thread timer instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

CHECK_INTERVAL_MS = 500


class MainThreadGarbageCollector(QObject):
    """Disables automatic collection and collects from a timer on the thread that made it."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @Slot()
    def check(self) -> None:
        """Collect the generations whose thresholds were crossed, as the automatic collector would."""
        counts = gc.get_count()
        generation = -1
        for level in range(3):
            if counts[level] > self.thresholds[level]:
                generation = level
        if generation >= 0:
            gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to CPython."""
        self._timer.stop()
        gc.enable()


_INSTALLED: list[MainThreadGarbageCollector] = []


def collect_garbage_on_main_thread(app: QObject) -> MainThreadGarbageCollector:
    """Install the collector for ``app`` (once per process; call on the Qt main thread)."""
    if not _INSTALLED:
        _INSTALLED.append(MainThreadGarbageCollector(app))
    return _INSTALLED[0]
