"""The named scenarios: a registry of script builders, each deterministic given its random source.

``SCENARIOS`` maps a name to a builder ``(rng) -> Scenario``; ``scenario_names()`` lists them. A
scenario has a ``setup`` (the car as the scenario finds it), a script (see ``cockpit.sim.script``),
the faults it injects, and whether it loops. The random source only jitters speeds, distances and
timings, so two runs with the same seed produce the same frames.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cockpit.sim.adas import LANE_WIDTH_M, ObjectClass, RoadUser
from cockpit.sim.body import Gear, PowerMode
from cockpit.sim.charging import ChargeState
from cockpit.sim.faults import (
    BusSilent,
    CorruptedCrc,
    CounterJump,
    Fault,
    ForcedValue,
    MessageStops,
    NotAvailable,
)
from cockpit.sim.park import CAR_LENGTH_M, Obstacle
from cockpit.sim.script import (
    Step,
    Wait,
    WaitUntil,
    acc,
    add_obstacle,
    add_road_user,
    attention_warning,
    charge_limit,
    clear_traffic,
    component_fault,
    door,
    drift,
    gear,
    indicator,
    lane_keeping,
    plug,
    power,
    road,
    road_user,
    set_body,
    target,
    unplug,
    until_park_gap_below,
    until_speed_above,
    until_speed_below,
)
from cockpit.sim.state import CarState

Setup = Callable[[CarState], None]


@dataclass(frozen=True)
class Scenario:
    """One named drive: how the car starts, what happens, which faults are injected."""

    name: str
    description: str
    setup: Setup
    steps: Sequence[Step]
    faults: Sequence[Fault] = field(default_factory=tuple)
    loop: bool = False


ScenarioBuilder = Callable[[random.Random], Scenario]
SCENARIOS: dict[str, tuple[str, ScenarioBuilder]] = {}


def scenario(name: str, description: str) -> Callable[[ScenarioBuilder], ScenarioBuilder]:
    """Register a scenario builder under ``name``."""

    def register(builder: ScenarioBuilder) -> ScenarioBuilder:
        SCENARIOS[name] = (description, builder)
        return builder

    return register


def scenario_names() -> list[str]:
    """Every scenario's name, in registration order."""
    return list(SCENARIOS)


def build_scenario(name: str, rng: random.Random) -> Scenario:
    """Build the scenario ``name``; KeyError names the known ones."""
    try:
        _, builder = SCENARIOS[name]
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)}") from None
    return builder(rng)


# --- How the car is found ---------------------------------------------------------------------------


def parked_ready(state: CarState) -> None:
    """In P, READY, the driver seated and belted."""
    body = state.body
    body.power_mode, body.gear = PowerMode.READY, Gear.P
    body.driver_seated = body.driver_belted = body.key_inside = True
    body.locked = False
    body.low_beam = True


def asleep(state: CarState) -> None:
    """Parked, locked, nobody inside, everything off."""
    body = state.body
    body.power_mode, body.gear = PowerMode.OFF, Gear.P
    body.driver_seated = body.driver_belted = body.key_inside = False
    body.locked = True
    state.battery.temperature_c = state.battery.coolant_c = 18.0


def cruising(speed_kmh: float) -> Setup:
    """In D at ``speed_kmh``, READY, driver seated and belted."""

    def setup(state: CarState) -> None:
        parked_ready(state)
        state.body.gear = Gear.D
        state.vehicle.speed_ms = speed_kmh / 3.6
        state.driver.target_speed_kmh = speed_kmh
        state.battery.temperature_c = state.battery.coolant_c = 27.0

    return setup


def with_soc(setup: Setup, displayed_soc: float) -> Setup:
    """``setup``, with the battery at ``displayed_soc`` (converted to the real state of charge)."""

    def apply(state: CarState) -> None:
        setup(state)
        p = state.battery.params
        window = p.usable_high_percent - p.usable_low_percent
        state.battery.soc = p.usable_low_percent + displayed_soc / 100.0 * window
        state.battery.voltage_v = state.battery.open_circuit_voltage

    return apply


# --- Scripts (shared by the single scenarios and the demo loop) -------------------------------------


def city_steps(rng: random.Random) -> list[Step]:
    """Stop-and-go in town: a light, a left turn, a cyclist, a pedestrian."""
    cruise = 50.0 + rng.uniform(-3.0, 3.0)
    return [
        clear_traffic(),
        road("DOUBLE", "DASHED", 0.0, 88.0),
        lane_keeping(False),
        acc(main=False),
        door("FL", False),
        set_body("driver in", driver_seated=True, driver_belted=True, locked=False),
        power("READY"),
        Wait(1.0),
        gear("D"),
        target(cruise),
        add_road_user(RoadUser(ObjectClass.CAR, 35.0, 0.0, 46 / 3.6, label="city lead")),
        add_road_user(RoadUser(ObjectClass.PEDESTRIAN, 60.0, -5.5, 1.2 / 3.6, label="pedestrian")),
        Wait(14.0 + rng.uniform(-1.0, 1.0)),
        road_user("city lead", speed_kmh=0.0),
        target(0.0),
        until_speed_below(0.5, 30.0),
        Wait(5.0),
        indicator("left", True),
        Wait(2.0),
        road_user("city lead", speed_kmh=40.0, target_y=12.0, lateral_ms=2.0),
        target(28.0),
        until_speed_above(20.0, 20.0),
        road(curvature=1 / 18.0),
        Wait(4.0),
        road(curvature=0.0),
        indicator("left", False),
        clear_traffic(),
        target(cruise),
        add_road_user(RoadUser(ObjectClass.BICYCLE, 40.0, -1.9, 18 / 3.6, label="cyclist")),
        Wait(12.0),
        target(0.0),
        until_speed_below(0.5, 30.0),
        Wait(3.0),
    ]


def highway_steps(rng: random.Random) -> list[Step]:
    """ACC following a lead car with lane keeping; a drift, a passing truck, a cut-in."""
    lead_kmh = 100.0 + rng.uniform(-3.0, 3.0)
    cut_in_at = 18.0 + rng.uniform(-1.0, 1.0)
    return [
        clear_traffic(),
        road("DASHED", "DASHED", 1 / 2500.0, 93.0),
        indicator("left", False),
        set_body("headlights", low_beam=True),
        gear("D"),
        target(105.0),
        until_speed_above(95.0, 40.0),
        add_road_user(RoadUser(ObjectClass.CAR, 55.0, 0.0, lead_kmh / 3.6, label="lead")),
        add_road_user(RoadUser(ObjectClass.TRUCK, 30.0, -LANE_WIDTH_M, 85 / 3.6, label="truck")),
        add_road_user(RoadUser(ObjectClass.CAR, -45.0, LANE_WIDTH_M, 125 / 3.6, label="overtaker")),
        # Something lying on the hard shoulder: drawn as unknown, passed without a warning.
        add_road_user(RoadUser(ObjectClass.UNKNOWN, 150.0, -5.2, 0.0, label="debris on the shoulder")),
        acc(main=True, engaged=True, set_speed=110.0, time_gap=1.8),
        lane_keeping(True),
        Wait(6.0),
        drift(0.35),
        Wait(3.0),
        attention_warning(True),
        drift(0.0),
        Wait(4.0),
        attention_warning(False),
        road(curvature=-1 / 1800.0),
        Wait(max(1.0, cut_in_at - 13.0)),
        add_road_user(
            RoadUser(
                ObjectClass.CAR,
                21.0,
                -LANE_WIDTH_M,
                72 / 3.6,
                target_y=0.0,
                lateral_speed_ms=2.2,
                label="cut-in",
            )
        ),
        Wait(4.0),
        road_user("cut-in", speed_kmh=98.0),
        Wait(8.0),
        road_user("cut-in", target_y=LANE_WIDTH_M, lateral_ms=1.0),
        road(curvature=0.0),
        Wait(10.0),
    ]


def parking_steps(rng: random.Random) -> list[Step]:
    """Slow down, reverse towards a parked car and a post (park assist), P, power off, the driver gets out."""
    return [
        clear_traffic(),
        acc(main=False),
        lane_keeping(False),
        road("NONE", "NONE", 0.0, 30.0),
        gear("D"),
        indicator("right", True),
        target(12.0),
        until_speed_below(13.0, 40.0),
        Wait(2.0),
        target(0.0),
        until_speed_below(0.3, 20.0),
        indicator("right", False),
        Wait(1.0),
        # Reversing into the space: a parked car behind, offset to the left, and a post at its corner.
        add_obstacle(
            Obstacle(-CAR_LENGTH_M - 5.5 - rng.uniform(0.0, 0.5), 0.6, 0.9, 0.5, "parked car behind")
        ),
        add_obstacle(Obstacle(-CAR_LENGTH_M - 5.3, 1.2, 0.1, 0.2, "post")),
        gear("R"),
        target(-5.0),
        until_park_gap_below(2.0),
        target(-2.5),
        until_park_gap_below(0.5),
        target(0.0),
        until_speed_below(0.1, 10.0),
        Wait(1.0),
        gear("P"),
        Wait(1.0),
        set_body("belt off", driver_belted=False),
        power("ACC"),
        Wait(1.0),
        door("FL", True),
        Wait(1.0),
        power("OFF"),
        set_body("driver out", driver_seated=False),
        Wait(3.0),
    ]


def arriving_steps(rng: random.Random) -> list[Step]:
    """The driver unlocks, gets in, belts up, switches on, and the car gets ready."""
    return [
        Wait(1.0),
        set_body("unlock", locked=False, key_inside=False),
        Wait(1.0),
        door("FL", True),
        Wait(1.5),
        set_body("driver sits", driver_seated=True, key_inside=True),
        Wait(1.0),
        door("FL", False),
        Wait(1.0),
        set_body("belt on", driver_belted=True),
        Wait(1.0),
        power("ON"),
        Wait(1.5 + rng.uniform(0.0, 0.5)),
        power("READY"),
        Wait(4.0),
    ]


def charging_steps(rng: random.Random, charge_for: float | None = None) -> list[Step]:
    """DC fast charge: plug, handshake, full power, taper, complete (or unplug after ``charge_for``)."""
    steps: list[Step] = [
        gear("P"),
        power("OFF"),
        door("FL", False),
        set_body("driver out", driver_seated=False, driver_belted=False),
        charge_limit(90.0),
        Wait(2.0),
        plug(dc=True, charger_kw=150.0),
    ]
    if charge_for is None:
        complete = WaitUntil(lambda s: s.charge_port.state == ChargeState.COMPLETE, "charge complete", 3600.0)
        steps += [complete, Wait(10.0)]
    else:
        steps += [Wait(charge_for)]
    return [*steps, unplug(), Wait(3.0)]


# --- The registry -----------------------------------------------------------------------------------


@scenario("city", "stop-and-go in town at up to 50 km/h: a traffic light, a left turn, a cyclist")
def _city(rng: random.Random) -> Scenario:
    return Scenario("city", SCENARIOS["city"][0], with_soc(parked_ready, 64.0), city_steps(rng))


@scenario("highway", "ACC following at ~100 km/h with lane keeping, a drift warning, a cut-in raising FCW")
def _highway(rng: random.Random) -> Scenario:
    return Scenario("highway", SCENARIOS["highway"][0], with_soc(cruising(100.0), 71.0), highway_steps(rng))


@scenario(
    "parking",
    "slow down, reverse into a space towards a parked car (park assist from 1.5 m), P, "
    "power off, the driver's door opens",
)
def _parking(rng: random.Random) -> Scenario:
    return Scenario("parking", SCENARIOS["parking"][0], with_soc(cruising(30.0), 58.0), parking_steps(rng))


@scenario("arriving", "the driver unlocks, gets in, belts up, power on, then ready")
def _arriving(rng: random.Random) -> Scenario:
    return Scenario("arriving", SCENARIOS["arriving"][0], with_soc(asleep, 66.0), arriving_steps(rng))


@scenario("charging", "DC fast charge from 65 % to the 90 % limit at up to 150 kW, tapering above 75-80 %")
def _charging(rng: random.Random) -> Scenario:
    def setup(state: CarState) -> None:
        with_soc(parked_ready, 65.0 + rng.uniform(-1.0, 1.0))(state)
        state.body.power_mode = PowerMode.OFF
        state.battery.temperature_c = state.battery.coolant_c = 26.0

    return Scenario("charging", SCENARIOS["charging"][0], setup, charging_steps(rng))


ADAS_SENDERS = frozenset({"ADAS_CAM", "ADAS_RADAR", "PDC"})  # every node on ADAS-CANFD


@scenario(
    "faults",
    "highway driving while the bus misbehaves: a message stops, a bad CRC, a counter jump, "
    "an out-of-range and a not-available value, the ADAS bus silent for 5 s, then a reported "
    "battery isolation fault and brake fault",
)
def _faults(rng: random.Random) -> Scenario:
    faults: list[Fault] = [
        MessageStops(4.0, 7.0, message="BMS_PackStatus"),
        # The garbage speed would show 250 km/h if a decoder ignored the CRC.
        CorruptedCrc(8.0, 8.5, message="ESP_Speed", values={"ESP_VehicleSpeed": 250.0}),
        CounterJump(10.0, float("inf"), message="ACC_Status", jump=6),
        ForcedValue(12.0, 14.0, message="BMS_PackStatus", signal="BMS_SocDisplayed", value=101.5),
        NotAvailable(15.0, 17.0, message="BMS_CellExtremes", signal="BMS_CellTempMax"),
        BusSilent(18.0, 23.0, bus="ADAS-CANFD", senders=ADAS_SENDERS),
    ]
    steps: list[Step] = [
        road("DASHED", "SOLID", 0.0, 90.0),
        lane_keeping(True),
        add_road_user(RoadUser(ObjectClass.CAR, 50.0, 0.0, 95 / 3.6, label="lead")),
        acc(main=True, engaged=True, set_speed=100.0, time_gap=2.0),
        Wait(24.0),
        # Last, faults the ECUs themselves report in valid frames: the telltales' own job.
        component_fault("isolation", True),
        component_fault("brakes", True),
        Wait(2.5),
        component_fault("isolation", False),
        component_fault("brakes", False),
        Wait(1.5),
    ]
    return Scenario("faults", SCENARIOS["faults"][0], with_soc(cruising(95.0), 55.0), steps, faults)


@scenario(
    "demo",
    "a loop of arriving, city, highway, parking and a short charge (~250 s), "
    "so every page of the cockpit is alive",
)
def _demo(rng: random.Random) -> Scenario:
    steps = (
        arriving_steps(rng)
        + city_steps(rng)
        + highway_steps(rng)
        + parking_steps(rng)
        + charging_steps(rng, charge_for=90.0)
    )
    return Scenario("demo", SCENARIOS["demo"][0], with_soc(asleep, 68.0), steps, loop=True)
