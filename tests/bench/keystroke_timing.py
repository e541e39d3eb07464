"""Time a filter keystroke as a user sees it, for the list benchmarks.

`KeystrokeClock` notes when a key reaches a Textual `Input`, when the given widgets paint
a line, and when `ItemTable` starts and ends counting a list in full (once typing pauses).
For one keystroke it then tells the time from the key to the last line painted for it
(paints that belong to the full count are left out) and to the full count shown.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Input

from tui.widgets.item_table import ItemTable


class KeystrokeClock:
    def __init__(self) -> None:
        self.received: list[float] = []
        self.painted: list[float] = []
        self.counted: list[float] = []

    def __enter__(self) -> KeystrokeClock:
        self._on_key, self._count_in_full = Input._on_key, ItemTable._count_in_full
        clock = self

        async def on_key(input_widget, event):
            clock.received.append(time.perf_counter())
            return await clock._on_key(input_widget, event)

        def count_in_full(table):
            clock.counted.append(time.perf_counter())  # paints after this are the full count's
            clock._count_in_full(table)
            clock.counted.append(time.perf_counter())

        Input._on_key, ItemTable._count_in_full = on_key, count_in_full
        return self

    def __exit__(self, *exc) -> None:
        Input._on_key, ItemTable._count_in_full = self._on_key, self._count_in_full

    def watch(self, widgets: Iterable[Widget]) -> None:
        """Note every line these widgets paint."""
        for widget in widgets:
            original = widget.render_line

            def render_line(y, original=original):
                strip = original(y)
                self.painted.append(time.perf_counter())
                return strip

            widget.render_line = render_line

    def start(self) -> None:
        """Before pressing the next key."""
        self.received.clear()
        self.painted.clear()
        self.counted.clear()

    def redraw(self) -> float:
        """Seconds from the key to the last line painted for it."""
        began = self.received[0]
        count_began = self.counted[0] if self.counted else float("inf")
        paints = [moment for moment in self.painted if moment < count_began]
        return (max(paints) if paints else began) - began

    def full_count(self) -> float | None:
        """Seconds from the key to the full count painted; None if none was needed."""
        return max(self.painted) - self.received[0] if self.counted else None
