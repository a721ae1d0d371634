"""Log replay: candump .log, ASC, BLF and TRC give back every message with the log's timestamps."""

from __future__ import annotations

import can
import pytest

from cockpit.bus import ReplayBus, open_bus, replay_messages
from cockpit.config import BusConfig
from cockpit.errors import BusError

T0 = 1_790_000_000.25  # a fixed wall-clock time: replays keep the log's clock, not the reader's


def sample_messages() -> list[can.Message]:
    return [
        can.Message(
            timestamp=T0 + i * 0.01,
            arbitration_id=0x100 + i,
            is_extended_id=False,
            data=bytes([i, 0xAB, 0xCD]),
            channel=0,
        )
        for i in range(20)
    ] + [
        can.Message(
            timestamp=T0 + 0.5,
            arbitration_id=0x1ABCDEF0,
            is_extended_id=True,
            data=bytes(range(8)),
            channel=0,
        )
    ]


def write_log(path, messages):
    with can.Logger(path) as logger:
        for msg in messages:
            logger.on_message_received(msg)


@pytest.mark.parametrize("suffix", [".log", ".asc", ".blf", ".trc"])
def test_each_log_format_replays_every_message_with_its_timestamp(tmp_path, suffix):
    path = tmp_path / f"drive{suffix}"
    sent = sample_messages()
    write_log(path, sent)
    replayed = list(replay_messages(path))
    assert [(m.arbitration_id, m.is_extended_id, bytes(m.data)) for m in replayed] == [
        (m.arbitration_id, m.is_extended_id, bytes(m.data)) for m in sent
    ]
    assert [m.timestamp for m in replayed] == pytest.approx([m.timestamp for m in sent], abs=1e-3)


def test_unsupported_suffix_names_the_formats(tmp_path):
    with pytest.raises(BusError, match=r"cannot replay .csv; use a candump .log, .asc, .blf or .trc"):
        list(replay_messages(tmp_path / "x.csv"))


def test_missing_log_names_the_path(tmp_path):
    with pytest.raises(BusError, match="no such log file; check the --replay path"):
        list(replay_messages(tmp_path / "nope.log"))


def test_garbage_in_a_blf_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.blf"
    path.write_bytes(b"LOGG" + bytes(200))
    with pytest.raises(BusError, match=r"broken.blf: unreadable after 0 messages .*complete file"):
        list(replay_messages(path))


def test_a_log_can_be_configured_as_a_bus_and_goes_quiet_at_its_end(tmp_path):
    path = tmp_path / "drive.log"
    write_log(path, sample_messages())
    bus = open_bus(BusConfig(name="replay", interface="replay", channel=str(path)))
    try:
        assert isinstance(bus, ReplayBus)
        received = [bus.recv(0.01) for _ in range(21)]
        assert all(received) and received[0].timestamp == pytest.approx(T0)
        assert bus.recv(0.01) is None and bus.finished
        with pytest.raises(can.CanOperationError, match="receive-only"):
            bus.send(can.Message(arbitration_id=1))
    finally:
        bus.shutdown()


@pytest.mark.parametrize("suffix, first, second", [(".log", "can0", "can1"), (".asc", 0, 1), (".blf", 0, 1)])
def test_each_configured_bus_replays_its_own_channel_of_a_multi_channel_log(tmp_path, suffix, first, second):
    path = tmp_path / f"two{suffix}"
    write_log(
        path,
        [
            can.Message(
                timestamp=T0 + i * 0.01,
                arbitration_id=0x100 if i % 3 else 0x200,
                data=bytes([i]),
                channel=first if i % 3 else second,
            )
            for i in range(30)
        ],
    )
    counts = {}
    for channel in (first, second):
        bus = open_bus(
            BusConfig(
                name=f"bus{channel}", interface="replay", channel=str(path), options={"log_channel": channel}
            )
        )
        try:
            frames = []
            while (msg := bus.recv(timeout=0)) is not None:
                frames.append(msg)
        finally:
            bus.shutdown()
        counts[channel] = {msg.arbitration_id for msg in frames}, len(frames)
    assert counts[first] == ({0x100}, 20) and counts[second] == ({0x200}, 10)
