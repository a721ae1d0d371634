"""The frame decoder: a python-can Listener that turns frames into VSS signal values in the store.

Per frame: one dict lookup by id, a length and FD check, E2E (CRC, then alive counter), one unpack
with the message's precompiled codec, then each mapped signal's converter, all written to the store
under one lock. Nothing raises out of ``on_message_received``: bad frames are counted.
"""

from __future__ import annotations

import logging
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
    __slots__ = ("signal", "convert", "slot", "interval_s", "next_value_time", "last_raw", "little", "shift",
                 "mask", "sign_bit", "span")

    def __init__(self, signal: str, convert: Any, slot: SignalSlot, interval_s: float,
                 field: BitField | None) -> None:
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

    __slots__ = ("name", "length", "is_fd", "e2e", "counter_field", "counter", "targets",
                 "needs_little", "needs_big", "decode_raw", "throttled", "last_data")

    def __init__(self, plan: MessagePlan, store: SignalStore) -> None:
        message = plan.message
        self.name = message.name
        self.length = plan.length
        self.is_fd = plan.is_fd
        self.e2e = plan.e2e
        signals = {signal.name: signal for signal in message.signals}
        fields: dict[str, BitField | None] = {}
        if not message.is_multiplexed():
            fields = {name: bit_field(signal, plan.length) for name, signal in signals.items()}
        # Fast path: every signal we read is an integer at a fixed place. Otherwise let cantools
        # decode the frame (multiplexed messages, IEEE float signals).
        wanted = [t.signal for t in plan.targets] + ([plan.e2e.counter_signal] if plan.e2e else [])
        fast = bool(fields) and all(fields.get(name) is not None for name in wanted)
        self.decode_raw = None if fast else message.decode_simple
        self.counter_field = fields.get(plan.e2e.counter_signal) if plan.e2e and fast else None
        self.counter = AliveCounterCheck(resync_after=plan.timeout_s) if plan.e2e else None
        self.targets = [_BoundTarget(t.signal, t.convert, store.slot(t.path), t.interval_s,
                                     fields.get(t.signal) if fast else None)
                        for t in plan.targets]
        used = [fields[name] for name in wanted] if fast else []
        self.needs_little = any(f.little for f in used)
        self.needs_big = any(not f.little for f in used)
        self.throttled = any(t.interval_s > 0 for t in self.targets)
        self.last_data: bytes | None = None  # the previous payload, for unprotected messages

    def counter_value(self, raw: dict[str, Any] | None, little: int, big: int) -> int:
        """The alive counter of this frame."""
        if raw is not None:
            return raw[self.e2e.counter_signal]
        return self.counter_field.extract(little, big)


class FrameDecoder(can.Listener):
    """Decodes one bus's frames into a SignalStore, counting what it cannot use.

    Thread-safe against readers of the store; meant to be fed by one thread (one Notifier per bus).
    """

    def __init__(self, schema: VehicleSchema, store: SignalStore, bus_name: str = "vehicle",
                 live: bool = True) -> None:
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
        self._plans: dict[int, _BoundPlan] = {key: _BoundPlan(plan, store) for key, plan in schema.plans.items()}
        self._lock = store.lock
        # Messages in the DBC that carry no mapped signal are known, not unknown.
        self._known_unmapped = {frame_key(m.frame_id, m.is_extended_frame) for m in schema.db.messages} \
            - set(self._plans)

    # python-can Listener -------------------------------------------------------------------
    def on_message_received(self, msg: can.Message) -> None:
        """Decode one frame. Never raises: a bad frame is counted and dropped."""
        stats = self.stats
        stats.frames += 1
        try:
            self._decode(msg, stats)
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
    def _decode(self, msg: can.Message, stats: BusStats) -> None:
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
        data = msg.data
        if len(data) != plan.length or bool(msg.is_fd) is not plan.is_fd:
            self._count_wrong_shape(msg, plan)
            return
        guard = self._timestamps
        timestamp = guard.accept(msg.timestamp)
        stats.odd_timestamps = guard.odd
        store = self.store
        e2e = plan.e2e
        if e2e is None:
            data = bytes(data)
            if data == plan.last_data:
                # The same payload decodes to the same values: only the signals' liveness moves on.
                with self._lock:
                    for target in plan.targets:
                        slot = target.slot
                        if not store.refresh_locked(slot, timestamp):
                            store.write_locked(slot, slot.value, timestamp, slot.invalid_reason)
                return
            plan.last_data = data
        decode_raw = plan.decode_raw
        if decode_raw is None:
            raw = None
            little = int.from_bytes(data, "little") if plan.needs_little else 0
            big = int.from_bytes(data, "big") if plan.needs_big else 0
        else:
            raw = decode_raw(bytes(data), decode_choices=False, scaling=False)
            little = big = 0
        if e2e is not None:
            reason = ""
            if not e2e.crc_ok(data):
                reason = f"E2E: {plan.name} CRC mismatch"
            else:
                counter = plan.counter_value(raw, little, big)
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
                elif throttled and target.interval_s and timestamp < target.next_value_time \
                        and not slot.invalid_reason:
                    target.last_raw = None
                    write(slot, slot.value, timestamp)  # interval_ms: keep alive, hold the value
                else:
                    if throttled:
                        target.next_value_time = timestamp + target.interval_s
                    write(slot, value, timestamp)

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
        stats.last_decode_error = (f"{plan.name} (0x{msg.arbitration_id:X}): {len(msg.data)}-byte {kind} "
                                   f"frame, the DBC says {plan.length} bytes "
                                   f"{'CAN FD' if plan.is_fd else 'classic CAN'}")
