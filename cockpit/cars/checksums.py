"""Each brand's checksum and counter rule, taken from opendbc's own code through its public API.

opendbc attaches the rule to its DBC when it loads it (``opendbc.can.dbc.DBC``): each message's
``COUNTER``-typed signal and its checksum signal with the brand's ``calc_checksum`` function (Tesla,
Hyundai CAN FD, VW MQB/MEB, Honda, Toyota, ...). We read the rule from there and call opendbc's
function on each frame, so the cockpit accepts exactly the frames opendbc accepts. A brand for which
opendbc checks nothing (Nissan, GM) has no rule here either.
"""

from __future__ import annotations

import binascii
import random
from collections.abc import Callable
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
    fast: Callable[[bytes | bytearray], bool] | None = None  # an equivalent proven at start, see _accelerated

    def crc_ok(self, data: bytes | bytearray) -> bool:
        """True when the frame's checksum is the one opendbc's brand function computes."""
        fast = self.fast
        if fast is not None:
            return fast(data)
        signal = self.checksum_signal
        if signal is None:
            return True
        from opendbc.can.parser import get_raw_value

        return get_raw_value(data, signal) == signal.calc_checksum(self.address, signal, bytearray(data))


# opendbc's checksum functions are plain Python loops (a CRC-16 over 32 bytes costs more than the rest
# of the frame's decoding). Where the same sum is available in C (binascii's CRC-16/XMODEM, the
# built-in sum), a frame is checked with it, but only after it has given opendbc's own answer on
# SELF_TEST_FRAMES random payloads of the message; otherwise opendbc's function is called per frame.
SELF_TEST_FRAMES = 64


def _hyundai_canfd(address: int, signal: Any, size: int) -> Callable[[bytes | bytearray], bool] | None:
    if not (signal.is_little_endian and signal.start_bit == 0 and signal.size == 16):
        return None
    tail = bytes((address & 0xFF, (address >> 8) & 0xFF))
    probe = bytearray(size)
    xor = signal.calc_checksum(address, signal, probe) ^ binascii.crc_hqx(bytes(probe[2:]) + tail, 0)

    def check(data: bytes | bytearray) -> bool:
        return data[0] | data[1] << 8 == binascii.crc_hqx(bytes(data[2:]) + tail, 0) ^ xor

    return check


def _tesla(address: int, signal: Any, size: int) -> Callable[[bytes | bytearray], bool] | None:
    if signal.size != 8 or signal.start_bit % 8 or not signal.is_little_endian:
        return None
    index = signal.start_bit // 8
    seed = (address & 0xFF) + ((address >> 8) & 0xFF)

    def check(data: bytes | bytearray) -> bool:
        return data[index] == (seed + sum(data) - data[index]) & 0xFF

    return check


_CANDIDATES = {"hkg_can_fd_checksum": _hyundai_canfd, "tesla_checksum": _tesla}


def _accelerated(address: int, signal: Any, size: int) -> Callable[[bytes | bytearray], bool] | None:
    """An equivalent of opendbc's check of this message that agrees with it on random frames, or None."""
    make = _CANDIDATES.get(getattr(signal.calc_checksum, "__name__", ""))
    check = make(address, signal, size) if make else None
    if check is None:
        return None
    from opendbc.can.packer import set_value
    from opendbc.can.parser import get_raw_value

    rng = random.Random(address)
    for _ in range(SELF_TEST_FRAMES):
        data = bytearray(rng.randbytes(size))
        good = signal.calc_checksum(address, signal, data)
        if check(bytes(data)) != (get_raw_value(data, signal) == good):
            return None
        set_value(data, signal, good)  # the same payload with its right checksum must pass too
        if not check(bytes(data)):
            return None
    return check


def opendbc_rule(dbc_name: str) -> ProtectionRule:
    """The protection rule of the opendbc DBC ``dbc_name`` (e.g. ``tesla_model3_party``)."""
    from opendbc.can.dbc import DBC, SignalType

    dbc = DBC(dbc_name)

    def rule(message: Message, loaded: LoadedDbc) -> FrameProtection | None:
        msg = dbc.addr_to_msg.get(message.frame_id)
        if msg is None:
            return None
        counter = next((s for s in msg.sigs.values() if s.type == SignalType.COUNTER), None)
        checksum = next(
            (s for s in msg.sigs.values() if s.type > SignalType.COUNTER and s.calc_checksum), None
        )
        if counter is None and checksum is None:
            return None
        fast = _accelerated(message.frame_id, checksum, msg.size) if checksum is not None else None
        return OpendbcProtection(
            message.name,
            message.frame_id,
            counter.name if counter else None,
            1 << counter.size if counter else 0,
            checksum,
            fast=fast if checksum is not None else (lambda data: True),
        )

    return rule
