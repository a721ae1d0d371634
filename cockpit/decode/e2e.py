"""End-to-end protection of safety messages: alive counter and CRC-8, configured from the DBC.

Profile "P01" follows AUTOSAR E2E profile 1 in spirit: a 4-bit alive counter (0..14) and a CRC-8
SAE J1850 (polynomial 0x1D, initial value 0xFF, final XOR 0xFF) over the two bytes of the message's
DataID (low byte first) and every payload byte except the CRC byte. A message declares it with
attributes, so the decoder configures E2E from the DBC and never from code:

    BA_ "E2E_Profile" BO_ 288 1;            (ENUM "None","P01")
    BA_ "E2E_DataID" BO_ 288 288;
    BA_ "E2E_CounterSignal" BO_ 288 "ACC_Counter";
    BA_ "E2E_CRCSignal" BO_ 288 "ACC_CRC";
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cockpit.errors import DbcError

COUNTER_MODULO = 15  # P01 counts 0..14; 15 is never sent


def _crc8_table(poly: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return tuple(table)


_J1850_TABLE = _crc8_table(0x1D)


def crc8_j1850(data: bytes | bytearray, init: int = 0xFF, xor_out: int = 0xFF) -> int:
    """CRC-8 SAE J1850 of ``data`` (check value of b"123456789" is 0x4B)."""
    return _crc8_update(init, data) ^ xor_out


def _crc8_update(crc: int, data: bytes | bytearray) -> int:
    table = _J1850_TABLE
    for byte in data:
        crc = table[crc ^ byte]
    return crc


def _attribute(message: Any, name: str) -> Any:
    """A message attribute's value from a cantools DBC message, or None when not set."""
    dbc = getattr(message, "dbc", None)
    if dbc is None:
        return None
    attribute = dbc.attributes.get(name)
    if attribute is None:
        return None
    value = attribute.value
    definition = attribute.definition
    choices = getattr(definition, "choices", None)
    if choices and isinstance(value, int) and 0 <= value < len(choices):
        value = choices[value]
    return value


@dataclass(frozen=True)
class E2EProtection:
    """How one message is protected: its DataID, counter signal and CRC byte."""

    message_name: str
    data_id: int
    counter_signal: str
    crc_signal: str
    crc_byte: int  # index of the CRC byte in the payload
    data_id_bytes: bytes
    counter_modulo: int = COUNTER_MODULO
    max_delta: int = 2  # one lost or rejected frame is tolerated (AUTOSAR MaxDeltaCounter)

    def __post_init__(self) -> None:
        # The DataID is the same in every frame: start each CRC from the state after it.
        object.__setattr__(self, "_seed", _crc8_update(0xFF, self.data_id_bytes))

    @classmethod
    def from_message(cls, message: Any) -> E2EProtection | None:
        """Read the E2E attributes of a cantools message; None when it is not protected.

        Raises DbcError naming the message when the attributes are inconsistent.
        """
        profile = _attribute(message, "E2E_Profile")
        if profile in (None, "", "None", "NONE", 0):
            return None
        where = f"message {message.name} (0x{message.frame_id:X})"
        if profile != "P01":
            raise DbcError(f'{where}: E2E_Profile {profile!r} is not supported; use "P01" or "None"')
        counter_name = _attribute(message, "E2E_CounterSignal") or ""
        crc_name = _attribute(message, "E2E_CRCSignal") or ""
        data_id = int(_attribute(message, "E2E_DataID") or 0)
        signals = {signal.name: signal for signal in message.signals}
        for role, name in (("E2E_CounterSignal", counter_name), ("E2E_CRCSignal", crc_name)):
            if name not in signals:
                raise DbcError(f"{where}: {role} names signal {name!r}, which the message does not have")
        crc = signals[crc_name]
        aligned_start = 0 if crc.byte_order == "little_endian" else 7
        if crc.length != 8 or crc.start % 8 != aligned_start:
            raise DbcError(f"{where}: the CRC signal {crc_name} must be 8 bits on a byte boundary")
        crc_byte = crc.start // 8
        if signals[counter_name].length < 4:
            raise DbcError(f"{where}: the counter signal {counter_name} needs at least 4 bits")
        return cls(
            message.name,
            data_id,
            counter_name,
            crc_name,
            crc_byte,
            bytes((data_id & 0xFF, (data_id >> 8) & 0xFF)),
        )

    def crc(self, data: bytes | bytearray) -> int:
        """The CRC this payload should carry."""
        index = self.crc_byte
        crc = _crc8_update(self._seed, data[index + 1 :] if index == 0 else data[:index])  # type: ignore[attr-defined]
        if index:
            crc = _crc8_update(crc, data[index + 1 :])
        return crc ^ 0xFF

    def crc_ok(self, data: bytes | bytearray) -> bool:
        """True when the payload's CRC byte matches its content."""
        return len(data) > self.crc_byte and data[self.crc_byte] == self.crc(data)

    def encode(self, message: Any, values: Mapping[str, Any], counter: int) -> bytes:
        """Encode ``values`` with the alive counter (taken modulo 15) and a correct CRC."""
        full = dict(values)
        full[self.counter_signal] = counter % COUNTER_MODULO
        full[self.crc_signal] = 0
        data = bytearray(message.encode(full, strict=False))
        data[self.crc_byte] = self.crc(data)
        return bytes(data)


class AliveCounterCheck:
    """Tracks one message's alive counter: a repeat or a jump is an E2E error.

    As in AUTOSAR's MaxDeltaCounter, a step of up to ``max_delta`` is accepted (the default 2
    tolerates one lost or rejected frame: the frame after a corrupted one is good data).

    After a gap longer than ``resync_after`` seconds (the message was stale anyway) the next counter
    is accepted as a fresh start instead of an error.
    """

    __slots__ = ("last", "last_time", "resync_after", "max_delta", "modulo")

    def __init__(self, resync_after: float, max_delta: int = 2, modulo: int = COUNTER_MODULO) -> None:
        self.last: int | None = None
        self.last_time = 0.0
        self.resync_after = resync_after
        self.max_delta = max_delta
        self.modulo = modulo

    def accept(self, counter: int, timestamp: float) -> bool:
        """Record ``counter`` at ``timestamp``; False when it repeats or jumps."""
        last, last_time = self.last, self.last_time
        self.last = counter
        self.last_time = timestamp
        if last is None or timestamp - last_time > self.resync_after or timestamp < last_time:
            return True  # the first counter, or a fresh start after a gap or a step back in time
        delta = (counter - last) % self.modulo
        return 1 <= delta <= self.max_delta and counter < self.modulo
