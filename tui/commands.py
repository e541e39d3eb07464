"""Huddle's command palette: its own commands, Textual's system commands and its chrome, all
in the active language. Commands match their English words too, so a Chinese-mode user
need not switch input methods to search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from .i18n import _, get_language, with_note


@dataclass(frozen=True)
class PaletteCommand:
    """A command, already translated; `english` is what it matches in any language."""

    title: str
    help: str
    callback: Callable[[], object]
    english: str = ""


def command(
    title: str, help: str, callback: Callable[[], object], *, key: str = "", **names: str
) -> PaletteCommand:
    """A palette command from English msgids; `names` (msgids too) fill `{placeholders}`.
    `key` is the key bound to the same thing now (shown after the help, never written
    into a msgid, so a rebound key shows as it is)."""
    return PaletteCommand(
        _(title).format(**{name: _(value) for name, value in names.items()}),
        with_note(_(help), key) if key else _(help),
        callback,
        title.format(**names),
    )


class HuddlePalette(CommandPalette):
    """Textual's palette with its two fixed English strings translated."""

    def __init__(self, *args, placeholder_msgid: str = "Search for commands…", **kwargs) -> None:
        super().__init__(*args, placeholder=_(placeholder_msgid), **kwargs)
        self.placeholder_msgid = placeholder_msgid

    async def on_language_changed(self) -> None:
        """F2 with the palette open: its prompt and the commands listed change language;
        what was typed stays."""
        from textual.command import CommandInput

        self._placeholder = _(self.placeholder_msgid)
        prompt = self.query_one(CommandInput)
        prompt.placeholder = self._placeholder
        self._cancel_gather_commands()
        self._gather_commands(prompt.value.strip())

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Same as Textual's, but the message goes through _() (textual 8.2; pinned <9).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            from textual.command import CommandList

            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class PaletteSource(Protocol):
    """What lists commands for the palette: the app, and a screen that has its own."""

    def palette_commands(self) -> list[PaletteCommand]: ...


class HuddleCommands(Provider):
    """Commands from the app and the current screen (`palette_commands()`)."""

    def _commands(self) -> list[PaletteCommand]:
        commands = list(cast(PaletteSource, self.app).palette_commands())
        screen_commands = getattr(self.screen, "palette_commands", None)
        if screen_commands is not None:
            commands[:0] = screen_commands()
        return commands

    async def discover(self) -> Hits:
        for item in self._commands():
            yield DiscoveryHit(item.title, item.callback, help=item.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in self._commands():
            score = matcher.match(item.title)
            if item.english and get_language() != "en":
                score = max(score, matcher.match(item.english))
            if score > 0:
                yield Hit(score, matcher.highlight(item.title), item.callback, text=item.title, help=item.help)
