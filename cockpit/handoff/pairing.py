"""Pairing by numeric comparison: both screens show the same 6-digit code, both users confirm.

As in Bluetooth Secure Simple Pairing's numeric comparison, over a TLS channel that nobody has
authenticated yet:

1. initiator (the car) -> ``pair_request``: its id, name and certificate;
2. responder (the phone) -> ``pair_commit``: its certificate and C = H("commit", PKi, PKr, Nr),
   a commitment to its nonce Nr made before it has seen the initiator's nonce;
3. initiator -> ``pair_nonce`` Ni; 4. responder -> ``pair_nonce`` Nr; the initiator checks C;
5. both compute code = H("code", PKi, PKr, Ni, Nr) mod 10^6 and show it; each user confirms;
   ``pair_confirm`` goes both ways; only when both said yes does each side pin the other's key.

A man in the middle has to replace the keys, and then the two codes differ (and he cannot search
for nonces that make them agree, because each side committed to or revealed its nonce before seeing
the other's). The initiator also checks that the responder's key is the one of the TLS certificate it
connected to, so the channel itself is bound to the confirmed code.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from cockpit.handoff.errors import PairingError, PairingTimeout, ProtocolError
from cockpit.handoff.identity import Identity, device_id_for, fingerprint, load_peer_certificate
from cockpit.handoff.link import PeerLink
from cockpit.handoff.messages import PROTOCOL_VERSION, PairCommit, PairConfirm, PairNonce, PairRequest
from cockpit.handoff.trust import PairedDevice, PairedDevices

PAIRING_TIMEOUT_S = 30.0
CODE_DIGITS = 6
NONCE_BYTES = 32


def _hash(label: bytes, *parts: bytes) -> bytes:
    digest = hashlib.sha256(b"mi-handoff/1 " + label)
    for part in parts:  # length-prefixed, so no two different inputs hash the same
        digest.update(len(part).to_bytes(4, "big"))
        digest.update(part)
    return digest.digest()


def commitment(initiator_spki: bytes, responder_spki: bytes, responder_nonce: bytes) -> str:
    """The responder's commitment to its nonce, hex."""
    return _hash(b"commit", initiator_spki, responder_spki, responder_nonce).hex()


def comparison_code(
    initiator_spki: bytes, responder_spki: bytes, initiator_nonce: bytes, responder_nonce: bytes
) -> str:
    """The 6-digit code both users compare, with leading zeros."""
    value = int.from_bytes(
        _hash(b"code", initiator_spki, responder_spki, initiator_nonce, responder_nonce)[:8], "big"
    )
    return f"{value % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


@dataclass(frozen=True)
class PairingPrompt:
    """What the user is asked to confirm: the other device and the code both screens show."""

    peer_id: str
    peer_name: str
    code: str
    peer_fingerprint: str


#: Asks the user whether the code matches; True to pair. Cancelled if the other side gives up first.
Confirm = Callable[[PairingPrompt], Awaitable[bool]]


class PairingLimiter:
    """At most ``per_minute`` pairing attempts in any 60 s: a code guessed at random is 1 in 10^6,
    and this keeps anyone from turning the user's confirm button into a slot machine."""

    def __init__(self, per_minute: int = 5, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._attempts: deque[float] = deque()

    def try_acquire(self) -> float:
        """0.0 if an attempt may start now (and counts it), else the seconds to wait."""
        now = self.clock()
        while self._attempts and now - self._attempts[0] >= 60.0:
            self._attempts.popleft()
        if len(self._attempts) >= self.per_minute:
            return 60.0 - (now - self._attempts[0])
        self._attempts.append(now)
        return 0.0


def _peer_certificate(pem: str, claimed_id: str, who: str) -> bytes:
    try:
        _, spki = load_peer_certificate(pem)
    except ValueError as exc:
        raise PairingError(f"{who} sent an unusable certificate: {exc}") from None
    if device_id_for(spki) != claimed_id:
        raise PairingError(f"{who} claims the id {claimed_id}, which is not its key's id")
    return spki


async def _agree(link: PeerLink, prompt: PairingPrompt, confirm: Confirm) -> None:
    """Ask our user and hear the other side's user; PairingError unless both accepted."""
    ours = asyncio.ensure_future(confirm(prompt))
    theirs = asyncio.ensure_future(link.expect(PairConfirm, None))
    try:
        done, _ = await asyncio.wait({ours, theirs}, return_when=asyncio.FIRST_COMPLETED)
        if theirs in done and not theirs.result().accepted:
            raise PairingError(f"{prompt.peer_name} rejected the code")
        accepted = bool(await ours)
        await link.send(PairConfirm(accepted))
        if not accepted:
            raise PairingError(f"the code was rejected on this device; {prompt.peer_name} not paired")
        if not (await theirs).accepted:
            raise PairingError(f"{prompt.peer_name} rejected the code")
    finally:
        for task in (ours, theirs):
            task.cancel()
        await asyncio.gather(ours, theirs, return_exceptions=True)


async def pair_as_initiator(
    link: PeerLink,
    identity: Identity,
    name: str,
    paired: PairedDevices,
    confirm: Confirm,
    responder_tls_spki: bytes,
    timeout: float = PAIRING_TIMEOUT_S,
) -> PairedDevice:
    """Run the car's half of pairing on ``link``; returns the pinned phone. PairingError if it fails."""
    try:
        async with asyncio.timeout(timeout):
            await link.send(PairRequest(identity.device_id, name, PROTOCOL_VERSION, identity.certificate_pem))
            commit = await link.expect(PairCommit, None)
            responder_spki = _peer_certificate(commit.certificate, commit.device_id, commit.name)
            if responder_spki != responder_tls_spki:  # never skipped: the channel is bound to the code
                raise PairingError(f"{commit.name} sent a key other than its TLS certificate's; refused")
            our_nonce = secrets.token_bytes(NONCE_BYTES)
            await link.send(PairNonce(our_nonce.hex()))
            their_nonce = bytes.fromhex((await link.expect(PairNonce, None)).nonce)
            if not secrets.compare_digest(
                commitment(identity.spki, responder_spki, their_nonce), commit.commitment
            ):
                raise PairingError(f"{commit.name}'s nonce does not match its commitment; not paired")
            code = comparison_code(identity.spki, responder_spki, our_nonce, their_nonce)
            prompt = PairingPrompt(commit.device_id, commit.name, code, fingerprint(responder_spki))
            await _agree(link, prompt, confirm)
            return paired.pin(commit.name, commit.certificate)
    except TimeoutError:
        raise PairingTimeout(f"pairing was not completed within {timeout:g} s; try again") from None
    except (ProtocolError, EOFError, OSError) as exc:
        raise PairingError(f"pairing failed: {exc}") from None


async def pair_as_responder(
    link: PeerLink,
    request: PairRequest,
    identity: Identity,
    name: str,
    paired: PairedDevices,
    confirm: Confirm,
    timeout: float = PAIRING_TIMEOUT_S,
) -> PairedDevice:
    """Run the phone's half of pairing after ``pair_request``; returns the pinned car."""
    try:
        async with asyncio.timeout(timeout):
            initiator_spki = _peer_certificate(request.certificate, request.device_id, request.name)
            our_nonce = secrets.token_bytes(NONCE_BYTES)
            await link.send(
                PairCommit(
                    identity.device_id,
                    name,
                    identity.certificate_pem,
                    commitment(initiator_spki, identity.spki, our_nonce),
                )
            )
            their_nonce = bytes.fromhex((await link.expect(PairNonce, None)).nonce)
            await link.send(PairNonce(our_nonce.hex()))
            code = comparison_code(initiator_spki, identity.spki, their_nonce, our_nonce)
            await _agree(
                link,
                PairingPrompt(request.device_id, request.name, code, fingerprint(initiator_spki)),
                confirm,
            )
            return paired.pin(request.name, request.certificate)
    except TimeoutError:
        raise PairingTimeout(f"pairing with {request.name} was not completed within {timeout:g} s") from None
    except (ProtocolError, EOFError, OSError) as exc:
        raise PairingError(f"pairing with {request.name} failed: {exc}") from None
