"""Foreign oracle: every car profile against opendbc's own packer and parser.

Frames are built by opendbc's CANPacker (its checksums, its counters); the cockpit must decode them
to the packed values, agree with opendbc's CANParser on values and on which frames to reject, and
reject a wrong checksum or a skipped counter, the same whether the frames come live or from a
.log, .asc or .blf file.

One difference is deliberate: opendbc's parser keeps using a message's values until five counter
errors have accumulated, the cockpit marks a message invalid at the first skipped or repeated
counter (a replayed frame must never be shown as fresh).
"""

from __future__ import annotations

import math
from pathlib import Path

import can
import opendbc.can as opendbc_can  # a hard dependency: missing, these tests fail rather than skip
import pytest

from cockpit.bus.replay import replay_messages
from cockpit.cars import car_schemas, profiles
from cockpit.decode import FrameDecoder
from cockpit.decode.router import ChannelRouter
from cockpit.signals import Quality, SignalStore

PROFILES = sorted(profiles())
FRAMES = 12  # enough for the rate to be learnt
PERIOD_S = 0.02


def _sample(signal, entry) -> float:
    """A physical value for a mapped signal that its mapping accepts."""
    if entry is not None and entry.value_map:
        source = entry.value_map[-1][0]
        if isinstance(source, str):
            raw = next(raw for raw, label in signal.choices.items() if str(label) == source)
            return raw * signal.scale + signal.offset
        return float(source)
    raw = max(1, (1 << signal.length) // 3) if not signal.is_signed else 5
    physical = raw * signal.scale + signal.offset
    low, high = signal.minimum, signal.maximum
    if low is not None and high is not None and not (low == 0 and high == 0) and not low <= physical <= high:
        physical = (low + high) / 2
        physical = round((physical - signal.offset) / signal.scale) * signal.scale + signal.offset
    return physical


class Car:
    """One profile made ready: its schemas, and for each mapped message the values to pack."""

    def __init__(self, name: str) -> None:
        self.ready = car_schemas(profiles()[name])
        self.profile = self.ready.profile
        self.buses = {bus.name: bus for bus in self.profile.buses if bus.name in self.ready.schemas}
        self.plans = []  # (bus, plan, values)
        for bus_name, schema in self.ready.schemas.items():
            entries = {}
            for entry in schema.entries:
                entries.setdefault(entry.signal.split(".")[-1], entry)
            for plan in schema.plans.values():
                values = {}
                for target in plan.targets:
                    signal = plan.message.get_signal_by_name(target.signal)
                    entry = next(e for e in schema.entries if e.path == target.path)
                    values[target.signal] = _sample(signal, entry)
                self.plans.append((self.buses[bus_name], plan, values))

    def store_and_router(self) -> tuple[SignalStore, ChannelRouter]:
        store = SignalStore()
        routes = []
        for name, schema in self.ready.schemas.items():
            for spec in schema.signal_specs():
                store.declare(spec)
            bus = self.buses[name]
            routes.append(
                ((bus.name, bus.number, f"can{bus.number}"), FrameDecoder(schema, store, bus_name=name))
            )
        return store, ChannelRouter(routes)

    def frames(self, count: int = FRAMES, start: float = 1_700_000_000.0) -> list[can.Message]:
        """``count`` rounds of every mapped message, packed by opendbc, channel = opendbc bus number."""
        packers = {bus.name: opendbc_can.CANPacker(bus.dbcs[0]) for bus in self.buses.values()}
        out = []
        for index in range(count):
            for bus, plan, values in self.plans:
                address, data, _ = packers[bus.name].make_can_msg(plan.message.name, bus.number, values)
                out.append(
                    can.Message(
                        timestamp=start + index * PERIOD_S,
                        arbitration_id=address,
                        is_extended_id=plan.message.is_extended_frame,
                        data=data,
                        is_fd=len(data) > 8,
                        channel=bus.number,
                    )
                )
        return out


@pytest.fixture(scope="module", params=PROFILES)
def car(request) -> Car:
    return Car(request.param)


def _expected(schema, path: str, raw_physical: float):
    entry = next(e for e in schema.entries if e.path == path)
    if entry.value_map:
        for source, target in entry.value_map:
            if isinstance(source, str):
                continue
            if math.isclose(float(source), raw_physical):
                return target
        return entry.value_map[-1][1]
    value = entry.math(raw_physical) if entry.math else raw_physical
    return round(value) if entry.datatype and entry.datatype.startswith(("int", "uint")) else value


def _check_agrees_with_opendbc(car: Car, frames: list[can.Message], store: SignalStore) -> None:
    parsers = {bus.name: opendbc_can.CANParser(bus.dbcs[0], [], bus.number) for bus in car.buses.values()}
    for bus, plan, _ in car.plans:
        parsers[bus.name].vl[plan.message.name]  # VLDict subscribes the message on first access
    for msg in frames:
        for bus in car.buses.values():
            parsers[bus.name].update(
                [(int(msg.timestamp * 1e9), [(msg.arbitration_id, bytes(msg.data), msg.channel)])]
            )
    now = frames[-1].timestamp
    for bus, plan, _ in car.plans:
        schema = car.ready.schemas[bus.name]
        their = parsers[bus.name].vl[plan.message.name]
        for target in plan.targets:
            reading = store.read(target.path, now)
            if reading.quality is not Quality.VALID:
                # A path fed by two messages may be held by the other one's value: judge once per path.
                pytest.fail(
                    f"{car.profile.name}: {target.path} from {plan.message.name}.{target.signal} is "
                    f"{reading.quality.value}: {reading.reason}"
                )
            expected = _expected(schema, target.path, their[target.signal])
            sources = [t for p in schema.plans.values() for t in p.targets if t.path == target.path]
            if len(sources) == 1 and isinstance(expected, str):
                assert reading.value == expected
            elif len(sources) == 1:
                assert reading.value == pytest.approx(expected, rel=1e-6, abs=1e-6), (
                    f"{car.profile.name}: {target.path}: cockpit {reading.value!r}, opendbc {expected!r}"
                )


def test_frames_packed_by_opendbc_decode_to_the_values_opendbc_parses(car: Car) -> None:
    store, router = car.store_and_router()
    frames = car.frames()
    for msg in frames:
        router(msg)
    assert router.totals().e2e_errors == 0 and router.totals().decode_errors == 0
    _check_agrees_with_opendbc(car, frames, store)


@pytest.mark.parametrize("suffix", [".log", ".asc", ".blf"])
def test_a_replayed_log_decodes_like_the_live_frames(car: Car, tmp_path: Path, suffix: str) -> None:
    frames = car.frames()
    path = tmp_path / f"drive{suffix}"
    writer = can.Logger(str(path))
    for msg in frames:
        copy = can.Message(
            timestamp=msg.timestamp,
            arbitration_id=msg.arbitration_id,
            data=msg.data,
            is_extended_id=msg.is_extended_id,
            is_fd=msg.is_fd,
            channel=f"can{msg.channel}" if suffix == ".log" else msg.channel,
        )
        writer.on_message_received(copy)
    writer.stop()
    store, router = car.store_and_router()
    replayed = list(replay_messages(path))
    assert len(replayed) == len(frames)
    for msg in replayed:
        router(msg)
    totals = router.totals()
    assert totals.e2e_errors == 0 and totals.decode_errors == 0 and not router.unrouted, router.unrouted
    _check_agrees_with_opendbc(car, frames, store)


def _protected(car: Car):
    found = [(bus, plan, values) for bus, plan, values in car.plans if plan.e2e is not None]
    if not found:
        pytest.skip(f"opendbc checks no checksum or counter for {car.profile.brand}")
    return found


def test_a_wrong_checksum_never_changes_a_shown_value_and_opendbc_rejects_it_too(car: Car) -> None:
    store, router = car.store_and_router()
    frames = car.frames()
    for msg in frames:
        router(msg)
    now = frames[-1].timestamp
    for bus, plan, _ in _protected(car):
        if plan.e2e.checksum_signal is None:
            continue
        last = next(
            m
            for m in reversed(frames)
            if m.arbitration_id == plan.message.frame_id and m.channel == bus.number
        )
        before = {t.path: store.read(t.path, now).value for t in plan.targets}
        data = bytearray(last.data)
        checksum_byte = plan.e2e.checksum_signal.start_bit // 8
        data[(checksum_byte + 1) % len(data)] ^= 0x10  # corrupt a payload bit, leave the checksum as sent
        bad = can.Message(
            timestamp=now + PERIOD_S,
            arbitration_id=last.arbitration_id,
            data=bytes(data),
            is_extended_id=last.is_extended_id,
            is_fd=last.is_fd,
            channel=last.channel,
        )
        router(bad)
        for target in plan.targets:
            reading = store.read(target.path, now + PERIOD_S)
            assert reading.quality is Quality.INVALID and "CRC" in reading.reason, (target.path, reading)
            assert reading.value == before[target.path]
        parser = opendbc_can.CANParser(bus.dbcs[0], [(plan.message.name, 0)], bus.number)
        assert not parser.update(
            [(int(bad.timestamp * 1e9), [(bad.arbitration_id, bytes(bad.data), bus.number)])]
        )


def test_a_skipped_or_repeated_counter_makes_the_message_invalid(car: Car) -> None:
    protected = [(b, p, v) for b, p, v in _protected(car) if p.e2e.counter_signal]
    if not protected:
        pytest.skip("no counter-protected message")
    for bus, plan, values in protected:
        for step in (2, 0):  # one frame skipped; the same frame replayed
            store, router = car.store_and_router()
            packer = opendbc_can.CANPacker(bus.dbcs[0])
            stamp = 1_700_000_000.0
            for counter in range(5):
                address, data, _ = packer.make_can_msg(
                    plan.message.name, bus.number, values | {plan.e2e.counter_signal: counter}
                )
                router(
                    can.Message(
                        timestamp=stamp,
                        arbitration_id=address,
                        data=data,
                        is_fd=len(data) > 8,
                        is_extended_id=plan.message.is_extended_frame,
                        channel=bus.number,
                    )
                )
                stamp += PERIOD_S
            shown = {t.path: store.read(t.path, stamp).value for t in plan.targets}
            changed = {name: v for name, v in values.items() if name != plan.e2e.counter_signal}
            address, data, _ = packer.make_can_msg(
                plan.message.name, bus.number, changed | {plan.e2e.counter_signal: 4 + step}
            )
            router(
                can.Message(
                    timestamp=stamp,
                    arbitration_id=address,
                    data=data,
                    is_fd=len(data) > 8,
                    is_extended_id=plan.message.is_extended_frame,
                    channel=bus.number,
                )
            )
            for target in plan.targets:
                reading = store.read(target.path, stamp)
                assert reading.quality is Quality.INVALID and "counter" in reading.reason, (
                    plan.message.name,
                    step,
                )
                assert reading.value == shown[target.path]


def test_the_simulated_car_driving_as_the_profile_sends_frames_opendbc_accepts(car: Car) -> None:
    from cockpit.cars.drive import ProfileCar

    frames = ProfileCar(car.profile, "highway", seed=2, ready=car.ready).frames_until(3.0)
    parsers = {
        bus.number: opendbc_can.CANParser(
            bus.dbcs[0], [(p.message.name, 20) for b, p, _ in car.plans if b is bus], bus.number
        )
        for bus in car.buses.values()
    }
    rejected = 0
    for msg in frames:
        parser = parsers[msg.channel]
        if not parser.update(
            [(int(msg.timestamp * 1e9), [(msg.arbitration_id, bytes(msg.data), msg.channel)])]
        ):
            rejected += 1
    assert rejected == 0 and all(parser.can_valid for parser in parsers.values())
    store, router = car.store_and_router()
    for msg in frames:
        router(msg)
    assert router.totals().e2e_errors == 0
    speed = store.read("Vehicle.Speed", frames[-1].timestamp)
    assert speed.quality is Quality.VALID and speed.value > 30  # the highway's speed, through the profile


def test_random_payloads_never_raise_and_a_frame_opendbc_rejects_never_changes_a_shown_value(
    car: Car,
) -> None:
    import random

    rng = random.Random(16)
    store, router = car.store_and_router()
    good = car.frames(count=FRAMES)
    for msg in good:
        router(msg)
    from opendbc.can.parser import get_raw_value

    stamp = good[-1].timestamp
    rejected_by_opendbc = 0
    for _ in range(1500):
        bus, plan, _ = rng.choice(car.plans)
        size = plan.message.length if rng.random() < 0.8 else rng.choice((0, 3, 8, 12, 64))
        stamp += 1e-4
        frame = can.Message(
            timestamp=stamp,
            arbitration_id=plan.message.frame_id,
            data=rng.randbytes(size),
            is_extended_id=plan.message.is_extended_frame,
            is_fd=size > 8,
            channel=bus.number,
        )
        before = {t.path: store.read(t.path, stamp).value for t in plan.targets}
        router(frame)  # never raises
        after = {t.path: store.read(t.path, stamp).value for t in plan.targets}
        if size != plan.message.length:
            assert after == before, f"{plan.message.name}: a {size}-byte frame changed a shown value"
            continue
        checksum = plan.e2e.checksum_signal if plan.e2e is not None else None
        if checksum is None:
            continue
        # opendbc's own verdict on the checksum (its parser's counter rule differs: see the module doc).
        if get_raw_value(frame.data, checksum) != checksum.calc_checksum(
            frame.arbitration_id, checksum, bytearray(frame.data)
        ):
            rejected_by_opendbc += 1
            assert after == before, (
                f"{plan.message.name}: a frame opendbc rejects changed {after} (was {before})"
            )
    assert router.totals().frames == len(good) + 1500
    if any(p.e2e is not None and p.e2e.checksum_signal is not None for _, p, _ in car.plans):
        assert rejected_by_opendbc > 100
