"""The Changes area: the change-request queue, triaged with single keys.

The queue is an `ItemTable` over SQL (filtered, sorted and paged by SQLite, so 100,000
requests stay instant); the detail pane below follows the cursor. Triage keys act on the
current row, or on every row marked with space (each in its own transaction, then one
report: "3 moved, 1 refused: CR-7 is done (final)"). Keys are screen bindings, so they
never fire while the `/` filter has focus: the input takes the keystrokes.

State lives in attributes (`flt`, `cursor_key`, `marked`), so a language switch or a
reload after someone else's commit puts the user back where they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Static

from ..commands import command
from ..i18n import N_, _, format_number, format_relative, ngettext, parse_timestamp
from ..store import activity, batch, changes, members, permissions, workflow
from ..store.errors import PermissionDenied, StoreError, WorkflowError
from ..text import clean, one_line
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from ..widgets.item_table import Column, ItemTable
from . import changes_forms as forms
from .base import HuddleScreen

if TYPE_CHECKING:
    from textual.timer import Timer

# Triage key → target status (DESIGN.md: Keyboard).
TRIAGE = {
    "s": "assessing",
    "a": "approved",
    "x": "rejected",
    "i": "implementing",
    "v": "verifying",
    "d": "done",
    "w": "withdrawn",
}
KEY_FOR = {target: key for key, target in TRIAGE.items()}
VERBS = {
    "assessing": N_("Assess"),
    "approved": N_("Approve"),
    "rejected": N_("Reject"),
    "implementing": N_("Implement"),
    "verifying": N_("Verify"),
    "done": N_("Done"),
    "withdrawn": N_("Withdraw"),
}

# The quick filters `f` cycles through.
VIEW_CYCLE = ("open", "decision", "mine", "snoozed", "all", *workflow.statuses(changes.KIND))

STATUS_STYLES = {
    "submitted": "bold",
    "assessing": "yellow",
    "approved": "green",
    "rejected": "red",
    "implementing": "cyan",
    "verifying": "magenta",
    "done": "dim green",
    "withdrawn": "dim",
}
PRIORITY_STYLES = {"P0": "bold red", "P1": "yellow", "P2": "", "P3": "dim"}

COLUMNS = (
    ("key", N_("ID"), 8),
    ("title", N_("Title"), None),
    ("priority", N_("Pri"), 4),
    ("status_label", N_("Status"), 12),
    ("requested_by", N_("Requester"), 12),
    ("assignee_name", N_("Assignee"), 10),
    ("age", N_("Days"), 5),
)


def view_label(view: str) -> str:
    if view in changes.VIEW_LABELS:
        return _(changes.VIEW_LABELS[view])
    return workflow.label(view)


class QueueRows:
    """A `RowSource` over the store's SQL source that adds what the table shows in the
    active language (status label, display names, age); only fetched pages pay for it."""

    def __init__(self, inner, names: dict[str, str], now) -> None:
        self.inner = inner
        self.names = names
        self.now = now

    def count(self) -> int:
        return self.inner.count()

    @property
    def exact(self) -> bool:
        return self.inner.exact

    def full_count(self) -> int:
        return self.inner.full_count()

    def index_of(self, key: str) -> int | None:
        return self.inner.index_of(key)

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        rows = self.inner.fetch(offset, limit)
        for row in rows:
            row["status_label"] = workflow.label(row["status"])
            row["assignee_name"] = self.names.get(row["assignee"], row["assignee"]) if row["assignee"] else ""
            try:
                days = max(0, (self.now - parse_timestamp(row["created_at"])).days)
            except (TypeError, ValueError):
                days = 0
            row["age"] = _("{n}d").format(n=days)
        return rows


class QueueTable(ItemTable):
    """The queue: status and priority in colour, closed requests dimmed."""

    PAGE_SIZE = 60  # a screenful or two: a filter keystroke formats only what it shows

    def cell_style(self, row: dict, column: Column) -> str | None:
        if column.key == "status_label":
            return STATUS_STYLES.get(row["status"])
        if column.key == "priority":
            return PRIORITY_STYLES.get(row["priority"]) or None
        return None

    def row_style(self, row: dict) -> str | None:
        return "dim" if workflow.is_final(changes.KIND, row["status"]) else None


class ChangesScreen(HuddleScreen):
    """The change-request queue with single-key triage."""

    AREA = "changes"
    HELP = N_(
        "The change-request queue. Single keys move the current request, or every request "
        "marked with space: s assess, a approve, x reject (asks why), i implement, v verify, "
        "d done, w withdraw. p priority, m assign to me, D duplicate, z snooze, u undo your "
        "last move. A records the impact assessment; / filters as you type; f cycles the "
        "quick filters, F shows what needs your decision."
    )

    BINDINGS = [
        Binding("s", "triage('assessing')", N_("Assess"), id="changes.assess"),
        Binding("a", "triage('approved')", N_("Approve"), id="changes.approve"),
        Binding("x", "triage('rejected')", N_("Reject"), id="changes.reject"),
        Binding("i", "triage('implementing')", N_("Implement"), id="changes.implement"),
        Binding("v", "triage('verifying')", N_("Verify"), id="changes.verify"),
        Binding("d", "triage('done')", N_("Done"), id="changes.done"),
        Binding("w", "triage('withdrawn')", N_("Withdraw"), id="changes.withdraw", show=False),
        Binding("A", "assess_form", N_("Impact"), id="changes.impact"),
        Binding("p", "priority", N_("Priority"), id="changes.priority", show=False),
        Binding("m", "assign_me", N_("Assign to me"), id="changes.assign", show=False),
        Binding("D", "duplicate", N_("Duplicate"), id="changes.duplicate", show=False),
        Binding("z", "snooze", N_("Snooze"), id="changes.snooze", show=False),
        Binding("u", "undo", N_("Undo"), id="changes.undo"),
        Binding("slash", "filter", N_("Filter"), id="changes.filter", key_display="/"),
        Binding("f", "next_view", N_("Quick filter"), id="changes.view"),
        Binding("F", "decision_view", N_("Needs my decision"), id="changes.decision", show=False),
        Binding("n", "new", N_("New"), id="changes.new", show=False),
        Binding("e", "edit", N_("Edit"), id="changes.edit", show=False),
        Binding("escape", "clear", N_("Clear filter"), id="changes.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flt = changes.QueueFilter()
        self.cursor_key: str | None = None
        self.marked: set[str] = set()
        self.total = 0
        self._detail_shown: tuple | None = None
        self._detail_timer: Timer | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="changes-title", classes="area-title"):
            yield Static(id="changes-heading", markup=False)
            yield Static(id="changes-count", markup=False)
        yield Input(
            self.flt.text,
            id="changes-filter",
            placeholder=_("/ filter: title, key, requester"),
            compact=True,
        )
        with Vertical(id="changes-body"):
            table = QueueTable(self.columns(), id="changes-queue")
            table.empty_text = _("No change requests here. Press n to add one, f to change the filter.")
            table.marked = set(self.marked)
            yield table
            with VerticalScroll(id="changes-detail", classes="detail"):
                yield Static(id="changes-detail-text", markup=False)
        yield HuddleFooter()

    @staticmethod
    def columns() -> list[Column]:
        return [Column(key, _(label), width) for key, label, width in COLUMNS]

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
        self.refresh_data()

    def after_recompose(self) -> None:
        self._detail_shown = None
        self.query_one(QueueTable).focus()
        self.refresh_data()

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    # -- data --------------------------------------------------------------------------------

    TYPING_BOUND = 120
    """A filter keystroke reads this many matches; the rest are counted once typing pauses."""

    def make_source(self, bound: int | None = None) -> QueueRows:
        return QueueRows(
            changes.queue_source(self.store, self.flt, self.cursor_key, bound=bound),
            members.names(self.store),
            self.store.now(),
        )

    def refresh_data(self, typing: bool = False) -> None:
        """Reload the queue with the same filter, keeping the cursor on its request.

        While `typing` a filter, only the first `TYPING_BOUND` matches are read, so each
        keystroke redraws at once at any size; the full count follows when typing pauses,
        and so does the detail pane (`DETAIL_AFTER`), as a finder's preview does.
        """
        try:
            table = self.table
        except Exception:
            return
        source = self.make_source(self.TYPING_BOUND if typing else None)
        table.set_source(source)
        if source.exact and self.cursor_key is not None and table.cursor_key != self.cursor_key:
            table.move_to_key(self.cursor_key)
        self.total = table.row_count
        self.update_heading()
        if typing:
            self.show_detail_soon()
        else:
            self.show_detail()

    DETAIL_AFTER = 0.12
    """Seconds without typing before the detail pane follows the cursor."""

    def show_detail_soon(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(self.DETAIL_AFTER, self.show_detail)

    @on(ItemTable.Counted, "#changes-queue")
    def _counted(self, event: ItemTable.Counted) -> None:
        """Typing paused and every match is counted: the heading says how many."""
        self.total = self.table.row_count
        self.update_heading()

    def update_heading(self) -> None:
        heading = f" {_('Changes')} · {view_label(self.flt.view)}"
        if self.flt.text.strip():
            heading += " · " + _("filter “{text}”").format(text=one_line(self.flt.text, 30))
        self.query_one("#changes-heading", Static).update(heading, layout=False)
        if not self.table.exact:
            count = _("{n}+ requests").format(n=format_number(self.total))
        else:
            count = ngettext("{n} request", "{n} requests", self.total).format(n=format_number(self.total))
        if self.marked:
            count = _("{n} marked").format(n=len(self.marked)) + " · " + count
        self.query_one("#changes-count", Static).update(count + " ", layout=False)

    def current(self) -> dict | None:
        key = self.table.cursor_key
        return changes.get(self.store, key) if key else None

    def show_detail(self, force: bool = False) -> None:
        """Show the cursor's request; skipped when it is the same request, unchanged (a
        filter keystroke that keeps the cursor where it was redraws only the table)."""
        detail = self.query_one("#changes-detail-text", Static)
        row = self.current()
        shown = None if row is None else (row["key"], row["version"], activity.latest_id(self.store))
        if shown == self._detail_shown and not force:
            return
        self._detail_shown = shown
        detail.update("" if row is None else self.detail_text(row))

    def detail_text(self, row: dict) -> Text:
        store = self.store
        names = members.names(store)
        now = store.now()

        def name(login: str | None) -> str:
            return one_line(names.get(login, login), 40) if login else "—"

        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(clean(row["title"], multiline=False), style="bold")
        text.append("\n")
        text.append(workflow.label(row["status"]), style=STATUS_STYLES.get(row["status"], ""))
        text.append(f" · {row['priority']} · ")
        text.append(_("requested by {who}").format(who=one_line(row["requested_by"], 60) or "—"))
        text.append(" · " + _("assignee {who}").format(who=name(row["assignee"])))
        text.append(" · " + format_relative(row["created_at"], now), style="dim")
        moves = workflow.allowed(changes.KIND, row["status"])
        if moves:
            hint = " · ".join(f"{KEY_FOR[m]} {_(VERBS[m])}" for m in moves if m in KEY_FOR)
            text.append("\n" + _("Next: {moves}").format(moves=hint), style="dim")
        if row["snoozed_until"] and row["snoozed_until"] > store.today().isoformat():
            text.append("\n" + _("Snoozed until {date}").format(date=row["snoozed_until"]), style="italic")
        if row["duplicate_of"]:
            text.append("\n" + _("Duplicate of {key}").format(key=row["duplicate_of"]), style="italic")
        dupes = changes.duplicates_of(store, row["key"])
        if dupes:
            text.append("\n" + _("Duplicates: {keys}").format(keys=", ".join(dupes)), style="italic")
        if row["detail"].strip():
            text.append("\n\n" + _("Request details") + "\n", style="bold")
            text.append(clean(row["detail"]))
        text.append("\n\n" + _("Impact assessment") + "\n", style="bold")
        if row["assessed_at"]:
            parts = [
                _("effort {n} person-days").format(n=format_number(row["effort_days"] or 0, 1)),
                _("schedule +{n} days").format(n=format_number(row["schedule_days"] or 0, 1)),
                _("cost {n}").format(n=format_number(row["cost"] or 0)),
                _("risk {risk}").format(risk=_(changes.RISK_LABELS.get(row["risk"], "")) if row["risk"] else "—"),
            ]
            text.append(" · ".join(parts))
            if row["requirement"]:
                title = changes.requirement_title(store, row["requirement"])
                text.append("\n" + _("Affects {key}").format(key=row["requirement"]))
                if title:
                    text.append(" " + one_line(title, 80))
            if row["assessment_note"].strip():
                text.append("\n" + clean(row["assessment_note"]))
            text.append(
                "\n" + _("Assessed by {who}, {when}").format(
                    who=name(row["assessed_by"]), when=format_relative(row["assessed_at"], now)
                ),
                style="dim",
            )
        else:
            text.append(_("Not assessed yet. Press A to record effort, schedule, cost and risk."), style="dim italic")
        if row["decided_at"]:
            text.append("\n\n" + _("Decision") + "\n", style="bold")
            reopened = changes.reopen_history(store, row["key"]) if row["status"] in changes.DECIDED else []
            if reopened and reopened[0]["at"] == row["decided_at"]:
                # The decider is the lead who re-opened it; who decided first is in the history.
                text.append(_("Re-opened and decided again by {who}, {when}").format(
                    who=name(row["decided_by"]), when=format_relative(row["decided_at"], now)), style="yellow")
            else:
                text.append(
                    _("{status} by {who}, {when}").format(
                        status=workflow.label(row["status"]) if row["status"] in ("approved", "rejected") else _("decided"),
                        who=name(row["decided_by"]),
                        when=format_relative(row["decided_at"], now),
                    )
                )
            if row["decision_note"].strip():
                text.append("\n" + clean(row["decision_note"]))
        text.append("\n\n" + _("History") + "\n", style="bold")
        for entry in changes.history(store, row["key"], 30):
            line = self.history_line(entry, names)
            if line is None:
                continue
            text.append(format_relative(entry["at"], now) + "  ", style="dim")
            text.append(one_line(entry["actor_name"], 30) + "  ", style="bold")
            text.append(line)
            if entry["action"] in ("move", "reopen") and entry["field"] != "undo" and entry["note"]:
                text.append(" — " + one_line(entry["note"], 300), style="italic")
            text.append("\n")
        return text

    @staticmethod
    def history_line(entry: dict, names: dict[str, str] | None = None) -> str | None:
        action, field_name = entry["action"], entry["field"]
        names = names or {}
        if action == "create":
            return _("submitted")
        if action == "move" and field_name == "undo":
            return _("undid a move: {old} → {new}").format(old=workflow.label(entry["old"]), new=workflow.label(entry["new"]))
        if action == "link":
            return _("made from {key}").format(key=one_line(entry["new"], 40))
        if action == "reopen":
            before = one_line(names.get(entry["old"], entry["old"]), 40) if entry["old"] else "—"
            return _("re-opened the decision (decided before by {who})").format(who=before)
        if action == "move":
            return f"{workflow.label(entry['old'] or '')} → {workflow.label(entry['new'] or '')}"
        if (entry["note"] or "").startswith("#"):
            return None  # part of a move shown above
        labels = {
            "title": _("Title"), "detail": _("Request details"), "requested_by": _("Requested by"),
            "priority": _("Priority"), "assignee": _("Assignee"), "effort_days": _("Effort (person-days)"),
            "schedule_days": _("Schedule impact (days)"), "cost": _("Cost"), "risk": _("Risk"),
            "requirement": _("Affected requirement"), "assessment_note": _("Notes"),
            "assessed_at": _("Impact assessment"), "snoozed_until": _("Snooze until"),
            "duplicates": _("Duplicates"),
        }
        label = labels.get(field_name or "", field_name or "")

        def value(raw: str | None) -> str:
            if raw is None or raw == "":
                return "—"
            if field_name == "risk":
                return _(changes.RISK_LABELS.get(raw, raw))
            if field_name in ("effort_days", "schedule_days", "cost"):
                try:
                    return format_number(float(raw), 0 if float(raw).is_integer() else 1)
                except ValueError:
                    return one_line(raw, 40)
            if field_name == "assignee":
                return one_line(names.get(raw, raw), 40)
            return one_line(raw, 40)

        old, new = value(entry["old"]), value(entry["new"])
        if field_name in ("detail", "assessment_note", "title"):
            return _("edited {field}").format(field=label)
        return f"{label}: {old} → {new}"

    # -- events --------------------------------------------------------------------------------

    @on(ItemTable.CursorMoved, "#changes-queue")
    def _cursor_moved(self, event: ItemTable.CursorMoved) -> None:
        self.cursor_key = event.key
        if isinstance(self.focused, Input):  # the cursor moved because a filter is typed
            self.show_detail_soon()
        else:
            self.show_detail()

    @on(ItemTable.MarksChanged, "#changes-queue")
    def _marks_changed(self, event: ItemTable.MarksChanged) -> None:
        self.marked = set(self.table.marked)
        self.update_heading()

    @on(ItemTable.Selected, "#changes-queue")
    def _selected(self, event: ItemTable.Selected) -> None:
        self.action_edit()

    @on(Input.Changed, "#changes-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value.split() == self.flt.text.split():
            self.flt = changes.QueueFilter(view=self.flt.view, text=event.value)  # same words
            self.update_heading()
            return
        self.set_filter(text=event.value, typing=True)

    @on(Input.Submitted, "#changes-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def set_filter(self, *, view: str | None = None, text: str | None = None, typing: bool = False) -> None:
        self.flt = changes.QueueFilter(
            view=self.flt.view if view is None else view,
            text=self.flt.text if text is None else text,
        )
        self.refresh_data(typing=typing)

    # -- triage ----------------------------------------------------------------------------------

    def targets(self) -> list[str]:
        """The marked requests, or the current one."""
        if self.marked:
            return sorted(self.marked, key=lambda key: int(key.split("-")[1]))
        key = self.table.cursor_key
        return [key] if key else []

    def subtitle(self, keys: list[str]) -> str:
        if len(keys) == 1:
            row = changes.get(self.store, keys[0])
            return f"{keys[0]} {one_line(row['title'], 70)}" if row else keys[0]
        return ngettext("{n} marked request", "{n} marked requests", len(keys)).format(n=len(keys))

    def action_triage(self, target: str) -> None:
        keys = self.targets()
        if not keys:
            return
        try:
            permissions.require_move(self.store, changes.KIND, target)
        except PermissionDenied as error:
            self.app.show_error(error)
            return
        if len(keys) == 1:
            row = changes.get(self.store, keys[0])
            if row is None:
                return
            try:
                workflow.check_move(changes.KIND, row["status"], target)
            except WorkflowError as error:
                self.app.show_error(StoreError(f"{row['key']}: {error}"))
                return
            expected = self.shown_version(row)
            if target == "rejected":
                key = row["key"]

                def reject(store, note: str) -> dict:
                    return changes.move(store, key, target, note=note, expected_version=expected)

                self.app.push_screen(
                    forms.reason_form(_("Reject {key}").format(key=key), self.subtitle(keys), reject),
                    lambda result: self._moved(row, target, result),
                )
                return
            self._move_one(row, target, expected)
            return
        if target == "rejected":
            def reject_all(store, note: str):
                return batch.each(store, keys, changes.move, target, note=note)

            self.app.push_screen(forms.reason_form(_("Reject"), self.subtitle(keys), reject_all), self.report)
            return
        self.bulk(keys, changes.move, target)

    def shown_version(self, row: dict) -> int:
        """The version of `row` the table showed (a move is checked against it)."""
        data = self.table.cursor_row_data
        return data["version"] if data and data["key"] == row["key"] else row["version"]

    @work(group="store", exit_on_error=False)
    async def _move_one(self, row: dict, target: str, expected: int) -> None:
        """Move the cursor's request on the store thread (the screen stays live meanwhile)."""
        try:
            result = await self.app.db(changes.move, row["key"], target, expected_version=expected)
        except StoreError as error:  # conflict, workflow, permission, busy file
            self.app.show_error(error)
            self.refresh_data()
            return
        self._moved(row, target, result)

    def _moved(self, row: dict, target: str, result: dict | None) -> None:
        if result is not None:
            self.app.notify(
                _("{key}: {old} → {new}").format(key=row["key"], old=workflow.label(row["status"]),
                                                 new=workflow.label(target)),
                markup=False, timeout=3,
            )
        self.refresh_data()

    def bulk(self, keys: list[str], fn, *args, **kwargs) -> None:
        """`fn(store, key, *args, **kwargs)` for each key on the store thread, each in its
        own transaction; then one report of what moved and what was refused."""
        self._bulk(keys, fn, args, kwargs)

    @work(group="store", exit_on_error=False)
    async def _bulk(self, keys: list[str], fn, args: tuple, kwargs: dict) -> None:
        try:
            outcome = await self.app.db(batch.each, keys, fn, *args, **kwargs)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self.report(outcome)

    def report(self, outcome) -> str | None:
        """Say what a bulk call did: "3 moved, 1 refused: CR-7 is done (final)"."""
        if outcome is None:  # the dialog was cancelled
            self.refresh_data()
            return None
        done, refused = outcome
        self.table.clear_marks()
        self.marked = set()
        message = ngettext("{n} moved", "{n} moved", len(done)).format(n=len(done))
        if refused:
            reasons = [self.refusal(key, error) for key, error in refused]
            message += ", " + ngettext("{n} refused", "{n} refused", len(refused)).format(n=len(refused))
            message += ": " + "; ".join(reasons[:4]) + (" …" if len(reasons) > 4 else "")
        self.app.notify(message, markup=False, severity="warning" if refused else "information", timeout=8)
        self.refresh_data()
        return message

    def refusal(self, key: str, error: StoreError) -> str:
        """A short reason: "CR-7 is done (final)"."""
        row = changes.get(self.store, key)
        if isinstance(error, changes.NotAssessed):
            return _("{key} is not assessed yet").format(key=key)
        if isinstance(error, PermissionDenied):
            return _("{key}: only a lead may do this").format(key=key)
        if row is not None and isinstance(error, WorkflowError) and not error.allowed:
            return _("{key} is {status} (final)").format(key=key, status=workflow.label(row["status"]))
        if row is not None and isinstance(error, WorkflowError) and error.allowed:
            return _("{key} is {status} (allowed: {moves})").format(
                key=key, status=workflow.label(row["status"]),
                moves=", ".join(workflow.label(m) for m in error.allowed),
            )
        return f"{key}: {one_line(str(error), 120)}"

    def _after_form(self, result) -> None:
        self.refresh_data()

    # -- other single keys ---------------------------------------------------------------------

    def action_priority(self) -> None:
        keys = self.targets()
        if not keys:
            return
        current = changes.get(self.store, keys[0])["priority"] if len(keys) == 1 else None

        def picked(priority: str | None) -> None:
            if not priority:
                return
            if len(keys) == 1:
                self.single(_("{key}: priority {p}").format(key=keys[0], p=priority),
                            changes.set_priority, keys[0], priority)
            else:
                self.bulk(keys, changes.set_priority, priority)

        self.app.push_screen(forms.PriorityScreen(self.subtitle(keys), current), picked)

    def single(self, message: str, fn, *args, **kwargs) -> None:
        """`fn(store, *args, **kwargs)` on the store thread; `message` once it is done."""
        self._single(message, fn, args, kwargs)

    @work(group="store", exit_on_error=False)
    async def _single(self, message: str, fn, args: tuple, kwargs: dict) -> None:
        try:
            await self.app.db(fn, *args, **kwargs)
        except StoreError as error:
            self.app.show_error(error)
        else:
            self.app.notify(message, markup=False, timeout=3)
        self.refresh_data()

    def action_assign_me(self) -> None:
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            self.single(_("{key} is assigned to you.").format(key=keys[0]), changes.assign, keys[0])
        else:
            self.bulk(keys, changes.assign)

    def action_duplicate(self) -> None:
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            def apply_one(store, of_key: str) -> dict:
                return changes.mark_duplicate(store, keys[0], of_key)

            def done(result: dict | None) -> None:
                if result is not None:
                    self.app.notify(
                        _("{key} closed as a duplicate of {other}.").format(key=keys[0], other=result["duplicate_of"]),
                        markup=False, timeout=4,
                    )
                self.refresh_data()

            self.app.push_screen(forms.duplicate_form(self.subtitle(keys), apply_one), done)
            return

        def apply_all(store, of_key: str):
            changes.normalize_key(of_key)  # a bad key keeps the dialog open with the reason
            return batch.each(store, keys, changes.mark_duplicate, of_key)

        self.app.push_screen(forms.duplicate_form(self.subtitle(keys), apply_all), self.report)

    def action_snooze(self) -> None:
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            def apply_one(store, until: str) -> dict:
                return changes.snooze(store, keys[0], changes.parse_future_date(store, until))

            def done(result: dict | None) -> None:
                if result is not None:
                    self.app.notify(_("{key} is snoozed until {date}.").format(key=keys[0], date=result["snoozed_until"]),
                                    markup=False, timeout=4)
                self.refresh_data()

            self.app.push_screen(forms.snooze_form(self.subtitle(keys), apply_one), done)
            return

        def apply_all(store, until: str):
            day = changes.parse_future_date(store, until)
            return batch.each(store, keys, changes.snooze, day)

        self.app.push_screen(forms.snooze_form(self.subtitle(keys), apply_all), self.report)

    def action_undo(self) -> None:
        self._undo()

    @work(group="store", exit_on_error=False)
    async def _undo(self) -> None:
        try:
            row = await self.app.db(changes.undo)
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

    def action_assess_form(self) -> None:
        row = self.current()
        if row is None:
            return
        if row["status"] not in changes.WAITING:
            self.app.show_error(StoreError(
                _("{key} is {status}: its assessment can no longer change.").format(key=row["key"], status=workflow.label(row["status"]))
            ))
            return
        self.app.push_screen(forms.assessment_form(self.store, row), self._after_form)

    def action_new(self) -> None:
        def saved(row) -> None:
            if row:
                self.cursor_key = row["key"]
                self.app.notify(_("Submitted {key}.").format(key=row["key"]), markup=False, timeout=3)
            self.refresh_data()

        self.app.push_screen(forms.request_form(self.store, None), saved)

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(forms.request_form(self.store, row), self._after_form)

    # -- filters -----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#changes-filter", Input).focus()

    def action_clear(self) -> None:
        if self.marked:
            self.table.clear_marks()
            self.marked = set()
            self.update_heading()
            return
        if self.flt.text:
            self.query_one("#changes-filter", Input).value = ""
            self.set_filter(text="")
        self.table.focus()

    def action_next_view(self) -> None:
        index = VIEW_CYCLE.index(self.flt.view) if self.flt.view in VIEW_CYCLE else -1
        self.set_filter(view=VIEW_CYCLE[(index + 1) % len(VIEW_CYCLE)])

    def action_decision_view(self) -> None:
        self.set_filter(view="open" if self.flt.view == "decision" else "decision")

    def palette_commands(self):
        return [
            command(N_("New change request"), N_("Submit a change the client asked for (n)"), self.action_new),
            command(N_("Changes: needs my decision"), N_("Show what waits for your decision (F)"),
                    lambda: self.set_filter(view="decision")),
            command(N_("Changes: open requests"), N_("The default queue"), lambda: self.set_filter(view="open")),
            command(N_("Changes: all requests"), N_("Every request, closed ones too"), lambda: self.set_filter(view="all")),
            command(N_("Changes: snoozed"), N_("Requests hidden until a date"), lambda: self.set_filter(view="snoozed")),
            command(N_("Undo my last move"), N_("Take back your last change-request move (u)"), self.action_undo),
        ]
