"""The charge inlet and the charging session: plug, handshake, power ramp, taper and completion."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from cockpit.sim.battery import TractionBattery, dc_charge_limit_kw


class ChargeState(IntEnum):
    """BMS_ChargeState values."""

    IDLE = 0
    AC = 1
    DC = 2
    COMPLETE = 3
    FAULT = 4


AC_CHARGER_KW = 11.0
HANDSHAKE_S = 2.0  # plug to first current: insulation test, contactors, negotiation
RAMP_KW_PER_S = 30.0


@dataclass
class ChargePort:
    """The inlet and what flows through it."""

    plugged: bool = False
    dc: bool = True
    charger_max_kw: float = 150.0
    charge_limit: float = 90.0  # displayed %, set by the driver
    state: ChargeState = ChargeState.IDLE
    power_kw: float = 0.0  # delivered by the charger
    seconds_plugged: float = 0.0
    time_to_full_s: float = 0.0
    inlet_temperature_c: float = 22.0

    @property
    def charging(self) -> bool:
        """Energy is flowing from the charger into the car."""
        return self.power_kw > 0.5

    def plug(self, dc: bool = True, charger_max_kw: float = 150.0) -> None:
        """A cable is connected."""
        self.plugged, self.dc, self.charger_max_kw, self.seconds_plugged = True, dc, charger_max_kw, 0.0

    def unplug(self) -> None:
        """The cable is removed (the session, if any, has been stopped first)."""
        self.plugged, self.power_kw, self.state, self.time_to_full_s = False, 0.0, ChargeState.IDLE, 0.0

    def step(self, battery: TractionBattery, dt: float) -> None:
        """Advance the session: the power follows the BMS's limit curve and stops at the limit."""
        if not self.plugged:
            self.power_kw = 0.0
            self.state = ChargeState.IDLE
            return
        self.seconds_plugged += dt
        soc = battery.displayed_soc
        if soc >= self.charge_limit:
            self.state = ChargeState.COMPLETE
            self.power_kw = max(0.0, self.power_kw - RAMP_KW_PER_S * 2 * dt)
        elif self.state != ChargeState.COMPLETE:
            self.state = ChargeState.DC if self.dc else ChargeState.AC
            wanted = 0.0
            if self.seconds_plugged >= HANDSHAKE_S:
                wanted = min(self.charger_max_kw, dc_charge_limit_kw(soc)) if self.dc else AC_CHARGER_KW
            step = RAMP_KW_PER_S * dt
            self.power_kw += max(-step * 3, min(step, wanted - self.power_kw))
        heat = self.power_kw * 0.03  # contact resistance warms the inlet a little under high current
        self.inlet_temperature_c += (heat - (self.inlet_temperature_c - 22.0) * 0.2) * dt / 40.0
        if self.state not in (ChargeState.AC, ChargeState.DC):
            self.time_to_full_s = 0.0
        elif int(self.seconds_plugged) != int(self.seconds_plugged - dt):
            self.time_to_full_s = self._time_to_full(battery)  # once a second is plenty for minutes

    def _time_to_full(self, battery: TractionBattery) -> float:
        """Integrate the power curve from here to the limit in 1 % steps."""
        soc = battery.displayed_soc
        energy_per_percent = battery.usable_energy_kwh / 100.0
        seconds = 0.0
        while soc < self.charge_limit:
            step = min(1.0, self.charge_limit - soc)
            kw = min(self.charger_max_kw, dc_charge_limit_kw(soc)) if self.dc else AC_CHARGER_KW
            seconds += step * energy_per_percent / max(kw, 1.0) * 3600.0
            soc += step
        return seconds
