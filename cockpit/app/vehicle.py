"""The vehicle side of the head unit: the buses read into the store, and the simulated car.

``VehicleBuses`` starts a reader (with reconnect) per configured bus, each decoding into the one
signal store; ``Simulator`` drives the simulated car onto a virtual bus in real time (the demo);
``FastForward`` drives it as fast as it can into a decoder on the simulated clock (screenshots).
No Qt: the screen reads the store on its own tick.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cockpit.errors import CockpitError
from cockpit.signals import SignalStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BusFeed:
    """One CAN bus as the screen sees it: its name, its decoder's counters and its reader's state."""

    name: str
    stats: Any  # the decoder's counters (frames, unknown_frames, ...)
    state: Callable[[], Any] | None = None  # the reader's state (ok, error, bus-off, offline)
    reason: Callable[[], str] | None = None  # why it is not ok ("cannot open: ..."), for Diagnostics


@dataclass
class LiveBus:
    """One CAN bus read into the store: its configuration, decoder and reader."""

    config: Any  # cockpit.config.BusConfig
    decoder: Any  # cockpit.decode.FrameDecoder
    reader: Any  # cockpit.bus.BusReader

    @property
    def name(self) -> str:
        """The bus's name in the configuration (``vehicle``, ``chassis``)."""
        return str(self.config.name)

    def feed(self) -> BusFeed:
        """What the Diagnostics page and the telltale need of this bus."""
        return BusFeed(
            self.name,
            self.decoder.stats,
            lambda: self.reader.state,
            reason=lambda: self.reader.health().reason,
        )


class VehicleBuses:
    """Every configured bus, decoded into one store; the decoders exist before ``start``."""

    name = "buses"

    def __init__(self, bus_configs: Iterable[Any], store: SignalStore, schemas: Mapping[str, Any]) -> None:
        from cockpit.bus import BusReader, bus_opener
        from cockpit.decode import FrameDecoder

        self.buses = []
        for config in bus_configs:
            decoder = FrameDecoder(schemas[config.name], store, bus_name=config.name)
            self.buses.append(LiveBus(config, decoder, BusReader(config.name, bus_opener(config), [decoder])))

    def feeds(self) -> list[BusFeed]:
        """The screen's view of every bus."""
        return [bus.feed() for bus in self.buses]

    def start(self) -> None:
        """Start every reader (each opens its bus, and reopens it when it goes)."""
        for bus in self.buses:
            bus.reader.start()

    def stop(self) -> None:
        """Stop every reader (and its Notifier); before the Qt application quits."""
        for bus in self.buses:
            try:
                bus.reader.stop()
            except Exception:  # stop the others whatever one does
                log.exception("stopping bus %s failed", bus.name)

    def describe(self) -> str:
        """``vehicle (virtual cockpit-demo-1)``, for the log line at start."""
        return ", ".join(f"{bus.name} ({bus.config.describe()})" for bus in self.buses)


def simulated_car(schema: Any, scenario: str, seed: int) -> Any:
    """The simulator's car for ``scenario``; a CockpitError names a scenario that cannot run."""
    from cockpit.sim import SimulatedCar

    try:
        return SimulatedCar(schema.db, scenario, seed=seed)
    except (KeyError, ValueError) as exc:
        raise CockpitError(f"scenario {scenario!r} cannot run: {exc}") from exc


class Simulator:
    """The simulated car driving a virtual CAN channel in real time (the demo's car)."""

    name = "sim"

    def __init__(
        self,
        schema: Any,
        scenario: str,
        seed: int,
        channel: str,
        skip_ids: frozenset[int] = frozenset(),
        car: Any = None,
    ) -> None:
        self.car = car if car is not None else simulated_car(schema, scenario, seed)
        self.channel = channel
        self.skip_ids = skip_ids  # frames another sender owns (a benchmark's probe ECU)
        self._bus: Any = None
        self._runner: Any = None

    def start(self) -> None:
        """Open the channel and start sending at each message's cycle time."""
        import can

        from cockpit.sim import SimRunner

        self._bus = can.Bus(interface="virtual", channel=self.channel)
        bus = _WithoutIds(self._bus, self.skip_ids) if self.skip_ids else self._bus
        self._runner = SimRunner(self.car, bus, realtime=True)
        self._runner.start()

    def stop(self) -> None:
        """Stop sending and close the channel."""
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
        if self._bus is not None:
            self._bus.shutdown()
            self._bus = None


class _WithoutIds:
    """A python-can bus seen through a filter: frames with the given ids are not sent."""

    def __init__(self, bus: Any, skipped: frozenset[int]) -> None:
        self._bus = bus
        self._skipped = skipped

    def send(self, msg: Any, timeout: float | None = None) -> None:
        if msg.arbitration_id not in self._skipped:
            self._bus.send(msg, timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bus, name)


class SimulatedTime:
    """The simulated car's clock: the store judges staleness against it, not the wall."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FastForward:
    """The simulated car driven as fast as it can into a decoder, on the simulated clock: the
    screenshot's ``sim`` part (it has no thread, so start and stop do nothing).

    ``advance(t)`` feeds every frame up to ``t`` seconds and moves the store's clock there, so the
    screen reads the store as a driver would have seen it at ``t``.
    """

    name = "sim"

    def start(self) -> None:
        """Nothing runs by itself: the caller advances the car."""

    def stop(self) -> None:
        """Nothing to stop."""

    def __init__(
        self, schema: Any, store: SignalStore, clock: SimulatedTime, scenario: str, seed: int
    ) -> None:
        from cockpit.decode import FrameDecoder

        self.clock = clock
        self.decoder = FrameDecoder(schema, store, bus_name="vehicle")
        self.car = simulated_car(schema, scenario, seed)

    def feed(self) -> BusFeed:
        """The one simulated bus, for the Diagnostics page."""
        return BusFeed("vehicle", self.decoder.stats)

    def advance(self, t: float) -> None:
        """Decode every frame the car sends up to ``t`` and set the clock to ``t``."""
        for frame in self.car.frames_until(t):
            self.decoder(frame)
        self.clock.now = t
