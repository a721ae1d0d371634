"""`cockpit monitor`: the replay JSON for any DBC with its KUKSA mapping, and clear CLI errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import can
import cantools
import pytest

from cockpit.cli import main


def cockpit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cockpit.cli", *map(str, args)], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(params=[".log", ".asc", ".blf"])
def thirdparty_log(request, tmp_path, thirdparty_dbc) -> Path:
    """A two-second drive of the third-party car, written by python-can's own writers."""
    db = cantools.database.load_file(thirdparty_dbc)
    speed, hv, gear = (db.get_message_by_name(n) for n in ("DI_speed", "BMS_hvBusStatus", "DI_torque2"))
    path = tmp_path / f"drive{request.param}"
    writer = can.Logger(path)
    t = 1_700_000_000.0
    for i in range(200):
        t += 0.01
        writer(
            can.Message(
                timestamp=t,
                arbitration_id=speed.frame_id,
                is_extended_id=False,
                data=speed.encode(
                    {
                        "DI_speedChecksum": 0,
                        "DI_speedCounter": i % 15,
                        "DI_vehicleSpeed": 50 + i / 10,
                        "DI_uiSpeed": 50,
                        "DI_uiSpeedUnits": 1,
                    }
                ),
            )
        )
        if i % 10 == 0:
            writer(
                can.Message(
                    timestamp=t,
                    arbitration_id=hv.frame_id,
                    is_extended_id=False,
                    data=hv.encode({"BMS_packVoltage": 399, "BMS_packCurrent": -30}),
                )
            )
        if i < 100:  # the gear message stops half-way: stale at the end of the log
            writer(
                can.Message(
                    timestamp=t,
                    arbitration_id=gear.frame_id,
                    is_extended_id=False,
                    data=gear.encode({"DI_gear": "DI_GEAR_D", "DI_torqueEstimate": 120}),
                )
            )
    writer(can.Message(timestamp=t, arbitration_id=0x555, is_extended_id=False, data=b"\x01"))
    writer.stop()
    return path


def test_replay_json_once_for_a_third_party_dbc_and_its_kuksa_mapping(
    thirdparty_log, thirdparty_dbc, thirdparty_vspec
) -> None:
    result = cockpit(
        "monitor",
        "--dbc",
        thirdparty_dbc,
        "--mapping",
        thirdparty_vspec,
        "--replay",
        thirdparty_log,
        "--json",
        "--once",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    signals = report["signals"]
    assert signals["Vehicle.Powertrain.TractionBattery.CurrentVoltage"] == {
        "value": 399.0,
        "unit": "V",
        "status": "valid",
    }
    assert signals["Vehicle.Speed"]["status"] == "valid"
    # Judged at the log's last timestamp, not at the wall clock of the test.
    assert signals["Vehicle.Powertrain.Transmission.CurrentGear"]["status"] == "stale"
    assert signals["Vehicle.Powertrain.Transmission.CurrentGear"]["value"] is None
    assert signals["Vehicle.Exterior.AirTemperature"]["status"] == "not_received"
    assert report["stats"] == {"frames": 321, "unknown_frames": 1, "decode_errors": 0, "e2e_errors": 0}


def test_a_broken_dbc_is_one_clear_line_naming_file_and_line(tmp_path, thirdparty_vspec) -> None:
    broken = tmp_path / "broken.dbc"
    broken.write_text('VERSION ""\n\nBU_: A\n\nBO_ 100 M: 8 A\n SG_ S 0|8@1+ (1,0) [0|1] "" A\n')
    result = cockpit("monitor", "--dbc", broken, "--mapping", thirdparty_vspec, "--replay", "x.log", "--once")
    assert result.returncode == 2
    assert f"{broken}:6: cannot load the DBC" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_mapping_is_one_clear_line_naming_file_and_signal(tmp_path, thirdparty_dbc) -> None:
    mapping = tmp_path / "m.vspec"
    mapping.write_text("Vehicle.Speed:\n  datatype: float\n  dbc2vss:\n    signal: NoSuchSignal\n")
    result = cockpit("monitor", "--dbc", thirdparty_dbc, "--mapping", mapping, "--replay", "x.log", "--once")
    assert result.returncode == 2
    assert f"{mapping}:4: Vehicle.Speed maps DBC signal 'NoSuchSignal'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_log_is_a_clear_error(thirdparty_dbc, thirdparty_vspec, capsys) -> None:
    code = main(
        [
            "monitor",
            "--dbc",
            str(thirdparty_dbc),
            "--mapping",
            str(thirdparty_vspec),
            "--replay",
            "/nonexistent/drive.log",
            "--once",
        ]
    )
    assert code == 2
    assert "no such log file" in capsys.readouterr().err


def test_a_dbc_without_a_mapping_is_refused_with_the_fix(thirdparty_dbc, capsys) -> None:
    assert main(["monitor", "--dbc", str(thirdparty_dbc), "--replay", "x.log", "--once"]) == 2
    assert "needs --mapping" in capsys.readouterr().err
