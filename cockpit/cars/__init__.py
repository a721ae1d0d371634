"""Car profiles from opendbc: which DBCs describe each bus of a real car, our VSS mapping for it (KUKSA
format) and the brand's checksum and counter rules; one module a brand, data first, as opendbc keeps it.

    profile = get_profile("hyundai_ioniq5")
    ready = car_schemas(profile)              # one VehicleSchema per bus, DBCs taken from opendbc
"""

from __future__ import annotations

import difflib

from cockpit.cars import gm, hyundai, nissan, rivian, tesla, volkswagen
from cockpit.cars.profile import CarBus, CarProfile, CarSchemas, car_schemas, opendbc_dbc
from cockpit.errors import CockpitError

__all__ = [
    "CarBus",
    "CarProfile",
    "CarSchemas",
    "UnknownCarError",
    "car_schemas",
    "get_profile",
    "opendbc_dbc",
    "profiles",
]

_PROFILES: dict[str, CarProfile] = {
    profile.name: profile
    for module in (tesla, hyundai, volkswagen, nissan, gm, rivian)
    for profile in module.PROFILES
}


class UnknownCarError(CockpitError, KeyError):
    """A profile name that no profile has (the message lists them, nearest first)."""

    def __str__(self) -> str:
        return str(self.args[0])


def profiles() -> dict[str, CarProfile]:
    """Every known profile by name."""
    return dict(_PROFILES)


def get_profile(name: str) -> CarProfile:
    """The profile called ``name``; UnknownCarError names the nearest and lists the known ones."""
    profile = _PROFILES.get(name)
    if profile is not None:
        return profile
    lowered = {key.lower(): key for key in _PROFILES}
    near = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.3)
    partial = [key for key in _PROFILES if name.lower() in key or name.lower() in _PROFILES[key].car.lower()]
    nearest = partial[0] if partial else (lowered[near[0]] if near else None)
    hint = f"did you mean {nearest!r}? " if nearest else ""
    raise UnknownCarError(
        f"no car profile {name!r}; {hint}known profiles: {', '.join(sorted(_PROFILES))} "
        "(cockpit cars lists them)"
    )
