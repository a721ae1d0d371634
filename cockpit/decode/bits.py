"""Where a DBC signal's raw bits sit in a payload, as a shift and a mask on the payload read as one integer.

Reading the whole payload with ``int.from_bytes`` once and taking each mapped signal out with a shift
and a mask is cheaper than unpacking every signal of the message, when (as usual) only some of them
are mapped. Integer signals of non-multiplexed messages only; the decoder falls back to cantools for
the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class BitField:
    """One signal's raw value: ``((payload as int) >> shift) & mask``, sign-extended if signed.

    ``little`` says which integer reading of the payload to use: little-endian (Intel signals) or
    big-endian (Motorola signals).
    """

    little: bool
    shift: int
    mask: int
    sign_bit: int  # 0 for unsigned signals
    span: int  # 1 << length, subtracted from a negative raw value

    def extract(self, little_value: int, big_value: int) -> int:
        """The raw value from the payload read both ways (see ``little``)."""
        raw = ((little_value if self.little else big_value) >> self.shift) & self.mask
        if raw & self.sign_bit:
            raw -= self.span
        return raw


def bit_field(signal: Any, length_bytes: int) -> BitField | None:
    """The BitField of a cantools signal in a payload of ``length_bytes``; None for float signals."""
    if getattr(signal, "is_float", False):
        return None
    length = signal.length
    mask = (1 << length) - 1
    sign_bit = 1 << (length - 1) if signal.is_signed else 0
    if signal.byte_order == "little_endian":
        return BitField(True, signal.start, mask, sign_bit, 1 << length)
    # Motorola: ``start`` is the most significant bit in DBC's sawtooth numbering. In network order
    # (bit 0 = the first byte's most significant bit) it is at 8 * byte + (7 - bit).
    msb = 8 * (signal.start // 8) + (7 - signal.start % 8)
    shift = 8 * length_bytes - (msb + length)
    if shift < 0:
        raise ValueError(f"signal {signal.name} runs past the end of its {length_bytes}-byte message")
    return BitField(False, shift, mask, sign_bit, 1 << length)
