"""What each ECU of the reference vehicle puts in its frames: CarState -> DBC signal values.

One small function per message of ``can_dbc/cockpit_ev.dbc``, registered by message name (a table,
so the encoder never searches). Values are physical, in the DBC's units; the encoder clamps them to
the DBC range, adds E2E counters and CRCs, and applies injected faults. The E2E counter and CRC
signals are left out here: the E2E protection fills them in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cockpit.sim.adas import LaneKeepingState, ObjectClass
from cockpit.sim.body import PowerMode
from cockpit.sim.state import CarState

Payload = Callable[[CarState, int], dict[str, Any]]
PAYLOADS: dict[str, Payload] = {}


def payload(message_name: str) -> Callable[[Payload], Payload]:
    """Register the function that fills ``message_name``'s signals."""

    def register(function: Payload) -> Payload:
        PAYLOADS[message_name] = function
        return function

    return register


def _bit(flag: bool) -> int:
    return 1 if flag else 0


# --- ESP --------------------------------------------------------------------------------------------


@payload("ESP_Speed")
def _esp_speed(s: CarState, n: int) -> dict[str, Any]:
    speed = s.speed_kmh
    direction = 0 if speed < 0.1 else (1 if s.vehicle.speed_ms > 0 else 2)
    return {
        "ESP_VehicleSpeed": speed,
        "ESP_VehicleStandstill": _bit(speed < 0.1),
        "ESP_DrivingDirection": direction,
    }


@payload("ESP_WheelSpeeds")
def _esp_wheels(s: CarState, n: int) -> dict[str, Any]:
    speed = s.speed_kmh
    # In a bend the outer wheels run faster: track 1.6 m, so +-0.8 m x curvature.
    spread = speed * 0.8 * s.adas.lane.curvature
    return {
        "ESP_WheelSpeedFL": speed - spread,
        "ESP_WheelSpeedFR": speed + spread,
        "ESP_WheelSpeedRL": speed - spread,
        "ESP_WheelSpeedRR": speed + spread,
    }


@payload("ESP_Dynamics")
def _esp_dynamics(s: CarState, n: int) -> dict[str, Any]:
    return {
        "ESP_YawRate": s.yaw_rate_deg_s,
        "ESP_LateralAccel": s.lateral_accel,
        "ESP_LongitudinalAccel": s.vehicle.last.acceleration,
    }


@payload("ESP_SteeringAngle")
def _esp_steering(s: CarState, n: int) -> dict[str, Any]:
    return {
        "ESP_SteeringWheelAngle": s.steering_wheel_angle_deg,
        "ESP_SteeringWheelSpeed": s.steering_wheel_speed_deg_s,
    }


@payload("ESP_BrakeStatus")
def _esp_brakes(s: CarState, n: int) -> dict[str, Any]:
    traction = s.vehicle.last
    braking = traction.brake_pedal > 1.0 or traction.friction_brake_force_n > 100.0
    # Pressure follows the friction force: about 1 bar per 100 N at the wheels of this car.
    pressure = traction.friction_brake_force_n / 100.0 if braking else 0.0
    return {
        "ESP_BrakePedalPosition": round(traction.brake_pedal),
        "ESP_BrakePressure": pressure,
        "ESP_DriverEmergencyBraking": _bit(s.driver.emergency_braking),
        "ESP_BrakeSystemFault": _bit(s.brake_fault),
        "ESP_BrakeLightRequest": _bit(braking),
        "ESP_AbsActive": _bit(s.driver.emergency_braking and s.speed_kmh > 5.0),
    }


# --- VCU and motors ---------------------------------------------------------------------------------


@payload("VCU_TorqueRequest")
def _vcu_torque(s: CarState, n: int) -> dict[str, Any]:
    return {"VCU_TorqueReqFront": s.vehicle.front.torque_nm, "VCU_TorqueReqRear": s.vehicle.rear.torque_nm}


@payload("VCU_DriveState")
def _vcu_drive(s: CarState, n: int) -> dict[str, Any]:
    return {
        "VCU_GearSelected": int(s.body.gear),
        "VCU_DriveMode": int(s.body.drive_mode),
        "VCU_VehicleReady": _bit(s.body.ready),
        "VCU_AccelPedalPosition": round(s.vehicle.last.accelerator_pedal),
        "VCU_RegenLevel": 1,
    }


@payload("VCU_PowerFlow")
def _vcu_power(s: CarState, n: int) -> dict[str, Any]:
    auxiliary = s.vehicle.params.auxiliary_kw if s.body.awake else 0.15
    return {
        "VCU_PowertrainPower": s.vehicle.traction_power_kw,
        "VCU_EnergyConsumption": s.consumption_kwh_per_100km,
        "VCU_AuxiliaryPower": auxiliary,
    }


@payload("VCU_Distance")
def _vcu_distance(s: CarState, n: int) -> dict[str, Any]:
    return {"VCU_Odometer": s.odometer_km, "VCU_TripDistance": s.trip_km}


def _motor_state(s: CarState, power_kw: float) -> int:
    if not s.body.ready:
        return 0  # OFF
    if abs(power_kw) < 0.2:
        return 1  # STANDBY
    return 2 if power_kw > 0 else 3  # DRIVE / REGEN


@payload("MCU_F_Status")
def _mcu_front(s: CarState, n: int) -> dict[str, Any]:
    m = s.vehicle.front
    return {
        "MCU_F_MotorSpeed": round(m.speed_rpm),
        "MCU_F_MotorTorque": m.torque_nm,
        "MCU_F_MotorPower": m.power_kw,
        "MCU_F_State": _motor_state(s, m.power_kw),
    }


@payload("MCU_R_Status")
def _mcu_rear(s: CarState, n: int) -> dict[str, Any]:
    m = s.vehicle.rear
    return {
        "MCU_R_MotorSpeed": round(m.speed_rpm),
        "MCU_R_MotorTorque": m.torque_nm,
        "MCU_R_MotorPower": m.power_kw,
        "MCU_R_State": _motor_state(s, m.power_kw),
    }


@payload("MCU_F_Temperatures")
def _mcu_front_temperatures(s: CarState, n: int) -> dict[str, Any]:
    m = s.vehicle.front
    return {
        "MCU_F_MotorTemp": m.temperature_c,
        "MCU_F_InverterTemp": m.inverter_temperature_c,
        "MCU_F_DcLinkVoltage": s.battery.voltage_v,
    }


@payload("MCU_R_Temperatures")
def _mcu_rear_temperatures(s: CarState, n: int) -> dict[str, Any]:
    m = s.vehicle.rear
    return {
        "MCU_R_MotorTemp": m.temperature_c,
        "MCU_R_InverterTemp": m.inverter_temperature_c,
        "MCU_R_DcLinkVoltage": s.battery.voltage_v,
    }


# --- BMS and charging -------------------------------------------------------------------------------


@payload("BMS_PackStatus")
def _bms_pack(s: CarState, n: int) -> dict[str, Any]:
    b = s.battery
    return {
        "BMS_PackVoltage": b.voltage_v,
        "BMS_PackCurrent": b.current_a,
        "BMS_SocReal": b.soc,
        "BMS_SocDisplayed": b.displayed_soc,
        "BMS_Soh": b.state_of_health,
    }


# Cell groups are slightly unbalanced, as in any real pack: offsets in V from the pack average.
_GROUP_OFFSETS_V = (-0.002, 0.001, 0.003, -0.001)


@payload("BMS_CellGroupVoltages")
def _bms_cell_groups(s: CarState, n: int) -> dict[str, Any]:
    group = n % 4  # one group per frame, in turn
    b = s.battery
    offset = _GROUP_OFFSETS_V[group]
    return {
        "BMS_CellGroupIndex": group,
        f"BMS_Grp{group}_CellVoltMin": b.cell_voltage_min + offset,
        f"BMS_Grp{group}_CellVoltMax": b.cell_voltage_max + offset - 0.001,
    }


@payload("BMS_CellExtremes")
def _bms_extremes(s: CarState, n: int) -> dict[str, Any]:
    b = s.battery
    spread = 1.5 + abs(b.current_a) / 200.0  # hot spots grow with current
    return {
        "BMS_CellVoltageMin": b.cell_voltage_min + min(_GROUP_OFFSETS_V),
        "BMS_CellVoltageMax": b.cell_voltage_max + max(_GROUP_OFFSETS_V),
        "BMS_CellTempMin": b.temperature_c - spread,
        "BMS_CellTempMax": b.temperature_c + spread,
        "BMS_CellTempAvg": b.temperature_c,
        "BMS_CoolantInletTemp": b.coolant_c,
    }


@payload("BMS_Faults")
def _bms_faults(s: CarState, n: int) -> dict[str, Any]:
    faults = s.bms_faults
    return {
        "BMS_FaultAny": _bit(bool(faults)),
        "BMS_FaultIsolation": _bit("isolation" in faults),
        "BMS_FaultOverTemperature": _bit("over_temperature" in faults),
        "BMS_FaultCellImbalance": _bit("cell_imbalance" in faults),
        "BMS_FaultOverVoltage": 0,
        "BMS_FaultUnderVoltage": 0,
        "BMS_FaultContactor": 0,
        "BMS_FaultLevel": 1 if faults else 0,
        "BMS_IsolationResistance": 180.0 if "isolation" in faults else 4800.0,
    }


@payload("BMS_PowerLimits")
def _bms_limits(s: CarState, n: int) -> dict[str, Any]:
    b = s.battery
    cold_derate = max(0.3, min(1.0, (b.temperature_c + 10.0) / 30.0))
    return {
        "BMS_PackPower": b.power_kw,
        "BMS_MaxDischargePower": 380.0 * cold_derate,
        "BMS_MaxChargePower": 150.0 * cold_derate,
    }


@payload("BMS_ChargeStatus")
def _bms_charge(s: CarState, n: int) -> dict[str, Any]:
    port = s.charge_port
    return {
        "BMS_ChargeState": int(port.state),
        "BMS_ChargingActive": _bit(port.charging),
        "BMS_ChargeLimit": port.charge_limit,
        "BMS_TimeToFull": port.time_to_full_s / 60.0,
    }


@payload("OBC_ChargerStatus")
def _obc(s: CarState, n: int) -> dict[str, Any]:
    port = s.charge_port
    voltage = s.battery.voltage_v if port.plugged and port.dc else (230.0 if port.plugged else 0.0)
    return {
        "OBC_PlugConnected": _bit(port.plugged),
        "OBC_PlugLocked": _bit(port.plugged and port.seconds_plugged > 1.0),
        "OBC_ChargerType": (2 if port.dc else 1) if port.plugged else 0,
        "OBC_ChargePower": port.power_kw,
        "OBC_InletVoltage": voltage,
        "OBC_InletCurrent": port.power_kw * 1000.0 / voltage if voltage > 1.0 else 0.0,
        "OBC_InletTemp": port.inlet_temperature_c,
    }


@payload("BMS_Energy")
def _bms_energy(s: CarState, n: int) -> dict[str, Any]:
    b = s.battery
    return {
        "BMS_RangeEstimate": s.range_km,
        "BMS_RemainingEnergy": b.remaining_energy_kwh,
        "BMS_UsableCapacity": b.usable_energy_kwh,
    }


# --- ADAS -------------------------------------------------------------------------------------------


@payload("ACC_Status")
def _acc(s: CarState, n: int) -> dict[str, Any]:
    acc = s.adas.acc
    # The radar reports the vehicle ahead whether or not the driver has switched the ACC on.
    lead = s.adas.lead_vehicle()
    return {
        "ACC_State": int(acc.state),
        "ACC_MainSwitch": _bit(acc.main_switch),
        "ACC_SetSpeed": acc.set_speed_kmh,
        "ACC_TimeGap": acc.time_gap_s,
        "ACC_LeadVehicleDetected": _bit(lead is not None),
        "ACC_TakeOverRequest": _bit(acc.take_over_request and acc.engaged),
        "ACC_LeadVehicleDistance": lead.x if lead else 0.0,
        "ACC_LeadVehicleRelSpeed": (lead.speed_ms - abs(s.vehicle.speed_ms)) * 3.6 if lead else 0.0,
    }


@payload("ADAS_FcwAeb")
def _fcw(s: CarState, n: int) -> dict[str, Any]:
    adas = s.adas
    objects = adas.objects()
    # The slot (1..8) the threat has in this cycle's object list; 0 when it is not in the list.
    target = next((i + 1 for i, user in enumerate(objects) if user is adas.fcw_target), 0)
    return {
        "FCW_Level": int(adas.fcw_level),
        "AEB_Active": _bit(adas.aeb_active),
        "AEB_DecelRequest": adas.aeb_decel,
        "FCW_TimeToCollision": adas.time_to_collision_s,
        "FCW_TargetObject": target,
    }


@payload("CAM_LaneLines")
def _lanes(s: CarState, n: int) -> dict[str, Any]:
    lane = s.adas.lane
    return {
        "CAM_LeftLineType": int(lane.left_type),
        "CAM_RightLineType": int(lane.right_type),
        "CAM_LaneQuality": round(lane.quality + 3.0 * s.noise),
        "CAM_LeftLineOffset": lane.left_line_m,
        "CAM_RightLineOffset": lane.right_line_m,
        "CAM_LaneCurvature": lane.curvature,
    }


@payload("CAM_AssistStatus")
def _assist(s: CarState, n: int) -> dict[str, Any]:
    adas = s.adas
    intervening = adas.lane_keeping == LaneKeepingState.INTERVENING
    torque = (-1.5 if adas.lane.offset_m > 0 else 1.5) if intervening else 0.0
    return {
        "LKA_State": int(adas.lane_keeping),
        "LDW_Warning": _bit(adas.lane_departure_side != 0),
        "LDW_WarningSide": adas.lane_departure_side,
        "DAW_Warning": _bit(adas.driver_attention_warning),
        "LKA_TorqueOverlay": torque,
    }


@payload("RADAR_BlindSpot")
def _blind_spot(s: CarState, n: int) -> dict[str, Any]:
    adas = s.adas
    return {
        "BSD_LeftWarning": _bit(adas.blind_spot_left),
        "BSD_RightWarning": _bit(adas.blind_spot_right),
        "BSD_LeftObjectDetected": _bit(adas.near_left),
        "BSD_RightObjectDetected": _bit(adas.near_right),
    }


_OBJECT_FIELDS = [
    (f"ADAS_Obj{i}_Class", f"ADAS_Obj{i}_LongDist", f"ADAS_Obj{i}_LatDist", f"ADAS_Obj{i}_RelSpeed")
    for i in range(1, 9)
]


@payload("ADAS_ObjectList")
def _objects(s: CarState, n: int) -> dict[str, Any]:
    objects = s.adas.objects()
    own = abs(s.vehicle.speed_ms)
    values: dict[str, Any] = {"ADAS_ObjectCount": len(objects)}
    for i, (kind, longitudinal, lateral, relative) in enumerate(_OBJECT_FIELDS):
        if i < len(objects):
            user = objects[i]
            values[kind] = int(user.kind)
            values[longitudinal] = user.x
            values[lateral] = user.y - s.adas.lane.offset_m
            values[relative] = (user.speed_ms - own) * 3.6
        else:
            values[kind] = int(ObjectClass.NONE)
            values[longitudinal] = values[lateral] = values[relative] = 0.0
    return values


# --- Park distance control -------------------------------------------------------------------------

NOT_AVAILABLE = float("nan")  # the sender puts the signal's SNA raw value (never clamped to "clear")


def _pdc_distance(s: CarState, sector: str) -> float:
    distance = s.park.distance(sector)
    return NOT_AVAILABLE if distance is None else distance


@payload("PDC_Front")
def _pdc_front(s: CarState, n: int) -> dict[str, Any]:
    return {
        "PDC_FrontLeft": _pdc_distance(s, "front_left"),
        "PDC_FrontCentre": _pdc_distance(s, "front_centre"),
        "PDC_FrontRight": _pdc_distance(s, "front_right"),
    }


@payload("PDC_Rear")
def _pdc_rear(s: CarState, n: int) -> dict[str, Any]:
    return {
        "PDC_State": int(s.park.state),
        "PDC_Warning": _bit(s.park.warning),
        "PDC_RearLeft": _pdc_distance(s, "rear_left"),
        "PDC_RearCentre": _pdc_distance(s, "rear_centre"),
        "PDC_RearRight": _pdc_distance(s, "rear_right"),
    }


# --- Body -------------------------------------------------------------------------------------------


@payload("BCM_VehicleState")
def _bcm_state(s: CarState, n: int) -> dict[str, Any]:
    body = s.body
    return {
        "BCM_PowerMode": int(body.power_mode),
        "BCM_KeyFobInside": _bit(body.key_inside),
        "BCM_LowVoltageBattery": body.low_voltage_v + (1.6 if body.power_mode >= PowerMode.ON else 0.0),
    }


@payload("BCM_DoorStatus")
def _bcm_doors(s: CarState, n: int) -> dict[str, Any]:
    body = s.body
    return {
        "BCM_DoorFL": _bit(body.doors_open["FL"]),
        "BCM_DoorFR": _bit(body.doors_open["FR"]),
        "BCM_DoorRL": _bit(body.doors_open["RL"]),
        "BCM_DoorRR": _bit(body.doors_open["RR"]),
        "BCM_Tailgate": _bit(body.tailgate_open),
        "BCM_Hood": _bit(body.hood_open),
        "BCM_CentralLock": _bit(body.locked),
    }


@payload("BCM_Occupancy")
def _bcm_occupancy(s: CarState, n: int) -> dict[str, Any]:
    body = s.body
    return {
        "BCM_DriverSeatOccupied": _bit(body.driver_seated),
        "BCM_DriverSeatbelt": _bit(body.driver_belted),
        "BCM_PassengerSeatOccupied": _bit(body.passenger_seated),
        "BCM_PassengerSeatbelt": _bit(body.passenger_belted),
    }


@payload("BCM_LightStatus")
def _bcm_lights(s: CarState, n: int) -> dict[str, Any]:
    body = s.body
    return {
        "BCM_TurnIndicatorLeft": _bit(body.indicator_left),
        "BCM_TurnIndicatorRight": _bit(body.indicator_right),
        "BCM_HazardActive": _bit(body.hazard),
        "BCM_LowBeam": _bit(body.low_beam),
        "BCM_HighBeam": _bit(body.high_beam),
    }


@payload("BCM_Environment")
def _bcm_environment(s: CarState, n: int) -> dict[str, Any]:
    return {"BCM_OutsideAirTemp": s.outside_temperature_c}
