"""The Commitments area: what we promised the client, by when, and whether we kept it.

A declaration read by the list-area kit (`list_area.py`). Open promises come first, by due
date (overdue ones flagged); the line above the list shows the on-time rate (kept on or
before the original due date / all closed) per project and per person. Kept, missed (asks
why) and moving the due date (asks the reason; the original date is kept) are the moves;
undo takes back a slip of a key, so it does not change the on-time rate for good.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from ..i18n import N_, _, format_number, format_relative, label_prefix, ngettext
from ..store import commitments, members, trust, workflow
from ..text import clean, one_line
from ..widgets.trust_panels import on_time_text
from .feedback import STATUS_TONES, short_day
from .list_area import Command, ListAreaScreen, Move
from .style import themed


def rates_text(summary: dict, names: dict[str, str], muted=None) -> Text:
    """Two lines: overall and per project; per person."""
    text = Text()
    text.append(_("On time") + " ", style="bold")
    text.append(on_time_text(summary["all"]), style="bold")
    for project, value in summary["project"].items():
        text.append(f" · {one_line(project or '—', 8)} {on_time_text(value)}")
    text.append("\n")
    text.append(_("By person") + " ", style=muted or "dim")
    parts = [f"{one_line(names.get(login, login or '—'), 6)} {format_number(value.rate * 100)}%"
             for login, value in summary["owner"].items() if value.rate is not None]
    text.append(" · ".join(parts) if parts else "—")
    return text


class CommitmentsScreen(ListAreaScreen):
    """Promises to the client and the on-time rate."""

    AREA = "commitments"
    AREA_STORE = commitments.AREA
    TITLE = N_("Commitments")
    COLUMNS = (
        ("key", N_("ID"), 6),
        ("due_text", N_("Due by"), 6),
        ("project", N_("Proj"), 5),
        ("status_label", N_("Status"), 12),
        ("owner_name", N_("Owner"), 8),
        ("to_whom", N_("To whom"), 12),
        ("promise_shown", N_("Promise"), None),
    )
    MOVES = (
        Move("done", N_("Kept"), "kept"),
        Move("reject", N_("Missed"), "missed", ask="reason", reason=N_("Why was it missed?"),
             placeholder=N_("What happened, and what the client was told")),
        Move("later", N_("Move due date"), "renegotiated", ask="move_due"),
    )
    VIEWS = ("all", "open", "overdue")
    STATUS_TONES: ClassVar[dict[str, str]] = STATUS_TONES
    SEARCHES = N_("promise, to whom, key, owner, project")
    EMPTY = N_("No commitments here. Press {new} to record a promise.")
    HELP_TEXT = N_(
        "What we promised the client, to whom, by when. Open promises first, overdue ones in red. "
        "{mark} marks several for one move. {done} kept, {reject} missed (asks why), {later} move the "
        "due date (asks why; the original date is kept and counts for the on-time rate), {assign} "
        "assign to me, {undo} undo your last move. On time = kept on or before the original due "
        "date / all closed."
    )
    PALETTE = (
        Command(N_("New commitment"), N_("Record a promise made to the client"), "new", "new"),
        Command(N_("Commitments: move the due date"), N_("Renegotiate, with the reason"), "move('later')", "later"),
    )
    FIELD_LABELS: ClassVar[dict[str, str]] = {
        "promise": N_("Promise"), "to_whom": N_("To whom"), "owner": N_("Owner"), "project": N_("Project"),
        "note": N_("Note"), "due": N_("Due"),
    }
    SHOWN_STAMPS = ("due",)

    def compose_top(self) -> ComposeResult:
        yield Static(id="commitments-rates", markup=False)

    def refresh_top(self) -> None:
        self.query_one("#commitments-rates", Static).update(
            rates_text(commitments.on_time_summary(self.store), members.names(self.store), themed(self.app, "muted")))

    # -- the list ------------------------------------------------------------------------

    def make_source(self, bound: int | None = None):
        self._today = self.store.today()
        return super().make_source(bound)

    def decorate(self, row: dict[str, Any]) -> None:
        super().decorate(row)
        row["due_text"] = short_day(row["due"])
        row["_flag_due_text"] = trust.commitment_overdue(row, self._today)
        row["owner_name"] = self.names.get(row["owner"], row["owner"]) if row["owner"] else ""
        row["project"] = row["project"] or ""

    def count_text(self, n: int) -> str:
        return ngettext("{n} commitment", "{n} commitments", n)

    def heading(self) -> str:
        overdue = commitments.overdue_count(self.store)
        heading = super().heading()
        return heading + " · " + _("{n} overdue").format(n=overdue) if overdue else heading

    def item_title(self, row: dict) -> str:
        return row.get("promise") or ""

    # -- the detail pane -------------------------------------------------------------------

    def detail_head(self, row: dict) -> Text:
        store = self.store
        urgent = themed(self.app, "urgent")
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(workflow.label(row["status"]), style=self.status_style(row["status"]))
        if row["project"]:
            text.append(f" · {row['project']}")
        text.append(" · " + _("promised {when}").format(when=format_relative(row["created_at"], store.now())),
                    style=themed(self.app, "muted"))
        text.append("\n" + label_prefix(_("To whom")), style="bold")
        text.append(one_line(row["to_whom"], 200) or "—")
        text.append("  " + label_prefix(_("Owner")), style="bold")
        text.append(self.member_name(row["owner"]))
        text.append("\n" + label_prefix(_("Due")), style="bold")
        overdue = trust.commitment_overdue(row, store.today())
        text.append(row["due"], style=urgent if overdue else "")
        if overdue:
            text.append(" " + _("(overdue)"), style=urgent)
        if row["original_due"] != row["due"]:
            text.append("  " + _("originally {date}").format(date=row["original_due"]), style=themed(self.app, "note"))
        if row["closed_at"]:
            text.append("  " + label_prefix(_("Closed on")), style="bold")
            text.append(row["closed_at"][:10])
            if row["status"] == "kept":
                on_time = trust.kept_on_time(row)
                text.append(" " + (_("on time") if on_time else _("late")),
                            style=themed(self.app, "good" if on_time else "bad"))
        return text

    def detail_body(self, text: Text, row: dict) -> None:
        text.append("\n\n")
        text.append(clean(row["promise"]))
        if row["note"]:
            self.section(text, _("Note"), row["note"])

    def history_line(self, entry: dict) -> str | None:
        if entry["field"] == "due" and entry["action"] == "edit":
            return _("Due") + f": {entry['old'] or '—'} → {entry['new'] or '—'}"
        return super().history_line(entry)

    # -- the area's own keys -------------------------------------------------------------------

    def form(self, row: dict | None):
        from .commitments_forms import promise_form

        current = self.current()
        if row is None:
            return promise_form(self.store, None, project=current["project"] if current else None)
        return promise_form(self.store, row, move_due_key=self.key("later"))

    def ask_move_due(self, keys: list[str], move: Move) -> None:
        """Moving the due date asks for the new date and the reason (one item at a time)."""
        from .commitments_forms import move_due_form

        row = self.AREA_STORE.get(self.store, keys[0]) if len(keys) == 1 else None
        if row is None:
            self.app.notify(_("Move one due date at a time: each has its own reason."), markup=False, timeout=4)
            return
        self.app.push_screen(move_due_form(self.store, row), lambda result: self.moved(row, result))
