"""Car profiles from the command line: `cockpit cars`, `sim --car` into a log, `monitor --car NAME|auto`
on it, and the clear errors: an unknown profile, a DBC the installed opendbc lacks, a log of another car."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cockpit.cars import CarBus, CarProfile, car_schemas, get_profile, profiles
from cockpit.cars.buses import schemas_for_buses
from cockpit.cars.fingerprint import recognise
from cockpit.cli import main
from cockpit.config import parse_config
from cockpit.errors import ConfigError, DbcError

SPEED = "Vehicle.Speed"


def test_cockpit_cars_lists_each_profile_with_what_it_provides_and_lacks(capsys) -> None:
    assert main(["cars", "--json"]) == 0
    cars = {car["name"]: car for car in json.loads(capsys.readouterr().out)["cars"]}
    assert {"tesla_model3", "hyundai_ioniq5", "vw_id4", "nissan_leaf", "chevrolet_bolt"} <= set(cars)
    for car in cars.values():
        assert SPEED in car["provides"] and "Vehicle.Powertrain.Transmission.SelectedGear" in car["provides"]
        assert not set(car["provides"]) & set(car["lacks"])
    assert cars["hyundai_ioniq5"]["buses"][0]["dbcs"] == ["hyundai_canfd_generated"]
    assert cars["tesla_model3"]["buses"][0]["checksums"] == "opendbc"
    assert "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed" in cars["tesla_model3"]["lacks"]


def test_an_unknown_profile_names_the_nearest_and_lists_the_known_ones(capsys) -> None:
    assert main(["monitor", "--car", "ioniq", "--replay", "drive.log", "--once"]) == 2
    error = capsys.readouterr().err
    assert "no car profile 'ioniq'; did you mean 'hyundai_ioniq5'?" in error and "tesla_model3" in error


def test_a_dbc_the_installed_opendbc_lacks_is_named() -> None:
    phantom = CarProfile(
        "phantom",
        "A car opendbc never had",
        "none",
        (CarBus("pt", 0, ("phantom_2031_generated",)),),
        {SPEED: get_profile("nissan_leaf").mapping[SPEED]},
    )
    with pytest.raises(DbcError, match=r"opendbc [\d.]+ has no DBC 'phantom_2031_generated'"):
        car_schemas(phantom)


@pytest.fixture(scope="module")
def drives(tmp_path_factory) -> dict[str, Path]:
    """Three seconds of highway as the Ioniq 5 (.blf) and as the Bolt (.log), from `cockpit sim --car`."""
    folder = tmp_path_factory.mktemp("drives")
    paths = {"hyundai_ioniq5": folder / "ioniq5.blf", "chevrolet_bolt": folder / "bolt.log"}
    for name, path in paths.items():
        assert (
            main(["sim", "--car", name, "--scenario", "highway", "--duration", "3", "--output", str(path)])
            == 0
        )
    return paths


def test_sim_as_a_profile_replays_valid_through_monitor_with_that_profile(drives, capsys) -> None:
    capsys.readouterr()
    assert (
        main(
            [
                "monitor",
                "--car",
                "hyundai_ioniq5",
                "--replay",
                str(drives["hyundai_ioniq5"]),
                "--json",
                "--once",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["signals"][SPEED]["status"] == "valid" and report["signals"][SPEED]["value"] > 50
    assert report["stats"]["e2e_errors"] == 0 and report["stats"]["decode_errors"] == 0
    assert report["signals"]["Vehicle.Powertrain.TractionBattery.CurrentVoltage"]["status"] == "not_available"
    assert report["rates"]["WHEEL_SPEEDS"] == {"hz": 20.0, "learnt": True}


def test_car_auto_recognises_the_profile_and_says_why(drives, capsys) -> None:
    capsys.readouterr()
    assert (
        main(["monitor", "--car", "auto", "--replay", str(drives["chevrolet_bolt"]), "--json", "--once"]) == 0
    )
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["car"]["profile"] == "chevrolet_bolt"
    assert "recognised as chevrolet_bolt" in err and "ids seen are in its DBCs" in err
    assert report["signals"][SPEED]["status"] == "valid"


def test_a_log_of_another_car_under_car_name_says_so(drives, capsys) -> None:
    capsys.readouterr()
    assert (
        main(
            [
                "monitor",
                "--car",
                "tesla_model3",
                "--replay",
                str(drives["chevrolet_bolt"]),
                "--json",
                "--once",
            ]
        )
        == 0
    )
    out, err = capsys.readouterr()
    assert "does not look like a Tesla Model 3" in err and "it looks like chevrolet_bolt" in err
    assert any("does not look like" in w for w in json.loads(out)["warnings"])


def test_car_auto_names_the_closest_when_none_fits() -> None:
    seen = {0x3E9, 0x1F5, 0x7DF, 0x7E8, 0x123, 0x456, 0x789}  # two Bolt ids among strangers
    outcome = recognise(seen, profiles().values())
    assert outcome.profile is None
    assert outcome.reason.startswith("no car profile fits the 7 ids seen; the closest is chevrolet_bolt")


def test_a_profile_in_cockpit_toml_decodes_the_buses_named_after_its_buses() -> None:
    config = parse_config(
        '[buses.party]\ninterface = "virtual"\nchannel = "p"\n'
        '[buses.vehicle]\ninterface = "virtual"\nchannel = "v"\n[car]\nprofile = "tesla_model3"\n'
    )
    schemas = schemas_for_buses(config.car.profile, config.buses)
    assert {message.name for message in schemas["vehicle"].messages} >= {"VCLEFT_doorStatus"}
    assert SPEED in schemas["party"].specs
    other = parse_config(
        '[buses.body]\ninterface = "virtual"\nchannel = "b"\n'
        '[buses.adas]\ninterface = "virtual"\nchannel = "a"\n'
    )
    with pytest.raises(ConfigError, match=r"has buses party, vehicle; the configured bus.*body, adas"):
        schemas_for_buses("tesla_model3", other.buses)


def test_docs_cars_md_is_what_cockpit_cars_generates(capsys) -> None:
    assert main(["cars", "--markdown"]) == 0
    generated = capsys.readouterr().out
    committed = (Path(__file__).resolve().parents[2] / "docs" / "cars.md").read_text(encoding="utf-8")
    assert committed == generated, "docs/cars.md is out of date: run cockpit cars --markdown > docs/cars.md"


def test_car_auto_on_a_live_bus_listens_two_seconds_then_decodes(capsys) -> None:
    import threading
    import time as clock
    import uuid

    import can

    from cockpit.cars.drive import ProfileCar

    channel = f"test-cars-auto-{uuid.uuid4().hex[:8]}"
    car = ProfileCar(get_profile("nissan_leaf"), "city", seed=4)
    frames = car.frames_until(15.0)  # enough for the 2 s fingerprint, loading the profile and 1 s of decoding
    sender = can.Bus(interface="virtual", channel=channel)
    stop = threading.Event()

    def send() -> None:
        start = frames[0].timestamp
        begun = clock.monotonic()
        for frame in frames:
            if stop.is_set():
                return
            delay = frame.timestamp - start - (clock.monotonic() - begun)
            if delay > 0:
                stop.wait(delay)
            frame.timestamp = clock.time()
            sender.send(frame)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    try:
        assert (
            main(
                [
                    "monitor",
                    "--car",
                    "auto",
                    "--interface",
                    "virtual",
                    "--channel",
                    channel,
                    "--json",
                    "--once",
                    "--duration",
                    "1",
                ]
            )
            == 0
        )
    finally:
        stop.set()
        thread.join(5)
        sender.shutdown()
    out, err = capsys.readouterr()
    assert "recognised as nissan_leaf" in err
    assert json.loads(out)["signals"]["Vehicle.Speed"]["status"] == "valid"


def test_the_demo_head_unit_drives_as_a_profile_on_its_virtual_bus() -> None:
    import time

    from cockpit.app import demo_head_unit
    from cockpit.cars.drive import profile_demo_car
    from cockpit.signals import Quality

    schema, car = profile_demo_car("vw_id4", "highway", 0)
    unit = demo_head_unit(schema, "highway", 0, car=car)
    unit.buses.start()
    unit.part("sim").start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and unit.store.read("Vehicle.Speed").quality is not Quality.VALID:
            time.sleep(0.05)
    finally:
        unit.part("sim").stop()
        unit.buses.stop()
    stats = unit.buses.buses[0].decoder.stats
    assert unit.store.read("Vehicle.Speed").quality is Quality.VALID
    assert stats.frames > 0 and stats.e2e_errors == 0 and stats.decode_errors == 0


def test_the_gateway_decodes_a_bus_as_a_car_profile() -> None:
    import argparse

    from cockpit.commands import gateway
    from cockpit.config import CockpitConfig

    parser = argparse.ArgumentParser()
    gateway.add_arguments(parser)
    args = parser.parse_args(["--car", "hyundai_ioniq5", "--interface", "virtual", "--channel", "gw"])
    buses, schemas = gateway.bus_plan(args, CockpitConfig())
    assert [bus.name for bus in buses] == ["vehicle"]
    assert {plan.message.name for plan in schemas["vehicle"].plans.values()} >= {
        "WHEEL_SPEEDS",
        "SCC_CONTROL",
    }
