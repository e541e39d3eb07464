"""Meeting mode records what happened, nothing else: moving writes nothing, typing saves
only the typed fields, absence is stored and undoable, a conflict merges (and never
crashes), and an open blocker survives the meeting. Driven with Pilot on the demo
workspace (Alice Chen, Bob Smith, 张伟, 李明, 王芳, 陈静 in board order; 张伟 and 李明
have not posted today and carry a blocker from yesterday)."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from conftest import TODAY, make_app, make_store, visible_text
from tui.store import activity, standup
from tui.widgets.form import ConflictScreen


def notes(store) -> list[dict]:
    return store.query("SELECT * FROM standups ORDER BY id")


def notices(app) -> list[str]:
    """What the app says in notifications from now on."""
    said: list[str] = []
    notify = app.notify

    def capture(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = capture
    return said


async def open_meeting(pilot):
    await pilot.press("2", "m")
    await pilot.pause()
    meeting = pilot.app.screen
    assert type(meeting).__name__ == "MeetingScreen"
    return meeting


async def go_to(pilot, meeting, login: str) -> None:
    while meeting.speaker.login != login:
        await pilot.press("n")
        await pilot.pause()


def area(meeting, field: str) -> TextArea:
    return meeting.query_one(f"#meeting-{field}", TextArea)


async def test_walking_the_room_writes_nothing(demo_store):
    before, last = notes(demo_store), activity.latest_id(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        for key in ("n", "n", "n", "p", "n", "n", "n"):
            await pilot.press(key)
            await pilot.pause()
        # typing mode, moving on with ctrl+n / ctrl+b, without typing a thing
        await pilot.press("enter", "ctrl+b", "ctrl+n", "ctrl+b", "escape")
        await pilot.pause()
        assert meeting.speaker.login == "wangfang"
        await pilot.press("e")
        await pilot.pause()
        assert meeting.ended
    assert notes(demo_store) == before
    assert activity.latest_id(demo_store) == last


async def test_a_visit_shows_the_prefill_of_a_new_note_but_does_not_save_it(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await go_to(pilot, meeting, "liming")
        assert area(meeting, "yesterday").text == standup.previous_today(demo_store, "liming", TODAY)
        assert area(meeting, "blockers").text == "测试环境数据库连不上"
        await pilot.press("n", "p", "n")
        await pilot.pause()
    assert standup.get(demo_store, TODAY, "liming") is None


async def test_typing_creates_a_new_note_with_its_prefill(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await go_to(pilot, meeting, "liming")
        await pilot.press("enter", *"联调导出", "ctrl+n")
        await pilot.pause()
        assert meeting.speaker.login == "wangfang"
    row = standup.get(demo_store, TODAY, "liming")
    assert row["today"] == "联调导出"
    assert row["yesterday"] == standup.previous_today(demo_store, "liming", TODAY)
    assert row["blockers"] == "测试环境数据库连不上"  # still open: nobody cleared it
    assert row["created_by"] == "wangfang"


async def test_typing_into_an_existing_note_saves_that_field_only(demo_store):
    last = activity.latest_id(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)  # Alice Chen, who posted today
        await pilot.press("enter", "end", *" + demo", "ctrl+n")
        await pilot.pause()
        assert meeting.speaker.login == "bob"
    trail = demo_store.query("SELECT * FROM activity WHERE id > ? ORDER BY id", (last,))
    assert [(row["key"], row["action"], row["field"]) for row in trail] == [(f"{TODAY}/alice", "edit", "today")]
    assert standup.get(demo_store, TODAY, "alice")["today"].endswith(" + demo")


async def test_an_open_blocker_survives_the_meeting_until_cleared(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await go_to(pilot, meeting, "zhangwei")
        await pilot.press("n", "n", "n", "n")  # past everyone: the meeting ends
        await pilot.pause()
        assert meeting.ended
        await pilot.press("q", "1")
        await pilot.pause()
        text = visible_text(app)
        assert "压测环境还没批下来" in text and "测试环境数据库连不上" in text
        # now 李明 says the database is back: the facilitator clears the field
        await pilot.press("2", "m")
        await pilot.pause()
        meeting = app.screen
        await go_to(pilot, meeting, "liming")
        area(meeting, "blockers").text = ""
        area(meeting, "today").text = "联调导出"
        await pilot.press("n")
        await pilot.pause()
    assert [row["login"] for row in standup.open_blockers(demo_store, TODAY)] == ["zhangwei", "alice"]


async def test_absent_is_stored_shown_and_undone_with_the_same_key(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await go_to(pilot, meeting, "zhangwei")
        await pilot.press("a")
        await pilot.pause()
        assert standup.absent_logins(demo_store, TODAY) == {"zhangwei"}
        assert "absent" in str(meeting.query_one("#meeting-speaker", Static).render())
        await pilot.press("a")
        await pilot.pause()
        assert standup.absent_logins(demo_store, TODAY) == set()
        await pilot.press("a", "q")
        await pilot.pause()
        board = app.screen
        assert type(board).__name__ == "StandupScreen"
        assert "3 of 6 posted · 1 absent" in str(board.query_one("#standup-count", Static).render())
        row = board.query_one("#standup-board", DataTable).get_row("zhangwei")
        assert "absent" in str(row[1])
        app.workspace_changed()  # what the watcher does on each commit (live=False here)
        await pilot.press("1")
        await pilot.pause()
        assert "3 of 6 posted · 1 absent" in visible_text(app)
    assert standup.get(demo_store, TODAY, "zhangwei") is None  # absence is not a note
    assert standup.absent_logins(demo_store, TODAY) == {"zhangwei"}


async def test_summary_tells_absent_from_not_reached(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await pilot.press("n", "a", "e")  # Bob Smith absent; end after two speakers
        await pilot.pause()
        summary = str(meeting.query_one("#meeting-summary-text", Static).render())
    present, rest = summary.split("Absent (1)")
    absent, rest = rest.split("Not reached (4)")
    assert "Alice Chen" in present and "Bob Smith" not in present
    assert "Bob Smith" in absent
    for name in ("张伟", "李明", "王芳", "陈静"):
        assert name in rest.split("Blockers")[0]


async def test_summary_and_minutes_in_chinese(demo_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await pilot.press("n", "a", "e")
        await pilot.pause()
        summary = str(meeting.query_one("#meeting-summary-text", Static).render())
        assert "缺席（1）" in summary and "未轮到（4）" in summary
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("enter")  # the export dialog: the user's exports folder (issue 11)
        await pilot.pause()
    from tui.config import exports_dir

    minutes = (exports_dir() / f"standup-{TODAY}.md").read_text(encoding="utf-8")
    assert "**缺席**（1）：Bob Smith" in minutes and "**未填写**（3）" in minutes


async def test_a_conflict_without_a_clash_is_merged_without_a_dialog(demo_store, clock):
    app = make_app(demo_store)
    said = notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)  # Alice Chen
        other = make_store(demo_store.path, clock, user="liming")
        standup.update(other, TODAY, "alice", {"blockers": "SSO account arrived; now VPN"})
        other.close()
        await pilot.press("enter", "end", *" + demo", "ctrl+n")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
        assert meeting.speaker.login == "bob"
        assert [m for m in said if "Merged with 李明" in m] == ["Merged with 李明's save: took their Blockers, kept your Today."]
    row = standup.get(demo_store, TODAY, "alice")
    assert row["today"].endswith(" + demo")
    assert row["blockers"] == "SSO account arrived; now VPN"


async def test_a_clash_asks_about_that_field_only_and_escape_keeps_the_text(demo_store, clock):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)  # Alice Chen
        other = make_store(demo_store.path, clock, user="liming")
        standup.update(other, TODAY, "alice", {"today": "theirs", "yesterday": "their yesterday"})
        other.close()
        area(meeting, "today").text = "mine"
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictScreen)
        assert set(dialog.choice) == {"today"}
        # the crash: escape on the dialog used to kill the app
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen is meeting
        assert meeting.speaker.login == "alice"
        assert area(meeting, "today").text == "mine"
        assert "saved this note while you were editing" in str(meeting.query_one("#meeting-error", Static).render())
        assert standup.get(demo_store, TODAY, "alice")["today"] == "theirs"
        # moving on again asks again; keeping mine saves mine over theirs, theirs elsewhere
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meeting.speaker.login == "bob"
    row = standup.get(demo_store, TODAY, "alice")
    assert (row["today"], row["yesterday"]) == ("mine", "their yesterday")


async def test_taking_theirs_in_a_clash(demo_store, clock):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        other = make_store(demo_store.path, clock, user="liming")
        standup.update(other, TODAY, "alice", {"today": "theirs"})
        other.close()
        area(meeting, "today").text = "mine"
        area(meeting, "blockers").text = ""
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("t", "ctrl+s")
        await pilot.pause()
        assert meeting.speaker.login == "bob"
    row = standup.get(demo_store, TODAY, "alice")
    assert (row["today"], row["blockers"]) == ("theirs", "")


async def test_a_new_note_someone_else_created_meanwhile_is_merged(demo_store, clock):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await go_to(pilot, meeting, "liming")
        other = make_store(demo_store.path, clock, user="liming")
        standup.update(other, TODAY, "liming", {"blockers": ""})  # 李明 posts: blocker gone
        other.close()
        area(meeting, "today").text = "联调导出"
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
    row = standup.get(demo_store, TODAY, "liming")
    assert (row["today"], row["blockers"]) == ("联调导出", "")


async def test_inactive_members_are_not_in_the_meeting(demo_store):
    with demo_store.write() as conn:
        conn.execute("UPDATE members SET active = 0 WHERE login = 'bob'")
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        assert "bob" not in [s.login for s in meeting.speakers]
        await pilot.press("q", "1")
        await pilot.pause()
        assert "2 of 5 posted" in visible_text(app)


def test_absence_reads_as_a_sentence_in_notices(store):
    from tui import i18n
    from tui.notices import describe
    from tui.store import members

    members.ensure(store, "liming", "李明")
    standup.toggle_absent(store, TODAY, "liming")
    standup.toggle_absent(store, TODAY, "liming")
    unmarked, marked = activity.for_key(store, f"{TODAY}/liming")
    assert describe(marked) == f"王芳 marked liming absent for {TODAY}"
    assert describe(unmarked) == f"王芳 marked liming present for {TODAY}"
    i18n.set_language("zh_CN")
    assert describe(marked) == f"王芳 将 liming 标记为 {TODAY} 缺席"


async def test_emptying_a_note_is_refused_and_keeps_the_speaker(demo_store):
    before = notes(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)  # Alice Chen
        for field in standup.FIELDS:
            area(meeting, field).text = ""
        await pilot.press("n")
        await pilot.pause()
        assert meeting.speaker.login == "alice"
        assert "empty" in str(meeting.query_one("#meeting-error", Static).render())
        area(meeting, "today").text = "back again"
        await pilot.press("n")
        await pilot.pause()
        assert meeting.speaker.login == "bob"
        assert str(meeting.query_one("#meeting-error", Static).render()) == ""
    after = standup.get(demo_store, TODAY, "alice")
    assert (after["yesterday"], after["today"], after["blockers"]) == ("", "back again", "")
    assert len(notes(demo_store)) == len(before)


async def test_the_footer_says_how_to_stop_typing_and_move_on_while_typing(demo_store):
    from tui.widgets.footer import HuddleFooter

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "m")
        await pilot.pause()
        footer = app.screen.query_one(HuddleFooter)
        idle = str(footer.render())
        assert "Next" in idle and "Stop typing" not in idle
        await pilot.press("enter")
        await pilot.pause()
        typing = str(footer.render())
        assert "esc Stop typing" in typing and "^n Next" in typing and "^b Previous" in typing
        first = app.screen.speaker.login
        await pilot.press("ctrl+n", *"next one")
        await pilot.pause()
        assert app.screen.speaker.login != first
        assert app.screen.query_one("#meeting-today").text.endswith("next one")
        await pilot.press("escape")
        await pilot.pause()
        assert "Stop typing" not in str(footer.render())


async def test_keys_still_queued_when_ctrl_n_arrives_stay_with_their_speaker(demo_store):
    """Over SSH the keys typed just before `ctrl+n` can still wait in the text box's queue
    when the priority key is handled: they are the speaker's they were typed for, never
    the next one's."""
    from textual import events

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        first = meeting.speaker.login
        await pilot.press("enter")
        await pilot.pause()
        box = app.focused
        assert isinstance(box, TextArea)
        field = box.id.removeprefix("meeting-")
        before = box.text
        for character in " done":
            box.post_message(events.Key(character, character))  # queued, not handled yet
        meeting.action_next_typing()
        await pilot.pause()
        assert meeting.speaker.login != first
        assert standup.get(demo_store, TODAY, first)[field] == before + " done"
        assert not meeting.typed()[field].endswith("done")


async def test_a_burst_of_keys_with_tab_goes_box_by_box(demo_store):
    """Typed ahead over SSH, `a<tab>b` arrives at once: `b` belongs to the next box."""
    from textual import events

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        await pilot.press("enter")
        await pilot.pause()
        first = app.focused
        before = {field: meeting.typed()[field] for field in standup.FIELDS}
        for key, character in [("a", "a"), ("tab", None), ("b", "b")]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await pilot.pause()
        second = app.focused
        assert isinstance(first, TextArea) and isinstance(second, TextArea) and second is not first
        assert first.text == before[first.id.removeprefix("meeting-")] + "a"
        assert second.text.endswith("b") and "a" not in second.text.removeprefix(
            before[second.id.removeprefix("meeting-")])


async def test_what_is_typed_right_after_enter_goes_into_the_note(demo_store):
    """`enter` then `aen…` in one burst: the letters are the note's, not the single keys
    (a: absent, e: end the meeting, n: next speaker)."""
    from textual import events

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        meeting = await open_meeting(pilot)
        speaker = meeting.speaker.login
        before = meeting.typed()["today"]
        for key, character in [("enter", "\r"), ("a", "a"), ("e", "e"), ("n", "n")]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await pilot.pause()
        assert meeting.speaker.login == speaker and not meeting.ended and not meeting.speaker.absent
        assert meeting.typed()["today"] == before + "aen"
