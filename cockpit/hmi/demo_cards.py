"""The demo's route and track for pictures: the cards of ``cockpit screenshot`` without a phone.

The route is the demo route (cockpit.demo.sessions, handed in through cockpit.app) and the car drives
along it by the simulated car's own speed, integrated over simulated time, exactly as the car's handoff
moves a route live (cockpit.handoff.car); it arrives and ends the same way. No network, no handoff
thread: the HandoffModel is fed the events the handoff service would send.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cockpit.app.seams import HandoffEvent
from cockpit.hmi.handoff_model import HandoffModel
from cockpit.signals import SignalStore


class DemoCards:
    """A HandoffModel holding the demo's route and track, moved on by the simulated car."""

    def __init__(self, store: SignalStore, clock: Callable[[], float], sessions: tuple[Any, Any]) -> None:
        """``sessions``: the route (a NavigationSession) and the track (a MediaSession) to show."""
        self._store, self._clock = store, clock
        self.route, self.track = sessions
        self.model = HandoffModel(store=store, clock=clock)
        self._last: float | None = None
        self._arrived = False
        self._report()

    def advance(self, now: float) -> None:
        """Drive the route by the distance the simulated car covered since the last call."""
        speed = self._store.value_if_valid("Vehicle.Speed") if "Vehicle.Speed" in self._store else None
        if self._last is not None and speed is not None and not self._arrived:
            self.route.drive(float(speed) / 3.6 * (now - self._last))
            if self.route.arrived:
                self._arrived = True
                self.model.post(
                    HandoffEvent.ARRIVED,
                    {"destination_name": self.route.destination_name, "id": self.route.id},
                )
        self._last = now
        self._report()
        self.model.read_vehicle()

    def _report(self) -> None:
        now = self._clock()
        sessions = (
            [self.track.to_wire(now)] if self._arrived else [self.route.to_wire(now), self.track.to_wire(now)]
        )
        self.model.post(HandoffEvent.SESSIONS, {"sessions": sessions})
