"""The Dashboard: one screen of what needs attention today.

Each area contributes panels (`PANELS`): a panel is a widget that draws what it is given
(`tui/widgets/*_panel*.py`); this screen reads the store for each (`LOADERS`) whenever the
workspace changes, so the widgets never touch the store. Overdue commitments come first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from ..i18n import N_, _, join_list
from ..store import standup
from ..text import one_line
from ..widgets.changes_panel import ChangesPanel
from ..widgets.footer import HuddleFooter
from ..widgets.hanging import Hanging
from ..widgets.header import HuddleHeader
from ..widgets.panel import Panel
from ..widgets.requirements_panel import MilestonesDuePanel, RequirementFunnelPanel
from ..widgets.standup_panels import BlockersPanel, StandupPanel
from ..widgets.trust_panels import LIMIT as OVERDUE_SHOWN
from ..widgets.trust_panels import FeedbackWaitingPanel, OverdueCommitmentsPanel, SatisfactionPanel
from .base import HuddleScreen

if TYPE_CHECKING:
    from ..store.db import Store
    from ..store.trust import CsatWeeks

__all__ = ["EARLY_PANELS", "LOADERS", "PANELS", "DashboardScreen", "Panel"]


def _standup(store: Store) -> dict:
    info = standup.summary(store, store.today())
    return {**info, "count_line": standup.count_line(info)}


def _blockers(store: Store) -> list[dict]:
    return standup.open_blockers(store, store.today())


def _changes(store: Store) -> dict:
    from ..store import changes

    return {"counts": changes.counts(store), "now": store.now()}


def _funnel(store: Store) -> dict:
    from ..store import projects, requirements, workflow

    archived = projects.archived_keys(store)
    counts = {key: row for key, row in requirements.funnel(store).items() if key not in archived}
    return {"counts": counts, "statuses": {status: workflow.label(status) for status in requirements.FUNNEL}}


def _milestones_due(store: Store) -> dict:
    from ..store import milestones, projects

    today, archived = store.today(), projects.archived_keys(store)
    return {"today": today, "rows": [row for row in milestones.due_soon(store, today) if row["project"] not in archived]}


def _overdue_commitments(store: Store) -> dict:
    from ..store import commitments, members

    today = store.today()
    rows = [{**row, "days": (today - date.fromisoformat(row["due"][:10])).days} for row in commitments.overdue(store, OVERDUE_SHOWN)]
    return {"rows": rows, "count": commitments.overdue_count(store), "names": members.names(store),
            "summary": commitments.on_time_summary(store)["all"]}


def _satisfaction(store: Store) -> CsatWeeks:
    from ..store import feedback, projects, trust

    today, weeks = store.today(), SatisfactionPanel.WEEKS
    archived = projects.archived_keys(store)
    rows = [row for row in feedback.csat_rows(store, trust.chart_since(today, weeks)) if row["project"] not in archived]
    return trust.csat_weeks(rows, today, weeks)


def _feedback_waiting(store: Store) -> dict:
    from ..store import feedback, trust

    now, today = store.now(), store.today()
    rows = feedback.attention_rows(store)
    flagged = [row for row in rows if trust.detractor_flagged(row, now)]
    overdue = [row for row in rows if trust.follow_up_overdue(row, today) and row not in flagged]
    return {"flagged": flagged, "overdue": overdue}


LOADERS: dict[type[Panel], Callable[[Store], Any]] = {
    OverdueCommitmentsPanel: _overdue_commitments,
    StandupPanel: _standup,
    BlockersPanel: _blockers,
    ChangesPanel: _changes,
    RequirementFunnelPanel: _funnel,
    MilestonesDuePanel: _milestones_due,
    SatisfactionPanel: _satisfaction,
    FeedbackWaitingPanel: _feedback_waiting,
}
"""Each panel's data, read from the store by this screen (a panel only draws)."""

PANELS: list[type[Panel]] = list(LOADERS)
"""The panels, in the order they are shown."""

EARLY_PANELS: tuple[type[Panel], ...] = (StandupPanel, BlockersPanel)
"""What an empty workspace (no active project yet) shows beside its getting-started box."""


def start_text(app) -> Text:
    """An empty workspace's first steps, with the keys actually bound (the Workspace area's
    own keys are read from its screen class, imported only here)."""
    from ..store import members, permissions
    from ..widgets.bound import display
    from .workspace import WorkspaceScreen

    store = app.store

    def key(bindings, binding_id: str) -> str:
        """The key bound to `binding_id` now (after the user's keymap)."""
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return display(app, binding)
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
        leads = join_list(one_line(row["display_name"], 20) for row in team if row["role"] == "lead") or "—"
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
        self.update(Hanging(start_text(self.app)))  # each step wraps under its own text


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

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        if self.workspace_is_empty() != self.empty:
            self.call_later(self._redraw)
            return
        for panel in self.query(Panel):
            panel.show(LOADERS[type(panel)](self.store))
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
        self.refresh_data()
        self.query_one("#dashboard").focus()
