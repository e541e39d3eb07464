"""The Feedback area driven with Pilot: conversion to a requirement / change request,
follow-up scheduling, closing with the follow-up outcome, the filter, both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from conftest import make_app, open_ledger, visible_text
from tui.store import feedback, members, projects
from tui.widgets.form import ConflictScreen, FormScreen


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal", "ACME 集团")
    members.add(store, "liming", "李明")
    feedback.add(store, "希望增加按部门汇总的报表", project="ACME", contact="孙主管", csat=4, received_on="2026-11-20")
    feedback.add(store, "Login times out twice a day", project="ACME", contact="Zhao", csat=1,
                 received_on="2026-11-24")
    return store


async def open_area(pilot, key: str = "FB-1"):
    return await open_ledger(pilot, "5", "feedback", key)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_feedback_to_requirement(ws, language):
    """R opens the Requirements form prefilled from the feedback; saving creates it there,
    links both ways and acknowledges the feedback."""
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "FB-1")
        await pilot.press("R")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "requirement-form"
        assert form.values["title"] == "希望增加按部门汇总的报表"
        assert (form.values["project"], form.values["source"]) == ("ACME", "孙主管 (FB-1)")
        assert ws.scalar("SELECT count(*) FROM requirements") == 0  # nothing until saved
        form.query_one("#field-title", Input).value = "按部门汇总的报表"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = feedback.get(ws, "FB-1")
        assert row["linked_key"] == "REQ-1" and row["status"] == "acknowledged"
        assert feedback.links(ws, "REQ-1") == ["FB-1"]
        req = ws.query_one("SELECT * FROM requirements WHERE key = 'REQ-1'")
        assert req["status"] == "draft" and req["title"] == "按部门汇总的报表" and req["project"] == "ACME"
        screen.show_detail()
        text = visible_text(app)
        assert "REQ-1" in text
        assert ("Linked" if language == "en" else "已关联") in text


async def test_escape_from_the_prefilled_form_creates_nothing(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert ws.scalar("SELECT count(*) FROM change_requests") == 0
        assert feedback.get(ws, "FB-2")["status"] == "new"


async def test_feedback_to_change_request_is_found_and_sorted_like_any_new_one(ws, clock):
    """C, save: the new request is in the queue, `/CR-n` finds it, and it sorts where a
    fresh request of its priority does (first: its status time is now)."""
    from tui.store import changes

    older = changes.add(ws, "An older request", priority="P2")
    clock.advance(minutes=10)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("C")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and form.id == "changes-request-form"
        assert (form.values["title"], form.values["requested_by"], form.values["project"]) == (
            "Login times out twice a day", "Zhao", "ACME")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert feedback.get(ws, "FB-2")["linked_key"] == "CR-2"
        cr = changes.get(ws, "CR-2")
        assert (cr["status"], cr["requested_by"], cr["project"]) == ("submitted", "Zhao", "ACME")
        assert feedback.get(ws, "FB-2")["status"] == "acknowledged"
        await pilot.press("4")
        await pilot.pause()
        queue = app.screen
        assert [row["key"] for row in queue.table.source.fetch(0, 10)] == ["CR-2", older["key"]]
        await pilot.press("slash", *"CR-2", "enter")
        await pilot.pause()
        assert queue.table.row_count == 1 and queue.table.cursor_key == "CR-2"
        assert "FB-2" in str(queue.query_one("#changes-detail-text").render())


async def test_u_undoes_my_last_feedback_move(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("h")
        await pilot.pause()
        assert feedback.get(ws, "FB-2")["status"] == "acknowledged"
        await pilot.press("u")
        await pilot.pause()
        row = feedback.get(ws, "FB-2")
        assert (row["status"], row["acknowledged_at"]) == ("new", None)
        assert any("Undone: FB-2" in str(n.message) for n in app._notifications)


async def test_schedule_follow_up(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("z")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        field = form.query_one("#field-follow_up_on", Input)
        assert field.value == "2026-12-04"  # a week from today by default
        field.value = "2026-12-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert feedback.get(ws, "FB-2")["follow_up_on"] == "2026-12-01"


async def test_bad_follow_up_date_keeps_form_open_with_message(ws):
    app = make_app(ws, "zh_CN")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("z")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-follow_up_on", Input).value = "下周三"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "YYYY-MM-DD" in form.error and "日期" in form.error
        assert feedback.get(ws, "FB-2")["follow_up_on"] is None


async def test_moves_and_close_asks_outcome(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-2")
        await pilot.press("h")
        await pilot.pause()
        row = feedback.get(ws, "FB-2")
        assert row["status"] == "acknowledged" and row["acknowledged_at"]
        await pilot.press("o", "i", "v")
        await pilot.pause()
        row = feedback.get(ws, "FB-2")
        assert (row["status"], row["owner"]) == ("resolved", "wangfang")
        await pilot.press("r")  # re-open: back to in progress
        await pilot.pause()
        assert feedback.get(ws, "FB-2")["status"] == "in_progress"
        await pilot.press("v", "d")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-outcome"
        await pilot.press("ctrl+s")  # empty outcome: refused
        await pilot.pause()
        assert app.screen is form and feedback.get(ws, "FB-2")["status"] == "resolved"
        await pilot.press(*"[bold]ok[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = feedback.get(ws, "FB-2")
        assert (row["status"], row["follow_up_outcome"]) == ("closed", "[bold]ok[/]")


async def test_illegal_move_explains(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-1")
        await pilot.press("v")  # new -> resolved is not allowed
        await pilot.pause()
        assert feedback.get(ws, "FB-1")["status"] == "new"
        notices = [n.message for n in app._notifications]
        assert any(message.startswith("FB-1: ") and "Next: " in message for message in notices), notices


async def test_keys_do_not_fire_in_the_filter(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "FB-1")
        await pilot.press("slash")
        assert app.focused.id == "feedback-filter"
        await pilot.press(*"hivdrRCzo 5")
        await pilot.pause()
        assert app.screen is screen and app.current_mode == "feedback"
        assert feedback.get(ws, "FB-1")["status"] == "new"
        assert ws.scalar("SELECT count(*) FROM requirements") == 0
        assert screen.filter_text == "hivdrRCzo 5"
        assert screen.table.row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filter_text == "" and screen.table.row_count == 2
        await pilot.press("slash", *"login", "enter")
        await pilot.pause()
        assert screen.table.row_count == 1 and screen.table.cursor_key == "FB-2"
        assert app.focused is screen.table


async def test_new_feedback_form(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"客户 导出太慢")
        form.query_one("#field-contact", Input).value = "刘总"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = feedback.get(ws, "FB-3")
        assert (row["summary"], row["contact"], row["project"], row["channel"]) == ("客户 导出太慢", "刘总", "ACME", "meeting")
        assert app.screen.table.cursor_key == "FB-3"


async def test_edit_merges_a_teammates_save_of_another_field(ws):
    """They changed the contact, I the summary: both survive, no dialog, one line says so."""
    app = make_app(ws)
    notices = []
    app.notify = lambda message, **kw: notices.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-1")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        area = form.query_one("#field-summary", TextArea)
        area.text = "mine"
        await pilot.pause()
        feedback.edit(ws, "FB-1", {"contact": "someone else"}, 1)  # another person saves first
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, (ConflictScreen, FormScreen)), getattr(app.screen, "error", "")
        row = feedback.get(ws, "FB-1")
        assert (row["summary"], row["contact"], row["version"]) == ("mine", "someone else", 3)
        assert any("Merged" in str(n) for n in notices)


async def test_edit_asks_only_about_a_field_both_changed(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "FB-1")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-summary", TextArea).text = "mine"
        await pilot.pause()
        feedback.edit(ws, "FB-1", {"summary": "theirs", "contact": "someone else"}, 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)  # both versions shown; nothing overwritten
        assert set(app.screen.choice) == {"summary"}
        assert feedback.get(ws, "FB-1")["summary"] == "theirs"
        await pilot.press("y", "ctrl+s")  # keep all mine, save on top of theirs
        await pilot.pause()
        row = feedback.get(ws, "FB-1")
        assert (row["summary"], row["contact"], row["version"]) == ("mine", "someone else", 3)


def written_by_hand(store, table: str, key: str, **values) -> None:
    """Put text into a row as sqlite3 (or an older Huddle) could have, past the store's
    one-line checks: whatever a row holds must still display literally."""
    sets = ", ".join(f"{column} = ?" for column in values)
    store.conn.execute(f"UPDATE {table} SET {sets} WHERE key = ?", (*values.values(), key))


NASTY = ["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b\x07c", "x" * 10_000, "客户反馈：很慢",
         "🎉🔥", "l1\nl2"]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
async def test_nasty_text_displays(store, text):
    projects.add(store, "ACME", "ACME")
    feedback.add(store, text, project="ACME", csat=1, received_on="2026-11-20")
    written_by_hand(store, "feedback", "FB-1", contact=text[:500])
    feedback.move(store, "FB-1", "acknowledged")
    feedback.move(store, "FB-1", "resolved")
    feedback.move(store, "FB-1", "closed", outcome=text)
    app = make_app(store, "zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_area(pilot, "FB-1")
        await pilot.press("j", "k", "1")
        await pilot.pause()
        assert app.is_running and app.current_mode == "dashboard"


async def test_bulk_acknowledge_marked(ws):
    feedback.add(ws, "third", project="ACME")
    feedback.move(ws, "FB-3", "acknowledged")
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "FB-1")
        await pilot.press("space")
        screen.table.move_to_key("FB-2")
        await pilot.press("space")
        screen.table.move_to_key("FB-3")
        await pilot.press("space")
        await pilot.pause()
        assert "3 marked" in visible_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert [feedback.get(ws, k)["status"] for k in ("FB-1", "FB-2", "FB-3")] == ["acknowledged"] * 3
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("2 moved, 1 refused: FB-3") for m in messages)
        assert screen.table.marked == {"FB-3"}  # refused: still marked, to retry
