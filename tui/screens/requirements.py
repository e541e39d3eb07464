"""The Requirements area: the register as a virtual, SQL-filtered table with a detail pane.

Single keys move the highlighted requirement (or the marked ones) along the workflow;
`/` filters as you type (any substring, Chinese too); `m` and `p` narrow the list to a
milestone or a project; `M` opens the milestones (staged acceptance) and their review.
The screen keeps its state (filter, milestone, project, cursor key) in attributes, so a
language switch or someone else's commit puts the user back where they were.
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
from ..i18n import N_, _, format_relative
from ..store import batch, members, milestones, projects, requirements, undo, workflow
from ..store.errors import StoreError
from ..text import clean, one_line
from ..widgets.footer import HuddleFooter
from ..widgets.form import ConfirmScreen
from ..widgets.header import HuddleHeader
from ..widgets.item_table import Column, ItemTable
from ..widgets.sql_source import SQLSource
from .base import HuddleScreen
from .requirements_forms import open_requirement_form, open_sign_off_form

STATUS_STYLES = {
    "draft": "dim",
    "documented": "cyan",
    "confirmed": "bold cyan",
    "in_progress": "yellow",
    "delivered": "bold yellow",
    "accepted": "bold green",
    "deferred": "dim italic",
    "dropped": "dim strike",
}
PRIORITY_STYLES = {"P0": "bold red", "P1": "yellow", "P2": "", "P3": "dim"}

# key → (target status, binding id, description msgid)
MOVE_KEYS = [
    ("o", "documented", N_("Documented")),
    ("c", "confirmed", N_("Confirm")),
    ("b", "in_progress", N_("Begin")),
    ("v", "delivered", N_("Delivered")),
    ("A", "accepted", N_("Accept")),
    ("f", "deferred", N_("Defer")),
    ("X", "dropped", N_("Drop")),
    ("r", "draft", N_("Back to draft")),
]
FOOTER_MOVES = ("confirmed", "accepted")
"""Moves shown in the footer (all are in help, and the detail pane names the next ones)."""
MOVE_ACTIONS = {f"move('{target}')" for _key, target, _d in MOVE_KEYS}


class RequirementSource(SQLSource):
    """The register query, with translated status labels and display names added."""

    def __init__(
        self, conn, query: requirements.ListQuery, names: dict[str, str], bound: int | None = None
    ) -> None:
        super().__init__(conn, query.select, query.params, order_by=query.order_by, bound=bound)
        self.names = names

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        rows = super().fetch(offset, limit)
        for row in rows:
            row["status_label"] = workflow.label(row["status"])
            row["owner_name"] = self.names.get(row["owner"], row["owner"]) if row["owner"] else ""
        return rows


class RequirementTable(ItemTable):
    """Colours for status and priority."""

    def cell_style(self, row: dict[str, Any], column: Column) -> str | None:
        if column.key == "status_label":
            return STATUS_STYLES.get(row.get("status"), None)
        if column.key == "priority":
            return PRIORITY_STYLES.get(row.get("priority"), None) or None
        return None

    def row_style(self, row: dict[str, Any]) -> str | None:
        return "dim" if row.get("status") in ("dropped", "deferred") else None


def columns() -> list[Column]:
    return [
        Column("key", _("ID"), 7),
        Column("title", _("Title")),
        Column("priority", _("Pri"), 4),
        Column("status_label", _("Status"), 11),
        Column("owner_name", _("Owner"), 10),
        Column("milestone", _("Milestone"), 14),
    ]


def detail_text(store, row: dict, names: dict[str, str]) -> Text:
    """Everything about one requirement, for the detail pane. User text is plain Text."""
    now = store.now()
    text = Text()
    text.append(f"{row['key']} ", style="bold")
    text.append(clean(row["title"]), style="bold")
    text.append("\n")
    status = row["status"]
    text.append(workflow.label(status), style=STATUS_STYLES.get(status, ""))
    text.append(f"  {row['priority']}", style=PRIORITY_STYLES.get(row["priority"], ""))
    facts = []
    if row["project"]:
        facts.append(f"{_('Project')}: {row['project']}")
    facts.append(f"{_('Owner')}: " + (one_line(names.get(row["owner"], row["owner"]), 40) if row["owner"] else "—"))
    facts.append(f"{_('Milestone')}: " + (one_line(row["milestone"], 60) if row["milestone"] else "—")
                 + (f" ({row['milestone_due']})" if row.get("milestone_due") else ""))
    text.append("  ·  " + "  ·  ".join(facts))
    moves = workflow.allowed(requirements.KIND, status)
    if moves:
        keys = {target: key for key, target, _d in MOVE_KEYS}
        text.append("\n" + _("Next: ") + ", ".join(
            f"{workflow.label(m)} ({keys[m]})" if m in keys else workflow.label(m) for m in moves
        ), style="dim")

    def section(title: str, body: str | None) -> None:
        text.append(f"\n\n{title}\n", style="bold underline")
        text.append(clean(body) if (body or "").strip() else "—", style="" if (body or "").strip() else "dim")

    section(_("Description"), row["detail"])
    section(_("Acceptance criteria"), row["acceptance_criteria"])
    section(_("Source"), row["source"])
    text.append(f"\n\n{_('Sign-off')}\n", style="bold underline")
    if row["confirmed_by"]:
        text.append(_("Confirmed by {contact}, {when}").format(
            contact=one_line(row["confirmed_by"], 200), when=format_relative(row["confirmed_at"], now)))
    else:
        text.append(_("Not confirmed by the client yet."), style="dim")
    if row["accepted_by"]:
        text.append("\n" + _("Accepted by {who}, {when}").format(
            who=one_line(names.get(row["accepted_by"], row["accepted_by"]), 40),
            when=format_relative(row["accepted_at"], now)), style="green")
    reopened = requirements.reopen_history(store, row["key"]) if status in requirements.DECIDED else []
    if reopened:
        # The sign-off above was for the wording before this: say so, with who and why.
        latest = reopened[0]
        text.append("\n" + _("Re-opened by {who}, {when}: changed after the sign-off").format(
            who=one_line(latest["actor_name"], 40), when=format_relative(latest["at"], now)), style="yellow")
        if latest["note"]:
            text.append(" — " + one_line(latest["note"], 200), style="italic")
    changes = requirements.linked_changes(store, row["key"])
    feedback = requirements.linked_feedback(store, row["key"])
    others = requirements.linked_other(store, row["key"])
    if changes or feedback or others:
        text.append(f"\n\n{_('Linked')}\n", style="bold underline")
        for item in changes:
            text.append(f"{item['key']}  ", style="bold")
            text.append(one_line(item["title"], 120))
            text.append(f"  [{workflow.label(item['status'])}]\n", style="dim")
        for item in feedback:
            text.append(f"{item['key']}  ", style="bold")
            text.append(one_line(item["summary"], 120))
            text.append(f"  [{workflow.label(item['status'])}]\n", style="dim")
        for key in others:
            text.append(one_line(key, 40) + "\n")
        text.rstrip()
    text.append(f"\n\n{_('History')}\n", style="bold underline")
    for entry in requirements.history(store, row["key"], 20):
        derived = undo.is_derived(entry)
        if derived and entry["field"] != "confirmed_by":
            continue  # a stamp of the move above (its time, who accepted)
        who = one_line(entry["actor_name"], 30)
        when = format_relative(entry["at"], now)
        if entry["action"] == "create":
            line = _("{who} created it").format(who=who)
        elif undo.is_undo(entry):
            line = _("{who} undid a move: {old} → {new}").format(
                who=who, old=workflow.label(entry["old"] or ""), new=workflow.label(entry["new"] or ""))
        elif entry["action"] == "link":
            line = _("{who} made it from {key}").format(who=who, key=one_line(entry["new"], 40))
        elif entry["action"] == "reopen":
            line = _("{who} re-opened it").format(who=who)
        elif entry["action"] == "move":
            line = _("{who} moved it from {old} to {new}").format(
                who=who, old=workflow.label(entry["old"] or ""), new=workflow.label(entry["new"] or ""))
        elif entry["field"] == "confirmed_by":
            line = _("{who} recorded the client sign-off by {contact}").format(
                who=who, contact=one_line(entry["new"], 100))
        else:
            line = _("{who} changed {field}").format(who=who, field=requirements.field_label(entry["field"] or ""))
        text.append(f"{when}  ", style="dim")
        text.append(line)
        if entry["note"] and not derived and not undo.is_undo(entry):
            text.append(" — " + one_line(entry["note"], 200), style="italic")
        text.append("\n")
    text.rstrip()
    return text


class RequirementsScreen(HuddleScreen):
    """The register: table, filter, detail pane; single keys for workflow moves."""

    AREA = "requirements"
    HELP = N_(
        "The requirement register. / filters as you type; m and p narrow to a milestone or a "
        "project; t groups by milestone. o documented, c confirm (asks who signed off), "
        "b begin, v delivered, A accept (leads), f defer, X drop, r back to draft. "
        "Space marks several for one move. M opens the milestones and their review."
    )

    BINDINGS = [
        Binding("n", "new", N_("New"), id="requirements.new"),
        Binding("e", "edit", N_("Edit"), id="requirements.edit"),
        Binding("slash", "filter", N_("Filter"), id="requirements.filter", key_display="/"),
        *(
            Binding(key, f"move('{target}')", description, id=f"requirements.move_{target}",
                    show=target in FOOTER_MOVES)
            for key, target, description in MOVE_KEYS
        ),
        Binding("M", "milestones", N_("Milestones"), id="requirements.milestones"),
        Binding("m", "cycle_milestone", N_("Milestone filter"), id="requirements.milestone_filter", show=False),
        Binding("p", "cycle_project", N_("Project filter"), id="requirements.project_filter", show=False),
        Binding("t", "toggle_group", N_("Group by milestone"), id="requirements.group", show=False),
        Binding("h", "toggle_open", N_("Open only"), id="requirements.open_only", show=False),
        Binding("u", "undo", N_("Undo"), id="requirements.undo", show=False),
        Binding("escape", "clear", N_("Clear filter"), id="requirements.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.filter_visible = False
        self.milestone_id: int | None = None
        self.project: str | None = None
        self.group_by_milestone = False
        self.open_only = False
        self.cursor_key: str | None = None
        self.names: dict[str, str] = {}

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="req-titlebar", classes="area-title"):
            yield Static(id="req-title", markup=False)
            yield Static(id="req-count", markup=False)
        filter_input = Input(self.filter_text, id="req-filter",
                             placeholder=_("Filter: key, title, owner or source (escape clears)"), compact=True)
        filter_input.display = self.filter_visible or bool(self.filter_text)
        yield filter_input
        with Vertical(id="req-body"):
            table = RequirementTable(columns(), id="req-table")
            table.empty_text = _("No requirements match.")
            yield table
            with VerticalScroll(id="req-detail", classes="detail"):
                yield Static(id="req-detail-text", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#req-table", RequirementTable).focus()

    def after_recompose(self) -> None:
        self.refresh_data()
        if self.filter_visible:
            self.query_one("#req-filter", Input).focus()
        else:
            self.query_one("#req-table", RequirementTable).focus()

    # -- data ------------------------------------------------------------------------

    @property
    def table(self) -> RequirementTable:
        return self.query_one("#req-table", RequirementTable)

    TYPING_BOUND = 120
    """A filter keystroke reads this many matches; the table counts the rest once typing pauses."""

    def make_source(self, bound: int | None = None) -> RequirementSource:
        query = requirements.list_query(
            text=self.filter_text, project=self.project, milestone_id=self.milestone_id,
            open_only=self.open_only, group_by_milestone=self.group_by_milestone,
        )
        return RequirementSource(self.store.conn, query, self.names, bound=bound)

    def refresh_data(self) -> None:
        self.names = members.names(self.store)
        table = self.table
        table.set_source(self.make_source())
        if self.cursor_key and table.cursor_key != self.cursor_key:
            table.move_to_key(self.cursor_key)
        self.update_title()
        self.show_detail()

    def update_title(self) -> None:
        parts = [_("Requirements")]
        if self.project:
            parts.append(self.project)
        if self.milestone_id == requirements.NO_MILESTONE:
            parts.append(_("no milestone"))
        elif self.milestone_id is not None:
            milestone = milestones.get(self.store, self.milestone_id)
            parts.append(one_line(milestone["name"], 30) if milestone else "?")
        if self.open_only:
            parts.append(_("open only"))
        if self.group_by_milestone:
            parts.append(_("by milestone"))
        self.query_one("#req-title", Static).update(" " + " · ".join(parts))
        table = self.table
        shown = table.row_count
        count = _("{shown} shown").format(shown=shown) if table.exact else _("{shown}+ shown").format(shown=shown)
        if table.marked:
            count = _("{marked} marked").format(marked=len(table.marked)) + " · " + count
        self.query_one("#req-count", Static).update(count + " ")

    def show_detail(self) -> None:
        widget = self.query_one("#req-detail-text", Static)
        row = requirements.get(self.store, self.cursor_key) if self.cursor_key else None
        if row is None:
            widget.update(Text(_("Press n to add a requirement."), style="dim") if not self.table.row_count else "")
            return
        widget.update(detail_text(self.store, row, self.names))

    @on(ItemTable.CursorMoved, "#req-table")
    def _cursor_moved(self, event: ItemTable.CursorMoved) -> None:
        self.cursor_key = event.key
        self.show_detail()

    @on(ItemTable.Selected, "#req-table")
    def _selected(self, event: ItemTable.Selected) -> None:
        self.cursor_key = event.key
        self.action_edit()

    @on(ItemTable.MarksChanged, "#req-table")
    def _marks_changed(self) -> None:
        self.update_title()

    # -- filter ----------------------------------------------------------------------

    def action_filter(self) -> None:
        self.filter_visible = True
        filter_input = self.query_one("#req-filter", Input)
        filter_input.display = True
        filter_input.focus()

    @on(Input.Changed, "#req-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value == self.filter_text:
            return
        self.filter_text = event.value
        # As you type, the cursor goes to the best (first) match, as in any finder; this
        # also spares locating the old item in the new result (one more scan at 100k).
        table = self.table
        table.set_reactive(ItemTable.cursor_row, 0)
        table.set_source(self.make_source(self.TYPING_BOUND), keep_key=False)
        self.update_title()

    @on(ItemTable.Counted, "#req-table")
    def _counted(self) -> None:
        self.update_title()

    @on(Input.Submitted, "#req-filter")
    def _filter_submitted(self) -> None:
        self.filter_visible = False
        self.table.focus()

    def action_clear(self) -> None:
        filter_input = self.query_one("#req-filter", Input)
        if self.filter_text:
            self.filter_text = ""
            filter_input.value = ""
            self.table.set_source(self.make_source())
            self.update_title()
        elif self.table.marked:
            self.table.clear_marks()
        self.filter_visible = False
        filter_input.display = False
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Single-letter keys must not fire while the filter has focus (it takes the letters
        anyway; this also keeps them out of the footer meanwhile)."""
        if action in ("clear", "filter"):
            return True
        focused = self.focused
        if isinstance(focused, Input):
            return False
        return True

    def action_cycle_milestone(self) -> None:
        options: list[int | None] = [None]
        options += [m["id"] for m in milestones.all_milestones(self.store, self.project)]
        options.append(requirements.NO_MILESTONE)
        index = options.index(self.milestone_id) if self.milestone_id in options else 0
        self.milestone_id = options[(index + 1) % len(options)]
        self.refresh_data()

    def action_cycle_project(self) -> None:
        options: list[str | None] = [None] + [p["key"] for p in projects.all(self.store)]
        index = options.index(self.project) if self.project in options else 0
        self.project = options[(index + 1) % len(options)]
        if self.milestone_id not in (None, requirements.NO_MILESTONE):
            milestone = milestones.get(self.store, self.milestone_id)
            if milestone is None or (self.project and milestone["project"] != self.project):
                self.milestone_id = None
        self.refresh_data()

    def action_toggle_group(self) -> None:
        self.group_by_milestone = not self.group_by_milestone
        self.refresh_data()

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.refresh_data()

    def show_milestone(self, milestone_id: int | None) -> None:
        """Called from the milestones view: narrow the register to one milestone."""
        self.milestone_id = milestone_id
        if milestone_id:
            milestone = milestones.get(self.store, milestone_id)
            if milestone and self.project and milestone["project"] != self.project:
                self.project = None
        self.refresh_data()

    # -- editing and moving ----------------------------------------------------------

    def _saved(self, row: dict) -> None:
        self.cursor_key = row["key"]
        self.refresh_data()

    def action_new(self) -> None:
        defaults = {"project": self.project}
        if self.milestone_id:
            milestone = milestones.get(self.store, self.milestone_id)
            if milestone:
                defaults = {"project": milestone["project"], "milestone_id": milestone["id"]}
        open_requirement_form(self, None, defaults, self._saved)

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if key is None:
            self.app.notify(_("Nothing to edit: press n to add a requirement."), markup=False, timeout=3)
            return
        open_requirement_form(self, key, None, self._saved)

    def selected_keys(self) -> list[str]:
        """The marked requirements, or the highlighted one."""
        table = self.table
        if table.marked:
            return sorted(table.marked, key=lambda k: int(k.split("-")[-1]) if k.split("-")[-1].isdigit() else 0)
        return [table.cursor_key] if table.cursor_key else []

    def action_move(self, target: str) -> None:
        keys = self.selected_keys()
        if not keys:
            return
        if target == "confirmed":
            ready = [k for k in keys if (requirements.get(self.store, k) or {}).get("status") == "documented"]
            if not ready:
                # Let the store explain why (the allowed moves) for the first one.
                self._apply_move(keys[:1], target)
                return
            open_sign_off_form(self, ready, lambda done: self._after_moves(done, [], target))
            return
        if target in ("accepted", "dropped"):
            label = workflow.label(target)
            question = _("Move {keys} to {status}?").format(
                keys=", ".join(keys[:6]) + (" …" if len(keys) > 6 else ""), status=label)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._apply_move(keys, target)

            self.app.push_screen(ConfirmScreen(question), answered)
            return
        self._apply_move(keys, target)

    def _apply_move(self, keys: list[str], target: str) -> None:
        self._move_on_store_thread(keys, target)

    @work(group="store", exit_on_error=False)
    async def _move_on_store_thread(self, keys: list[str], target: str) -> None:
        """Each move in its own transaction, on the store thread: the register stays live
        while a move waits for someone else's write."""
        try:
            done, errors = await self.app.db(batch.each, keys, requirements.move, target)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self._after_moves(done, errors, target)

    def action_undo(self) -> None:
        self._undo()

    @work(group="store", exit_on_error=False)
    async def _undo(self) -> None:
        try:
            row = await self.app.db(requirements.undo)
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

    def _after_moves(self, done: list[dict], errors: list, target: str) -> None:
        if done:
            self.app.notify(
                _("{keys} → {status}").format(
                    keys=", ".join(row["key"] for row in done[:6]) + (" …" if len(done) > 6 else ""),
                    status=workflow.label(target)),
                markup=False, timeout=3,
            )
            # Marks of the moved items are spent; those refused stay marked to retry.
            self.table.marked.difference_update(row["key"] for row in done)
        for key, error in errors[:3]:
            self.app.notify(f"{key}: {error}", severity="error", markup=False, timeout=8)
        self.refresh_data()

    def action_milestones(self) -> None:
        from .milestones import MilestonesScreen

        self.app.push_screen(MilestonesScreen(self.project))

    def palette_commands(self):
        return [
            command(N_("New requirement"), N_("Add a requirement to the register (n)"), self.action_new),
            command(N_("Milestones"), N_("Staged acceptance: progress and review (M)"), self.action_milestones),
            command(N_("Filter requirements"), N_("Filter the register as you type (/)"), self.action_filter),
            command(N_("Group requirements by milestone"), N_("Toggle grouping (t)"), self.action_toggle_group),
        ]
