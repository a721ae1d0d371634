"""Hyundai Ioniq 5 / Kia EV6 (E-GMP, CAN FD): opendbc's generated ``hyundai_canfd_generated`` on the
ECAN (bus 0; the ADAS frames come over it too); checksums (CRC-16 XMODEM) and counters as opendbc's
``hkg_can_fd_checksum``. Signals as opendbc's ``hyundai/carstate.py`` (``update_canfd``, EV) reads them."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

IONIQ_5 = CarProfile(
    name="hyundai_ioniq5",
    car="Hyundai Ioniq 5 / Kia EV6 / Genesis GV60 (E-GMP, CAN FD)",
    brand="hyundai",
    buses=(CarBus("ecan", 0, ("hyundai_canfd_generated",)),),
    mapping={
        "Vehicle.Speed": value("WHL_SpdFLVal", "float", "km/h"),
        GEAR: table("ACCELERATOR.GEAR", "int8", {"P": P, "R": R, "N": N, "D": D}),
        "Vehicle.Chassis.Accelerator.PedalPosition": value(
            "ACCELERATOR.ACCELERATOR_PEDAL", "uint8", "percent", math="x / 2.55"
        ),
        "Vehicle.Chassis.Brake.IsDriverBraking": flag("DriverBraking"),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": table(
            "DRIVER_DOOR", "boolean", {"Opened": True, "Closed": False}
        ),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": table(
            "PASSENGER_DOOR", "boolean", {"Opened": True, "Closed": False}
        ),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": table(
            "DRIVER_REAR_DOOR", "boolean", {"Opened": True, "Closed": False}
        ),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": table(
            "PASSENGER_REAR_DOOR", "boolean", {"Opened": True, "Closed": False}
        ),
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": table(
            "DRIVER_SEATBELT", "boolean", {"Latched": True, "Unlatched": False}
        ),
        "Vehicle.Cabin.Seat.Row1.PassengerSide.IsBelted": table(
            "PASSENGER_SEATBELT", "boolean", {"Latched": True, "Unlatched": False}
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag("LEFT_LAMP"),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag("RIGHT_LAMP"),
        "Vehicle.Chassis.SteeringWheel.Angle": value("STEERING_ANGLE", "float", "degrees"),
        "Vehicle.ADAS.CruiseControl.IsActive": table(
            "ACCMode",
            "boolean",
            {
                "off": False,
                "enabled": True,
                "driver_override": True,
                "off_maybe_fault": False,
                "cancelled": False,
            },
        ),
        "Vehicle.ADAS.CruiseControl.IsEnabled": flag("MainMode_ACC"),
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("VSetDis", "float", "km/h"),
        "Vehicle.ADAS.CruiseControl.IsLeadVehicleDetected": flag("ObjValid"),
        "Vehicle.ADAS.CruiseControl.LeadVehicleDistance": value("ACC_ObjDist", "float", "m"),
        "Vehicle.ADAS.CruiseControl.LeadVehicleRelativeSpeed": value(
            "ACC_ObjRelSpd", "float", "km/h", math="x * 3.6"
        ),
        "Vehicle.ADAS.ForwardCollisionWarning.Level": table(
            "FCA_ICON", "string", {"HIDDEN": "NONE", "ORANGE": "PREWARNING", "RED": "ACUTE"}
        ),
        "Vehicle.ADAS.BlindSpot.Left.IsWarning": flag("BCW_LtIndSta", 1, 2, false_values=(0,)),
        "Vehicle.ADAS.BlindSpot.Right.IsWarning": flag("BCW_RtIndSta", 1, 2, false_values=(0,)),
        # Not in opendbc's CAN FD DBC: "not available on this car".
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value("BMS_SOC", "float", "percent"),
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage": value("BMS_VOLTAGE", "float", "V"),
    },
)

PROFILES = (IONIQ_5,)
