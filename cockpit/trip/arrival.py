"""The state of charge the car will arrive with, and whether that is below the driver's reserve.

energy needed (kWh) = remaining km x recent consumption (kWh/100 km) / 100 x cold factor
arrival charge (%)  = charge now (%) - energy needed / usable capacity (kWh) x 100

The recent consumption is the car's own rolling average (``Vehicle.Powertrain.EnergyConsumption``),
so the way this driver drives today is in it. The cold factor adds 1 % per degree the outside air is
below 15 degC (cabin and battery heating, and a cold pack's lower usable energy: published winter
tests measure 10-40 % less range at -7 degC), capped at +40 %. Nothing is estimated from a signal
that is not valid: the caller passes None and gets None (a dash on screen).
"""

from __future__ import annotations

from dataclasses import dataclass

COLD_BELOW_C = 15.0
COLD_PER_DEGREE = 0.01
COLD_CAP = 0.40
DEFAULT_RESERVE_PERCENT = 10.0


@dataclass(frozen=True)
class ArrivalCharge:
    """The estimate: charge on arrival, energy the rest of the route needs, and the reserve verdict."""

    percent: float  # may be negative: the route cannot be finished on this charge
    energy_kwh: float
    reserve_percent: float
    kwh_per_percent: float = 0.0  # the usable capacity over 100

    @property
    def below_reserve(self) -> bool:
        """Whether the car would arrive with less than the driver's reserve."""
        return self.percent < self.reserve_percent

    @property
    def shortfall_kwh(self) -> float:
        """Energy to add on the way to arrive with the reserve (0 when there is enough)."""
        return max(0.0, (self.reserve_percent - self.percent)) * self.kwh_per_percent


def cold_factor(outside_c: float) -> float:
    """How much more energy a kilometre takes at ``outside_c`` than in mild weather (1.0 = none)."""
    return 1.0 + min(COLD_CAP, max(0.0, COLD_BELOW_C - outside_c) * COLD_PER_DEGREE)


def arrival_charge(
    remaining_km: float | None,
    soc_percent: float | None,
    consumption_kwh_per_100km: float | None,
    outside_c: float | None,
    capacity_kwh: float | None,
    reserve_percent: float = DEFAULT_RESERVE_PERCENT,
) -> ArrivalCharge | None:
    """The arrival charge, or None when any input is unknown (not valid) or the capacity is zero."""
    inputs = (remaining_km, soc_percent, consumption_kwh_per_100km, outside_c, capacity_kwh)
    if any(v is None for v in inputs) or not capacity_kwh or capacity_kwh <= 0:
        return None
    assert remaining_km is not None and soc_percent is not None and consumption_kwh_per_100km is not None
    assert outside_c is not None
    energy = max(0.0, remaining_km) * max(0.0, consumption_kwh_per_100km) / 100.0 * cold_factor(outside_c)
    percent = soc_percent - energy / capacity_kwh * 100.0
    return ArrivalCharge(percent, energy, reserve_percent, capacity_kwh / 100.0)
