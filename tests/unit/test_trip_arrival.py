"""The arrival charge against hand computations."""

from __future__ import annotations

import pytest

from cockpit.trip import arrival_charge
from cockpit.trip.arrival import cold_factor


def test_mild_weather_uses_the_recent_consumption_as_it_is() -> None:
    # 30 km at 16 kWh/100 km = 4.8 kWh; of 75 kWh that is 6.4 %; 50 - 6.4 = 43.6 %.
    estimate = arrival_charge(30.0, 50.0, 16.0, 20.0, 75.0)
    assert estimate.energy_kwh == pytest.approx(4.8)
    assert estimate.percent == pytest.approx(43.6)
    assert not estimate.below_reserve and estimate.shortfall_kwh == 0.0


def test_cold_air_adds_one_percent_a_degree_below_15_c() -> None:
    # -5 degC: 20 degrees below 15, so x1.20. 100 km x 18 kWh/100 km x 1.2 = 21.6 kWh; /60 kWh = 36 %.
    assert cold_factor(-5.0) == pytest.approx(1.20)
    estimate = arrival_charge(100.0, 40.0, 18.0, -5.0, 60.0)
    assert estimate.energy_kwh == pytest.approx(21.6)
    assert estimate.percent == pytest.approx(4.0)


def test_the_cold_correction_is_capped() -> None:
    assert cold_factor(-40.0) == pytest.approx(1.40)
    assert cold_factor(30.0) == 1.0


def test_below_the_reserve_says_how_much_to_add_on_the_way() -> None:
    # Arrives with 4 % of 60 kWh; the 10 % reserve needs 6 % more = 3.6 kWh.
    estimate = arrival_charge(100.0, 40.0, 18.0, -5.0, 60.0, reserve_percent=10.0)
    assert estimate.below_reserve
    assert estimate.shortfall_kwh == pytest.approx(3.6)


@pytest.mark.parametrize("missing", range(5))
def test_an_unknown_input_gives_no_estimate(missing: int) -> None:
    inputs = [30.0, 50.0, 16.0, 20.0, 75.0]
    inputs[missing] = None
    assert arrival_charge(*inputs) is None


def test_a_zero_capacity_gives_no_estimate_rather_than_a_division_by_zero() -> None:
    assert arrival_charge(30.0, 50.0, 16.0, 20.0, 0.0) is None
