"""``SimRunner``: puts a simulated car's frames on a python-can bus, in real time or as fast as it can.

One named daemon thread. In real time it sleeps until each batch of frames is due and stamps every
frame with the wall clock; with ``realtime=False`` it sends as fast as the bus takes them, keeping
sim-time stamps. A send that fails (a full queue, a closed bus, an adapter that went away) is
counted and logged, never fatal: a head unit's bus comes and goes, the car keeps driving.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

import can

log = logging.getLogger(__name__)

TICK_S = 0.005  # real-time batch: frames due within 5 ms go out together
FAST_CHUNK_S = 0.1  # sim seconds per batch when running as fast as possible


class FrameSource(Protocol):
    """What the runner drives: a SimulatedCar, or a look-alike making frames on its own sim clock."""

    @property
    def time(self) -> float:
        """Sim seconds so far."""

    @property
    def finished(self) -> bool:
        """A non-looping scenario has played its last step."""

    def frames_until(self, t: float) -> list[can.Message]:
        """Every frame due up to sim time ``t``, in order."""


class FrameSink(Protocol):
    """Where the runner puts frames: a python-can bus, or a wrapper with the same ``send``."""

    def send(self, msg: can.Message, timeout: float | None = None) -> None:
        """Send one frame, as ``can.BusABC.send`` does."""


class SimRunner:
    """Sends ``car``'s frames onto ``bus`` from a background thread until stopped.

    ``duration`` (sim seconds) ends the run early; ``stop_when_finished`` ends it when a non-looping
    scenario has played its last step. By default the car keeps idling after its script, sending
    its frames as a parked car would, so a cockpit watching it never sees the bus go silent.
    """

    def __init__(
        self,
        car: FrameSource,
        bus: FrameSink,
        realtime: bool = True,
        duration: float | None = None,
        stop_when_finished: bool = False,
    ) -> None:
        self.car = car
        self.bus = bus
        self.realtime = realtime
        self.duration = duration
        self.stop_when_finished = stop_when_finished
        self.frames_sent = 0
        self.send_errors = 0
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the sending thread (``cockpit-sim``)."""
        if self._thread is not None:
            raise RuntimeError("SimRunner.start() called twice")
        self._thread = threading.Thread(target=self._run, name="cockpit-sim", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop sending and join the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the run is over (duration, finished scenario, error or stop); True if it is."""
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        car = self.car
        start_sim = car.time
        end_sim = start_sim + self.duration if self.duration is not None else float("inf")
        wall_start = time.time()
        mono_start = time.monotonic()
        try:
            while not self._stop.is_set():
                if self.realtime:
                    target = min(end_sim, start_sim + (time.monotonic() - mono_start))
                else:
                    target = min(end_sim, car.time + FAST_CHUNK_S)
                for frame in car.frames_until(target):
                    if self.realtime:
                        frame.timestamp = wall_start + (frame.timestamp - start_sim)
                    self._send(frame)
                if target >= end_sim or (self.stop_when_finished and car.finished):
                    break
                if self.realtime:
                    self._stop.wait(TICK_S)
        except Exception:  # a simulator bug must not hang the app; it is logged
            log.exception("the simulated car stopped on an error")
        finally:
            self._done.set()

    def _send(self, frame: can.Message) -> None:
        try:
            self.bus.send(frame)
            self.frames_sent += 1
        except (can.CanError, OSError, ValueError) as exc:
            self.send_errors += 1
            # The first error and then one in a thousand: a full bus would otherwise flood the log.
            if self.send_errors == 1 or self.send_errors % 1000 == 0:
                log.warning(
                    "could not send 0x%X (%d send errors so far): %s",
                    frame.arbitration_id,
                    self.send_errors,
                    exc,
                )
