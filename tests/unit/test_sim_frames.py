"""The simulated car's frames: the reference vehicle's bus, deterministic, on time, E2E protected,
and broken on purpose only where the ``faults`` scenario says so."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import can
import cantools
import pytest

from cockpit.decode.e2e import E2EProtection
from cockpit.errors import DbcError
from cockpit.resources import reference_dbc
from cockpit.sim import SimulatedCar
from cockpit.sim.faults import BusSilent, CorruptedCrc, CounterJump, MessageStops

FAULTS_UNTIL_S = 25.0


@pytest.fixture(scope="module")
def db() -> cantools.database.can.Database:
    return cantools.database.load_file(reference_dbc(), strict=True)


@pytest.fixture(scope="module")
def highway_frames(db: cantools.database.can.Database) -> list[can.Message]:
    return SimulatedCar(db, "highway", seed=0).frames_until(3.0)


@pytest.fixture(scope="module")
def faults_run(db: cantools.database.can.Database) -> tuple[SimulatedCar, list[can.Message]]:
    car = SimulatedCar(db, "faults", seed=0)
    return car, car.frames_until(FAULTS_UNTIL_S)


def by_message(db: cantools.database.can.Database, frames: list[can.Message]) -> dict[str, list[can.Message]]:
    grouped: dict[str, list[can.Message]] = defaultdict(list)
    for frame in frames:
        grouped[db.get_message_by_frame_id(frame.arbitration_id).name].append(frame)
    return grouped


def fingerprint(frames: list[can.Message]) -> list[tuple[float, int, bytes]]:
    return [(round(f.timestamp, 6), f.arbitration_id, bytes(f.data)) for f in frames]


def test_same_seed_gives_the_same_frames_and_another_seed_does_not(
    db: cantools.database.can.Database,
) -> None:
    first = fingerprint(SimulatedCar(db, "city", seed=7).frames_until(6.0))
    again = fingerprint(SimulatedCar(db, "city", seed=7).frames_until(6.0))
    other = fingerprint(SimulatedCar(db, "city", seed=8).frames_until(6.0))
    assert first == again
    assert first != other


def test_every_message_of_the_car_is_sent_at_its_cycle_time(
    db: cantools.database.can.Database, highway_frames: list[can.Message]
) -> None:
    grouped = by_message(db, highway_frames)
    expected = {m.name for m in db.messages if "CDC" not in m.senders and m.cycle_time <= 1000}
    assert set(grouped) == expected
    for name, frames in grouped.items():
        cycle = db.get_message_by_name(name).cycle_time / 1000.0
        gaps = {round(b.timestamp - a.timestamp, 6) for a, b in pairwise(frames)}
        assert gaps <= {round(cycle, 6)}, name
        assert len(frames) == pytest.approx(3.0 / cycle, abs=1), name


def test_the_head_units_own_messages_are_not_simulated(
    db: cantools.database.can.Database, highway_frames: list[can.Message]
) -> None:
    assert "CDC_Settings" not in by_message(db, highway_frames)


def test_frame_mix_is_that_of_a_real_car(
    db: cantools.database.can.Database, highway_frames: list[can.Message]
) -> None:
    car = SimulatedCar(db, "highway")
    assert 1000 <= car.frames_per_second <= 2500
    assert len(highway_frames) == pytest.approx(3.0 * car.frames_per_second, rel=0.02)


def test_frames_come_in_time_order_stamped_in_sim_time(highway_frames: list[can.Message]) -> None:
    stamps = [frame.timestamp for frame in highway_frames]
    assert stamps == sorted(stamps)
    assert stamps[0] >= 0.0 and stamps[-1] <= 3.0


def test_the_object_list_goes_out_as_a_64_byte_can_fd_frame(
    db: cantools.database.can.Database, highway_frames: list[can.Message]
) -> None:
    objects = by_message(db, highway_frames)["ADAS_ObjectList"]
    assert all(f.is_fd and f.bitrate_switch and len(f.data) == 64 for f in objects)
    classic = [f for f in highway_frames if f.arbitration_id != 0x3A0]
    assert not any(f.is_fd for f in classic)
    decoded = db.decode_message(0x3A0, objects[-1].data)
    count = decoded["ADAS_ObjectCount"]
    classes = {str(decoded[f"ADAS_Obj{i}_Class"]) for i in range(1, count + 1)}
    assert count >= 2 and {"CAR", "TRUCK"} <= classes  # the lead car and the truck on the right
    assert str(decoded[f"ADAS_Obj{count + 1}_Class"]) == "NONE"


def test_e2e_frames_carry_valid_crcs_and_counters_that_step_by_one(
    db: cantools.database.can.Database, highway_frames: list[can.Message]
) -> None:
    checked = 0
    for name, frames in by_message(db, highway_frames).items():
        message = db.get_message_by_name(name)
        protection = E2EProtection.from_message(message)
        if protection is None:
            continue
        counters = []
        for frame in frames:
            assert protection.crc_ok(frame.data), name
            counters.append(db.decode_message(frame.arbitration_id, frame.data)[protection.counter_signal])
            checked += 1
        assert all((b - a) % 15 == 1 for a, b in pairwise(counters)), name
        assert max(counters) <= 14
    assert checked > 1000


def test_a_database_without_the_reference_messages_is_refused() -> None:
    empty = cantools.database.can.Database()
    with pytest.raises(DbcError, match="none of the reference vehicle's messages"):
        SimulatedCar(empty, "city")


def test_a_partial_database_simulates_only_its_messages(db: cantools.database.can.Database) -> None:
    partial = cantools.database.can.Database([db.get_message_by_name("BMS_PackStatus")])
    frames = SimulatedCar(partial, "city").frames_until(1.0)
    assert {f.arbitration_id for f in frames} == {0x200}
    assert len(frames) == 10


def test_an_unknown_scenario_names_the_known_ones(db: cantools.database.can.Database) -> None:
    with pytest.raises(KeyError, match="highway"):
        SimulatedCar(db, "moon-landing")


# --- the faults scenario ----------------------------------------------------------------------------


def _fault(car: SimulatedCar, kind: type) -> object:
    (fault,) = [f for f in car.scenario.faults if isinstance(f, kind)]
    return fault


def test_corrupted_crcs_happen_only_inside_the_fault_window_and_carry_garbage(
    db: cantools.database.can.Database, faults_run: tuple[SimulatedCar, list[can.Message]]
) -> None:
    car, frames = faults_run
    corruption = _fault(car, CorruptedCrc)
    bad = 0
    for frame in frames:
        message = db.get_message_by_frame_id(frame.arbitration_id)
        protection = E2EProtection.from_message(message)
        if protection is None:
            continue
        inside = message.name == corruption.message and corruption.active(frame.timestamp)
        assert protection.crc_ok(frame.data) != inside, (message.name, frame.timestamp)
        if inside:
            bad += 1
            assert db.decode_message(frame.arbitration_id, frame.data)["ESP_VehicleSpeed"] == 250.0
    assert bad == pytest.approx((corruption.end - corruption.start) / 0.01, abs=1)


def test_the_alive_counter_jumps_once_where_the_fault_says(
    db: cantools.database.can.Database, faults_run: tuple[SimulatedCar, list[can.Message]]
) -> None:
    car, frames = faults_run
    jump = _fault(car, CounterJump)
    acc = [f for f in frames if f.arbitration_id == db.get_message_by_name(jump.message).frame_id]
    counters = [(f.timestamp, db.decode_message(f.arbitration_id, f.data)["ACC_Status_Counter"]) for f in acc]
    steps = [(t, (c - p) % 15) for (_, p), (t, c) in pairwise(counters)]
    jumps = [(t, step) for t, step in steps if step != 1]
    assert len(jumps) == 1
    t, step = jumps[0]
    assert jump.start <= t < jump.start + 0.03 and step == 1 + jump.jump


def test_a_stopped_message_and_a_silent_bus_send_nothing_then_come_back(
    db: cantools.database.can.Database, faults_run: tuple[SimulatedCar, list[can.Message]]
) -> None:
    car, frames = faults_run
    stop = _fault(car, MessageStops)
    silent = _fault(car, BusSilent)
    stop_id = db.get_message_by_name(stop.message).frame_id
    adas_ids = {m.frame_id for m in db.messages if set(m.senders) & silent.senders}
    stopped = [f.timestamp for f in frames if f.arbitration_id == stop_id]
    assert not [t for t in stopped if stop.active(t)]
    assert any(t >= stop.end for t in stopped)
    adas = [f.timestamp for f in frames if f.arbitration_id in adas_ids]
    assert not [t for t in adas if silent.active(t)]
    assert any(t >= silent.end for t in adas) and any(t < silent.start for t in adas)
    # The powertrain bus carries on through the ADAS bus's silence.
    assert any(silent.active(f.timestamp) for f in frames if f.arbitration_id == 0x0A0)


def test_out_of_range_and_not_available_values_appear_only_in_their_windows(
    db: cantools.database.can.Database, faults_run: tuple[SimulatedCar, list[can.Message]]
) -> None:
    _, frames = faults_run
    soc = [
        (f.timestamp, db.decode_message(0x200, f.data)["BMS_SocDisplayed"])
        for f in frames
        if f.arbitration_id == 0x200
    ]
    assert {t for t, value in soc if value > 100.0} == {t for t, _ in soc if 12.0 <= t < 14.0}
    temps = [
        (f.timestamp, db.decode_message(0x202, f.data)["BMS_CellTempMax"])
        for f in frames
        if f.arbitration_id == 0x202
    ]
    assert {t for t, value in temps if str(value) == "SNA"} == {t for t, _ in temps if 15.0 <= t < 17.0}
