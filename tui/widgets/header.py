"""The top bar: the product, the areas with their keys, the workspace and who you are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from textual.content import Content
from textual.widget import Widget

from ..i18n import _, join_list, with_note

if TYPE_CHECKING:
    from textual import getters

    from ..app import HuddleApp


class HeaderArea(Protocol):
    """What the header shows of an area (`tui.screens.Area`)."""

    @property
    def mode(self) -> str: ...
    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...  # an English msgid, translated when shown
    @property
    def in_header(self) -> bool: ...
    @property
    def short(self) -> str: ...  # a shorter English msgid, or "" when the title is short


@dataclass(frozen=True)
class HeaderFacts:
    """What every header shows, kept by the app (`HuddleApp.header_facts`) and read again
    only when the workspace changes: a header never reads the store when it draws."""

    areas: Sequence[HeaderArea] = ()
    workspace: str = ""
    """The workspace file's name."""
    name: str = ""
    """Who I am: my display name (or login)."""
    lead: bool = False
    others: tuple[str, ...] = ()
    """Who else is here now (display names)."""

    @property
    def person(self) -> str:
        """`王芳 (lead)`, in the active language."""
        role = _("lead") if self.lead else _("member")
        return with_note(self.name, role) if self.name else ""


class HuddleHeader(Widget):
    """One line: `碰头  1 Dashboard  2 Standup …   +2 here: 李明, Bob · demo.db · 王芳 (lead)`.

    When the terminal is narrow, the workspace's name gives way first, then who I am, then
    the gaps between the areas, then the names of who else is here: every area's name
    shows at 80 columns in both languages (with a seventh area open, the others by their
    short names). Only below that do the areas other than the current one shrink to their
    key.
    """

    if TYPE_CHECKING:
        app = getters.app(HuddleApp)  # `self.app` is a HuddleApp (its store, db, …)

    def __init__(self, area: str) -> None:
        super().__init__(id="header")
        self.area = area

    def render(self) -> Content:
        facts = self.app.header_facts
        width = self.size.width
        brand = Content.styled(" 碰头 ", "bold")
        workspace, person, others = facts.workspace, facts.person, facts.others
        here = ""
        if others:
            shown = join_list(name[:12] for name in others[:2]) + (" …" if len(others) > 2 else "")
            here = _("+{n} here: {names}").format(n=len(others), names=shown) + " · "

        def areas(style: str) -> Content:
            """`wide`: padded names; `tight`: names one space apart; `short`: the other
            areas' short names one space apart; `keys`: keys only."""
            parts = []
            for area in facts.areas:
                if not area.in_header and area.mode != self.area:
                    continue
                if area.mode == self.area:
                    parts.append(Content.styled(f" {area.key} {_(area.title)} ", "bold reverse"))
                elif style == "keys":
                    parts.append(Content.styled(f" {area.key} ", "dim"))
                elif style == "tight":
                    parts.append(Content.styled(f" {area.key} {_(area.title)}", "dim"))
                elif style == "short":
                    parts.append(Content.styled(f" {area.key} {_(area.short or area.title)}", "dim"))
                else:
                    parts.append(Content.styled(f" {area.key} {_(area.title)} ", "dim"))
            return Content("").join(parts)

        short_here = f"+{len(others)}" if others else ""
        names_here = here.removesuffix(" · ")

        def joined(*parts: str) -> str:
            shown = [part for part in parts if part]
            return " · ".join(shown) + " " if shown else ""

        # What gives way, in order: the workspace's name, who I am, the gaps between the
        # areas, the names of who else is here, the areas' full names (for their short
        # ones: with Workspace or Meetings open, seven areas share 80 columns); the areas'
        # names last of all.
        for style, right_text in (
            ("wide", joined(names_here, workspace, person)),
            ("wide", joined(names_here, person)),
            ("wide", joined(names_here)),
            ("tight", joined(names_here, person)),
            ("tight", joined(names_here)),
            ("wide", joined(short_here, person)),
            ("tight", joined(short_here, person)),
            ("tight", joined(short_here)),
            ("tight", ""),
            ("short", joined(names_here, person)),
            ("short", joined(short_here, person)),
            ("short", joined(short_here)),
            ("short", ""),
            ("keys", joined(names_here, person)),
            ("keys", joined(short_here, person)),
            ("keys", joined(short_here)),
            ("keys", ""),
        ):
            left = Content.assemble(brand, areas(style))
            right = Content(right_text)
            if left.cell_length + right.cell_length + 1 <= width:
                break
        gap = max(1, width - left.cell_length - right.cell_length)
        return Content.assemble(left, " " * gap, right)
