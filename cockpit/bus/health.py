"""Bus health: ok / error / bus-off / offline, judged from error frames, read errors and silence.

The state is computed when asked (like signal staleness), from a few timestamps the reader keeps,
so a bus that goes quiet turns ``offline`` without any timer firing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import can

from cockpit.vocabulary import BusState  # re-exported: the states are spelled in cockpit/vocabulary.py

# SocketCAN error-frame classes (linux/can/error.h), carried in an error frame's arbitration id.
CAN_ERR_CRTL = 0x004  # controller problem; details in data[1]
CAN_ERR_BUSOFF = 0x040  # the controller went bus-off
CAN_ERR_RESTARTED = 0x100  # the controller restarted after bus-off (restart-ms)
CAN_ERR_CRTL_ACTIVE = 0x40  # data[1]: back to error-active


class ErrorFrameKind(Enum):
    """What an error frame says about the controller."""

    BUS_OFF = "bus-off"
    RESTARTED = "restarted"
    ERROR_ACTIVE = "error-active"
    ERROR = "error"


def classify_error_frame(msg: can.Message) -> ErrorFrameKind:
    """Read a SocketCAN-style error frame (other adapters' error frames count as plain errors)."""
    error_class = msg.arbitration_id
    if error_class & CAN_ERR_BUSOFF:
        return ErrorFrameKind.BUS_OFF
    if error_class & CAN_ERR_RESTARTED:
        return ErrorFrameKind.RESTARTED
    if error_class & CAN_ERR_CRTL and len(msg.data) > 1 and msg.data[1] & CAN_ERR_CRTL_ACTIVE:
        return ErrorFrameKind.ERROR_ACTIVE
    return ErrorFrameKind.ERROR


def bus_off_frame(timestamp: float = 0.0) -> can.Message:
    """An error frame as SocketCAN reports a bus-off (for fault injection and tests)."""
    return can.Message(
        arbitration_id=CAN_ERR_BUSOFF,
        is_error_frame=True,
        dlc=8,
        data=bytes(8),
        timestamp=timestamp,
        is_extended_id=False,
    )


def restarted_frame(timestamp: float = 0.0) -> can.Message:
    """An error frame as SocketCAN reports a restart after bus-off."""
    return can.Message(
        arbitration_id=CAN_ERR_RESTARTED,
        is_error_frame=True,
        dlc=8,
        data=bytes(8),
        timestamp=timestamp,
        is_extended_id=False,
    )


def error_passive_frame(timestamp: float = 0.0) -> can.Message:
    """An error frame for a controller gone error-passive (receive side)."""
    return can.Message(
        arbitration_id=CAN_ERR_CRTL,
        is_error_frame=True,
        dlc=8,
        data=bytes([0, 0x10, 0, 0, 0, 0, 0, 0]),
        timestamp=timestamp,
        is_extended_id=False,
    )


@dataclass(frozen=True)
class BusHealth:
    """One bus's state and counters at a moment: what the Diagnostics page and ``monitor`` show."""

    name: str
    state: BusState
    reason: str  # why it is not ok ("" when ok)
    frames: int  # data and remote frames received since start
    error_frames: int
    read_errors: int  # connection faults (adapter gone, read failed)
    listener_errors: int  # exceptions raised by a listener, caught and counted
    reconnects: int  # successful opens after the first
    seconds_since_frame: float | None  # None before the first frame
    bad_lines: int = 0  # serial lines the adapter sent that did not parse (dropped, bus kept)
