"""The Meetings area driven with Pilot: notes typed live (saved on the store thread after a
pause, a draft on every change, a clash with someone else's notes asked about), a
decision and an action item with one key each (while typing, and from the list), an
action item that is a promise becoming a commitment, a new meeting, the minutes exported
through the export dialog, both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, TextArea

from conftest import make_app, make_store, visible_text
from tui import drafts
from tui.screens import AREAS
from tui.screens import meetings as meetings_screen
from tui.screens.meetings import (
    ACTION_KEY,
    DECISION_KEY,
    MeetingNotesScreen,
    MeetingsScreen,
)
from tui.store import (
    activity,
    changes,
    commitments,
    meetings,
    members,
    projects,
    requirements,
)
from tui.widgets.export import ExportScreen
from tui.widgets.form import ConflictScreen, FormScreen


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal", "ACME 集团", client_lang="zh_CN")
    members.add(store, "liming", "李明")
    requirements.create(store, {"project": "ACME", "title": "月度报表"})
    changes.add(store, "按区域筛选", project="ACME")
    meetings.add(store, "Kick-off", project="ACME", day="2026-11-20", attendees=["wangfang"])
    meetings.add(store, "报表需求调研", project="ACME", day="2026-11-26", kind="workshop",
                 attendees=["wangfang", "liming"], client_attendees=["刘总 (ACME 信息部)"])
    return store


@pytest.fixture
def quick_save(monkeypatch):
    monkeypatch.setattr(meetings_screen, "SAVE_AFTER", 0.3)


async def open_list(pilot, key: str = "MT-2") -> MeetingsScreen:
    await pilot.press("8")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingsScreen)
    assert screen.table.move_to_key(key)
    await pilot.pause()
    return screen


async def open_meeting(pilot, key: str = "MT-2") -> MeetingNotesScreen:
    await open_list(pilot, key)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingNotesScreen) and screen.key == key
    assert pilot.app.focused.id == "mt-notes"  # typing goes straight into the notes
    return screen


def notifications(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def screen_text(app) -> str:
    """What the screen shows in words: its Statics and the meeting's action items."""
    from tui.screens.meetings import ActionItems

    items = [str(item.get_option_at_index(i).prompt) for item in app.screen.query(ActionItems)
             for i in range(item.option_count)]
    return "\n".join([visible_text(app), *items])


async def test_list_newest_first_and_filter(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_list(pilot, "MT-2")
        assert screen.table.row_count == 2
        screen.table.action_first()
        await pilot.pause()
        assert screen.table.cursor_key == "MT-2"  # newest first
        await pilot.press("slash", *"kick")
        await pilot.pause()
        assert screen.table.row_count == 1 and screen.table.cursor_key == "MT-1"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.row_count == 2
        assert "2 meetings" in visible_text(app)


async def test_take_notes_live(ws, quick_save):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press(*"Liu: PDF report by 9am")
        await pilot.pause(0.6)
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == "Liu: PDF report by 9am"
        assert screen.base == "Liu: PDF report by 9am"
        assert drafts.load(app.db_path, screen.draft_key) is None
        assert "Saved" in visible_text(app)
        await pilot.press("enter", *"more")
        await pilot.pause(0.6)
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == "Liu: PDF report by 9am\nmore"
        edits = [a for a in activity.for_key(ws, "MT-2") if a["field"] == "notes"]
        assert len(edits) == 2 and all(a["new"] is None for a in edits)  # the trail holds no copies


async def test_every_keystroke_is_in_a_draft_until_saved(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press(*"typed")
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == ""  # not yet: typing has not paused long enough
        draft = drafts.load(app.db_path, screen.draft_key)
        assert draft["values"] == {"notes": "typed", "base": "", "version": 1}
        assert "Not saved yet" in visible_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == "typed"
        assert drafts.load(app.db_path, screen.draft_key) is None


async def test_escape_saves_and_goes_back(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(pilot)
        await pilot.press(*"last words", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert meetings.get(ws, "MT-2")["notes"] == "last words"
        assert "last words" in visible_text(app)  # the list's detail pane reloaded


async def test_a_draft_comes_back_after_a_crash(ws):
    app = make_app(ws)
    drafts.save(ws.path, "meetings/MT-2/notes", {"notes": "typed before the crash", "base": "", "version": 1})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        assert screen.notes.text == "typed before the crash"
        assert "Restored your unsaved notes" in visible_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == "typed before the crash"


@pytest.mark.parametrize("choice, kept", [("y", "mine"), ("t", "theirs")])
async def test_someone_else_changed_the_notes(ws, choice, kept):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        other = make_store(ws.path, ws.clock, user="liming")
        meetings.save_notes(other, "MT-2", "李明记的", version=1, base="")
        other.close()
        await pilot.press(*"mine")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert meetings.get(ws, "MT-2")["notes"] == "李明记的"  # nothing overwritten
        await pilot.press(choice, "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        expected = "mine" if kept == "mine" else "李明记的"
        assert meetings.get(ws, "MT-2")["notes"] == expected
        assert screen.notes.text == expected and screen.base == expected


async def test_others_notes_appear_when_nobody_types_here(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        other = make_store(ws.path, ws.clock, user="liming")
        meetings.save_notes(other, "MT-2", "李明记的", version=1, base="")
        other.close()
        screen.workspace_changed()
        await pilot.pause()
        assert screen.notes.text == "李明记的" and screen.base == "李明记的"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_decision_with_one_key_while_typing(ws, language):
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press(*"notes so far")
        await pilot.press(DECISION_KEY)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-text"
        await pilot.press(*"Monthly report by region")
        form.query_one("#field-links", Input).value = "req-1, CR-1"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        decision = meetings.decisions(ws, "MT-2")[0]
        assert (decision["text"], decision["links"]) == ("Monthly report by region", ["REQ-1", "CR-1"])
        for key in ("REQ-1", "CR-1"):
            assert activity.for_key(ws, key)[0]["action"] == "decision"
        assert "Monthly report by region" in visible_text(app)
        assert screen.notes.text == "notes so far"  # what was typed is still there
        assert "REQ-1" in notifications(app)


async def test_a_decision_about_an_unknown_item_is_refused_in_the_form(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(pilot)
        await pilot.press(DECISION_KEY)
        await pilot.pause()
        form = app.screen
        await pilot.press(*"x")
        form.query_one("#field-links", Input).value = "REQ-99"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused.id == "field-links"
        assert "REQ-99" in str(form.error)
        assert meetings.decisions(ws, "MT-2") == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_action_item_with_one_key_becomes_a_commitment(ws, language):
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press(ACTION_KEY)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-text"
        await pilot.press(*"Send the minutes to Liu")
        form.query_one("#field-owner", Select).value = "liming"
        form.query_one("#field-due", Input).value = "2026-12-02"
        form.query_one("#field-kind", Select).value = "promise"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        action = meetings.actions(ws, "MT-2")[0]
        assert (action["text"], action["owner"], action["due"], action["commitment"]) == (
            "Send the minutes to Liu", "liming", "2026-12-02", "CM-1")
        cm = commitments.get(ws, "CM-1")
        assert (cm["promise"], cm["owner"], cm["due"], cm["to_whom"], cm["project"]) == (
            "Send the minutes to Liu", "liming", "2026-12-02", "刘总 (ACME 信息部)", "ACME")
        assert "CM-1" in screen_text(app) and "CM-1" in notifications(app)


async def test_team_task_stays_a_task(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(pilot)
        await pilot.press(ACTION_KEY)
        await pilot.pause()
        await pilot.press(*"Draft the prototype", "ctrl+s")
        await pilot.pause()
        action = meetings.actions(ws, "MT-2")[0]
        assert (action["owner"], action["due"], action["commitment"]) == ("wangfang", "2026-12-04", None)
        assert commitments.list_rows(ws) == []


async def test_the_keys_work_on_the_list_too(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_list(pilot, "MT-1")
        await pilot.press(DECISION_KEY)
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Go", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen and len(meetings.decisions(ws, "MT-1")) == 1
        await pilot.press(ACTION_KEY)
        await pilot.pause()
        await pilot.press(*"Do", "ctrl+s")
        await pilot.pause()
        assert len(meetings.actions(ws, "MT-1")) == 1
        assert "Go" in visible_text(app) and "Do" in visible_text(app)


async def test_keys_are_shown_and_mean_nothing_else_in_the_app(ws):
    from importlib import import_module

    from textual.binding import Binding

    from tui.app import HuddleApp
    from tui.widgets.form import ConfirmScreen

    classes = [HuddleApp, FormScreen, ConfirmScreen, ConflictScreen, ExportScreen, TextArea, Input]
    for area in AREAS:
        module, name = area.screen.split(":")
        classes.append(getattr(import_module(module, "tui.screens"), name))
    for module in ("tui.screens.meeting", "tui.screens.milestones", "tui.screens.help"):
        found = import_module(module)
        classes += [v for v in vars(found).values() if isinstance(v, type) and hasattr(v, "BINDINGS")]
    for cls in classes:
        if cls in (MeetingsScreen, MeetingNotesScreen):
            continue
        for binding in cls.BINDINGS:
            keys = binding.key.split(",") if isinstance(binding, Binding) else [binding[0]]
            assert DECISION_KEY not in keys and ACTION_KEY not in keys, cls
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(pilot)
        footer = str(app.screen.query_one("HuddleFooter").render())
        assert "^r" in footer and "^t" in footer


async def test_new_meeting_opens_its_notes(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Weekly review")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = meetings.get(ws, "MT-3")
        assert (row["title"], row["project"], row["date"], row["attendees"]) == (
            "Weekly review", "ACME", "2026-11-27", "wangfang")
        assert isinstance(app.screen, MeetingNotesScreen) and app.screen.key == "MT-3"


async def test_edit_the_meeting(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "MT-2")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-client_attendees", TextArea).text = "刘总 (ACME 信息部)\n孙主管"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["client_attendees"] == "刘总 (ACME 信息部)\n孙主管"


@pytest.mark.parametrize("name, start", [("minutes.md", "# 会议纪要："), ("minutes.html", "<!DOCTYPE html>")])
async def test_export_the_minutes_in_the_clients_language(ws, tmp_path, name, start):
    meetings.decide(ws, "MT-2", "月报按区域汇总", "REQ-1")
    app = make_app(ws)  # the interface speaks English; the client reads Chinese
    async with app.run_test(size=(100, 30)) as pilot:
        await open_list(pilot, "MT-2")
        await pilot.press("E")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.path_text.endswith("MT-2-2026-11-26.md")
        dialog.query_one("#export-path", Input).value = str(tmp_path / name)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.startswith(start) and "月报按区域汇总" in text
        assert "Wrote the minutes" in notifications(app)


NASTY = ["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b", "x" * 5_000, "🎉", "l1\nl2"]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
async def test_nasty_text_displays(ws, text):
    ws.conn.execute("UPDATE meetings SET title = ?, notes = ?, client_attendees = ? WHERE key = 'MT-2'",
                    (text, text, text))
    ws.conn.execute("INSERT INTO meeting_decisions (meeting, text, links, created_at, created_by, updated_at,"
                    " updated_by) VALUES ('MT-2', ?, '', 'x', 'x', 'x', 'x')", (text,))
    app = make_app(ws, "zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        assert screen.notes.text == text.replace("\x00", "\x00")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


def test_others_meeting_work_reads_as_sentences(ws):
    from tui.notices import describe

    meetings.decide(ws, "MT-2", "Go", "REQ-1")
    meetings.add_action(ws, "MT-2", "Do", owner="liming", due="2026-12-01")
    meetings.save_notes(ws, "MT-2", "typed")
    said = [describe(row) for row in activity.since(ws, 0, 500) if row["key"] in ("MT-2", "REQ-1")][-4:]
    assert said == ["王芳 recorded a decision in MT-2", "王芳 recorded a decision about REQ-1 in MT-2",
                    "王芳 added an action item to MT-2", "王芳 is taking the notes of MT-2"]


async def test_f2_while_typing_keeps_the_notes(ws):
    app = make_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(pilot)
        await pilot.press(*"half a sentence")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen
        assert screen.notes.text == "half a sentence" and app.focused is screen.notes
        text = visible_text(app)
        assert "会议记录" in text and "尚未保存" in text
        await pilot.press(*" more", "ctrl+s")
        await pilot.pause()
        assert meetings.get(ws, "MT-2")["notes"] == "half a sentence more"


# -- a picked action item: done, not done, a promise to the client --------------------------------


@pytest.fixture
def tasks(ws):
    """MT-2 with a team task, a promise (CM-1) and another team task."""
    meetings.add_action(ws, "MT-2", "Draft the prototype", owner="liming", due="2026-12-01")
    meetings.add_action(ws, "MT-2", "Send the minutes", owner="wangfang", due="2026-12-02", promise=True)
    meetings.add_action(ws, "MT-2", "Export format with the client", owner="wangfang", due="2026-12-03")
    return ws


def footer(app) -> str:
    return str(app.screen.query_one("HuddleFooter").render())


async def pick(pilot, screen, number: int) -> None:
    """From the notes, `tab` to the action items and go down to item `number`."""
    await pilot.press("tab")
    await pilot.pause()
    assert pilot.app.focused is screen.action_items
    await pilot.press(*["j"] * (number - 1))
    await pilot.pause()


DONE_WORDS = {"en": ("Done: action item 3", "d again: not done", "Not done after all: action item 3", "done"),
              "zh_CN": ("已完成：第 3 项待办事项", "再按 d 可改回未完成", "已改回未完成：第 3 项待办事项", "已完成")}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_pick_an_action_item_and_mark_it_done_then_not_done(tasks, language):
    done_notice, again, undone_notice, done_word = DONE_WORDS[language]
    app = make_app(tasks, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        assert " d " not in footer(app)  # typing: single keys go into the notes
        await pilot.press("d")
        await pilot.pause()
        assert screen.notes.text == "d" and not any(a["done_at"] for a in meetings.actions(tasks, "MT-2"))
        await pilot.press("backspace")
        await pick(pilot, screen, 3)
        assert " d " in footer(app) and " K " in footer(app)
        await pilot.press("d")
        await pilot.pause()
        third = meetings.actions(tasks, "MT-2")[2]
        assert third["done_at"] == tasks.clock() and third["text"] == "Export format with the client"
        assert done_notice in notifications(app) and again in notifications(app)
        line = str(screen.action_items.get_option_at_index(2).prompt)
        assert line.startswith(" 3. ✓ Export format") and done_word in line
        assert app.focused is screen.action_items and screen.action_items.highlighted == 2
        assert activity.for_key(tasks, "MT-2", 1)[0]["action"] == "done"
        await pilot.press("d")  # again: not done
        await pilot.pause()
        assert meetings.actions(tasks, "MT-2")[2]["done_at"] is None
        assert undone_notice in notifications(app)
        assert "✓" not in str(screen.action_items.get_option_at_index(2).prompt)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is screen.notes and " K " not in footer(app)


async def test_a_promise_is_kept_in_commitments_not_done_here(tasks):
    app = make_app(tasks)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pick(pilot, screen, 2)
        await pilot.press("d")
        await pilot.pause()
        assert meetings.actions(tasks, "MT-2")[1]["done_at"] is None
        assert "is commitment CM-1: mark it kept in Commitments (6)" in notifications(app)
        await pilot.press("K")
        await pilot.pause()
        assert app.screen is screen and "is commitment CM-1 already" in notifications(app)


PROMISE_WORDS = {"en": ("Promised to (the client side)", "is now commitment CM-2, due 2026-12-01: it shows in "
                        "Commitments (6)"),
                 "zh_CN": ("承诺对象（客户方）", "已转为承诺 CM-2，2026-12-01 截止，可在“承诺”（6）中查看")}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_turn_a_team_task_into_a_promise(tasks, language):
    label, notice = PROMISE_WORDS[language]
    app = make_app(tasks, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pick(pilot, screen, 1)
        await pilot.press("K")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "meetings-promise-form"
        assert label in visible_text(app) and "Draft the prototype" in visible_text(app)
        field = form.query_one("#field-to_whom", Input)
        assert field.value == "刘总 (ACME 信息部)"  # who came from the client side
        field.value = "刘总"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and app.focused is screen.action_items
        first = meetings.actions(tasks, "MT-2")[0]
        assert (first["promise"], first["commitment"]) == (True, "CM-2")
        cm = commitments.get(tasks, "CM-2")
        assert (cm["promise"], cm["to_whom"], cm["owner"], cm["due"], cm["project"]) == (
            "Draft the prototype", "刘总", "liming", "2026-12-01", "ACME")
        assert notice in notifications(app)
        assert "CM-2" in str(screen.action_items.get_option_at_index(0).prompt)
        assert activity.for_key(tasks, "MT-2", 1)[0]["action"] == "promise"
        await pilot.press("escape")  # back to the list: 3 action items, 2 of them promises
        await pilot.pause()
        table = app.screen.table
        assert table.cursor_key == "MT-2"
        row = next(r for r in table.source.fetch(0, 10) if r["key"] == "MT-2")
        assert row["action_text"] in ("3 (2)", "3（2）")
        await pilot.press("6")  # the new commitment is in Commitments
        await pilot.pause()
        assert app.screen.table.move_to_key("CM-2")


async def test_a_done_task_is_not_promised_and_cancelling_changes_nothing(tasks):
    meetings.set_done(tasks, meetings.action_number(tasks, "MT-2", 3)["id"])
    app = make_app(tasks)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pick(pilot, screen, 3)
        await pilot.press("K")
        await pilot.pause()
        assert app.screen is screen and "is done: there is nothing left to promise" in notifications(app)
        await pilot.press("k", "k", "K")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and meetings.actions(tasks, "MT-2")[0]["commitment"] is None


async def test_the_action_item_keys_follow_the_keymap(tasks):
    from tui.app import HuddleApp
    from tui.config import Settings

    settings = Settings(keymap={"list.done": "y", "meeting_notes.promise": "P"})
    app = HuddleApp(tasks.path, store=tasks, settings=settings, language="en", live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        hint = str(screen.query_one("#mt-side-hint").render())
        assert "y: done" in hint and "P: a promise" in hint
        await pick(pilot, screen, 1)
        assert " y Done " in footer(app)
        await pilot.press("y")
        await pilot.pause()
        assert meetings.actions(tasks, "MT-2")[0]["done_at"] is not None
        assert "y again: not done" in notifications(app)


async def test_someone_else_marked_it_meanwhile(tasks):
    app = make_app(tasks)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(pilot)
        await pick(pilot, screen, 1)
        other = make_store(tasks.path, tasks.clock, user="liming")
        meetings.set_done(other, meetings.action_number(other, "MT-2", 1)["id"])
        await pilot.press("d")  # reads the item now: it is done, so d makes it not done
        await pilot.pause()
        assert meetings.actions(tasks, "MT-2")[0]["done_at"] is None
        assert "Not done after all" in notifications(app)


def test_others_done_and_promise_read_as_sentences(ws):
    from tui.notices import describe

    task = meetings.add_action(ws, "MT-2", "Do", owner="liming", due="2026-12-01")
    meetings.set_done(ws, task["id"])
    meetings.set_done(ws, task["id"], False)
    meetings.make_promise(ws, task["id"])
    said = [describe(row) for row in activity.since(ws, 0, 500) if row["key"] == "MT-2"][-3:]
    assert said == ["王芳 marked an action item of MT-2 done", "王芳 marked an action item of MT-2 not done",
                    "王芳 made an action item of MT-2 a promise: CM-1"]
