"""The shared workspace, live: presence, and other processes' commits reaching open apps
with the cursor kept. Uses real processes (the `huddle` command line) as the third writer."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import DataTable

from conftest import TODAY, USER, form_error, make_app, make_store
from tui.store import members, presence, standup


def huddle(*args: str, db, user: str = "liming") -> subprocess.CompletedProcess:
    env = dict(os.environ, HUDDLE_AS_LOGIN=user)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args, "--db", str(db)],
        env=env, capture_output=True, text=True, timeout=60,
    )


async def wait_for(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run until `condition()` holds (or give up): no timing is asserted."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def test_presence_lists_others_and_forgets_dead_sessions(store, clock, tmp_path):
    other = make_store(store.path, clock, user="liming")
    members.ensure(other, "liming", "李明")
    mine = presence.join(store)
    theirs = presence.join(other)
    assert [row["display_name"] for row in presence.online(store, mine)] == ["李明"]
    assert presence.online(other, theirs)[0]["login"] == USER
    # a session whose process died (a crash, a dropped SSH connection)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with other.write() as conn:
        conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", (int(dead.stdout), theirs))
    assert presence.online(store, mine) == []
    presence.join(store)  # joining sweeps it away
    assert store.scalar("SELECT count(*) FROM sessions WHERE id = ?", (theirs,)) == 0
    presence.leave(store, mine)


async def test_another_process_commit_reaches_two_open_apps(demo_store):
    first = make_app(demo_store, live=True)
    second_store = make_store(demo_store.path, demo_store.clock, user="alice")
    second = make_app(second_store, live=True)
    async with first.run_test(size=(100, 30)) as p1, second.run_test(size=(100, 30)) as p2:
        await p1.press("2")
        await p2.press("2", "j", "j")  # alice's cursor on the third member
        await p1.pause()
        await p2.pause()
        assert await wait_for(p1, lambda: first.watching) and await wait_for(p2, lambda: second.watching)
        kept = second.screen.selected_login
        # both see each other
        # (each app's own view: rendering a header from the test would ask whichever app
        # Textual thinks is active)
        assert await wait_for(p1, lambda: "Alice Chen" in first.header_facts.others)
        assert await wait_for(p2, lambda: "王芳" in second.header_facts.others)
        result = huddle("standup", "add", "--today", "Deploy 2.1 to staging [bold]!", "--blockers", "证书过期", db=demo_store.path)
        assert result.returncode == 0, result.stderr

        def shows(app):
            table = app.screen.query_one("#standup-board", DataTable)
            return "Deploy 2.1 to staging [bold]!" in str(table.get_row("liming")[1])

        assert await wait_for(p1, lambda: shows(first))
        assert await wait_for(p2, lambda: shows(second))
        assert second.screen.selected_login == kept
        assert first.screen.query_one("#standup-board", DataTable).cursor_row >= 0


async def test_a_notice_says_who_changed_what(demo_store):
    app = make_app(demo_store, live=True)
    notices = []
    app.notify = lambda message, **kw: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.watching)
        assert huddle("standup", "add", "--today", "x", db=demo_store.path).returncode == 0
        assert await wait_for(pilot, lambda: notices)
        assert "李明" in notices[0] and "standup" in notices[0]


def test_a_writer_killed_mid_transaction_leaves_a_consistent_file(store):
    code = f"""
import os, signal, sys
sys.path.insert(0, {str(os.getcwd())!r})
from tui.store.db import Store
s = Store({str(store.path)!r}, user="crash")
s.conn.execute("BEGIN IMMEDIATE")
s.conn.execute("INSERT INTO meta (key, value) VALUES ('half', 'written')")
os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert result.returncode == -9
    assert store.scalar("PRAGMA integrity_check") == "ok"
    assert store.get_meta("half") is None
    standup.save(store, TODAY, USER, standup.Note(today="still works"), expected_version=None)
    assert standup.get(store, TODAY, USER)["today"] == "still works"


async def test_disk_full_during_save_keeps_the_draft_and_says_why(store):

    from tui.widgets.form import FormScreen

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        pages = store.scalar("PRAGMA page_count")
        # the disk is now full (for the app's store thread, which does its writes)
        await app.db(lambda s: s.conn.execute(f"PRAGMA max_page_count = {pages}"))
        app.screen.query_one("#field-today").text = "长" * 9000
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "full" in form_error(app.screen)
        assert app.screen.values["today"] == "长" * 9000
        await app.db(lambda s: s.conn.execute("PRAGMA max_page_count = 1073741823"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert standup.get(store, TODAY, USER)["today"] == "长" * 9000


async def test_read_only_file_during_save_keeps_the_draft_and_says_why(store):

    from tui.widgets.form import FormScreen

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n", *"my note")
        await app.db(lambda s: s.conn.execute("PRAGMA query_only = ON"))  # as if the file turned read-only
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "read-only" in form_error(app.screen)
        assert app.screen.values["today"] == "my note"


async def test_filtered_queue_in_two_apps_follows_another_process(demo_store):
    """Issue 6's proof: two open apps, a third process writing; the change appears in
    both, the filter and the cursor stay where the users left them."""
    first = make_app(demo_store, live=True)
    second = make_app(make_store(demo_store.path, demo_store.clock, user="alice"), live=True)
    async with first.run_test(size=(100, 30)) as p1, second.run_test(size=(100, 30)) as p2:
        await p1.press("4", "slash", *"导出", "enter", "j")
        await p2.press("4", "j", "j")
        await p1.pause()
        await p2.pause()
        assert await wait_for(p1, lambda: first.watching) and await wait_for(p2, lambda: second.watching)
        screen1, screen2 = first.screen, second.screen
        before1, before2 = screen1.table.row_count, screen2.table.row_count
        cursor1, cursor2 = screen1.table.cursor_key, screen2.table.cursor_key
        assert before1 >= 1 and cursor1
        result = huddle("cr", "add", "新增导出 PDF / Export to PDF", "--project", "ACME", "--json", db=demo_store.path)
        assert result.returncode == 0, result.stderr
        assert await wait_for(p1, lambda: screen1.table.row_count == before1 + 1)
        assert await wait_for(p2, lambda: screen2.table.row_count == before2 + 1)
        assert screen1.flt.text == "导出"
        assert screen1.query_one("#changes-filter").value == "导出"
        assert screen1.table.cursor_key == cursor1
        assert screen2.table.cursor_key == cursor2


async def test_areas_not_on_screen_reload_when_shown_again(demo_store):
    app = make_app(demo_store, live=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "1")  # the standup board exists, hidden behind the dashboard
        assert len(app.area_screens) == 2
        assert await wait_for(pilot, lambda: app.watching)
        assert huddle("standup", "add", "--today", "written while hidden", db=demo_store.path).returncode == 0
        board = next(s for s in app.area_screens if s.AREA == "standup")
        assert await wait_for(pilot, lambda: board._stale)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#standup-board", DataTable)
        assert "written while hidden" in str(table.get_row("liming")[1])


async def test_one_action_makes_one_notice_and_it_is_not_repeated(demo_store):
    """A teammate's notes saved again and again while they type, or a move stamping
    several fields: one line, not one per row, and not again within a minute."""
    app = make_app(demo_store, live=True)
    notices: list[str] = []
    app.notify = lambda message, **kw: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.watching)
        for text in ("one", "two", "three"):
            assert huddle("standup", "add", "--today", text, db=demo_store.path).returncode == 0
        assert await wait_for(pilot, lambda: notices)
        await pilot.pause(0.5)
    # one line for posting, one for the two updates (the same sentence, said once)
    assert notices == ["李明 posted a standup note for 2026-11-27".replace("2026-11-27", TODAY.isoformat()),
                       f"李明 updated their standup note for {TODAY.isoformat()}"], notices
