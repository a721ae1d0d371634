"""The car's side of the handoff: its sessions, its paired phone, and the rules that move them.

Runs on the handoff's asyncio thread (see ``runner.HandoffThread``). Every tick it moves the route
along by the distance the car covered (``Vehicle.Speed``, when VALID) and evaluates the rules:
leaving sends the route, as walking directions, and the playing track to the phone; arriving offers
the phone's sessions to the driver, or takes them at once if the driver chose so. A handoff that
fails is reported and the session stays in the car.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from cockpit.handoff.dial import connect_session, pair_with
from cockpit.handoff.errors import HandoffFailed, PeerRefused
from cockpit.handoff.events import HandoffEvent
from cockpit.handoff.holder import REQUEST_TIMEOUT_S, EventSink, SessionHolder
from cockpit.handoff.identity import Identity
from cockpit.handoff.link import SessionLink
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY, apply_media_action, check_media_action
from cockpit.handoff.pairing import Confirm
from cockpit.handoff.rules import HandoffRules, Trigger
from cockpit.handoff.sessions import OPTIONAL_CAPABILITIES, HandoffSession, MediaSession, NavigationSession
from cockpit.handoff.trust import PairedDevice, PairedDevices
from cockpit.signals import SignalStore

log = logging.getLogger(__name__)

# The car takes control of its own track from a paired phone too: the protocol is the same
# both ways, and a passenger pausing the car's music from their phone is what phones do.
CAR_CAPABILITIES = ("navigation", "media", *OPTIONAL_CAPABILITIES, MEDIA_CONTROL_CAPABILITY)
TICK_S = 0.1  # rules see a door open within 100 ms, well inside a driver's reach for the handle;
# at 50 Hz the loop's wake-ups alone were 1.4 % of a core on a car that was asleep (issue 15)
REPORT_PERIOD_S = 1.0  # how often a moving route is reported to displays


@dataclass(frozen=True)
class CarSettings:
    """How the car behaves on arriving, and how long it waits for the phone."""

    take_over_on_arriving: bool = False  # False: offer (one tap); True: take at once
    request_timeout_s: float = REQUEST_TIMEOUT_S


class CarHandoff(SessionHolder):
    """The car's handoff endpoint: connects to paired phones and follows the handoff rules."""

    def __init__(
        self,
        identity: Identity,
        paired: PairedDevices,
        name: str,
        events: EventSink,
        store: SignalStore | None = None,
        rules: HandoffRules | None = None,
        settings: CarSettings = CarSettings(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name, identity.device_id, CAR_CAPABILITIES, events, clock)
        self.identity, self.paired, self.settings = identity, paired, settings
        self.store, self.rules = store, rules
        self._link_tasks: set[asyncio.Task[None]] = set()
        self._last_tick: float | None = None
        self._last_report = 0.0
        # One handoff at a time: a tap on "Send to phone" while the door rule is sending must not
        # send the same session twice.
        self._handing_over = asyncio.Lock()

    # --- pairing and connecting ----------------------------------------------------------------
    async def pair(self, host: str, port: int, confirm: Confirm) -> PairedDevice:
        """Pair with the phone listening at ``host:port`` (numeric comparison); PairingError if not."""
        device = await pair_with(host, port, self.identity, self.name, self.paired, confirm)
        self.events(
            HandoffEvent.PAIRED,
            {"device_id": device.device_id, "name": device.name, "fingerprint": device.fingerprint},
        )
        return device

    async def connect(self, device_id: str, host: str, port: int) -> SessionLink:
        """Open the session link to a paired phone; PeerRefused if it is not paired or not genuine."""
        peer = self.paired.get(device_id)
        if peer is None:
            raise PeerRefused(f"device {device_id} at {host}:{port} is not paired; pair with it first")
        link = await connect_session(
            host, port, self.identity, self.name, self.capabilities, peer, self.handle, clock=self.clock
        )
        await self.on_link(link)  # closes the link and raises if it is dead already
        task = asyncio.create_task(self._serve(link), name=f"handoff-link-{peer.device_id}")
        self._link_tasks.add(task)
        task.add_done_callback(self._link_tasks.discard)
        return link

    async def _serve(self, link: SessionLink) -> None:
        try:
            await link.run()
        finally:
            self.on_unlink(link)

    async def close(self) -> None:
        """Close every link."""
        for link in list(self.links.values()):
            await link.close()
        for task in list(self._link_tasks):
            task.cancel()
        await asyncio.gather(*self._link_tasks, return_exceptions=True)

    # --- sessions ------------------------------------------------------------------------------
    def adopt(self, session: HandoffSession, reason: str) -> HandoffSession:
        """A route coming back from the phone continues by car."""
        if isinstance(session, NavigationSession):
            return session.as_driving()
        return session

    def phone_sessions(self) -> list[HandoffSession]:
        """The sessions the connected phones hold (what "Take from phone" would take)."""
        return [s for sessions in self.remote_sessions.values() for s in sessions]

    def link_to(self, device_id: str | None = None) -> SessionLink:
        """The link to ``device_id``; by default the phone's: a connected peer that continues
        navigation (a TV or speaker takes media only and must be chosen by name)."""
        if device_id is None:
            for link in self.links.values():
                if link.hello is not None and "navigation" in link.hello.capabilities:
                    return link
        return super().link_to(device_id)

    async def send_to_phone(
        self, reason: str = "manual", kinds: tuple[str, ...] | None = None, device_id: str | None = None
    ) -> list[HandoffSession]:
        """Hand the car's sessions (all, or of ``kinds``) to the phone; returns those that went.

        Navigation leaves as walking directions. Each failure is reported as ``handoff_failed`` and
        leaves that session in the car; HandoffFailed only if nothing could be sent at all.
        """
        async with self._handing_over:
            return await self._send_to_phone(reason, kinds, device_id)

    async def _send_to_phone(
        self, reason: str, kinds: tuple[str, ...] | None, device_id: str | None
    ) -> list[HandoffSession]:
        try:
            link = self.link_to(device_id)
        except HandoffFailed as exc:
            self.events(HandoffEvent.HANDOFF_FAILED, {"reason": str(exc)})
            raise
        sent = []
        for session in self.active():
            if kinds is not None and session.kind not in kinds:
                continue
            # The route leaves as walking directions only when the driver leaves the car; a tap
            # while driving hands it to a passenger's phone that goes on by car.
            leaving = reason == "leaving"
            outgoing = session.as_walking() if leaving and isinstance(session, NavigationSession) else session
            try:
                await self.transfer(link, outgoing, reason, self.settings.request_timeout_s)
            except HandoffFailed:
                continue  # reported by transfer(); the session stays in the car
            self.sessions.pop(session.id, None)
            sent.append(outgoing)
        return sent

    async def take_from_phone(
        self, reason: str = "manual", kinds: tuple[str, ...] | None = None
    ) -> list[HandoffSession]:
        """Take the phone's sessions (all, or of ``kinds``) into the car; returns those taken."""
        async with self._handing_over:
            return await self._take_from_phone(reason, kinds)

    async def _take_from_phone(self, reason: str, kinds: tuple[str, ...] | None) -> list[HandoffSession]:
        taken = []
        for device_id, sessions in list(self.remote_sessions.items()):
            link = self.links.get(device_id)
            if link is None:
                continue
            for session in sessions:
                if kinds is not None and session.kind not in kinds:
                    continue
                with contextlib.suppress(HandoffFailed):  # reported by take()
                    taken.append(await self.take(link, session.id, reason, self.settings.request_timeout_s))
        return taken

    async def control_media(self, action: str, position_s: float = 0.0) -> bool:
        """Play, pause, skip or seek the track the car holds, and tell every peer at once (a
        ``sessions`` message), so the phone or TV shows what the car does. False if there is no
        track in the car, or nothing to skip to; ValueError for an unknown action.
        ``position_s`` is read for ``seek`` only."""
        position = position_s if action == "seek" else None
        check_media_action(action, position)
        track = next((s for s in self.sessions.values() if isinstance(s, MediaSession)), None)
        if track is None or not apply_media_action(track, action, self.clock(), position):
            return False
        await self.broadcast()
        return True

    async def control_peer_media(
        self, device_id: str, session_id: str, action: str, position_s: float = 0.0
    ) -> MediaSession | None:
        """Play, pause, skip or seek the track ``session_id`` that the peer ``device_id`` holds (a
        ``control`` message); returns the track as the peer now reports it (None if it reports it
        no more: played to its end). ``position_s`` is read for ``seek`` only.

        HandoffFailed if the peer is not connected, declines, or does not answer within the
        request timeout; NotSupportedByPeer, with nothing sent, if its ``hello`` named no
        ``media_control`` (a version-1 peer would close the link on a message it does not know).
        """
        link = self.link_to(device_id)
        position = position_s if action == "seek" else None
        await self.control(link, session_id, action, position, self.settings.request_timeout_s)
        # The peer sent its sessions before its ack: what it holds now is already here.
        reported = self.remote_sessions.get(device_id, ())
        return next((s for s in reported if isinstance(s, MediaSession) and s.id == session_id), None)

    # --- the tick ------------------------------------------------------------------------------
    async def tick(self, now: float | None = None) -> None:
        """Move the route by the distance driven and act on the rules that fired."""
        now = self.clock() if now is None else now
        if self._drive(now):
            await self.broadcast()  # the route has ended: the displays and the phone hear it now
        if now - self._last_report >= REPORT_PERIOD_S and self.active("navigation"):
            self._last_report = now
            self.report_sessions()  # the ETA moves as the car drives
        if self.rules is None:
            return
        for firing in self.rules.evaluate():
            log.info("handoff rule %s fired", firing.rule.name)
            self.events(
                HandoffEvent.RULE_FIRED, {"rule": firing.rule.name, "trigger": firing.rule.trigger.value}
            )
            if firing.rule.trigger is Trigger.LEAVING:
                await self._leaving()
            else:
                await self._arriving()

    def _drive(self, now: float) -> bool:
        """Move the routes by the distance driven since the last tick; True if one has arrived."""
        last, self._last_tick = self._last_tick, now
        if last is None or self.store is None:
            return False
        speed = self.store.value_if_valid("Vehicle.Speed") if "Vehicle.Speed" in self.store else None
        if speed is None:
            return False  # an unknown speed moves nothing: the route waits rather than guesses
        arrived = False
        for session in self.active("navigation"):
            assert isinstance(session, NavigationSession)
            session.drive(float(speed) / 3.6 * (now - last))
            if session.arrived:
                # The route ends here: said once, then no longer held (nor offered to the phone).
                self.sessions.pop(session.id, None)
                self.events(
                    HandoffEvent.ARRIVED, {"destination_name": session.destination_name, "id": session.id}
                )
                arrived = True
        return arrived

    async def _leaving(self) -> None:
        if not self.active("navigation"):
            return  # the rule is "while navigation is active"
        with contextlib.suppress(HandoffFailed):  # reported; the sessions stay in the car
            await self.send_to_phone("leaving", kinds=("navigation", "media"))

    async def _arriving(self) -> None:
        offered = self.phone_sessions()
        if not offered:
            return
        if self.settings.take_over_on_arriving:
            await self.take_from_phone("arriving")
        else:
            now = self.clock()
            self.events(HandoffEvent.OFFER, {"sessions": [s.to_wire(now) for s in offered]})

    async def run_rules(self, period: float = TICK_S) -> None:
        """Tick forever (until cancelled); an error in one tick is logged, never fatal."""
        while True:
            try:
                await self.tick()
            except Exception:  # a bug in one tick must not stop handoff for the drive
                log.exception("handoff tick failed")
            await asyncio.sleep(period)
