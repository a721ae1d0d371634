"""Recording: every frame that crosses the bus ends up in the file, across rotations and formats;
``cockpit record`` stops on time and says what it wrote; bad output paths are one clear line."""

from __future__ import annotations

import re
import threading
import time
import uuid
from pathlib import Path

import can
import pytest

from cockpit.bus import BusReader, FrameRecorder, replay_messages
from cockpit.cli import main
from cockpit.errors import BusError


def frames(n: int) -> list[can.Message]:
    return [
        can.Message(
            arbitration_id=0x100 + (i % 0x600),
            data=i.to_bytes(4, "big") + b"\xaa\xbb",
            is_extended_id=False,
            timestamp=1_790_000_000 + i * 0.001,
        )
        for i in range(n)
    ]


def counters(paths: list[Path]) -> list[int]:
    return [int.from_bytes(bytes(m.data[:4]), "big") for p in paths for m in replay_messages(p)]


@pytest.mark.parametrize("suffix", [".log", ".asc", ".blf"])
def test_every_frame_is_in_the_file_in_order(tmp_path, suffix):
    recorder = FrameRecorder(tmp_path / f"drive{suffix}")
    for msg in frames(3000):
        recorder.on_message_received(msg)
    recorder.stop()
    assert recorder.written == recorder.received == 3000
    assert counters(recorder.files) == list(range(3000))


def test_rotation_by_size_loses_nothing_and_keeps_files_near_the_limit(tmp_path):
    recorder = FrameRecorder(tmp_path / "drive.log", max_bytes=20_000)
    for msg in frames(5000):
        recorder.on_message_received(msg)
    recorder.stop()
    files = recorder.files
    assert len(files) > 5 and all(f.exists() for f in files)
    assert all(f.stat().st_size < 20_000 + 100 for f in files)  # at most one line past the limit
    assert sorted(counters(files)) == list(range(5000))
    assert {f.name for f in tmp_path.iterdir()} == {f.name for f in files}


def test_recording_from_a_live_bus_through_the_reader(tmp_path):
    channel = f"record-{uuid.uuid4().hex[:8]}"
    recorder = FrameRecorder(tmp_path / "live.blf")
    ecu = can.Bus(interface="virtual", channel=channel)
    reader = BusReader("record", lambda: can.Bus(interface="virtual", channel=channel), [recorder])
    reader.start()
    try:
        deadline = time.monotonic() + 2
        while reader.bus is None and time.monotonic() < deadline:
            time.sleep(0.005)
        for msg in frames(2000):
            ecu.send(msg)
        deadline = time.monotonic() + 3
        while recorder.received < 2000 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        reader.stop()  # stops the recorder: the queue is written out first
        ecu.shutdown()
    assert counters(recorder.files) == list(range(2000))


@pytest.mark.parametrize(
    "name, message",
    [
        ("drive.csv", "cannot record to .csv; name the output .log (candump), .asc or .blf"),
        ("missing/drive.log", "does not exist; create it first"),
    ],
)
def test_bad_output_is_refused_before_recording(tmp_path, name, message):
    with pytest.raises(BusError, match=re.escape(message)):
        FrameRecorder(tmp_path / name)


def test_record_command_records_for_its_duration_and_reports(tmp_path, capsys):
    channel = f"record-cli-{uuid.uuid4().hex[:8]}"
    output = tmp_path / "cli.log"
    result: list[int] = []
    command = threading.Thread(
        target=lambda: result.append(
            main(["record", "--output", str(output), "--channel", channel, "--duration", "1.0"])
        )
    )
    command.start()
    ecu = can.Bus(interface="virtual", channel=channel)
    try:
        deadline = time.monotonic() + 3
        while not output.exists() and time.monotonic() < deadline:  # the file exists once the bus is open
            time.sleep(0.005)
        for msg in frames(500):
            ecu.send(msg)
        command.join(5)
    finally:
        ecu.shutdown()
    assert result == [0]
    assert counters([output]) == list(range(500))
    assert re.search(rf"recorded 500 frames in 1\.\d s to {re.escape(str(output))}", capsys.readouterr().err)


def test_record_command_with_a_bad_suffix_is_one_clear_line(tmp_path, capsys):
    code = main(
        [
            "record",
            "--output",
            str(tmp_path / "x.txt"),
            "--channel",
            f"r-{uuid.uuid4().hex}",
            "--duration",
            "0.1",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot record to .txt" in err and "Traceback" not in err


def test_blf_records_frames_from_a_channel_whose_name_ends_in_a_large_number(tmp_path):
    # python-can's virtual buses name the channel; BLF keeps only a 16-bit channel number.
    recorder = FrameRecorder(tmp_path / "drive.blf")
    for msg in frames(10):
        msg.channel = "cockpit-demo-123456"
        recorder.on_message_received(msg)
    recorder.stop()
    assert counters(recorder.files) == list(range(10))
