"""The simulated park distance control: gaps per sector, "not available" for a broken sensor."""

from __future__ import annotations

import cantools
import pytest

from cockpit.resources import reference_dbc
from cockpit.sim.body import Gear, PowerMode
from cockpit.sim.frames import MessageSender
from cockpit.sim.park import CAR_LENGTH_M, RANGE_M, Obstacle, ParkSensors
from cockpit.sim.payloads import PAYLOADS
from cockpit.sim.state import CarState


def test_each_sector_sees_only_what_is_behind_its_part_of_the_bumper() -> None:
    park = ParkSensors(system_on=True, active=True)
    park.obstacles.append(Obstacle(-CAR_LENGTH_M - 1.0, 0.9, 0.3))  # behind the left corner
    assert park.distance("rear_left") == pytest.approx(0.85)
    assert park.distance("rear_right") == RANGE_M and park.distance("front_left") == RANGE_M
    park.move(-0.5, 1.0)  # reversing half a metre
    assert park.distance("rear_left") == pytest.approx(0.35)
    assert park.nearest_sector() == "rear_left" and park.warning


def test_a_broken_sensor_sends_not_available_never_clear() -> None:
    db = cantools.database.load_file(reference_dbc(), strict=True)
    message = db.get_message_by_name("PDC_Rear")
    sender = MessageSender(message, PAYLOADS["PDC_Rear"], [])
    state = CarState()
    state.body.power_mode, state.body.gear = PowerMode.READY, Gear.R
    state.park.system_on = state.park.active = True
    state.park.faulty.add("rear_right")
    decoded = message.decode(sender.frame(state, 0, 0.0).data)
    assert str(decoded["PDC_RearRight"]) == "SNA"
    assert decoded["PDC_RearLeft"] == pytest.approx(RANGE_M) and str(decoded["PDC_State"]) == "FAULT"
