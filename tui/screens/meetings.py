"""The Meetings area: client meetings (项目会议 / 需求调研) with their decisions and action items.

The list shows meetings newest first (filter as you type); the detail pane follows the
cursor. `enter` opens a meeting to take its notes live: a text area saved on the store
thread a moment after typing pauses (and when leaving), with a local draft of every change,
so a dropped connection loses nothing. One key (a ctrl chord, so it works while typing)
records a decision, another an action item; both work on the list too. A decision names
the requirements and change requests it concerns and shows in their history; an action
item that is a promise to the client is saved as a commitment in the same step.

Store writes run on the app's store thread (`HuddleApp.db`) inside workers; reads for
display stay on the event loop. User text is shown as `Text`, never parsed as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from .. import drafts
from ..commands import command
from ..i18n import N_, _, format_number, format_weekday_date, get_language, join_list, ngettext, sentences, with_note
from ..store import meetings, members, workflow
from ..store.errors import ConflictError, StoreError
from ..store.merge import three_way
from ..text import clean, one_line
from ..widgets.bound import key_of
from ..widgets.footer import HuddleFooter
from ..widgets.form import ConflictScreen, Field
from ..widgets.hanging import Hanging
from ..widgets.header import HuddleHeader
from ..widgets.item_table import Column, ItemTable
from .base import HuddleScreen

KIND_SHORT = {
    "weekly": N_("Weekly"),
    "workshop": N_("Workshop"),
    "acceptance": N_("Acceptance"),
    "other": N_("Other"),
}
COMMITMENT_STYLES = {"open": "bold", "kept": "green", "missed": "red", "renegotiated": "yellow"}
SAVE_AFTER = 2.0
"""Seconds of no typing after which the notes are saved."""

# The keys that record a decision and an action item: ctrl chords, so that they work while
# the notes have focus; no other screen (and no text box) gives them a meaning.
DECISION_KEY = "ctrl+r"
ACTION_KEY = "ctrl+t"


def binding_key(screen, binding_id: str) -> str:
    """The key bound to `binding_id` on `screen`, as the footer shows it."""
    return key_of(screen, binding_id)


def short_day(value: str | None) -> str:
    """`11-27` for a day (the list has no room for the year)."""
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

    def fetch(self, offset: int, limit: int) -> list[dict]:
        rows = self.inner.fetch(offset, limit)
        for row in rows:
            self.decorate(row)
        return rows


def kind_short(kind: str | None) -> str:
    return _(KIND_SHORT[kind]) if kind in KIND_SHORT else (kind or "")


def _people(logins: str, names: dict[str, str]) -> str:
    return join_list(names.get(login, login) for login in (logins or "").split("\n") if login)


def _clients(text: str) -> str:
    return join_list(line for line in (text or "").split("\n") if line)


def decisions_text(text: Text, store, key: str, titles: bool = True) -> None:
    """The decisions of meeting `key`, numbered, with the items each concerns."""
    rows = meetings.decisions(store, key)
    text.append(with_note(_("Decisions"), len(rows)) + "\n", style="bold")
    if not rows:
        text.append("  " + _("none yet") + "\n", style="dim")
    keys = sorted({k for row in rows for k in row["links"]})
    names = meetings.item_titles(store, keys, get_language()) if titles else {}
    for number, row in enumerate(rows, start=1):
        text.append(f"{number:>2}. ")
        text.append(one_line(row["text"], 300))
        for item in row["links"]:
            text.append(f"  {item}", style="bold cyan")
            if names.get(item):
                text.append(" " + one_line(names[item], 30), style="dim")
        text.append("\n")


def task_done(row: dict) -> bool:
    """A team task marked done (a promise is kept or missed in Commitments instead)."""
    return bool(row["done_at"]) and not row["commitment"]


def action_line(row: dict, number: int, names: dict[str, str]) -> Text:
    """One action item: who, by when, and the commitment a promise became; a team task
    that is done is ticked and dimmed."""
    done = task_done(row)
    text = Text(style="dim" if done else "")
    text.append(f"{number:>2}. ")
    if done:
        text.append("✓ ", style="green")
    text.append(one_line(row["text"], 300))
    text.append(" — " + one_line(names.get(row["owner"], row["owner"] or "—"), 30), style="" if done else "bold")
    text.append(" · " + _("due {date}").format(date=short_day(row["commitment_due"] or row["due"])))
    if row["commitment"]:
        status = row["commitment_status"] or ""
        text.append(" · ")
        text.append(_("commitment {key}").format(key=row["commitment"]), style="bold magenta")
        text.append(with_note("", workflow.label(status)), style=COMMITMENT_STYLES.get(status, ""))
    elif done:
        text.append(" · " + _("done"), style="green")
    else:
        text.append(" · " + _("team task"), style="dim")
    return text


def actions_heading(text: Text, rows: list[dict]) -> None:
    text.append(with_note(_("Action items"), len(rows)) + "\n", style="bold")
    if not rows:
        text.append("  " + _("none yet") + "\n", style="dim")


def actions_text(text: Text, store, key: str) -> None:
    """The action items of meeting `key`: who, by when, and the commitment a promise became."""
    rows = meetings.actions(store, key)
    names = members.names(store)
    actions_heading(text, rows)
    for number, row in enumerate(rows, start=1):
        text.append_text(action_line(row, number, names))
        text.append("\n")


def labelled(label: str) -> str:
    """`Team: ` / `团队：` (the language's colon; a full-width one needs no space after it)."""
    text = _("{label}:").format(label=label)
    return text + " " if text.endswith(":") else text


def facts_text(store, row: dict) -> Text:
    """Date, type, project, who came: the meeting's line under its title."""
    from datetime import date

    names = members.names(store)
    text = Text()
    text.append(format_weekday_date(date.fromisoformat(row["date"])))
    text.append(" · " + meetings.kind_label(row["kind"]))
    if row["project"]:
        text.append(" · " + one_line(row["project"], 16))
    team = _people(row["attendees"], names)
    clients = _clients(row["client_attendees"])
    text.append("\n" + labelled(_("Team")), style="bold")
    text.append(one_line(team, 200) or "—")
    text.append("  " + labelled(_("Client")), style="bold")
    text.append(one_line(clients, 200) or "—")
    return text


class MeetingsTable(ItemTable):
    """Meetings have no status: the key in bold, nothing dimmed."""

    def cell_style(self, row: dict, column: Column) -> str | None:
        return "bold" if column.key == "key" else None


class MeetingsScreen(HuddleScreen):
    """Client meetings, newest first, with their decisions and action items: a list with a
    filter line above it and the selected meeting's detail below."""

    AREA = "meetings"
    HELP = N_(
        "Client meetings (weekly reviews, requirements workshops, acceptance meetings), newest first. "
        "Open a meeting to type its notes live: they are saved a moment after you stop typing, and a local "
        "draft keeps every keystroke. A decision names the requirements and change requests it concerns and "
        "appears in their history; an action item that is a promise to the client becomes a commitment. "
        "The minutes are exported in the client's language (a name ending in .html writes a web page)."
    )
    COLUMNS = (
        ("key", N_("ID"), 5),
        ("date_text", N_("Date"), 5),
        ("project", N_("Proj"), 5),
        ("kind_text", N_("Type"), 10),
        ("decision_count", N_("Decisions"), 9),
        ("action_text", N_("Actions"), 8),
        ("title", N_("Title"), None),
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="meetings.new"),
        Binding(DECISION_KEY, "decision", N_("Record decision"), id="meetings.decision", priority=True),
        Binding(ACTION_KEY, "action_item", N_("Action item"), id="meetings.action", priority=True),
        Binding("E", "export", N_("Export minutes"), id="meetings.export"),
        Binding("e", "edit", N_("Edit"), id="meetings.edit"),
        Binding("slash", "filter", N_("Filter"), id="meetings.filter", key_display="/", priority=True),
        Binding("escape", "clear", N_("Clear filter"), id="meetings.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter_text = ""
        self.cursor_key: str | None = None
        self.total = 0

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="meetings-title", classes="area-title"):
            yield Static(id="meetings-heading", markup=False)
            yield Static(id="meetings-count", markup=False)
        yield Input(self.filter_text, id="meetings-filter", compact=True,
                    placeholder=_("/ filter: title, key, project, type, who came"))
        with Vertical(id="meetings-body"):
            table = MeetingsTable([Column(key, _(label), width) for key, label, width in self.COLUMNS],
                                  id="meetings-list")
            table.empty_text = _("No meetings here yet. Record one, then open it to take notes.")
            yield table
            with VerticalScroll(id="meetings-detail", classes="detail"):
                yield Static(id="meetings-detail-text", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self.refresh_data()

    def after_recompose(self) -> None:
        self.table.focus()
        self.refresh_data()

    async def on_screen_resume(self) -> None:
        """Back from a meeting: its notes, decisions and actions may have changed."""
        self.refresh_data()

    @property
    def table(self) -> MeetingsTable:
        return self.query_one("#meetings-list", MeetingsTable)

    def make_source(self):
        from ..store.rows import SQLSource

        select, params, order = meetings.list_query(self.filter_text)

        def decorate(row: dict) -> None:
            row["date_text"] = short_day(row["date"])
            row["kind_text"] = kind_short(row["kind"])
            row["project"] = row["project"] or ""
            row["decision_count"] = format_number(row["decision_count"])
            actions = format_number(row["action_count"])
            row["action_text"] = with_note(actions, format_number(row["promise_count"])) if row["promise_count"] else actions

        return DecoratedRows(SQLSource(self.store.conn, select, params, order_by=order), decorate)

    def refresh_data(self) -> None:
        try:
            table = self.table
        except NoMatches:
            return
        table.set_source(self.make_source())
        if self.cursor_key is not None and table.cursor_key != self.cursor_key:
            table.move_to_key(self.cursor_key)
        self.total = table.row_count
        heading = " " + _("Meetings")
        if self.filter_text.strip():
            heading += " · " + _("filter “{text}”").format(text=one_line(self.filter_text, 30))
        self.query_one("#meetings-heading", Static).update(heading)
        count = ngettext("{n} meeting", "{n} meetings", self.total).format(n=format_number(self.total))
        self.query_one("#meetings-count", Static).update(count + " ")
        self.show_detail()

    def current(self) -> dict | None:
        key = self.table.cursor_key
        return meetings.get(self.store, key) if key else None

    def show_detail(self) -> None:
        row = self.current()
        self.query_one("#meetings-detail-text", Static).update(Hanging(self.detail_text(row)) if row else "")

    @on(ItemTable.CursorMoved, "#meetings-list")
    def _cursor_moved(self, event: ItemTable.CursorMoved) -> None:
        self.cursor_key = event.key
        self.show_detail()

    @on(ItemTable.Selected, "#meetings-list")
    def _selected(self, event: ItemTable.Selected) -> None:
        self.action_open()

    @on(Input.Changed, "#meetings-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self.filter_text:
            self.filter_text = event.value
            self.refresh_data()

    @on(Input.Submitted, "#meetings-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        """A priority key (letters typed ahead after it filter): in the filter, a `/`."""
        self.focus_at_once(self.query_one("#meetings-filter", Input))  # a priority key: see focus_at_once

    def action_clear(self) -> None:
        if self.filter_text:
            self.query_one("#meetings-filter", Input).value = ""
            self.filter_text = ""
            self.refresh_data()
        self.table.focus()

    def after_form(self, result) -> None:
        if isinstance(result, dict) and str(result.get("key", "")).startswith(f"{meetings.PREFIX}-"):
            self.cursor_key = result["key"]
        self.refresh_data()
        if self.cursor_key:
            self.table.move_to_key(self.cursor_key)

    def detail_text(self, row: dict) -> Text:
        store = self.store
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(one_line(row["title"], 200), style="bold")
        text.append("\n")
        text.append_text(facts_text(store, row))
        text.append("\n\n")
        decisions_text(text, store, row["key"])
        text.append("\n")
        actions_text(text, store, row["key"])
        if row["notes"].strip():
            text.append("\n" + _("Meeting notes") + "\n", style="bold")
            text.append(clean(row["notes"][:4000]).strip("\n"))
        text.append("\n\n" + _("Open it to take notes: {key}").format(key=self._key("item_table.select")), style="dim")
        return text

    def _key(self, binding_id: str) -> str:
        if binding_id == "item_table.select":
            for binding in type(self.table).BINDINGS:
                if isinstance(binding, Binding) and binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return binding_key(self, binding_id)

    # -- actions ---------------------------------------------------------------------------

    def form(self, row: dict | None, **defaults):
        from .meetings_forms import meeting_form

        return meeting_form(self.store, row, **defaults)

    def action_new(self) -> None:
        current = self.current()

        def created(row) -> None:
            self.after_form(row)
            if isinstance(row, dict) and row.get("key"):
                self.open_meeting(row["key"])

        self.app.push_screen(self.form(None, project=current["project"] if current else None), created)

    def action_open(self) -> None:
        """`enter` on a meeting: open it, to take notes."""
        row = self.current()
        if row is not None:
            self.open_meeting(row["key"])

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(self.form(row), self.after_form)

    def open_meeting(self, key: str) -> None:
        self.cursor_key = key
        self.app.push_screen(MeetingNotesScreen(key))

    def action_decision(self) -> None:
        row = self.current()
        if row is not None:
            record_decision(self, row, self.refresh_data)

    def action_action_item(self) -> None:
        row = self.current()
        if row is not None:
            record_action(self, row, self.refresh_data)

    def action_export(self) -> None:
        row = self.current()
        if row is not None:
            export_minutes(self.app, row)

    def palette_commands(self):
        return [
            command(N_("New meeting"), N_("Record a client meeting and take its notes"), self.action_new),
            command(N_("Meetings: record a decision"), N_("A decision of the current meeting"), self.action_decision),
            command(N_("Meetings: add an action item"), N_("A task, or a promise to the client"),
                    self.action_action_item),
            command(N_("Meetings: export the minutes"), N_("In the client's language, Markdown or HTML"),
                    self.action_export),
        ]


# -- shared by the list and the meeting ------------------------------------------------------------


def record_decision(screen, meeting: dict, then) -> None:
    from .meetings_forms import decision_form

    def done(row) -> None:
        if row:
            if row["links"]:
                message = _("Decision recorded in {key}; it shows in the history of {items}.").format(
                    key=row["meeting"], items=join_list(row["links"]))
            else:
                message = _("Decision recorded in {key}.").format(key=row["meeting"])
            screen.app.notify(message, markup=False, timeout=4)
        then()

    screen.app.push_screen(decision_form(screen.store, meeting), done)


def record_action(screen, meeting: dict, then) -> None:
    from .meetings_forms import action_form

    def done(row) -> None:
        if row:
            if row["commitment"]:
                message = _("Action item noted: it is commitment {key}, due {due}.").format(
                    key=row["commitment"], due=row["due"])
            else:
                message = _("Action item noted for {owner}, due {due}.").format(
                    owner=one_line(members.display_name(screen.store, row["owner"]), 30), due=row["due"])
            screen.app.notify(message, markup=False, timeout=4)
        then()

    screen.app.push_screen(action_form(screen.store, meeting), done)


def export_minutes(app, meeting: dict) -> None:
    """The minutes of `meeting`, in the client's language, through the export dialog: a
    name ending in .html writes the self-contained web page, any other Markdown."""
    from ..reports import minutes
    from ..widgets.export import ExportScreen

    key = meeting["key"]
    dialog = ExportScreen(minutes.minutes_filename(meeting, "md"), lambda: "",
                          title=N_("Export the minutes (in the client's language; a name ending in .html writes a web page)"),
                          done=N_("Wrote the minutes to {path}."))

    def make_text() -> str:
        target = dialog.target()
        fmt = "html" if target is not None and target.suffix.lower() in (".html", ".htm") else "md"
        return minutes.minutes(app.store, key, None, fmt)

    dialog.make_text = make_text
    app.push_screen(dialog)


# -- the meeting: notes typed live --------------------------------------------------------------------


NOTES_FIELD = [Field("notes", N_("Meeting notes"), "text")]


class ActionItems(OptionList):
    """The meeting's action items beside its notes, one option each (its id is the action
    item's id): `tab` from the notes picks one, the notes screen's keys mark it done or make
    it a promise. The highlight shows only while the list has focus."""

    def show_rows(self, rows: list[dict], names: dict[str, str]) -> None:
        """Redraw the items, keeping the highlight on the same item."""
        chosen = self.chosen_id
        self.set_options(Option(Hanging(action_line(row, number, names)), id=str(row["id"]))
                         for number, row in enumerate(rows, start=1))
        self.display = bool(rows)
        if rows:
            ids = [str(row["id"]) for row in rows]
            self.highlighted = ids.index(chosen) if chosen in ids else 0

    @property
    def chosen_id(self) -> str | None:
        """The id of the highlighted action item, if any."""
        if self.highlighted is None or not 0 <= self.highlighted < self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


class MeetingNotesScreen(HuddleScreen):
    """One meeting: its notes typed live, its decisions and action items beside them."""

    AREA = "meetings"
    HELP = N_(
        "Type the notes as the meeting goes: they are saved a moment after you stop typing and when you "
        "leave, and a local draft keeps every keystroke. If someone else changed the notes meanwhile, you "
        "choose which version to keep. Record decisions and action items with their keys while typing. "
        "Move to the action items to pick one: mark a team task done (the same key again undoes it), or turn it "
        "into a promise to the client, which becomes a commitment."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        # First, so the footer shows them first while an action item is picked (hidden otherwise):
        Binding("d", "toggle_done", N_("Done"), id="list.done"),
        Binding("K", "promise", N_("→ Promise"), id="meeting_notes.promise"),
        Binding(DECISION_KEY, "decision", N_("Record decision"), id="meeting_notes.decision", priority=True),
        Binding(ACTION_KEY, "action_item", N_("Action item"), id="meeting_notes.action", priority=True),
        Binding("ctrl+s", "save", N_("Save"), id="meeting_notes.save", priority=True),
        Binding("escape", "back", N_("Back"), id="meeting_notes.back"),
        # While an action item is picked (the list has focus; single keys type into the notes):
        Binding("j", "cursor('down')", N_("Down"), id="meeting_notes.down", show=False),
        Binding("k", "cursor('up')", N_("Up"), id="meeting_notes.up", show=False),
    ]
    ACTION_ITEM_ACTIONS = ("toggle_done", "promise", "cursor")
    """Actions that act on the picked action item: shown and bound only while the list has focus."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.base = ""
        """The notes as last saved (or loaded): what the text area is compared with."""
        self.version: int | None = None
        self.saving = False
        self.leaving = False
        self.restored = False
        self._timer: Timer | None = None
        self._initial = ""

    @property
    def draft_key(self) -> str:
        return f"meetings/{self.key}/notes"

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="mt-title", classes="area-title"):
            yield Static(id="mt-heading", markup=False)
            yield Static(id="mt-status", markup=False)
        yield Static(id="mt-facts", markup=False)
        with Horizontal(id="mt-body"):
            with Vertical(id="mt-notes-box"):
                yield Label(Text(_("Meeting notes")), classes="form-label", id="mt-notes-label")
                yield TextArea(self._initial, id="mt-notes", soft_wrap=True, tab_behavior="focus",
                               show_line_numbers=False, compact=True)
            with VerticalScroll(id="mt-side", can_focus=False):  # `tab` goes to the action items
                yield Static(id="mt-side-text", markup=False)
                yield ActionItems(id="mt-actions", compact=True)
                yield Static(id="mt-side-hint", markup=False)
        yield Static(id="mt-error", classes="form-error", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        row = meetings.get(self.store, self.key)
        if row is None:
            self.app.notify(_("No meeting {key}.").format(key=self.key), severity="error", markup=False)
            self.dismiss()
            return
        self.base, self.version = row["notes"], row["version"]
        text = row["notes"]
        draft = drafts.load(self.app.db_path, self.draft_key)
        if draft and draft["values"].get("notes", row["notes"]) != row["notes"]:
            # What was typed and not saved: back in the box, compared with what it was typed
            # over (so a change by someone else since is asked about, never overwritten).
            text = str(draft["values"]["notes"])
            self.base = str(draft["values"].get("base", row["notes"]))
            self.version = draft["values"].get("version", row["version"])
            self.restored = True
        area = self.notes
        area.text = text
        area.move_cursor(area.document.end)
        area.focus()
        self.show_meeting(row)
        if self.restored:
            self.set_status(_("Restored your unsaved notes"), "bold yellow")
            self.schedule_save()
        else:
            self.set_status(_("Saved"), "green")

    @property
    def notes(self) -> TextArea:
        return self.query_one("#mt-notes", TextArea)

    @property
    def dirty(self) -> bool:
        try:
            return self.notes.text != self.base
        except NoMatches:
            return False

    def show_meeting(self, row: dict | None = None) -> None:
        row = row or meetings.get(self.store, self.key)
        if row is None:
            return
        try:
            self.query_one("#mt-heading", Static).update(
                Text.assemble((f" {row['key']} ", "bold reverse"), " ", (one_line(row["title"], 200), "bold")))
            self.query_one("#mt-facts", Static).update(Hanging(facts_text(self.store, row)))
        except NoMatches:
            return
        text = Text()
        decisions_text(text, self.store, self.key, titles=False)
        text.append("\n")
        rows = meetings.actions(self.store, self.key)
        actions_heading(text, rows)
        text.rstrip()
        self.query_one("#mt-side-text", Static).update(Hanging(text))
        self.query_one("#mt-actions", ActionItems).show_rows(rows, members.names(self.store))
        hint = Text("\n" + _("{decision}: record a decision · {action}: add an action item").format(
            decision=binding_key(self, "meeting_notes.decision"), action=binding_key(self, "meeting_notes.action")),
            style="dim")
        if rows:
            hint.append("\n" + _("{pick}: pick an action item, then {done}: done (again: not done) · "
                                  "{promise}: a promise to the client").format(
                pick=self.app.get_key_display(Binding("tab", "")), done=binding_key(self, "list.done"),
                promise=binding_key(self, "meeting_notes.promise")), style="dim")
        self.query_one("#mt-side-hint", Static).update(hint)

    def set_status(self, message: str, style: str = "") -> None:
        try:
            self.query_one("#mt-status", Static).update(Text(message + " ", style=style))
        except NoMatches:
            pass

    def show_error(self, message: str) -> None:
        try:
            self.query_one("#mt-error", Static).update(message)
        except NoMatches:
            if message:
                self.app.notify(message, severity="error", markup=False)

    # -- typing and saving -------------------------------------------------------------------

    @on(TextArea.Changed, "#mt-notes")
    def _typed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text == self.base:
            drafts.discard(self.app.db_path, self.draft_key)
            if not self.saving:
                self.set_status(_("Saved"), "green")
            return
        problem = drafts.save(self.app.db_path, self.draft_key,
                              {"notes": text, "base": self.base, "version": self.version})
        if problem and not getattr(self, "_draft_problem", None):  # told once
            self._draft_problem = problem
            self.app.notify(problem, severity="warning", markup=False, timeout=10)
        if not self.saving and not self.restored:
            self.set_status(_("Not saved yet"), "yellow")
        self.schedule_save()

    def schedule_save(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self.save_now)

    def save_now(self) -> None:
        """Save the notes if they differ from what was saved (a save already running saves
        again when it ends, if there was more typing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.saving or not self.dirty:
            if not self.saving and self.leaving:
                self._leave()
            return
        self.saving = True
        self.set_status(_("Saving…"), "dim")
        self._save(self.notes.text, self.base, self.version)

    @work(group="meeting-notes-save", exit_on_error=False)
    async def _save(self, text: str, base: str, version: int | None) -> None:
        try:
            row = await self.app.db(meetings.save_notes, self.key, text, version=version, base=base)
        except ConflictError as conflict:
            self._conflict(conflict, text, base)
            return
        except StoreError as error:
            self.saving = False
            self.leaving = False
            self.show_error(str(error))
            self.set_status(_("Not saved"), "bold red")
            return
        self.saving = False
        self.base, self.version = text, row["version"]
        self.show_error("")
        if self.dirty:  # typed on while it saved
            self.schedule_save()
            self.set_status(_("Not saved yet"), "yellow")
            return
        drafts.discard(self.app.db_path, self.draft_key)
        self.restored = False
        self.set_status(_("Saved"), "green")
        if self.leaving:
            self._leave()

    def _conflict(self, conflict: ConflictError, mine: str, base: str) -> None:
        """Someone else saved other notes: keep theirs or mine (mine stay on screen until chosen)."""
        current = conflict.current or {}
        theirs, their_version = current.get("notes", ""), current.get("version")
        merge = three_way({"notes": base}, {"notes": mine}, {"notes": theirs}, ["notes"])
        if merge.clean:  # they typed the same as me
            self.saving = False
            self.base, self.version = theirs, their_version
            self.save_now()
            return

        def chosen(choices: dict | None) -> None:
            self.saving = False
            if choices is None:
                self.leaving = False
                self.show_error(sentences(str(conflict), _("Your notes are kept, not saved: save again to choose.")))
                self.set_status(_("Not saved"), "bold red")
                return
            value = str(merge.resolve(choices, {"notes": theirs})["notes"])
            self.base, self.version = theirs, their_version
            if value != self.notes.text:
                self.notes.text = value
            self.show_error("")
            self.save_now()

        self.app.push_screen(ConflictScreen(NOTES_FIELD, {"notes": mine}, {"notes": theirs}, str(conflict),
                                            merge=merge), chosen)

    # -- actions ---------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save_now()

    def action_back(self) -> None:
        self.leaving = True
        self.save_now()

    def _leave(self) -> None:
        self.leaving = False
        if self._timer is not None:
            self._timer.stop()
        if self.is_current:
            self.dismiss()

    def _meeting(self) -> dict | None:
        return meetings.get(self.store, self.key)

    # -- the picked action item: done, or a promise to the client ------------------------------

    @property
    def action_items(self) -> ActionItems:
        return self.query_one("#mt-actions", ActionItems)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The action-item keys act (and show) only while an action item is picked."""
        if action in self.ACTION_ITEM_ACTIONS:
            try:
                return True if self.action_items.has_focus else None
            except NoMatches:
                return None
        return True

    def picked(self) -> dict | None:
        """The action item the list's highlight is on (read now, so its version is current)."""
        chosen = self.action_items.chosen_id
        return meetings.get_action(self.store, int(chosen)) if chosen else None

    def action_cursor(self, where: str) -> None:
        items = self.action_items
        items.action_cursor_down() if where == "down" else items.action_cursor_up()

    def action_toggle_done(self) -> None:
        row = self.picked()
        if row is None:
            return
        if row["commitment"]:
            self.app.notify(_("Action item {number} “{text}” is commitment {key}: mark it kept in Commitments "
                              "({area}).").format(**self._item_words(row), key=row["commitment"],
                                                  area=binding_key(self, "area.commitments")),
                            severity="warning", markup=False, timeout=6)
            return
        self._set_done(row["id"], not row["done_at"], row["version"])

    @work(group="store", exit_on_error=False)
    async def _set_done(self, action_id: int, done: bool, version: int) -> None:
        try:
            row = await self.app.db(meetings.set_done, action_id, done, version=version)
        except StoreError as error:
            self.app.notify(str(error), severity="error", markup=False, timeout=6)
            self.show_meeting()
            return
        self.show_meeting()
        again = binding_key(self, "list.done")
        if row["done_at"]:
            message = _("Done: action item {number} “{text}”. {key} again: not done.").format(
                **self._item_words(row), key=again)
        else:
            message = _("Not done after all: action item {number} “{text}”.").format(**self._item_words(row))
        self.app.notify(message, markup=False, timeout=4)

    def _item_words(self, row: dict) -> dict:
        """How a notice names an action item: its number in this meeting and its text."""
        number = next((n for n, r in enumerate(meetings.actions(self.store, self.key), start=1)
                       if r["id"] == row["id"]), 0)
        return {"number": number, "text": one_line(row["text"], 40)}

    def action_promise(self) -> None:
        from .meetings_forms import promise_form

        row, meeting = self.picked(), self._meeting()
        if row is None or meeting is None:
            return
        if row["commitment"]:
            self.app.notify(_("Action item {number} “{text}” is commitment {key} already.").format(
                **self._item_words(row), key=row["commitment"]), severity="warning", markup=False, timeout=6)
            return
        if task_done(row):
            self.app.notify(_("Action item {number} “{text}” is done: there is nothing left to promise.").format(
                **self._item_words(row)), severity="warning", markup=False, timeout=6)
            return

        def promised(saved) -> None:
            self.show_meeting()
            if saved:
                self.app.notify(_("Action item {number} “{text}” is now commitment {key}, due {due}: it shows in "
                                  "Commitments ({area}).").format(
                    **self._item_words(saved), key=saved["commitment"], due=saved["commitment_due"] or saved["due"],
                    area=binding_key(self, "area.commitments")), markup=False, timeout=6)
            self.action_items.focus()

        self.app.push_screen(promise_form(self.store, meeting, row), promised)

    def action_decision(self) -> None:
        row = self._meeting()
        if row is not None:
            record_decision(self, row, self.show_meeting)

    def action_action_item(self) -> None:
        row = self._meeting()
        if row is not None:
            record_action(self, row, self.show_meeting)

    def refresh_data(self) -> None:
        """Someone committed: decisions, actions and facts reload; the notes too, unless
        someone is typing here (typed text is never replaced; a save asks)."""
        row = meetings.get(self.store, self.key)
        if row is None:
            return
        if not self.saving and not self.dirty and row["notes"] != self.base:
            self.base, self.version = row["notes"], row["version"]
            area = self.notes
            cursor = area.cursor_location
            area.text = row["notes"]
            try:
                area.move_cursor(cursor)
            except Exception:  # noqa: BLE001 - the text got shorter
                area.move_cursor(area.document.end)
        elif not self.dirty and not self.saving:
            self.version = row["version"]
        self.show_meeting(row)

    async def on_language_changed(self) -> None:
        text = self.notes.text
        cursor = self.notes.cursor_location
        self._initial = text
        await self.recompose()
        area = self.notes
        area.text = text
        area.move_cursor(cursor)
        area.focus()
        self.show_meeting()
        self.set_status(_("Saved") if not self.dirty else _("Not saved yet"), "green" if not self.dirty else "yellow")

    def palette_commands(self):
        return [
            command(N_("Meetings: record a decision"), N_("A decision of this meeting"), self.action_decision),
            command(N_("Meetings: add an action item"), N_("A task, or a promise to the client"),
                    self.action_action_item),
            command(N_("Meetings: export the minutes"), N_("In the client's language, Markdown or HTML"),
                    lambda: self._export()),
        ]

    def _export(self) -> None:
        row = self._meeting()
        if row is not None:
            export_minutes(self.app, row)
