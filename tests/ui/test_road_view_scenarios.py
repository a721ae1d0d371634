"""The road view through every scenario: lane lines sampled from the drawn geometry never cross
the ego car, whatever the bend (the city's left turn used to draw them as a loop through it).

The simulated car drives each scenario in full (the charging one for its first minute: the car
stands still after that), its ADAS frames go through the real decoder into the store, and the
lines the ADAS page draws are read back every half second.
"""

from __future__ import annotations

import itertools

import cantools
import pytest
from PySide6.QtCore import QPointF, QRectF

from cockpit.decode import FrameDecoder
from cockpit.hmi.app import Cockpit
from cockpit.app.vehicle import SimulatedTime
from cockpit.signals import SignalStore
from cockpit.sim import SimulatedCar, scenario_names

ROAD_VIEW_MESSAGES = (
    "CAM_LaneLines",
    "CAM_AssistStatus",
    "ACC_Status",
    "ADAS_FcwAeb",
    "ADAS_ObjectList",
    "RADAR_BlindSpot",
)
SAMPLE_S = 0.5
LONGEST_S = {"charging": 60.0}


def _crosses(a: QPointF, b: QPointF, box: QRectF, steps: int = 16) -> bool:
    return any(box.contains(a + (b - a) * (i / steps)) for i in range(steps + 1))


@pytest.mark.parametrize("name", scenario_names())
def test_no_lane_line_ever_crosses_the_ego_car(qapp, schema, name) -> None:
    db = cantools.database.can.Database([schema.db.get_message_by_name(m) for m in ROAD_VIEW_MESSAGES])
    car = SimulatedCar(db, name)
    clock = SimulatedTime()
    store = SignalStore(schema.signal_specs(), clock=clock)
    decoder = FrameDecoder(schema, store, bus_name="vehicle")
    cockpit = Cockpit(store, initial_page="adas", sound=False)
    try:
        window = cockpit.load()
        window.show()
        lines = [cockpit.find("adasScene_laneLeft"), cockpit.find("adasScene_laneRight")]
        ego = cockpit.find("adasScene_egoCar")
        end = LONGEST_S.get(name, 300.0)
        t, drawn, problems = 0.0, 0, []
        # The demo loops: once round it is.
        while t < end and not (car.finished and t > 1.0) and not (name == "demo" and t > 250.0):
            t += SAMPLE_S
            for frame in car.frames_until(t):
                decoder(frame)
            clock.now = t
            cockpit.tick(t)
            for line in lines:
                if not line.isVisible():
                    continue
                drawn += 1
                half = line.property("widthPx") / 2
                box = QRectF(ego.x(), ego.y(), ego.width(), ego.height()).adjusted(-half, -half, half, half)
                points = line.property("points").toVariant()
                for a, b in itertools.pairwise(points):
                    if _crosses(a, b, box):
                        problems.append(f"{t:.1f} s: {line.objectName()} crosses the car between {a} and {b}")
                        break
        assert not problems, "\n".join(problems[:10])
        assert drawn > 0 or name in ("charging", "arriving", "parking"), "lines were drawn and checked"
        assert not cockpit.load_warnings
    finally:
        cockpit.close()
