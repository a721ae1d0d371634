"""QObjects are freed on the Qt thread only: no cycles around a cockpit, and the cyclic garbage
collector runs on the Qt thread (a QObject freed on a worker thread crashes the process under load)."""

from __future__ import annotations

import gc
import threading
import weakref

from cockpit.hmi.app import Cockpit
from cockpit.hmi.main_thread_gc import collect_garbage_on_main_thread
from cockpit.signals import SignalStore


def test_cycles_made_on_a_worker_thread_are_freed_on_the_qt_thread(qapp, qtbot) -> None:
    collect_garbage_on_main_thread(qapp)
    assert not gc.isenabled()
    freed_on: list[str] = []

    class Node:
        def __del__(self) -> None:
            freed_on.append(threading.current_thread().name)

    def make_cycles() -> None:
        for _ in range(3000):  # well over the first generation's threshold
            node = Node()
            node.me = node

    worker = threading.Thread(target=make_cycles, name="cockpit-test-allocator")
    worker.start()
    worker.join()
    assert freed_on == []  # the worker's allocations did not trigger a collection there
    qtbot.waitUntil(lambda: len(freed_on) == 3000, timeout=3000)
    assert set(freed_on) == {threading.main_thread().name}


def test_a_closed_cockpit_is_freed_at_once_not_by_the_collector(qapp, schema) -> None:
    cockpit = Cockpit(SignalStore(schema.signal_specs()))
    cockpit.load((640, 240))
    cockpit.after_first_frame(lambda: cockpit.frames)  # noqa: F821 - holds the cockpit, as run's callback does
    cockpit.close()
    gone = weakref.ref(cockpit)
    del cockpit
    assert gone() is None  # freed by reference counting, here, on the Qt thread
