"""What every Huddle dialog and screen shares with the widgets: key descriptions in the
active language, and a dialog that redraws itself on a language switch. (The screens'
own base class, `HuddleScreen`, is in `tui/screens/base.py`.)"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.screen import ModalScreen

from ..i18n import _, get_language

if TYPE_CHECKING:
    from textual import getters

    from ..app import HuddleApp


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


class HuddleModal(TranslatedBindings, ModalScreen):
    """A dialog: translated keys; redraws itself on a language switch.

    Only the dialog on top redraws at once; one underneath (a form under its "discard?"
    question) redraws when it is shown again, since widgets of a screen that is not active
    cannot be restyled (Textual raises for a TextArea's component classes)."""

    if TYPE_CHECKING:
        app = getters.app(HuddleApp)  # `self.app` is a HuddleApp (its store, db, …)

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
