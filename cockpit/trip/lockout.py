"""The driver lockout: which screen tasks wait until the car (nearly) stands still.

NHTSA's visual-manual driver distraction guidelines for in-vehicle electronic devices (2013) lock
out manual text entry, pairing and similar tasks unless the vehicle is below 5 mph (8 km/h). An
unknown speed counts as moving: the lock fails safe. Automatic actions (the handoff rules) are not
the driver's tasks and are never locked.
"""

from __future__ import annotations

LOCKOUT_SPEED_KMH = 8.0


def locked_out(speed_kmh: float | None) -> bool:
    """Whether the driver's handoff taps, pairing and typing are locked at ``speed_kmh`` (None: unknown)."""
    return speed_kmh is None or abs(speed_kmh) > LOCKOUT_SPEED_KMH
