"""The weekly report preview driven by the keyboard (Pilot): opened from the dashboard and
the palette, its own language apart from the interface's, weeks and projects, the internal
notes apart, exports that write what is shown, and live refresh."""

from __future__ import annotations

from conftest import make_app, visible_text
from tui import i18n, reports
from tui.screens.report import ReportScreen
from tui.store import feedback
from tui.store.reports import Week
from tui.widgets.export import ExportScreen

SIZE = (100, 30)


def client_text(app) -> str:
    return str(app.screen.query_one("#report-client").render())


def internal_text(app) -> str:
    return str(app.screen.query_one("#report-internal").render())


def title(app) -> str:
    return str(app.screen.query_one("#report-title").render())


def notices(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def open_preview(pilot):
    await pilot.press("W")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReportScreen)
    return pilot.app.screen


async def test_opens_from_the_dashboard_in_the_clients_language(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot)
        assert (screen.project, screen.week) == ("ACME", Week(2026, 47))
        assert "2026-W47" in title(app) and "简体中文" in title(app)
        assert "项目周报" in client_text(app) and "里程碑进度" in client_text(app)
        assert "What the client receives" in str(screen.query_one("#report-client").border_title)
        assert i18n.get_language() == "en" and "Previous week" in visible_text(app) + str(app.screen.active_bindings)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_the_reports_language_switches_apart_from_the_interfaces(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert "Weekly progress report" in client_text(app) and "English" in title(app)
        assert i18n.get_language() == "en"
        await pilot.press("f2")  # the interface turns Chinese; the report stays English
        await pilot.pause()
        assert i18n.get_language() == "zh_CN"
        assert "周报" in title(app) and "English" in title(app)
        assert "Weekly progress report" in client_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert "项目周报" in client_text(app)
        assert screen.document.language == "zh_CN"


async def test_weeks_and_projects(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == Week(2026, 46) and "2026-W46" in title(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert screen.week == Week(2026, 48) and "(in progress)" in title(app)
        await pilot.press("right_square_bracket")  # week 49 has not begun on 2026-11-27
        await pilot.pause()
        assert screen.week == Week(2026, 48) and "not begun" in notices(app)
        await pilot.press("T", "P")  # another client: its own language again
        await pilot.pause()
        assert screen.project == "NOVA" and "English" in title(app)
        assert "Nova" in client_text(app) and "Waiting for Nova's SSO test account" in client_text(app)
        await pilot.press("P")
        await pilot.pause()
        assert screen.project == "ACME" and "简体中文" in title(app)


async def test_internal_notes_show_apart_and_marked(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(pilot)
        internal = screen.query_one("#report-internal")
        assert not internal.display
        note = "影响登录模块和短信网关"
        assert note not in client_text(app)
        await pilot.press("I")
        await pilot.pause()
        assert internal.display and note in internal_text(app)
        assert "Internal" in str(internal.border_title)
        assert note not in client_text(app)
        await pilot.press("I")
        await pilot.pause()
        assert not internal.display


async def test_export_writes_what_is_shown(demo_store):
    from tui.config import exports_dir

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot)
        await pilot.press("T", "E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        written = exports_dir() / "weekly-ACME-2026-W47-en.md"
        assert written.read_text(encoding="utf-8") == reports.weekly_text(demo_store, "ACME", "2026-W47", "en")
        assert str(written) in notices(app)
        await pilot.press("H")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        html = (exports_dir() / "weekly-ACME-2026-W47-en.html").read_text(encoding="utf-8")
        assert html == reports.weekly_text(demo_store, "ACME", "2026-W47", "en", "html")
        await pilot.press("E")  # the same file again: asks before replacing
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Replace" in visible_text(app) + str(app.screen.query("Button").first().label)


async def test_opens_from_the_palette_in_any_area(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Weekly report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and app.screen.AREA == "changes"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.AREA == "changes" and not isinstance(app.screen, ReportScreen)


async def test_reloads_when_the_workspace_changes(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        feedback.add(demo_store, "周报很清楚，谢谢", project="ACME", contact="刘总", channel="email", csat=5)
        app.workspace_changed()
        await pilot.pause()
        assert "周报很清楚，谢谢" in client_text(app)


async def test_a_workspace_without_projects(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("W")
        await pilot.pause()
        assert "No project yet" in client_text(app)
        await pilot.press("E", "T", "P", "I")  # nothing to export or switch: nothing breaks
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)


async def test_the_requirements_document_exports_from_the_preview(demo_store):
    """The preview's palette command (and `export_requirements_document`, which the
    register can call) writes the requirements document in the report's language."""
    from tui.config import exports_dir

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await open_preview(pilot)
        await pilot.press("T")
        await pilot.pause()
        commands = app.screen.palette_commands()
        assert [c.english for c in commands] == ["Export the requirements document"]
        commands[0].callback()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        written = exports_dir() / "requirements-ACME-en.md"
        assert written.read_text(encoding="utf-8") == reports.reqdoc_text(demo_store, "ACME", None, "en")


async def test_the_register_exports_the_requirements_document(demo_store):
    from tui.widgets.export import ExportScreen

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
