"""The bottom bar: the current screen's keys, and the command palette's key on the right.

Textual's `Footer` is a row of widgets that scrolls sideways when the keys do not fit,
with the palette key docked over its right end. Where a Chinese description (two cells a
character) is cut by that overlap, Textual 8 draws the line one cell off: a character of
the palette key vanishes or a stray letter appears after it (every area at 80 columns in
Chinese). This footer is one line of text instead: it shows as many whole keys as fit,
never half of one, and the palette key always. Clicking a key presses it, as in Textual's.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class HuddleFooter(Widget):
    """` s Assess  a Approve  …       ? Help  f2 中文/English ▏ ^p palette`.

    Help and the language switch (`PINNED`) stay at the right with the palette, so they
    show at any width; the screen's keys fill the rest from the left, and `?` lists all.
    """

    PINNED = ("help", "language")
    """Binding ids always shown."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--description", "footer--disabled"}

    DEFAULT_CSS = """
    HuddleFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
        }
        & > .footer--disabled {
            color: $text-disabled;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []
        """Where each enabled key was drawn: (first cell, end cell, key)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self.refresh()

    def shown_bindings(self) -> tuple[list[tuple[Binding, bool]], list[tuple[Binding, bool]]]:
        """The screen's bindings to show and the pinned ones, in Textual's order, one per
        action (its first key)."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        pinned: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in self._in_declared_order(self.screen.active_bindings.values()):
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            (pinned if binding.id in self.PINNED else shown).append((binding, enabled))
        return shown, pinned

    def _in_declared_order(self, actives):
        """The screen's keys in the order its class declares them: a key the user rebound
        (Textual moves it to the end of the map) keeps its place in the footer."""
        order: dict[str, int] = {}
        for node in (self.screen, self.app):
            merged = type(node)._merged_bindings
            for bindings in (merged.key_to_bindings.values() if merged else ()):
                for binding in bindings:
                    if binding.id is not None:
                        order.setdefault(binding.id, len(order))
        return sorted(actives, key=lambda active: order.get(active.binding.id or "", len(order)))

    def _key(self, binding: Binding, description: str, enabled: bool) -> Text:
        key_style = self.get_component_rich_style("footer--key" if enabled else "footer--disabled", partial=True)
        text_style = self.get_component_rich_style(
            "footer--description" if enabled else "footer--disabled", partial=True
        )
        piece = Text(no_wrap=True, end="")
        piece.append(f" {self.app.get_key_display(binding)} ", key_style)
        piece.append(description + " ", text_style)
        return piece

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (the first key of a binding like "up,k")."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key.split(",")[0].strip())
                return

    def render(self) -> Text:
        width = self.size.width
        shown, pinned = self.shown_bindings()
        spans: list[tuple[int, int, str]] = []
        right = Text(no_wrap=True, end="")
        right_keys: list[tuple[int, int, str]] = []

        def add(line: Text, keys: list, binding: Binding, enabled: bool) -> None:
            piece = self._key(binding, binding.description, enabled)
            if enabled:
                keys.append((line.cell_len, line.cell_len + piece.cell_len, binding.key))
            line.append_text(piece)

        for binding, enabled in pinned:
            add(right, right_keys, binding, enabled)
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                right.append("▏", self.get_component_rich_style("footer--disabled", partial=True))
                add(right, right_keys, binding, enabled)
        budget = width - right.cell_len
        left = Text(no_wrap=True, end="")
        for binding, enabled in shown:
            if left.cell_len + self._key(binding, binding.description, enabled).cell_len > budget:
                break
            add(left, spans, binding, enabled)
        gap = max(0, width - left.cell_len - right.cell_len)
        offset = left.cell_len + gap
        spans += [(start + offset, end + offset, key) for start, end, key in right_keys]
        self._spans = spans
        return Text.assemble(left, " " * gap, right, no_wrap=True, end="")
