"""Test helpers: a hand-moved clock and frames of the reference vehicle made with its DBC.

The simulator makes whole drives; these make exactly the frame a test needs (right counter, right
CRC, or a deliberately corrupted one), so a test reads as "this frame, then the screen shows that".
"""

from __future__ import annotations

from typing import Any

import can

from cockpit.decode.e2e import E2EProtection


class FrameMaker:
    """Encodes reference-vehicle messages by name, keeping each message's alive counter."""

    def __init__(self, schema: Any) -> None:
        self.db = schema.db
        self._counters: dict[str, int] = {}

    def frame(
        self, message_name: str, timestamp: float, *, corrupt_crc: bool = False, **values: Any
    ) -> can.Message:
        """One frame of ``message_name`` with ``values`` (the rest at their minimum)."""
        message = self.db.get_message_by_name(message_name)
        full = {signal.name: _resting_value(signal) for signal in message.signals}
        full.update(values)
        protection = E2EProtection.from_message(message)
        if protection is not None:
            counter = self._counters.get(message_name, -1) + 1
            self._counters[message_name] = counter
            data = bytearray(protection.encode(message, full, counter))
            if corrupt_crc:
                data[protection.crc_byte] ^= 0x5A
        else:
            data = bytearray(message.encode(full, strict=False))
        return can.Message(
            arbitration_id=message.frame_id,
            is_extended_id=message.is_extended_frame,
            is_fd=bool(message.is_fd),
            data=bytes(data),
            timestamp=timestamp,
        )

    def cycle_time(self, message_name: str) -> float:
        """The message's cycle time in seconds (GenMsgCycleTime)."""
        return (self.db.get_message_by_name(message_name).cycle_time or 100) / 1000.0


def _resting_value(signal: Any) -> Any:
    # A named value of 0 when there is one (e.g. "OFF"), else the smallest value the DBC allows.
    if signal.choices and 0 in signal.choices:
        return signal.choices[0]
    low = signal.minimum if signal.minimum is not None else 0
    return max(low, 0) if (signal.maximum is None or signal.maximum >= 0) else low
