"""Nissan Leaf (2018-): opendbc's generated ``nissan_leaf_2018_generated`` on the powertrain bus (0).
opendbc checks no checksum or counter for Nissan, and neither do we. Signals as opendbc's
``nissan/carstate.py`` reads them for the Leaf."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

LEAF = CarProfile(
    name="nissan_leaf",
    car="Nissan Leaf (2018-)",
    brand="nissan",
    buses=(CarBus("pt", 0, ("nissan_leaf_2018_generated",)),),
    mapping={
        "Vehicle.Speed": value("WHEEL_SPEED_FL", "float", "km/h"),
        GEAR: table("GEAR_SHIFTER", "int8", {"P": P, "R": R, "N": N, "D": D, "B": D}),
        "Vehicle.Chassis.Accelerator.PedalPosition": value(
            "CRUISE_THROTTLE.GAS_PEDAL", "uint8", "percent", math="x / 10.23"
        ),
        "Vehicle.Chassis.Brake.IsDriverBraking": flag("CRUISE_THROTTLE.USER_BRAKE_PRESSED"),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": flag("DOOR_OPEN_FL"),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": flag("DOOR_OPEN_FR"),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": flag("DOOR_OPEN_RL"),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": flag("DOOR_OPEN_RR"),
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": flag("SEATBELT.SEATBELT_DRIVER_LATCHED"),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag("LEFT_BLINKER"),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag("RIGHT_BLINKER"),
        "Vehicle.Chassis.SteeringWheel.Angle": value("STEER_ANGLE_SENSOR.STEER_ANGLE", "float", "degrees"),
        "Vehicle.ADAS.CruiseControl.IsActive": flag("CRUISE_ENABLED"),
        "Vehicle.ADAS.CruiseControl.IsEnabled": flag("CRUISE_AVAILABLE"),
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("PROPILOT_HUD.SET_SPEED", "float", "km/h"),
        "Vehicle.ADAS.CruiseControl.IsLeadVehicleDetected": flag("LEAD_CAR"),
        # Not in opendbc's Leaf DBC: "not available on this car".
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value("LB_SOC", "float", "percent"),
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage": value("LB_Total_Voltage", "float", "V"),
        "Vehicle.ADAS.BlindSpot.Left.IsWarning": flag("BSW_LEFT"),
    },
)

PROFILES = (LEAF,)
