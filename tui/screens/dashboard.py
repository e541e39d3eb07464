"""The Dashboard: one screen of what needs attention today.

Each area contributes panels (`PANELS`); a panel is a widget with a `refresh_data()` that
reads the store. The standup panels come first; other areas add theirs as they arrive.
"""

from __future__ import annotations

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
    """Who has posted today, and who has not."""

    TITLE = N_("Today's standup")

    def render_text(self) -> Text:
        store = self.app.store
        info = standup.summary(store, store.today())
        text = Text()
        total = len(info["posted"]) + len(info["missing"])
        text.append(format_weekday_date(info["date"]) + "\n", style="dim")
        text.append(_("{posted} of {total} posted").format(posted=len(info["posted"]), total=total) + "\n", style="bold")
        for row in info["posted"]:
            text.append("✓ ", style="green")
            text.append(one_line(row["display_name"], 30) + "\n")
        for row in info["missing"]:
            text.append("- ", style="dim")
            text.append(one_line(row["display_name"], 30), style="dim")
            text.append("  " + _("not posted yet") + "\n", style="dim italic")
        return text


class BlockersPanel(Panel):
    """Each member's latest blocker, until a later note clears it."""

    TITLE = N_("Open blockers")

    def render_text(self) -> Text:
        store = self.app.store
        rows = standup.open_blockers(store, store.today())
        text = Text()
        if not rows:
            text.append(_("No open blockers."), style="dim")
        for row in rows:
            text.append(one_line(row["display_name"], 30), style="bold yellow")
            text.append(f"  {row['date']}\n", style="dim")
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


class DashboardScreen(HuddleScreen):
    AREA = "dashboard"
    HELP = N_("What needs attention today, across every area. Press a number to open an area.")

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with VerticalScroll(id="dashboard"):
            with Grid(id="dashboard-grid"):
                for panel in PANELS:
                    yield panel()
        yield HuddleFooter()

    AUTO_FOCUS = "#dashboard"  # arrows, page keys and j/k scroll the panels

    BINDINGS = [
        Binding("j", "scroll('down')", N_("Scroll down"), show=False, id="dashboard.down"),
        Binding("k", "scroll('up')", N_("Scroll up"), show=False, id="dashboard.up"),
    ]

    def action_scroll(self, direction: str) -> None:
        scroller = self.query_one("#dashboard", VerticalScroll)
        scroller.scroll_down() if direction == "down" else scroller.scroll_up()

    def refresh_data(self) -> None:
        for panel in self.query(Panel):
            panel.refresh_data()

    def after_recompose(self) -> None:
        """Panels load themselves when mounted."""
        self.query_one("#dashboard").focus()
