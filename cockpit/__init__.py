"""Cockpit: an open smart-cockpit head unit.

The core (signals, decode, bus, sim, discovery, handoff) never imports Qt; only ``cockpit.hmi`` does.
"""

__version__ = "0.1.0"
