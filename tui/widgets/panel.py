"""A titled box on the Dashboard. Its screen reads the store and gives each panel what it
shows (`show(data)`); a panel only draws. The panels of each area are in this package
(`standup_panels`, `changes_panel`, `requirements_panel`, `trust_panels`); the Dashboard
screen lists them with the function that loads each one's data."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from ..i18n import _
from .hanging import Hanging


class Panel(Static):
    """A titled box on the dashboard: `show(data)` draws what its screen loaded."""

    TITLE = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, classes="panel", **kwargs)

    def on_mount(self) -> None:
        self.border_title = _(self.TITLE)

    def show(self, data: Any) -> None:
        """Draw `data`; an indented line (a blocker under its owner, a title under its
        key) wraps under its own indent, and a panel too short for it ends with `…`."""
        self.update(Hanging(self.render_data(data)))

    def render_data(self, data: Any) -> Text:
        """What the panel draws for `data` (what its loader returned). Override."""
        return Text()
