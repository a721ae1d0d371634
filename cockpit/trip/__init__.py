"""The trip ahead, judged from the car's signals: the state of charge on arrival."""

from cockpit.trip.arrival import ArrivalCharge, arrival_charge

__all__ = ["ArrivalCharge", "arrival_charge"]
