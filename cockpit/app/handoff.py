"""The head unit's handoff: the car's handoff service, following the one discovery directory, and
its events fanned out to whoever listens (the screen's model, the directory's paired flags).

Events arrive on the handoff thread as ``(HandoffEvent, details)``; a Qt listener hops to the main
thread itself. A pairing or a forget is pushed into the discovery directory at once, so the Devices
page's "paired" follows the key store without polling it.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cockpit.handoff.events import HandoffEvent
from cockpit.signals import SignalStore
from cockpit.vocabulary import handoff_device_id

log = logging.getLogger(__name__)

HandoffListener = Callable[[HandoffEvent, dict[str, Any]], None]
BACKLOG_EVENTS = 256
PAIRING_EVENTS = (HandoffEvent.PAIRED, HandoffEvent.FORGOTTEN)  # then the directory's paired flags follow


class Handoff:
    """The car's handoff service as a head-unit part; ``service`` is a ``CockpitHandoff`` once started.

    ``settings`` is ``[handoff]`` as loaded (validated by ``cockpit.config``); ``discovery`` the
    head unit's discovery part (None: the handoff finds no phones by itself). In the demo the key
    store is temporary and a simulated phone and TV (``cockpit.demo.peers``) pair and connect.
    """

    name = "handoff"

    def __init__(
        self,
        store: SignalStore,
        *,
        settings: Any = None,
        rules: tuple[str, ...] = (),
        discovery: Any = None,
        demo: bool = False,
    ) -> None:
        self.store = store
        self.settings = dict(settings or {})
        self.rules = rules
        self.discovery = discovery
        self.demo = demo
        self.service: Any = None  # cockpit.handoff.service.CockpitHandoff
        self._listeners: list[HandoffListener] = []
        self._lock = threading.RLock()
        self._stops: list[Callable[[], None]] = []
        # Events before the first listener, for it (bounded: a head unit without a screen has none).
        self._backlog: deque[tuple[HandoffEvent, dict[str, Any]]] | None = deque(maxlen=BACKLOG_EVENTS)

    def subscribe(self, listener: HandoffListener) -> Callable[[], None]:
        """Call ``listener(event, details)`` on the handoff thread for every event; returns the undo.

        The first listener also gets, at once, the events sent before it came (the screen builds
        its model a moment after the handoff started, and must not miss the demo phone connecting).
        """
        with self._lock:
            self._listeners.append(listener)
            backlog, self._backlog = self._backlog, None
            for event, details in backlog or ():  # under the lock: nothing newer overtakes them
                listener(event, details)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _dispatch(self, event: HandoffEvent, details: dict[str, Any]) -> None:
        if event in PAIRING_EVENTS:
            self._push_pairing()
        # Listeners only hand the event on (a queued signal), so they are called under the lock,
        # which keeps the order the handoff sent in.
        with self._lock:
            if self._backlog is not None:
                self._backlog.append((event, details))
            for listener in list(self._listeners):
                try:
                    listener(event, details)
                except Exception:  # one broken listener must not starve the others
                    log.exception("a handoff listener failed on %s", event)

    def _push_pairing(self) -> None:
        directory = getattr(self.discovery, "directory", None)
        if directory is not None and self.service is not None:
            directory.set_paired({handoff_device_id(d.device_id) for d in self.service.paired_devices()})

    def start(self) -> None:
        """Start the service on its thread, follow discovery, and (demo) bring the demo's peers."""
        import shutil
        import tempfile

        from cockpit.handoff.car import CarSettings
        from cockpit.handoff.keystore import StateDir
        from cockpit.handoff.rules import DEFAULT_RULES
        from cockpit.handoff.service import CockpitHandoff

        temporary = tempfile.mkdtemp(prefix="cockpit-demo-handoff-") if self.demo else None
        if temporary is not None:
            self._stops.append(lambda: shutil.rmtree(temporary, ignore_errors=True))
        state = StateDir(Path(temporary) / "car") if temporary else StateDir(self.settings.get("state_dir"))
        car_settings = CarSettings(
            take_over_on_arriving=bool(self.settings.get("take_over_on_arriving", self.demo))
        )
        self.service = CockpitHandoff(
            str(self.settings.get("name", "Cockpit")),
            self._dispatch,
            state,
            store=self.store,
            rules=list(self.rules or DEFAULT_RULES),
            settings=car_settings,
        )
        self.service.start()
        self._stops.insert(0, self.service.stop)
        log.info(
            "handoff: this car is %s, paired with %d device(s); keys in %s",
            self.service.identity.device_id,
            len(self.service.paired_devices()),
            state.path,
        )
        try:
            directory = getattr(self.discovery, "directory", None)
            if directory is not None:
                self._push_pairing()
                self._stops.insert(0, self.service.follow_discovery(directory))
            if self.demo:
                from cockpit.demo.peers import start_demo_peers_in_background

                assert temporary is not None
                zeroconf = getattr(self.discovery, "zeroconf", None)
                self._stops.insert(0, start_demo_peers_in_background(self.service, Path(temporary), zeroconf))
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the demo's peers, stop following discovery, stop the service, remove a demo store."""
        stops, self._stops = self._stops, []
        for stop in stops:
            try:
                stop()
            except Exception:  # one part failing to stop must not keep the others running
                log.exception("stopping part of the handoff failed")
