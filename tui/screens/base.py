"""What every Huddle screen shares: translated key descriptions, a language switch that
redraws, and reloading when the workspace changes.

Screens keep their real state (the day shown, the cursor's item key, the filter) in plain
attributes, not in widgets, so a redraw after a language switch or a reload after someone
else's commit puts the user back exactly where they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.actions import SkipAction
from textual.screen import Screen
from textual.widget import Widget

from ..i18n import get_language
from ..widgets.modal import HuddleModal, TranslatedBindings, translated

if TYPE_CHECKING:
    from textual import getters
    from textual.widgets import DataTable

    from ..app import HuddleApp
    from ..store.db import Store

__all__ = ["HuddleModal", "HuddleScreen", "TranslatedBindings", "move_cursor", "translated"]


class HuddleScreen(TranslatedBindings, Screen):
    """An area of the app (Dashboard, Standup, …)."""

    AREA: str = ""
    """The mode name of this area (see `tui.screens.AREAS`)."""

    def __init__(self) -> None:
        super().__init__()
        self._stale = False
        self._language = get_language()

    if TYPE_CHECKING:
        app = getters.app(HuddleApp)  # `self.app` is a HuddleApp (its store, db, …)

    @property
    def store(self) -> Store:
        return self.app.store

    def on_mount(self) -> None:
        # Textual calls the handlers of every class in the MRO, subclasses' first.
        self.app.area_screens.add(self)

    def on_unmount(self) -> None:
        self.app.area_screens.discard(self)

    async def on_language_changed(self) -> None:
        """The language changed: redraw everything that shows text, and give focus back
        to the widget that had it (by its id) if `after_recompose` did not place it."""
        self._language = get_language()
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        self.after_recompose()
        if focused and self.focused is None:
            for widget in self.query(f"#{focused}"):
                if widget.focusable:
                    widget.focus()
                break

    def after_recompose(self) -> None:
        """Called after a redraw; restore the cursor etc. Override."""
        self.refresh_data()

    def focus_at_once(self, widget: Widget) -> None:
        """Give `widget` focus now, for a priority key that moves focus: keys typed ahead
        after it (one burst over SSH) then reach `widget`, whereas `Widget.focus()` moves
        focus only after they were handed to what had it. If `widget` has focus already,
        the key is its own (a `/` typed in the filter): it is passed on."""
        if self.focused is widget:  # (`has_focus` follows only once the Focus event is handled)
            raise SkipAction()
        self.set_focus(widget)

    def refresh_data(self) -> None:
        """Reload from the store, keeping the cursor, filter and scroll. Override."""

    def workspace_changed(self) -> None:
        """Someone committed: reload now if visible, else when shown again."""
        if self.is_current:
            self.refresh_data()
        else:
            self._stale = True

    async def on_screen_resume(self) -> None:
        if self._language != get_language():
            self._stale = False
            await self.on_language_changed()
        elif self._stale:
            self._stale = False
            self.refresh_data()


def move_cursor(table: DataTable, where: str) -> None:
    """`j`/`k`/`g`/`G` on a short `DataTable` list: down, up, top or bottom."""
    if where == "down":
        table.action_cursor_down()
    elif where == "up":
        table.action_cursor_up()
    elif where == "top":
        table.move_cursor(row=0)
    else:
        table.move_cursor(row=max(0, table.row_count - 1))
