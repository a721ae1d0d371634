"""What the driving strip and the Drive page show: speed, gear, power, charge, range, lights,
the outside temperature and, while charging, the charging figures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, Signal

from cockpit.app.guidance import locked_out
from cockpit.hmi.vehicle_model import SignalField, VehicleModel, whole_in_both_units

# VSS SelectedGear numbers (docs/vss-signals.md) -> the letter on the gear selector.
_GEAR_LETTERS = {126: "P", -1: "R", 0: "N", 127: "D"}


def gear_letter(selected_gear: Any) -> str:
    """The letter for a VSS ``SelectedGear`` value; other forward gears show as D."""
    gear = int(selected_gear)
    if gear in _GEAR_LETTERS:
        return _GEAR_LETTERS[gear]
    if 1 <= gear <= 16:
        return "D"
    raise ValueError(f"SelectedGear {selected_gear!r} is not a gear the cockpit knows")


def metres_to_km(metres: Any) -> float:
    """VSS Range is in metres; the cockpit shows kilometres (or miles)."""
    return float(metres) / 1000.0


class DriveModel(VehicleModel):
    """The always-visible driving signals. Speeds in km/h, distances in km, power in kW."""

    FIELDS = (
        # Shown in whole km/h or mph; the route view's progress comes from the handoff, not this.
        SignalField("speed", "Vehicle.Speed", shown=whole_in_both_units("km/h")),
        SignalField("gear", "Vehicle.Powertrain.Transmission.SelectedGear", str, "P", gear_letter),
        SignalField("performanceMode", "Vehicle.Powertrain.Transmission.PerformanceMode", str),
        SignalField("ready", "Vehicle.Powertrain.IsReady", bool),
        # Shown in whole kW, the meter about 500 px for 350 kW: half a kW is under a pixel of it.
        SignalField("power", "Vehicle.Powertrain.Power", shown=lambda kw: (round(kw), round(kw * 2))),
        SignalField("stateOfCharge", "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"),
        SignalField("range", "Vehicle.Powertrain.Range", float, 0.0, metres_to_km),
        SignalField("odometer", "Vehicle.TraveledDistance"),
        SignalField("consumption", "Vehicle.Powertrain.EnergyConsumption"),
        SignalField("acceleratorPedal", "Vehicle.Chassis.Accelerator.PedalPosition"),
        SignalField("brakePedal", "Vehicle.Chassis.Brake.PedalPosition"),
        SignalField("turnLeft", "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling", bool),
        SignalField("turnRight", "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling", bool),
        SignalField("hazard", "Vehicle.Body.Lights.Hazard.IsSignaling", bool),
        SignalField("powerState", "Vehicle.LowVoltageSystemState", str),
        SignalField("driverDoorOpen", "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen", bool),
        SignalField("passengerDoorOpen", "Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen", bool),
        SignalField("rearLeftDoorOpen", "Vehicle.Cabin.Door.Row2.DriverSide.IsOpen", bool),
        SignalField("rearRightDoorOpen", "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen", bool),
        SignalField("trunkOpen", "Vehicle.Body.Trunk.Rear.IsOpen", bool),
        SignalField("driverBelted", "Vehicle.Cabin.Seat.Row1.DriverSide.IsBelted", bool, True),
        SignalField("driverSeated", "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied", bool),
        SignalField("outsideTemperature", "Vehicle.Exterior.AirTemperature"),
        # Charging, for the Drive page while the car charges (the Energy page has the detail).
        SignalField("charging", "Vehicle.Powertrain.TractionBattery.Charging.IsCharging", bool),
        SignalField("chargePower", "Vehicle.Powertrain.TractionBattery.Charging.Power"),
        SignalField("chargeLimit", "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit"),
        SignalField("timeToComplete", "Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete"),
    )

    lockedOutChanged = Signal()

    def derive(self, changed: set[str]) -> None:
        """The driver lockout follows the speed (and its validity)."""
        if "speed" in changed:
            self.lockedOutChanged.emit()

    def _get_locked_out(self) -> bool:
        return locked_out(self._values["speed"] if self._valid["speed"] else None)

    #: Text entry and other visual-manual tasks wait while the car moves (cockpit.trip.lockout).
    lockedOut = Property(bool, _get_locked_out, notify=lockedOutChanged)
