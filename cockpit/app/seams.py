"""The core's types the Qt layer shows, handed over here so that ``cockpit.hmi`` sees the core only
through ``cockpit.app``: a device and its kind, the directory's events, the handoff's events.

Importing this module loads discovery's tables; the Qt layer imports it after the first frame.
"""

from cockpit.discovery.device import Device, DeviceKind
from cockpit.discovery.directory import DeviceChange, DeviceDirectory, DeviceEvent
from cockpit.handoff.events import RECORD_EVENTS, SCREEN_EVENTS, HandoffEvent

__all__ = [
    "RECORD_EVENTS",
    "SCREEN_EVENTS",
    "Device",
    "DeviceChange",
    "DeviceDirectory",
    "DeviceEvent",
    "DeviceKind",
    "HandoffEvent",
]
