"""The Changes area in the app (Pilot): each triage key, bulk moves, undo, the filter,
lead-only moves, in English and Chinese."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import form_error, make_app, make_store
from tui.screens.changes import ChangesScreen
from tui.store import changes, members
from tui.widgets.item_table import ItemTable

ASSESSMENT = {"effort_days": "3", "risk": "low"}


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_queue(pilot) -> ChangesScreen:
    await pilot.press("4")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ChangesScreen)
    return screen


async def go_to(pilot, screen: ChangesScreen, key: str) -> None:
    assert screen.table.move_to_key(key)
    await pilot.pause()


@pytest.fixture
def queue(store):
    """Three requests: CR-1 submitted, CR-2 assessing (assessed), CR-3 done."""
    changes.add(store, "First 第一")
    second = changes.add(store, "Second")
    changes.assess(store, second["key"], ASSESSMENT, expected_version=None)
    third = changes.add(store, "Third")
    changes.assess(store, third["key"], ASSESSMENT, expected_version=None)
    for target in ("approved", "implementing", "verifying", "done"):
        changes.move(store, third["key"], target, note="ok")
    return store


async def test_shows_queue_and_detail(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        assert screen.table.row_count == 2  # done is not open
        await go_to(pilot, screen, "CR-2")
        text = str(screen.query_one("#changes-detail-text").render())
        assert "CR-2" in text and "Impact assessment" in text and "History" in text


@pytest.mark.parametrize(
    "key, start, target",
    [
        ("s", "CR-1", "assessing"),
        ("X", "CR-1", "withdrawn"),
        ("a", "CR-2", "approved"),
    ],
)
async def test_single_key_moves(queue, key, start, target):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, start)
        await pilot.press(key)
        await pilot.pause()
        assert changes.get(queue, start)["status"] == target
        assert any(start in m for m in messages(app))


async def test_implement_verify_done_keys(queue):
    changes.move(queue, "CR-2", "approved", note="ok")
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        for key, status in (("i", "implementing"), ("v", "verifying"), ("d", "done")):
            await go_to(pilot, screen, "CR-2") if status != "done" else None
            if status == "done":
                await go_to(pilot, screen, "CR-2")
            await pilot.press(key)
            await pilot.pause()
            assert changes.get(queue, "CR-2")["status"] == status


async def test_reject_asks_for_a_reason(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-2")
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.id == "reason-form"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.id == "reason-form"  # empty reason: still open
        await pilot.press(*"out of scope")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = changes.get(queue, "CR-2")
        assert (row["status"], row["decision_note"]) == ("rejected", "out of scope")


async def test_illegal_move_names_allowed(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-1")
        await pilot.press("d")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "submitted"
        # said with the keys that do move it from here, not the statuses the CLI types
        assert any(m.startswith("CR-1: ") and "Next: s Assess · X Withdraw" in m for m in messages(app)), messages(app)
        await pilot.press("s")
        await pilot.press("a")  # not assessed yet
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        assert any("not been assessed" in m for m in messages(app))


async def test_member_is_told_approve_needs_a_lead(queue, clock):
    members.add(queue, "liming", "李明")
    member = make_store(queue.path, clock, user="liming")
    app = make_app(member)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-2")
        await pilot.press("a")
        await pilot.pause()
        assert changes.get(queue, "CR-2")["status"] == "assessing"
        assert any("lead" in m for m in messages(app))
    member.close()


async def test_bulk_moves_report(queue):
    changes.add(queue, "Fourth")
    changes.move(queue, "CR-4", "withdrawn")
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("f", "f", "f", "f")  # open → decision → mine → snoozed → all
        await pilot.pause()
        assert screen.flt.view == "all"
        for key in ("CR-1", "CR-3", "CR-4"):
            await go_to(pilot, screen, key)
            await pilot.press("space")
        await pilot.pause()
        assert screen.marked == {"CR-1", "CR-3", "CR-4"}
        await pilot.press("s")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        report = [m for m in messages(app) if "moved" in m][-1]
        assert report.startswith("1 moved, 2 refused:")
        assert "CR-3 is done (final)" in report and "CR-4 is withdrawn (final)" in report
        # What moved is unmarked; what was refused stays marked, to retry.
        assert screen.marked == {"CR-3", "CR-4"} == screen.table.marked


async def test_bulk_priority_and_assign(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-1")
        await pilot.press("space")
        await go_to(pilot, screen, "CR-2")
        await pilot.press("space")
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        assert [changes.get(queue, k)["priority"] for k in ("CR-1", "CR-2")] == ["P0", "P0"]
        await go_to(pilot, screen, "CR-1")
        await pilot.press("o")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["assignee"] == "wangfang"
        assert changes.get(queue, "CR-2")["assignee"] is None


async def test_undo_key(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-1")
        await pilot.press("s")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        await pilot.press("u")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "submitted"
        assert any("Undone" in m for m in messages(app))
        assert screen.table.cursor_key == "CR-1"


async def test_duplicate_and_snooze_keys(queue):
    changes.add(queue, "Copy of first")
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-4")
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*"CR-1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = changes.get(queue, "CR-4")
        assert (row["status"], row["duplicate_of"]) == ("withdrawn", "CR-1")
        await go_to(pilot, screen, "CR-1")
        await pilot.press("z")
        await pilot.pause()
        await pilot.press(*"2020-01-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.id == "changes-snooze-form"  # a past date is refused
        assert "future" in form_error(app.screen)
        await pilot.press(*["backspace"] * 10, *"2026-12-05")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["snoozed_until"] == "2026-12-05"
        assert screen.table.move_to_key("CR-1") is False  # hidden from the queue


async def test_assessment_form(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-1")
        await pilot.press("A")
        await pilot.pause()
        assert app.screen.id == "changes-assessment-form"
        await pilot.press(*"2.5")
        await pilot.press("tab", "tab", "tab")
        app.screen.query_one("#field-risk").value = "high"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = changes.get(queue, "CR-1")
        assert (row["status"], row["effort_days"], row["risk"]) == ("assessing", 2.5, "high")


async def test_filter_typing_does_not_triage(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("slash")
        await pilot.press(*"sawdxiv")
        await pilot.pause()
        assert screen.flt.text == "sawdxiv"
        assert changes.get(queue, "CR-1")["status"] == "submitted"
        assert changes.get(queue, "CR-2")["status"] == "assessing"
        assert screen.table.row_count == 0
        await pilot.press(*["backspace"] * 7, *"第一")
        await pilot.pause()
        assert screen.table.row_count == 1 and screen.table.cursor_key == "CR-1"
        await pilot.press("enter")  # back to the table, filter kept
        await pilot.press("s")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        assert screen.flt.text == "第一" and screen.table.row_count == 1  # filter stays
        await pilot.press("escape")
        await pilot.pause()
        assert screen.flt.text == "" and screen.table.row_count == 2


async def test_typing_reads_the_first_matches_and_counts_the_rest_when_typing_pauses(store, monkeypatch):
    monkeypatch.setattr(ChangesScreen, "TYPING_BOUND", 10)
    monkeypatch.setattr(ItemTable, "COUNT_AFTER", 1.5)  # long enough to look before it fires
    with store.write() as conn:  # 40 matches of "登录", 5 others
        for n in range(1, 46):
            title = f"登录 login {n}" if n <= 40 else f"other {n}"
            conn.execute(
                "INSERT INTO change_requests (number, key, title, requested_by, priority, status, status_at,"
                " created_at, created_by, updated_at, updated_by, version)"  # (triggers write `search`)
                " VALUES (?, ?, ?, 'ACME', 'P2', 'submitted', ?, ?, 'wangfang', ?, 'wangfang', 1)",
                (n, f"CR-{n}", title, f"2026-11-01T00:00:{n:02d}+00:00",
                 "2026-11-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00"),
            )
    app = make_app(store, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        assert screen.table.row_count == 45
        await pilot.press("slash", *"登录")
        await pilot.pause()
        # Right after the keystroke: the first ten matches, in queue order, and "10+".
        assert screen.table.row_count == 10
        assert str(screen.query_one("#changes-count").render()).strip() == "10+ 条变更请求"
        assert screen.table.cursor_key == "CR-40"  # newest first within the priority
        await pilot.pause(ItemTable.COUNT_AFTER + 0.2)
        assert screen.table.row_count == 40
        assert str(screen.query_one("#changes-count").render()).strip() == "40 条变更请求"
        assert screen.table.cursor_key == "CR-40"
        await pilot.press("enter", "end")
        await pilot.pause()
        assert screen.table.cursor_key == "CR-1"  # the whole list is reachable
        await pilot.press("slash", "end", "space", "4")  # "/" selects the text: keep it
        await pilot.pause()
        # A narrower filter that fits under the bound is exact at once: 4, 14, 24, 34, 40.
        assert screen.flt.text == "登录 4" and screen.table.row_count == 5
        assert str(screen.query_one("#changes-count").render()).strip() == "5 条变更请求"


async def test_filter_stays_when_data_changes(queue, clock):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("slash", *"Second")
        await pilot.pause()
        other = make_store(queue.path, clock)
        changes.add(other, "Second too")
        other.close()
        screen.workspace_changed()
        await pilot.pause()
        assert screen.flt.text == "Second" and screen.table.row_count == 2


async def test_decision_view(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("F")
        await pilot.pause()
        assert screen.flt.view == "decision" and screen.table.row_count == 1
        assert screen.table.cursor_key == "CR-2"


async def test_new_and_edit(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Dark mode")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changes.get(queue, "CR-4")["title"] == "Dark mode"
        assert screen.table.cursor_key == "CR-4"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" 暗色")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert changes.get(queue, "CR-4")["title"] == "Dark mode 暗色"


async def test_chinese_language_switch_keeps_state(queue):
    app = make_app(queue, "zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-2")
        await pilot.press("space")
        heading = str(screen.query_one("#changes-heading").render())
        assert "变更" in heading
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert screen.marked == {"CR-2"} and screen.table.marked == {"CR-2"}
        assert "Changes" in str(screen.query_one("#changes-heading").render())


async def test_dashboard_panel(queue):
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from tui.widgets.changes_panel import ChangesPanel

        panel = app.screen.query_one(ChangesPanel)
        text = str(panel.render())
        assert "Waiting for assessment: 1" in text and "Waiting for a decision: 1" in text


TRICKY = st.sampled_from(["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b", "x" * 10_000,
                          "客户反馈：很慢", "🎉", "a\nb"])


def written_by_hand(store, table: str, key: str, **values) -> None:
    """Put text into a row as sqlite3 (or an older Huddle) could have, past the store's
    one-line checks: whatever a row holds must still display literally."""
    sets = ", ".join(f"{column} = ?" for column in values)
    store.conn.execute(f"UPDATE {table} SET {sets} WHERE key = ?", (*values.values(), key))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(TRICKY, st.text(max_size=100)))
async def test_tricky_text_displays(store, text):
    title = (text[:500] or "t") if text.strip() else "t" + text[:400]
    row = changes.add(store, "t", detail=text)
    written_by_hand(store, "change_requests", row["key"], title=title, requested_by=text[:200])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, row["key"])
        await pilot.press("slash", *[c for c in "[/]"])
        await pilot.pause()
        assert changes.get(store, row["key"])["detail"] == text


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(TRICKY, st.text(min_size=1, max_size=100)))
async def test_tricky_reason_and_notes_in_detail(store, text):
    reason = text if text.strip() else "r" + text
    row = changes.add(store, "x")
    changes.assess(store, row["key"], {**ASSESSMENT, "assessment_note": text}, expected_version=None)
    changes.move(store, row["key"], "rejected", note=reason)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_queue(pilot)
        await pilot.press("f", "f", "f", "f")  # all
        await go_to(pilot, screen, row["key"])
        rendered = str(screen.query_one("#changes-detail-text").render())
        assert "Decision" in rendered


async def test_member_editing_a_decided_title_is_told_a_lead_must(queue, clock):
    """CR-3 is done: a member's new title is refused in words (in Chinese here), the form
    keeps the text; the store wrote nothing."""
    from textual.widgets import Input

    from tui.widgets.form import FormScreen

    members.add(queue, "liming", "李明")
    member = make_store(queue.path, clock, user="liming")
    app = make_app(member, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        screen.set_filter(view="all")
        await pilot.pause()
        await go_to(pilot, screen, "CR-3")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "reason" in form.values  # decided: asks why
        form.query_one("#field-title", Input).value = "Third, bigger"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "只有负责人" in form.error  # "only a lead may …", in the active language
        assert changes.get(queue, "CR-3")["title"] == "Third"
    member.close()


async def test_lead_reopens_a_decided_request_with_a_reason(queue):
    from textual.widgets import Input, TextArea

    from tui.widgets.form import FormScreen

    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        screen.set_filter(view="all")
        await pilot.pause()
        await go_to(pilot, screen, "CR-3")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-title", Input).value = "Third, bigger"
        await pilot.pause()
        await pilot.press("ctrl+s")  # no reason: asked for it, on the reason field
        await pilot.pause()
        assert app.screen is form and form.error_field == "reason"
        form.query_one("#field-reason", TextArea).text = "Client widened the scope"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = changes.get(queue, "CR-3")
        assert (row["title"], row["status"], row["decision_note"]) == ("Third, bigger", "done", "Client widened the scope")
        text = str(screen.query_one("#changes-detail-text").render())
        assert "Re-opened and decided again by" in text and "re-opened it (decided before by 王芳)" in text


async def test_a_move_waiting_for_the_lock_does_not_freeze_the_queue(queue):
    """Another process holds the write lock: `s` is pressed, the queue goes on taking keys
    (the cursor moves) and painting; when the lock is released the move is made."""
    import asyncio
    import sqlite3
    import time

    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-1")
        holder = sqlite3.connect(queue.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("s")
            ticks: list[float] = []
            app.set_interval(0.02, lambda: ticks.append(time.monotonic()))
            for _ in range(20):
                await asyncio.sleep(0.02)
            await pilot.press("k")  # CR-2 (its status changed later) is above CR-1
            assert screen.table.cursor_key == "CR-2"  # keys are taken while the move waits
            assert len(ticks) >= 5
            assert changes.get(queue, "CR-1")["status"] == "submitted"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        assert any("CR-1" in m for m in messages(app))


async def test_next_never_offers_what_the_store_would_refuse(queue, clock):
    """Submitted: assess or withdraw (not approve: no assessment yet). Assessed, for a lead:
    approve or reject; for a member, who may not decide: only withdraw."""
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        assert screen.next_hint(changes.get(queue, "CR-1")) == "Next: s Assess · X Withdraw"
        assert screen.next_hint(changes.get(queue, "CR-2")) == "Next: a Approve · x Reject · X Withdraw"
    members.add(queue, "liming", "李明")
    member = make_store(queue.path, clock, user="liming")
    app = make_app(member)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        assert screen.next_hint(changes.get(member, "CR-2")) == "Next: X Withdraw"
    member.close()


async def test_letters_typed_ahead_after_the_filter_key_filter_and_move_nothing(queue):
    """Over SSH `/assess` can arrive in one burst: every letter after `/` belongs to the
    filter (before, `a` approved and `s` assessed the request under the cursor), and a `/`
    typed in the filter is a character."""
    from textual import events
    from textual.widgets import Input

    statuses = {row["key"]: row["status"] for row in queue.query("SELECT key, status FROM change_requests")}
    last = queue.scalar("SELECT max(id) FROM activity")
    app = make_app(queue)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_queue(pilot)
        await go_to(pilot, screen, "CR-2")
        for key, character in [("slash", "/"), ("a", "a"), ("s", "s"), ("slash", "/"), ("x", "x")]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await pilot.pause()
        assert app.screen.query_one("#changes-filter", Input).value == "as/x"
    assert {row["key"]: row["status"] for row in queue.query("SELECT key, status FROM change_requests")} == statuses
    assert queue.scalar("SELECT max(id) FROM activity") == last
