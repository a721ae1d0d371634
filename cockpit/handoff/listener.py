"""The listening side of the handoff (the phone's role): accept, authenticate, pair or serve.

Every connection starts as plain TCP. Two budgets keep strangers cheap: connections still in their
TLS handshake (at most ``max_handshaking``: a newcomer beyond it evicts the oldest handshake of the
busiest source address, and every handshake is cut off after ``handshake_timeout_s``), and
connections that finished the handshake without a certificate, i.e. unpaired ones (at most
``max_unpaired``; they must send ``pair_request`` at once, and pairing attempts are rate limited).
A paired car is recognised by its pinned client certificate at the end of its handshake, before the
unpaired budget applies, and its handshake takes milliseconds: no flood of idle connections, however
sustained, keeps it out.
A client that shows a certificate must show a pinned one (OpenSSL refuses others); a client that
shows none may only pair. Nothing about a session is said before the peer's key is proven.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cockpit.handoff.errors import HandoffError, PairingError, PeerRefused, ProtocolError
from cockpit.handoff.events import HandoffEvent
from cockpit.handoff.identity import Identity
from cockpit.handoff.link import MessageHandler, PeerLink, SessionLink
from cockpit.handoff.messages import PAIRING_TYPES, SESSION_TYPES, PairRequest
from cockpit.handoff.pairing import PAIRING_TIMEOUT_S, Confirm, PairingLimiter, pair_as_responder
from cockpit.handoff.tls import listener_context, peer_spki, require_pinned
from cockpit.handoff.trust import PairedDevices

log = logging.getLogger(__name__)

#: Reports something that happened (``event`` name and JSON-able details) to the owner.
EventSink = Callable[[HandoffEvent, dict[str, Any]], None]


@dataclass(frozen=True)
class ListenerLimits:
    """How much an unauthenticated stranger may cost us."""

    max_handshaking: int = 16  # global; beyond it the busiest source's oldest handshake is evicted
    max_unpaired: int = 2
    handshake_timeout_s: float = 2.0  # a TLS 1.3 handshake takes milliseconds; idlers go quickly
    first_message_timeout_s: float = 5.0
    pairing_per_minute: int = 5
    pairing_timeout_s: float = PAIRING_TIMEOUT_S


class HandoffListener:
    """Accepts handoff connections on one address; hands authenticated links to ``on_link``."""

    def __init__(
        self,
        identity: Identity,
        name: str,
        paired: PairedDevices,
        capabilities: tuple[str, ...],
        handler: MessageHandler,
        on_link: Callable[[SessionLink], Awaitable[None]],
        on_unlink: Callable[[SessionLink], None],
        confirm: Confirm | None,
        events: EventSink,
        limits: ListenerLimits = ListenerLimits(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.identity, self.name, self.paired = identity, name, paired
        self.capabilities, self.handler = capabilities, handler
        self.on_link, self.on_unlink = on_link, on_unlink
        self.confirm, self.events, self.limits = confirm, events, limits
        self.clock = clock  # the sessions' clock: a track's position is computed with it when sent
        self.pairing_limiter = PairingLimiter(limits.pairing_per_minute)
        self._pairing_busy = False
        # Connections in their TLS handshake, oldest first: writer -> (source address, its task).
        self._in_handshake: dict[asyncio.StreamWriter, tuple[str, asyncio.Task[None]]] = {}
        self._unpaired = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._context: tuple[object, ssl.SSLContext] | None = None

    @property
    def port(self) -> int:
        """The TCP port we listen on."""
        assert self._server is not None, "start() first"
        return self._server.sockets[0].getsockname()[1]

    @property
    def connections_in_handshake(self) -> int:
        """How many connections are in their TLS handshake now (the flood budget's use)."""
        return len(self._in_handshake)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0: any free port)."""
        try:
            self._server = await asyncio.start_server(self._accept, host, port)
        except OSError as exc:
            raise HandoffError(
                f"cannot listen for handoff on {host}:{port}: {exc.strerror}; pick another --port"
            ) from exc

    async def close(self) -> None:
        """Stop listening and close every connection."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)

    def _tls_context(self) -> ssl.SSLContext:
        version = self.paired.version()  # rebuilt when pins change (also by another process)
        if self._context is None or self._context[0] != version:
            self._context = (version, listener_context(self.identity, self.paired.list()))
        return self._context[1]

    def _make_room_for_handshake(self) -> None:
        """At the handshake budget, evict the oldest handshake of the busiest source address.

        Refusing the newcomer instead would let anyone who keeps re-opening idle connections
        lock a paired car out for good; evicting fairly means a flood from one address costs
        only that address its places, and a car's handshake (milliseconds) always gets through.
        """
        per_source = Counter(source for source, _ in self._in_handshake.values())  # O(budget)
        busiest, _ = per_source.most_common(1)[0]
        victim = next(w for w, (source, _) in self._in_handshake.items() if source == busiest)
        _, task = self._in_handshake.pop(victim)
        self.events(
            HandoffEvent.REFUSED,
            {
                "address": str(victim.get_extra_info("peername")),
                "reason": f"too many connections in handshake: the oldest one from {busiest} was closed",
            },
        )
        task.cancel()  # its _accept aborts the plain TCP transport (no half-made TLS is left behind)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        address = str(peer)
        source = str(peer[0]) if isinstance(peer, tuple) and peer else address
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        link: PeerLink | None = None
        try:
            if len(self._in_handshake) >= self.limits.max_handshaking:
                self._make_room_for_handshake()
            self._in_handshake[writer] = (source, task)
            plain = writer.transport
            try:
                await writer.start_tls(
                    self._tls_context(), ssl_handshake_timeout=self.limits.handshake_timeout_s
                )
            except (TimeoutError, ssl.SSLError, OSError, ConnectionError) as exc:
                self.events(
                    HandoffEvent.REFUSED, {"address": address, "reason": f"TLS handshake failed: {exc}"}
                )
                return
            finally:
                self._in_handshake.pop(writer, None)
            if writer.transport is None:  # asyncio returns no transport when the peer hung up mid-way
                writer._transport = plain  # else StreamWriter.__del__ fails on None (CPython 3.11)
                self.events(
                    HandoffEvent.REFUSED, {"address": address, "reason": "closed during the TLS handshake"}
                )
                return
            ssl_object = writer.get_extra_info("ssl_object")
            spki = peer_spki(ssl_object)
            if spki is None:
                link = PeerLink(reader, writer, address, PAIRING_TYPES)
                await self._unpaired_connection(link, address)
                return
            peer = self.paired.by_key(spki)
            if peer is None:  # pinned when the handshake began, forgotten since
                self.events(HandoffEvent.REFUSED, {"address": address, "reason": "key not paired"})
                return
            require_pinned(ssl_object, peer)
            link = PeerLink(reader, writer, peer.name, SESSION_TYPES, self.clock)
            session = SessionLink(link, peer, self.handler)
            await session.greet(self.name, self.identity.device_id, self.capabilities)
            try:
                await self.on_link(session)
                await session.run()
            finally:
                self.on_unlink(session)
        except (TimeoutError, ProtocolError, PeerRefused, EOFError, OSError, ConnectionError) as exc:
            self.events(HandoffEvent.REFUSED, {"address": address, "reason": str(exc) or type(exc).__name__})
        except asyncio.CancelledError:
            pass  # the listener is closing; asyncio's server would log a cancelled handler as an error
        finally:
            if link is not None:
                await link.close()
            else:
                writer.transport.abort()
            self._tasks.discard(task)

    async def _unpaired_connection(self, link: PeerLink, address: str) -> None:
        if self._unpaired >= self.limits.max_unpaired:
            raise ProtocolError("too many unpaired connections")
        self._unpaired += 1
        try:
            await self._pairing(link, address)
        finally:
            self._unpaired -= 1

    async def _pairing(self, link: PeerLink, address: str) -> None:
        request = await link.expect(PairRequest, self.limits.first_message_timeout_s)
        if self.confirm is None:
            raise ProtocolError("this device is not accepting new pairings")
        wait = self.pairing_limiter.try_acquire()
        if wait:
            raise ProtocolError(f"too many pairing attempts; try again in {wait:.0f} s")
        if self._pairing_busy:
            raise ProtocolError("another pairing is in progress")
        self._pairing_busy = True
        try:
            device = await pair_as_responder(
                link,
                request,
                self.identity,
                self.name,
                self.paired,
                self.confirm,
                self.limits.pairing_timeout_s,
            )
            self.events(
                HandoffEvent.PAIRED,
                {"device_id": device.device_id, "name": device.name, "fingerprint": device.fingerprint},
            )
        except PairingError as exc:
            self.events(
                HandoffEvent.PAIRING_FAILED, {"address": address, "name": request.name, "reason": str(exc)}
            )
        finally:
            self._pairing_busy = False
