"""The handoff's errors, under ``cockpit.errors.HandoffError``.

Each says what failed and what to do; stdlib mix-ins keep ``except TimeoutError`` / ``except OSError``
working for callers that only care about the kind of failure.
"""

from __future__ import annotations

from cockpit.errors import HandoffError


class KeyStoreError(HandoffError, OSError):
    """The key store (identity or paired devices) is missing, corrupt or not private; names the file."""


class PairingError(HandoffError):
    """Pairing failed: rejected, wrong code, commitment mismatch, rate limited or timed out."""


class PairingTimeout(PairingError, TimeoutError):
    """A pairing request was not completed within its time limit."""


class ProtocolError(HandoffError, ValueError):
    """A peer sent a message that breaks the protocol (oversized, malformed, unknown, out of sequence)."""


class PeerRefused(HandoffError, ConnectionError):
    """A peer is not who it claims to be (its key is not the pinned one), or refused us."""


class HandoffFailed(HandoffError):
    """A session could not be handed over (phone gone, timeout, declined); the session stays put."""


class NotSupportedByPeer(HandoffFailed):
    """The peer's ``hello`` does not name the capability a message needs; nothing was sent to it."""
