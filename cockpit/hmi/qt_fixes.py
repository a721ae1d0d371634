"""Work-arounds for bugs in the Qt for Python release we run on, applied once when ``cockpit.hmi``
is imported, each only if a probe shows the bug is really there.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so
every emit from Python drops one reference of ``True``. On Python 3.11 ``True`` is not immortal:
after some thousands of emits (a few seconds of the cockpit's per-frame updates) the interpreter
aborts with "Fatal Python error: bool_dealloc". The patch gives the reference back.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBE_EMITS = 8


class _Probe(QObject):
    ping = Signal()


def emit_drops_a_reference_to_true() -> bool:
    """True when ``SignalInstance.emit`` loses a reference of ``True`` on each call."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    ctypes.pythonapi.Py_IncRef.argtypes = [ctypes.py_object]
    for _ in range(max(0, lost)):  # repair what the probe itself lost
        ctypes.pythonapi.Py_IncRef(True)
    return lost >= _PROBE_EMITS


def patch_signal_emit() -> bool:
    """Wrap ``SignalInstance.emit`` so that it keeps ``True`` alive; True if the patch was needed."""
    if getattr(SignalInstance.emit, "_cockpit_refcount_fix", False):
        return True
    if not emit_drops_a_reference_to_true():
        return False
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True:
            incref(result)  # the reference emit() should have taken
        return result

    emit._cockpit_refcount_fix = True  # type: ignore[attr-defined]
    emit.__doc__ = original.__doc__
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True
