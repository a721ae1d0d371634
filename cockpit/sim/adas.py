"""The road around the car and the driver assistance systems that watch it.

Other road users are points in the car's frame: ``x`` metres ahead of the front bumper, ``y`` metres
to the left of the car's lane centre, moving at their own speed and drifting towards a target lane.
The systems read that world the way the real ECUs do:

- ACC follows the nearest vehicle in the lane at the driver's time gap, or cruises at the set speed;
- FCW warns on a time to collision along the car's predicted path (the lane it follows, and its own
  drift across it): an object counts only if, when the car gets there, the two would overlap. A
  cyclist riding beside the lane is passed, not warned for. AEB brakes when even a warning is late;
- the lane camera reports the lines around the car's lateral offset, LDW warns when a wheel nears a
  line, LKA steers back;
- the corner radars flag vehicles in the blind spots; the fused object list carries the nearest 8.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

LANE_WIDTH_M = 3.6
CAR_HALF_WIDTH_M = 0.95
IN_LANE_M = 1.6  # |y| below this: the object is in our lane
PATH_MARGIN_M = 0.3  # clearance added to both half widths before an object counts as in the path
FCW_HORIZON_S = 4.0  # time to collision beyond this is no threat at all
NO_THREAT_TTC_S = 25.0  # what FCW_TimeToCollision reports with nothing in the path (its maximum)


class AccState(IntEnum):
    """ACC_State values (the DBC's value table)."""

    OFF = 0
    STANDBY = 1
    ACTIVE = 2
    OVERRIDE = 3
    FAULT = 4


class LaneKeepingState(IntEnum):
    """LKA_State values."""

    OFF = 0
    STANDBY = 1
    ACTIVE = 2
    INTERVENING = 3
    FAULT = 4


class WarningLevel(IntEnum):
    """FCW_Level values."""

    NONE = 0
    PREWARNING = 1
    ACUTE = 2


class ObjectClass(IntEnum):
    """ADAS_ObjN_Class values."""

    NONE = 0
    CAR = 1
    TRUCK = 2
    MOTORCYCLE = 3
    BICYCLE = 4
    PEDESTRIAN = 5
    UNKNOWN = 6  # seen, but neither camera nor radar can say what it is (lost cargo, debris)


# Half the width of each class, m: what the path check adds to the car's own half width.
HALF_WIDTH_M = {
    ObjectClass.CAR: 0.9,
    ObjectClass.TRUCK: 1.25,
    ObjectClass.MOTORCYCLE: 0.4,
    ObjectClass.BICYCLE: 0.35,
    ObjectClass.PEDESTRIAN: 0.3,
}


class LineType(IntEnum):
    """CAM_LeftLineType / CAM_RightLineType values."""

    NONE = 0
    DASHED = 1
    SOLID = 2
    DOUBLE = 3
    ROAD_EDGE = 4


@dataclass
class RoadUser:
    """Another vehicle or a person, in the car's frame."""

    kind: ObjectClass
    x: float  # m ahead of our front bumper (negative: beside or behind)
    y: float  # m left of our lane centre
    speed_ms: float  # its own speed along the road
    target_y: float | None = None  # lane it is moving to
    lateral_speed_ms: float = 1.0
    label: str = ""

    def move(self, own_speed_ms: float, dt: float) -> None:
        """Advance relative to a car driving at ``own_speed_ms``."""
        self.x += (self.speed_ms - own_speed_ms) * dt
        if self.target_y is not None:
            delta = self.target_y - self.y
            step = self.lateral_speed_ms * dt
            self.y = self.target_y if abs(delta) <= step else self.y + step * (1 if delta > 0 else -1)

    def lateral_in(self, seconds: float) -> float:
        """Where it will be across the road ``seconds`` from now, moving towards its target lane."""
        if self.target_y is None:
            return self.y
        delta = self.target_y - self.y
        step = self.lateral_speed_ms * seconds
        return self.target_y if abs(delta) <= step else self.y + step * (1 if delta > 0 else -1)


@dataclass
class Lane:
    """The lane as the camera sees it, and the car's place in it."""

    left_type: LineType = LineType.DASHED
    right_type: LineType = LineType.DASHED
    curvature: float = 0.0  # 1/m, positive = bending left
    quality: float = 90.0  # %
    offset_m: float = 0.0  # car centre left of the lane centre
    drift_ms: float = 0.0  # the driver's lateral drift (distraction), left positive
    lateral_ms: float = 0.0  # how fast the car is moving across the lane now, left positive

    @property
    def left_line_m(self) -> float:
        """Distance from the car's centre line to the left line, left positive."""
        return LANE_WIDTH_M / 2 - self.offset_m

    @property
    def right_line_m(self) -> float:
        """Distance from the car's centre line to the right line (negative: it is on the right)."""
        return -LANE_WIDTH_M / 2 - self.offset_m


@dataclass
class AdaptiveCruise:
    """The ACC: main switch, engagement, set speed and time gap; computes its wanted acceleration."""

    main_switch: bool = False
    engaged: bool = False
    set_speed_kmh: float = 0.0
    time_gap_s: float = 1.8
    override: bool = False
    take_over_request: bool = False

    @property
    def state(self) -> AccState:
        """The state it reports on the bus."""
        if not self.main_switch:
            return AccState.OFF
        if not self.engaged:
            return AccState.STANDBY
        return AccState.OVERRIDE if self.override else AccState.ACTIVE

    def wanted_acceleration(self, speed_ms: float, lead: RoadUser | None) -> float:
        """Acceleration towards the set speed, or to hold the time gap behind ``lead``."""
        cruise = max(-2.0, min(1.5, 0.4 * (self.set_speed_kmh / 3.6 - speed_ms)))
        self.take_over_request = False
        if lead is None:
            return cruise
        wanted_gap = 5.0 + self.time_gap_s * speed_ms
        closing = speed_ms - lead.speed_ms
        follow = 0.12 * (lead.x - wanted_gap) - 0.6 * closing
        if lead.x < wanted_gap and closing > 0:
            # Brake at least as hard as stopping the closing speed within the gap left needs.
            follow = min(follow, -closing * closing / (2.0 * max(lead.x - 2.0, 0.5)))
        if follow < -3.5:
            self.take_over_request = True  # beyond comfort braking: the driver is asked to help
        return max(-5.0, min(cruise, follow))


@dataclass
class Adas:
    """Every assistance system's state, updated once per simulation step."""

    acc: AdaptiveCruise = field(default_factory=AdaptiveCruise)
    lane: Lane = field(default_factory=Lane)
    traffic: list[RoadUser] = field(default_factory=list)
    lane_keeping_on: bool = False
    lane_keeping: LaneKeepingState = LaneKeepingState.OFF
    lane_departure_side: int = 0  # 0 none, 1 left, 2 right
    driver_attention_warning: bool = False
    fcw_level: WarningLevel = WarningLevel.NONE
    time_to_collision_s: float = 25.0
    aeb_active: bool = False
    aeb_decel: float = 0.0
    blind_spot_left: bool = False
    blind_spot_right: bool = False
    near_left: bool = False
    near_right: bool = False
    fcw_target: RoadUser | None = None  # the object the warning is for (the nearest threat in the path)
    _fcw_hold_s: float = 0.0
    _aeb_hold_s: float = 0.0
    _ldw_hold_s: float = 0.0

    def lead_vehicle(self) -> RoadUser | None:
        """The nearest vehicle ahead in our lane."""
        ahead = [
            u
            for u in self.traffic
            if u.x > 0.0 and abs(u.y - self.lane.offset_m) < IN_LANE_M and u.kind != ObjectClass.PEDESTRIAN
        ]
        return min(ahead, key=lambda u: u.x) if ahead else None

    def objects(self) -> list[RoadUser]:
        """Up to 8 objects ahead, nearest first (the fused object list)."""
        ahead = sorted((u for u in self.traffic if 0.0 < u.x <= 200.0), key=lambda u: u.x)
        return ahead[:8]

    def update(self, speed_ms: float, dt: float, indicator_left: bool, indicator_right: bool) -> None:
        """Move the world by ``dt`` and recompute every warning."""
        for user in self.traffic:
            user.move(speed_ms, dt)
        self._lane(speed_ms, dt, indicator_left, indicator_right)
        self._forward_collision(speed_ms, dt)
        self._blind_spots()

    def _lane(self, speed_ms: float, dt: float, indicator_left: bool, indicator_right: bool) -> None:
        lane = self.lane
        margin_left = lane.left_line_m - CAR_HALF_WIDTH_M
        margin_right = -lane.right_line_m - CAR_HALF_WIDTH_M
        moving = speed_ms > 60 / 3.6 * 0.9  # LKA/LDW work above ~55 km/h
        departing = 0
        if moving and margin_left < 0.35 and not indicator_left:
            departing = 1
        elif moving and margin_right < 0.35 and not indicator_right:
            departing = 2
        # Like FCW, a departure warning stays up a second: a wheel dancing on the line while LKA
        # steers back must not make the warning flicker.
        # The indicator towards the line says the driver means it: that ends the warning at once.
        signalled = (self.lane_departure_side == 1 and indicator_left) or (
            self.lane_departure_side == 2 and indicator_right
        )
        if departing:
            self.lane_departure_side, self._ldw_hold_s = departing, 1.0
        elif signalled:
            self.lane_departure_side, self._ldw_hold_s = 0, 0.0
        else:
            self._ldw_hold_s = max(0.0, self._ldw_hold_s - dt)
            if self._ldw_hold_s == 0.0:
                self.lane_departure_side = 0
        correction = 0.0
        if not self.lane_keeping_on:
            self.lane_keeping = LaneKeepingState.OFF
        elif not moving or lane.quality < 40:
            self.lane_keeping = LaneKeepingState.STANDBY
        elif abs(lane.offset_m) > 0.5 and not (indicator_left or indicator_right):
            self.lane_keeping = LaneKeepingState.INTERVENING
            correction = -0.6 if lane.offset_m > 0 else 0.6
        else:
            self.lane_keeping = LaneKeepingState.ACTIVE
            correction = -0.3 * lane.offset_m
        lateral = lane.drift_ms + correction if self.lane_keeping_on and moving else lane.drift_ms
        # Without LKA the driver notices by himself once a wheel is on the line.
        if (not self.lane_keeping_on or not moving) and min(margin_left, margin_right) < 0.0:
            lateral = -0.5 if lane.offset_m > 0 else 0.5
        lane.lateral_ms = lateral
        lane.offset_m += lateral * dt

    def path_lateral_in(self, seconds: float) -> float:
        """Where the car will be across its lane ``seconds`` from now: the predicted path.

        Positions are in the lane's frame (along the road, whatever its curvature), so following
        a bend is no lateral motion; only the car's own movement across the lane is.
        """
        return self.lane.offset_m + self.lane.lateral_ms * seconds

    def time_to_collision(self, user: RoadUser, speed_ms: float) -> float | None:
        """Seconds until the car reaches ``user`` along its path, or None if the two never meet.

        Both are projected to the moment the gap closes: the object to its lateral position then
        (a car cutting in counts before it is across the line), the car along its predicted path.
        They meet only if their widths, plus a margin, overlap at that moment.
        """
        closing = speed_ms - user.speed_ms
        if user.x <= 0.0 or closing <= 0.5:
            return None
        ttc = user.x / closing
        if ttc > FCW_HORIZON_S:
            return None
        clearance = CAR_HALF_WIDTH_M + HALF_WIDTH_M.get(user.kind, 1.0) + PATH_MARGIN_M
        if abs(user.lateral_in(ttc) - self.path_lateral_in(ttc)) >= clearance:
            return None
        return ttc

    def _forward_collision(self, speed_ms: float, dt: float) -> None:
        threats = [
            (ttc, user)
            for user in self.traffic
            if (ttc := self.time_to_collision(user, speed_ms)) is not None
        ]
        ttc, target = min(threats, key=lambda pair: pair[0]) if threats else (NO_THREAT_TTC_S, None)
        self.time_to_collision_s = ttc
        level = WarningLevel.NONE
        if speed_ms > 2.0:
            if ttc < 1.6:
                level = WarningLevel.ACUTE
            elif ttc < 2.8:
                level = WarningLevel.PREWARNING
        # A warning stays up for at least a second so the driver sees it.
        if level != WarningLevel.NONE:
            self.fcw_level = max(level, self.fcw_level) if self._fcw_hold_s > 0 else level
            self._fcw_hold_s = 1.0
            self.fcw_target = target
        else:
            self._fcw_hold_s = max(0.0, self._fcw_hold_s - dt)
            if self._fcw_hold_s == 0.0:
                self.fcw_level = WarningLevel.NONE
                self.fcw_target = None
        if target is not None and speed_ms > 2.0 and ttc < 0.9:
            self.aeb_active, self.aeb_decel, self._aeb_hold_s = True, 8.0, 0.5
        else:
            self._aeb_hold_s = max(0.0, self._aeb_hold_s - dt)
            if self._aeb_hold_s == 0.0:
                self.aeb_active, self.aeb_decel = False, 0.0

    def _blind_spots(self) -> None:
        left = right = near_left = near_right = False
        for user in self.traffic:
            if abs(user.speed_ms) < 2.0:
                continue  # the corner radars flag vehicles, not the things standing by the road
            lateral = user.y - self.lane.offset_m
            beside = -12.0 < user.x < -1.0
            if beside and 1.8 < lateral < 5.4:
                left = True
            if beside and -5.4 < lateral < -1.8:
                right = True
            if -25.0 < user.x < 2.0 and 1.8 < lateral < 5.4:
                near_left = True
            if -25.0 < user.x < 2.0 and -5.4 < lateral < -1.8:
                near_right = True
        self.blind_spot_left, self.blind_spot_right = left, right
        self.near_left, self.near_right = near_left, near_right
