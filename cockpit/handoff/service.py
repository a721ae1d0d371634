"""The car's handoff as the app uses it: its own thread, a synchronous face, events out.

``CockpitHandoff`` owns the handoff thread and the car's endpoint. The app (the HMI's composition
root, the demo) calls it from its own thread; every call returns a ``concurrent.futures.Future``.
Events (``paired``, ``pairing_code``, ``session_sent``, ``handoff_failed``, ``offer`` ...) are
delivered to ``events`` on the handoff thread: a Qt consumer must hop to the GUI thread with a
queued signal. Discovery is wired in by the app: when it sees a handoff peer it calls
``phone_seen(peer_id, host, port)``, and a paired phone gets connected.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cockpit.handoff.car import CarHandoff, CarSettings
from cockpit.handoff.errors import HandoffError, KeyStoreError, PairingError
from cockpit.handoff.events import HandoffEvent
from cockpit.handoff.holder import EventSink
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.pairing import PairingPrompt
from cockpit.handoff.rules import DEFAULT_RULES, HandoffRules
from cockpit.handoff.runner import HandoffThread, PendingAnswer
from cockpit.handoff.sessions import HandoffSession, MediaSession
from cockpit.handoff.trust import PairedDevice, PairedDevices
from cockpit.signals import SignalStore
from cockpit.vocabulary import handoff_device_id, handoff_peer_id

log = logging.getLogger(__name__)

RECONNECT_DELAY_S = 1.0
RECONNECT_MAX_DELAY_S = 10.0  # a phone not answering at its proven address is retried this often
MAX_CANDIDATES = 16  # endpoints remembered per peer id (announcements are unbounded)
MAX_PEERS = 256  # peer ids whose endpoints are remembered (the pairing screen pairs a recent one)


@dataclass(frozen=True)
class _Seen:
    """A device already in the directory, presented like a directory event."""

    device: Any
    change: str = "added"


class CockpitHandoff:
    """The car's handoff service: pairing, the phone link, the sessions, the rules; thread-safe."""

    def __init__(
        self,
        name: str,
        events: EventSink,
        state_dir: StateDir | None = None,
        store: SignalStore | None = None,
        rules: Iterable[str] | None = DEFAULT_RULES,
        settings: CarSettings = CarSettings(),
    ) -> None:
        state = state_dir or StateDir()
        self.identity = load_or_create_identity(state)  # KeyStoreError: refuse a bad store up front
        self.paired = PairedDevices(state)
        self._events = events
        self.thread = HandoffThread()
        handoff_rules = HandoffRules(store, rules) if store is not None and rules is not None else None
        self.car = CarHandoff(self.identity, self.paired, name, self._emit, store, handoff_rules, settings)
        self._pending_pairing: PendingAnswer | None = None
        self._connecting: set[str] = set()  # touched from the caller's thread and ours: set ops are atomic
        self._addresses: dict[str, list[tuple[str, int]]] = {}  # announced endpoints, per paired id
        self._verified: dict[str, tuple[str, int]] = {}  # where each peer last proved its pinned key
        self._backoff: dict[str, tuple[float, float]] = {}  # peer -> (next try, delay after that)
        self._last_failure: dict[tuple[str, str, int], str] = {}
        self._directories: list[Any] = []
        self._paired_ids: set[str] = set()

    def _emit(self, event: HandoffEvent, details: dict[str, Any]) -> None:
        try:
            self._events(event, details)
        except Exception:  # a broken listener must not break the handoff
            log.exception("handoff event listener failed on %s", event)

    # --- lifetime ------------------------------------------------------------------------------
    def start(self) -> CockpitHandoff:
        """Start the thread and, with a signal store, the rules."""
        self.thread.start()
        if self.car.rules is not None or self.car.store is not None:
            self.thread.submit(self.car.run_rules())
        self.thread.submit(self._keep_connected())
        return self

    def stop(self) -> None:
        """Close the links and stop the thread; safe to call twice."""
        if self.thread.loop.is_closed():
            return
        with contextlib.suppress(concurrent.futures.TimeoutError, RuntimeError):
            self.thread.run(self.car.close(), timeout=3.0)
        self.thread.stop()

    # --- pairing -------------------------------------------------------------------------------
    def pair(self, host: str, port: int) -> concurrent.futures.Future[PairedDevice]:
        """Pair with the device at ``host:port``; the code comes as a ``pairing_code`` event and the
        user's answer goes to ``answer_pairing``."""
        return self.thread.submit(self.car.pair(host, port, self._ask_user))

    async def _ask_user(self, prompt: PairingPrompt) -> bool:
        pending = PendingAnswer(asyncio.get_running_loop())
        self._pending_pairing = pending
        self._emit(
            HandoffEvent.PAIRING_CODE,
            {
                "device_id": prompt.peer_id,
                "name": prompt.peer_name,
                "code": prompt.code,
                "fingerprint": prompt.peer_fingerprint,
            },
        )
        try:
            return await pending.wait()
        finally:
            self._pending_pairing = None
            self._emit(HandoffEvent.PAIRING_CLOSED, {"device_id": prompt.peer_id})

    def answer_pairing(self, accepted: bool) -> None:
        """The user's answer to the ``pairing_code`` on screen (from any thread)."""
        pending = self._pending_pairing
        if pending is None:
            raise PairingError("no pairing is waiting for an answer")
        pending.answer(accepted)

    def paired_devices(self) -> list[PairedDevice]:
        """Every paired device."""
        return self.paired.list()

    def forget(self, device_id: str) -> PairedDevice:
        """Forget a paired device and drop its link; HandoffError if it is not paired."""
        try:
            device = self.paired.forget(device_id)
        except KeyError as exc:
            raise HandoffError(str(exc.args[0])) from None
        link = self.car.links.get(device_id)
        if link is not None:
            self.thread.submit(link.close())
        self._emit(HandoffEvent.FORGOTTEN, {"device_id": device_id, "name": device.name})
        return device

    # --- the phone link ------------------------------------------------------------------------
    # Which address is the phone is decided by its pinned key, never by an announcement: every
    # announced endpoint of a paired id is a candidate, tried in turn, and the one whose TLS key
    # matches the pin is remembered (``_verified``) and tried first from then on. A goodbye (which
    # anyone can forge) drops the candidates but never the verified endpoint, so reconnection to
    # the real phone goes on, backing off to RECONNECT_MAX_DELAY_S while nobody answers there.
    def phone_seen(self, peer_id: str, host: str, port: int) -> concurrent.futures.Future[bool] | None:
        """Discovery saw a handoff peer at ``host:port``; connect if it is paired and not connected.

        Any thread. The address is added to the peer's candidates, and a paired phone whose link
        drops is reconnected to until it is forgotten. An address proves nothing: whoever answers
        there must hold the pinned key, or the attempt fails (``connect_failed``) and the next
        candidate is tried.
        """
        return self.endpoints_seen(peer_id, [(host, port)])

    def endpoints_seen(
        self, peer_id: str, endpoints: Iterable[tuple[str, int]], replace: bool = False
    ) -> concurrent.futures.Future[bool] | None:
        """Discovery saw a handoff peer at these endpoints (``replace``: these are all it has now)."""
        fresh = [(str(h), int(p)) for h, p in endpoints][:MAX_CANDIDATES]
        known = self._addresses.pop(peer_id, [])  # re-inserted last: the most recently seen
        known = [] if replace else known
        self._addresses[peer_id] = (fresh + [e for e in known if e not in fresh])[:MAX_CANDIDATES]
        if len(self._addresses) > MAX_PEERS:  # a flood of ids: forget the longest-unseen one
            oldest = next(iter(self._addresses))
            self._addresses.pop(oldest, None)
        try:
            paired = self.paired.get(peer_id) is not None
        except KeyStoreError as exc:  # damaged for a moment: the reconnection loop tries again
            log.warning("cannot check whether %s is paired: %s", peer_id, exc)
            return None
        if not paired or peer_id in self.car.links or peer_id in self._connecting:
            return None
        self._connecting.add(peer_id)
        return self.thread.submit(self._connect(peer_id))

    def phone_gone(self, peer_id: str) -> None:
        """Discovery no longer sees the peer: drop its announced endpoints (any thread).

        The endpoint where its pinned key was last proven stays and is retried with backoff:
        a goodbye proves nothing either.
        """
        self._addresses.pop(peer_id, None)

    def follow_discovery(self, directory: Any) -> Callable[[], None]:
        """Connect to paired phones as discovery finds them; returns the function that stops it.

        ``directory`` is a ``cockpit.discovery.DeviceDirectory`` (taken by its shape, so that the
        handoff does not depend on discovery): handoff peers have ids ``handoff:<device id>``.
        Its listeners run on discovery's thread; ``phone_seen`` only hands work to ours. Paired
        phones are marked paired in the directory, so a flood of announcements never evicts them.
        """

        def on_event(event: Any) -> None:
            device = event.device
            peer_id = handoff_peer_id(str(device.id))
            if peer_id is None:
                return
            if str(event.change) == "removed":
                self.phone_gone(peer_id)
                return
            endpoints = list(getattr(device, "endpoints", ()) or ())
            if not endpoints and device.addresses and device.port:
                endpoints = [(a, device.port) for a in device.addresses]
            if endpoints:
                self.endpoints_seen(peer_id, endpoints, replace=True)

        self._directories.append(directory)
        self._mark_paired_in(directory, set(), {d.device_id for d in self.paired.list()})
        unsubscribe = directory.subscribe(on_event)
        for device in directory.devices():  # those seen before we subscribed
            on_event(_Seen(device))

        def stop() -> None:
            unsubscribe()
            if directory in self._directories:
                self._directories.remove(directory)

        return stop

    @staticmethod
    def _mark_paired_in(directory: Any, before: set[str], now: set[str]) -> None:
        mark = getattr(directory, "mark_paired", None)
        if mark is None:
            return
        for device_id in now - before:
            mark(handoff_device_id(device_id), True)
        for device_id in before - now:
            mark(handoff_device_id(device_id), False)

    async def _connect(self, peer_id: str) -> bool:
        """Try the verified endpoint, then every announced one, until one proves the pinned key."""
        try:
            candidates = list(self._addresses.get(peer_id, []))
            verified = self._verified.get(peer_id)
            if verified is not None:
                candidates = [verified] + [c for c in candidates if c != verified]
            for host, port in candidates:
                if await self._try(peer_id, host, port):
                    self._verified[peer_id] = (host, port)
                    self._backoff.pop(peer_id, None)
                    return True
            return False
        finally:
            self._connecting.discard(peer_id)

    async def _try(self, peer_id: str, host: str, port: int) -> bool:
        try:
            await self.car.connect(peer_id, host, port)
            self._last_failure.pop((peer_id, host, port), None)
            return True
        except (HandoffError, OSError, ConnectionError, ValueError) as exc:
            # A spoofed announcement lands here: the peer could not prove the pinned key.
            reason = str(exc)
            key = (peer_id, host, port)
            if self._last_failure.get(key) != reason:  # say it once, not every retry
                if len(self._last_failure) >= 4 * MAX_CANDIDATES:
                    self._last_failure.clear()
                self._last_failure[key] = reason
                self._emit(
                    HandoffEvent.CONNECT_FAILED,
                    {"device_id": peer_id, "address": f"{host}:{port}", "reason": reason},
                )
            return False

    async def _keep_connected(self) -> None:
        """Reconnect to every paired phone that has a known endpoint, forever: one failure (a
        damaged paired.json, a bug) is logged and the loop goes on."""
        while True:
            await asyncio.sleep(RECONNECT_DELAY_S)
            try:
                await self._reconnect_round()
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must outlive anything one round meets
                log.exception("handoff reconnection round failed; retrying in %g s", RECONNECT_DELAY_S)

    async def _reconnect_round(self) -> None:
        paired = {d.device_id for d in self.paired.list()}  # KeyStoreError: logged, next round
        if paired != self._paired_ids:
            for directory in list(self._directories):
                self._mark_paired_in(directory, self._paired_ids, paired)
            self._paired_ids = paired
        now = self.thread.loop.time()
        for peer_id in sorted((set(self._addresses) | set(self._verified)) & paired):
            if peer_id in self.car.links or peer_id in self._connecting:
                continue
            due, delay = self._backoff.get(peer_id, (0.0, RECONNECT_DELAY_S))
            if now < due:
                continue
            self._connecting.add(peer_id)
            if not await self._connect(peer_id):
                self._backoff[peer_id] = (now + delay, min(RECONNECT_MAX_DELAY_S, delay * 2))

    def connect(self, peer_id: str, host: str, port: int) -> concurrent.futures.Future[Any]:
        """Connect to a paired phone at a known address; the future raises on failure."""
        return self.thread.submit(self.car.connect(peer_id, host, port))

    # --- sessions ------------------------------------------------------------------------------
    def hold(self, session: HandoffSession) -> concurrent.futures.Future[None]:
        """Start a session in the car (a route set on the head unit, a track played)."""
        return self.thread.submit(self.car.hold(session))

    def send_to_phone(
        self, kinds: tuple[str, ...] | None = None
    ) -> concurrent.futures.Future[list[HandoffSession]]:
        """ "Send to phone": the car's sessions (or those of ``kinds``) go to the phone."""
        return self.thread.submit(self.car.send_to_phone("manual", kinds))

    def send_to(
        self, device_id: str, kinds: tuple[str, ...] | None = None
    ) -> concurrent.futures.Future[list[HandoffSession]]:
        """Hand the car's sessions (or those of ``kinds``) to one chosen paired device: a TV or
        speaker for "Play on TV/speaker", or a phone picked on the Devices page."""
        return self.thread.submit(self.car.send_to_phone("manual", kinds, device_id))

    def control_media(self, action: str, position_s: float = 0.0) -> concurrent.futures.Future[bool]:
        """Play/pause/next/previous/seek on the track in the car; the peers see it as ``sessions``."""
        return self.thread.submit(self.car.control_media(action, position_s))

    def control_peer_media(
        self, device_id: str, session_id: str, action: str, position_s: float = 0.0
    ) -> concurrent.futures.Future[MediaSession | None]:
        """Play/pause/next/previous/seek on the track a paired phone or TV holds (a ``control``
        message); the future has the track as that device reports it after the change, or raises
        HandoffFailed (NotSupportedByPeer for a device that does not take control)."""
        return self.thread.submit(self.car.control_peer_media(device_id, session_id, action, position_s))

    def take_from_phone(
        self, kinds: tuple[str, ...] | None = None
    ) -> concurrent.futures.Future[list[HandoffSession]]:
        """ "Take from phone": the phone's sessions (or those of ``kinds``) come into the car."""
        return self.thread.submit(self.car.take_from_phone("manual", kinds))
