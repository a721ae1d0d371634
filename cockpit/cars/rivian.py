"""Rivian R1T / R1S (gen 1): opendbc's ``rivian_primary_actuator`` on the powertrain bus (0). opendbc's
DBC loader attaches no checksum rule to Rivian's DBC (its checks live in the C safety code), so none
here. Signals as opendbc's ``rivian/carstate.py`` reads them."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

_DOOR = {"Open": True, "Closed": False}

R1 = CarProfile(
    name="rivian_r1",
    car="Rivian R1T / R1S (2022-2024)",
    brand="rivian",
    buses=(CarBus("pt", 0, ("rivian_primary_actuator",)),),
    mapping={
        "Vehicle.Speed": value("ESP_Vehicle_Speed", "float", "km/h"),
        GEAR: table(
            "VDM_Prndl_Status",
            "int8",
            {
                "VDM_Prndl_Status_Park": P,
                "VDM_Prndl_Status_Reverse": R,
                "VDM_Prndl_Status_Neutral": N,
                "VDM_Prndl_Status_Drive": D,
            },
        ),
        "Vehicle.Chassis.Accelerator.PedalPosition": value(
            "VDM_AcceleratorPedalPosition", "uint8", "percent"
        ),
        "Vehicle.Chassis.Brake.IsDriverBraking": table(
            "iBESP2_BrakePedalApplied",
            "boolean",
            {"iBESP2_BrakePedalApplied_NotApplied": False, "iBESP2_BrakePedalApplied_Applied": True},
        ),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": table("DriverDoor", "boolean", _DOOR),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": table("FrontPassengerDoor", "boolean", _DOOR),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": table("RearDriverDoor", "boolean", _DOOR),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": table("RearPassengerDoor", "boolean", _DOOR),
        # opendbc: unlatched while the warning is not 0 (the DBC's labels for it are misleading).
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": table(
            "RCM_Status_IND_WARN_BELT_DRIVER", "boolean", {0: True, 1: False, 2: False}
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag(
            "TurnLightLeft", 1, 2, false_values=(0,)
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag(
            "TurnLightRight", 1, 2, false_values=(0,)
        ),
        "Vehicle.Chassis.SteeringWheel.Angle": value("EPAS_InternalSas", "float", "degrees"),
        "Vehicle.ADAS.CruiseControl.IsActive": table(
            "ACM_FeatureStatus",
            "boolean",
            {
                "ACM_FeatureStatus_Standby": False,
                "ACM_FeatureStatus_Acc": True,
                "ACM_FeatureStatus_Hwp": True,
                "ACM_FeatureStatus_Uf": False,
                "ACM_FeatureStatus_Faulted": False,
            },
        ),
        "Vehicle.Powertrain.ElectricMotor.Front.Torque": value("VDM_OutputTorqueFront", "float", "Nm"),
        "Vehicle.Powertrain.ElectricMotor.Rear.Torque": value("VDM_OutputTorqueRear", "float", "Nm"),
        # Not in opendbc's Rivian DBC: "not available on this car".
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("ACM_SetSpeed", "float", "km/h"),
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value("BMS_SOC", "float", "percent"),
    },
)

PROFILES = (R1,)
