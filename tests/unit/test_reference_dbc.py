"""The reference vehicle: can_dbc/cockpit_ev.dbc and its KUKSA dbc2vss mapping keep their promises.

These tests read the files directly (cantools, json, yaml) rather than through cockpit.decode, so that
a broken DBC or mapping is reported here as a broken data file, not as a decoder bug.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cantools
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DBC_PATH = REPO / "can_dbc" / "cockpit_ev.dbc"
JSON_PATH = REPO / "can_dbc" / "cockpit_ev.vss.json"
OVERLAY_PATH = REPO / "can_dbc" / "cockpit_ev.overlay.vspec"
CONTRACT_PATH = REPO / "docs" / "vss-signals.md"

# Messages whose integrity the cockpit relies on for a safety telltale (DESIGN.md "Signal quality").
SAFETY_MESSAGES = {
    "ESP_Speed",
    "ESP_BrakeStatus",
    "BMS_Faults",
    "ACC_Status",
    "ADAS_FcwAeb",
    "CAM_LaneLines",
    "CAM_AssistStatus",
    "RADAR_BlindSpot",
    "ADAS_ObjectList",
    "PDC_Front",
    "PDC_Rear",
}


@pytest.fixture(scope="module")
def db() -> cantools.database.can.Database:
    return cantools.database.load_file(DBC_PATH, strict=True)


def message_attribute(message: Any, name: str) -> Any:
    """A message attribute's value with enum indices resolved to their labels (None when unset)."""
    attribute = message.dbc.attributes.get(name)
    if attribute is None:
        return None
    choices = getattr(attribute.definition, "choices", None)
    if choices and isinstance(attribute.value, int):
        return choices[attribute.value]
    return attribute.value


def json_leaves(node: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, leaf) for every leaf of a vss-tools JSON tree."""
    for name, child in node.items():
        path = f"{prefix}.{name}" if prefix else name
        if child.get("type") == "branch":
            yield from json_leaves(child.get("children", {}), path)
        else:
            yield path, child


@pytest.fixture(scope="module")
def json_mapping() -> dict[str, dict[str, Any]]:
    return dict(json_leaves(json.loads(JSON_PATH.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def overlay_mapping() -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(OVERLAY_PATH.read_text(encoding="utf-8"))
    return {path: node for path, node in document.items() if node.get("type") != "branch"}


def _expand_alternatives(cell: str) -> list[str]:
    """Expand the contract's shorthand: "A.B.Min / .Max", "A.Left.X / Right.X", "Row1.X, Row2.Y"."""
    objects = re.fullmatch(r"(\S+)Object1 … Object8 \.(\w+)", cell)
    if objects:
        return [f"{objects.group(1)}Object{i}.{objects.group(2)}" for i in range(1, 9)]
    first, *others = [part.strip() for part in re.split(r"\s*[/,]\s*", cell)]
    parts = first.split(".")
    paths = [first]
    for other in others:
        if other.startswith("."):
            paths.append(".".join(parts[:-1]) + other)
            continue
        replacement = other.split(".")
        # "Row2.DriverSide" replaces the "Row1.DriverSide" it is written against; "Rear.Speed" the tail.
        kind = re.sub(r"\d+", "", replacement[0])
        same_kind = [i for i, part in enumerate(parts) if re.sub(r"\d+", "", part) == kind]
        start = same_kind[0] if same_kind else len(parts) - len(replacement)
        paths.append(".".join(parts[:start] + replacement + parts[start + len(replacement) :]))
    return paths


def contract_paths() -> dict[str, bool]:
    """Every VSS path of docs/vss-signals.md -> whether it is marked *overlay*."""
    paths: dict[str, bool] = {}
    for line in CONTRACT_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| Vehicle."):
            continue
        cell = line.split("|")[1]
        overlay = "*overlay*" in cell
        for path in _expand_alternatives(cell.replace("*overlay*", "").strip()):
            paths[path] = overlay
    return paths


def test_contract_parser_understands_the_shorthand() -> None:
    paths = contract_paths()
    assert "Vehicle.Cabin.Door.Row2.PassengerSide.IsOpen" in paths
    assert "Vehicle.Powertrain.ElectricMotor.Rear.InverterTemperature" in paths
    assert "Vehicle.Powertrain.TractionBattery.Temperature.Average" in paths
    assert "Vehicle.ADAS.ObjectDetection.Object8.RelativeSpeed" in paths
    assert "Vehicle.ADAS.LaneDetection.Right.LineType" in paths
    assert len(paths) > 100


def test_dbc_loads_strictly_so_every_signal_fits_its_message(db: cantools.database.can.Database) -> None:
    assert len(db.messages) >= 25
    for message in db.messages:
        for signal in message.signals:
            assert signal.length <= message.length * 8, signal.name


def test_every_message_has_a_sender_a_cycle_time_and_a_comment(db: cantools.database.can.Database) -> None:
    for message in db.messages:
        assert message.senders and message.senders[0] in {node.name for node in db.nodes}, message.name
        assert 10 <= (message.cycle_time or 0) <= 1000, message.name
        assert message.comment, message.name


def test_every_signal_has_receivers_and_a_range(db: cantools.database.can.Database) -> None:
    for message in db.messages:
        for signal in message.signals:
            assert signal.receivers, signal.name
            assert signal.minimum is not None and signal.maximum is not None, signal.name
            assert signal.minimum < signal.maximum, signal.name


def test_frame_mix_is_that_of_a_real_car(db: cantools.database.can.Database) -> None:
    frames_per_second = sum(1000 / m.cycle_time for m in db.messages if m.senders != ["CDC"])
    assert 1000 <= frames_per_second <= 2500


def test_sna_raw_value_lies_outside_the_valid_range(db: cantools.database.can.Database) -> None:
    """An SNA value must never be mistaken for a real reading, even by a decoder that ignores labels."""
    labelled = 0
    for message in db.messages:
        for signal in message.signals:
            for raw, label in (signal.choices or {}).items():
                if str(label) != "SNA":
                    continue
                labelled += 1
                physical = raw * signal.scale + signal.offset
                assert not signal.minimum <= physical <= signal.maximum, signal.name
    assert labelled > 50


def test_safety_messages_are_e2e_protected_with_a_crc_byte_and_4_bit_counter(
    db: cantools.database.can.Database,
) -> None:
    protected = set()
    data_ids = set()
    for message in db.messages:
        if message_attribute(message, "E2E_Profile") != "P01":
            continue
        protected.add(message.name)
        signals = {signal.name: signal for signal in message.signals}
        crc = signals[message_attribute(message, "E2E_CRCSignal")]
        counter = signals[message_attribute(message, "E2E_CounterSignal")]
        assert (crc.start, crc.length, crc.byte_order) == (0, 8, "little_endian"), message.name
        assert (counter.start, counter.length, counter.maximum) == (8, 4, 14), message.name
        data_id = message_attribute(message, "E2E_DataID")
        assert 0 < data_id <= 0xFFFF and data_id not in data_ids, message.name
        data_ids.add(data_id)
    assert protected >= SAFETY_MESSAGES
    assert {m.name for m in db.messages if m.senders[0].startswith("ADAS")} <= protected


def test_the_object_list_is_one_64_byte_can_fd_frame_of_8_objects(db: cantools.database.can.Database) -> None:
    fd_messages = [m for m in db.messages if m.is_fd]
    assert [m.name for m in fd_messages] == ["ADAS_ObjectList"]
    objects = fd_messages[0]
    assert objects.length == 64
    for i in range(1, 9):
        for field in ("Class", "LongDist", "LatDist", "RelSpeed"):
            assert objects.get_signal_by_name(f"ADAS_Obj{i}_{field}")
    assert db.dbc.attributes["BusType"].value == "CAN FD"


def test_cell_group_voltages_are_multiplexed(db: cantools.database.can.Database) -> None:
    message = db.get_message_by_name("BMS_CellGroupVoltages")
    assert message.is_multiplexed()
    (tree,) = [node for node in message.signal_tree if isinstance(node, dict)]
    assert sorted(tree["BMS_CellGroupIndex"]) == [0, 1, 2, 3]


def test_enums_have_value_tables(db: cantools.database.can.Database) -> None:
    for name in (
        "VCU_GearSelected",
        "VCU_DriveMode",
        "BMS_ChargeState",
        "ACC_State",
        "LKA_State",
        "FCW_Level",
        "LDW_WarningSide",
        "CAM_LeftLineType",
        "BCM_PowerMode",
        "ADAS_Obj1_Class",
    ):
        signal = db.get_message_by_name(_message_of(db, name)).get_signal_by_name(name)
        assert len(signal.choices or {}) >= 3, name


def _message_of(db: cantools.database.can.Database, signal_name: str) -> str:
    for message in db.messages:
        if any(signal.name == signal_name for signal in message.signals):
            return message.name
    raise KeyError(signal_name)


def test_every_contract_path_is_mapped_by_the_json_mapping(json_mapping: dict[str, Any]) -> None:
    missing = sorted(set(contract_paths()) - set(json_mapping))
    assert not missing


def test_every_overlay_path_of_the_contract_is_declared_by_the_overlay(
    overlay_mapping: dict[str, Any],
) -> None:
    overlay_paths = {path for path, overlay in contract_paths().items() if overlay}
    assert not sorted(overlay_paths - set(overlay_mapping))


def test_overlay_and_json_agree(json_mapping: dict[str, Any], overlay_mapping: dict[str, Any]) -> None:
    for path, node in overlay_mapping.items():
        assert json_mapping[path]["dbc2vss"] == node["dbc2vss"], path
        assert json_mapping[path]["datatype"] == node["datatype"], path


@pytest.mark.parametrize("which", ["json", "overlay"])
def test_every_mapping_names_an_existing_signal_and_existing_labels(
    which: str,
    db: cantools.database.can.Database,
    json_mapping: dict[str, Any],
    overlay_mapping: dict[str, Any],
) -> None:
    mapping = json_mapping if which == "json" else overlay_mapping
    signals = {signal.name: signal for message in db.messages for signal in message.signals}
    for path, node in mapping.items():
        assert node["type"] in {"sensor", "actuator", "attribute"}, path
        annotation = node["dbc2vss"]
        signal = signals.get(annotation["signal"])
        assert signal is not None, f"{path}: {annotation['signal']} is not in the DBC"
        message = db.get_message_by_name(_message_of(db, signal.name))
        assert annotation["interval_ms"] == message.cycle_time, path
        pairs = annotation.get("transform", {}).get("mapping", [])
        labels = {str(label) for label in (signal.choices or {}).values()}
        for pair in pairs:
            source = pair["from"]
            if isinstance(source, str):
                assert source in labels, f"{path}: {source!r} is not a label of {signal.name}"
            else:
                assert signal.minimum <= source <= signal.maximum, path
        if node.get("allowed"):
            assert {pair["to"] for pair in pairs} <= set(node["allowed"]), path


def test_enum_strings_are_those_the_contract_promises(json_mapping: dict[str, Any]) -> None:
    def targets(path: str) -> set[Any]:
        return {pair["to"] for pair in json_mapping[path]["dbc2vss"]["transform"]["mapping"]}

    assert targets("Vehicle.Powertrain.Transmission.SelectedGear") == {126, -1, 0, 127}
    modes = targets("Vehicle.Powertrain.Transmission.PerformanceMode")
    assert modes == {"ECONOMY", "NORMAL", "SPORT", "SNOW"}
    assert targets("Vehicle.LowVoltageSystemState") == {"OFF", "ACC", "ON", "START"}
    assert targets("Vehicle.ADAS.CruiseControl.State") == {"OFF", "STANDBY", "ACTIVE", "OVERRIDE", "FAULT"}
    assert targets("Vehicle.ADAS.ForwardCollisionWarning.Level") == {"NONE", "PREWARNING", "ACUTE"}


def test_sign_and_unit_conversions_follow_vss(json_mapping: dict[str, Any]) -> None:
    def math(path: str) -> str:
        return json_mapping[path]["dbc2vss"]["transform"]["math"]

    # The BMS counts discharge as positive; VSS counts charging as positive.
    assert math("Vehicle.Powertrain.TractionBattery.CurrentCurrent") == "-x"
    assert math("Vehicle.Powertrain.TractionBattery.CurrentPower") == "-x*1000"
    assert math("Vehicle.Powertrain.Range") == "x*1000"
    assert math("Vehicle.Powertrain.TractionBattery.Charging.TimeToComplete") == "x*60"
