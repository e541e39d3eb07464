"""The Dashboard: one screen of what needs attention today.

Each area contributes panels (`PANELS`); a panel is a widget with a `refresh_data()` that
reads the store. The standup panels come first; other areas add theirs as they arrive.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from ..i18n import N_, _, format_weekday_date
from ..store import standup
from ..text import one_line
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from .base import HuddleScreen


class Panel(Static):
    """A titled box on the dashboard that reloads itself from the store."""

    TITLE = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, classes="panel", **kwargs)

    def on_mount(self) -> None:
        self.border_title = _(self.TITLE)
        self.refresh_data()

    def refresh_data(self) -> None:
        self.update(self.render_text())

    def render_text(self) -> Text:
        return Text()


class StandupPanel(Panel):
    """Who has posted today, who is absent, and who has not posted yet."""

    TITLE = N_("Today's standup")

    def render_text(self) -> Text:
        store = self.app.store
        info = standup.summary(store, store.today())
        text = Text()
        text.append(format_weekday_date(info["date"]) + "\n", style="dim")
        text.append(standup.count_line(info) + "\n", style="bold")
        for row in info["present"]:
            text.append("✓ ", style="green")
            text.append(one_line(row["display_name"], 30) + "\n")
        for row in info["absent"]:
            text.append("○ ", style="yellow")
            text.append(one_line(row["display_name"], 30))
            text.append("  " + _("absent") + "\n", style="yellow")
        for row in info["missing"]:
            text.append("- ", style="dim")
            text.append(one_line(row["display_name"], 30), style="dim")
            text.append("  " + _("not posted yet") + "\n", style="dim italic")
        return text


class BlockersPanel(Panel):
    """Each member's open blocker, however old, until a later note of theirs clears it."""

    TITLE = N_("Open blockers")

    def render_text(self) -> Text:
        store = self.app.store
        rows = standup.open_blockers(store, store.today())
        text = Text()
        if not rows:
            text.append(_("No open blockers."), style="dim")
        for row in rows:
            text.append(one_line(row["display_name"], 30), style="bold yellow")
            text.append("  " + _("since {date}").format(date=row["since"]) + "\n", style="dim")
            text.append("  " + one_line(row["blockers"], 200) + "\n")
        return text


PANELS: list[type[Panel]] = [StandupPanel, BlockersPanel]

from ..widgets.changes_panel import ChangesPanel  # noqa: E402

PANELS.append(ChangesPanel)

from ..widgets.requirements_panel import MilestonesDuePanel, RequirementFunnelPanel  # noqa: E402

PANELS += [RequirementFunnelPanel, MilestonesDuePanel]

from ..widgets.trust_panels import FeedbackWaitingPanel, OverdueCommitmentsPanel, SatisfactionPanel  # noqa: E402

PANELS.insert(0, OverdueCommitmentsPanel)
PANELS += [SatisfactionPanel, FeedbackWaitingPanel]


EARLY_PANELS: tuple[type[Panel], ...] = (StandupPanel, BlockersPanel)
"""What an empty workspace (no active project yet) shows beside its getting-started box."""


def start_text(app) -> Text:
    """An empty workspace's first steps, with the keys actually bound (the Workspace area's
    own keys are read from its screen class, imported only here)."""
    from ..store import members, permissions
    from .workspace import WorkspaceScreen

    store = app.store

    def key(bindings, binding_id: str) -> str:
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return app.get_key_display(replace(binding, key=binding.key.split(",")[0]))
        return "?"

    area, standup_key = key(app.BINDINGS, "area.workspace"), key(app.BINDINGS, "area.standup")
    new, switch = key(WorkspaceScreen.BINDINGS, "workspace.new"), key(WorkspaceScreen.BINDINGS, "workspace.switch")
    rename = key(WorkspaceScreen.BINDINGS, "workspace.rename")
    team = members.active(store)
    text = Text()
    text.append(_("This workspace has no projects yet.") + "\n", style="bold")
    if permissions.is_lead(store):
        steps = [
            (False, _("Add a project, the client you deliver to: {area}, then {new}.").format(area=area, new=new),
             "huddle project add ACME --name NAME --client CLIENT"),
            (len(team) > 1, _("Invite members: {area}, {switch}, then {new}; add each teammate by their login on this host.").format(
                area=area, switch=switch, new=new), "huddle member add LOGIN --name NAME"),
            (False, _("Everyone writes their standup note: {standup}.").format(standup=standup_key), ""),
        ]
        for number, (done, step, shell) in enumerate(steps, start=1):
            text.append(f" {'✓' if done else number}. ", style="green bold" if done else "bold")
            text.append(step + "\n", style="dim" if done else "")
            if shell:
                text.append("    " + _("or: {command}").format(command=shell) + "\n", style="dim")
    else:
        leads = ", ".join(one_line(row["display_name"], 20) for row in team if row["role"] == "lead") or "—"
        text.append(_("Ask a lead ({leads}) to add a project.").format(leads=leads) + "\n")
        text.append(_("Meanwhile: write your standup note ({standup}); set your display name ({area}, then {rename}).").format(
            standup=standup_key, area=area, rename=rename))
    text.rstrip()
    return text


class StartPanel(Static):
    """Shown instead of the area panels while the workspace has no active project."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="dashboard-start")

    def on_mount(self) -> None:
        self.border_title = _("Getting started")
        self.refresh_data()

    def refresh_data(self) -> None:
        self.update(start_text(self.app))


class DashboardScreen(HuddleScreen):
    AREA = "dashboard"
    HELP = N_("What needs attention today, across every area. Press a number to open an area.")

    def __init__(self) -> None:
        super().__init__()
        self.empty = False

    def workspace_is_empty(self) -> bool:
        from ..store import projects

        return projects.workspace_is_new(self.store)

    def compose(self) -> ComposeResult:
        self.empty = self.workspace_is_empty()
        yield HuddleHeader(self.AREA)
        with VerticalScroll(id="dashboard"):
            if self.empty:
                yield StartPanel()
            with Grid(id="dashboard-grid"):
                for panel in EARLY_PANELS if self.empty else PANELS:
                    yield panel()
        yield HuddleFooter()

    AUTO_FOCUS = "#dashboard"  # arrows, page keys and j/k scroll the panels

    BINDINGS = [
        Binding("7", "switch_area('workspace')", N_("Workspace"), id="dashboard.workspace"),
        Binding("W", "weekly_report", N_("Weekly report"), id="dashboard.report"),
        Binding("j", "scroll('down')", N_("Scroll down"), show=False, id="dashboard.down"),
        Binding("k", "scroll('up')", N_("Scroll up"), show=False, id="dashboard.up"),
    ]

    def action_switch_area(self, mode: str) -> None:
        """The Workspace area, shown in this footer (the other areas are in the header)."""
        self.app.action_switch_area(mode)

    def action_weekly_report(self) -> None:
        """The client's weekly report, previewed before it is exported (imported here: the
        first frame does not need it)."""
        from .report import ReportScreen

        self.app.push_screen(ReportScreen())

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#dashboard", VerticalScroll)
        scroller.scroll_down() if direction == "down" else scroller.scroll_up()

    def refresh_data(self) -> None:
        if self.workspace_is_empty() != self.empty:
            self.call_later(self._redraw)
            return
        for panel in self.query(Panel):
            panel.refresh_data()
        for start in self.query(StartPanel):
            start.refresh_data()

    async def on_screen_resume(self) -> None:
        await super().on_screen_resume()
        if self.workspace_is_empty() != self.empty:
            await self._redraw()

    async def _redraw(self) -> None:
        await self.recompose()
        self.after_recompose()

    def after_recompose(self) -> None:
        """Panels load themselves when mounted."""
        self.query_one("#dashboard").focus()
