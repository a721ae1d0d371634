"""Every scenario runs and ends the way its name promises; the physics stays consistent on the way.

Scenarios run on a one-message database so the physics, not the frame encoding, sets the pace: a
ten-minute charge takes a few seconds here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cantools
import pytest

from cockpit.resources import reference_dbc
from cockpit.sim import SimulatedCar, scenario_names
from cockpit.sim.battery import PackParameters, TractionBattery, cell_ocv, dc_charge_limit_kw
from cockpit.sim.state import CarState
from cockpit.sim.vehicle import Vehicle


@pytest.fixture(scope="module")
def one_message_db() -> cantools.database.can.Database:
    db = cantools.database.load_file(reference_dbc(), strict=True)
    return cantools.database.can.Database([db.get_message_by_name("VCU_DriveState")])


@dataclass
class Trace:
    """Samples of the car's state every ``every`` seconds of a run."""

    car: SimulatedCar
    samples: list[dict[str, Any]] = field(default_factory=list)

    def seen(self, predicate: Callable[[dict[str, Any]], bool]) -> list[float]:
        """Times at which ``predicate`` held."""
        return [s["t"] for s in self.samples if predicate(s)]


def sample(state: CarState) -> dict[str, Any]:
    adas, body, port, battery = state.adas, state.body, state.charge_port, state.battery
    lead = adas.lead_vehicle()
    return {
        "t": state.time,
        "speed": state.vehicle.speed_kmh,
        "gear": body.gear.name,
        "power_mode": body.power_mode.name,
        "driver_door": body.doors_open["FL"],
        "seated": body.driver_seated,
        "belted": body.driver_belted,
        "acc": adas.acc.state.name,
        "lead": lead is not None,
        "lead_x": lead.x if lead else None,
        "fcw": adas.fcw_level.name,
        "aeb": adas.aeb_active,
        "ldw": adas.lane_departure_side,
        "lka": adas.lane_keeping.name,
        "bsd_left": adas.blind_spot_left,
        "bsd_right": adas.blind_spot_right,
        "soc": battery.displayed_soc,
        "charge_kw": port.power_kw,
        "charge_state": port.state.name,
        "plugged": port.plugged,
        "ttf": port.time_to_full_s,
    }


def run(
    db: cantools.database.can.Database,
    name: str,
    until: float,
    every: float = 0.1,
    seed: int = 0,
    physics_step: float = 0.01,
) -> Trace:
    car = SimulatedCar(db, name, seed=seed, physics_step=physics_step)
    trace = Trace(car)
    t = 0.0
    while t < until and not car.finished:
        t += every
        car.frames_until(t)
        trace.samples.append(sample(car.state))
    return trace


def test_the_scenarios_are_the_ones_the_cockpit_knows() -> None:
    assert set(scenario_names()) == {"city", "highway", "parking", "arriving", "charging", "faults", "demo"}


@pytest.mark.parametrize("name", ["city", "highway", "parking", "arriving", "faults"])
def test_every_drive_finishes_within_two_minutes(
    one_message_db: cantools.database.can.Database, name: str
) -> None:
    trace = run(one_message_db, name, until=120.0, every=1.0)
    assert trace.car.finished
    assert all(math.isfinite(s["speed"]) and math.isfinite(s["soc"]) for s in trace.samples)


def test_city_is_stop_and_go_below_the_limit(one_message_db: cantools.database.can.Database) -> None:
    trace = run(one_message_db, "city", until=120.0, every=0.5)
    speeds = [s["speed"] for s in trace.samples]
    assert max(speeds) < 55.0 and max(speeds) > 40.0
    stops = trace.seen(lambda s: s["speed"] < 0.5 and s["t"] > 5.0)
    assert stops and trace.samples[-1]["speed"] < 0.5


def test_highway_follows_a_lead_car_and_warns_at_the_cut_in(
    one_message_db: cantools.database.can.Database,
) -> None:
    trace = run(one_message_db, "highway", until=60.0)
    following = trace.seen(lambda s: s["acc"] == "ACTIVE" and s["lead"])
    assert len(following) > 0.8 * len(trace.samples)
    warnings = trace.seen(lambda s: s["fcw"] != "NONE")
    assert warnings and 15.0 < warnings[0] < 22.0  # the cut-in, not the steady following
    assert min(s["lead_x"] for s in trace.samples if s["lead_x"] is not None) > 3.0  # no collision
    assert trace.seen(lambda s: s["ldw"] == 1)  # the drift to the left
    assert trace.seen(lambda s: s["lka"] == "INTERVENING")
    assert trace.seen(lambda s: s["bsd_left"]) and trace.seen(lambda s: s["bsd_right"])
    assert not trace.seen(lambda s: s["aeb"])


def test_parking_ends_in_p_with_the_drivers_door_open_and_power_off(
    one_message_db: cantools.database.can.Database,
) -> None:
    trace = run(one_message_db, "parking", until=120.0)
    assert trace.seen(lambda s: s["gear"] == "R" and s["speed"] < -2.0)  # reversed into the space
    end = trace.samples[-1]
    assert (end["gear"], end["driver_door"], end["power_mode"], end["speed"]) == ("P", True, "OFF", 0.0)
    opened = trace.seen(lambda s: s["driver_door"])[0]
    assert trace.seen(lambda s: s["gear"] == "P")[0] < opened


def test_arriving_driver_gets_in_belts_up_then_the_car_gets_ready(
    one_message_db: cantools.database.can.Database,
) -> None:
    trace = run(one_message_db, "arriving", until=60.0)
    door_open = trace.seen(lambda s: s["driver_door"])[0]
    seated = trace.seen(lambda s: s["seated"])[0]
    belted = trace.seen(lambda s: s["belted"])[0]
    on = trace.seen(lambda s: s["power_mode"] == "ON")[0]
    ready = trace.seen(lambda s: s["power_mode"] == "READY")[0]
    assert door_open < seated < belted < on < ready
    end = trace.samples[-1]
    assert (end["power_mode"], end["driver_door"], end["gear"]) == ("READY", False, "P")


def test_charging_raises_the_soc_and_the_power_tapers_above_80_percent(
    one_message_db: cantools.database.can.Database,
) -> None:
    # A whole 12-minute session of a parked car: 50 ms physics steps are plenty and 5x faster.
    trace = run(one_message_db, "charging", until=1500.0, every=5.0, physics_step=0.05)
    charging = [s for s in trace.samples if s["charge_kw"] > 1.0]
    socs = [s["soc"] for s in charging]
    assert socs == sorted(socs) and socs[-1] - socs[0] > 20.0
    early = [s["charge_kw"] for s in charging if s["soc"] < 74.0 and s["t"] > 10.0]  # after the ramp-up
    late = [s["charge_kw"] for s in charging if s["soc"] > 85.0]
    assert min(early) > 140.0 and max(late) < 0.6 * min(early)
    powers = [s["charge_kw"] for s in charging if s["soc"] > 80.0]
    assert powers == sorted(powers, reverse=True)
    times = [s["ttf"] for s in charging if s["t"] > 10.0]
    assert times[0] > 300.0 and times == sorted(times, reverse=True)
    assert trace.seen(lambda s: s["charge_state"] == "COMPLETE")
    end = trace.samples[-1]
    assert trace.car.finished and not end["plugged"] and 89.5 <= end["soc"] <= 91.0


def test_demo_loops_through_every_page(one_message_db: cantools.database.can.Database) -> None:
    # One loop is ~250 s; 20 ms physics steps keep the test quick and the driving the same.
    trace = run(one_message_db, "demo", until=300.0, every=1.0, physics_step=0.02)
    assert not trace.car.finished
    assert trace.seen(lambda s: s["acc"] == "ACTIVE")
    assert trace.seen(lambda s: s["charge_kw"] > 100.0)
    assert trace.seen(lambda s: s["gear"] == "R")
    assert trace.seen(lambda s: s["speed"] > 90.0)
    # Back at the start of the loop: the driver is arriving again after the charge.
    after_charge = trace.seen(lambda s: s["plugged"])[-1]
    assert trace.seen(lambda s: s["t"] > after_charge and s["power_mode"] == "READY")


def test_a_coarser_physics_step_charges_the_same(one_message_db: cantools.database.can.Database) -> None:
    fine = run(one_message_db, "charging", until=90.0, every=30.0).samples[-1]
    coarse = run(one_message_db, "charging", until=90.0, every=30.0, physics_step=0.05).samples[-1]
    assert coarse["soc"] == pytest.approx(fine["soc"], abs=0.1)
    assert coarse["charge_kw"] == pytest.approx(fine["charge_kw"], abs=1.0)


# --- physics sanity ---------------------------------------------------------------------------------


def test_cruising_power_matches_the_road_load() -> None:
    vehicle = Vehicle()
    vehicle.speed_ms = 100 / 3.6
    for _ in range(200):
        vehicle.step(0.0, 1, 0.01, driver_pedals=True)
    p = vehicle.params
    speed = vehicle.speed_ms
    road_load_kw = vehicle.road_load_n(speed) * speed / 1000.0
    assert vehicle.speed_kmh == pytest.approx(100.0, abs=0.1)
    assert vehicle.traction_power_kw == pytest.approx(road_load_kw / p.motor_efficiency, rel=0.01)
    assert 8.0 < vehicle.traction_power_kw < 14.0  # a real EV at 100 km/h on the flat


def test_motor_speed_follows_road_speed_through_the_gear() -> None:
    vehicle = Vehicle()
    vehicle.speed_ms = 20.0
    vehicle.step(0.5, 1, 0.01, driver_pedals=True)
    p = vehicle.params
    expected = vehicle.speed_ms / p.wheel_radius_m * p.gear_ratio * 60 / (2 * math.pi)
    assert vehicle.front.speed_rpm == pytest.approx(expected) == vehicle.rear.speed_rpm
    assert vehicle.front.torque_nm > 0 and vehicle.rear.torque_nm > vehicle.front.torque_nm


def test_braking_regenerates_and_the_pedal_moves_only_beyond_lift_off() -> None:
    vehicle = Vehicle()
    vehicle.speed_ms = 20.0
    gentle = vehicle.step(-0.8, 1, 0.01, driver_pedals=True)
    assert vehicle.traction_power_kw < 0 and gentle.brake_pedal == 0.0
    firm = vehicle.step(-4.0, 1, 0.01, driver_pedals=True)
    assert firm.brake_pedal > 10.0 and firm.acceleration == pytest.approx(-4.0, abs=0.05)


def test_battery_voltage_sags_under_load_and_rises_when_charging() -> None:
    battery = TractionBattery(PackParameters(), soc=60.0)
    ocv = battery.open_circuit_voltage
    battery.step(100.0, 0.01)
    assert battery.voltage_v < ocv
    assert battery.current_a * battery.voltage_v == pytest.approx(100_000.0, rel=1e-6)
    battery.step(-100.0, 0.01)
    assert battery.voltage_v > ocv and battery.current_a < 0
    assert cell_ocv(10) < cell_ocv(50) < cell_ocv(90)


def test_dc_charge_limit_is_flat_then_tapers() -> None:
    assert dc_charge_limit_kw(20) == dc_charge_limit_kw(70) == 150.0
    assert 150.0 > dc_charge_limit_kw(82) > dc_charge_limit_kw(90) > dc_charge_limit_kw(99)


def test_highway_speed_power_current_and_soc_are_consistent(
    one_message_db: cantools.database.can.Database,
) -> None:
    car = SimulatedCar(one_message_db, "highway")
    battery, vehicle = car.state.battery, car.state.vehicle
    soc0, energy0 = battery.soc, battery.energy_out_kwh
    ocvs = []
    for t in range(1, 41):
        car.frames_until(float(t))
        ocvs.append(battery.open_circuit_voltage)
        # Pack power = motors + auxiliaries, and = current x voltage.
        drawn = vehicle.traction_power_kw + vehicle.params.auxiliary_kw
        assert battery.power_kw == pytest.approx(drawn, abs=0.01)
        terminal_kw = battery.current_a * battery.voltage_v / 1000.0
        assert terminal_kw == pytest.approx(battery.power_kw, rel=1e-3, abs=0.01)
    used_kwh = battery.energy_out_kwh - energy0
    assert used_kwh > 0.05 and battery.soc < soc0
    # Energy conservation: what left the terminals is the charge taken out times the EMF, less the I^2 R loss.
    charge_kwh = (soc0 - battery.soc) / 100.0 * battery.capacity_ah * (sum(ocvs) / len(ocvs)) / 1000.0
    assert used_kwh == pytest.approx(charge_kwh, rel=0.05)
    # Consumption a real EV shows on the motorway, and a range that goes with it.
    assert 10.0 < car.state.consumption_kwh_per_100km < 30.0
    expected_range = battery.remaining_energy_kwh / car.state.consumption_kwh_per_100km * 100
    assert car.state.range_km == pytest.approx(expected_range)
