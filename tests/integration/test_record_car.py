"""``cockpit record --car NAME`` says at the end whether the recording fits the car it was told.

The simulated Nissan Leaf (its opendbc DBC, driven by the simulated physics) sends on a virtual
channel in one thread while ``cockpit record`` records it in this one; both are the real commands.
"""

from __future__ import annotations

import threading
import uuid

import pytest

from cockpit.bus import replay_messages
from cockpit.cli import main


def record_a_simulated_leaf(tmp_path, capsys, told: str) -> tuple[str, int]:
    channel = f"record-car-{uuid.uuid4().hex[:8]}"
    output = tmp_path / "leaf.log"
    recording = threading.Event()
    sim_code: list[int] = []

    def drive() -> None:
        recording.wait(5)
        sim_code.append(
            main(
                [
                    "sim",
                    "--car",
                    "nissan_leaf",
                    "--scenario",
                    "highway",
                    "--interface",
                    "virtual",
                    "--channel",
                    channel,
                    "--duration",
                    "3.5",
                ]
            )
        )

    sender = threading.Thread(target=drive, name="simulated-leaf")
    sender.start()
    try:
        recording.set()
        code = main(
            [
                "record",
                "--interface",
                "virtual",
                "--channel",
                channel,
                "--output",
                str(output),
                "--duration",
                "3",
                "--car",
                told,
            ]
        )
    finally:
        sender.join(10)
    assert code == 0 and sim_code == [0]
    frames = sum(1 for _ in replay_messages(output))
    return capsys.readouterr().err, frames


@pytest.mark.slow
def test_a_recording_of_the_car_it_was_told_is_said_to_fit(tmp_path, capsys):
    err, frames = record_a_simulated_leaf(tmp_path, capsys, "nissan_leaf")
    assert frames > 100
    assert "the recording fits --car nissan_leaf" in err


@pytest.mark.slow
def test_a_recording_of_another_car_is_said_not_to_look_like_it(tmp_path, capsys):
    err, frames = record_a_simulated_leaf(tmp_path, capsys, "tesla_model3")
    assert frames > 100
    assert "does not look like a Tesla" in err
