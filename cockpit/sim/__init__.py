"""The simulated car: vehicle and battery physics, ADAS scenarios and fault injection, sent as the
reference vehicle's CAN frames (``can_dbc/cockpit_ev.dbc``) at each message's cycle time.

Public API:

- ``scenario_names() -> list[str]``: the named scenarios (city, highway, parking, arriving, charging,
  faults, demo).
- ``SimulatedCar(db, scenario, seed=0)``: ``frames_until(t)`` advances to sim time ``t`` and returns
  every frame due by then (sim-time stamps, E2E protected, CAN FD flags set); ``time``, ``state``
  (the physical state, a ``CarState``), ``finished``.
- ``SimRunner(car, bus, realtime=True)``: ``start()`` a daemon thread that sends the frames onto a
  python-can bus, ``stop()``; ``frames_sent``, ``send_errors``.
"""

from cockpit.sim.car import SimulatedCar
from cockpit.sim.runner import SimRunner
from cockpit.sim.scenarios import SCENARIOS, Scenario, scenario_names
from cockpit.sim.state import CarState

__all__ = ["SCENARIOS", "CarState", "Scenario", "SimRunner", "SimulatedCar", "scenario_names"]
