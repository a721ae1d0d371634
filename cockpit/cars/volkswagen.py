"""Volkswagen ID.3 / ID.4 (MEB, CAN FD): opendbc's ``vw_meb`` on the powertrain bus (0); checksums
(CRC-8 H2F with per-message constants) and 4-bit counters as opendbc's ``volkswagen_mqb_meb_checksum``."""

from cockpit.cars.profile import GEAR, CarBus, CarProfile, D, N, P, R, flag, table, value

ID4 = CarProfile(
    name="vw_id4",
    car="Volkswagen ID.3 / ID.4 / ID.Buzz (MEB, CAN FD)",
    brand="volkswagen",
    buses=(CarBus("pt", 0, ("vw_meb",)),),
    mapping={
        "Vehicle.Speed": value("ESP_v_Signal", "float", "km/h"),
        GEAR: table("Gateway_73.GE_Fahrstufe", "int8", {"P": P, "R": R, "N": N, "D": D}),
        "Vehicle.Chassis.Accelerator.PedalPosition": value("Accelerator_Pressure", "uint8", "percent"),
        "Vehicle.Chassis.Brake.IsDriverBraking": table(
            "MO_Fahrer_bremst", "boolean", {"kein_Bremsen": False, "Bremse_betaetigt": True}
        ),
        "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen": flag("ZV_02.ZV_FT_offen"),
        "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen": flag("ZV_02.ZV_BT_offen"),
        "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen": flag("ZV_02.ZV_HFS_offen"),
        "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen": flag("ZV_02.ZV_HBFS_offen"),
        "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted": table(
            "AB_Gurtschloss_FA", "boolean", {"gesteckt": True, "nicht_gesteckt": False}
        ),
        "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": flag("BM_links"),
        "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": flag("BM_rechts"),
        # The sign is a separate signal (LWI_VZ_Lenkradwinkel); a KUKSA transform sees one signal.
        "Vehicle.Chassis.SteeringWheel.AngleMagnitude": value("LWI_Lenkradwinkel", "float", "degrees"),
        "Vehicle.ADAS.CruiseControl.IsActive": table(
            "MEB_ACC_01.ACC_Status_ACC", "boolean", {0: False, 1: False, 2: False, 3: True, 4: True, 5: False}
        ),
        "Vehicle.ADAS.CruiseControl.IsEnabled": table(
            "MEB_ACC_01.ACC_Status_ACC", "boolean", {0: False, 1: False, 2: True, 3: True, 4: True, 5: True}
        ),
        "Vehicle.ADAS.CruiseControl.SpeedSet": value("ACC_Wunschgeschw_02", "float", "km/h"),
        "Vehicle.ADAS.CruiseControl.LeadVehicleDistance": value("Same_Lane_01_Long_Distance", "float", "m"),
        "Vehicle.ADAS.ForwardCollisionWarning.IsWarning": flag("AWV_03.FCW_Active"),
        "Vehicle.ADAS.BlindSpot.Left.IsWarning": flag("Blind_Spot_Warn_Left"),
        "Vehicle.ADAS.BlindSpot.Right.IsWarning": flag("Blind_Spot_Warn_Right"),
        "Vehicle.Powertrain.TractionBattery.CurrentVoltage": value(
            "MEB_HVEM_01.Battery_Voltage", "float", "V"
        ),
        "Vehicle.Powertrain.Power": value("Engine_Power", "float", "kW"),
        "Vehicle.Powertrain.ElectricMotor.Rear.CurrentCurrent": value("EM1_IstStrom", "float", "A"),
        "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed": value(
            "BMS_SOC_HiRes", "float", "percent"
        ),
    },
)

PROFILES = (ID4,)
