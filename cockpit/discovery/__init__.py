"""Nearby devices over mDNS: announce the cockpit, browse and recognise Xiaomi devices.

No Qt here: the HMI subscribes to a DeviceDirectory with a callback and hops to its own thread.
"""
