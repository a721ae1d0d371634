"""Calls from worker threads (discovery, handoff) onto the Qt main thread, holding models weakly.

A worker thread must never hold a strong reference to a QObject, not even for a moment: if the main
thread drops its own reference meanwhile, the worker's becomes the last one and the object (with its
timers and its QML bindings) is deleted on the worker thread, which kills the process under load.
So workers hand over only a ``weakref``: the relay, one QObject that lives on the main thread for the
life of the process, resolves it there and calls the method if the object still exists.
"""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot


class _Relay(QObject):
    call = Signal(object, str, object)  # weakref to the target, method name, argument tuple

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, str, object)
    def _deliver(self, target: weakref.ref[Any], method: str, arguments: tuple[Any, ...]) -> None:
        receiver = target()
        if receiver is not None:
            getattr(receiver, method)(*arguments)


_RELAY: list[_Relay] = []


def main_thread_relay() -> _Relay:
    """The process's relay; call this first from the Qt main thread (a model's constructor)."""
    if not _RELAY:
        _RELAY.append(_Relay())
    return _RELAY[0]


def call_on_main_thread(relay: _Relay, target: weakref.ref[Any], method: str, *arguments: Any) -> None:
    """Queue ``target().method(*arguments)`` on the main thread (nothing if it is gone by then).

    Callable from any thread; ``relay`` is ``main_thread_relay()``, taken on the main thread.
    """
    relay.call.emit(target, method, arguments)
