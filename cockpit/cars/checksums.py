"""Each brand's checksum and counter rule, taken from opendbc's own code through its public API.

opendbc attaches the rule to its DBC when it loads it (``opendbc.can.dbc.DBC``): each message's
``COUNTER``-typed signal and its checksum signal with the brand's ``calc_checksum`` function (Tesla,
Hyundai CAN FD, VW MQB/MEB, Honda, Toyota, ...). We read the rule from there and call opendbc's
function on each frame, so the cockpit accepts exactly the frames opendbc accepts. A brand for which
opendbc checks nothing (Nissan, GM) has no rule here either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cantools.database.can import Message

from cockpit.decode.dbc import LoadedDbc
from cockpit.decode.schema import FrameProtection, ProtectionRule


@dataclass(frozen=True)
class OpendbcProtection:
    """One message's checksum and counter as opendbc defines them (see the module docstring)."""

    message_name: str
    address: int
    counter_signal: str | None
    counter_modulo: int
    checksum_signal: Any  # opendbc.can.dbc.Signal with calc_checksum, or None
    max_delta: int = 1  # opendbc expects every counter to be the last one plus one

    def crc_ok(self, data: bytes | bytearray) -> bool:
        """True when the frame's checksum is the one opendbc's brand function computes."""
        signal = self.checksum_signal
        if signal is None:
            return True
        from opendbc.can.parser import get_raw_value

        return get_raw_value(data, signal) == signal.calc_checksum(self.address, signal, bytearray(data))


def opendbc_rule(dbc_name: str) -> ProtectionRule:
    """The protection rule of the opendbc DBC ``dbc_name`` (e.g. ``tesla_model3_party``)."""
    from opendbc.can.dbc import DBC, SignalType

    dbc = DBC(dbc_name)

    def rule(message: Message, loaded: LoadedDbc) -> FrameProtection | None:
        msg = dbc.addr_to_msg.get(message.frame_id)
        if msg is None:
            return None
        counter = next((s for s in msg.sigs.values() if s.type == SignalType.COUNTER), None)
        checksum = next((s for s in msg.sigs.values() if s.type > SignalType.COUNTER and s.calc_checksum), None)
        if counter is None and checksum is None:
            return None
        return OpendbcProtection(message.name, message.frame_id, counter.name if counter else None,
                                 1 << counter.size if counter else 0, checksum)

    return rule
