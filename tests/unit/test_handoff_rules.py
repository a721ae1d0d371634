"""The handoff rules over a signal store: only VALID gear, door and power signals ever trigger."""

from __future__ import annotations

import asyncio

import pytest
from support import FakeClock

from cockpit.demo.sessions import demo_sessions
from cockpit.errors import ConfigError
from cockpit.handoff.car import CarHandoff
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.rules import DRIVER_DOOR, DRIVER_SEAT, GEAR, POWER, SPEED, HandoffRules, Trigger
from cockpit.handoff.sessions import NavigationSession
from cockpit.handoff.trust import PairedDevices
from cockpit.signals import SignalSpec, SignalStore

P, D = 126, 127


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> SignalStore:
    paths = (GEAR, DRIVER_DOOR, POWER, DRIVER_SEAT, SPEED)
    return SignalStore([SignalSpec(path, timeout=0.5) for path in paths], clock=clock)


def write(store: SignalStore, **values: object) -> None:
    paths = {"gear": GEAR, "door": DRIVER_DOOR, "power": POWER, "seat": DRIVER_SEAT, "speed": SPEED}
    for name, value in values.items():
        store.update(paths[name], value)


def fired(rules: HandoffRules) -> list[str]:
    return [f.rule.name for f in rules.evaluate()]


def test_the_drivers_door_opening_in_park_means_leaving(store: SignalStore) -> None:
    rules = HandoffRules(store)
    write(store, gear=P, door=False, power="ON", seat=True)
    assert fired(rules) == ["driver_in_and_power_on"]
    write(store, door=True)
    assert fired(rules) == ["park_and_door_open"]
    assert rules.rules[0].trigger is Trigger.LEAVING


def test_rules_fire_on_the_edge_only_once(store: SignalStore) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    write(store, door=True)
    assert fired(rules) == ["park_and_door_open"]
    write(store, door=True)
    assert fired(rules) == []


def test_the_door_opening_in_drive_is_not_leaving(store: SignalStore) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=D, door=False)
    fired(rules)
    write(store, door=True)
    assert fired(rules) == []


def test_a_stale_gear_never_triggers(store: SignalStore, clock: FakeClock) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    clock.now += 1.0  # the gear frame stops coming: it goes stale (timeout 0.5 s)
    write(store, door=True)
    assert fired(rules) == []


def test_an_invalid_door_signal_never_triggers(store: SignalStore, clock: FakeClock) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    for _ in range(5):
        clock.now += 0.1
        write(store, gear=P)
        store.mark_invalid(DRIVER_DOOR, "CRC mismatch")
        assert fired(rules) == []


def test_an_opening_seen_right_after_one_corrupted_door_frame_still_counts(
    store: SignalStore, clock: FakeClock
) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    clock.now += 0.1
    store.mark_invalid(DRIVER_DOOR, "CRC mismatch")  # the frame that carried the opening, corrupted
    assert fired(rules) == []
    clock.now += 0.1
    write(store, gear=P, door=True)  # the next frame, intact
    assert fired(rules) == ["park_and_door_open"]


def test_a_door_found_open_after_a_long_silence_does_not_count(store: SignalStore, clock: FakeClock) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    clock.now += 2.0  # the door's frames stop (stale after 0.5 s); it may open at any moment
    assert fired(rules) == []
    write(store, gear=P, door=True)
    assert fired(rules) == []


def test_an_invalid_gear_with_the_door_opening_never_triggers(store: SignalStore) -> None:
    rules = HandoffRules(store, ["park_and_door_open"])
    write(store, gear=P, door=False)
    fired(rules)
    store.mark_invalid(GEAR, "alive counter jumped")
    write(store, door=True)
    assert fired(rules) == []


def test_power_going_off_means_leaving(store: SignalStore) -> None:
    rules = HandoffRules(store, ["power_off"])
    write(store, power="ON")
    assert fired(rules) == []
    write(store, power="OFF")
    assert fired(rules) == ["power_off"]


def test_sitting_in_and_powering_on_means_arriving(store: SignalStore) -> None:
    rules = HandoffRules(store, ["driver_in_and_power_on"])
    write(store, seat=False, power="OFF")
    assert fired(rules) == []
    write(store, seat=True)
    assert fired(rules) == []
    write(store, power="ON")
    assert fired(rules) == ["driver_in_and_power_on"]


def test_an_unknown_rule_name_is_a_config_error_listing_the_known_ones(store: SignalStore) -> None:
    with pytest.raises(ConfigError, match=r"unknown handoff rule.*park_and_door_open"):
        HandoffRules(store, ["park_and_door_open", "moon_is_full"])


# --- the car acting on the rules, with no phone at all ------------------------------------------
@pytest.fixture
def car_parts(tmp_path, store: SignalStore, clock: FakeClock):
    state = StateDir(tmp_path / "car")
    events: list[tuple[str, dict]] = []
    car = CarHandoff(
        load_or_create_identity(state),
        PairedDevices(state),
        "Car",
        lambda e, d: events.append((e, d)),
        store,
        HandoffRules(store),
        clock=clock,
    )
    return car, events


def test_leaving_without_a_phone_reports_failure_and_keeps_the_sessions_in_the_car(
    car_parts, store, clock
) -> None:
    car, events = car_parts

    async def scenario() -> None:
        for session in demo_sessions(clock.now):  # the car's clock, not the machine's
            await car.hold(session)
        write(store, gear=P, door=False)
        await car.tick()
        write(store, door=True)
        await car.tick()

    asyncio.run(scenario())
    assert ("rule_fired", {"rule": "park_and_door_open", "trigger": "leaving"}) in events
    failures = [d for e, d in events if e == "handoff_failed"]
    assert failures and "no paired phone is connected" in failures[0]["reason"]
    assert sorted(s.kind for s in car.active()) == ["media", "navigation"]


def test_the_route_in_the_car_follows_the_valid_vehicle_speed(car_parts, store, clock) -> None:
    car, _ = car_parts
    route = NavigationSession("Office", 40.0, 116.3, remaining_m=1000.0, remaining_s=100.0)

    async def drive() -> None:
        await car.hold(route)
        write(store, speed=72.0)  # 20 m/s
        await car.tick()
        for _ in range(5):
            clock.now += 0.2
            write(store, speed=72.0)
            await car.tick()
        store.mark_invalid(SPEED, "out of range")
        clock.now += 1.0
        await car.tick()  # an invalid speed moves nothing

    asyncio.run(drive())
    assert route.remaining_m == pytest.approx(980.0)
    # The time left shrinks with the distance at the route's planned pace (1 m/s), not at 72 km/h.
    assert route.remaining_s == pytest.approx(98.0)


def test_a_route_driven_to_its_end_says_arrived_once_and_ends(car_parts, store, clock) -> None:
    from cockpit.demo.sessions import demo_route

    car, events = car_parts
    geometry = demo_route()
    route = NavigationSession("Xiaomi Technology Park", 40.0685, 116.3095, 0.0, 0.0, route=geometry)

    async def drive() -> None:
        await car.hold(route)
        write(store, speed=54.0)  # 15 m/s
        await car.tick()
        for _ in range(int(geometry.length_m / 15.0 / 0.5) + 4):
            clock.now += 0.5
            write(store, speed=54.0)
            await car.tick()

    asyncio.run(drive())
    arrivals = [d for e, d in events if e == "arrived"]
    assert arrivals == [{"destination_name": "Xiaomi Technology Park", "id": route.id}]
    assert car.active("navigation") == [] and route.id not in car.sessions
    # The displays were told: the last sessions report holds no route, so "Send to phone" is gone.
    last = [d for e, d in events if e == "sessions"][-1]
    assert all(s["kind"] != "navigation" for s in last["sessions"])


def test_every_handoff_event_is_shown_by_the_screen_or_kept_for_the_record_by_design() -> None:
    import ast
    from pathlib import Path

    from cockpit.handoff.events import RECORD_EVENTS, SCREEN_EVENTS, HandoffEvent

    # The screen's model handles SCREEN_EVENTS (its source is read, not imported: no Qt in unit tests).
    model = Path(__file__).resolve().parents[2] / "cockpit" / "hmi" / "handoff_model.py"
    handled = {
        node.attr
        for node in ast.walk(ast.parse(model.read_text()))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "HandoffEvent"
    }
    assert {event.name for event in SCREEN_EVENTS} <= handled
    assert set(HandoffEvent) == SCREEN_EVENTS | RECORD_EVENTS and not SCREEN_EVENTS & RECORD_EVENTS
    # Every event the handoff sends is one of these names, spelled through the enum.
    package = Path(__file__).resolve().parents[2] / "cockpit" / "handoff"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("events", "_emit")
                and node.args
            ):
                assert not isinstance(node.args[0], ast.Constant), (
                    f"{path.name}:{node.lineno} sends the event {node.args[0].value!r} as a bare string"
                )
