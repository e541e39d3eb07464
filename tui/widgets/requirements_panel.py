"""Dashboard panels of the Requirements area: the funnel, and milestones due soon."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text

from ..i18n import N_, _, days_late, days_until
from ..text import one_line
from .panel import Panel

MAX_PROJECTS = 3


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = max(0, width - cell_len(text))
    return (" " * gap + text) if right else (text + " " * gap)


class RequirementFunnelPanel(Panel):
    """Requirements per status, per project (the funnel from draft to accepted)."""

    TITLE = N_("Requirement funnel")

    def render_data(self, funnel: dict) -> Text:
        """`funnel`: `counts` (project → status → count, active projects only) and
        `statuses` (status → label, in the funnel's order)."""
        data, statuses = funnel["counts"], funnel["statuses"]
        text = Text()
        if not data:
            text.append(_("No requirements yet: add them in the Requirements area."), style="dim")
            return text
        keys = sorted(data, key=lambda k: (k is None, k or ""))
        shown = keys[:MAX_PROJECTS]
        heads = [one_line(k, 6) if k else "—" for k in shown]
        label_width = max(cell_len(label) for label in statuses.values()) + 1
        widths = [max(5, cell_len(h) + 1) for h in heads]
        total_head = _("Total")
        total_width = max(6, cell_len(total_head) + 1)
        text.append(_pad("", label_width), style="bold")
        for head, width in zip(heads, widths, strict=True):
            text.append(_pad(head, width, right=True), style="bold")
        text.append(_pad(total_head, total_width, right=True) + "\n", style="bold")
        for status, label in statuses.items():
            counts = [data[k].get(status, 0) for k in shown]
            total = sum(data[k].get(status, 0) for k in keys)
            if not total and status in ("deferred", "dropped"):
                continue
            style = "green" if status == "accepted" else ("dim" if status in ("deferred", "dropped") else "")
            text.append(_pad(label, label_width), style=style)
            for count, width in zip(counts, widths, strict=True):
                text.append(_pad(str(count) if count else "·", width, right=True), style=style)
            text.append(_pad(str(total), total_width, right=True) + "\n", style=style or "bold")
        if len(keys) > MAX_PROJECTS:
            text.append(_("and {count} more projects").format(count=len(keys) - MAX_PROJECTS), style="dim")
        text.rstrip()
        return text


class MilestonesDuePanel(Panel):
    """Open milestones due within two weeks (and overdue ones), with their progress."""

    TITLE = N_("Milestones due in 2 weeks")

    def render_data(self, data: dict) -> Text:
        """`data`: `today` and `rows` (`milestones.due_soon`, active projects only)."""
        today, rows = data["today"], data["rows"]
        text = Text()
        if not rows:
            text.append(_("No milestone due in the next two weeks."), style="dim")
            return text
        for row in rows:
            days = (date.fromisoformat(row["due"]) - today).days
            if days < 0:
                when, style = days_late(-days), "bold red"
            elif days == 0:
                when, style = _("today"), "bold yellow"
            else:
                when, style = days_until(days), "yellow" if days <= 7 else ""
            text.append(f"{row['due'][5:]} ", style="dim")
            text.append(_pad(when, 12) + " ", style=style)
            text.append(one_line(row["name"], 40), style="bold")
            text.append(f" {row['project']}\n", style="dim")
            open_count = row["total"] - row["accepted"]
            text.append("  " + _("{accepted}/{total} accepted, {open} open").format(
                accepted=row["accepted"], total=row["total"], open=open_count) + "\n",
                style="green" if row["total"] and not open_count else "")
        text.rstrip()
        return text
