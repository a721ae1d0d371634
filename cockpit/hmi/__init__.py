"""The Qt layer: QObject models bound to QML, the window, and the screen the head unit starts last.

The composition root is ``cockpit.app``; this package sees the core through it.

The only package of the cockpit that imports Qt. Models are fed on the Qt main thread, once per
displayed frame, from ``SignalStore.drain_changed``; no CAN or zeroconf thread touches them.
Importing it first repairs the Qt for Python bugs listed in ``qt_fixes``.
"""

from cockpit.hmi.qt_fixes import patch_signal_emit

patch_signal_emit()
