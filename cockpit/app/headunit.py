"""The head unit: every part of one cockpit process, started in one order and stopped in the reverse.

The order is the car's: the buses (and the simulated car that drives them), which decode into the
signal store; the vehicle-wide signal link, if any; then discovery; then the handoff, which follows
discovery's directory; then the screen. Nothing here imports Qt: ``cockpit gateway`` and the tests
run a HeadUnit without a screen, and the Qt layer (``cockpit.hmi``) adds its screen as the last part.

Discovery and handoff cost about 0.4 s of imports and sockets, and the driver should see the car's
state first: a screen may ask for them to be *deferred*, and then starts them itself
(``start_deferred``) once the first live frame is on screen. Whatever the timing, ``stop`` stops
the parts in the reverse of the order below: the screen first (its engine is deleted while the
models it binds to still exist), the buses last.
"""

from __future__ import annotations

import linecache
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from cockpit.app.heap import release_free_heap
from cockpit.signals import SignalStore

log = logging.getLogger(__name__)

#: The order parts are started in (and stopped in, reversed). ``vss`` is the vehicle-wide signal
#: link (Zenoh): after the buses and simulator it publishes what they decode (``cockpit gateway``);
#: without buses it is the source the screen reads (``cockpit cluster``).
PART_ORDER = ("buses", "sim", "vss", "discovery", "handoff", "screen")
DEFERRABLE = ("discovery", "handoff")


class Part(Protocol):
    """One part of the head unit: started once, stopped once (stop is safe before start)."""

    name: str

    def start(self) -> None:
        """Start the part's threads and sockets."""

    def stop(self) -> None:
        """Stop them; must not raise for a part that never started."""


PartT = TypeVar("PartT", bound=Part)


@dataclass
class HeadUnit:
    """The parts of one cockpit process around one signal store.

    ``schema`` is the vehicle schema the buses decode with (the screenshot's fast-forward and the
    Diagnostics page need it); ``demo`` says the parts are the simulated ones (127.0.0.1 only).
    """

    store: SignalStore
    parts: dict[str, Part] = field(default_factory=dict)
    schema: Any = None
    demo: bool = False
    _started: list[str] = field(default_factory=list)
    _deferred_listeners: list[Callable[[], None]] = field(default_factory=list)

    def add(self, part: PartT) -> PartT:
        """Add a part under its name (one of PART_ORDER); returns it."""
        if part.name not in PART_ORDER:
            raise ValueError(f"a head unit part is one of {', '.join(PART_ORDER)}, not {part.name!r}")
        if part.name in self.parts:
            raise ValueError(f"this head unit already has its {part.name}")
        self.parts[part.name] = part
        return part

    def part(self, name: str) -> Any:
        """The part called ``name``, or None when this head unit has none."""
        return self.parts.get(name)

    @property
    def discovery(self) -> Any:
        """The discovery part (``cockpit.app.discovery.Discovery``), or None."""
        return self.parts.get("discovery")

    @property
    def handoff(self) -> Any:
        """The handoff part (``cockpit.app.handoff.Handoff``), or None."""
        return self.parts.get("handoff")

    @property
    def buses(self) -> Any:
        """The buses part (``cockpit.app.vehicle.VehicleBuses``), or None."""
        return self.parts.get("buses")

    def _ordered(self) -> list[str]:
        return [name for name in PART_ORDER if name in self.parts]

    def start(self, *, defer: bool = False) -> HeadUnit:
        """Start every part in order; with ``defer``, discovery and handoff wait for ``start_deferred``.

        A part that fails to start stops the ones already started and the error goes on.
        """
        try:
            for name in self._ordered():
                if defer and name in DEFERRABLE:
                    continue
                self._start(name)
        except BaseException:
            self.stop()
            raise
        return self

    def start_deferred(self) -> None:
        """Start the deferred parts (discovery, then handoff), then tell the listeners (the screen).

        A deferred part that fails is logged, never raised: its page shows its waiting state.
        """
        for name in self._ordered():
            if name in DEFERRABLE and name not in self._started:
                try:
                    self._start(name)
                except Exception:  # a broken part must not take the cockpit down
                    log.exception("the %s failed to start; its page shows its waiting state", name)
        # Everything is imported now. With PySide loaded, every import reads its module's source
        # (shiboken checks it for ``from __feature__ import``) and linecache keeps it all: 4 MB of
        # text nobody reads; a traceback reads what it needs again.
        linecache.clearcache()
        # And the start-up's garbage (the DBC parsed, the QML compiled) back to the kernel.
        release_free_heap()
        for listener in list(self._deferred_listeners):
            listener()

    def when_deferred_started(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on the thread that calls ``start_deferred``) once they have started."""
        self._deferred_listeners.append(listener)

    def is_running(self, name: str) -> bool:
        """Whether the part called ``name`` has started (and not stopped)."""
        return name in self._started

    def _start(self, name: str) -> None:
        self.parts[name].start()
        self._started.append(name)

    def stop(self) -> None:
        """Stop every part in the reverse order; one failing to stop does not keep others running."""
        for name in reversed(self._ordered()):
            if name in self._started:
                self._started.remove(name)
            try:
                self.parts[name].stop()
            except Exception:  # stop the others whatever one does
                log.exception("stopping the %s failed", name)

    def __enter__(self) -> HeadUnit:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
