"""The dashboard's standup panels: today's standup, and the open blockers."""

from __future__ import annotations

from rich.text import Text

from ..i18n import N_, _, format_weekday_date
from ..text import one_line
from .panel import Panel


class StandupPanel(Panel):
    """Who has posted today, who is absent, and who has not posted yet."""

    TITLE = N_("Today's standup")

    def render_data(self, data: dict) -> Text:
        """`data`: the day's `standup.summary`, with its `count_line`."""
        text = Text()
        text.append(format_weekday_date(data["date"]) + "\n", style="dim")
        text.append(data["count_line"] + "\n", style="bold")
        for row in data["present"]:
            text.append("✓ ", style="green")
            text.append(one_line(row["display_name"], 30) + "\n")
        for row in data["absent"]:
            text.append("○ ", style="yellow")
            text.append(one_line(row["display_name"], 30))
            text.append("  " + _("absent") + "\n", style="yellow")
        for row in data["missing"]:
            text.append("- ", style="dim")
            text.append(one_line(row["display_name"], 30), style="dim")
            text.append("  " + _("not posted yet") + "\n", style="dim italic")
        return text


class BlockersPanel(Panel):
    """Each member's open blocker, however old, until a later note of theirs clears it."""

    TITLE = N_("Open blockers")

    def render_data(self, data: list[dict]) -> Text:
        """`data`: `standup.open_blockers` rows."""
        text = Text()
        if not data:
            text.append(_("No open blockers."), style="dim")
        for row in data:
            text.append(one_line(row["display_name"], 30), style="bold yellow")
            text.append("  " + _("since {date}").format(date=row["since"]) + "\n", style="dim")
            text.append("  " + one_line(row["blockers"], 200) + "\n")
        return text
