"""A VSS signal the car does not have: declared so that every screen can say "not available on this car"
rather than show a dash that looks like a fault (a mapping serves several cars; a car profile asks
for paths its DBC lacks). The mark is the spec itself: no source, and a description that says so."""

from __future__ import annotations

from cockpit.signals.store import SignalSpec

NOT_AVAILABLE_ON_THIS_CAR = "not available on this car"


def not_available_spec(
    path: str, reason: str, unit: str | None = None, datatype: str | None = None
) -> SignalSpec:
    """The spec of a path the car cannot provide; ``reason`` says why (which DBC lacks which signal)."""
    text = (
        reason if reason.startswith(NOT_AVAILABLE_ON_THIS_CAR) else f"{NOT_AVAILABLE_ON_THIS_CAR}: {reason}"
    )
    return SignalSpec(path=path, unit=unit, datatype=datatype, description=text, timeout=None, source="")


def is_not_available(spec: SignalSpec) -> bool:
    """True for a spec made by :func:`not_available_spec`."""
    return not spec.source and spec.description.startswith(NOT_AVAILABLE_ON_THIS_CAR)
