"""The simulated car on a real python-can virtual bus and through ``cockpit sim``."""

from __future__ import annotations

import time
from pathlib import Path

import can
import cantools
import pytest

from cockpit.cli import main
from cockpit.resources import reference_dbc
from cockpit.sim import SimRunner, SimulatedCar


@pytest.fixture(scope="module")
def db() -> cantools.database.can.Database:
    return cantools.database.load_file(reference_dbc(), strict=True)


@pytest.fixture
def channel(can_channel: str) -> str:
    """The shared unique virtual channel (tests/conftest.py), under a shorter name."""
    return can_channel


def drain(bus: can.BusABC, quiet: float = 0.2) -> list[can.Message]:
    frames = []
    while (frame := bus.recv(quiet)) is not None:
        frames.append(frame)
    return frames


def test_runner_sends_in_real_time_with_wall_clock_stamps(
    db: cantools.database.can.Database, channel: str
) -> None:
    with (
        can.Bus(interface="virtual", channel=channel, preserve_timestamps=True) as sender,
        can.Bus(interface="virtual", channel=channel) as receiver,
    ):
        car = SimulatedCar(db, "highway")
        runner = SimRunner(car, sender, realtime=True)
        started = time.time()
        runner.start()
        time.sleep(0.6)
        runner.stop()
        elapsed = time.time() - started
        assert not runner.running
        frames = drain(receiver)
    assert runner.send_errors == 0 and runner.frames_sent == len(frames)
    # Real time: never ahead of the wall clock, and not far behind it even on a loaded machine.
    assert len(frames) <= (elapsed + 0.01) * car.frames_per_second + 20
    assert len(frames) >= 0.5 * 0.6 * car.frames_per_second
    assert car.time <= elapsed + 0.01
    assert all(started - 0.05 <= f.timestamp <= time.time() + 0.05 for f in frames)
    assert any(f.is_fd for f in frames)


def test_fast_runner_stops_at_its_duration(db: cantools.database.can.Database, channel: str) -> None:
    with (
        can.Bus(interface="virtual", channel=channel) as sender,
        can.Bus(interface="virtual", channel=channel) as receiver,
    ):
        car = SimulatedCar(db, "city")
        runner = SimRunner(car, sender, realtime=False, duration=2.0)
        runner.start()
        assert runner.wait(10.0)
        runner.stop()
        frames = drain(receiver)
    assert car.time == pytest.approx(2.0)
    assert len(frames) == runner.frames_sent == pytest.approx(2.0 * car.frames_per_second, rel=0.02)


def test_after_its_script_the_car_keeps_sending_unless_told_to_stop(
    db: cantools.database.can.Database, channel: str
) -> None:
    # One message is enough to watch the script; it keeps the test fast.
    body_only = cantools.database.can.Database([db.get_message_by_name("BCM_VehicleState")])
    with can.Bus(interface="virtual", channel=channel) as bus:
        idling = SimRunner(SimulatedCar(body_only, "arriving"), bus, realtime=False, duration=30.0)
        idling.start()
        assert idling.wait(20.0)
        assert idling.car.finished and idling.car.time == pytest.approx(30.0)
        assert idling.frames_sent == 300  # 10 per second, all along
        stopping = SimRunner(
            SimulatedCar(body_only, "arriving"), bus, realtime=False, stop_when_finished=True
        )
        stopping.start()
        assert stopping.wait(20.0)
        assert stopping.car.finished and stopping.car.time < 20.0
        for runner in (idling, stopping):
            runner.stop()
            assert not runner.running


def test_a_closed_bus_is_counted_and_does_not_kill_the_runner(
    db: cantools.database.can.Database, channel: str
) -> None:
    bus = can.Bus(interface="virtual", channel=channel)
    runner = SimRunner(SimulatedCar(db, "city"), bus, realtime=True)
    runner.start()
    time.sleep(0.1)
    bus.shutdown()
    time.sleep(0.2)
    assert runner.running and runner.send_errors > 0
    runner.stop()
    assert not runner.running


def test_cockpit_sim_writes_a_readable_candump_log(
    tmp_path: Path, db: cantools.database.can.Database, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "highway.log"
    assert main(["sim", "--scenario", "highway", "--fast", "--duration", "5", "--output", str(out)]) == 0
    frames = list(can.LogReader(str(out)))
    assert len(frames) == pytest.approx(5 * 1157, rel=0.02)
    assert {f.arbitration_id for f in frames} >= {0x0A0, 0x200, 0x300, 0x3A0}
    objects = [f for f in frames if f.arbitration_id == 0x3A0]
    assert objects[0].is_fd and len(objects[0].data) == 64
    last_speed_frame = [f for f in frames if f.arbitration_id == 0x0A0][-1]
    speed = db.decode_message(0x0A0, last_speed_frame.data)["ESP_VehicleSpeed"]
    assert 80.0 < speed < 120.0
    assert "highway.log" in capsys.readouterr().out


@pytest.mark.parametrize("suffix", [".asc", ".blf"])
def test_cockpit_sim_writes_asc_and_blf(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"parking{suffix}"
    assert main(["sim", "--scenario", "parking", "--fast", "--duration", "1", "--output", str(out)]) == 0
    assert len(list(can.LogReader(str(out)))) == pytest.approx(1157, rel=0.05)


def test_cockpit_sim_onto_a_virtual_bus(channel: str, capsys: pytest.CaptureFixture[str]) -> None:
    with can.Bus(interface="virtual", channel=channel) as receiver:
        assert main(["sim", "--scenario", "arriving", "--fast", "--duration", "1", "--channel", channel]) == 0
        frames = drain(receiver)
    assert len(frames) == pytest.approx(1157, rel=0.05)
    assert "frames" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--scenario", "demo", "--output", "x.log"], "loops for ever; give --duration"),
        (
            ["--scenario", "city", "--output", "x.txt", "--duration", "1"],
            "use a .log (candump), .asc or .blf",
        ),
        (["--scenario", "city", "--dbc", "/nonexistent/car.dbc"], "no such DBC file"),
        (["--scenario", "city", "--duration", "-1"], "positive number of seconds"),
    ],
)
def test_cockpit_sim_errors_are_one_clear_line(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["sim", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_help_lists_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sim", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    names = ("city", "highway", "parking", "arriving", "charging", "faults", "demo")
    assert all(f"{name}:" in out for name in names)


def test_a_broken_dbc_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.dbc"
    broken.write_text('VERSION ""\nBO_ 1 X: 8 Y\n SG_ A : 0|99@1+ (1,0) [0|1] "" Z\n', encoding="utf-8")
    assert main(["sim", "--scenario", "city", "--dbc", str(broken), "--duration", "1", "--fast"]) == 2
    assert "broken.dbc" in capsys.readouterr().err
