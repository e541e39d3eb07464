"""The Requirements area driven by the keyboard (Pilot): create, edit, conflicts, moves,
acceptance refused for a member, filter as you type, milestones and their review."""

from __future__ import annotations

import pytest
from rich.console import Console

from conftest import form_error, make_app, make_store
from tui.store import milestones, requirements
from tui.widgets.form import ConfirmScreen, ConflictScreen, FormScreen

SIZE = (100, 30)


async def open_area(pilot):
    await pilot.press("3")
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.AREA == "requirements"
    return screen


async def go_to(pilot, screen, key: str) -> None:
    assert screen.table.move_to_key(key)
    await pilot.pause()
    assert screen.cursor_key == key


def notices(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def test_list_shows_the_register(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        assert screen.table.row_count == requirements.count(demo_store)
        assert screen.cursor_key == "REQ-1"
        await pilot.press("j", "j")
        assert screen.cursor_key == "REQ-3"
        await pilot.press("G")
        assert screen.cursor_key == f"REQ-{requirements.count(demo_store)}"
        await pilot.press("g")
        assert screen.cursor_key == "REQ-1"
        detail = str(screen.query_one("#requirements-detail-text").render())
        assert "REQ-1" in detail and "ACME 刘经理" in detail


async def test_create_with_the_form(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        before = requirements.count(demo_store)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Export [bold]x[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert requirements.count(demo_store) == before + 1
        key = f"REQ-{before + 1}"
        row = requirements.get(demo_store, key)
        assert row["title"] == "Export [bold]x[/]" and row["status"] == "draft" and row["priority"] == "P2"
        assert screen.cursor_key == key
        trail = demo_store.query("SELECT action, actor FROM activity WHERE key = ?", (key,))
        assert trail == [{"action": "create", "actor": "wangfang"}]


async def test_empty_title_is_refused_and_the_form_stays(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Title" in form_error(app.screen)


async def test_edit_and_conflict_keeps_the_draft(demo_store, clock):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-9")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        # Someone else saves first.
        other = make_store(demo_store.path, clock, user="liming")
        requirements.update(other, "REQ-9", {"title": "李明的标题"}, expected_version=form.version)
        other.close()
        await pilot.press("end", *" (mine)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert requirements.get(demo_store, "REQ-9")["title"] == "李明的标题"
        await pilot.press("escape")  # back to editing: the draft is kept
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values["title"] == "Dark mode (mine)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+s")  # keep mine, save on top of theirs
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ConflictScreen))
        assert requirements.get(demo_store, "REQ-9")["title"] == "Dark mode (mine)"


async def test_single_key_moves(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-9")  # draft
        await pilot.press("w")
        await pilot.pause()
        assert requirements.get(demo_store, "REQ-9")["status"] == "documented"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"ACME 刘经理")
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = requirements.get(demo_store, "REQ-9")
        assert (row["status"], row["confirmed_by"]) == ("confirmed", "ACME 刘经理")
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert requirements.get(demo_store, "REQ-9")["status"] == "delivered"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert requirements.get(demo_store, "REQ-9")["status"] == "accepted"
        moves = demo_store.query(
            "SELECT new FROM activity WHERE key = 'REQ-9' AND action = 'move' ORDER BY id")
        assert [m["new"] for m in moves][-5:] == ["documented", "confirmed", "in_progress", "delivered", "accepted"]


async def test_illegal_move_says_what_is_allowed(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-9")  # draft
        await pilot.press("v")
        await pilot.pause()
        assert requirements.get(demo_store, "REQ-9")["status"] == "draft"
        assert "REQ-9: " in notices(app) and "Next: w " in notices(app), notices(app)


async def test_member_cannot_accept(demo_store, clock):
    member = make_store(demo_store.path, clock, user="liming")
    app = make_app(member)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-3")  # delivered, in a milestone
        await pilot.press("a")  # refused at once: no question asked
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert requirements.get(member, "REQ-3")["status"] == "delivered"
        assert "Only a lead" in notices(app)
    member.close()


async def test_member_refused_in_chinese(demo_store, clock):
    member = make_store(demo_store.path, clock, user="liming")
    app = make_app(member, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-3")
        await pilot.press("a")
        await pilot.pause()
        assert requirements.get(member, "REQ-3")["status"] == "delivered"
        assert "负责人" in notices(app)
    member.close()


async def test_someone_elses_move_shows_after_a_reload(demo_store, clock):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-9")
        other = make_store(demo_store.path, clock, user="liming")
        requirements.move(other, "REQ-9", "documented")
        other.close()
        app.workspace_changed()
        await pilot.pause()
        assert screen.cursor_key == "REQ-9"
        assert "documented" in str(screen.query_one("#requirements-detail-text").render())


async def test_help_lists_every_move_key(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        described = " ".join(str(table.get_row_at(i)[1]) for i in range(table.row_count))
        for words in ("客户确认", "开始开发", "已交付", "验收", "延后", "取消需求", "退回", "已成文"):
            assert words in described


async def test_filter_as_you_type_and_keys_do_not_fire(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("slash")
        await pilot.press(*"订单")
        await pilot.pause()
        assert screen.filter_text == "订单"
        assert screen.table.row_count == 4  # 3 typed in Chinese, 1 in English with its translation
        before = {row["key"]: row["status"] for row in requirements.list_rows(demo_store)}
        # Move keys typed into the filter are text, not moves.
        await pilot.press("o", "c", "A", "X", "n")
        await pilot.pause()
        assert screen.filter_text == "订单ocAXn"
        assert {row["key"]: row["status"] for row in requirements.list_rows(demo_store)} == before
        assert not isinstance(app.screen, FormScreen)
        assert screen.table.row_count == 0
        await pilot.press("escape")
        await pilot.pause()
        assert screen.filter_text == ""
        assert screen.table.row_count == requirements.count(demo_store)
        await pilot.press("slash", *"phase 2", "enter")
        await pilot.pause()
        assert screen.table.has_focus
        assert screen.table.row_count == 0 or screen.filter_text == "phase 2"


async def test_typing_reads_the_first_matches_then_counts_them_all(demo_store, monkeypatch):
    from tui.screens.requirements import RequirementsScreen
    from tui.widgets.item_table import ItemTable

    monkeypatch.setattr(RequirementsScreen, "TYPING_BOUND", 3)
    monkeypatch.setattr(ItemTable, "COUNT_AFTER", 1.5)  # long enough to look before it fires
    total = requirements.count(demo_store)
    assert total > 3
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("slash", "R")  # every key has "REQ-"
        await pilot.pause()
        assert screen.table.row_count == 3
        assert str(screen.query_one("#requirements-count").render()).strip() == "3+ 条需求"
        await pilot.pause(ItemTable.COUNT_AFTER + 0.3)
        assert screen.table.row_count == total
        assert str(screen.query_one("#requirements-count").render()).strip() == f"{total} 条需求"


async def test_milestone_filter_and_marks(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await pilot.press("L")  # first milestone in due order
        await pilot.pause()
        first = milestones.all_milestones(demo_store)[0]
        assert screen.milestone_id == first["id"]
        assert screen.table.row_count == demo_store.scalar(
            "SELECT count(*) FROM requirements WHERE milestone_id = ?", (first["id"],))
        await pilot.press("b")
        await pilot.pause()
        assert screen.group_by_milestone


async def test_bulk_move_with_marks(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        drafts = [row["key"] for row in requirements.list_rows(demo_store, status="draft")]
        for key in drafts[:2]:
            await go_to(pilot, screen, key)
            await pilot.press("space")
        assert screen.table.marked == set(drafts[:2])
        await pilot.press("w")
        await pilot.pause()
        for key in drafts[:2]:
            assert requirements.get(demo_store, key)["status"] == "documented"
        assert not screen.table.marked


async def test_milestones_view_and_review(demo_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        await pilot.press("M")
        await pilot.pause()
        from tui.screens.milestones import MilestoneReviewScreen, MilestonesScreen

        assert isinstance(app.screen, MilestonesScreen)
        detail = str(app.screen.query_one("#ms-detail-text").render())
        assert "Still open at the due date" in detail  # the first milestone is overdue
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MilestoneReviewScreen)
        text = str(app.screen.query_one("#review-text").render())
        assert "Progress: 2 of 3 accepted" in text
        await pilot.press("E")  # Markdown for the client meeting: the dialog shows where first
        await pilot.pause()
        from tui.config import exports_dir
        from tui.widgets.export import ExportScreen

        assert isinstance(app.screen, ExportScreen)
        name = f"milestone-review-{app.screen_stack[-2].milestone_id}.md"
        await pilot.press("enter")
        await pilot.pause()
        written = exports_dir() / name  # the user's exports folder, never the current one
        assert "# Milestone review" in written.read_text(encoding="utf-8")
        assert not (tmp_path / name).exists() and str(written) in notices(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MilestonesScreen)
        await pilot.press("L")  # show its requirements in the register
        await pilot.pause()
        register = app.screen
        assert register.AREA == "requirements" and register.milestone_id == milestones.all_milestones(demo_store)[0]["id"]


async def test_new_milestone_with_the_form(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"三期验收")
        app.screen.query_one("#field-project").value = "NOVA"
        app.screen.query_one("#field-due").value = "2026-13-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "YYYY-MM-DD" in form_error(app.screen)
        app.screen.query_one("#field-due").value = "2026-12-20"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert milestones.find(demo_store, "三期验收")["due"] == "2026-12-20"


async def test_language_switch_keeps_state(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, "REQ-5")
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert screen.cursor_key == "REQ-5"
        assert "需求" in str(screen.query_one("#requirements-heading").render())
        assert "客户已确认" in str(screen.query_one("#requirements-detail-text").render())


async def test_dashboard_panels(demo_store):
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from tui.widgets.requirements_panel import (
            MilestonesDuePanel,
            RequirementFunnelPanel,
        )

        funnel = str(app.screen.query_one(RequirementFunnelPanel).render())
        assert "草稿" in funnel and "ACME" in funnel
        due = str(app.screen.query_one(MilestonesDuePanel).render())
        assert "Sprint 3 验收" in due and "逾期" in due


def written_by_hand(store, table: str, key: str, **values) -> None:
    """Put text into a row as sqlite3 (or an older Huddle) could have, past the store's
    one-line checks: whatever a row holds must still display literally."""
    sets = ", ".join(f"{column} = ?" for column in values)
    store.conn.execute(f"UPDATE {table} SET {sets} WHERE key = ?", (*values.values(), key))


NASTY = ["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b\x07c", "x" * 10_000,
         "客户反馈：很慢", "🚀🔥", "line1\nline2"]


@pytest.mark.parametrize("text", NASTY, ids=[f"nasty{i}" for i in range(len(NASTY))])
async def test_nasty_text_displays_literally(demo_store, text):
    row = requirements.create(demo_store, {"title": "t", "detail": text, "project": "ACME"})
    written_by_hand(demo_store, "requirements", row["key"], title=text[:500].strip(), source=text[:1000])
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, row["key"])
        await pilot.pause()
        assert requirements.get(demo_store, row["key"])["title"] == text[:500].strip()
        assert requirements.get(demo_store, row["key"])["detail"] == text


async def test_detail_renders_any_text(demo_store):
    """Random text (control characters, markup, escapes, wide characters) in every field the
    detail pane shows: it renders, and no escape sequence reaches the terminal."""
    import io
    import random

    rng = random.Random(11)
    alphabet = [chr(code) for code in range(0x250)] + list("[]/\\客户反馈🚀\u202e\u2028")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        console = Console(width=80, file=io.StringIO(), force_terminal=True)
        for _ in range(30):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
            key = requirements.create(demo_store, {"title": "t", "detail": text, "acceptance_criteria": text})["key"]
            written_by_hand(demo_store, "requirements", key, title=(text.strip() or "t")[:500], source=text[:1000])
            rendered = screen.detail_text(requirements.get(demo_store, key))
            console.print(rendered)
            assert "\x1b" not in rendered.plain


async def test_u_undoes_my_last_move_with_its_sign_off(demo_store):
    key = demo_store.scalar("SELECT key FROM requirements WHERE status = 'draft' ORDER BY number LIMIT 1")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, key)
        await pilot.press("w")  # documented
        await pilot.pause()
        assert requirements.get(demo_store, key)["status"] == "documented"
        await pilot.press("u")
        await pilot.pause()
        assert requirements.get(demo_store, key)["status"] == "draft"
        assert "Undone: " + key in notices(app)
        detail = str(screen.query_one("#requirements-detail-text").render())
        assert "undid a move: documented → draft" in detail


async def test_member_changing_what_the_client_signed_off_is_told_a_lead_must(demo_store, clock):
    key = demo_store.scalar("SELECT key FROM requirements WHERE status = 'confirmed' ORDER BY number LIMIT 1")
    before = requirements.get(demo_store, key)
    member = make_store(demo_store.path, clock, user="liming")
    app = make_app(member, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, key)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "reason" in form.values
        from textual.widgets import Input, TextArea

        form.query_one("#field-title", Input).value = before["title"] + "（扩大范围）"
        form.query_one("#field-reason", TextArea).text = "客户要求"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "只有负责人" in form.error
        assert requirements.get(demo_store, key)["title"] == before["title"]
    member.close()


async def test_lead_reopen_is_shown_with_who_and_why(demo_store):
    key = demo_store.scalar("SELECT key FROM requirements WHERE status = 'confirmed' ORDER BY number LIMIT 1")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, key)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        from textual.widgets import TextArea

        form.query_one("#field-acceptance_criteria", TextArea).text = "10k rows in 5 s"
        form.query_one("#field-reason", TextArea).text = "Client raised the bar in the weekly meeting"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert requirements.get(demo_store, key)["acceptance_criteria"] == "10k rows in 5 s"
        detail = str(screen.query_one("#requirements-detail-text").render())
        assert "Re-opened by 王芳" in detail and "Client raised the bar" in detail


async def test_next_offers_only_the_moves_the_store_would_accept(demo_store, clock):
    """A draft is not offered "Confirm" (the store would refuse it); a member is not offered
    "Accept" (a lead's); a requirement without a milestone is not offered "Accept"."""
    draft = demo_store.scalar("SELECT key FROM requirements WHERE status = 'draft' ORDER BY number LIMIT 1")
    delivered = demo_store.scalar(
        "SELECT key FROM requirements WHERE status = 'delivered' AND milestone_id IS NOT NULL ORDER BY number LIMIT 1")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, draft)
        hint = screen.next_hint(requirements.get(demo_store, draft))
        assert "w Documented" in hint and "Confirm" not in hint
        await go_to(pilot, screen, delivered)
        assert "a Accept" in screen.next_hint(requirements.get(demo_store, delivered))
        requirements.update(demo_store, delivered, {"milestone_id": None}, expected_version=None, reason="moved out")
        assert "Accept" not in screen.next_hint(requirements.get(demo_store, delivered))
    member = make_store(demo_store.path, clock, user="liming")
    key = demo_store.scalar("SELECT key FROM requirements WHERE status = 'delivered' AND milestone_id IS NOT NULL"
                            " ORDER BY number LIMIT 1")
    app = make_app(member)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot)
        await go_to(pilot, screen, key)
        detail = str(screen.query_one("#requirements-detail-text").render())
        hint = next(line for line in detail.splitlines() if line.startswith("Next:"))
        assert "v Delivered" not in hint and "Accept" not in hint and "r Send back" in hint
    member.close()
