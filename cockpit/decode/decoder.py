"""The frame decoder: a python-can Listener that turns frames into VSS signal values in the store.

Per frame: one dict lookup by id, a length and FD check, E2E (CRC, then alive counter), one unpack
with the message's precompiled codec, then each mapped signal's converter, all written to the store
under one lock. Nothing raises out of ``on_message_received``: bad frames are counted.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import can

from cockpit.decode.bits import BitField, bit_field
from cockpit.decode.e2e import AliveCounterCheck
from cockpit.decode.schema import EXTENDED_ID_FLAG, Invalid, MessagePlan, VehicleSchema, frame_key
from cockpit.signals.store import SignalSlot, SignalStore, TimestampGuard

log = logging.getLogger(__name__)

_EXTENDED = EXTENDED_ID_FLAG
MAX_TRACKED_UNKNOWN_IDS = 256  # enough to diagnose a wrong DBC, bounded against a fuzzing bus


@dataclass
class BusStats:
    """Counters of one bus's frames, as shown on the Diagnostics page and by ``cockpit monitor``."""

    frames: int = 0
    unknown_frames: int = 0
    decode_errors: int = 0
    e2e_errors: int = 0
    error_frames: int = 0
    remote_frames: int = 0
    unknown_ids: dict[int, int] = field(default_factory=dict)  # id -> count, bounded
    last_decode_error: str = ""
    odd_timestamps: int = 0  # frames whose timestamp was NaN, infinite, in the future or backwards
    learnt_rates: dict[str, float] = field(
        default_factory=dict
    )  # message -> Hz, learnt from its first frames

    def as_dict(self) -> dict[str, int]:
        """The four headline counters (the JSON of ``cockpit monitor``) plus error and remote frames
        and frames whose timestamp had to be corrected."""
        return {
            "frames": self.frames,
            "unknown_frames": self.unknown_frames,
            "decode_errors": self.decode_errors,
            "e2e_errors": self.e2e_errors,
            "error_frames": self.error_frames,
            "remote_frames": self.remote_frames,
            "odd_timestamps": self.odd_timestamps,
        }


class _BoundTarget:
    __slots__ = (
        "signal",
        "convert",
        "slot",
        "interval_s",
        "next_value_time",
        "last_raw",
        "little",
        "shift",
        "mask",
        "sign_bit",
        "span",
    )

    def __init__(
        self, signal: str, convert: Any, slot: SignalSlot, interval_s: float, field: BitField | None
    ) -> None:
        self.signal = signal
        self.convert = convert
        self.slot = slot
        self.interval_s = interval_s
        self.next_value_time = 0.0
        self.last_raw: Any = None  # raw value of the last good conversion
        # The BitField, flattened into slots: the hot loop reads them without another lookup.
        if field is not None:
            self.little, self.shift, self.mask = field.little, field.shift, field.mask
            self.sign_bit, self.span = field.sign_bit, field.span


class _BoundPlan:
    """A message plan bound to one store's slots, with the per-bus E2E state."""

    __slots__ = (
        "name",
        "lengths",
        "is_fd",
        "e2e",
        "counter_field",
        "counter",
        "targets",
        "needs_little",
        "needs_big",
        "decode_raw",
        "throttled",
        "last_data",
        "repeat_shortcut",
        "learning",
        "rate",
        "mux_rounds",
        "crc_ok",
    )

    def __init__(self, plan: MessagePlan, store: SignalStore) -> None:
        message = plan.message
        self.name = message.name
        self.lengths = plan.lengths
        self.is_fd = plan.is_fd
        self.e2e = plan.e2e
        signals = {signal.name: signal for signal in message.signals}
        fields: dict[str, BitField | None] = {}
        if not message.is_multiplexed():
            fields = {name: bit_field(signal, plan.length) for name, signal in signals.items()}
        # Fast path: every signal we read is an integer at a fixed place. Otherwise let cantools
        # decode the frame (multiplexed messages, IEEE float signals).
        e2e = plan.e2e
        counter_signal = e2e.counter_signal if e2e else None
        wanted = [t.signal for t in plan.targets] + ([counter_signal] if counter_signal else [])
        fast = bool(fields) and all(fields.get(name) is not None for name in wanted)
        self.decode_raw = None if fast else message.decode_simple
        self.counter_field = fields.get(counter_signal) if counter_signal and fast else None
        self.counter = (
            AliveCounterCheck(resync_after=plan.timeout_s, max_delta=e2e.max_delta, modulo=e2e.counter_modulo)
            if e2e and counter_signal
            else None
        )
        self.targets = [
            _BoundTarget(
                t.signal, t.convert, store.slot(t.path), t.interval_s, fields.get(t.signal) if fast else None
            )
            for t in plan.targets
        ]
        used = [bits for name in wanted if (bits := fields[name]) is not None] if fast else []
        self.needs_little = any(f.little for f in used)
        self.needs_big = any(not f.little for f in used)
        self.throttled = any(t.interval_s > 0 for t in self.targets)
        self.last_data: bytes | bytearray | None = None  # the previous payload, for unprotected messages
        # A repeat of the last payload only refreshes liveness; not for multiplexed messages, where
        # each group's signals must go stale on their own when that group stops.
        self.repeat_shortcut = plan.e2e is None and not message.is_multiplexed()
        # No cycle time in the DBC (opendbc's have none): learn the rate from the first frames.
        self.learning: RateLearner | None = RateLearner() if plan.cycle_s is None else None
        self.rate: float | None = 1.0 / plan.cycle_s if plan.cycle_s else None
        self.mux_rounds = {t.signal: _rounds(message, t.signal) for t in plan.targets}
        # The checksum test itself, without a method lookup per frame (a brand's fast equivalent if any).
        # Without E2E it is never called (the hot path tests ``e2e`` first).
        self.crc_ok: Callable[[bytes | bytearray], bool] = (
            (getattr(e2e, "fast", None) or e2e.crc_ok) if e2e else _no_checksum
        )


def _no_checksum(data: bytes | bytearray) -> bool:
    return True


def _rounds(message: Any, signal_name: str) -> int:
    signal = next((s for s in message.signals if s.name == signal_name), None)
    if signal is None or not signal.multiplexer_ids:
        return 1
    return max(1, len({mux for s in message.signals for mux in (s.multiplexer_ids or ())}))


class RateLearner:
    """Learns a message's period from its first frames (the median gap of the first ``frames``)."""

    __slots__ = ("stamps", "frames")

    def __init__(self, frames: int = 12) -> None:
        self.stamps: list[float] = []
        self.frames = frames

    def add(self, timestamp: float) -> float | None:
        """Record a frame's time; the learnt period in seconds once enough frames came, else None."""
        stamps = self.stamps
        if stamps and timestamp <= stamps[-1]:
            return None  # a repeated or reordered stamp says nothing about the rate
        stamps.append(timestamp)
        if len(stamps) < self.frames:
            return None
        gaps = sorted(b - a for a, b in itertools.pairwise(stamps))
        return gaps[len(gaps) // 2]


class FrameDecoder(can.Listener):
    """Decodes one bus's frames into a SignalStore, counting what it cannot use.

    Thread-safe against readers of the store; meant to be fed by one thread (one Notifier per bus).
    """

    def __init__(
        self, schema: VehicleSchema, store: SignalStore, bus_name: str = "vehicle", live: bool = True
    ) -> None:
        self.schema = schema
        self.store = store
        self.bus_name = bus_name
        self.stats = BusStats()
        # Live, timestamps are checked against the store's clock (the reader's); in a replay
        # (``live=False``) the log's clock is "now" and only impossible timestamps are corrected.
        self._timestamps = TimestampGuard(store.clock if live else None)
        missing = [spec for spec in schema.signal_specs() if spec.path not in store]
        for spec in missing:
            store.declare(spec)
        self._plans: dict[int, _BoundPlan] = {
            key: _BoundPlan(plan, store) for key, plan in schema.plans.items()
        }
        self._lock = store.lock
        self.learnt_rates = self.stats.learnt_rates  # message name -> Hz, learnt (shown in Diagnostics)
        self._learnt_slot: dict[str, float] = {}
        # Messages in the DBC that carry no mapped signal are known, not unknown.
        self._known_unmapped = {frame_key(m.frame_id, m.is_extended_frame) for m in schema.messages} - set(
            self._plans
        )

    # python-can Listener -------------------------------------------------------------------
    def on_message_received(self, msg: can.Message) -> None:
        """Decode one frame. Never raises: a bad frame is counted and dropped.

        The whole hot path is this one function (no call per frame beyond the converters and the
        store): a Python call costs as much as a signal's extraction.
        """
        stats = self.stats
        stats.frames += 1
        try:
            if msg.is_error_frame:
                stats.error_frames += 1
                return
            if msg.is_remote_frame:
                stats.remote_frames += 1
                return
            arbitration_id = msg.arbitration_id
            plan = self._plans.get(arbitration_id | _EXTENDED if msg.is_extended_id else arbitration_id)
            if plan is None:
                self._count_unknown(msg)
                return
            data: bytes | bytearray = msg.data
            if len(data) not in plan.lengths or (
                plan.is_fd is not None and bool(msg.is_fd) is not plan.is_fd
            ):
                self._count_wrong_shape(msg, plan)
                return
            guard = self._timestamps
            timestamp = guard.accept(msg.timestamp)
            stats.odd_timestamps = guard.odd
            if plan.learning is not None:
                self._learn(plan, timestamp)
            store = self.store
            e2e = plan.e2e
            if plan.repeat_shortcut:
                data = bytes(data)
                if data == plan.last_data:
                    # The same payload decodes to the same values: only the signals' liveness moves on.
                    with self._lock:
                        for target in plan.targets:
                            slot = target.slot
                            if not store.refresh_locked(slot, timestamp):
                                store.write_locked(slot, slot.value, timestamp, slot.invalid_reason)
                    return
            decode_raw = plan.decode_raw
            raw: dict[str, Any] | None  # cantools' raw values, when it decoded the frame
            counter: Any  # the alive counter: an int from the field or from cantools
            value: Any  # the raw integer or cantools' raw value, then the converted value
            if decode_raw is None:
                raw = None
                little = int.from_bytes(data, "little") if plan.needs_little else 0
                big = int.from_bytes(data, "big") if plan.needs_big else 0
            else:
                raw = decode_raw(bytes(data), decode_choices=False, scaling=False)
                little = big = 0
            if plan.repeat_shortcut:
                plan.last_data = data  # only once it decoded: an undecodable repeat is counted again
            if e2e is not None:
                reason = ""
                if not plan.crc_ok(data):
                    reason = f"E2E: {plan.name} CRC mismatch"
                elif plan.counter is not None:
                    field = plan.counter_field
                    if field is not None:
                        counter = ((little if field.little else big) >> field.shift) & field.mask
                    else:  # no field for the counter: cantools decoded the frame
                        assert raw is not None and e2e.counter_signal is not None
                        counter = raw[e2e.counter_signal]
                    if not plan.counter.accept(counter, timestamp):
                        reason = f"E2E: {plan.name} alive counter {counter} out of sequence"
                if reason:
                    stats.e2e_errors += 1
                    with self._lock:
                        for target in plan.targets:
                            store.write_locked(target.slot, target.slot.value, timestamp, reason)
                    return
            write = store.write_locked
            refresh = store.refresh_locked
            throttled = plan.throttled
            with self._lock:
                for target in plan.targets:
                    if raw is None:
                        value = ((little if target.little else big) >> target.shift) & target.mask
                        if value & target.sign_bit:
                            value -= target.span
                    else:
                        value = raw.get(target.signal)
                        if value is None:
                            continue  # a multiplexed signal not in this frame's group
                    slot = target.slot
                    if value == target.last_raw and refresh(slot, timestamp):
                        continue  # same raw value as last frame, already shown as valid
                    target.last_raw = value
                    value = target.convert(value)
                    if value.__class__ is Invalid:
                        target.last_raw = None
                        write(slot, slot.value, timestamp, value.reason)
                    elif (
                        throttled
                        and target.interval_s
                        and timestamp < target.next_value_time
                        and not slot.invalid_reason
                    ):
                        target.last_raw = None
                        write(slot, slot.value, timestamp)  # interval_ms: keep alive, hold the value
                    else:
                        if throttled:
                            target.next_value_time = timestamp + target.interval_s
                        write(slot, value, timestamp)
        except Exception as exc:  # noqa: BLE001 - a listener that raises kills python-can's Notifier
            stats.decode_errors += 1
            stats.last_decode_error = f"0x{msg.arbitration_id:X}: {type(exc).__name__}: {exc}"

    # The Notifier calls listeners directly; skip Listener.__call__'s extra frame on the hot path.
    __call__ = on_message_received

    def on_error(self, exc: Exception) -> None:
        """Called by python-can's Notifier when the bus read fails; logged, the reader recovers."""
        log.warning("bus %s: read error: %s", self.bus_name, exc)

    def stop(self) -> None:
        """Listener protocol: nothing to release."""

    # the hot path -------------------------------------------------------------------------
    def _learn(self, plan: _BoundPlan, timestamp: float) -> None:
        if plan.learning is None:
            return
        period = plan.learning.add(timestamp)
        if period is None:
            return
        plan.learning = None
        if period <= 0:
            return
        plan.rate = 1.0 / period
        self.learnt_rates[plan.name] = plan.rate
        timeout = period * self.schema.stale_factor
        with self._lock:
            for target in plan.targets:
                slot = target.slot
                # Fed by several messages, a signal keeps the longest learnt timeout of them.
                wanted = max(
                    timeout * plan.mux_rounds.get(target.signal, 1), self._learnt_slot.get(slot.path, 0.0)
                )
                self._learnt_slot[slot.path] = wanted
                slot.timeout = wanted  # the store reads it at each write; the deadline moves with it
                if slot.timestamp is not None:
                    slot.deadline = slot.timestamp + wanted
        if plan.counter is not None:
            plan.counter.resync_after = timeout

    def rates(self) -> dict[str, tuple[float, bool]]:
        """Each mapped message's rate in Hz and whether it was learnt (True) or declared by the DBC."""
        result: dict[str, tuple[float, bool]] = {}
        for plan in self._plans.values():
            if plan.rate is not None:
                result[plan.name] = (plan.rate, plan.name in self.learnt_rates)
        return result

    def _count_unknown(self, msg: can.Message) -> None:
        key = frame_key(msg.arbitration_id, msg.is_extended_id)
        if key in self._known_unmapped:
            return  # in the DBC, just not mapped to VSS
        stats = self.stats
        stats.unknown_frames += 1
        ids = stats.unknown_ids
        if msg.arbitration_id in ids or len(ids) < MAX_TRACKED_UNKNOWN_IDS:
            ids[msg.arbitration_id] = ids.get(msg.arbitration_id, 0) + 1

    def _count_wrong_shape(self, msg: can.Message, plan: _BoundPlan) -> None:
        stats = self.stats
        stats.decode_errors += 1
        kind = "CAN FD" if msg.is_fd else "classic CAN"
        wanted = " or ".join(str(n) for n in sorted(plan.lengths))
        said = {True: " CAN FD", False: " classic CAN", None: ""}[plan.is_fd]
        stats.last_decode_error = (
            f"{plan.name} (0x{msg.arbitration_id:X}): {len(msg.data)}-byte {kind} "
            f"frame, the DBC says {wanted} bytes{said}"
        )
