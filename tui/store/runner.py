"""Store work off the UI's event loop: one thread with its own connection.

A write may wait up to the busy timeout for another process's write lock. Done on the UI's
event loop, that wait freezes everything (painting, timers, keys). `StoreThread` runs store
functions on one dedicated thread instead, with its own `Store` (sqlite3 connections belong
to the thread that made them), and hands the result back to an `await`:

    row = await runner.run(changes.move, "CR-7", "approved")   # changes.move(store, ...)

One thread, so the app's writes keep their order; `cancel()` gives up a write that is still
waiting for the lock (it raises `Cancelled`, nothing is written); `waiting` says whether the
current call is waiting on someone else's write. No Textual here: the app wraps it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from .db import Store

P = ParamSpec("P")
T = TypeVar("T")


class StoreThread:
    """A single worker thread owning one `Store`, made on first use by `factory`."""

    def __init__(self, factory: Callable[[], Store], on_wait: Callable[[], None] | None = None) -> None:
        self._factory = factory
        self._store: Store | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="huddle-store")
        self._on_wait = on_wait
        self._closing = False
        self.waiting = threading.Event()
        """Set while the running call waits for another process's write lock."""

    @property
    def store(self) -> Store | None:
        return self._store

    def _call(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        if self._store is None:
            self._store = self._factory()
            self._store.on_wait = self._waited
        if self._closing:  # queued before close(): try once, never wait out the lock
            self._store.cancel_wait.set()
        else:
            self._store.cancel_wait.clear()
        try:
            return fn(self._store, *args, **kwargs)
        finally:
            self.waiting.clear()

    def _waited(self) -> None:
        self.waiting.set()
        if self._on_wait is not None:
            self._on_wait()

    async def run(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """`fn(store, *args, **kwargs)` on the store thread; its result, or its exception."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._call, fn, args, kwargs))

    def leave_later(self, fn: Callable[..., object], *args) -> None:
        """Queue `fn(store, *args)` as a last, best-effort call: if it has to wait for the
        lock it gives up after one short step (`close()` follows at once)."""

        def attempt(store: Store) -> None:
            store.cancel_wait.set()
            try:
                fn(store, *args)
            except Exception:  # noqa: BLE001 - best effort, the app is leaving
                pass

        self._executor.submit(self._call_closing, attempt)

    def _call_closing(self, fn: Callable[[Store], object]) -> None:
        try:
            if self._store is None:
                self._store = self._factory()
            fn(self._store)
        except Exception:  # noqa: BLE001 - best effort
            pass

    def cancel(self) -> None:
        """Give up the write that is waiting for the lock now (if any)."""
        if self._store is not None:
            self._store.cancel_wait.set()

    def close(self, wait: float = 1.0) -> None:
        """Stop waiting for the lock, then close the connection on its own thread once the
        queued work ends; waits at most `wait` seconds for that (a write still waiting gives
        up within one step, and so does every call still queued), so quitting never hangs
        on someone else's lock."""
        self._closing = True
        self.cancel()
        closed = threading.Event()

        def finish() -> None:
            try:
                if self._store is not None:
                    self._store.close()
                    self._store = None
            finally:
                closed.set()

        try:
            self._executor.submit(finish)
        except RuntimeError:  # already shut down
            return
        self._executor.shutdown(wait=False, cancel_futures=False)
        closed.wait(wait)
