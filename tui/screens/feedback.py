"""The Feedback area: what clients said, how satisfied they were, what we did about it and
when we follow up (回访). Satisfaction per week per project is charted above the list.

The list is an `ItemTable` over SQL (filtered, sorted and paged by SQLite); the detail pane
follows the cursor. Moves are single keys on the current item: a acknowledge, b start,
r resolve, c close (asks how the follow-up went), o assign to me, f schedule the follow-up,
l link, R → new requirement, C → new change request (each opens that area's form,
prefilled from the feedback), u undo my last move. They are screen bindings, so they
never fire while the `/` filter has focus: the input takes the keystrokes.

`LedgerScreen` is the part shared with the Commitments area (list, filter, detail, errors,
moves and undo). Store writes run on the app's store thread (`HuddleApp.db`) inside
workers: a move that waits for someone else's write never freezes the screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from ..commands import command
from ..i18n import N_, _, format_number, format_relative, ngettext
from ..store import activity, batch, feedback, members, trust, undo, workflow
from ..store.errors import StoreError
from ..text import clean, one_line
from ..widgets.csat_chart import CsatChart
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from ..widgets.item_table import Column, ItemTable
from .base import HuddleScreen

STATUS_STYLES = {
    "new": "bold",
    "acknowledged": "yellow",
    "in_progress": "cyan",
    "resolved": "green",
    "closed": "dim",
    "open": "bold",
    "kept": "green",
    "missed": "red",
    "renegotiated": "yellow",
}


def short_day(value: str | None) -> str:
    """`11-27` for a day or timestamp (the list has no room for the year)."""
    return (value or "")[5:10]


class DecoratedRows:
    """A `RowSource` that adds display columns to each fetched row (only fetched pages pay)."""

    def __init__(self, inner, decorate) -> None:
        self.inner = inner
        self.decorate = decorate

    def count(self) -> int:
        return self.inner.count()

    def index_of(self, key: str) -> int | None:
        return self.inner.index_of(key)

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        rows = self.inner.fetch(offset, limit)
        for row in rows:
            self.decorate(row)
        return rows


class LedgerTable(ItemTable):
    """Status in colour, flagged cells in bold red, closed items dimmed."""

    FINAL: tuple[str, ...] = ()

    def cell_style(self, row: dict, column: Column) -> str | None:
        if column.key == "status_label":
            return STATUS_STYLES.get(row["status"])
        if row.get("_flag_" + column.key):
            return "bold red"
        return None

    def row_style(self, row: dict) -> str | None:
        return "dim" if row["status"] in self.FINAL else None


class FeedbackTable(LedgerTable):
    FINAL = ("closed",)


class LedgerScreen(HuddleScreen):
    """A list with a filter line and a detail pane; subclasses say what is in them."""

    PREFIX = ""  # CSS id prefix, e.g. "feedback"
    COLUMNS: tuple[tuple[str, str, int | None], ...] = ()
    TABLE = LedgerTable

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.cursor_key: str | None = None
        self.total = 0

    # -- layout ----------------------------------------------------------------------------

    def compose_top(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        p = self.PREFIX
        yield HuddleHeader(self.AREA)
        with Horizontal(id=f"{p}-title", classes="area-title"):
            yield Static(id=f"{p}-heading", markup=False)
            yield Static(id=f"{p}-count", classes="ledger-count", markup=False)
        yield from self.compose_top()
        yield Input(self.filter_text, id=f"{p}-filter", classes="ledger-filter",
                    placeholder=self.filter_placeholder(), compact=True)
        with Vertical(id=f"{p}-body", classes="ledger-body"):
            table = self.TABLE([Column(key, _(label), width) for key, label, width in self.COLUMNS], id=f"{p}-list",
                               classes="ledger-list")
            table.empty_text = self.empty_text()
            yield table
            with VerticalScroll(id=f"{p}-detail", classes="detail ledger-detail"):
                yield Static(id=f"{p}-detail-text", markup=False)
        yield HuddleFooter()

    def filter_placeholder(self) -> str:
        return ""

    def empty_text(self) -> str:
        return _("Nothing here yet. Press n to add one.")

    def on_mount(self) -> None:
        self.table.focus()
        self.refresh_data()

    def after_recompose(self) -> None:
        self.table.focus()
        self.refresh_data()

    @property
    def table(self) -> LedgerTable:
        return self.query_one(f"#{self.PREFIX}-list", LedgerTable)

    # -- data ------------------------------------------------------------------------------

    def make_source(self):
        raise NotImplementedError

    def refresh_data(self) -> None:
        try:
            table = self.table
        except Exception:
            return
        table.set_source(self.make_source())
        if self.cursor_key is not None and table.cursor_key != self.cursor_key:
            table.move_to_key(self.cursor_key)
        self.total = table.row_count
        self.refresh_top()
        self.update_heading()
        self.show_detail()

    def refresh_top(self) -> None:
        """Reload what is above the list (chart, rates)."""

    def heading(self) -> str:
        return ""

    def count_text(self) -> str:
        return ""

    def update_heading(self) -> None:
        heading = f" {self.heading()}"
        if self.filter_text.strip():
            heading += " · " + _("filter “{text}”").format(text=one_line(self.filter_text, 30))
        self.query_one(f"#{self.PREFIX}-heading", Static).update(heading)
        count = self.count_text()
        try:
            marked = len(self.table.marked)
        except Exception:
            marked = 0
        if marked:
            count = _("{n} marked").format(n=marked) + " · " + count
        self.query_one(f"#{self.PREFIX}-count", Static).update(count + " ")

    def get_row(self, key: str) -> dict | None:
        raise NotImplementedError

    def current(self) -> dict | None:
        key = self.table.cursor_key
        return self.get_row(key) if key else None

    def show_detail(self) -> None:
        detail = self.query_one(f"#{self.PREFIX}-detail-text", Static)
        row = self.current()
        detail.update(self.detail_text(row) if row else "")

    def detail_text(self, row: dict) -> Text:
        return Text()

    SHOWN_STAMPS: tuple[str, ...] = ()
    """Columns a move sets that the history shows as a line of their own (e.g. the new due
    date); the other stamps of a move (closed_at…) are part of the move's line."""

    def history_text(self, text: Text, key: str) -> None:
        now = self.store.now()
        text.append("\n\n" + _("History") + "\n", style="bold")
        for entry in activity.for_key(self.store, key, 30):
            derived = undo.is_derived(entry)
            if derived and entry["field"] not in self.SHOWN_STAMPS:
                continue
            text.append(format_relative(entry["at"], now) + "  ", style="dim")
            text.append(one_line(entry["actor_name"], 30) + "  ", style="bold")
            text.append(self.history_line(entry))
            if entry["note"] and not derived and not undo.is_undo(entry):
                text.append(" — " + one_line(entry["note"], 300), style="italic")
            text.append("\n")

    def history_line(self, entry: dict) -> str:
        if entry["action"] == "create":
            return _("created")
        if undo.is_undo(entry):
            return _("undid a move: {old} → {new}").format(old=workflow.label(entry["old"]), new=workflow.label(entry["new"]))
        if entry["action"] == "move":
            return f"{workflow.label(entry['old'] or '')} → {workflow.label(entry['new'] or '')}"
        old, new = one_line(entry["old"], 40) or "—", one_line(entry["new"], 40) or "—"
        return f"{self.field_label(entry['field'] or '')}: {old} → {new}"

    def field_label(self, field: str) -> str:
        return field

    MOVE_KEYS: dict[str, str] = {}
    """Target status → the key that moves there, for the "Next:" hint."""

    def next_moves_text(self, text: Text, kind: str, status: str) -> None:
        """`Next: a Acknowledged · r Resolved`: the moves allowed now, with their keys."""
        moves = [move for move in workflow.allowed(kind, status) if move in self.MOVE_KEYS]
        if moves:
            hint = " · ".join(f"{self.MOVE_KEYS[move]} {self.move_label(move)}" for move in moves)
            text.append("\n" + _("Next: {moves}").format(moves=hint), style="dim")

    def move_label(self, status: str) -> str:
        return workflow.label(status)

    # -- events ----------------------------------------------------------------------------

    @on(ItemTable.CursorMoved)
    def _cursor_moved(self, event: ItemTable.CursorMoved) -> None:
        self.cursor_key = event.key
        self.show_detail()

    @on(ItemTable.Selected)
    def _selected(self, event: ItemTable.Selected) -> None:
        self.action_edit()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.input.id == f"{self.PREFIX}-filter" and event.value != self.filter_text:
            self.filter_text = event.value
            self.refresh_data()

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    # -- actions ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one(f"#{self.PREFIX}-filter", Input).focus()

    def action_clear(self) -> None:
        if self.filter_text:
            self.query_one(f"#{self.PREFIX}-filter", Input).value = ""
            self.filter_text = ""
            self.refresh_data()
        self.table.focus()

    def form(self, row: dict | None, **defaults):
        """The form that adds (`row` None) or edits an item: a `FormScreen`."""
        raise NotImplementedError

    def action_new(self) -> None:
        current = self.current()
        self.app.push_screen(self.form(None, project=current["project"] if current else None), self.after_form)

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(self.form(row), self.after_form)

    def targets(self) -> list[str]:
        """The items marked with space, or else the current one."""
        if self.table.marked:
            return sorted(self.table.marked, key=lambda key: int(key.rsplit("-", 1)[-1]))
        key = self.table.cursor_key
        return [key] if key else []

    def bulk(self, keys: list[str], fn, *args, done=None, **kwargs) -> None:
        """`fn(store, key, *args, **kwargs)` for each key on the store thread, each in its
        own transaction; one key says `done(key)`, several get one report at the end."""
        if keys:
            self._bulk(keys, fn, args, kwargs, done)

    @work(group="store", exit_on_error=False)
    async def _bulk(self, keys: list[str], fn, args: tuple, kwargs: dict, done) -> None:
        try:
            outcome = await self.app.db(batch.each, keys, fn, *args, **kwargs)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self.report(outcome, done)

    def report(self, outcome, done=None) -> None:
        """What a (bulk) call did: one key's message or error, or "3 items changed. Refused: …"."""
        if outcome is None:  # a dialog was cancelled
            self.refresh_data()
            return
        rows, refused = outcome
        if len(rows) + len(refused) == 1:
            if refused:
                self.app.show_error(refused[0][1])
            elif done:
                self.app.notify(done(rows[0]["key"]), markup=False, timeout=3)
            self.refresh_data()
            return
        self.table.clear_marks()
        message = ngettext("{n} item changed.", "{n} items changed.", len(rows)).format(n=len(rows))
        if refused:
            message += " " + _("Refused: {reasons}").format(
                reasons=" · ".join(f"{key}: {error}" for key, error in refused[:3]))
        self.app.notify(message, markup=False, severity="warning" if refused else "information",
                        timeout=6 if refused else 3)
        self.refresh_data()

    @on(ItemTable.MarksChanged)
    def _marks_changed(self, event: ItemTable.MarksChanged) -> None:
        self.update_heading()

    UNDO = None
    """The area's `undo(store)`: takes back the user's last move in this area."""

    def action_undo(self) -> None:
        self._undo()

    @work(group="store", exit_on_error=False)
    async def _undo(self) -> None:
        try:
            row = await self.app.db(type(self).UNDO)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self.app.notify(
            _("Undone: {key} is back to {status}.").format(key=row["key"], status=workflow.label(row["status"])),
            markup=False, timeout=4,
        )
        self.cursor_key = row["key"]
        self.refresh_data()
        self.table.move_to_key(row["key"])

    def after_form(self, result) -> None:
        if result is not None:
            key = result.get("key") if isinstance(result, dict) else None
            if key and key.startswith(f"{self.KEY_PREFIX}-"):
                self.cursor_key = key
            self.refresh_data()
            if key and key.startswith(f"{self.KEY_PREFIX}-"):
                self.table.move_to_key(key)

    KEY_PREFIX = ""


class FeedbackScreen(LedgerScreen):
    """Client feedback with CSAT over time, follow-ups and conversion to requirements."""

    AREA = "feedback"
    PREFIX = "feedback"
    KEY_PREFIX = feedback.PREFIX
    TABLE = FeedbackTable
    HELP = N_(
        "What clients said, how satisfied they were (CSAT 1–5), what we did and when we follow up. "
        "space marks items for a, b, r and o. a acknowledge, b start, r resolve, c close (asks how the follow-up went), o assign to me, "
        "f schedule the follow-up, l link to REQ/CR, R make a requirement, C make a change request. "
        "Red: a detractor (1–2) not acknowledged within 48 hours, or a follow-up date that has passed. "
        "The chart: per project and ISO week, the share of 4–5 and the mean score."
    )
    COLUMNS = (
        ("key", N_("ID"), 6),
        ("received", N_("Date"), 5),
        ("project", N_("Proj"), 5),
        ("csat_text", N_("Score"), 5),
        ("status_label", N_("Status"), 12),
        ("owner_name", N_("Owner"), 8),
        ("follow_text", N_("F-up"), 5),
        ("summary", N_("Summary"), None),
    )

    BINDINGS = [
        Binding("n", "new", N_("New"), id="feedback.new"),
        Binding("e", "edit", N_("Edit"), id="feedback.edit", show=False),
        Binding("a", "move('acknowledged')", N_("Acknowledge"), id="feedback.acknowledge"),
        Binding("b", "move('in_progress')", N_("Start"), id="feedback.start", show=False),
        Binding("r", "move('resolved')", N_("Resolve"), id="feedback.resolve"),
        Binding("c", "close", N_("Close"), id="feedback.close"),
        Binding("o", "assign_me", N_("Assign to me"), id="feedback.assign", show=False),
        Binding("f", "follow_up", N_("Follow-up"), id="feedback.follow_up"),
        Binding("l", "link", N_("Link"), id="feedback.link", show=False),
        Binding("R", "to_requirement", N_("→ Requirement"), id="feedback.to_requirement"),
        Binding("C", "to_change_request", N_("→ Change request"), id="feedback.to_change_request", show=False),
        Binding("u", "undo", N_("Undo"), id="feedback.undo", show=False),
        Binding("slash", "filter", N_("Filter"), id="feedback.filter", key_display="/"),
        Binding("escape", "clear", N_("Clear filter"), id="feedback.clear", show=False),
    ]

    def compose_top(self) -> ComposeResult:
        yield CsatChart(title=False, id="feedback-chart")

    def filter_placeholder(self) -> str:
        return _("/ filter: summary, contact, key, owner, project")

    def empty_text(self) -> str:
        return _("No feedback here. Press n to record what a client said.")

    def make_source(self):
        from ..store.rows import SQLSource

        query = feedback.list_query(self.filter_text)
        names = members.names(self.store)
        now = self.store.now()
        today = self.store.today()

        def decorate(row: dict) -> None:
            row["received"] = short_day(row["received_at"])
            score = row["csat"]
            flagged = trust.detractor_flagged(row, now)
            row["csat_text"] = "" if score is None else (f"{score}!" if flagged else str(score))
            row["_flag_csat_text"] = flagged
            row["status_label"] = workflow.label(row["status"])
            row["owner_name"] = names.get(row["owner"], row["owner"]) if row["owner"] else ""
            row["follow_text"] = short_day(row["follow_up_on"])
            row["_flag_follow_text"] = trust.follow_up_overdue(row, today)
            row["project"] = row["project"] or ""

        return SQLSource(self.store.conn, query, decorate=decorate)

    def refresh_top(self) -> None:
        try:
            self.query_one(CsatChart).refresh_data()
        except Exception:
            pass

    def heading(self) -> str:
        return _("Feedback")

    def count_text(self) -> str:
        return ngettext("{n} item", "{n} items", self.total).format(n=format_number(self.total))

    def get_row(self, key: str) -> dict | None:
        return feedback.get(self.store, key)

    def field_label(self, field: str) -> str:
        return {
            "summary": _("Summary"), "contact": _("Client contact"), "channel": _("Channel"),
            "received_at": _("Received on"), "csat": _("CSAT"), "sentiment": _("Sentiment"),
            "owner": _("Owner"), "follow_up_on": _("Follow up on"), "linked_key": _("Linked"),
            "project": _("Project"),
        }.get(field, field)

    def detail_text(self, row: dict) -> Text:
        store = self.store
        names = members.names(store)
        now = store.now()
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(workflow.label(row["status"]), style=STATUS_STYLES.get(row["status"], ""))
        if row["project"]:
            text.append(f" · {row['project']}")
        text.append(" · " + feedback.channel_label(row["channel"]))
        text.append(" · " + _("received {when}").format(when=format_relative(row["received_at"], now)), style="dim")
        text.append("\n" + _("Client contact") + ": ", style="bold")
        text.append(one_line(row["contact"], 200) or "—")
        text.append("  " + _("CSAT") + ": ", style="bold")
        text.append("—" if row["csat"] is None else str(row["csat"]))
        if row["sentiment"]:
            text.append(f" ({feedback.sentiment_label(row['sentiment'])})")
        text.append("  " + _("Owner") + ": ", style="bold")
        text.append(one_line(names.get(row["owner"], row["owner"]), 40) if row["owner"] else "—")
        if trust.detractor_flagged(row, now):
            text.append("\n" + _("Detractor waiting over 48 hours for a reply: acknowledge with a, then follow up."),
                        style="bold red")
        text.append("\n" + _("Follow up on") + ": ", style="bold")
        if row["follow_up_on"]:
            overdue = trust.follow_up_overdue(row, store.today())
            text.append(row["follow_up_on"], style="bold red" if overdue else "")
            if overdue:
                text.append(" " + _("(overdue)"), style="bold red")
        else:
            text.append(_("not scheduled (f)"), style="dim")
        linked = feedback.links(store, row["key"])
        if linked:
            text.append("  " + _("Linked") + ": ", style="bold")
            text.append(", ".join(linked))
        text.append("\n\n")
        text.append(clean(row["summary"]))
        if row["follow_up_outcome"]:
            text.append("\n\n" + _("Follow-up outcome") + "\n", style="bold")
            text.append(clean(row["follow_up_outcome"]))
        self.next_moves_text(text, workflow.FEEDBACK, row["status"])
        self.history_text(text, row["key"])
        return text

    # -- actions ---------------------------------------------------------------------------

    MOVE_KEYS = {"acknowledged": "a", "in_progress": "b", "resolved": "r", "closed": "c"}
    UNDO = staticmethod(feedback.undo)

    def form(self, row: dict | None, **defaults):
        from .feedback_forms import item_form

        return item_form(self.store, row, **defaults)

    def action_move(self, target: str) -> None:
        if target == "closed":
            self.action_close()
            return
        self.bulk(self.targets(), feedback.move, target,
                  done=lambda key: _("{key} is now {status}.").format(key=key, status=workflow.label(target)))

    def action_close(self) -> None:
        from .feedback_forms import close_form

        row = self.current()
        if row is None:
            return
        try:
            workflow.check_move(workflow.FEEDBACK, row["status"], "closed")
        except StoreError as error:
            self.app.show_error(error)
            return
        self.app.push_screen(close_form(self.store, row), self.after_form)

    def action_assign_me(self) -> None:
        self.bulk(self.targets(), feedback.assign, self.store.user,
                  done=lambda key: _("{key} is yours now.").format(key=key))

    def action_follow_up(self) -> None:
        from .feedback_forms import follow_up_form

        row = self.current()
        if row is not None:
            self.app.push_screen(follow_up_form(self.store, row), self.after_form)

    def action_link(self) -> None:
        from .feedback_forms import link_form

        row = self.current()
        if row is not None:
            self.app.push_screen(link_form(self.store, row), self.after_form)

    def action_to_requirement(self) -> None:
        """The Requirements area's new-requirement form, prefilled from the feedback; saving
        creates it through the Requirements store, links both ways and acknowledges."""
        from .requirements_forms import requirement_form

        row = self.current()
        if row is None:
            return
        key = row["key"]

        def create(store, values: dict) -> dict:
            return feedback.to_requirement(store, key, values)

        form = requirement_form(
            self.store, None, feedback.requirement_values(row), create=create,
            title=_("New requirement from {key}").format(key=key), subtitle=one_line(row["summary"], 80),
            draft_key=f"requirement/from/{key}",
        )
        self.app.push_screen(form, lambda created: self._raised(key, created, _("Created requirement {new} from {key}.")))

    def action_to_change_request(self) -> None:
        """The Changes area's new-request form, prefilled from the feedback (title, project,
        requester = the contact, details); saved through the Changes store, so the request
        is found and ordered like any other; linked both ways and acknowledged."""
        from .changes_forms import request_form

        row = self.current()
        if row is None:
            return
        key = row["key"]

        def create(store, values: dict) -> dict:
            return feedback.to_change_request(store, key, values)

        form = request_form(
            self.store, None, values=feedback.change_request_values(row), create=create,
            title=_("New change request from {key}").format(key=key), subtitle=one_line(row["summary"], 80),
            draft_key=f"changes/from/{key}",
        )
        self.app.push_screen(form, lambda created: self._raised(key, created, _("Created change request {new} from {key}.")))

    def _raised(self, key: str, created: dict | None, message: str) -> None:
        if created:
            self.app.notify(message.format(new=created["key"], key=key), markup=False, timeout=4)
        self.refresh_data()

    def palette_commands(self):
        return [
            command(N_("New feedback"), N_("Record what a client said (n)"), self.action_new),
            command(N_("Feedback: make a requirement"), N_("Turn the current feedback into a requirement (R)"),
                    self.action_to_requirement),
            command(N_("Feedback: make a change request"), N_("Turn the current feedback into a change request (C)"),
                    self.action_to_change_request),
            command(N_("Feedback: schedule the follow-up"), N_("Set the follow-up date (f)"), self.action_follow_up),
        ]
