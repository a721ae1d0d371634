"""A powertrain bus and an ADAS bus at once, each read by its own reader and decoder, into one store."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator

import can
import pytest
from support import wait_until

from cockpit.bus import BusReader, BusState, bus_opener
from cockpit.config import BusConfig
from cockpit.decode import FrameDecoder, load_vehicle_schema
from cockpit.decode.e2e import E2EProtection
from cockpit.signals import Quality, SignalStore


@pytest.fixture(scope="module")
def schema():
    return load_vehicle_schema()


def protected_frame(schema, name: str, values: dict, counter: int) -> can.Message:
    message = schema.db.get_message_by_name(name)
    full = {s.name: (s.minimum or 0) for s in message.signals}
    full.update(values)
    data = E2EProtection.from_message(message).encode(message, full, counter)
    return can.Message(
        arbitration_id=message.frame_id, data=data, is_extended_id=False, timestamp=time.time()
    )


@pytest.fixture
def two_buses() -> Iterator[tuple[BusConfig, BusConfig]]:
    suffix = uuid.uuid4().hex[:8]
    yield (
        BusConfig(name="powertrain", interface="virtual", channel=f"powertrain-{suffix}"),
        BusConfig(name="adas", interface="virtual", channel=f"adas-{suffix}", fd=True),
    )


def test_powertrain_and_adas_decode_into_one_store_at_once(schema, two_buses):
    _powertrain, _adas = two_buses  # exactly two
    store = SignalStore(schema.signal_specs())
    decoders = {bus.name: FrameDecoder(schema, store, bus_name=bus.name) for bus in two_buses}
    readers = [BusReader(bus.name, bus_opener(bus), [decoders[bus.name]]) for bus in two_buses]
    ecus = [can.Bus(interface="virtual", channel=bus.channel) for bus in two_buses]
    try:
        for reader in readers:
            reader.start()
        assert wait_until(lambda: all(r.bus is not None for r in readers))
        per_bus = 300

        def drive(ecu: can.BusABC, name: str, values: Callable[[int], dict]) -> None:
            for i in range(per_bus):
                ecu.send(protected_frame(schema, name, values(i), i))

        senders = [
            threading.Thread(
                target=drive, args=(ecus[0], "ESP_Speed", lambda i: {"ESP_VehicleSpeed": 50 + i * 0.1})
            ),
            threading.Thread(
                target=drive, args=(ecus[1], "ACC_Status", lambda i: {"ACC_SetSpeed": 100, "ACC_State": 2})
            ),
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join()
        assert wait_until(lambda: all(d.stats.frames == per_bus for d in decoders.values()))
        for decoder in decoders.values():
            assert (decoder.stats.e2e_errors, decoder.stats.decode_errors) == (0, 0)

        # Each judged at its own last frame's time: the 10 ms speed message is stale 30 ms after the
        # burst ends, and the two buses' bursts end at different moments.
        speed, set_speed = (
            store.read(p, now=store.read(p).timestamp)
            for p in ("Vehicle.Speed", "Vehicle.ADAS.CruiseControl.SpeedSet")
        )
        # The mapping's interval_ms may skip frames that come faster than the HMI needs them.
        assert speed.quality is Quality.VALID and 50 < speed.value <= 50 + (per_bus - 1) * 0.1 + 0.05
        assert set_speed.quality is Quality.VALID and set_speed.value == 100
        assert [r.health().frames for r in readers] == [per_bus, per_bus]
        assert all(r.state is BusState.OK for r in readers)
    finally:
        for reader in readers:
            reader.stop()
        for ecu in ecus:
            ecu.shutdown()


def test_one_bus_unplugged_leaves_the_other_decoding(schema, two_buses):
    store = SignalStore(schema.signal_specs())
    readers = [
        BusReader(bus.name, bus_opener(bus), [FrameDecoder(schema, store, bus.name)]) for bus in two_buses
    ]
    ecus = [can.Bus(interface="virtual", channel=bus.channel) for bus in two_buses]
    try:
        for reader in readers:
            reader.start()
        assert wait_until(lambda: all(r.bus is not None for r in readers))
        readers[0].bus.shutdown()  # the powertrain adapter fails
        ecus[1].send(protected_frame(schema, "ACC_Status", {"ACC_SetSpeed": 80}, 1))
        assert wait_until(lambda: store.read("Vehicle.ADAS.CruiseControl.SpeedSet").value == 80)
        assert readers[1].health().read_errors == 0
        assert wait_until(lambda: readers[0].health().reconnects == 1)
    finally:
        for reader in readers:
            reader.stop()
        for ecu in ecus:
            ecu.shutdown()
