"""The Commitments area driven with Pilot: kept / missed with single keys, moving a due date
(asks the reason, keeps the original), the on-time line, the filter, both languages."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from conftest import make_app, open_ledger, visible_text
from tui.store import commitments, members, projects
from tui.widgets.form import FormScreen


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal")
    members.add(store, "liming", "李明")
    commitments.add(store, "发送周报", "2026-11-25", to_whom="刘总", project="ACME")
    commitments.add(store, "Deliver the test report", "2026-12-02", to_whom="Grace", project="ACME", owner="liming")
    return store


async def open_area(pilot, key: str = "CM-1"):
    return await open_ledger(pilot, "6", "commitments", key)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_move_due_date_asks_reason_and_keeps_original(ws, language):
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-1")
        await pilot.press("z")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert app.focused.id == "field-due"  # the field a person changes first, at the top
        form.query_one("#field-due", Input).value = "2026-12-04"
        await pilot.pause()
        await pilot.press("ctrl+s")  # no reason yet: refused, nothing written
        await pilot.pause()
        assert app.screen is form and commitments.get(ws, "CM-1")["status"] == "open"
        await pilot.press(*"client agreed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = commitments.get(ws, "CM-1")
        assert (row["status"], row["due"], row["original_due"]) == ("renegotiated", "2026-12-04", "2026-11-25")
        note = ws.scalar("SELECT note FROM activity WHERE key = 'CM-1' AND action = 'move' AND new = 'renegotiated'")
        assert note == "client agreed"
        screen.show_detail()
        text = visible_text(app)
        assert "2026-11-25" in text  # the original date is shown
        assert ("originally" if language == "en" else "原定") in text


async def test_kept_and_missed_update_the_on_time_rate(ws):
    app = make_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area(pilot, "CM-1")
        assert "On time —" in visible_text(app)
        await pilot.press("d")  # kept on the 27th, due the 25th: late
        await pilot.pause()
        assert commitments.get(ws, "CM-1")["status"] == "kept"
        screen.table.move_to_key("CM-2")
        await pilot.pause()
        await pilot.press("d")  # on time
        await pilot.pause()
        assert commitments.get(ws, "CM-2")["status"] == "kept"
        text = visible_text(app)
        assert "On time 50% (1/2)" in text
        await pilot.press("x")  # kept is final: refused with a message
        await pilot.pause()
        assert commitments.get(ws, "CM-2")["status"] == "kept"
        assert any("final" in n.message for n in app._notifications)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_missed_asks_why_and_shows_it_in_the_history(ws, language):
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-2")
        await pilot.press("x")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-reason"
        await pilot.press("ctrl+s")  # no reason: refused, nothing written
        await pilot.pause()
        assert app.screen is form and commitments.get(ws, "CM-2")["status"] == "open"
        await pilot.press(*"UAT accounts late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = commitments.get(ws, "CM-2")
        assert row["status"] == "missed" and row["closed_at"]
        screen.show_detail()
        assert "UAT accounts late" in visible_text(app)


async def test_missed_for_several_marked_asks_once(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-1")
        screen.table.marked.update({"CM-1", "CM-2"})
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"client moved the meeting")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [commitments.get(ws, key)["status"] for key in ("CM-1", "CM-2")] == ["missed", "missed"]
        assert not screen.table.marked
        assert any(str(n.message) == "2 moved" for n in app._notifications)


async def test_u_undoes_a_slip_of_kept(ws):
    """K next to k: the on-time rate changes; u puts it back, in the trail too."""
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-2")
        assert "On time —" in visible_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert commitments.get(ws, "CM-2")["status"] == "kept"
        assert "On time 100% (1/1)" in visible_text(app)
        await pilot.press("u")
        await pilot.pause()
        row = commitments.get(ws, "CM-2")
        assert (row["status"], row["closed_at"]) == ("open", None)
        assert "On time —" in visible_text(app)
        assert any("Undone: CM-2" in str(n.message) for n in app._notifications)
        screen.show_detail()
        assert "undid a move: kept → open" in visible_text(app)
        await pilot.press("u")  # nothing left of mine to undo: said so
        await pilot.pause()
        assert any("no move to undo" in str(n.message) for n in app._notifications)


async def test_overdue_first_and_counted(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-1")
        assert "1 overdue" in visible_text(app)
        screen.table.action_first()
        await pilot.pause()
        assert screen.table.cursor_key == "CM-1"


async def test_new_commitment(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Send the plan")
        form.query_one("#field-to_whom", Input).value = "ACME 刘总"
        form.query_one("#field-due", Input).value = "2026-12-10"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = commitments.get(ws, "CM-3")
        assert (row["promise"], row["to_whom"], row["due"], row["owner"]) == ("Send the plan", "ACME 刘总", "2026-12-10", "wangfang")


async def test_edit_cannot_change_due(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_area(pilot, "CM-1")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert not form.query("#field-due")
        form.query_one("#field-promise", TextArea).text = "发送周报和风险清单"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert commitments.get(ws, "CM-1")["promise"] == "发送周报和风险清单"


async def test_keys_do_not_fire_in_the_filter(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_area(pilot, "CM-1")
        await pilot.press("slash", *"dxzn6")
        await pilot.pause()
        assert app.screen is screen and app.current_mode == "commitments"
        assert commitments.get(ws, "CM-1")["status"] == "open"
        assert screen.filter_text == "dxzn6"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.table.row_count == 2


def written_by_hand(store, table: str, key: str, **values) -> None:
    """Put text into a row as sqlite3 (or an older Huddle) could have, past the store's
    one-line checks: whatever a row holds must still display literally."""
    sets = ", ".join(f"{column} = ?" for column in values)
    store.conn.execute(f"UPDATE {table} SET {sets} WHERE key = ?", (*values.values(), key))


NASTY = ["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b", "x" * 5_000, "承诺", "🎉", "l1\nl2"]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
async def test_nasty_text_displays(store, text):
    projects.add(store, "ACME", "ACME")
    commitments.add(store, text, "2026-11-20", project="ACME")
    written_by_hand(store, "commitments", "CM-1", to_whom=text[:500])
    commitments.move_due(store, "CM-1", "2026-11-26", text)
    app = make_app(store, "zh_CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_area(pilot, "CM-1")
        await pilot.press("1")
        await pilot.pause()
        assert app.is_running and app.current_mode == "dashboard"
