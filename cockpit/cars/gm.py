"""Chevrolet Bolt EV / EUV: opendbc's generated ``gm_global_a_powertrain_generated`` on the powertrain
bus (0) and ``gm_global_a_chassis`` on the chassis bus (2). opendbc checks no checksum or counter for
GM frames it reads (its rolling counters are only written), and neither do we. Signals as opendbc's
``gm/carstate.py`` reads them."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

BOLT = CarProfile(
    name="chevrolet_bolt",
    car="Chevrolet Bolt EV / EUV (2017-2023)",
    brand="gm",
    buses=(
        CarBus("pt", 0, ("gm_global_a_powertrain_generated",)),
        CarBus("chassis", 2, ("gm_global_a_chassis",)),
    ),
    mapping={
        "Vehicle.Speed": value("VehicleSpeed", "float", "km/h", math="x * 1.609344"),
        GEAR: table("PRNDL2", "int8", {1: P, "R": R, "N": N, "D": D, "L": D}),
        "Vehicle.Chassis.Accelerator.PedalPosition": value(
            "AcceleratorPedal2.AcceleratorPedal2", "uint8", "percent", math="x / 2.54"
        ),
        "Vehicle.Chassis.Brake.IsDriverBraking": flag("ECMEngineStatus.BrakePressed"),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": flag("FrontLeftDoor"),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": flag("FrontRightDoor"),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": flag("RearLeftDoor"),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": flag("RearRightDoor"),
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": flag("LeftSeatBelt"),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag(
            "TurnSignals", 1, false_values=(0, 2)
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag(
            "TurnSignals", 2, false_values=(0, 1)
        ),
        "Vehicle.Chassis.SteeringWheel.Angle": value("SteeringWheelAngle", "float", "degrees"),
        "Vehicle.ADAS.CruiseControl.IsActive": table(
            "AcceleratorPedal2.CruiseState",
            "boolean",
            {"Off": False, "Active": True, "Faulted": False, "Standstill": True},
        ),
        "Vehicle.ADAS.CruiseControl.IsEnabled": flag("CruiseMainOn"),
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("CruiseSetSpeed", "float", "km/h"),
        "Vehicle.ADAS.CruiseControl.IsLeadVehicleDetected": flag("ACCLeadCar"),
        "Vehicle.ADAS.ForwardCollisionWarning.IsWarning": flag("FCWAlert", 1, 2, 3, false_values=(0,)),
        "Vehicle.ADAS.EBA.IsEngaged": flag("AEBCmdActive"),
        "Vehicle.ADAS.BlindSpot.Left.IsWarning": flag("LeftBSM"),
        "Vehicle.ADAS.BlindSpot.Right.IsWarning": flag("RightBSM"),
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage": value("HVBatteryVoltage", "float", "V"),
        "Vehicle.Powertrain.TractionBattery.CurrentCurrent": value("HVBatteryCurrent", "float", "A"),
        # Not in opendbc's Bolt DBCs: "not available on this car".
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value(
            "HVBatterySOC", "float", "percent"
        ),
    },
)

PROFILES = (BOLT,)
