"""TLS 1.3 contexts for the handoff, and the pin check done in code after every handshake.

The listening side (the phone) asks for a client certificate but lets a client come without one:
that is how a device that is not yet paired reaches the pairing exchange, and nothing else. A client
that does present a certificate must present one of the pinned ones, or OpenSSL refuses the
handshake. After the handshake the public key is compared with the pin in code as well, so trust
never rests on how OpenSSL treats a self-signed certificate alone.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

from cockpit.handoff.errors import PeerRefused
from cockpit.handoff.identity import Identity, der_certificate_spki
from cockpit.handoff.trust import PairedDevice


def _base(purpose: int, identity: Identity | None) -> ssl.SSLContext:
    context = ssl.SSLContext(purpose)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.maximum_version = ssl.TLSVersion.TLSv1_3
    if identity is not None:
        identity.load_into(context)  # KeyStoreError if the key store changed since start
    return context


def _trust(context: ssl.SSLContext, peers: Iterable[PairedDevice]) -> None:
    pems = "".join(peer.certificate_pem for peer in peers)
    if pems:
        context.load_verify_locations(cadata=pems)


def listener_context(identity: Identity, paired: Iterable[PairedDevice]) -> ssl.SSLContext:
    """The phone's side: our certificate; a client certificate optional, but pinned if present."""
    context = _base(ssl.PROTOCOL_TLS_SERVER, identity)
    context.verify_mode = ssl.CERT_OPTIONAL
    _trust(context, paired)  # with no pins, any presented client certificate fails verification
    return context


def session_client_context(identity: Identity, peer: PairedDevice) -> ssl.SSLContext:
    """The car connecting to a paired phone: mutual TLS, trusting that phone's pinned certificate only."""
    context = _base(ssl.PROTOCOL_TLS_CLIENT, identity)
    context.check_hostname = False  # peers are named by key, not by DNS name
    context.verify_mode = ssl.CERT_REQUIRED
    _trust(context, [peer])
    return context


def pairing_client_context() -> ssl.SSLContext:
    """The car connecting to pair: no certificate of ours, theirs unverified until the code is compared.

    The numeric comparison binds both keys (and the listener's TLS key) into the code the users
    compare, which is what authenticates this channel.
    """
    context = _base(ssl.PROTOCOL_TLS_CLIENT, None)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def peer_spki(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> bytes | None:
    """The SubjectPublicKeyInfo of the peer's certificate on a TLS connection, None if it sent none.

    PeerRefused if it sent one whose key is not ECDSA P-256, the only key type the protocol
    accepts: "a certificate we cannot check" must never read as "no certificate" (which would
    skip the pairing key check).
    """
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return None
    try:
        return der_certificate_spki(der)
    except ValueError as exc:
        raise PeerRefused(
            f"the peer's TLS certificate is unusable ({exc}); only ECDSA P-256 keys are accepted"
        ) from None


def require_pinned(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, peer: PairedDevice) -> None:
    """Raise PeerRefused unless the connection's peer key is exactly ``peer``'s pinned key."""
    if ssl_object is None or ssl_object.version() != "TLSv1.3":
        raise PeerRefused(f"the connection to {peer.name} ({peer.device_id}) is not TLS 1.3; refused")
    if peer_spki(ssl_object) != peer.spki:
        raise PeerRefused(
            f"the device answering as {peer.name} ({peer.device_id}) does not hold its "
            "pinned key; refused (pair again if the phone was reset)"
        )
