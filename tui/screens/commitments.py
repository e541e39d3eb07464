"""The Commitments area: what we promised the client, by when, and whether we kept it.

Open promises come first, by due date (overdue ones in red); the line above the list shows
the on-time rate (kept on or before the original due date / all closed) per project and per
person. K kept, x missed (asks why), d move the due date (asks the reason; the original date
is kept), u undo my last move (a slip of K must not change the on-time rate for good).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ..commands import command
from ..i18n import N_, _, format_number, format_relative, ngettext
from ..store import commitments, members, trust, workflow
from ..store.errors import StoreError
from ..text import clean, one_line
from .feedback import STATUS_STYLES, DecoratedRows, LedgerScreen, LedgerTable, short_day


def rate_text(value: trust.OnTime) -> str:
    if value.rate is None:
        return "—"
    return f"{format_number(value.rate * 100)}% ({value.on_time}/{value.closed})"


def rates_text(summary: dict, names: dict[str, str]) -> Text:
    """Two lines: overall and per project; per person."""
    text = Text()
    text.append(_("On time") + " ", style="bold")
    text.append(rate_text(summary["all"]), style="bold")
    for project, value in summary["project"].items():
        text.append(f" · {one_line(project or '—', 8)} {rate_text(value)}")
    text.append("\n")
    text.append(_("By person") + " ", style="dim")
    parts = [f"{one_line(names.get(login, login or '—'), 6)} {format_number(value.rate * 100)}%"
             for login, value in summary["owner"].items() if value.rate is not None]
    text.append(" · ".join(parts) if parts else "—")
    return text


class CommitmentsTable(LedgerTable):
    FINAL = ("kept", "missed")


class CommitmentsScreen(LedgerScreen):
    """Promises to the client and the on-time rate."""

    AREA = "commitments"
    PREFIX = "commitments"
    KEY_PREFIX = commitments.PREFIX
    TABLE = CommitmentsTable
    HELP = N_(
        "What we promised the client, to whom, by when. Open promises first, overdue ones in red. "
        "space marks several for K and x. K kept, x missed, d move the due date (asks why; the original date is kept and counts for "
        "the on-time rate). On time = kept on or before the original due date / all closed."
    )
    COLUMNS = (
        ("key", N_("ID"), 6),
        ("due_text", N_("Due by"), 6),
        ("project", N_("Proj"), 5),
        ("status_label", N_("Status"), 12),
        ("owner_name", N_("Owner"), 8),
        ("to_whom", N_("To whom"), 12),
        ("promise", N_("Promise"), None),
    )

    BINDINGS = [
        Binding("n", "new", N_("New"), id="commitments.new"),
        Binding("e", "edit", N_("Edit"), id="commitments.edit", show=False),
        Binding("K", "move('kept')", N_("Kept"), id="commitments.kept"),
        Binding("x", "move('missed')", N_("Missed"), id="commitments.missed"),
        Binding("d", "move_due", N_("Move due date"), id="commitments.move_due"),
        Binding("u", "undo", N_("Undo"), id="commitments.undo"),
        Binding("slash", "filter", N_("Filter"), id="commitments.filter", key_display="/"),
        Binding("escape", "clear", N_("Clear filter"), id="commitments.clear", show=False),
    ]

    def compose_top(self) -> ComposeResult:
        yield Static(id="commitments-rates", markup=False)

    def filter_placeholder(self) -> str:
        return _("/ filter: promise, to whom, key, owner, project")

    def empty_text(self) -> str:
        return _("No commitments here. Press n to record a promise.")

    def make_source(self):
        from ..store.rows import SQLSource

        query = commitments.list_query(self.filter_text)
        names = members.names(self.store)
        today = self.store.today()

        def decorate(row: dict) -> None:
            row["due_text"] = short_day(row["due"])
            row["_flag_due_text"] = trust.commitment_overdue(row, today)
            row["status_label"] = workflow.label(row["status"])
            row["owner_name"] = names.get(row["owner"], row["owner"]) if row["owner"] else ""
            row["project"] = row["project"] or ""

        return SQLSource(self.store.conn, query, decorate=decorate)

    def refresh_top(self) -> None:
        self.query_one("#commitments-rates", Static).update(
            rates_text(commitments.on_time_summary(self.store), members.names(self.store)))

    def heading(self) -> str:
        return _("Commitments")

    def count_text(self) -> str:
        overdue = commitments.overdue_count(self.store)
        text = ngettext("{n} commitment", "{n} commitments", self.total).format(n=format_number(self.total))
        if overdue:
            text = _("{n} overdue").format(n=overdue) + " · " + text
        return text

    def get_row(self, key: str) -> dict | None:
        return commitments.get(self.store, key)

    def field_label(self, field: str) -> str:
        return {"promise": _("Promise"), "to_whom": _("To whom"), "owner": _("Owner"), "project": _("Project"),
                "note": _("Note"), "due": _("Due")}.get(field, field)

    def detail_text(self, row: dict) -> Text:
        store = self.store
        names = members.names(store)
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(workflow.label(row["status"]), style=STATUS_STYLES.get(row["status"], ""))
        if row["project"]:
            text.append(f" · {row['project']}")
        text.append(" · " + _("promised {when}").format(when=format_relative(row["created_at"], store.now())),
                    style="dim")
        text.append("\n" + _("To whom") + ": ", style="bold")
        text.append(one_line(row["to_whom"], 200) or "—")
        text.append("  " + _("Owner") + ": ", style="bold")
        text.append(one_line(names.get(row["owner"], row["owner"]), 40) if row["owner"] else "—")
        text.append("\n" + _("Due") + ": ", style="bold")
        overdue = trust.commitment_overdue(row, store.today())
        text.append(row["due"], style="bold red" if overdue else "")
        if overdue:
            text.append(" " + _("(overdue)"), style="bold red")
        if row["original_due"] != row["due"]:
            text.append("  " + _("originally {date}").format(date=row["original_due"]), style="italic")
        if row["closed_at"]:
            text.append("  " + _("Closed") + ": ", style="bold")
            text.append(row["closed_at"][:10])
            if row["status"] == "kept":
                on_time = trust.kept_on_time(row)
                text.append(" " + (_("on time") if on_time else _("late")), style="green" if on_time else "red")
        text.append("\n\n")
        text.append(clean(row["promise"]))
        if row["note"]:
            text.append("\n\n" + _("Note") + "\n", style="bold")
            text.append(clean(row["note"]))
        self.next_moves_text(text, workflow.COMMITMENT, row["status"])
        self.history_text(text, row["key"])
        return text

    MOVE_KEYS = {"kept": "K", "missed": "x", "renegotiated": "d"}
    SHOWN_STAMPS = ("due",)
    UNDO = staticmethod(commitments.undo)

    def move_label(self, status: str) -> str:
        return _("Move due date") if status == "renegotiated" else workflow.label(status)

    # -- actions ---------------------------------------------------------------------------

    def form(self, row: dict | None, **defaults):
        from .commitments_forms import promise_form

        return promise_form(self.store, row, **defaults)

    def action_move(self, target: str) -> None:
        keys = self.targets()
        if not keys:
            return

        def done(key: str) -> str:
            return _("{key} is now {status}.").format(key=key, status=workflow.label(target))

        if target == "missed":
            from .commitments_forms import missed_form

            if len(keys) == 1:
                row = commitments.get(self.store, keys[0])
                if row is None:
                    return
                try:
                    workflow.check_move(workflow.COMMITMENT, row["status"], target)
                except StoreError as error:
                    self.app.show_error(error)
                    return
            self.app.push_screen(missed_form(self.store, keys), lambda outcome: self.report(outcome, done))
            return
        self.bulk(keys, commitments.move, target, done=done)

    def action_move_due(self) -> None:
        from .commitments_forms import move_due_form

        row = self.current()
        if row is None:
            return
        try:
            workflow.check_move(workflow.COMMITMENT, row["status"], "renegotiated")
        except StoreError as error:
            self.app.show_error(error)
            return
        self.app.push_screen(move_due_form(self.store, row), self.after_form)

    def palette_commands(self):
        return [
            command(N_("New commitment"), N_("Record a promise made to the client (n)"), self.action_new),
            command(N_("Commitments: move the due date"), N_("Renegotiate, with the reason (d)"), self.action_move_due),
        ]
