"""Which warnings each scenario raises, when, and for what: the ADAS ECU warns for real threats only.

Every warning the simulated car puts on the bus is listed per scenario, as (warning, start, end,
reason). A new warning, a missing one or one for another object fails the test, so a change to the
simulated ECU that starts warning for the cyclist riding beside the lane (city, ~40 s) cannot slip
through. Times are sim seconds at seed 0, to the 0.5 s the warnings are sampled at.
"""

from __future__ import annotations

from dataclasses import dataclass

import cantools
import pytest

from cockpit.resources import reference_dbc
from cockpit.sim import SimulatedCar, scenario_names
from cockpit.sim.state import CarState

SAMPLE_S = 0.05
LENGTH_S = {"demo": 250.0, "charging": 900.0}  # the demo's first loop; the whole charge
TOLERANCE_S = 0.5


@dataclass(frozen=True)
class Interval:
    """One warning shown without a break."""

    warning: str
    start: float
    end: float
    reason: str

    def matches(self, other: Interval) -> bool:
        return (
            (self.warning, self.reason) == (other.warning, other.reason)
            and abs(self.start - other.start) <= TOLERANCE_S
            and abs(self.end - other.end) <= TOLERANCE_S
        )

    def __str__(self) -> str:
        return f"{self.warning} {self.start:.1f}-{self.end:.1f} s ({self.reason})"


def active_warnings(state: CarState) -> dict[str, str]:
    """The warnings on the bus now, each with why it is raised."""
    adas, out = state.adas, {}
    if adas.fcw_level.name != "NONE":
        target = adas.fcw_target
        out[f"FCW {adas.fcw_level.name}"] = target.label if target is not None else "no target"
    if adas.aeb_active:
        out["AEB"] = adas.fcw_target.label if adas.fcw_target is not None else "no target"
    if adas.lane_departure_side:
        out["LDW"] = "left line" if adas.lane_departure_side == 1 else "right line"

    def beside(sign: int) -> str:  # the vehicles in that blind spot (the zone the corner radar watches)
        return ", ".join(
            u.label
            for u in adas.traffic
            if abs(u.speed_ms) >= 2.0 and -12.0 < u.x < -1.0 and 1.8 < sign * (u.y - adas.lane.offset_m) < 5.4
        )

    if adas.blind_spot_left:
        out["BSD left"] = beside(1)
    if adas.blind_spot_right:
        out["BSD right"] = beside(-1)
    if adas.driver_attention_warning:
        out["DAW"] = "driver monitoring"
    park = getattr(state, "park", None)
    if park is not None and park.active and park.nearest_m() < park.warn_m:
        out["PDC"] = park.nearest_sector()
    return out


def warnings_of(name: str, until: float = 300.0) -> list[Interval]:
    db = cantools.database.load_file(reference_dbc(), strict=True)
    car = SimulatedCar(cantools.database.can.Database([db.get_message_by_name("VCU_DriveState")]), name)
    open_since: dict[tuple[str, str], float] = {}
    found: list[Interval] = []
    t = 0.0
    while t < until and not car.finished:
        t = round(t + SAMPLE_S, 6)
        car.frames_until(t)
        now = set(active_warnings(car.state).items())
        for key in now - open_since.keys():
            open_since[key] = t
        for key in set(open_since) - now:
            found.append(Interval(key[0], open_since.pop(key), t, key[1]))
    found += [Interval(w, start, t, reason) for (w, reason), start in open_since.items()]
    return sorted(found, key=lambda i: (i.start, i.warning))


EXPECTED: dict[str, list[Interval]] = {
    # The cyclist rides 1.9 m right of the lane centre: passed, never warned for as a collision.
    # Once passed it is in the right blind spot, which is a real warning (a right turn would hit it).
    "city": [Interval("BSD right", 42.0, 43.2, "cyclist")],
    "highway": [
        Interval("BSD left", 5.0, 6.8, "overtaker"),  # the overtaking car, beside and behind
        Interval("BSD right", 6.8, 9.1, "truck"),  # the truck being passed on the right
        Interval("LDW", 7.9, 10.0, "left line"),  # the drift to the left (LKA steers back)
        Interval("DAW", 9.0, 13.0, "driver monitoring"),  # the drowsiness warning
        Interval("FCW PREWARNING", 18.6, 19.4, "cut-in"),  # the car cutting in from the right ...
        Interval("FCW ACUTE", 19.4, 21.6, "cut-in"),  # ... slower than us, 2.5 s then 1.6 s away
    ],
    # Reversing towards the parked car and the post at its corner: the tone from 1.5 m.
    "parking": [Interval("PDC", 12.6, 16.4, "rear_left")],
    "arriving": [],
    # The lead drives at a steady gap and nobody cuts in: the faults are on the bus, not on the road.
    "faults": [],
    # Parked and charging: nothing to warn about for twelve minutes.
    "charging": [],
    # The demo's first loop: the same drives one after the other (the cut-in comes later in the
    # highway part than in the highway scenario, and ACC keeps it a pre-warning).
    "demo": [
        Interval("BSD right", 53.8, 55.0, "cyclist"),
        Interval("BSD left", 87.7, 89.2, "overtaker"),
        Interval("LDW", 91.2, 93.2, "left line"),
        Interval("BSD right", 91.4, 94.3, "truck"),
        Interval("DAW", 92.2, 96.2, "driver monitoring"),
        Interval("FCW PREWARNING", 101.3, 104.0, "cut-in"),
        Interval("PDC", 144.8, 148.5, "rear_left"),
    ],
}


@pytest.mark.parametrize("name", scenario_names())
def test_each_scenario_warns_exactly_when_and_for_what_it_should(name: str) -> None:
    got = warnings_of(name, until=LENGTH_S.get(name, 300.0))
    print("\n".join(str(i) for i in got))
    expected = EXPECTED[name]
    missing = [str(e) for e in expected if not any(e.matches(g) for g in got)]
    extra = [str(g) for g in got if not any(e.matches(g) for e in expected)]
    assert not missing and not extra, f"{name}: missing {missing}, unexpected {extra}"
