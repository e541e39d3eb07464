"""The Workspace area driven with Pilot, in both languages: reachable by its key, from the
palette and from the dashboard; a lead adds and edits projects and members (archiving,
roles, the last lead), a member may only set their own name; an empty workspace's dashboard
says what to do first; archived projects leave pickers and the dashboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select

from conftest import make_app, make_store, visible_text
from tui.store import commitments, members, projects, requirements
from tui.widgets.form import ConfirmScreen, FormScreen

WORDS = {
    "en": {"workspace": "Workspace", "projects": "Projects", "members": "Members", "start": "Getting started",
           "lead": "lead", "only": "Only a lead", "archived": "archived"},
    "zh_CN": {"workspace": "工作区", "projects": "项目", "members": "成员", "start": "从这里开始",
              "lead": "负责人", "only": "只有负责人", "archived": "已归档"},
}


@pytest.fixture
def ws(store):
    """wangfang (a lead) with one project and one member."""
    projects.add(store, "ACME", "ACME 客户门户", "ACME 集团", client_lang="zh_CN", contacts="刘总 (信息部)")
    members.add(store, "liming", "李明")
    return store


async def settle(pilot) -> None:
    """Let store-thread saves and the screens' reloads finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_workspace(pilot):
    await pilot.press("7")
    await settle(pilot)
    screen = pilot.app.screen
    assert screen.AREA == "workspace"
    return screen


def rows_of(app, table_id: str) -> list[str]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [str(key.value) for key in table.rows]


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_reachable_by_key_palette_and_dashboard(ws, language):
    app = make_app(ws, language)
    words = WORDS[language]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from tui.widgets.footer import HuddleFooter

        footer = app.screen.query_one(HuddleFooter)
        assert words["workspace"] in str(footer.render())  # the dashboard's footer shows 7
        screen = await open_workspace(pilot)
        text = visible_text(app)
        assert words["projects"] in text and words["members"] in text
        assert rows_of(app, "workspace-projects") == ["ACME"]
        assert set(rows_of(app, "workspace-members")) == {"wangfang", "liming"}
        assert "刘总 (信息部)" in text  # the selected project's details
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Workspace")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen


async def test_a_lead_adds_a_project_and_it_reaches_the_pickers(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workspace(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-key"
        await pilot.press(*"nova")
        form.query_one("#field-name", Input).value = "Nova 移动银行"
        form.query_one("#field-client", Input).value = "Nova Bank"
        form.query_one("#field-end_on", Input).value = "2027-13-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "YYYY-MM-DD" in form.error  # refused next to the field
        form.query_one("#field-end_on", Input).value = "2027-06-30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        row = projects.get(ws, "NOVA")
        assert (row["name"], row["client"], row["end_on"], row["created_by"]) == (
            "Nova 移动银行", "Nova Bank", "2027-06-30", "wangfang")
        assert rows_of(app, "workspace-projects") == ["ACME", "NOVA"]
        assert app.screen.selected_project == "NOVA"
        from tui.screens.commitments_forms import promise_fields

        choices = next(f for f in promise_fields(ws, new=True) if f.name == "project").choices
        assert [key for key, _label in choices] == ["ACME", "NOVA"]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_archiving_a_project_keeps_its_items_and_drops_it_from_pickers_and_dashboard(ws, language):
    projects.add(ws, "OLD", "Old client")
    requirements.create(ws, {"title": "旧需求", "project": "OLD"})
    promise = commitments.add(ws, "旧承诺", "2026-12-30", project="OLD")
    app = make_app(ws, language)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "OLD" in visible_text(app)  # the requirement funnel shows it
        screen = await open_workspace(pilot)
        table = screen.query_one("#workspace-projects", DataTable)
        table.move_cursor(row=rows_of(app, "workspace-projects").index("OLD"))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-archived", Select).value = "archived"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert projects.get(ws, "OLD")["archived"] == 1
        assert WORDS[language]["archived"] in visible_text(app)
        # its items keep it; the pickers do not offer it
        assert requirements.get(ws, "REQ-1")["project"] == "OLD"
        from tui.screens.requirements_forms import requirement_fields

        choices = next(f for f in requirement_fields(ws) if f.name == "project").choices
        assert [key for key, _label in choices] == ["ACME"]
        # editing a commitment of the archived project does not take its project away
        from tui.screens.commitments_forms import promise_form

        edit = promise_form(ws, commitments.get(ws, promise["key"]))
        await app.push_screen(edit)
        await pilot.pause()
        edit.query_one("#field-to_whom", Input).value = "刘总"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert commitments.get(ws, promise["key"])["project"] == "OLD"
        assert commitments.get(ws, promise["key"])["to_whom"] == "刘总"
        app.workspace_changed()  # what the watcher does after every commit (live=False here)
        await pilot.press("1")
        await settle(pilot)
        assert "OLD" not in visible_text(app)  # gone from the dashboard's funnel


async def test_a_lead_adds_a_member_and_makes_them_lead_but_never_removes_the_last_lead(ws):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workspace(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.list_in_focus == "members"
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and app.focused.id == "field-login"
        await pilot.press(*"zhangwei")
        form.query_one("#field-display_name", Input).value = "张伟"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = members.get(ws, "zhangwei")
        assert (row["display_name"], row["role"], row["active"]) == ("张伟", "member", 1)
        assert "zhangwei" in rows_of(app, "workspace-members")
        # the last lead: demoting myself is refused in the form, which stays open
        screen = app.screen
        screen.selected_member = "wangfang"
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-role", Select).value = "member"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "last active lead" in form.error
        assert members.get(ws, "wangfang")["role"] == "lead"
        await pilot.press("escape")  # the form is dirty: it asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        # deactivate liming
        screen.selected_member = "liming"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-active", Select).value = "inactive"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert members.get(ws, "liming")["active"] == 0
        assert {m["login"] for m in members.active(ws)} == {"wangfang", "zhangwei"}
        assert "inactive" in visible_text(app)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_member_may_only_set_their_own_name(ws, clock, language):
    liming = make_store(ws.path, clock, user="liming")
    app = make_app(liming, language)
    words = WORDS[language]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_workspace(pilot)
        assert words["only"] in visible_text(app)
        await pilot.press("n")  # a new project: needs a lead, said at once, no form
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert any(words["only"] in message for message in errors(app))
        await pilot.press("e")  # edit ACME: the same
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("N")  # my own name: allowed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-display_name", Input).value = "李明 (后端)"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert members.get(ws, "liming")["display_name"] == "李明 (后端)"
        assert members.get(ws, "liming")["role"] == "member"
        assert screen is app.screen and "李明 (后端)" in " ".join(
            str(cell) for cell in screen.query_one("#workspace-members", DataTable).get_row("liming"))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_an_empty_workspace_dashboard_says_what_to_do_first(tmp_path, clock, language):
    empty = make_store(tmp_path / "new.db", clock)
    members.ensure(empty, "wangfang", "王芳")
    app = make_app(empty, language)
    words = WORDS[language]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = visible_text(app)
        assert app.screen.query_one("#dashboard-start").border_title == words["start"]
        assert "huddle project add" in text and "huddle member add" in text
        assert not app.screen.query("#dashboard-grid RequirementFunnelPanel")
        await pilot.press("7", "n")
        await pilot.pause()
        await pilot.press(*"ACME")
        app.screen.query_one("#field-name", Input).value = "ACME portal"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert not app.screen.query("#dashboard-start")
        assert app.screen.query("RequirementFunnelPanel")


async def test_a_member_sees_who_to_ask_on_an_empty_dashboard(tmp_path, clock):
    made = make_store(tmp_path / "new.db", clock)
    members.ensure(made, "wangfang", "王芳")
    liming = make_store(made.path, clock, user="liming")
    app = make_app(liming)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = visible_text(app)
        assert "Ask a lead (王芳) to add a project" in text
        assert members.get(liming, "liming")["role"] == "member"  # opening first makes nobody a lead


async def test_project_edits_merge_with_someone_elses(ws, clock):
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workspace(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        other = make_store(ws.path, clock)
        projects.edit(other, "ACME", {"client": "ACME Group"})  # saved meanwhile
        form.query_one("#field-end_on", Input).value = "2027-03-31"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = projects.get(ws, "ACME")
        assert (row["client"], row["end_on"]) == ("ACME Group", "2027-03-31")
