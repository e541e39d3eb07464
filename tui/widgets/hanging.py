"""`Hanging`: text whose numbered and indented lines wrap under their own text.

A Static shows `Text` wrapped at its width, every continuation line starting at the left
edge: in a narrow pane `1. Face ID ships in Sprint 3` becomes `1. Face ID ships in` and
`Sprint 3` under the number. `Hanging(text)` shows the same text with each line's marker
(`1.`, `•`, `-`, `⚑`) and leading spaces hanging: the continuation lines start under the
first word after them. It is a Textual `Visual`, so `Static.update(Hanging(text))` works
as with the `Text`, and `str()` of it is the text's plain text (what tests read). When the
widget has fewer lines than the text needs, the last line shown ends with `…`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

__all__ = ["Hanging"]

ELLIPSIS = "…"
MARKER = re.compile(r"^ *(?:(?:\d{1,3}[.)]|[•\-–·⚑✓○]) +)?")
"""Leading spaces, then a list marker and its spaces: what the continuation lines hang under."""


class Hanging(Visual):
    """Lines of `text`, each wrapped with its continuation lines indented under its text."""

    def __init__(self, text: Text | str) -> None:
        self.text = Text(text) if isinstance(text, str) else text
        content = Content.from_rich_text(self.text)
        self._lines: list[tuple[int, Content, Content]] = []
        for line in content.split("\n", allow_blank=True):
            match = MARKER.match(line.plain)
            cut = match.end() if match else 0
            if cut >= len(line.plain):
                cut = 0  # nothing after the marker: nothing to hang
            head, body = (line[:cut], line[cut:]) if cut else (Content(""), line)
            self._lines.append((cell_len(head.plain), head, body))

    def __str__(self) -> str:
        return self.text.plain

    def _indent(self, indent: int, width: int) -> int:
        return indent if indent * 2 <= width else 0

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((indent + body.get_optimal_width(rules, container_width) for indent, _, body in self._lines), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((indent + body.get_minimal_width(rules) for indent, _, body in self._lines), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        total = 0
        for indent, _head, body in self._lines:
            indent = self._indent(indent, width)
            total += max(1, body.get_height(rules, width - indent)) if width - indent > 0 else 1
        return total

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not width:
            return []
        plain = replace(options, selection=None, selection_style=None)
        strips: list[Strip] = []
        for indent, head, body in self._lines:
            indent = self._indent(indent, width)
            if not indent:
                strips.extend((head + body).render_strips(width, None, style, plain))
            else:
                lines = body.render_strips(width - indent, None, style, plain) or [Strip.blank(width - indent)]
                first = head.render_strips(indent, 1, style, plain)[0].adjust_cell_length(indent)
                blank = Content(" " * indent).render_strips(indent, 1, style, plain)[0]
                for number, line in enumerate(lines):
                    strips.append(Strip.join([first if number == 0 else blank, line]))
            if height is not None and len(strips) > height:
                break
        if height is not None and len(strips) > height:
            # More than the widget has room for: the last line it shows ends with an ellipsis.
            strips = strips[:height]
            if strips:
                last = strips[-1].crop(0, max(0, width - 1))
                last = last.crop(0, cell_len("".join(segment.text for segment in last).rstrip()))
                strips[-1] = Strip.join([last, Strip([Segment(ELLIPSIS, style.rich_style)], 1)])
        return strips
