"""What both ends of a handoff share: the sessions one holds, and moving them over a link.

The car and the phone run the same protocol in both directions (either can ``transfer`` a session to
the other or ``take`` one from it), so this base class holds the sessions, answers the peer's
requests, keeps each side told about the other's sessions, and reports every step as an event.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from cockpit.handoff.errors import HandoffFailed
from cockpit.handoff.events import HandoffEvent
from cockpit.handoff.link import SessionLink
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY, apply_media_action, check_media_action
from cockpit.handoff.messages import Control, Message, Sessions, Take, Transfer
from cockpit.handoff.sessions import HandoffSession, MediaSession, session_from_wire

log = logging.getLogger(__name__)

#: Receives ``(event, details)``; details are JSON-able. Called on the handoff's asyncio thread.
EventSink = Callable[[HandoffEvent, dict[str, Any]], None]  # called on the handoff thread

REQUEST_TIMEOUT_S = 2.0


class SessionHolder:
    """Sessions held on this device, links to paired peers, and the transfer/take requests."""

    def __init__(
        self,
        name: str,
        device_id: str,
        capabilities: tuple[str, ...],
        events: EventSink,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name, self.device_id, self.capabilities = name, device_id, capabilities
        self.events, self.clock = events, clock
        self.sessions: dict[str, HandoffSession] = {}
        self.links: dict[str, SessionLink] = {}
        self.remote_sessions: dict[str, tuple[HandoffSession, ...]] = {}

    # --- sessions held here ------------------------------------------------------------------
    def active(self, kind: str | None = None) -> list[HandoffSession]:
        """Sessions held here that are still worth handing over, optionally of one kind."""
        now = self.clock()
        return [s for s in self.sessions.values() if (kind is None or s.kind == kind) and s.is_active(now)]

    async def hold(self, session: HandoffSession) -> None:
        """Start holding ``session`` here (replacing one of the same kind) and tell the peers.

        The session passes the same checks as one received (SchemaError names the bad field), so
        nothing this device holds can fail to be sent later.
        """
        now = self.clock()
        session_from_wire(session.to_wire(now), now)
        for old in [s for s in self.sessions.values() if s.kind == session.kind]:
            del self.sessions[old.id]
        self.sessions[session.id] = session
        await self.broadcast()

    def adopt(self, session: HandoffSession, reason: str) -> HandoffSession:
        """How a session received from the peer is continued here (the car turns walking into driving)."""
        return session

    # --- links -------------------------------------------------------------------------------
    async def on_link(self, link: SessionLink) -> None:
        """A paired peer is connected: tell it what we hold, then remember it as connected.

        A link whose first message cannot be sent is closed and never listed (a dead link is
        never shown as connected); the error goes to the caller.
        """
        try:
            await link.send(Sessions(tuple(self.active())))
        except BaseException:
            await link.close()
            raise
        old = self.links.get(link.peer.device_id)
        self.links[link.peer.device_id] = link
        if old is not None and old is not link:
            await old.close()
        self.events(
            HandoffEvent.CONNECTED,
            {
                "device_id": link.peer.device_id,
                "name": link.peer.name,
                "capabilities": list(link.hello.capabilities) if link.hello else [],
            },
        )

    def on_unlink(self, link: SessionLink) -> None:
        """A peer's link ended (call after ``link.run()`` returns)."""
        if self.links.get(link.peer.device_id) is link:
            del self.links[link.peer.device_id]
            self.remote_sessions.pop(link.peer.device_id, None)
            self.events(
                HandoffEvent.DISCONNECTED,
                {"device_id": link.peer.device_id, "name": link.peer.name, "reason": link.close_reason},
            )

    def report_sessions(self) -> None:
        """Report the sessions held here as a ``sessions`` event (for displays)."""
        now = self.clock()
        self.events(HandoffEvent.SESSIONS, {"sessions": [s.to_wire(now) for s in self.active()]})

    async def broadcast(self) -> None:
        """Report our active sessions, and send them to every connected peer (best effort)."""
        self.report_sessions()
        message = Sessions(tuple(self.active()))
        for link in list(self.links.values()):
            try:
                await link.send(message)
            except (OSError, ConnectionError, ValueError) as exc:  # ValueError: could not be encoded
                log.info("cannot update %s: %s", link.peer.name, exc)

    # --- the peer's requests -------------------------------------------------------------------
    async def handle(self, link: SessionLink, seq: int, message: Message) -> None:
        """Answer one message from a paired peer (the SessionLink's handler)."""
        peer = link.peer
        if isinstance(message, Sessions):
            self.remote_sessions[peer.device_id] = message.sessions
            self.events(
                HandoffEvent.PEER_SESSIONS,
                {
                    "device_id": peer.device_id,
                    "sessions": [s.to_wire(self.clock()) for s in message.sessions],
                },
            )
        elif isinstance(message, Transfer):
            if message.session.kind not in self.capabilities:
                await link.nack(seq, f"{self.name} cannot continue {message.session.kind} sessions")
                return
            session = self.adopt(message.session, message.reason)
            for old in [s for s in self.sessions.values() if s.kind == session.kind]:
                del self.sessions[old.id]
            self.sessions[session.id] = session
            await link.ack(seq)
            self.events(
                HandoffEvent.SESSION_RECEIVED,
                {"from": peer.device_id, "reason": message.reason, "session": session.to_wire(self.clock())},
            )
            await self.broadcast()
        elif isinstance(message, Take):
            given = self.sessions.pop(message.session_id, None)
            if given is None:
                await link.nack(seq, f"no session {message.session_id} here")
                return
            await link.ack(seq, given)
            self.events(
                HandoffEvent.SESSION_GIVEN,
                {"to": peer.device_id, "reason": message.reason, "session": given.to_wire(self.clock())},
            )
            await self.broadcast()
        elif isinstance(message, Control):
            await self._controlled(link, seq, message)

    async def _controlled(self, link: SessionLink, seq: int, message: Control) -> None:
        """A peer plays, pauses, skips or seeks a track held here: apply it, tell every peer the
        new state, then answer. ``sessions`` goes before ``ack``, so when the requester has its
        answer it already has the state to show (and never one it guessed)."""
        if MEDIA_CONTROL_CAPABILITY not in self.capabilities:
            await link.nack(seq, f"{self.name} cannot be controlled from another device")
            return
        track = self.sessions.get(message.session_id)
        if not isinstance(track, MediaSession):
            await link.nack(seq, f"no track {message.session_id} here")
            return
        if not apply_media_action(track, message.action, self.clock(), message.position_s):
            await link.nack(seq, f"nothing is queued after {track.title}")
            return
        self.events(
            HandoffEvent.MEDIA_CONTROLLED,
            {"from": link.peer.device_id, "action": message.action, "session": track.to_wire(self.clock())},
        )
        await self.broadcast()
        await link.ack(seq)

    # --- our requests --------------------------------------------------------------------------
    def link_to(self, device_id: str | None = None) -> SessionLink:
        """The link to ``device_id`` (default: the only/first connected peer); HandoffFailed if none."""
        if device_id is None:
            if not self.links:
                raise HandoffFailed("no paired phone is connected")
            return next(iter(self.links.values()))
        try:
            return self.links[device_id]
        except KeyError:
            raise HandoffFailed(f"device {device_id} is not connected") from None

    async def transfer(
        self, link: SessionLink, session: HandoffSession, reason: str, timeout: float = REQUEST_TIMEOUT_S
    ) -> None:
        """Hand ``session`` (as it should continue there) to the peer; it leaves us only once acked.

        HandoffFailed if the peer declines, goes away or does not answer in time; the session stays.
        """
        try:
            await link.request(Transfer(session, reason), timeout)
        except HandoffFailed as exc:
            self.events(
                HandoffEvent.HANDOFF_FAILED,
                {"to": link.peer.device_id, "kind": session.kind, "reason": str(exc)},
            )
            raise
        self.sessions.pop(session.id, None)
        self.events(
            HandoffEvent.SESSION_SENT,
            {"to": link.peer.device_id, "reason": reason, "session": session.to_wire(self.clock())},
        )
        await self.broadcast()

    async def control(
        self,
        link: SessionLink,
        session_id: str,
        action: str,
        position_s: float | None = None,
        timeout: float = REQUEST_TIMEOUT_S,
    ) -> None:
        """Ask the peer to play/pause/skip/seek the track ``session_id`` it holds.

        Returns once the peer has answered ``ack``; its ``sessions`` with the track's new state has
        arrived before that. HandoffFailed if it declines, does not answer in ``timeout`` or goes
        away; NotSupportedByPeer (nothing sent) if its ``hello`` named no ``media_control``;
        ValueError for an unknown action or a position that does not fit it.
        """
        check_media_action(action, position_s)
        await link.request(Control(session_id, action, position_s), timeout)

    async def take(
        self, link: SessionLink, session_id: str, reason: str, timeout: float = REQUEST_TIMEOUT_S
    ) -> HandoffSession:
        """Ask the peer for one of its sessions and hold it here; HandoffFailed if it does not come."""
        try:
            answer = await link.request(Take(session_id, reason), timeout)
            if answer.session is None or answer.session.id != session_id:
                raise HandoffFailed(f"{link.peer.name} answered without the session")
        except HandoffFailed as exc:
            self.events(
                HandoffEvent.HANDOFF_FAILED,
                {"from": link.peer.device_id, "session_id": session_id, "reason": str(exc)},
            )
            raise
        session = self.adopt(answer.session, reason)
        for old in [s for s in self.sessions.values() if s.kind == session.kind]:
            del self.sessions[old.id]
        self.sessions[session.id] = session
        self.events(
            HandoffEvent.SESSION_TAKEN,
            {"from": link.peer.device_id, "reason": reason, "session": session.to_wire(self.clock())},
        )
        await self.broadcast()
        return session
