"""The phone's side of the handoff: listen, pair, hold sessions, give them back.

A reference implementation of what a phone app does (``cockpit companion`` runs it): it listens on
TCP, the command announces it over mDNS, and it continues whatever the car hands over.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cockpit.handoff.holder import EventSink, SessionHolder
from cockpit.handoff.identity import Identity
from cockpit.handoff.listener import HandoffListener, ListenerLimits
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY
from cockpit.handoff.messages import PROTOCOL_VERSION
from cockpit.handoff.pairing import Confirm
from cockpit.handoff.sessions import OPTIONAL_CAPABILITIES
from cockpit.handoff.trust import PairedDevices

#: Everything the reference phone does, remote control of the track it holds included.
PHONE_CAPABILITIES = ("navigation", "media", *OPTIONAL_CAPABILITIES, MEDIA_CONTROL_CAPABILITY)


class PhoneHandoff(SessionHolder):
    """The phone's handoff endpoint: a listener plus the sessions the phone holds."""

    def __init__(
        self,
        identity: Identity,
        paired: PairedDevices,
        name: str,
        events: EventSink,
        confirm: Confirm | None,
        limits: ListenerLimits = ListenerLimits(),
        capabilities: tuple[str, ...] = PHONE_CAPABILITIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name, identity.device_id, capabilities, events, clock)
        self.identity, self.paired = identity, paired
        self.listener = HandoffListener(
            identity,
            name,
            paired,
            capabilities,
            self.handle,
            self.on_link,
            self.on_unlink,
            confirm,
            events,
            limits,
            clock,
        )

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Start listening; returns the port."""
        await self.listener.start(host, port)
        return self.listener.port

    async def close(self) -> None:
        """Stop listening and drop every link."""
        await self.listener.close()

    def txt_record(self) -> dict[str, str]:
        """The mDNS TXT record: id, name, protocol version, capabilities; nothing private."""
        return {
            "id": self.identity.device_id,
            "name": self.name,
            "pv": str(PROTOCOL_VERSION),
            "caps": ",".join(self.capabilities),
        }
