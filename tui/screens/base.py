"""What every Huddle screen shares: translated key descriptions, a language switch that
redraws, and reloading when the workspace changes.

Screens keep their real state (the day shown, the cursor's item key, the filter) in plain
attributes, not in widgets, so a redraw after a language switch or a reload after someone
else's commit puts the user back exactly where they were.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from ..i18n import _, get_language

if TYPE_CHECKING:
    from textual.widgets import DataTable


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Key descriptions in the active language: they are English msgids in BINDINGS (class
    attributes are built once at import, so they cannot hold translated text)."""
    return {
        key: active._replace(
            binding=replace(
                active.binding,
                description=_(active.binding.description) if active.binding.description else "",
                tooltip=_(active.binding.tooltip) if active.binding.tooltip else "",
            )
        )
        for key, active in bindings.items()
    }


class TranslatedBindings:
    """Mixin for screens: the footer and help show key descriptions in the active language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)  # type: ignore[misc]


class HuddleScreen(TranslatedBindings, Screen):
    """An area of the app (Dashboard, Standup, …)."""

    AREA: str = ""
    """The mode name of this area (see `tui.screens.AREAS`)."""

    def __init__(self) -> None:
        super().__init__()
        self._stale = False
        self._language = get_language()

    @property
    def store(self):
        return self.app.store

    def on_mount(self) -> None:
        # Textual calls the handlers of every class in the MRO, subclasses' first.
        self.app.area_screens.add(self)

    def on_unmount(self) -> None:
        self.app.area_screens.discard(self)

    async def on_language_changed(self) -> None:
        """The language changed: redraw everything that shows text."""
        self._language = get_language()
        await self.recompose()
        self.after_recompose()

    def after_recompose(self) -> None:
        """Called after a redraw; restore the cursor etc. Override."""
        self.refresh_data()

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


class HuddleModal(TranslatedBindings, ModalScreen):
    """A dialog: translated keys; redraws itself on a language switch.

    Only the dialog on top redraws at once; one underneath (a form under its "discard?"
    question) redraws when it is shown again, since widgets of a screen that is not active
    cannot be restyled (Textual raises for a TextArea's component classes)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._language = get_language()

    async def on_language_changed(self) -> None:
        if not self.is_current:
            return
        self._language = get_language()
        await self.recompose()

    async def on_screen_resume(self) -> None:
        if self._language != get_language():
            await self.on_language_changed()


def move_cursor(table: "DataTable", where: str) -> None:
    """`j`/`k`/`g`/`G` on a short `DataTable` list: down, up, top or bottom."""
    if where == "down":
        table.action_cursor_down()
    elif where == "up":
        table.action_cursor_up()
    elif where == "top":
        table.move_cursor(row=0)
    else:
        table.move_cursor(row=max(0, table.row_count - 1))
