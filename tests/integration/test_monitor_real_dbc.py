"""`cockpit monitor` with a bus described by two DBC files, on a two-channel log."""

from __future__ import annotations

import json
from pathlib import Path

import can
import cantools
import pytest

from cockpit.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "real_dbc"


@pytest.mark.parametrize("suffix", [".log", ".asc"])
def test_two_dbcs_one_mapping_and_a_two_channel_log(tmp_path, capsys, suffix) -> None:
    speed = cantools.database.load_file(DATA / "split_a.dbc").get_message_by_name("Speed_A")
    battery = cantools.database.load_file(DATA / "split_b.dbc").get_message_by_name("Battery_B")
    path = tmp_path / f"drive{suffix}"
    with can.Logger(path) as writer:
        for i in range(20):
            t = 1_700_000_000.0 + i * 0.1
            writer(
                can.Message(
                    timestamp=t,
                    arbitration_id=speed.frame_id,
                    is_extended_id=False,
                    data=speed.encode({"VehicleSpeedA": 42}),
                    channel="can0" if suffix == ".log" else 0,
                )
            )
            writer(
                can.Message(
                    timestamp=t,
                    arbitration_id=battery.frame_id,
                    is_extended_id=False,
                    data=battery.encode({"StateOfChargeB": 64}),
                    channel="can1" if suffix == ".log" else 1,
                )
            )
    assert (
        main(
            [
                "monitor",
                "--dbc",
                str(DATA / "split_a.dbc"),
                "--dbc",
                str(DATA / "split_b.dbc"),
                "--mapping",
                str(DATA / "split.vspec"),
                "--replay",
                str(path),
                "--json",
                "--once",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["signals"]["Vehicle.Speed"] == {"value": 42.0, "unit": "km/h", "status": "valid"}
    assert report["signals"]["Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"]["value"] == 64.0
    missing = report["signals"]["Vehicle.Powertrain.TractionBattery.CurrentVoltage"]
    assert missing["status"] == "not_available" and "PackVoltageNotOnThisCar" in missing["reason"]
    assert "warning" in err and "PackVoltageNotOnThisCar" in err  # a warning, not a refusal to start
    assert sorted(bus["frames"] for bus in report["buses"].values()) == [20, 20]  # the channels kept apart
    assert report["stats"]["frames"] == 40
