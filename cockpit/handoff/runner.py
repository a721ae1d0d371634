"""The handoff's own thread: one asyncio loop, with a thin synchronous face for the app and tests.

The HMI (Qt main thread) and the CLI call ``submit`` with a coroutine and get a
``concurrent.futures.Future``; events come back through callbacks that run on this thread, which
the HMI turns into queued Qt signals. Nothing here touches Qt.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class HandoffThread:
    """Runs an asyncio event loop on a daemon thread named ``cockpit-handoff``."""

    def __init__(self, name: str = "cockpit-handoff") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def start(self) -> HandoffThread:
        """Start the thread (idempotent)."""
        if not self._started:
            self._started = True
            self._thread.start()
        return self

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coroutine`` on the loop; the future's result is its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = 10.0) -> T:
        """Run ``coroutine`` on the loop and wait for its result (from another thread only)."""
        return self.submit(coroutine).result(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Cancel every task, stop the loop and join the thread; safe to call twice."""
        if not self._started or self.loop.is_closed():
            return

        async def _cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.loop.shutdown_asyncgens()

        if self._thread.is_alive():
            with contextlib.suppress(concurrent.futures.TimeoutError, RuntimeError):
                self.submit(_cancel_all()).result(timeout)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout)
        self.loop.close()


class PendingAnswer:
    """A yes/no asked on the handoff thread and answered from any thread (the pairing dialog)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._future: asyncio.Future[bool] = loop.create_future()

    async def wait(self) -> bool:
        """Wait for the answer (on the loop)."""
        return await self._future

    def answer(self, accepted: bool) -> None:
        """Give the answer; from any thread; ignored if already answered or abandoned."""

        def _set() -> None:
            if not self._future.done():
                self._future.set_result(bool(accepted))

        self._loop.call_soon_threadsafe(_set)
