"""Faults a scenario injects into the frames, each over a window of simulation time.

Each kind is a small class that says which frames it touches and how: dropped (a message stops, a
whole bus goes silent), a signal forced to a value the DBC marks invalid (out of range, "not
available"), a CRC broken, an alive counter that jumps. The frame encoder asks every active fault;
the faults never touch the physics, so the car drives on as the real one would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FOREVER = float("inf")


@dataclass(frozen=True)
class Fault:
    """Base: a fault active from ``start`` (inclusive) to ``end`` (exclusive), in sim seconds."""

    start: float
    end: float

    def active(self, t: float) -> bool:
        """True while the fault is on at sim time ``t``."""
        return self.start <= t < self.end

    def affects(self, message: Any) -> bool:
        """True when frames of this cantools message are touched."""
        raise NotImplementedError

    drops_frame = False
    corrupts_crc = False
    counter_jump = 0

    def override(self, values: dict[str, Any], message: Any) -> None:
        """Change signal values before encoding (default: none)."""

    def describe(self) -> str:
        """One line for logs: what, where and when."""
        return f"{type(self).__name__} {self.start:g}-{self.end:g} s"


@dataclass(frozen=True)
class MessageStops(Fault):
    """The sending ECU stops sending one message (its signals go stale)."""

    message: str = ""

    def affects(self, message: Any) -> bool:
        return message.name == self.message

    drops_frame = True

    def describe(self) -> str:
        return f"{self.message} stops from {self.start:g} s to {self.end:g} s"


@dataclass(frozen=True)
class BusSilent(Fault):
    """Every message of a bus disappears (a wiring fault, a bus-off gateway), then comes back."""

    bus: str = ""
    senders: frozenset[str] = field(default_factory=frozenset)

    def affects(self, message: Any) -> bool:
        return bool(set(message.senders) & self.senders)

    drops_frame = True

    def describe(self) -> str:
        return f"{self.bus} silent from {self.start:g} s to {self.end:g} s"


@dataclass(frozen=True)
class CorruptedCrc(Fault):
    """Frames arrive with a wrong CRC; ``values`` makes them carry garbage a decoder must not show."""

    message: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)

    def affects(self, message: Any) -> bool:
        return message.name == self.message

    corrupts_crc = True

    def override(self, values: dict[str, Any], message: Any) -> None:
        values.update(self.values)

    def describe(self) -> str:
        return f"{self.message} with a corrupted CRC from {self.start:g} s to {self.end:g} s"


@dataclass(frozen=True)
class CounterJump(Fault):
    """The alive counter skips ``jump`` values at ``start`` (frames were lost inside the sender)."""

    message: str = ""
    jump: int = 5

    def affects(self, message: Any) -> bool:
        return message.name == self.message

    @property
    def counter_jump(self) -> int:  # type: ignore[override]
        return self.jump

    def describe(self) -> str:
        return f"{self.message} counter jumps by {self.jump} at {self.start:g} s"


@dataclass(frozen=True)
class ForcedValue(Fault):
    """One signal carries ``value`` (physical), unclamped: an out-of-range reading."""

    message: str = ""
    signal: str = ""
    value: float = 0.0

    def affects(self, message: Any) -> bool:
        return message.name == self.message

    def override(self, values: dict[str, Any], message: Any) -> None:
        values[self.signal] = self.value

    def describe(self) -> str:
        return f"{self.signal} forced to {self.value:g} from {self.start:g} s to {self.end:g} s"


@dataclass(frozen=True)
class NotAvailable(Fault):
    """One signal carries its DBC "SNA" raw value: the sensor cannot measure."""

    message: str = ""
    signal: str = ""

    def affects(self, message: Any) -> bool:
        return message.name == self.message

    def override(self, values: dict[str, Any], message: Any) -> None:
        signal = message.get_signal_by_name(self.signal)
        raw = next(raw for raw, label in (signal.choices or {}).items() if str(label) == "SNA")
        values[self.signal] = raw * signal.scale + signal.offset

    def describe(self) -> str:
        return f"{self.signal} not available from {self.start:g} s to {self.end:g} s"
