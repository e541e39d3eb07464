"""The dashboard's change-queue panel: what waits for assessment, for a decision, and the
oldest request still waiting."""

from __future__ import annotations

from rich.text import Text

from ..i18n import N_, _, format_number, ngettext, parse_timestamp
from ..text import one_line
from .panel import Panel


class ChangesPanel(Panel):
    """Change requests waiting: for assessment, for a decision, and the oldest."""

    TITLE = N_("Change queue")

    def render_data(self, data: dict) -> Text:
        """`data`: `counts` (`changes.counts`) and `now`."""
        info = data["counts"]
        text = Text()
        text.append(_("Waiting for assessment: {n}").format(n=format_number(info["submitted"])) + "\n",
                    style="bold" if info["submitted"] else "dim")
        text.append(_("Being assessed: {n}").format(n=format_number(info["assessing"])) + "\n",
                    style="" if info["assessing"] else "dim")
        text.append(_("Waiting for a decision: {n}").format(n=format_number(info["decision"])) + "\n",
                    style="bold yellow" if info["decision"] else "dim")
        oldest = info["oldest"]
        if oldest:
            # Whole days, as in the queue's age column (and no locale data to load at start).
            days = max(0, (data["now"] - parse_timestamp(oldest["created_at"])).days)
            if days == 0:
                line = _("Oldest waiting: {key}, submitted today").format(key=oldest["key"])
            else:
                line = ngettext("Oldest waiting: {key}, {n} day old", "Oldest waiting: {key}, {n} days old", days)
                line = line.format(key=oldest["key"], n=format_number(days))
            text.append(line + "\n", style="dim")
            text.append("  " + one_line(oldest["title"], 60) + "\n")
        else:
            text.append(_("Nothing is waiting."), style="dim")
        return text
