"""Zenoh key expressions of the vehicle's signals: ``vss/`` + the VSS path with dots as slashes."""

from __future__ import annotations

import re

PREFIX = "vss/"
ALL_SIGNALS = "vss/**"  # every signal: what a display subscribes to and queries
HEARTBEAT = "cockpit/gateway/heartbeat"  # the gateway's beat: every display judges liveness from it
GATEWAY_KEYS = (ALL_SIGNALS, "cockpit/gateway/**")  # what only the gateway may write

# A VSS path: dot-separated names of letters, digits and underscores (VSS 4 allows no other).
_VSS_PATH = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")


def key_for(path: str) -> str:
    """``Vehicle.Speed`` -> ``vss/Vehicle/Speed``; ValueError if ``path`` is not a VSS path."""
    if not _VSS_PATH.match(path):
        raise ValueError(f"{path!r} is not a VSS path (names of letters, digits and _ joined by dots)")
    return PREFIX + path.replace(".", "/")


def path_for(key: str) -> str | None:
    """``vss/Vehicle/Speed`` -> ``Vehicle.Speed``; None for a key that is not one signal's."""
    if not key.startswith(PREFIX):
        return None
    path = key[len(PREFIX) :].replace("/", ".")
    return path if _VSS_PATH.match(path) else None
