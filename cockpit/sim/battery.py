"""The traction battery: state of charge, voltage, current and temperature follow the power drawn.

An equivalent circuit of one series string: the open-circuit voltage (a function of the state of
charge) minus the drop over the pack's internal resistance. Given the power the powertrain draws
(or a charger pushes in), the current is the root of ``P = (OCV - I*R) * I``. The pack heats with
``I^2 R`` and is cooled towards its coolant, which a chiller holds near 25 degC.

Sign convention: the BMS's, current and power positive when *discharging* (the VSS mapping flips it).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass


class Curve:
    """A piecewise-linear curve through sorted (x, y) points, clamped at both ends."""

    def __init__(self, *points: tuple[float, float]) -> None:
        self.points = points
        self._xs = [x for x, _ in points]  # looked up every physics step: split once

    def __call__(self, x: float) -> float:
        xs, points = self._xs, self.points
        if x <= xs[0]:
            return points[0][1]
        if x >= xs[-1]:
            return points[-1][1]
        i = bisect_right(xs, x)
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


# Open-circuit voltage of one NMC cell over its real state of charge (%); a typical measured shape.
CELL_OCV_CURVE = Curve(
    (0.0, 3.30),
    (5.0, 3.45),
    (10.0, 3.55),
    (20.0, 3.63),
    (30.0, 3.68),
    (40.0, 3.72),
    (50.0, 3.77),
    (60.0, 3.84),
    (70.0, 3.92),
    (80.0, 4.00),
    (90.0, 4.09),
    (100.0, 4.19),
)

# DC fast-charge power the pack accepts over its *displayed* state of charge (kW): the charger's
# full 150 kW up to about 75 %, then the taper of the constant-voltage phase, steep above 80 %.
DC_CHARGE_CURVE = Curve(
    (0.0, 150.0),
    (75.0, 150.0),
    (80.0, 120.0),
    (90.0, 55.0),
    (95.0, 30.0),
    (100.0, 6.0),
)


def cell_ocv(soc_percent: float) -> float:
    """Open-circuit voltage of one cell (V) at a real state of charge (%)."""
    return CELL_OCV_CURVE(soc_percent)


def dc_charge_limit_kw(displayed_soc: float) -> float:
    """The DC charging power the BMS accepts at a displayed state of charge (kW)."""
    return DC_CHARGE_CURVE(displayed_soc)


@dataclass(frozen=True)
class PackParameters:
    """A 108s pack of about 82 kWh gross (the usable window hides 3 % at each end)."""

    cells_in_series: int = 108
    capacity_ah: float = 205.0
    resistance_ohm: float = 0.072
    usable_low_percent: float = 3.0
    usable_high_percent: float = 97.0
    thermal_mass_j_per_k: float = 420_000.0
    cooling_w_per_k: float = 180.0
    coolant_setpoint_c: float = 25.0
    cell_spread_v: float = 0.006  # cell-to-cell voltage spread of a healthy pack

    @property
    def nominal_energy_kwh(self) -> float:
        """Energy at the nominal 3.7 V per cell."""
        return self.cells_in_series * 3.7 * self.capacity_ah / 1000.0


@dataclass
class TractionBattery:
    """The pack's state, advanced by :meth:`step` with the power drawn from it."""

    params: PackParameters
    soc: float = 70.0  # real state of charge, %
    state_of_health: float = 96.5
    temperature_c: float = 24.0
    coolant_c: float = 24.0
    current_a: float = 0.0  # positive = discharging
    voltage_v: float = 0.0
    power_kw: float = 0.0  # positive = discharging
    energy_out_kwh: float = 0.0  # integral of terminal power, for energy bookkeeping

    def __post_init__(self) -> None:
        self.voltage_v = self.open_circuit_voltage

    @property
    def open_circuit_voltage(self) -> float:
        """Pack open-circuit voltage at the present state of charge."""
        return cell_ocv(self.soc) * self.params.cells_in_series

    @property
    def displayed_soc(self) -> float:
        """The state of charge the driver sees: the usable window stretched to 0..100 %."""
        low, high = self.params.usable_low_percent, self.params.usable_high_percent
        return min(100.0, max(0.0, (self.soc - low) / (high - low) * 100.0))

    @property
    def capacity_ah(self) -> float:
        """Present capacity, aged by the state of health."""
        return self.params.capacity_ah * self.state_of_health / 100.0

    @property
    def usable_energy_kwh(self) -> float:
        """Usable energy of a full pack today."""
        window = (self.params.usable_high_percent - self.params.usable_low_percent) / 100.0
        return self.capacity_ah * window * self.params.cells_in_series * 3.7 / 1000.0

    @property
    def remaining_energy_kwh(self) -> float:
        """Usable energy left."""
        return self.usable_energy_kwh * self.displayed_soc / 100.0

    @property
    def cell_voltage_min(self) -> float:
        """Lowest cell voltage (V) under load."""
        return self.voltage_v / self.params.cells_in_series - self.params.cell_spread_v / 2

    @property
    def cell_voltage_max(self) -> float:
        """Highest cell voltage (V) under load."""
        return self.voltage_v / self.params.cells_in_series + self.params.cell_spread_v / 2

    def step(self, power_kw: float, dt: float) -> None:
        """Draw ``power_kw`` (negative = charge) for ``dt`` seconds."""
        ocv = self.open_circuit_voltage
        r = self.params.resistance_ohm
        power_w = power_kw * 1000.0
        # P = (OCV - I R) I  ->  R I^2 - OCV I + P = 0; the physical root is the smaller one.
        discriminant = max(ocv * ocv - 4.0 * r * power_w, 0.0)
        current = (ocv - math.sqrt(discriminant)) / (2.0 * r)
        self.current_a = current
        self.voltage_v = ocv - current * r
        self.power_kw = power_kw
        self.energy_out_kwh += power_kw * dt / 3600.0
        self.soc = min(100.0, max(0.0, self.soc - current * dt / 3600.0 / self.capacity_ah * 100.0))
        heat_w = current * current * r
        cooling_w = self.params.cooling_w_per_k * (self.temperature_c - self.coolant_c)
        self.temperature_c += (heat_w - cooling_w) * dt / self.params.thermal_mass_j_per_k
        # The chiller pulls the coolant towards its setpoint, slowly, harder when the pack is hot.
        target = self.params.coolant_setpoint_c if self.temperature_c > 28.0 else self.temperature_c
        self.coolant_c += (target - self.coolant_c) * dt / 120.0
