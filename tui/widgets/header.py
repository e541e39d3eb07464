"""The top bar: the product, the areas with their keys, the workspace and who you are."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..i18n import _


class HuddleHeader(Widget):
    """One line: `碰头  1 Dashboard  2 Standup …   +2 here: 李明, Bob · demo.db · 王芳 (lead)`.

    When the terminal is narrow, the right-hand side gives way first (the workspace name,
    then who else is here, then who I am), then the gaps between the areas narrow: every
    area's name shows at 80 columns in both languages. Only below that do the areas other
    than the current one shrink to their key.
    """

    def __init__(self, area: str) -> None:
        super().__init__(id="header")
        self.area = area

    def render(self) -> Content:
        from ..screens import AREAS

        width = self.size.width
        brand = Content.styled(" 碰头 ", "bold")
        workspace, person, others = self.app.header_facts()
        here = ""
        if others:
            shown = ", ".join(name[:12] for name in others[:2]) + (" …" if len(others) > 2 else "")
            here = _("+{n} here: {names}").format(n=len(others), names=shown) + " · "

        def areas(style: str) -> Content:
            """`wide`: padded names; `tight`: names one space apart; `keys`: keys only."""
            parts = []
            for area in AREAS:
                if not area.in_header and area.mode != self.area:
                    continue
                if area.mode == self.area:
                    parts.append(Content.styled(f" {area.key} {_(area.title)} ", "bold reverse"))
                elif style == "keys":
                    parts.append(Content.styled(f" {area.key} ", "dim"))
                elif style == "tight":
                    parts.append(Content.styled(f" {area.key} {_(area.title)}", "dim"))
                else:
                    parts.append(Content.styled(f" {area.key} {_(area.title)} ", "dim"))
            return Content("").join(parts)

        short_here = f"+{len(others)} · " if others else ""
        for style, right_text in (
            ("wide", f"{here}{workspace} · {person} "),
            ("wide", f"{here}{person} "),
            ("wide", f"{short_here}{person} "),
            ("wide", f"{person} "),
            ("wide", short_here),
            ("wide", ""),
            ("tight", f"{short_here}{person} "),
            ("tight", f"{person} "),
            ("tight", short_here),
            ("tight", ""),
            ("keys", f"{here}{person} "),
            ("keys", f"{short_here}{person} "),
            ("keys", short_here),
            ("keys", ""),
        ):
            left = Content.assemble(brand, areas(style))
            right = Content(right_text)
            if left.cell_length + right.cell_length + 1 <= width:
                break
        gap = max(1, width - left.cell_length - right.cell_length)
        return Content.assemble(left, " " * gap, right)
