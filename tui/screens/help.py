"""`?`: every key of the screen you came from, in the active language."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..i18n import N_, _
from .base import HuddleModal


class HelpScreen(HuddleModal):
    """A modal table of keys: the current screen's, then the app's."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", N_("Close"), id="help.close"),
    ]

    def __init__(self, origin: Screen) -> None:
        super().__init__(id="help")
        self.origin = origin

    def compose(self) -> ComposeResult:
        # One scrolling column (the keys, then the screen's own help text), so that at
        # 80x24 every line can be reached with the arrows, page keys, home and end.
        with Vertical(id="help-box", classes="dialog"):
            yield Static(_("Keys"), classes="dialog-title", markup=False)
            with VerticalScroll(id="help-scroll"):
                table: DataTable = DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
                table.can_focus = False
                table.add_column(_("Key"), key="key")
                table.add_column(_("What it does"), key="what")
                yield table
                intro = getattr(self.origin, "HELP", "")
                if intro:
                    yield Static(_(intro), id="help-intro", markup=False)
            yield Static(
                _("{key} closes this help; the arrows, page keys, home and end scroll it.").format(
                    key=self._close_keys()
                ),
                classes="dialog-hint",
                markup=False,
            )

    def _close_keys(self) -> str:
        """The keys bound to closing help now (a keymap may have changed them)."""
        keys = []
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id == "help.close":
                    display = self.app.get_key_display(binding)
                    if display not in keys:
                        keys.append(display)
        return " / ".join(keys)

    def on_mount(self) -> None:
        self._fill()

    async def on_language_changed(self) -> None:
        """F2 while help is open: the same keys, described in the other language."""
        if not self.is_current:
            return
        await super().on_language_changed()
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        keys_by_action: dict[tuple[str, str], list[str]] = {}
        # The screen's own keys first, then its list's, then the app's; Textual's generic
        # ones (tab, copy, sideways scrolling: no id) last.
        def rank(active) -> int:
            if active.binding.id is None:
                return 3
            if active.node is self.origin:
                return 0
            return 2 if active.node is self.app else 1

        actives = sorted(self.origin.active_bindings.values(), key=rank)
        for active in actives:
            binding = active.binding
            # Huddle's own keys and the app's; Textual's built-in widget keys (arrows in a
            # table, tab between fields) are standard and not translated, so not listed.
            if not binding.description or not type(active.node).__module__.startswith("tui") \
                    or not _declared_by_huddle(active.node, binding):
                continue
            display = self.app.get_key_display(binding)
            keys = keys_by_action.setdefault((binding.action, binding.description), [])
            if display not in keys:
                keys.append(display)
        for (_action, description), keys in keys_by_action.items():
            table.add_row(Text(" / ".join(keys), style="bold"), Text(description))
        self.query_one("#help-scroll").focus()

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(result)


def _declared_by_huddle(node: DOMNode, binding: Binding) -> bool:
    """False for a key a Huddle widget inherits from Textual's (a short list's arrows from
    DataTable, sideways paging from ScrollView): standard, untranslated, not listed. The
    screens' and the app's inherited keys (tab, copy, the palette) are listed."""
    if isinstance(node, (Screen, App)):
        return True
    for cls in type(node).__mro__:
        if binding in cls.__dict__.get("BINDINGS", ()):
            return cls.__module__.startswith("tui")
    return True

