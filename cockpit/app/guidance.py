"""Route guidance and the trip ahead as the Qt layer shows them, handed over here so that
``cockpit.hmi`` sees the core only through ``cockpit.app``: a route's geometry, the arrival charge,
the driver lockout."""

from cockpit.handoff.route import Route, local_metres
from cockpit.handoff.schema import SchemaError
from cockpit.trip.arrival import DEFAULT_RESERVE_PERCENT, arrival_charge
from cockpit.trip.lockout import LOCKOUT_SPEED_KMH, locked_out

__all__ = [
    "DEFAULT_RESERVE_PERCENT",
    "LOCKOUT_SPEED_KMH",
    "Route",
    "SchemaError",
    "arrival_charge",
    "local_metres",
    "locked_out",
]
