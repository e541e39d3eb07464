"""The dashboard's change-queue panel: what waits for assessment, for a decision, and the
oldest request still waiting."""

from __future__ import annotations

from rich.text import Text

from ..i18n import N_, _, format_relative
from ..screens.dashboard import Panel
from ..store import changes
from ..text import one_line


class ChangesPanel(Panel):
    """Change requests waiting: for assessment, for a decision, and the oldest."""

    TITLE = N_("Change queue")

    def render_text(self) -> Text:
        store = self.app.store
        info = changes.counts(store)
        text = Text()
        text.append(_("Waiting for assessment: {n}").format(n=info["submitted"]) + "\n",
                    style="bold" if info["submitted"] else "dim")
        text.append(_("Being assessed: {n}").format(n=info["assessing"]) + "\n",
                    style="" if info["assessing"] else "dim")
        text.append(_("Waiting for a decision: {n}").format(n=info["decision"]) + "\n",
                    style="bold yellow" if info["decision"] else "dim")
        oldest = info["oldest"]
        if oldest:
            text.append(_("Oldest waiting: {key}, submitted {when}").format(
                key=oldest["key"], when=format_relative(oldest["created_at"], store.now())) + "\n", style="dim")
            text.append("  " + one_line(oldest["title"], 60) + "\n")
        else:
            text.append(_("Nothing is waiting."), style="dim")
        return text
