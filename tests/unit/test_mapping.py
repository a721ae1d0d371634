"""The KUKSA dbc2vss mapping: both file shapes, and clear errors for broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cockpit.decode import load_vehicle_schema
from cockpit.decode.mapping import load_mapping
from cockpit.errors import DbcError, MappingError, TransformError


def test_the_json_tree_and_the_vspec_overlay_give_the_same_mapping(
    thirdparty_vspec, thirdparty_vss_json
) -> None:
    def summary(entries):
        return {
            (e.path, e.signal, e.datatype, e.unit, e.interval_ms, e.on_change, e.math_source, e.value_map)
            for e in entries
        }

    assert summary(load_mapping(thirdparty_vspec)) == summary(load_mapping(thirdparty_vss_json))


def test_the_older_dbc_key_is_read_like_dbc2vss(thirdparty_vspec) -> None:
    entries = {e.path: e for e in load_mapping(thirdparty_vspec)}
    assert entries["Vehicle.Powertrain.TractionBattery.CurrentVoltage"].signal == "BMS_packVoltage"


def test_vss2dbc_blocks_are_read_past(thirdparty_vspec) -> None:
    entries = {e.path: e for e in load_mapping(thirdparty_vspec)}
    assert entries["Vehicle.Chassis.SteeringWheel.Angle"].signal == "EPAS_internalSAS"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_signal_missing_from_the_dbc_is_a_warning_naming_file_line_and_a_near_match(
    tmp_path, thirdparty_dbc
) -> None:
    mapping = _write(
        tmp_path,
        "m.vspec",
        "Vehicle.Speed:\n  datatype: float\n  dbc2vss:\n    signal: DI_vehicleSped\n"
        "Vehicle.Powertrain.Transmission.CurrentGear:\n  datatype: string\n  dbc2vss:\n    signal: DI_gear\n",
    )
    schema = load_vehicle_schema(thirdparty_dbc, mapping)  # one mapping serves several cars: not a refusal
    text = "\n".join(schema.warnings)
    assert f"{mapping}:4" in text and "DI_vehicleSped" in text and "DI_vehicleSpeed" in text
    assert "not available on this car" in schema.unavailable["Vehicle.Speed"]
    assert "Vehicle.Powertrain.Transmission.CurrentGear" not in schema.unavailable


def test_a_mapping_from_label_not_in_the_value_table_is_refused(tmp_path, thirdparty_dbc) -> None:
    mapping = _write(
        tmp_path,
        "m.vspec",
        (
            "Vehicle.Powertrain.Transmission.CurrentGear:\n  datatype: int8\n"
            "  dbc2vss:\n    signal: DI_gear\n"
            "    transform:\n      mapping:\n        - from: DI_GEAR_X\n          to: 1\n"
        ),
    )
    with pytest.raises(MappingError, match=r"DI_GEAR_X.*DI_GEAR_D"):
        load_vehicle_schema(thirdparty_dbc, mapping)


def test_an_unsafe_math_transform_is_refused_at_start(tmp_path, thirdparty_dbc) -> None:
    mapping = _write(
        tmp_path,
        "m.vspec",
        (
            "Vehicle.Speed:\n  datatype: float\n  dbc2vss:\n    signal: DI_vehicleSpeed\n"
            "    transform:\n      math: \"__import__('os').getcwd()\"\n"
        ),
    )
    with pytest.raises(TransformError, match=r"m\.vspec:\d+: Vehicle\.Speed"):
        load_vehicle_schema(thirdparty_dbc, mapping)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.json", '{"Vehicle": {"children": {\n"Speed": {"dbc2vss": }}}}', r"bad\.json:2: not valid JSON"),
        (
            "bad.vspec",
            "Vehicle.Speed:\n  dbc2vss:\n    signal: [unclosed\n",
            r"bad\.vspec:\d+: not valid YAML",
        ),
        ("empty.vspec", "Vehicle.Speed:\n  datatype: float\n", "no VSS signal carries a 'dbc2vss'"),
        ("nosignal.vspec", "Vehicle.Speed:\n  dbc2vss:\n    interval_ms: 10\n", "needs 'signal'"),
        (
            "interval.vspec",
            "Vehicle.Speed:\n  dbc2vss:\n    signal: A\n    interval_ms: fast\n",
            "interval_ms",
        ),
        (
            "both.vspec",
            "Vehicle.Speed:\n  dbc2vss:\n    signal: A\n    transform:\n      math: x\n      mapping: []\n",
            "both 'math' and 'mapping'",
        ),
        ("list.json", "[1, 2]", "top key is the root branch"),
    ],
)
def test_broken_mapping_files_fail_with_the_file_and_the_problem(tmp_path, name, text, expected) -> None:
    with pytest.raises(MappingError, match=expected):
        load_mapping(_write(tmp_path, name, text))


def test_a_missing_mapping_file_says_which_option_to_fix(tmp_path) -> None:
    with pytest.raises(MappingError, match="--mapping"):
        load_mapping(tmp_path / "nope.json")


def test_a_broken_dbc_names_the_file_and_line(tmp_path, thirdparty_dbc, thirdparty_vspec) -> None:
    lines = thirdparty_dbc.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if "DI_uiSpeed :" in line)
    lines[index] = lines[index].replace("DI_uiSpeed :", "DI_uiSpeed")
    broken = _write(tmp_path, "broken.dbc", "\n".join(lines))
    with pytest.raises(DbcError, match=rf"broken\.dbc:{index + 1}: cannot load the DBC"):
        load_vehicle_schema(broken, thirdparty_vspec)


def test_a_json_tree_without_annotations_on_branches_still_finds_nested_leaves(
    tmp_path, thirdparty_dbc
) -> None:
    tree = {
        "Vehicle": {
            "type": "branch",
            "children": {
                "Powertrain": {
                    "type": "branch",
                    "children": {
                        "Speedish": {
                            "type": "sensor",
                            "datatype": "float",
                            "dbc2vss": {"signal": "DI_vehicleSpeed"},
                        }
                    },
                }
            },
        }
    }
    path = _write(tmp_path, "m.json", json.dumps(tree))
    schema = load_vehicle_schema(thirdparty_dbc, path)
    assert [spec.path for spec in schema.signal_specs()] == ["Vehicle.Powertrain.Speedish"]
