"""The app, driven with Pilot: the shell, the standup flows, language switching."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import DataTable, Static, TextArea

from conftest import TODAY, USER, form_error, make_app, visible_text
from tui import i18n
from tui.store import members, standup
from tui.widgets.form import ConflictScreen, FormScreen

_text = visible_text


def days_ago(n: int) -> date:
    """A day relative to the suite's frozen today (negative: after it)."""
    return TODAY - timedelta(days=n)


def footer_keys(app) -> str:
    """The footer as drawn."""
    from tui.widgets.footer import HuddleFooter

    return str(app.screen.query_one(HuddleFooter).render())


async def test_starts_on_dashboard_with_todays_standup(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard"
        text = _text(app)
        assert "posted" in text and "Waiting for Nova" in text


async def test_number_keys_switch_areas(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        assert app.current_mode == "standup"
        await pilot.press("1")
        assert app.current_mode == "dashboard"


async def test_write_my_note_with_prefilled_yesterday(store):
    standup.save(store, days_ago(1), USER, standup.Note(today="Draft the SOW"), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-yesterday", TextArea).text == "Draft the SOW"
        assert app.focused.id == "field-today"
        await pilot.press(*"Review [bold]x[/] 合同")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = standup.get(store, TODAY, USER)
        assert row["today"] == "Review [bold]x[/] 合同"
        assert row["yesterday"] == "Draft the SOW"
        table = app.screen.query_one("#standup-board", DataTable)
        assert "Review [bold]x[/] 合同" in str(table.get_row(USER)[1])


async def test_a_new_days_note_starts_from_the_open_blocker_and_clearing_it_is_explicit(store):
    standup.save(store, days_ago(1), USER, standup.Note(today="Draft the SOW", blockers="VPN down"), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        form = app.screen
        assert form.query_one("#field-blockers", TextArea).text == "VPN down"
        await pilot.press(*"Review the SOW", "ctrl+s")
        await pilot.pause()
        assert standup.get(store, TODAY, USER)["blockers"] == "VPN down"
        assert [row["since"] for row in standup.open_blockers(store, TODAY)] == [days_ago(1).isoformat()]
        await pilot.press("n")
        form = app.screen
        form.query_one("#field-blockers", TextArea).text = ""
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert standup.get(store, TODAY, USER)["blockers"] == ""
    assert standup.open_blockers(store, TODAY) == []


async def test_empty_note_gets_a_message_and_keeps_the_form(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n", "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "empty" in form_error(app.screen)


async def test_escape_on_a_dirty_form_asks_first(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n", "a", "b", "escape")
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values["today"] == "ab"
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, FormScreen)
        assert standup.get(store, TODAY, USER) is None


async def test_conflict_shows_both_and_keeps_my_draft(store, clock):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        standup.save(store, TODAY, USER, standup.Note(today="first"), expected_version=None)
        await pilot.press("2", "n")
        form = app.screen
        # Someone else (the facilitator) saves while I type.
        members.ensure(store, "liming", "李明")
        store.user = "liming"
        standup.save(store, TODAY, USER, standup.Note(today="theirs", blockers="B"), expected_version=1)
        store.user = USER
        form.query_one("#field-today", TextArea).text = "mine"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        # only "today" clashes (both changed it); their blockers, which I never touched,
        # are merged in without a question
        assert set(app.screen.choice) == {"today"}
        assert "Will keep yours." in str(app.screen.query_one("#verdict-today").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = standup.get(store, TODAY, USER)
        assert (row["today"], row["blockers"], row["version"]) == ("mine", "B", 3)


async def test_draft_survives_a_crash(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n", *"unsaved work")
        await pilot.pause()
    # the app is gone without saving; a new one offers the draft back
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        form = app.screen
        assert form.query_one("#field-today", TextArea).text == "unsaved work"
        assert form.restored_from is not None
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert standup.get(store, TODAY, USER)["today"] == "unsaved work"


async def test_previous_and_next_day(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "left_square_bracket")
        assert app.screen.day == days_ago(1)
        assert "(yesterday)" in str(app.screen.query_one("#standup-day", Static).render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.screen.day == days_ago(-1)
        await pilot.press("t")
        assert app.screen.day == TODAY


async def test_edit_someone_elses_note_from_the_board(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "g", "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Alice Chen" in form.subtitle
        await pilot.press("end", *" (edited)", "ctrl+s")
        await pilot.pause()
    assert standup.get(demo_store, TODAY, "alice")["today"].endswith(" (edited)")


async def test_meeting_walks_the_room_and_ends_on_a_summary(demo_store):
    app = make_app(demo_store)
    app.settings.standup_minutes = 0.5
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "m")
        meeting = app.screen
        assert type(meeting).__name__ == "MeetingScreen"
        first = meeting.speaker
        assert first.name == "Alice Chen"
        first.elapsed = 45  # ran over the 30 s limit
        meeting.show_clock()
        assert "over time" in str(meeting.query_one("#meeting-clock", Static).render())
        await pilot.press("n")  # Bob
        await pilot.press("a")  # Bob is absent
        await pilot.press("n")  # root/others...
        speaker = meeting.speaker
        await pilot.press("enter")
        assert app.focused.id == "meeting-today"
        await pilot.press(*"typed by the facilitator")
        await pilot.press("ctrl+n")  # save and move on while typing
        await pilot.pause()
        assert standup.get(demo_store, TODAY, speaker.login)["today"].endswith("typed by the facilitator")
        await pilot.press("escape", "e")
        await pilot.pause()
        assert meeting.ended
        summary = str(meeting.query_one("#meeting-summary-text", Static).render())
        assert "Present" in summary and "Absent" in summary and "over time" in summary
        assert "Bob Smith" in summary.split("Absent")[1]
        await pilot.press("q")
        assert type(app.screen).__name__ == "StandupScreen"


async def test_f2_switches_every_visible_string(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        assert "My note" in footer_keys(app)
        await pilot.press("f2")
        await pilot.pause()
        assert i18n.get_language() == "zh_CN"
        assert "我的记录" in footer_keys(app)
        table = app.screen.query_one("#standup-board", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["成员", "今天", "阻碍"]
        assert "站会" in str(app.screen.query_one("#header").render())
        assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in str(app.screen.query_one("#standup-day", Static).render())
        await pilot.press("1")  # another area redraws in Chinese too
        await pilot.pause()
        assert "已填写 3/6" in _text(app)
        await pilot.press("f2")
        assert i18n.get_language() == "en"
    assert app.settings.language == "en"


async def test_f2_keeps_an_open_form_and_its_text(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n", *"half typed")
        await pilot.press("f2")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-today", TextArea).text == "half typed"
        assert "保存" in str(form.query_one("#form-save").label)


async def test_help_lists_the_screens_keys_in_the_active_language(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "question_mark")
        help_screen = app.screen
        table = help_screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "前一天" in rows and "开会" in rows and "退出" in rows
        await pilot.press("escape")
        assert type(app.screen).__name__ == "StandupScreen"


async def test_palette_is_translated_and_matches_english(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert palette.query_one("Input").placeholder == "搜索命令…"
        await pilot.press(*"standup")
        await pilot.pause(0.3)
        from textual.command import CommandList

        options = palette.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("站会" in p for p in prompts)


@pytest.mark.parametrize("text", [
    "[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "[link=http://x]y[/link]",
    "\x1b[31mred\x1b[0m", "nul\x00\x07", "客户反馈：很慢 🚀🚀", "长" * 10_000,
])
async def test_hostile_text_shows_literally_on_every_screen(store, text):
    members.ensure(store, "evil", text[:200] or "x")
    standup.save(store, TODAY, USER, standup.Note(text, text, text), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in (["1"], ["2"], ["2", "e"], ["escape", "m"], ["e"], ["q", "question_mark"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running
        await pilot.press("escape", "2")
        detail = str(app.screen.query_one("#standup-detail-text", Static).render())
        if text.startswith("[bold]"):
            assert "[bold]x[/]" in detail
        assert "\x1b" not in detail
    assert app.return_code in (None, 0)


async def test_theme_choice_is_remembered(store):
    from tui.config import Settings

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert Settings.load().theme == "nord"
    from tui.app import HuddleApp

    restored = HuddleApp(store.path, store=store, settings=Settings.load(), live=False)
    assert restored.theme == "nord"


async def test_palette_command_switches_area(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"go to standup")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "standup"


async def test_board_detail_names_the_key_that_writes_a_missing_note(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "g", "j", "j")
        await pilot.pause()
        detail = str(app.screen.query_one("#standup-detail-text", Static).render())
        assert "张伟" in detail and "当天还没有记录。按 e 填写。" in detail


def add_projects(store, *keys):
    from tui.store import projects

    names = {"ACME": ("ACME portal", "ACME Corp"), "NOVA": ("Nova banking", "诺瓦银行")}
    for key in keys:
        projects.add(store, key, *names[key])


def wait_trail(store):
    return [(r["field"], r["new"]) for r in store.query(
        "SELECT field, new FROM activity WHERE field IN ('blockers_wait_on_client', 'blockers_project') ORDER BY id")]


@pytest.mark.parametrize("language, title, flag", [
    ("en", "Which client does this blocker wait on?", "Waits on the client 诺瓦银行 (NOVA): shown in that project's weekly report only."),
    ("zh_CN", "这条阻碍需要哪个客户处理？", "等待客户处理（诺瓦银行，NOVA）：只出现在该项目的周报中。"),
])
async def test_b_asks_which_clients_project_a_blocker_waits_on(store, language, title, flag):
    from textual.widgets import Select

    add_projects(store, "ACME", "NOVA")
    standup.save(store, TODAY, USER, standup.Note(today="x", blockers="Waiting for Nova's VPN account"),
                 expected_version=None)
    app = make_app(store, language)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "B")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "waits-on-form"
        assert title in visible_text(app)
        assert "Waiting for Nova's VPN account" in visible_text(app)  # what it is about
        assert form.query_one("#field-project", Select).value == "NOVA"  # the guess: its text names Nova
        await pilot.press("escape")  # cancels: nothing changes
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert standup.get(store, TODAY, USER)["blockers_wait_on_client"] == 0 and wait_trail(store) == []
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = standup.get(store, TODAY, USER)
        assert (row["blockers_wait_on_client"], row["blockers_project"]) == (1, "NOVA")
        assert flag in visible_text(app)
        board = app.screen.query_one("#standup-board", DataTable)
        assert "⚑ NOVA · Waiting for Nova" in str(board.get_row(USER)[2])
        await pilot.press("B")  # the same key makes it internal again, without a question
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = standup.get(store, TODAY, USER)
        assert (row["blockers_wait_on_client"], row["blockers_project"]) == (0, None)
    assert wait_trail(store) == [("blockers_wait_on_client", "1"), ("blockers_project", "NOVA"),
                                 ("blockers_wait_on_client", "0"), ("blockers_project", None)]


async def test_the_chosen_project_is_recorded_whatever_the_guess(store):
    from textual.widgets import Select

    add_projects(store, "ACME", "NOVA")
    standup.save(store, TODAY, USER, standup.Note(today="x", blockers="No test account yet"), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "B")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-project", Select).value == Select.NULL  # no guess: nothing preselected
        await pilot.press("ctrl+s")  # a project must be chosen
        await pilot.pause()
        assert "Project is required" in form_error(form)
        form.query_one("#field-project", Select).value = "ACME"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert standup.get(store, TODAY, USER)["blockers_project"] == "ACME"


async def test_with_one_active_project_b_asks_nothing(store):
    add_projects(store, "ACME")
    standup.save(store, TODAY, USER, standup.Note(today="x", blockers="Waiting for the client's VPN"), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "Internal blocker" in visible_text(app)
        await pilot.press("B")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert standup.get(store, TODAY, USER)["blockers_project"] == "ACME"
        assert "Waits on the client ACME Corp (ACME)" in visible_text(app)
        await pilot.press("B")
        await pilot.pause()
        assert standup.get(store, TODAY, USER)["blockers_wait_on_client"] == 0


async def test_without_a_blocker_or_a_project_b_says_why_and_changes_nothing(store):
    standup.save(store, TODAY, USER, standup.Note(today="x", blockers="VPN"), expected_version=None)
    app = make_app(store)
    notices = []
    app.show_error = lambda error: notices.append(str(error))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "B")  # no project at all
        await pilot.pause()
        await app.workers.wait_for_complete()
        standup.update(store, TODAY, USER, {"blockers": ""})
        app.screen.refresh_data()
        await pilot.press("B")  # no blocker
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert len(notices) == 2 and "no active project" in notices[0] and "no blocker" in notices[1]
    assert wait_trail(store) == []
