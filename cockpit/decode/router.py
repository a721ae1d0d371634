"""Several buses in one log: frames go to the decoder of the bus their channel names.

A multi-channel log (candump ``can0``/``can1``, ASC and BLF channel numbers) keeps its channels; each
configured bus answers to its name, its channel and (for a car profile) opendbc's bus number. A
frame without a channel goes to the first bus. A channel no bus claims gets, when ``spread`` is set
(one schema for every channel), a decoder of its own so its counters stay apart; otherwise it is
counted as unrouted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import can

from cockpit.decode.decoder import BusStats, FrameDecoder


class ChannelRouter(can.Listener):
    """A python-can listener that hands each frame to the decoder of its channel."""

    def __init__(
        self,
        routes: Iterable[tuple[Iterable[Any], FrameDecoder]],
        spread: Callable[[str], FrameDecoder] | None = None,
    ) -> None:
        self.decoders: list[FrameDecoder] = []
        # Keyed by the channel as given and as text, so a frame's channel is looked up as it comes.
        self._by_channel: dict[Any, FrameDecoder] = {}
        for names, decoder in routes:
            self.decoders.append(decoder)
            for name in names:
                if name is not None:
                    self._by_channel.setdefault(name, decoder)
                    self._by_channel.setdefault(str(name), decoder)
        self._spread = spread
        self.unrouted: dict[str, int] = {}

    def on_message_received(self, msg: can.Message) -> None:
        """Decode ``msg`` with its channel's decoder; never raises."""
        channel = msg.channel
        decoder = self._by_channel.get(channel)
        if decoder is not None:
            decoder.on_message_received(msg)
            return
        if channel is None:
            self.decoders[0].on_message_received(msg)
            return
        decoder = self._by_channel.get(str(channel))
        if decoder is None:
            if self._spread is None:
                self.unrouted[str(channel)] = self.unrouted.get(str(channel), 0) + 1
                return
            decoder = self._by_channel[channel] = self._by_channel[str(channel)] = self._spread(str(channel))
            if decoder not in self.decoders:
                self.decoders.append(decoder)
        decoder.on_message_received(msg)

    __call__ = on_message_received

    def stop(self) -> None:
        """Listener protocol: nothing to release."""

    def totals(self) -> BusStats:
        """The counters of every bus added up."""
        total = BusStats()
        for decoder in self.decoders:
            stats = decoder.stats
            for name in (
                "frames",
                "unknown_frames",
                "decode_errors",
                "e2e_errors",
                "error_frames",
                "remote_frames",
            ):
                setattr(total, name, getattr(total, name) + getattr(stats, name))
            for frame_id, count in stats.unknown_ids.items():
                total.unknown_ids[frame_id] = total.unknown_ids.get(frame_id, 0) + count
        total.unknown_frames += sum(self.unrouted.values())
        total.frames += sum(self.unrouted.values())
        return total
