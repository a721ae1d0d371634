"""One connection between two handoff peers: numbered frames out, checked frames in.

``PeerLink`` does the framing and the per-connection sequence numbers (a repeated or skipped number
is a replay or a reordering: the connection closes). ``SessionLink`` runs on a mutually authenticated
connection: it exchanges ``hello``, matches answers (``ack``/``nack``) to requests by ``ref``, and
hands everything else to its owner. A ProtocolError from the peer closes that connection only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Collection
from typing import TypeVar

from cockpit.handoff.errors import HandoffFailed, NotSupportedByPeer, PeerRefused, ProtocolError
from cockpit.handoff.messages import (
    HEADER_BYTES,
    PROTOCOL_VERSION,
    Ack,
    Hello,
    Message,
    Nack,
    decode,
    encode,
    frame_length,
)
from cockpit.handoff.sessions import HandoffSession
from cockpit.handoff.trust import PairedDevice

log = logging.getLogger(__name__)
M = TypeVar("M", bound=Message)


class PeerLink:
    """Framing and sequence numbers over one asyncio stream (already TLS)."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        label: str,
        allowed_types: Collection[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reader, self.writer, self.label = reader, writer, label
        self.allowed_types = frozenset(allowed_types)
        self.clock = clock
        self._next_out = 1
        self._next_in = 1
        self._send_lock = asyncio.Lock()

    @property
    def received(self) -> int:
        """How many messages have arrived on this connection so far (each one's seq was checked)."""
        return self._next_in - 1

    async def send(self, message: Message, numbered: Callable[[int], None] | None = None) -> int:
        """Send ``message`` with the next sequence number and return that number.

        ``numbered(seq)`` runs before the bytes leave, so an answer that comes back at once always
        finds its request registered.
        """
        async with self._send_lock:  # seq order must equal byte order on the stream
            seq = self._next_out
            self._next_out += 1
            frame = encode(message, seq, self.clock())
            if numbered is not None:
                numbered(seq)
            self.writer.write(frame)
            await self.writer.drain()
            return seq

    async def receive(self, timeout: float | None = None) -> tuple[int, Message]:
        """The next message and its seq; ProtocolError if it breaks the protocol, EOFError if closed."""
        async with asyncio.timeout(timeout):
            try:
                header = await self.reader.readexactly(HEADER_BYTES)
                payload = await self.reader.readexactly(frame_length(header))
            except asyncio.IncompleteReadError:
                raise EOFError(f"{self.label} closed the connection") from None
        seq, message = decode(payload, self.clock())
        if seq != self._next_in:
            raise ProtocolError(
                f"{message.TYPE} numbered {seq} where {self._next_in} was due (replayed or reordered)"
            )
        self._next_in += 1
        if message.TYPE not in self.allowed_types:
            raise ProtocolError(f"{message.TYPE} is not allowed on this connection")
        return seq, message

    async def expect(self, kind: type[M], timeout: float | None) -> M:
        """Receive one message that must be of type ``kind``."""
        _, message = await self.receive(timeout)
        if not isinstance(message, kind):
            raise ProtocolError(f"expected {kind.TYPE}, got {message.TYPE}")
        return message

    async def close(self) -> None:
        """Close the connection; never raises."""
        self.writer.close()
        try:
            await asyncio.wait_for(self.writer.wait_closed(), 1.0)
        except (TimeoutError, OSError, ConnectionError):
            pass
        except Exception:  # noqa: BLE001 - an SSL shutdown error on a dead peer is not ours to raise
            pass


MessageHandler = Callable[["SessionLink", int, Message], Awaitable[None]]


class SessionLink:
    """A mutually authenticated connection to a paired device, after both ``hello`` messages."""

    HELLO_TIMEOUT = 5.0

    def __init__(self, link: PeerLink, peer: PairedDevice, handler: MessageHandler) -> None:
        self.link, self.peer, self._handler = link, peer, handler
        self.hello: Hello | None = None
        self._pending: dict[int, asyncio.Future[Message]] = {}
        self.closed = asyncio.Event()
        self.close_reason = ""

    async def greet(self, name: str, device_id: str, capabilities: Collection[str]) -> Hello:
        """Exchange ``hello``; PeerRefused if the peer's id is not the one pinned for its key."""
        await self.link.send(Hello(device_id, name, PROTOCOL_VERSION, tuple(capabilities)))
        hello = await self.link.expect(Hello, self.HELLO_TIMEOUT)
        if hello.protocol != PROTOCOL_VERSION:
            raise PeerRefused(
                f"{self.peer.name} speaks handoff protocol {hello.protocol}, this device "
                f"speaks {PROTOCOL_VERSION}; update the older one"
            )
        if hello.device_id != self.peer.device_id:
            raise PeerRefused(
                f"{self.peer.name} said it is {hello.device_id}, but its key is "
                f"{self.peer.device_id}'s; refused"
            )
        self.hello = hello
        return hello

    async def run(self) -> None:
        """Read messages until the connection ends or breaks the protocol; never raises."""
        try:
            while True:
                seq, message = await self.link.receive()
                if isinstance(message, (Ack, Nack)):
                    future = self._pending.pop(message.ref, None)
                    if future is None:
                        raise ProtocolError(f"{message.TYPE} for {message.ref}, which was never asked")
                    if not future.done():
                        future.set_result(message)
                    continue
                if isinstance(message, Hello):
                    raise ProtocolError("a second hello")
                await self._handler(self, seq, message)
        except ProtocolError as exc:
            self.close_reason = f"protocol error from {self.peer.name}: {exc}"
            log.warning("closing the connection to %s (%s): %s", self.peer.name, self.peer.device_id, exc)
        except (EOFError, OSError, ConnectionError) as exc:
            self.close_reason = f"{self.peer.name} disconnected ({exc or type(exc).__name__})"
        except asyncio.CancelledError:
            self.close_reason = "closed"
            raise
        except Exception as exc:  # a bug handling one peer's message ends that link only
            self.close_reason = f"internal error serving {self.peer.name}: {type(exc).__name__}: {exc}"
            log.exception("closing the connection to %s after an internal error", self.peer.name)
        finally:
            await self._finish()

    async def _finish(self) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(HandoffFailed(f"{self.peer.name} went away before answering"))
        self._pending.clear()
        self.closed.set()
        await self.link.close()

    async def request(self, message: Message, timeout: float) -> Ack:
        """Send a request and wait for its answer; HandoffFailed on nack, timeout or disconnection."""
        if self.closed.is_set():
            raise HandoffFailed(f"{self.peer.name} is not connected")
        future: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        seq = 0

        def register(number: int) -> None:
            nonlocal seq
            seq = number
            self._pending[number] = future

        try:
            await self.link.send(self._for_peer(message), register)
            answer = await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise HandoffFailed(f"{self.peer.name} did not answer within {timeout:g} s") from None
        except (OSError, ConnectionError) as exc:
            raise HandoffFailed(f"{self.peer.name} is unreachable ({exc})") from None
        finally:
            self._pending.pop(seq, None)
        if isinstance(answer, Nack):
            raise HandoffFailed(f"{self.peer.name} declined: {answer.reason}")
        assert isinstance(answer, Ack)
        return answer

    @property
    def capabilities(self) -> frozenset[str]:
        """What the peer's ``hello`` said it accepts (nothing before the hello has come)."""
        return frozenset(self.hello.capabilities) if self.hello is not None else frozenset()

    def _for_peer(self, message: Message) -> Message:
        """The message as this peer may receive it: a message type that needs a capability (a
        ``control``) only if its ``hello`` named it, else NotSupportedByPeer and nothing is sent;
        optional session fields (a route's geometry, a media queue) only if it named theirs."""
        capabilities = self.capabilities
        if message.CAPABILITY and message.CAPABILITY not in capabilities:
            raise NotSupportedByPeer(
                f"{self.peer.name} does not take {message.TYPE} messages "
                f"(its hello names no {message.CAPABILITY})"
            )
        if not message.SESSION_FIELDS:
            return message
        changes = {}
        for name in message.SESSION_FIELDS:
            value = getattr(message, name)
            if isinstance(value, tuple):
                changes[name] = tuple(s.for_peer(capabilities) for s in value)
            elif value is not None:
                changes[name] = value.for_peer(capabilities)
        return dataclasses.replace(message, **changes)

    async def send(self, message: Message) -> None:
        """Send a message that needs no answer (``sessions``)."""
        await self.link.send(self._for_peer(message))

    async def ack(self, ref: int, session: HandoffSession | None = None) -> None:
        """Answer yes to request ``ref``."""
        await self.link.send(self._for_peer(Ack(ref, session)))

    async def nack(self, ref: int, reason: str) -> None:
        """Answer no to request ``ref``."""
        await self.link.send(Nack(ref, reason[:200]))

    async def close(self) -> None:
        """Close the connection."""
        await self.link.close()
