"""HuddleApp: the areas, the global keys, language and theme switching, live refresh.

Data flows one way: a screen calls a store function, SQLite commits, the watcher notices
the commit (ours or anyone's) and every screen reloads what it shows. Screens never write
SQL and never keep the only copy of anything.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from . import i18n
from .commands import HuddleCommands, HuddlePalette, PaletteCommand, command
from .config import Settings
from .i18n import N_, _, join_list, sentences
from .screens import AREAS
from .widgets.header import HeaderFacts

if TYPE_CHECKING:
    from .cli import Options
    from .store.db import Store
    from .store.runner import StoreThread

T = TypeVar("T")


class HuddleApp(App):
    """The Huddle terminal workspace."""

    CSS_PATH = "huddle.tcss"
    TITLE = "Huddle"
    COMMANDS = {HuddleCommands}
    """One provider, so the palette lists its commands in one fixed order (with Textual's
    system-commands provider beside it, the two lists interleave in whichever order their
    tasks finish). The system commands are among `palette_commands()`."""
    DEFAULT_MODE = AREAS[0].mode
    """The first area is the app's default screen (see `get_default_screen`)."""
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        *(
            Binding(area.key, f"switch_area('{area.mode}')", area.title, show=False, id=f"area.{area.mode}")
            for area in AREAS
        ),
        Binding("question_mark", "help", N_("Help"), id="help"),
        Binding("f2", "switch_language", N_("中文/English"), id="language", priority=True),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True, show=False),
    ]

    def get_driver_class(self):
        # Pasted text arrives whole and in order, escape sequences and all (issue 11).
        from .widgets.paste import install

        install()
        return super().get_driver_class()

    def __init__(
        self,
        db_path: str | Path,
        *,
        settings: Settings | None = None,
        language: str | None = None,
        user: str | None = None,
        live: bool = True,
        store: Store | None = None,
    ) -> None:
        from .widgets import line_breaks, wide_chars

        wide_chars.install()  # Chinese in notices and dialogs keeps every character (Textual #6357)
        line_breaks.install()  # no Chinese line starts with a comma or a closing quote
        self.db_path = Path(db_path)
        self.settings = settings or Settings()
        self.user_override = user
        self.live = live
        self._store = store
        self._owns_store = store is None
        self.area_screens: weakref.WeakSet = weakref.WeakSet()
        """Every mounted area screen, in every mode: all hear about changes."""
        self.last_activity_id = 0
        self.session_id: str | None = None
        self.watching = False
        """The live refresh is on: from now on every commit reaches the screens."""
        self.header_facts = HeaderFacts(AREAS, self.db_path.name)
        """What the headers show (who I am, who else is here): read when the workspace
        changes (`refresh_header`), never while a header draws."""
        self._store_thread: StoreThread | None = None
        self._said_recently: dict[str, float] = {}
        """Notices about others' work shown in the last minute (never said twice)."""
        if language:
            i18n.set_language(language)
        super().__init__()
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else "textual-dark"
        for area in AREAS[1:]:
            self.add_mode(area.mode, partial(self._area_screen, area))

    def _area_screen(self, area) -> Screen:
        """An area's screen, made on its first visit, as up to date with the stylesheet as
        the app. Textual re-parses every stylesheet (twice, ~40 ms each) whenever a screen
        whose count of CSS updates differs from the app's becomes current, which a new
        screen's always does; but a new screen is styled as it mounts, with the variables in
        force, so the re-parse only froze the first visit to each area. After a theme
        change the counts differ again and the re-parse happens as it should."""
        screen = area.factory()
        screen._css_update_count = self._css_update_count
        return screen

    def get_default_screen(self) -> Screen:
        """The dashboard, composed with the app.

        As the default screen it is registered like a bare app's screen; as a mode added
        up front, Textual would re-parse every stylesheet once more before the first frame
        (~15 ms). Its mode is added in `on_mount`, once its stack exists.
        """
        return AREAS[0].factory()

    # -- state -------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            from .store.db import Store

            self._store = Store(self.db_path, user=self.user_override)
        return self._store

    @property
    def store_thread(self) -> StoreThread:
        """The thread that does this app's store work (writes may wait for a lock)."""
        if self._store_thread is None:
            from .store.runner import StoreThread

            main = self.store
            self._store_thread = StoreThread(main.clone, on_wait=self._store_waiting)
        return self._store_thread

    async def db(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """`fn(store, *args, **kwargs)` on the store thread, with its own connection: the
        event loop goes on painting and taking keys while a write waits for the lock.
        Returns fn's result or raises its exception. Call it from a worker, not straight
        from a key handler (which would hold up the app's keys until it returns)."""
        return await self.store_thread.run(fn, *args, **kwargs)

    def _store_waiting(self) -> None:
        """On the store thread: a write has waited a moment for another process's lock."""
        try:
            self.call_from_thread(self._show_waiting)
        except RuntimeError:  # the app has stopped
            pass

    def _show_waiting(self) -> None:
        from .store import presence

        try:
            others = join_list(row["display_name"] for row in presence.online(self.store, self.session_id))
        except Exception:  # noqa: BLE001 - a hint only
            others = ""
        handler = getattr(self.screen, "show_waiting", None)
        if handler is not None:
            handler(others)
            return
        message = _("Waiting for the workspace: someone else is saving.")
        if others:
            message = sentences(message, _("Online now: {names}.").format(names=others))
        self.notify(message, markup=False, timeout=3)

    def on_load(self) -> None:
        """Before the first screen is composed (reads only: they never wait on a lock)."""
        from .store import activity

        self.last_activity_id = activity.latest_id(self.store)
        self.header_facts = self._read_header_facts()

    def on_mount(self) -> None:
        self.set_keymap(self.settings.keymap)  # the user's own keys (`huddle keys` lists the ids)
        self.add_mode(AREAS[0].mode, AREAS[0].factory)
        self.call_after_refresh(self._collect_garbage_again)
        # After the first frame: the store thread's connection and its two writes would
        # otherwise share the first paint's time (~10 ms at start-up).
        self.call_after_refresh(self.join_workspace)
        if self.live:
            self.call_after_refresh(self.watch_workspace)

    @work(group="join", exit_on_error=False)
    async def join_workspace(self) -> None:
        """I am a member, and I am here: two writes, done on the store thread so that a
        held lock never delays the first frame."""
        from .store import members, presence

        try:
            await self.db(members.ensure)
            self.session_id = await self.db(presence.join)
        except Exception:  # noqa: BLE001 - a read-only or busy workspace can still be read
            self.session_id = None
            return
        self.refresh_header()

    @staticmethod
    def _collect_garbage_again() -> None:
        """After the first frame, if `main()` paused the collector: what start-up built
        stays (frozen, so collections never walk it again), and collecting resumes."""
        import gc

        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _read_header_facts(self) -> HeaderFacts:
        """Who I am, and who else is here now."""
        from .store import members, presence

        me = members.get(self.store, self.store.user)
        return HeaderFacts(
            AREAS, self.db_path.name,
            name=me["display_name"] if me else self.store.user,
            lead=bool(me and me["role"] == "lead"),
            others=tuple(row["display_name"] for row in presence.online(self.store, self.session_id)),
        )

    def display_name(self, login: str) -> str:
        """A member's display name (their login if they are not a member)."""
        from .store import members

        return members.display_name(self.store, login)

    def refresh_header(self) -> None:
        """Read the header's facts again and redraw the header."""
        self.header_facts = self._read_header_facts()
        for header in self.screen.query("#header"):
            header.refresh()

    def watch_theme(self, theme: str) -> None:
        if self.settings.theme != theme:
            self.settings.theme = theme
            self.settings.save()

    # -- live refresh ------------------------------------------------------------------

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def watch_workspace(self) -> None:
        from .store.watch import watch

        await watch(self.db_path, self.workspace_changed, on_ready=self._now_watching)

    def _now_watching(self) -> None:
        self.watching = True

    def workspace_changed(self) -> None:
        """Some connection committed: reload the screens and say what others did."""
        from .store import activity

        for screen in list(self.area_screens):
            screen.workspace_changed()
        self.refresh_header()
        news = activity.since(self.store, self.last_activity_id)
        if news:
            self.last_activity_id = news[-1]["id"]

        for text in self._notices([row for row in news if row["actor"] != self.store.user]):
            self.notify(text, markup=False, timeout=4)

    def _notices(self, rows: list[dict]) -> list[str]:
        """What to say about others' work: one line per sentence (a move that stamps several
        fields, or notes saved while someone types, say the same thing many times), nothing
        said again within a minute, at most three at once."""
        import time

        from .notices import describe
        from .store import members

        names = members.names(self.store)
        now = time.monotonic()
        said = self._said_recently
        for sentence in [s for s, at in said.items() if now - at > 60]:
            del said[sentence]
        fresh: list[str] = []
        for row in rows:
            sentence = describe(row, names)
            if sentence and sentence not in said and sentence not in fresh:
                fresh.append(sentence)
        for sentence in fresh[-3:]:
            said[sentence] = now
        return fresh[-3:]

    # -- actions -----------------------------------------------------------------------

    def action_switch_area(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    async def action_switch_language(self) -> None:
        language = i18n.other_language()
        i18n.set_language(language)
        self.settings.language = language
        self.settings.save()
        await self.retranslate()
        self.notify(_("Language: English") if language == "en" else _("Language: 简体中文"), timeout=2)

    async def retranslate(self) -> None:
        """Redraw the current area's screens; other areas redraw when next shown."""
        for screen in list(self.screen_stack):
            handler = getattr(screen, "on_language_changed", None)
            if handler is not None:
                await handler()
        self.screen.refresh_bindings()

    def action_weekly_report(self) -> None:
        from .screens.report import ReportScreen

        self.push_screen(ReportScreen(area=self.current_mode))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if not HuddlePalette.is_open(self):
            self.push_screen(HuddlePalette(id="--command-palette", placeholder_msgid=N_("Search for commands…")))

    def action_change_theme(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(HuddlePalette(providers=[ThemeProvider], placeholder_msgid=N_("Search for themes…")))

    def palette_commands(self) -> list[PaletteCommand]:
        commands = [
            command(N_("Go to {area}"), N_("Switch to this area"), partial(self.action_switch_area, area.mode), area=area.title)
            for area in AREAS
        ]
        commands += [
            command(N_("Weekly report"), N_("Preview the client's weekly progress report, then export it"),
                    self.action_weekly_report),
            command(N_("Switch language"), N_("中文 ⇄ English"), self.action_switch_language, key=self.key_of("language")),
            command(N_("Help: keys"), N_("Every key of this screen"), self.action_help, key=self.key_of("help")),
            command(N_("Theme"), N_("Change the colour theme (remembered)"), self.action_change_theme),
            command(
                N_("Screenshot"), N_("Save an SVG screenshot of this screen"),
                lambda: self.set_timer(0.1, self.take_screenshot),
            ),
            command(N_("Quit"), N_("Quit Huddle"), self.action_quit),
        ]
        return commands

    def get_system_commands(self, screen: Screen):
        """Textual's hook for its system-commands provider (not in `COMMANDS`: the same
        commands are in `palette_commands`)."""
        for item in self.palette_commands():
            yield SystemCommand(item.title, item.help, item.callback)

    def take_screenshot(self) -> None:
        """Save the screen as SVG in the current folder and say where, in the active
        language (Textual's own delivery says it in English, as markup)."""
        try:
            path = self.save_screenshot()
        except OSError as error:
            self.notify(_("Could not save the screenshot: {error}").format(error=error), severity="error", markup=False)
            return
        self.notify(_("Saved the screenshot to {path}").format(path=Path(path).resolve()), markup=False, timeout=6)

    async def action_quit(self) -> None:
        """`ctrl+q`: quit at once, unless a form holds unsaved typing; then ask first. The
        draft is kept either way (it is on disk), so it is offered back next time."""
        from .widgets.form import ConfirmScreen, FormScreen

        if isinstance(self.screen, ConfirmScreen):
            self.exit()
            return
        dirty = [screen for screen in self.screen_stack if isinstance(screen, FormScreen) and screen.dirty]
        if not dirty:
            self.exit()
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(
            ConfirmScreen(
                lambda: _("Quit with a form half filled? What you typed is kept as a draft and offered back next time."),
                yes=N_("Quit"), no=N_("Keep editing"),
            ),
            answered,
        )

    def action_help_quit(self) -> None:
        """ctrl+c with nothing to copy: say how to quit (Textual says it in English)."""
        self.notify(_("Press {key} to quit Huddle.").format(key=self.key_of("quit")), title=_("Quit?"), markup=False)

    def key_of(self, binding_id: str) -> str:
        """The key bound to `binding_id` now, as the footer shows it (a keymap may have
        moved it); "" when nothing on this screen binds it."""
        from .widgets.bound import key_of

        return key_of(self.screen, binding_id)

    # -- helpers for screens -------------------------------------------------------------

    def show_error(self, error: Exception) -> None:
        """A store error as a notification: its text is already in the active language."""
        self.notify(str(error), severity="error", markup=False, timeout=8)

    async def on_unmount(self) -> None:
        """Leave without waiting: the session row goes if the lock is free within a moment;
        otherwise the next person to join sweeps it (its process is gone)."""
        from .store import presence

        if self._store_thread is not None:
            thread = self._store_thread
            if self.session_id:
                thread.leave_later(presence.leave, self.session_id)
            thread.close()
        if self._owns_store and self._store is not None:
            self._store.close()


def run_app(db_path: Path, opts: Options) -> None:
    """Run the app; a crash (Textual prints the traceback) exits with status 1, never 0."""
    import sys

    app = HuddleApp(db_path, settings=opts.settings, language=opts.language)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
