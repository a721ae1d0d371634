"""Tesla Model 3 / Model Y: opendbc's ``tesla_model3_party`` (party bus 0) and ``tesla_model3_vehicle``
(vehicle bus 1); checksums and counters as opendbc's ``tesla_checksum`` (``*Checksum``/``*Counter``).
Signals as opendbc's ``tesla/carstate.py`` reads them."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

MODEL_3 = CarProfile(
    name="tesla_model3",
    car="Tesla Model 3 / Model Y (2019-)",
    brand="tesla",
    buses=(CarBus("party", 0, ("tesla_model3_party",)), CarBus("vehicle", 1, ("tesla_model3_vehicle",))),
    mapping={
        "Vehicle.Speed": value("DI_vehicleSpeed", "float", "km/h"),
        GEAR: table("DI_gear", "int8", {"DI_GEAR_P": P, "DI_GEAR_R": R, "DI_GEAR_N": N, "DI_GEAR_D": D}),
        "Vehicle.Chassis.Accelerator.PedalPosition": value("DI_accelPedalPos", "uint8", "percent"),
        "Vehicle.Chassis.Brake.IsDriverBraking": table(
            "ESP_driverBrakeApply",
            "boolean",
            {"NotInit_orOff": False, "Not_Applied": False, "Driver_applying_brakes": True},
        ),
        "Vehicle.Cabin.Door.IsAnyOpen": flag("anyDoorOpen"),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": table(
            "VCLEFT_frontLatchStatus",
            "boolean",
            {"LATCH_OPENED": True, "LATCH_CLOSED": False, "LATCH_CLOSING": True, "LATCH_OPENING": True},
        ),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": table(
            "VCLEFT_rearLatchStatus",
            "boolean",
            {"LATCH_OPENED": True, "LATCH_CLOSED": False, "LATCH_CLOSING": True, "LATCH_OPENING": True},
        ),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": table(
            "VCRIGHT_frontLatchStatus",
            "boolean",
            {"LATCH_OPENED": True, "LATCH_CLOSED": False, "LATCH_CLOSING": True, "LATCH_OPENING": True},
        ),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": table(
            "VCRIGHT_rearLatchStatus",
            "boolean",
            {"LATCH_OPENED": True, "LATCH_CLOSED": False, "LATCH_CLOSING": True, "LATCH_OPENING": True},
        ),
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": flag("buckleStatus"),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag(
            "leftBlinkerBlinking", 1, 2, false_values=(0,)
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag(
            "rightBlinkerBlinking", 1, 2, false_values=(0,)
        ),
        "Vehicle.Chassis.SteeringWheel.Angle": value("EPAS3S_internalSAS", "float", "degrees", math="-x"),
        "Vehicle.ADAS.CruiseControl.IsActive": table(
            "DI_cruiseState",
            "boolean",
            {
                "UNAVAILABLE": False,
                "STANDBY": False,
                "ENABLED": True,
                "STANDSTILL": True,
                "OVERRIDE": True,
                "FAULT": False,
            },
        ),
        "Vehicle.ADAS.CruiseControl.IsEnabled": table(
            "DI_cruiseState",
            "boolean",
            {
                "UNAVAILABLE": False,
                "STANDBY": True,
                "ENABLED": True,
                "STANDSTILL": True,
                "OVERRIDE": True,
                "FAULT": False,
            },
        ),
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("DAS_setSpeed", "float", "km/h"),
        "Vehicle.Powertrain.ElectricMotor.Rear.Torque": value("DI_torqueActual", "float", "Nm"),
        "Vehicle.ADAS.ForwardCollisionWarning.Level": table(
            "DAS_forwardCollisionWarning", "string", {"NONE": "NONE", "FORWARD_COLLISION_WARNING": "ACUTE"}
        ),
        "Vehicle.ADAS.EBA.IsEngaged": table(
            "DAS_aebEvent", "boolean", {"AEB_NOT_ACTIVE": False, "AEB_ACTIVE": True}
        ),
        "Vehicle.ADAS.BlindSpot.Left.IsWarning": flag("DAS_blindSpotRearLeft", 1, 2, false_values=(0,)),
        "Vehicle.ADAS.BlindSpot.Right.IsWarning": flag("DAS_blindSpotRearRight", 1, 2, false_values=(0,)),
        # Not in opendbc's Model 3 DBCs: listed so that the screen says "not available on this car".
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value("BMS_socUI", "float", "percent"),
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage": value("BMS_packVoltage", "float", "V"),
        "Vehicle.ADAS.CruiseControl.LeadVehicleDistance": value("DAS_leadDistance", "float", "m"),
    },
)

PROFILES = (MODEL_3,)
