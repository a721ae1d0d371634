"""The vehicle-wide signal link over Eclipse Zenoh (no Qt): keys, payloads, the gateway's publisher
and a display's subscriber. The contract is docs/vss-over-zenoh.md.

``zenoh`` itself is imported only by the modules that open sessions, so the codec and the keys
are usable (and testable) without it.
"""

from cockpit.vss.keys import ALL_SIGNALS, HEARTBEAT, key_for, path_for
from cockpit.vss.payload import PayloadError, decode_heartbeat, decode_signal, encode_reading

__all__ = [
    "ALL_SIGNALS",
    "HEARTBEAT",
    "PayloadError",
    "decode_heartbeat",
    "decode_signal",
    "encode_reading",
    "key_for",
    "path_for",
]
