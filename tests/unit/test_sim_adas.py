"""The simulated assistance systems behave like their real counterparts."""

from __future__ import annotations

import pytest

from cockpit.sim.adas import (
    LANE_WIDTH_M,
    AccState,
    AdaptiveCruise,
    Adas,
    LaneKeepingState,
    ObjectClass,
    RoadUser,
    WarningLevel,
)

SPEED = 100 / 3.6


def settle(
    adas: Adas, seconds: float, speed: float = SPEED, *, left: bool = False, right: bool = False
) -> None:
    for _ in range(round(seconds / 0.01)):
        adas.update(speed, 0.01, left, right)


def test_acc_reports_off_standby_active() -> None:
    acc = AdaptiveCruise()
    assert acc.state == AccState.OFF
    acc.main_switch = True
    assert acc.state == AccState.STANDBY
    acc.engaged = True
    assert acc.state == AccState.ACTIVE


def test_acc_cruises_to_the_set_speed_without_a_lead() -> None:
    acc = AdaptiveCruise(main_switch=True, engaged=True, set_speed_kmh=120.0)
    assert acc.wanted_acceleration(SPEED, None) > 0
    assert acc.wanted_acceleration(130 / 3.6, None) < 0


def test_acc_brakes_for_a_close_lead_and_gains_on_a_far_one() -> None:
    acc = AdaptiveCruise(main_switch=True, engaged=True, set_speed_kmh=130.0, time_gap_s=1.8)
    wanted_gap = 5.0 + 1.8 * SPEED
    close = RoadUser(ObjectClass.CAR, wanted_gap * 0.5, 0.0, SPEED - 3.0)
    far = RoadUser(ObjectClass.CAR, wanted_gap * 2.0, 0.0, SPEED)
    assert acc.wanted_acceleration(SPEED, close) < -1.0
    assert acc.wanted_acceleration(SPEED, far) > 0.0


def test_forward_collision_warning_escalates_as_time_to_collision_falls() -> None:
    adas = Adas()
    adas.traffic.append(RoadUser(ObjectClass.CAR, 80.0, 0.0, SPEED - 10.0))  # TTC 8 s
    settle(adas, 0.05)
    assert adas.fcw_level == WarningLevel.NONE
    adas.traffic[0].x = 20.0  # TTC 2 s
    settle(adas, 0.05)
    assert adas.fcw_level == WarningLevel.PREWARNING
    adas.traffic[0].x = 12.0  # TTC 1.2 s
    settle(adas, 0.05)
    assert adas.fcw_level == WarningLevel.ACUTE and not adas.aeb_active
    adas.traffic[0].x = 7.0  # TTC 0.7 s: too late to warn, brake
    settle(adas, 0.02)
    assert adas.aeb_active and adas.aeb_decel > 5.0


def test_a_warning_stays_up_long_enough_to_be_seen() -> None:
    adas = Adas()
    adas.traffic.append(RoadUser(ObjectClass.CAR, 20.0, 0.0, SPEED - 10.0))
    settle(adas, 0.05)
    adas.traffic.clear()
    settle(adas, 0.5)
    assert adas.fcw_level == WarningLevel.PREWARNING
    settle(adas, 0.6)
    assert adas.fcw_level == WarningLevel.NONE


def test_a_car_in_the_next_lane_is_not_a_lead_until_it_cuts_in() -> None:
    adas = Adas()
    neighbour = RoadUser(ObjectClass.CAR, 20.0, -LANE_WIDTH_M, SPEED, target_y=0.0, lateral_speed_ms=2.0)
    adas.traffic.append(neighbour)
    assert adas.lead_vehicle() is None
    settle(adas, 2.0)
    assert adas.lead_vehicle() is neighbour


def test_lane_departure_warns_on_the_side_being_crossed_unless_indicating() -> None:
    adas = Adas()
    adas.lane.offset_m = 0.6
    settle(adas, 0.01)
    assert adas.lane_departure_side == 1  # left
    settle(adas, 0.01, left=True)
    assert adas.lane_departure_side == 0  # a lane change, not a departure
    adas.lane.offset_m = -0.6
    settle(adas, 0.01)
    assert adas.lane_departure_side == 2


def test_lane_keeping_steers_a_drifting_car_back() -> None:
    adas = Adas(lane_keeping_on=True)
    adas.lane.drift_ms = 0.35
    peak = 0.0
    for _ in range(400):
        settle(adas, 0.01)
        peak = max(peak, adas.lane.offset_m)
        if adas.lane_keeping == LaneKeepingState.INTERVENING:
            break
    assert adas.lane_keeping == LaneKeepingState.INTERVENING
    adas.lane.drift_ms = 0.0
    settle(adas, 4.0)
    assert adas.lane.offset_m == pytest.approx(0.0, abs=0.2)
    assert peak < LANE_WIDTH_M / 2 - 0.95  # the wheel never reached the line


def test_blind_spot_sees_a_car_beside_and_behind_not_ahead() -> None:
    adas = Adas()
    adas.traffic.append(RoadUser(ObjectClass.CAR, -5.0, LANE_WIDTH_M, SPEED))
    adas.traffic.append(RoadUser(ObjectClass.TRUCK, 30.0, -LANE_WIDTH_M, SPEED))
    settle(adas, 0.01)
    assert adas.blind_spot_left and not adas.blind_spot_right
    assert [u.kind for u in adas.objects()] == [ObjectClass.TRUCK]


def test_a_cyclist_beside_the_lane_is_passed_without_a_warning_one_in_it_is_warned_for() -> None:
    beside = Adas()
    beside.traffic.append(RoadUser(ObjectClass.BICYCLE, 14.0, -1.9, 18 / 3.6))  # TTC 1.5 s, 1.9 m right
    settle(beside, 0.05, speed=50 / 3.6)
    assert beside.fcw_level == WarningLevel.NONE and beside.fcw_target is None
    ahead = Adas()
    ahead.traffic.append(RoadUser(ObjectClass.BICYCLE, 14.0, -0.8, 18 / 3.6, label="in the path"))
    settle(ahead, 0.05, speed=50 / 3.6)
    assert ahead.fcw_level == WarningLevel.ACUTE and ahead.fcw_target.label == "in the path"


def test_a_car_drifting_into_a_stopped_car_beside_its_path_is_warned_before_it_gets_there() -> None:
    adas = Adas()
    adas.traffic.append(
        RoadUser(ObjectClass.CAR, 40.0, 2.4, 0.0, label="parked")
    )  # 2.4 m left: not in the path
    settle(adas, 0.05)
    assert adas.fcw_level == WarningLevel.NONE
    adas.lane.drift_ms = 0.6  # drifting left: in 1.4 s the path reaches it
    settle(adas, 0.05)
    assert adas.fcw_level != WarningLevel.NONE and adas.fcw_target.label == "parked"
