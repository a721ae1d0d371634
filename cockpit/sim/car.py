"""``SimulatedCar``: a scenario played on the physics, turned into the frames a real car would send.

Time is simulation time only: ``frames_until(t)`` advances the physics in fixed 10 ms steps up to
``t`` and returns every frame due by then, in time order, each stamped with its due time. Nothing
here reads a clock or sleeps, so the same seed gives the same frames on any machine, and a test can
drive minutes in a fraction of a second. ``SimRunner`` puts the frames on a bus in real time.
"""

from __future__ import annotations

import heapq
import random
from typing import Any

import can

from cockpit.errors import DbcError
from cockpit.sim.frames import MessageSender, build_senders
from cockpit.sim.scenarios import Scenario, build_scenario
from cockpit.sim.script import ScriptPlayer
from cockpit.sim.state import CarState

PHYSICS_STEP_S = 0.01


class SimulatedCar:
    """The reference vehicle driving one named scenario, deterministic given ``seed``.

    ``db`` is a cantools database; every message of it that the reference vehicle sends is
    simulated (a database holding only some of them simulates only those, which keeps tests fast).
    ``physics_step`` is the integration step (10 ms, the fastest cycle time); a coarser one lets a
    long parked run, a whole charging session say, go several times faster.
    """

    def __init__(
        self, db: Any, scenario: str, seed: int = 0, *, physics_step: float = PHYSICS_STEP_S
    ) -> None:
        if not 0.0 < physics_step <= 0.1:
            raise ValueError(f"physics_step {physics_step!r} s: use a step between 0 and 0.1 s")
        self.physics_step = physics_step
        rng = random.Random(seed)
        self.scenario: Scenario = build_scenario(scenario, rng)
        self.seed = seed
        self.state = CarState(rng=random.Random(rng.random()))
        self.scenario.setup(self.state)
        self._player = ScriptPlayer(self.scenario.steps, loop=self.scenario.loop)
        self._senders: list[MessageSender] = build_senders(db, self.scenario.faults)
        if not self._senders:
            raise DbcError(
                "this DBC has none of the reference vehicle's messages, so the simulated car has "
                "nothing to send; use can_dbc/cockpit_ev.dbc (the default)"
            )
        # (due time, sender index, slot): a heap, so each frame costs O(log messages).
        self._queue: list[tuple[float, int, int]] = [
            (sender.due(0), i, 0) for i, sender in enumerate(self._senders)
        ]
        heapq.heapify(self._queue)
        self._steps = 0
        self._player.advance(self.state)

    @property
    def time(self) -> float:
        """Simulation time reached, in seconds."""
        return self._steps * self.physics_step

    @property
    def finished(self) -> bool:
        """True once a non-looping scenario has played its last step."""
        return self._player.finished

    @property
    def messages(self) -> list[str]:
        """Names of the messages this car sends."""
        return [sender.name for sender in self._senders]

    @property
    def senders(self) -> tuple[MessageSender, ...]:
        """How each message is sent (cycle, phase, E2E, CAN FD), for tools and tests."""
        return tuple(self._senders)

    @property
    def frames_per_second(self) -> float:
        """Nominal frame rate of the simulated bus traffic (before faults)."""
        return sum(1.0 / sender.cycle for sender in self._senders)

    def frames_until(self, t: float) -> list[can.Message]:
        """Advance to sim time ``t`` and return every frame due by then (timestamps in sim time)."""
        frames: list[can.Message] = []
        queue, senders = self._queue, self._senders
        while queue and queue[0][0] <= t:
            due, index, slot = heapq.heappop(queue)
            self._advance_physics(due)
            sender = senders[index]
            frame = sender.frame(self.state, slot, due)
            if frame is not None:
                frames.append(frame)
            heapq.heappush(queue, (sender.due(slot + 1), index, slot + 1))
        self._advance_physics(t)
        return frames

    def _advance_physics(self, t: float) -> None:
        # Step while the *next* step still ends at or before t (a tolerance for float sums).
        step = self.physics_step
        while (self._steps + 1) * step <= t + 1e-9:
            self._steps += 1
            self.state.step(step)
            self.state.time = self._steps * step
            self._player.advance(self.state)
