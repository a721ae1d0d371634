"""What the Energy page shows: the pack, charging, consumption, and two histories to plot."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Property, Signal

from cockpit.hmi.vehicle_model import SignalField, VehicleModel
from cockpit.signals import Quality, SignalReading

_SOC_PATH = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
_CHARGE_POWER_PATH = "Vehicle.Powertrain.TractionBattery.Charging.Power"
_IS_CHARGING_PATH = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging"


def watts_to_kw(watts: Any) -> float:
    """VSS CurrentPower is in W; the page shows kW."""
    return float(watts) / 1000.0


class EnergyModel(VehicleModel):
    """Pack and charging values, plus the state-of-charge history and the charge curve.

    The histories are sampled on the signals' own timestamps (bus time, or the log's time in a
    replay), so a screenshot fast-forwarded through a scenario plots the same curve a driver saw.
    """

    FIELDS = (
        SignalField("stateOfCharge", _SOC_PATH),
        SignalField("stateOfHealth", "Vehicle.Powertrain.TractionBattery.StateOfHealth"),
        SignalField("voltage", "Vehicle.Powertrain.TractionBattery.CurrentVoltage"),
        SignalField("current", "Vehicle.Powertrain.TractionBattery.CurrentCurrent"),
        SignalField(
            "batteryPower", "Vehicle.Powertrain.TractionBattery.CurrentPower", float, 0.0, watts_to_kw
        ),
        SignalField("cellVoltageMin", "Vehicle.Powertrain.TractionBattery.CellVoltage.Min"),
        SignalField("cellVoltageMax", "Vehicle.Powertrain.TractionBattery.CellVoltage.Max"),
        SignalField("temperatureMin", "Vehicle.Powertrain.TractionBattery.Temperature.Min"),
        SignalField("temperatureMax", "Vehicle.Powertrain.TractionBattery.Temperature.Max"),
        SignalField("temperatureAverage", "Vehicle.Powertrain.TractionBattery.Temperature.Average"),
        SignalField("coolantTemperature", "Vehicle.Powertrain.TractionBattery.CoolantTemperature"),
        SignalField(
            "cablePlugged", "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected", bool
        ),
        SignalField("charging", _IS_CHARGING_PATH, bool),
        SignalField("chargingState", "Vehicle.Powertrain.TractionBattery.Charging.State", str, "IDLE"),
        SignalField("chargePower", _CHARGE_POWER_PATH),
        SignalField("chargeLimit", "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit"),
        SignalField("timeToComplete", "Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete"),
        SignalField("consumption", "Vehicle.Powertrain.EnergyConsumption"),
        SignalField("range", "Vehicle.Powertrain.Range", float, 0.0, lambda m: float(m) / 1000.0),
    )

    historyChanged = Signal()

    def __init__(self, sample_period: float = 2.0, history_length: int = 900, parent: Any = None) -> None:
        super().__init__(parent)
        self._sample_period = sample_period
        self._soc_history: deque[tuple[float, float]] = deque(maxlen=history_length)
        self._charge_curve: deque[tuple[float, float]] = deque(maxlen=history_length)
        self._next_sample = float("-inf")

    def apply(self, readings: Mapping[str, SignalReading]) -> set[str]:
        """Apply readings as any model does, then extend the histories."""
        changed = super().apply(readings)
        grew = False
        soc = readings.get(_SOC_PATH)
        if soc is not None and soc.quality is Quality.VALID and soc.timestamp is not None:
            if soc.timestamp >= self._next_sample:
                self._soc_history.append((soc.timestamp, float(soc.value)))
                self._next_sample = soc.timestamp + self._sample_period
                grew = True
            if self._values["charging"] and self._valid["charging"] and self._valid["chargePower"]:
                grew |= self._extend_charge_curve(float(soc.value), self._values["chargePower"])
        if grew:
            self.historyChanged.emit()
        return changed

    def _extend_charge_curve(self, soc: float, power_kw: float) -> bool:
        # One point per 0.2 % of charge: the curve's shape, not a point per frame.
        if self._charge_curve and abs(self._charge_curve[-1][0] - soc) < 0.2:
            return False
        if self._charge_curve and soc < self._charge_curve[-1][0] - 1.0:
            self._charge_curve.clear()  # a new charging session (the car was driven since)
        self._charge_curve.append((soc, power_kw))
        return True

    def _soc_history_list(self) -> list[list[float]]:
        if not self._soc_history:
            return []
        end = self._soc_history[-1][0]
        # Seconds relative to the newest sample (<= 0), so the plot's right edge is "now".
        return [[t - end, soc] for t, soc in self._soc_history]

    def _charge_curve_list(self) -> list[list[float]]:
        return [[soc, kw] for soc, kw in self._charge_curve]

    socHistory = Property(list, _soc_history_list, notify=historyChanged)
    """[[seconds before now, percent], ...], oldest first."""
    chargeCurve = Property(list, _charge_curve_list, notify=historyChanged)
    """[[state of charge percent, charge power kW], ...] of the current charging session."""
