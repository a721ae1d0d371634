"""The core's types the Qt layer shows, handed over here so that ``cockpit.hmi`` sees the core only
through ``cockpit.app``: a device and its kind, the directory's events, the handoff's events, the
capability of a device whose track the car can control.

Importing this module loads discovery's tables; the Qt layer imports it after the first frame.
"""

from cockpit.discovery.device import Device, DeviceKind
from cockpit.discovery.directory import DeviceChange, DeviceDirectory, DeviceEvent
from cockpit.handoff.events import RECORD_EVENTS, SCREEN_EVENTS, HandoffEvent
from cockpit.handoff.media_control import MEDIA_CONTROL_CAPABILITY

__all__ = [
    "MEDIA_CONTROL_CAPABILITY",
    "RECORD_EVENTS",
    "SCREEN_EVENTS",
    "Device",
    "DeviceChange",
    "DeviceDirectory",
    "DeviceEvent",
    "DeviceKind",
    "HandoffEvent",
]
