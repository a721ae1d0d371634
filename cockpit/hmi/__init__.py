"""The Qt layer: QObject models bound to QML, and the app bootstrap (the composition root).

The only package of the cockpit that imports Qt. Models are fed on the Qt main thread, once per
displayed frame, from ``SignalStore.drain_changed``; no CAN or zeroconf thread touches them.
"""
