"""The bus reader on real python-can virtual buses: frames fan out, faults show as the bus's state,
and the reader recovers by itself without a thread that dies silently."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from itertools import pairwise

import can
import pytest
from support import wait_until

from cockpit.bus import BusReader, BusState
from cockpit.bus.health import bus_off_frame, error_passive_frame, restarted_frame


@pytest.fixture
def channel() -> str:
    return f"test-bus-reader-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def car(channel: str) -> Iterator[can.BusABC]:
    """The car's side of the virtual bus: what an ECU would send."""
    bus = can.Bus(interface="virtual", channel=channel)
    yield bus
    bus.shutdown()


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert wait_until(lambda: not (set(threading.enumerate()) - before), 3.0), (
        f"threads left running: {set(threading.enumerate()) - before}"
    )


def frame(can_id: int = 0x100, payload: bytes = b"\x01\x02") -> can.Message:
    return can.Message(arbitration_id=can_id, data=payload, is_extended_id=False)


class Collector(can.Listener):
    def __init__(self) -> None:
        self.messages: list[can.Message] = []
        self.stopped = False

    def on_message_received(self, msg: can.Message) -> None:
        self.messages.append(msg)

    def stop(self) -> None:
        self.stopped = True


def test_frames_reach_every_listener_and_are_counted(channel, car):
    first, second = Collector(), []
    with BusReader(
        "powertrain", lambda: can.Bus(interface="virtual", channel=channel), [first, second.append]
    ) as reader:
        assert wait_until(lambda: reader.state is BusState.OK and reader.bus is not None)
        for i in range(50):
            car.send(frame(0x100 + i))
        assert wait_until(lambda: len(second) == 50)
        assert [m.arbitration_id for m in first.messages] == [0x100 + i for i in range(50)]
        health = reader.health()
        assert (health.state, health.frames, health.read_errors) == (BusState.OK, 50, 0)
        assert reader.alive
    assert first.stopped and not reader.alive
    assert reader.state is BusState.OFFLINE


def test_a_listener_that_raises_is_counted_and_never_stops_the_bus(channel, car):
    received = []

    def broken(msg: can.Message) -> None:
        raise ValueError("decoder bug")

    with BusReader(
        "adas", lambda: can.Bus(interface="virtual", channel=channel), [broken, received.append]
    ) as reader:
        assert wait_until(lambda: reader.bus is not None)
        for _ in range(20):
            car.send(frame())
        assert wait_until(lambda: len(received) == 20)
        assert reader.health().listener_errors == 20
        assert reader.alive and reader.state is BusState.OK


def test_error_frames_show_error_until_they_stop(channel, car):
    with BusReader("body", lambda: can.Bus(interface="virtual", channel=channel), error_hold=0.3) as reader:
        assert wait_until(lambda: reader.bus is not None)
        car.send(error_passive_frame())
        assert wait_until(lambda: reader.state is BusState.ERROR)
        assert "error frame 0x004" in reader.health().reason
        car.send(frame())
        assert wait_until(lambda: reader.state is BusState.OK, 1.0)
        assert reader.health().error_frames == 1


def test_bus_off_lasts_until_the_controller_restarts(channel, car):
    with BusReader(
        "powertrain",
        lambda: can.Bus(interface="virtual", channel=channel),
        error_hold=0.1,
        silence_timeout=None,
    ) as reader:
        assert wait_until(lambda: reader.bus is not None)
        car.send(bus_off_frame())
        assert wait_until(lambda: reader.state is BusState.BUS_OFF)
        time.sleep(0.3)  # longer than error_hold: bus-off does not wear off by itself
        assert reader.state is BusState.BUS_OFF
        car.send(restarted_frame())
        assert wait_until(lambda: reader.state is BusState.OK)


def test_a_frame_after_bus_off_means_the_bus_is_back(channel, car):
    with BusReader(
        "powertrain", lambda: can.Bus(interface="virtual", channel=channel), error_hold=0.1
    ) as reader:
        assert wait_until(lambda: reader.bus is not None)
        car.send(bus_off_frame())
        assert wait_until(lambda: reader.state is BusState.BUS_OFF)
        car.send(frame())
        assert wait_until(lambda: reader.state is BusState.OK)


def test_a_silent_bus_goes_offline_and_comes_back_with_its_frames(channel, car):
    with BusReader(
        "adas", lambda: can.Bus(interface="virtual", channel=channel), silence_timeout=0.2
    ) as reader:
        car.send(frame()) if wait_until(lambda: reader.bus is not None) else None
        assert wait_until(lambda: reader.state is BusState.OFFLINE, 1.0)
        assert reader.health().reason.startswith("no frames for")
        assert reader.alive  # silent is a bus problem, not a hung reader
        car.send(frame())
        assert wait_until(lambda: reader.state is BusState.OK)


def test_a_read_error_reconnects_and_data_resumes_within_a_second(channel, car):
    received = []
    with BusReader(
        "powertrain", lambda: can.Bus(interface="virtual", channel=channel), [received.append]
    ) as reader:
        assert wait_until(lambda: reader.bus is not None)
        broken = reader.bus
        broken.shutdown()  # reading a closed python-can bus raises: a real read error
        assert wait_until(lambda: reader.bus is not None and reader.bus is not broken, 1.0)
        car.send(frame(0x321))
        assert wait_until(lambda: any(m.arbitration_id == 0x321 for m in received), 1.0)
        health = reader.health()
        assert health.read_errors == 1 and health.reconnects == 1
        assert health.state is BusState.OK


def test_an_adapter_that_cannot_be_opened_is_offline_and_retried_with_backoff(channel, car):
    attempts = []
    plugged = threading.Event()

    def open_adapter() -> can.BusABC:
        attempts.append(time.monotonic())
        if not plugged.is_set():
            raise can.CanInitializationError("No such device: /dev/ttyACM0")
        return can.Bus(interface="virtual", channel=channel)

    received = []
    with BusReader("body", open_adapter, [received.append], backoff_max=0.4) as reader:
        assert wait_until(lambda: len(attempts) >= 5, 3.0)
        state = reader.health()
        assert state.state is BusState.OFFLINE and "cannot open: No such device" in state.reason
        assert reader.alive
        gaps = [b - a for a, b in pairwise(attempts)]
        # 0.1, 0.2, 0.4, 0.4 s: quick at first, backing off, never beyond the cap (with slack for load)
        assert min(gaps) < 0.35 <= max(gaps) < 1.0
        plugged.set()
        returned = time.monotonic()
        assert wait_until(lambda: reader.bus is not None, 1.0)
        car.send(frame(0x42))
        assert wait_until(lambda: received, 1.0)
        assert time.monotonic() - returned < 1.0


def test_listeners_added_while_running_get_the_next_frames(channel, car):
    late = []
    with BusReader("adas", lambda: can.Bus(interface="virtual", channel=channel)) as reader:
        assert wait_until(lambda: reader.bus is not None)
        reader.add_listener(late.append)
        car.send(frame())
        assert wait_until(lambda: len(late) == 1)


def test_starting_twice_is_refused(channel):
    with (
        BusReader("adas", lambda: can.Bus(interface="virtual", channel=channel)) as reader,
        pytest.raises(RuntimeError, match="already started"),
    ):
        reader.start()
