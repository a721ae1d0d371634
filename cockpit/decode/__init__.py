"""From CAN frames to VSS signals: DBC loading, the KUKSA dbc2vss mapping, transforms, E2E and the decoder.

Typical use::

    schema = load_vehicle_schema(dbc_path, mapping_path)  # None, None: the reference vehicle
    store = SignalStore(schema.signal_specs())
    decoder = FrameDecoder(schema, store, bus_name="powertrain")  # a python-can Listener
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use, so that ``cockpit.decode.e2e`` stays light for the simulator.
_EXPORTS = {
    "BusStats": "cockpit.decode.decoder",
    "FrameDecoder": "cockpit.decode.decoder",
    "VehicleSchema": "cockpit.decode.schema",
    "load_vehicle_schema": "cockpit.decode.schema",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cockpit.decode' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
