"""The connecting side of the handoff (the car's role): pair with a phone, or open a session link.

The car connects to the address a phone announces over mDNS, but the address proves nothing: the
session link trusts only the phone's pinned certificate, and checks the key again in code.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable, Collection

from cockpit.handoff.errors import PairingError, PeerRefused
from cockpit.handoff.identity import Identity
from cockpit.handoff.link import MessageHandler, PeerLink, SessionLink
from cockpit.handoff.messages import PAIRING_TYPES, SESSION_TYPES
from cockpit.handoff.pairing import PAIRING_TIMEOUT_S, Confirm, pair_as_initiator
from cockpit.handoff.tls import pairing_client_context, peer_spki, require_pinned, session_client_context
from cockpit.handoff.trust import PairedDevice, PairedDevices

CONNECT_TIMEOUT_S = 5.0


async def _open(
    host: str, port: int, context: ssl.SSLContext, who: str, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    try:
        return await asyncio.wait_for(
            asyncio.open_connection(
                host,
                port,
                ssl=context,
                server_hostname=None if _is_ip(host) else host,
                ssl_handshake_timeout=timeout,
            ),
            timeout,
        )
    except ssl.SSLCertVerificationError as exc:
        raise PeerRefused(
            f"{who} at {host}:{port} did not present its pinned certificate ({exc.verify_message}); refused"
        ) from None
    except ssl.SSLError as exc:
        raise PeerRefused(f"TLS with {who} at {host}:{port} failed: {exc.reason or exc}") from None
    except TimeoutError:
        raise ConnectionError(f"{who} at {host}:{port} did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise ConnectionError(f"cannot reach {who} at {host}:{port}: {exc.strerror or exc}") from None


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def pair_with(
    host: str,
    port: int,
    identity: Identity,
    name: str,
    paired: PairedDevices,
    confirm: Confirm,
    timeout: float = PAIRING_TIMEOUT_S,
) -> PairedDevice:
    """Pair with the device listening at ``host:port``; returns it pinned. PairingError if not."""
    reader, writer = await _open(host, port, pairing_client_context(), "the device", CONNECT_TIMEOUT_S)
    link = PeerLink(reader, writer, f"{host}:{port}", PAIRING_TYPES)
    try:
        try:
            tls_spki = peer_spki(writer.get_extra_info("ssl_object"))
        except PeerRefused as exc:
            raise PairingError(f"the device at {host}:{port}: {exc}; not paired") from None
        if tls_spki is None:  # a TLS server always sends a certificate; without one, nothing is bound
            raise PairingError(f"the device at {host}:{port} sent no TLS certificate; not paired")
        return await pair_as_initiator(link, identity, name, paired, confirm, tls_spki, timeout)
    finally:
        await link.close()


async def connect_session(
    host: str,
    port: int,
    identity: Identity,
    name: str,
    capabilities: Collection[str],
    peer: PairedDevice,
    handler: MessageHandler,
    timeout: float = CONNECT_TIMEOUT_S,
    clock: Callable[[], float] = time.monotonic,
) -> SessionLink:
    """Open a mutually authenticated link to the paired ``peer`` at ``host:port`` and exchange hello.

    PeerRefused if whoever answers does not hold the pinned key (a spoofed announcement). ``clock``
    is the one the caller's sessions are timed on (a track's position is computed when sent).
    """
    reader, writer = await _open(host, port, session_client_context(identity, peer), peer.name, timeout)
    link = PeerLink(reader, writer, peer.name, SESSION_TYPES, clock)
    try:
        require_pinned(writer.get_extra_info("ssl_object"), peer)
        session = SessionLink(link, peer, handler)
        try:
            await session.greet(name, identity.device_id, capabilities)
        except (EOFError, ConnectionError, ssl.SSLError):
            # In TLS 1.3 the server checks our certificate after our side of the handshake is done;
            # a server that does not know us hangs up (or resets, or alerts) here.
            raise PeerRefused(
                f"{peer.name} closed the connection: it does not recognise this car "
                "(forgotten on the phone?); pair again"
            ) from None
        return session
    except BaseException:
        await link.close()
        raise
