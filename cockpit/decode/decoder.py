"""The frame decoder: a python-can Listener that turns frames into VSS signal values in the store.

Per frame: one dict lookup by id, a length and FD check, E2E (CRC, then alive counter), one unpack
with the message's precompiled codec, then each mapped signal's converter, all written to the store
under one lock. Nothing raises out of ``on_message_received``: bad frames are counted.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import can

from cockpit.decode.e2e import AliveCounterCheck
from cockpit.decode.schema import Invalid, MessagePlan, VehicleSchema, frame_key
from cockpit.signals.store import SignalSlot, SignalStore

log = logging.getLogger(__name__)

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

    def as_dict(self) -> dict[str, int]:
        """The four headline counters (the JSON of ``cockpit monitor``) plus error and remote frames."""
        return {
            "frames": self.frames,
            "unknown_frames": self.unknown_frames,
            "decode_errors": self.decode_errors,
            "e2e_errors": self.e2e_errors,
            "error_frames": self.error_frames,
            "remote_frames": self.remote_frames,
        }


class _BoundTarget:
    __slots__ = ("signal", "convert", "slot", "interval_s", "next_value_time")

    def __init__(self, signal: str, convert: Any, slot: SignalSlot, interval_s: float) -> None:
        self.signal = signal
        self.convert = convert
        self.slot = slot
        self.interval_s = interval_s
        self.next_value_time = 0.0


class _BoundPlan:
    """A message plan bound to one store's slots, with the per-bus E2E state."""

    __slots__ = ("plan", "name", "length", "is_fd", "e2e", "counter_signal", "counter", "targets",
                 "big_unpack", "little_unpack", "decode_raw", "throttled", "last_data")

    def __init__(self, plan: MessagePlan, store: SignalStore) -> None:
        self.plan = plan
        self.name = plan.message.name
        self.length = plan.length
        self.is_fd = plan.is_fd
        self.e2e = plan.e2e
        self.counter_signal = plan.e2e.counter_signal if plan.e2e else None
        self.counter = AliveCounterCheck(resync_after=plan.timeout_s) if plan.e2e else None
        self.targets = [_BoundTarget(t.signal, t.convert, store.slot(t.path), t.interval_s)
                        for t in plan.targets]
        self.throttled = any(t.interval_s > 0 for t in self.targets)
        self.last_data: bytes | None = None  # the previous payload, for unprotected messages
        message = plan.message
        codecs = getattr(message, "_codecs", None)
        formats = codecs.get("formats") if isinstance(codecs, dict) else None
        if formats is not None and not message.is_multiplexed():
            # cantools' precompiled bitstruct codecs, called directly: the same unpacking that
            # Message.decode does, without its per-signal scaling loop (our converters scale).
            byte_orders = {signal.byte_order for signal in message.signals}
            self.big_unpack = formats.big_endian.unpack if "big_endian" in byte_orders else None
            self.little_unpack = formats.little_endian.unpack if "little_endian" in byte_orders else None
            self.decode_raw = None
        else:
            self.big_unpack = self.little_unpack = None
            self.decode_raw = message.decode_simple


class FrameDecoder(can.Listener):
    """Decodes one bus's frames into a SignalStore, counting what it cannot use.

    Thread-safe against readers of the store; meant to be fed by one thread (one Notifier per bus).
    """

    def __init__(self, schema: VehicleSchema, store: SignalStore, bus_name: str = "vehicle") -> None:
        self.schema = schema
        self.store = store
        self.bus_name = bus_name
        self.stats = BusStats()
        missing = [spec for spec in schema.signal_specs() if spec.path not in store]
        for spec in missing:
            store.declare(spec)
        self._plans: dict[int, _BoundPlan] = {key: _BoundPlan(plan, store) for key, plan in schema.plans.items()}
        self._lock = store.lock
        # Messages in the DBC that carry no mapped signal are known, not unknown.
        self._known_unmapped = {frame_key(m.frame_id, m.is_extended_frame) for m in schema.db.messages} \
            - set(self._plans)
        self._stopped = threading.Event()

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

    def on_error(self, exc: Exception) -> None:
        """Called by python-can's Notifier when the bus read fails; logged, the reader recovers."""
        log.warning("bus %s: read error: %s", self.bus_name, exc)

    def stop(self) -> None:
        """Listener protocol: nothing to release."""
        self._stopped.set()

    # the hot path -------------------------------------------------------------------------
    def _decode(self, msg: can.Message, stats: BusStats) -> None:
        if msg.is_error_frame:
            stats.error_frames += 1
            return
        if msg.is_remote_frame:
            stats.remote_frames += 1
            return
        key = msg.arbitration_id | (1 << 31) if msg.is_extended_id else msg.arbitration_id
        plan = self._plans.get(key)
        if plan is None:
            if key not in self._known_unmapped:
                stats.unknown_frames += 1
                ids = stats.unknown_ids
                if msg.arbitration_id in ids or len(ids) < MAX_TRACKED_UNKNOWN_IDS:
                    ids[msg.arbitration_id] = ids.get(msg.arbitration_id, 0) + 1
            return
        data = msg.data
        if len(data) != plan.length or bool(msg.is_fd) != plan.is_fd:
            stats.decode_errors += 1
            kind = "CAN FD" if msg.is_fd else "classic CAN"
            stats.last_decode_error = (f"{plan.name} (0x{msg.arbitration_id:X}): {len(data)}-byte {kind} "
                                       f"frame, the DBC says {plan.length} bytes "
                                       f"{'CAN FD' if plan.is_fd else 'classic CAN'}")
            return
        timestamp = msg.timestamp
        write = self.store.write_locked
        if plan.e2e is None:
            data = bytes(data)
            if data == plan.last_data:
                # The same payload decodes to the same values: only the signals' liveness moves on.
                with self._lock:
                    for target in plan.targets:
                        slot = target.slot
                        write(slot, slot.value, timestamp, slot.invalid_reason)
                return
            plan.last_data = data
        if plan.decode_raw is None:
            little = plan.little_unpack
            big = plan.big_unpack
            if big is None:
                raw = little(bytes(data)[::-1])
            else:
                raw = big(data)
                if little is not None:
                    raw.update(little(bytes(data)[::-1]))
        else:
            raw = plan.decode_raw(bytes(data), decode_choices=False, scaling=False)
        e2e = plan.e2e
        if e2e is not None:
            reason = ""
            if not e2e.crc_ok(data):
                reason = f"E2E: {plan.name} CRC mismatch"
            elif not plan.counter.accept(raw[plan.counter_signal], timestamp):
                reason = f"E2E: {plan.name} alive counter {raw[plan.counter_signal]} out of sequence"
            if reason:
                stats.e2e_errors += 1
                with self._lock:
                    for target in plan.targets:
                        slot = target.slot
                        write(slot, slot.value, timestamp, reason)
                return
        throttled = plan.throttled
        with self._lock:
            for target in plan.targets:
                value = raw.get(target.signal)
                if value is None:
                    continue  # a multiplexed signal not in this frame's group
                value = target.convert(value)
                slot = target.slot
                if value.__class__ is Invalid:
                    write(slot, slot.value, timestamp, value.reason)
                elif throttled and target.interval_s and timestamp < target.next_value_time \
                        and not slot.invalid_reason:
                    write(slot, slot.value, timestamp)  # interval_ms: keep alive, hold the value
                else:
                    if throttled:
                        target.next_value_time = timestamp + target.interval_s
                    write(slot, value, timestamp)
