"""Hypothesis drives any text through the note form and the screens that show it: it is
stored exactly as typed and shown without markup, escapes or crashes."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Static

from conftest import TODAY, USER, Clock, make_app, make_store
from tui.store import members, standup

# Text a person might paste: anything, with extra weight on markup, escapes, CJK and emoji.
NASTY = st.sampled_from(["[bold]", "[/]", "[/bold]", "[@click=app.quit]", "[link=x]", "\x1b[31m", "\x1b]0;t\x07", "\x00", "\r\n", "\t", "客户", "🚀", "👩‍💻", "é", "\u200b", "\u202e"])
TEXT = st.lists(st.one_of(st.text(max_size=20), NASTY), max_size=12).map("".join)


async def type_and_show(path: Path, yesterday: str, today: str, blockers: str) -> None:
    store = make_store(path, Clock())
    members.ensure(store, USER, "王芳")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "n")
        form = app.screen
        for name, value in (("yesterday", yesterday), ("today", today), ("blockers", blockers)):
            form.query_one(f"#field-{name}").text = value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = standup.get(store, TODAY, USER)
        if standup.Note(yesterday, today, blockers).is_empty():
            assert row is None
            # the message shows where it belongs: under the field it names, or above the
            # buttons when it names none
            shown = [str(w.render()) for w in form.query(".field-error.-shown")]
            shown.append(str(form.query_one("#form-error", Static).render()))
            assert any("empty" in text for text in shown)
            return
        # TextArea normalises line endings; everything else is kept exactly
        assert row["today"] == form.values["today"]
        assert row["blockers"] == form.values["blockers"]
        detail = str(app.screen.query_one("#standup-detail-text", Static).render())
        assert "\x1b" not in detail and "\x00" not in detail
        str(app.screen.query_one("#standup-board", DataTable).get_row(USER)[1])
        await pilot.press("1")
        await pilot.pause()
        assert app.is_running
    store.close()


@settings(max_examples=15, deadline=None)
@given(yesterday=TEXT, today=TEXT, blockers=TEXT)
def test_any_text_through_the_note_form(yesterday, today, blockers):
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(type_and_show(Path(folder) / "w.db", yesterday, today, blockers))


# -- meeting mode: walking the room writes no note ------------------------------------------

MEETING_KEYS = st.lists(
    st.sampled_from(["n", "p", "a", "ctrl+n", "ctrl+b", "space", "plus", "minus", "enter escape"]),
    max_size=20,
)


async def walk_the_room(path: Path, keys: list[str]) -> None:
    from datetime import timedelta

    store = make_store(path, Clock())
    members.ensure(store, USER, "王芳")
    for login, name in (("alice", "Alice"), ("bob", "Bob"), ("liming", "李明")):
        members.ensure(store, login, name)
    yesterday = TODAY - timedelta(days=1)
    standup.save(store, yesterday, "liming", standup.Note("a", "b", "测试环境连不上"), expected_version=None)
    standup.save(store, yesterday, "bob", standup.Note(today="yesterday's plan"), expected_version=None)
    standup.save(store, TODAY, "alice", standup.Note(today="posted", blockers="waiting"), expected_version=None)
    notes = store.query("SELECT * FROM standups ORDER BY id")
    logins = [row["login"] for row in standup.board(store, TODAY)]
    # the model: where the facilitator is, and how often each person was marked
    index, ended, marks = 0, False, dict.fromkeys(logins, 0)
    for key in keys:
        if ended:
            continue
        if key in ("n", "ctrl+n"):
            ended = index == len(logins) - 1
            index = index if ended else index + 1
        elif key in ("p", "ctrl+b"):
            index = max(0, index - 1)
        elif key == "a":
            marks[logins[index]] += 1
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "m")
        await pilot.pause()
        for key in keys:
            await pilot.press(*key.split())
        await pilot.pause()
        assert app.is_running
        assert app.screen.ended == ended
        if not ended:
            assert app.screen.speaker.login == logins[index]
    assert store.query("SELECT * FROM standups ORDER BY id") == notes
    assert standup.absent_logins(store, TODAY) == {login for login, count in marks.items() if count % 2}
    store.close()


@settings(max_examples=12, deadline=None)
@given(keys=MEETING_KEYS)
def test_any_walk_through_the_meeting_writes_no_note(keys):
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(walk_the_room(Path(folder) / "w.db", keys))
