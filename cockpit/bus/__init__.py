"""The bus layer: opening python-can buses from config or the command line, reading them with
reconnect and health, replaying logs and recording them.

Depends on ``cockpit.config`` and python-can only; the decoder is one of the reader's listeners.
"""

from cockpit.bus.args import add_bus_arguments, bus_config_from_args, open_bus_from_args
from cockpit.bus.health import BusHealth, BusState
from cockpit.bus.kinds import BUS_KINDS, bus_kind, bus_opener, find_usb_port, open_bus
from cockpit.bus.reader import BusReader
from cockpit.bus.recorder import FrameRecorder
from cockpit.bus.replay import REPLAY_FORMATS, ReplayBus, replay_messages

__all__ = [
    "BUS_KINDS",
    "REPLAY_FORMATS",
    "BusHealth",
    "BusReader",
    "BusState",
    "FrameRecorder",
    "ReplayBus",
    "add_bus_arguments",
    "bus_config_from_args",
    "bus_kind",
    "bus_opener",
    "find_usb_port",
    "open_bus",
    "open_bus_from_args",
    "replay_messages",
]
