"""Shared fixtures. Every test runs with its own config, data and draft folders (never the
developer's own), as user `wangfang` (a lead in the demo), in English, on a frozen clock:
Friday 2026-11-27, 10:00 UTC.

The frozen "today" reaches every `huddle` subprocess too, through `$HUDDLE_TODAY` and
`$HUDDLE_NOW` (which the store honours), so nothing depends on the machine's calendar.
`$HUDDLE_TEST_TODAY` moves the whole frozen day (`tests/test_frozen_clock.py` runs the
date-sensitive tests on another day to prove it)."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tui import demo, i18n
from tui.config import Settings
from tui.store import members
from tui.store.db import Store

TODAY = date.fromisoformat(os.environ.get("HUDDLE_TEST_TODAY") or "2026-11-27")
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC)
USER = "wangfang"


class Clock:
    """A settable clock; `advance()` moves it on."""

    def __init__(self, now: datetime = NOW) -> None:
        self.moment = now

    def __call__(self) -> str:
        return self.moment.isoformat(timespec="seconds")

    def advance(self, **delta) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture(autouse=True)
def isolated(tmp_path_factory, monkeypatch):
    _isolate(monkeypatch, tmp_path_factory.mktemp("home"))
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def _isolate(monkeypatch, home: Path) -> None:
    monkeypatch.setenv("HUDDLE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("HUDDLE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("HUDDLE_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("HUDDLE_DB", raising=False)
    monkeypatch.delenv("HUDDLE_LANG", raising=False)
    # Acting as `wangfang` whatever the real login (tests run as root or in private
    # folders: the only places `tui.store.identity` honours it); $USER is never read.
    monkeypatch.setenv("HUDDLE_AS_LOGIN", USER)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("HUDDLE_TODAY", TODAY.isoformat())
    monkeypatch.setenv("HUDDLE_NOW", NOW.isoformat())
    import time

    time.tzset()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make_store(path: Path, clock: Clock, user: str = USER) -> Store:
    return Store(path, user=user, clock=clock, today=lambda: TODAY)


@pytest.fixture
def store(tmp_path, clock) -> Store:
    """An empty workspace whose first member (a lead) is `wangfang`."""
    s = make_store(tmp_path / "workspace.db", clock)
    members.ensure(s, USER, "王芳")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo workspace, made once per test process (as `huddle demo` makes it, in the
    tests' environment); `demo_store` gives each test its own copy of the file."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, tmp_path_factory.mktemp("home"))
        s = make_store(path, Clock())
        demo.seed(s)
        s.close()  # the last connection: SQLite folds the WAL into the file
    import time

    time.tzset()  # the process's zone back (each test sets TZ again)
    return path


@pytest.fixture
def demo_store(tmp_path, clock, demo_template) -> Store:
    """The demo workspace, as `huddle demo` makes it, seen by `wangfang` (a lead): a copy of
    the file `demo_template` made (seeding it takes ~0.1 s, and hundreds of tests use it)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    shutil.copymode(demo_template, path)
    s = make_store(path, clock)
    yield s
    s.close()


def make_app(store: Store, language: str = "en", live: bool = False, **kwargs):
    from tui.app import HuddleApp

    return HuddleApp(store.path, store=store, settings=Settings(), language=language, live=live, **kwargs)


def visible_text(app) -> str:
    """Every Static on the current screen, as drawn (headings, panels, detail panes)."""
    from textual.widgets import Static

    return "\n".join(str(w.render()) for w in app.screen.walk_children(with_self=False) if isinstance(w, Static))


async def open_ledger(pilot, area_key: str, area: str, item_key: str):
    """Open an area by its number key and put the cursor on `item_key`."""
    await pilot.press(area_key)
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.AREA == area
    assert screen.table.move_to_key(item_key)
    await pilot.pause()
    return screen


# -- letting the app settle ------------------------------------------------------------
#
# Store work runs on the app's store thread (`HuddleApp.db`), inside workers. A test that
# presses ctrl+s and then `await pilot.pause()` means "let the app finish what that key
# started": so `pause()` (with no delay) also waits for the app's finite workers (saves,
# moves, joining the workspace; never the endless watcher) and the screen updates they
# cause.
from textual.pilot import Pilot  # noqa: E402

_pause = Pilot.pause


async def _pause_until_settled(self, delay: float | None = None) -> None:
    await _pause(self, delay)
    if delay is not None:
        return
    for _round in range(100):
        pending = [w for w in self.app.workers if w.group != "watch" and not w.is_finished]
        if pending:
            await self.app.workers.wait_for_complete(pending)
        elif self.app.screen._callbacks:  # what waits for the repaint `pause()` just made
            await asyncio.sleep(0)
        else:
            return
        await _pause(self)


Pilot.pause = _pause_until_settled  # type: ignore[method-assign]

# Textual's test harness waits after every key (twice) and every `pause()` until the
# process looks idle, sampling in 20 ms steps (`textual._wait`): most of a Pilot test's
# time was spent asleep in those steps. The same test of idleness (under 5 % of a step
# spent on the CPU) in 5 ms steps settles as surely, four times sooner; `pause()` above
# also waits for what was set to run after the repaint (`call_after_refresh`), which
# a 20 ms step used to leave time for.
import textual._wait as _textual_wait  # noqa: E402

_textual_wait.SLEEP_GRANULARITY = 0.005
_textual_wait.SLEEP_IDLE = _textual_wait.SLEEP_GRANULARITY / 20

# No animations under test: a smooth scroll (`end` in a long help, a page key) plays out in
# real time before the harness lets the next key go (Textual waits for the animator), and
# only its end state is ever checked. `TEXTUAL_ANIMATIONS=none` is what Textual offers for
# this; it is read when Textual is first imported (a pytest plugin imports it before this
# file), so the constant every new App reads is set here too.
import textual.constants as _textual_constants  # noqa: E402

os.environ["TEXTUAL_ANIMATIONS"] = "none"
_textual_constants.TEXTUAL_ANIMATIONS = "none"

# Every App parses every stylesheet again (Huddle's and each widget's DEFAULT_CSS): ~15 % of
# the suite's CPU went to tokenizing the same CSS hundreds of times. Within one App Textual
# keeps what it parsed (keyed by the CSS and where it came from); here that cache is shared
# by the test process's Apps, keyed also by the theme's variables the rules were parsed with.
from textual.css.stylesheet import Stylesheet  # noqa: E402

_parsed_css: dict[tuple, list] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
    key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
    rules = _parsed_css.get(key)
    if rules is None:
        rules = _parsed_css[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]


def form_error(form) -> str:
    """Every error a form shows: under the field it names, or above the buttons."""
    shown = [str(w.render()) for w in form.query(".field-error.-shown")]
    shown += [str(w.render()) for w in form.query("#form-error")]
    return "\n".join(text for text in shown if text)
