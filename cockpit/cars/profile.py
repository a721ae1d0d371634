"""A car profile: which opendbc DBC(s) describe each bus, our VSS mapping (KUKSA format) and the
brand's checksum rule; and how a profile becomes one VehicleSchema per bus.

The data lives in one module a brand (``cockpit/cars/tesla.py``, ...), as opendbc keeps it; this
module holds the shapes and the code every brand shares.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cockpit.decode.dbc import LoadedDbc, load_dbc_text, read_dbc_text
from cockpit.decode.mapping import MappingEntry, mapping_from_document
from cockpit.decode.schema import DEFAULT_STALE_FACTOR, VehicleSchema, load_vehicle_schema
from cockpit.errors import DbcError
from cockpit.signals.availability import NOT_AVAILABLE_ON_THIS_CAR, not_available_spec


@dataclass(frozen=True)
class CarBus:
    """One bus of a car: its name here, opendbc's bus number (as a log's channel) and its DBC(s)."""

    name: str
    number: int
    dbcs: tuple[str, ...]  # opendbc DBC names, without .dbc
    checksums: bool = True  # use opendbc's checksum/counter rule of the first DBC


@dataclass(frozen=True)
class CarProfile:
    """A car the cockpit knows: opendbc DBC(s) per bus, our VSS mapping, the brand's rules."""

    name: str
    car: str
    brand: str
    buses: tuple[CarBus, ...]
    mapping: dict[str, dict[str, Any]] = field(hash=False, compare=False)  # KUKSA .vspec overlay, as data

    def mapping_entries(self) -> list[MappingEntry]:
        """The mapping read as any KUKSA mapping is (``cockpit/cars/<brand>.py`` names it in errors)."""
        return mapping_from_document(self.mapping, f"cockpit/cars/{self.brand}.py:{self.name}")

    def vss_paths(self) -> list[str]:
        """Every VSS path the mapping names."""
        return list(self.mapping)


@functools.cache
def opendbc_dbc(name: str) -> LoadedDbc:
    """Load opendbc's DBC ``name`` (a file in its dbc folder, or one it generates) with cantools.

    DbcError says so when the installed opendbc does not carry it. Loaded once a process: the
    database is only read after loading.
    """
    try:
        from opendbc import DBC_PATH, get_generated_dbcs
    except ImportError:
        raise DbcError(
            "the opendbc package is not installed; car profiles take their DBCs from it "
            "(pip install opendbc, or re-run scripts/bootstrap)"
        ) from None
    generated = get_generated_dbcs().get(name)
    if generated is not None:
        return load_dbc_text(generated, f"opendbc:{name}", report=logging.INFO)
    path = Path(DBC_PATH) / f"{name}.dbc"
    if not path.is_file():
        import importlib.metadata

        version = importlib.metadata.version("opendbc")
        raise DbcError(
            f"opendbc {version} has no DBC {name!r} (looked in {DBC_PATH} and its generated "
            "DBCs); install the opendbc version this cockpit names in pyproject.toml"
        )
    text, encoding = read_dbc_text(path)
    return load_dbc_text(text, f"opendbc:{os.path.basename(path)}", encoding, report=logging.INFO)


@dataclass
class CarSchemas:
    """A profile made ready to decode: one schema per bus, and what it cannot provide."""

    profile: CarProfile
    schemas: dict[str, VehicleSchema]  # bus name -> schema
    unavailable: dict[str, str]  # VSS path -> why not, for paths no bus provides
    warnings: list[str]


def car_schemas(profile: CarProfile, stale_factor: float = DEFAULT_STALE_FACTOR) -> CarSchemas:
    """Load the profile's DBCs from opendbc and split its mapping over its buses."""
    from cockpit.cars.checksums import opendbc_rule

    entries = profile.mapping_entries()
    loaded = {bus.name: [opendbc_dbc(name) for name in bus.dbcs] for bus in profile.buses}
    signals = {
        name: {signal.name for dbc in dbcs for message in dbc.database.messages for signal in message.signals}
        | {
            f"{message.name}.{signal.name}"
            for dbc in dbcs
            for message in dbc.database.messages
            for signal in message.signals
        }
        for name, dbcs in loaded.items()
    }
    schemas: dict[str, VehicleSchema] = {}
    unavailable: dict[str, str] = {}
    warnings: list[str] = []
    placed: set[str] = set()
    for bus in profile.buses:
        mine = [entry for entry in entries if entry.signal in signals[bus.name]]
        placed.update(entry.path for entry in mine)
        if not mine:
            continue
        rule = opendbc_rule(bus.dbcs[0]) if bus.checksums else None
        # opendbc's DBCs keep no trustworthy [min|max] (Hyundai's STEERING_ANGLE says [0|255]) and its
        # parser checks none: as there, only checksums, counters and SNA values judge a frame.
        schema = load_vehicle_schema(
            loaded[bus.name], mine, stale_factor=stale_factor, protection=rule, check_ranges=False
        )
        schemas[bus.name] = schema
        warnings.extend(schema.warnings)
    names = " + ".join(name for bus in profile.buses for name in bus.dbcs)
    first = next(iter(schemas.values()), None)
    for entry in entries:
        if entry.path not in placed:
            # Known and listed in docs/cars.md: "not available on this car", not a warning each start.
            reason = f"{NOT_AVAILABLE_ON_THIS_CAR}: {names} has no signal {entry.signal!r}"
            unavailable[entry.path] = reason
            if first is not None:
                # Declared with the first bus, so every store built from the schemas lists the path.
                first.specs.setdefault(
                    entry.path, not_available_spec(entry.path, reason, entry.unit, entry.datatype)
                )
                first.unavailable.setdefault(entry.path, reason)
    return CarSchemas(profile, schemas, unavailable, warnings)


# --- helpers the brand modules use to write their mapping as KUKSA nodes -----------------------------
def value(
    signal: str, datatype: str = "float", unit: str | None = None, math: str | None = None
) -> dict[str, Any]:
    """A KUKSA node fed from ``signal`` (optionally through ``transform.math``)."""
    node: dict[str, Any] = {"datatype": datatype, "type": "sensor", "dbc2vss": {"signal": signal}}
    if unit:
        node["unit"] = unit
    if math:
        node["dbc2vss"]["transform"] = {"math": math}
    return node


def table(signal: str, datatype: str, pairs: dict[Any, Any], unit: str | None = None) -> dict[str, Any]:
    """A KUKSA node fed from ``signal`` through ``transform.mapping`` (from: raw value or label)."""
    node = value(signal, datatype, unit)
    node["dbc2vss"]["transform"] = {"mapping": [{"from": k, "to": v} for k, v in pairs.items()]}
    return node


def flag(signal: str, *true_values: Any, false_values: tuple[Any, ...] = ()) -> dict[str, Any]:
    """A boolean node: True for ``true_values`` (default 1), False for ``false_values`` (default 0)."""
    trues = true_values or (1,)
    falses = false_values or ((0,) if trues == (1,) else ())
    pairs = dict.fromkeys(trues, True) | dict.fromkeys(falses, False)
    return table(signal, "boolean", pairs)


GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
# The reference mapping's gear numbers (VSS SelectedGear): P 126, R -1, N 0, D 127.
P, R, N, D = 126, -1, 0, 127
