"""Noticing other people's commits, without a polling loop.

watchfiles (inotify underneath) wakes us when the workspace file or its `-wal` changes; a
commit by another process appends to the WAL, a checkpoint rewrites the main file. A wake
is only a hint (as root, SQLite's own reads can touch the WAL), so `PRAGMA data_version`
on a connection of our own confirms that someone really committed. A quiet workspace
costs no CPU: we sleep inside inotify until the kernel says a file changed.
"""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import awatch

DEBOUNCE_MS = 50
STEP_MS = 10


class DataVersion:
    """`PRAGMA data_version` on a long-lived connection of its own.

    It changes whenever any *other* connection commits, including this process's main
    store connection, so the app learns about its own writes the same way as others'.
    """

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._last = self.read()

    def read(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """True once per batch of commits made since the last call."""
        try:
            current = self.read()
        except sqlite3.Error:
            return False
        if current == self._last:
            return False
        self._last = current
        return True

    def close(self) -> None:
        self._conn.close()


async def watch(
    path: Path,
    on_change: Callable[[], Awaitable[None] | None],
    stop_event=None,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Call `on_change()` after every batch of commits to the workspace at `path`.

    `on_change()` is also called once as soon as the kernel watches the folder (then
    `on_ready()`): whatever was committed before that moment, which no wake will report
    (the caller's own joining, a teammate's save while the first screen was drawn), is
    read then."""
    path = Path(path).resolve()
    names = {path.name, path.name + "-wal"}
    version = DataVersion(path)

    def only_workspace(_change, filename: str) -> bool:
        return Path(filename).name in names

    def ready() -> None:
        # Runs at the first switch after the loop below started: awatch registers its
        # inotify watch before its first await, so from here on no commit goes unseen.
        version.changed()
        result = on_change()
        if inspect.isawaitable(result):
            asyncio.ensure_future(result)
        if on_ready is not None:
            on_ready()

    asyncio.get_running_loop().call_soon(ready)
    try:
        async for _changes in awatch(
            path.parent,
            watch_filter=only_workspace,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            recursive=False,
            stop_event=stop_event,
        ):
            if version.changed():
                result = on_change()
                if result is not None:
                    await result
    finally:
        version.close()
