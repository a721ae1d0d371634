"""The per-frame tick that sleeps while nothing changes.

A screen drains the signal store 60 times a second. With the car asleep, or parked with nothing
changing, nearly every one of those drains finds nothing, and waking Qt and Python for it was most
of an idle cockpit's CPU (issue 15). So after ``IDLE_TICKS`` empty drains in a row the timer stops,
and two things wake it: the store, at its next change (called from the writing thread, handed to
the Qt main thread as a queued signal), and a single-shot timer at the store's earliest staleness
deadline, so a value that stops arriving still turns into a dash on time (within
``STALE_GRACE_MS``). Waking ticks at once: the first change after a quiet spell is not a frame late.
At a deadline the store is asked first whether anything went stale; while frames keep coming
nothing has, and the timer is only set again for the next one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from cockpit.signals import SignalStore

# Empty drains in a row before the tick sleeps. Short: a sleeping tick wakes the moment a value
# arrives, so sleeping costs no latency; a parked car changes a value every second or two, and a
# long wait after each change kept the tick awake a quarter of the time.
IDLE_TICKS = 2
# While frames keep coming, the earliest staleness deadline is always about one timeout ahead and
# keeps moving: waking for each one was most of a parked cockpit's ticks. A value that stopped
# arriving is shown stale at most this long after its timeout, and never later than one more of
# the shortest timeout (the speed's 30 ms: a frame or two).
STALE_GRACE_MS = 100
_MAX_SLEEP_MS = 2**31 - 1  # QTimer's limit (24 days)


class FrameTick(QObject):
    """Calls ``tick`` every ``interval_ms`` while it reports changes, and sleeps when it does not.

    ``tick`` returns whether it found anything to show. ``may_sleep`` says whether the screen can
    wait for the store (a page showing ages that count up cannot). ``next_event``: when, on the
    store's clock, something else the tick shows may change by itself (a link's heartbeat running
    out); the sleeping tick wakes then too.
    """

    _woken = Signal()

    def __init__(
        self,
        store: SignalStore,
        tick: Callable[[], bool],
        interval_ms: int = 16,
        idle_ticks: int = IDLE_TICKS,
        may_sleep: Callable[[], bool] = lambda: True,
        next_event: Callable[[], float] = lambda: math.inf,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self._tick, self._may_sleep = store, tick, may_sleep
        self._next_event = next_event
        self.idle_ticks, self.interval_ms = idle_ticks, interval_ms
        self._last_tick = -math.inf  # time.monotonic() of the last tick
        self.grace_ms = math.ceil(min(STALE_GRACE_MS, store.shortest_timeout * 1000))
        self.asleep = False
        self.sleeps = 0  # how many times it has gone to sleep (diagnostics, tests)
        self._empty = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_deadline)
        # Queued: the store calls from a bus thread, with its lock held; the tick drains it later.
        self._woken.connect(self.wake, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Tick from now on."""
        self.asleep, self._empty = False, 0
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking, and stop listening to the store."""
        self.store.wake_on_change(None)
        self._timer.stop()
        self._deadline.stop()
        self.asleep = False

    @Slot()
    def wake(self) -> None:
        """Tick every frame again (anything may call it: a page change, a new value); at once, or
        a frame after the last tick if that was less than a frame ago (never faster than frames)."""
        self._resume(0)

    def _resume(self, empty: int) -> None:
        if not self.asleep:
            return
        self.asleep, self._empty = False, empty
        self._deadline.stop()
        since_ms = (time.monotonic() - self._last_tick) * 1000
        if since_ms >= self.interval_ms:
            self._timer.start(self.interval_ms)
            self._on_timer()
        else:
            self._timer.start(max(1, math.ceil(self.interval_ms - since_ms)))

    @Slot()
    def _on_deadline(self) -> None:
        if self.asleep and self.store.clock() < self._next_event() and not self.store.has_gone_stale():
            # Frames kept coming and pushed every deadline on: nothing to show, sleep on to the
            # next one (no tick: its drain and model updates cost about eight times this look).
            self._arm_deadline()
            return
        # A value has gone stale: one tick shows it, and if that was all, sleep again.
        self._resume(self.idle_ticks - 1)

    @Slot()
    def _on_timer(self) -> None:
        if self._timer.interval() != self.interval_ms:
            self._timer.setInterval(self.interval_ms)  # the first tick after a wake was sooner
        self._last_tick = time.monotonic()
        if self._tick():
            self._empty = 0
            return
        self._empty += 1
        if self._empty >= self.idle_ticks and self._may_sleep():
            self._sleep()

    def _sleep(self) -> None:
        deadline = self.store.next_deadline()
        if deadline == -math.inf:
            return  # the next drain works out when a value can go stale; sleep after it
        if not self.store.wake_on_change(self._woken.emit):
            return  # something arrived since this frame's drain: keep ticking
        self._timer.stop()
        self.asleep = True
        self.sleeps += 1
        self._arm_deadline(deadline)

    def _arm_deadline(self, deadline: float | None = None) -> None:
        """Wake at the store's next staleness deadline or the next event, whichever comes first (not
        sooner than the grace); neither: no wake."""
        if deadline is None:
            deadline = self.store.next_deadline()
        deadline = min(deadline, self._next_event())
        if deadline != math.inf:
            left_ms = math.ceil((deadline - self.store.clock()) * 1000) + 1
            self._deadline.start(max(self.grace_ms, min(left_ms, _MAX_SLEEP_MS)))
