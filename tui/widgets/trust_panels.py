"""The trust ledger on the Dashboard: overdue commitments (first on the dashboard), the
satisfaction trend, and feedback waiting for us (detractors not acknowledged within 48
hours, follow-ups whose date has passed)."""

from __future__ import annotations

from rich.text import Text

from ..i18n import N_, _, days_late, format_number, label_prefix, with_note
from ..text import one_line
from .csat_chart import render_chart
from .panel import Panel

LIMIT = 6


def on_time_text(value) -> str:
    """`60% (3/5)` / `60%（3/5）`: the on-time rate and what it counts (a `trust.OnTime`)."""
    if value.rate is None:
        return "—"
    return with_note(f"{format_number(value.rate * 100)}%", f"{value.on_time}/{value.closed}")


class OverdueCommitmentsPanel(Panel):
    """Promises past their due date, most overdue first, and the on-time rate."""

    TITLE = N_("Overdue commitments")

    def render_data(self, data: dict) -> Text:
        """`data`: `rows` (the most overdue, each with its `days` late), their `count`,
        the members' `names` and the on-time `summary` (`trust.OnTime`)."""
        rows, count, names, summary = data["rows"], data["count"], data["names"], data["summary"]
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(label_prefix(_("On time")), style="bold")
        if summary.rate is None:
            text.append("—", style="dim")
        else:
            text.append(on_time_text(summary),
                        style="green" if summary.rate >= 0.8 else "yellow" if summary.rate >= 0.5 else "red")
        text.append("\n")
        if not rows:
            text.append(_("No overdue commitments."), style="dim")
            return text
        for row in rows[:LIMIT]:
            text.append(row["key"], style="bold red")
            text.append(" " + days_late(row["days"]), style="red")
            owner = names.get(row["owner"], row["owner"]) if row["owner"] else ""
            if owner:
                text.append(" · " + one_line(owner, 12), style="dim")
            text.append("\n  " + one_line(row["promise"], 120) + "\n")
        if count > LIMIT:
            text.append(_("…and {n} more (6)").format(n=count - LIMIT), style="dim")
        return text


class SatisfactionPanel(Panel):
    """CSAT per project over the last six ISO weeks."""

    TITLE = N_("Satisfaction trend")
    WEEKS = 6

    def render_data(self, data) -> Text:
        """`data`: the chart's `trust.CsatWeeks` (active projects only)."""
        return render_chart(data, title=False)


class FeedbackWaitingPanel(Panel):
    """Detractors nobody acknowledged within 48 hours, and follow-ups that are overdue."""

    TITLE = N_("Follow-ups and detractors")

    def render_data(self, data: dict) -> Text:
        """`data`: the `flagged` detractors and the `overdue` follow-ups."""
        flagged, overdue = data["flagged"], data["overdue"]
        text = Text(no_wrap=True, overflow="ellipsis")
        if not flagged and not overdue:
            text.append(_("Every detractor answered; no follow-up overdue."), style="dim")
            return text
        for row in flagged[:LIMIT]:
            text.append(row["key"], style="bold red")
            text.append(" " + _("CSAT {n}, no reply in 48h").format(n=row["csat"]), style="red")
            text.append("\n  " + one_line(row["summary"], 120) + "\n")
        for row in overdue[: max(0, LIMIT - len(flagged))]:
            text.append(row["key"], style="bold yellow")
            text.append(" " + _("follow-up was due {date}").format(date=row["follow_up_on"]), style="yellow")
            text.append("\n  " + one_line(row["summary"], 120) + "\n")
        return text
