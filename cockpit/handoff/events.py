"""The handoff's events, named once: what the car's handoff tells the app (on the handoff thread).

Each is sent as ``(HandoffEvent, details)``; being a ``StrEnum``, an event still compares equal to
its wire name (``HandoffEvent.PAIRED == "paired"``). The screen's model handles the ones in
``SCREEN_EVENTS``; ``RECORD_EVENTS`` are for logs and tests only (the screen has nothing to show for
them), and a test checks every event is one or the other.
"""

from __future__ import annotations

from enum import StrEnum


class HandoffEvent(StrEnum):
    """Every event the handoff sends; the details of each are in docs/handoff-protocol.md."""

    SESSIONS = "sessions"  # what the car holds now {sessions}
    PEER_SESSIONS = "peer_sessions"  # what a peer holds {device_id, sessions}
    CONNECTED = "connected"  # a paired peer's link is up {device_id, name, capabilities}
    DISCONNECTED = "disconnected"  # {device_id, name}
    PAIRING_CODE = "pairing_code"  # show the code {device_id, name, code, fingerprint}
    PAIRING_CLOSED = "pairing_closed"  # the code can go {device_id}
    PAIRED = "paired"  # {device_id, name, ...}
    PAIRING_FAILED = "pairing_failed"  # {reason, ...}
    FORGOTTEN = "forgotten"  # {device_id, name}
    CONNECT_FAILED = "connect_failed"  # a paired peer did not answer or prove its key {reason, ...}
    HANDOFF_FAILED = "handoff_failed"  # the session stays where it was {reason, kind | session_id}
    OFFER = "offer"  # arriving: the phone's sessions could come back {sessions}
    SESSION_SENT = "session_sent"  # {to, reason, session}
    SESSION_TAKEN = "session_taken"  # {from, reason, session}
    SESSION_GIVEN = "session_given"  # a peer took one of ours {to, reason, ...}
    SESSION_RECEIVED = "session_received"  # a peer gave us one {from, reason, ...}
    REFUSED = "refused"  # a connection the listener turned away {address, reason}
    RULE_FIRED = "rule_fired"  # a vehicle-event rule fired {rule, trigger}
    ARRIVED = "arrived"  # the route in the car reached its end and ended {destination_name, id}
    MEDIA_CONTROLLED = "media_controlled"  # a peer played/paused/.. ours {from, action, session}


#: For logs and tests: a rule firing is followed by the session_sent/handoff_failed the screen
#: shows; refusals, the peer-initiated moves and a peer's media control are reported through
#: sessions/peer_sessions.
RECORD_EVENTS = frozenset(
    {
        HandoffEvent.RULE_FIRED,
        HandoffEvent.REFUSED,
        HandoffEvent.SESSION_GIVEN,
        HandoffEvent.SESSION_RECEIVED,
        HandoffEvent.MEDIA_CONTROLLED,
    }
)
SCREEN_EVENTS = frozenset(HandoffEvent) - RECORD_EVENTS
