"""From the car's state to CAN frames: one ``MessageSender`` per DBC message, as its ECU would send it.

Everything per message is worked out once, when the car is built: the payload function, the signal
ranges to clamp to, the E2E protection, the CAN FD flags, and a phase within the cycle (so messages
of the same cycle do not all go out in the same millisecond, as on a real bus). Per frame there is
one payload call, one clamp, one cantools encode and, for E2E messages, one CRC.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import can

from cockpit.decode.e2e import E2EProtection
from cockpit.sim.faults import Fault
from cockpit.sim.payloads import PAYLOADS, Payload
from cockpit.sim.state import CarState

CRC_CORRUPTION = 0xA5  # XORed into the CRC byte: never leaves it right


class MessageSender:
    """Encodes one message of the DBC from the car's state, every ``cycle`` seconds."""

    def __init__(self, message: Any, payload: Payload, faults: Sequence[Fault]) -> None:
        self.message = message
        self.name: str = message.name
        self.payload = payload
        self.cycle = message.cycle_time / 1000.0
        # Spread messages over the cycle by frame id (in whole milliseconds), deterministically.
        self.phase = (message.frame_id % message.cycle_time) / 1000.0
        self.e2e = E2EProtection.from_message(message)
        self.is_fd = bool(message.is_fd)
        self.frame_id = message.frame_id
        self.is_extended = bool(message.is_extended_frame)
        self.ranges = {
            signal.name: (signal.minimum, signal.maximum)
            for signal in message.signals
            if signal.minimum is not None and signal.maximum is not None
        }
        # A payload says "not available" with NaN; the frame then carries the signal's SNA raw value.
        self.not_available = {
            signal.name: raw * signal.scale + signal.offset
            for signal in message.signals
            for raw, label in (signal.choices or {}).items()
            if str(label) == "SNA"
        }
        self.faults = [fault for fault in faults if fault.affects(message)]
        self.sent = 0  # frames actually sent: the E2E counter counts these
        self.counter_offset = 0
        self._jumps_applied: set[int] = set()

    def due(self, index: int) -> float:
        """Sim time of this message's ``index``-th slot (no float drift over hours)."""
        return self.phase + index * self.cycle

    def frame(self, state: CarState, slot: int, timestamp: float) -> can.Message | None:
        """The frame for ``slot`` at ``timestamp``, or None when a fault drops it."""
        values = self.payload(state, slot)
        ranges = self.ranges
        for name, value in values.items():
            if isinstance(value, float) and math.isnan(value):  # not available
                values[name] = self.not_available[name]
                continue
            low, high = ranges.get(name, (None, None))
            if low is not None and (value < low or value > high):
                values[name] = low if value < low else high
        corrupt = False
        for index, fault in enumerate(self.faults):
            if not fault.active(timestamp):
                continue
            if fault.drops_frame:
                return None
            fault.override(values, self.message)
            corrupt = corrupt or fault.corrupts_crc
            if fault.counter_jump and index not in self._jumps_applied:
                self._jumps_applied.add(index)
                self.counter_offset += fault.counter_jump
        if self.e2e is not None:
            data = bytearray(self.e2e.encode(self.message, values, self.sent + self.counter_offset))
            if corrupt:
                data[self.e2e.crc_byte] ^= CRC_CORRUPTION
        else:
            data = bytearray(self.message.encode(values, strict=False))
        self.sent += 1
        return can.Message(
            timestamp=timestamp,
            arbitration_id=self.frame_id,
            is_extended_id=self.is_extended,
            data=data,
            dlc=len(data),
            is_fd=self.is_fd,
            bitrate_switch=self.is_fd,
        )


def build_senders(db: Any, faults: Sequence[Fault]) -> list[MessageSender]:
    """A sender for every message of ``db`` the simulator knows how to fill.

    Messages sent by the head unit itself (CDC) and messages of other vehicles are left out.
    """
    senders = []
    for message in db.messages:
        payload = PAYLOADS.get(message.name)
        if payload is None or "CDC" in message.senders or not message.cycle_time:
            continue
        senders.append(MessageSender(message, payload, faults))
    return senders
