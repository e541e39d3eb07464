"""The list-area kit: one screen for every area that is a list of keyed items with a workflow.

An area (Changes, Requirements, Feedback, Commitments) is a *declaration*: a subclass of
`ListAreaScreen` whose class body says what is its own — the store (`AREA_STORE`, an
`AreaStore`), the columns, the statuses' tones, the workflow moves with their verbs
(`Move`), the other keys (`Key`), the quick filters, the palette commands, and a few
methods for the detail pane's sections and the area's forms. This class reads the
declaration and does the rest the same way in every area:

* **filter as you type** (`/`): each keystroke reads only the first `TYPING_BOUND` matches
  (the row source counts the rest once typing pauses), and the detail pane follows the
  cursor only once typing pauses (`DETAIL_AFTER`), as a finder's preview does;
* **the virtual list** (`ItemTable` over the one row source, `tui/store/rows.py`);
* **marks and bulk moves**: space marks; a move acts on the marked items (each in its own
  transaction, on the store thread) and one report says what moved and what was refused,
  in one format everywhere ("3 moved, 1 refused: CR-7 is done (final)"); refused items
  stay marked, to retry;
* **one key vocabulary** (`tui/screens/keys.py`): bindings are built from the declaration,
  a verb has its one key and id everywhere, and every key shown in a sentence (hints,
  help, placeholders, the palette) is the key bound now, after the user's keymap;
* **"Next:" hints** from the moves the workflow allows now, for this user and this item
  (never a move the store would refuse);
* **undo** (`u`), the **history** section, quick filters (`f`), `escape` (the filter
  first, then the marks).

Store writes run on the app's store thread (`HuddleApp.db`) inside workers, so a move that
waits for someone else's write never freezes the screen. State lives in attributes
(`flt`, `cursor_key`, `marked`), so a language switch or someone else's commit puts the
user back where they were.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Button, Input, Static

from ..commands import PaletteCommand
from ..i18n import N_, _, format_relative, get_language, join_list, labelled, ngettext, sentences
from ..store import activity, batch, bilingual, members, permissions, workflow
from ..store import undo as undoing
from ..store.area import AreaStore
from ..store.errors import PermissionDenied, StoreError, WorkflowError
from ..store.rows import SQLSource
from ..text import clean, one_line
from ..widgets.footer import HuddleFooter
from ..widgets.form import ConfirmScreen, Field, FormScreen
from ..widgets.header import HuddleHeader
from ..widgets.item_table import Column, ItemTable
from . import keys as vocabulary
from .base import HuddleModal, HuddleScreen
from .style import PRIORITY_TONES, themed

if TYPE_CHECKING:
    from textual.timer import Timer


# -- the declaration's parts -----------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A workflow move, bound to one key.

    `verb` is a verb of the vocabulary (`approve`, `reject`, …: its key and binding id are
    the vocabulary's) or a move only this area has (then `key` says which key, one that
    means nothing else anywhere). `target` is the status it moves to, or {from: to} for a
    verb whose target depends on where the item is (`back`). `ask` is "reason" (a dialog
    asks why: `reason` labels the field), "confirm", or the name of a screen method
    `ask_<name>(keys, move)` that opens the area's own dialog. `ready(row)` is a condition
    the store checks beyond the workflow table (approving needs an assessment), so that
    the hints never offer what the store would refuse.
    """

    verb: str
    label: str
    target: str | Mapping[str, str]
    key: str | None = None
    show: bool = True
    ask: str | None = None
    reason: str = N_("Reason")
    placeholder: str = ""
    ready: Callable[[dict], bool] | None = None

    def target_for(self, status: str) -> str | None:
        if isinstance(self.target, str):
            return self.target
        return self.target.get(status)

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.target,) if isinstance(self.target, str) else tuple(dict.fromkeys(self.target.values()))


@dataclass(frozen=True)
class Key:
    """A key that is not a workflow move: `action` is the screen's action (a method
    `action_<name>`, or a call like `set_view('decision')`)."""

    verb: str
    action: str
    label: str
    key: str | None = None
    show: bool = False
    key_display: str | None = None


@dataclass(frozen=True)
class Command:
    """A palette command: `action` as for `Key`; `verb` is the key its help names."""

    title: str
    help: str
    action: str
    verb: str | None = None


@dataclass(frozen=True)
class ListFilter:
    """What the list shows: a quick filter (`view`) and the typed filter (`text`)."""

    view: str = "all"
    text: str = ""


COMMON_KEYS = (
    Key("new", "new", N_("New"), show=True),
    Key("edit", "edit", N_("Edit")),
    Key("filter", "filter", N_("Filter"), show=True),
    Key("views", "next_view", N_("Quick filter")),
    Key("undo", "undo", N_("Undo"), show=True),
    Key("clear", "clear", N_("Clear")),
)


# -- the list ------------------------------------------------------------------------


class AreaTable(ItemTable):
    """The area's list: statuses and priorities in the theme's colours, closed items dim."""

    PAGE_SIZE = 60
    """Rows per page: a screenful or two, so a filter keystroke formats only what it shows."""

    def __init__(self, screen: ListAreaScreen, columns: list[Column], **kwargs) -> None:
        super().__init__(columns, **kwargs)
        self.area_screen = screen

    def cell_style(self, row: dict[str, Any], column: Column) -> Style | None:
        return self.area_screen.cell_style(row, column.key)

    def row_style(self, row: dict[str, Any]) -> Style | None:
        return self.area_screen.row_style(row)


# -- the screen ----------------------------------------------------------------------------


class ListAreaScreen(HuddleScreen):
    """A list with a filter line and a detail pane, moved along a workflow by single keys."""

    # The declaration (see the module docstring).
    AREA_STORE: ClassVar[AreaStore]
    TITLE: ClassVar[str] = ""
    """msgid of the heading."""
    COLUMNS: ClassVar[tuple[tuple[str, str, int | None], ...]] = ()
    """(row key, msgid of the title, width or None to share the rest)."""
    MOVES: ClassVar[tuple[Move, ...]] = ()
    KEYS: ClassVar[tuple[Key, ...]] = ()
    COMMON_SHOWN: ClassVar[tuple[str, ...]] = ("new", "filter", "undo")
    """Which of the keys every area has show in the footer."""
    VIEWS: ClassVar[tuple[str, ...]] = ("all",)
    """Quick filters `f` cycles through (then one per status); the first is the default."""
    STATUS_TONES: ClassVar[Mapping[str, str]] = {}
    SEARCHES: ClassVar[str] = ""
    """msgid: what the filter looks in ("title, key, requester")."""
    EMPTY: ClassVar[str] = N_("Nothing here. Press {new} to add one, {views} to change the filter.")
    HELP_TEXT: ClassVar[str] = ""
    """msgid of the help's paragraph; `{verb}` is the key bound to that verb now."""
    PALETTE: ClassVar[tuple[Command, ...]] = ()
    FIELD_LABELS: ClassVar[Mapping[str, str]] = {}
    """msgids of the fields, for the history's edit lines."""
    LONG_FIELDS: ClassVar[tuple[str, ...]] = ()
    """Fields whose edits the history names without their text."""
    SHOWN_STAMPS: ClassVar[tuple[str, ...]] = ()
    """A move's stamps the history shows as a line of their own (the new due date)."""
    PRIORITY_SETTER: ClassVar[Callable[..., dict] | None] = None
    """`set_priority(store, key, priority)` if the area's items have a priority."""
    TYPING_BOUND: ClassVar[int] = 120
    """A filter keystroke reads this many matches; the rest are counted once typing pauses."""
    DETAIL_AFTER: ClassVar[float] = 0.12
    """Seconds without typing before the detail pane follows the cursor."""

    def __init_subclass__(cls, **kwargs) -> None:
        # The bindings come from the declaration; Textual merges them right after this.
        if "AREA" in cls.__dict__:
            cls.BINDINGS = cls.build_bindings()
        super().__init_subclass__(**kwargs)

    @classmethod
    def build_bindings(cls) -> list[BindingType]:
        bindings: list[BindingType] = []
        for move in cls.MOVES:
            bindings.append(cls._binding(move.verb, move.key, f"move('{move.verb}')", move.label, move.show))
        for item in cls.KEYS:
            bindings.append(cls._binding(item.verb, item.key, item.action, item.label, item.show, item.key_display))
        common = list(COMMON_KEYS)
        if cls.AREA_STORE.OWNER:
            common.append(Key("assign", "assign_me", N_("Assign to me")))
        if cls.PRIORITY_SETTER is not None:
            common.append(Key("priority", "priority", N_("Priority")))
        for item in common:
            bindings.append(cls._binding(item.verb, None, item.action, item.label, item.verb in cls.COMMON_SHOWN))
        return bindings

    @classmethod
    def _binding(cls, verb: str, key: str | None, action: str, label: str, show: bool,
                 key_display: str | None = None) -> Binding:
        if verb in vocabulary.VERBS:
            spec = vocabulary.VERBS[verb]
            key, key_display = spec.key, spec.key_display
        if key is None:
            raise ValueError(f"{cls.__name__}: {verb} is not a verb of the vocabulary and has no key")
        # The filter key is a priority key: focus moves to the filter as the key comes in,
        # so letters typed ahead after it (one burst over SSH) filter, never act on the list.
        return Binding(key, action, label, show=show, key_display=key_display, id=vocabulary.binding_id(cls.AREA, verb),
                       priority=verb == "filter")

    def __init__(self) -> None:
        super().__init__()
        self.flt = ListFilter(view=self.VIEWS[0])
        self.cursor_key: str | None = None
        self.marked: set[str] = set()
        self.total = 0
        self._detail_shown: tuple | None = None
        self._detail_timer: Timer | None = None

    # -- keys shown in words -------------------------------------------------------------

    def key(self, verb: str) -> str:
        """The key bound to `verb` in this area now (after the user's keymap)."""
        return vocabulary.key_of(self, vocabulary.binding_id(self.AREA, verb))

    def keys(self) -> dict[str, str]:
        """Every verb of this area → its key, for `{verb}` placeholders."""
        verbs = [m.verb for m in self.MOVES] + [k.verb for k in self.KEYS] + [k.verb for k in COMMON_KEYS]
        verbs += ["assign", "priority", "mark"]
        found = {verb: self.key(verb) for verb in verbs}
        found["mark"] = vocabulary.key_of(self.table, "item_table.mark") if self.is_mounted else "space"
        return found

    @property
    def HELP(self) -> str:  # type: ignore[override]  # read by the help screen like a class attribute
        return _(self.HELP_TEXT).format(**self.keys()) if self.HELP_TEXT else ""

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        area = self.AREA
        yield HuddleHeader(area)
        with Horizontal(id=f"{area}-title", classes="area-title"):
            yield Static(id=f"{area}-heading", markup=False)
            yield Static(id=f"{area}-count", classes="area-count", markup=False)
        yield from self.compose_top()
        yield Input(self.flt.text, id=f"{area}-filter", classes="area-filter",
                    placeholder=self.placeholder(), compact=True)
        with Vertical(id=f"{area}-body", classes="area-body"):
            table = AreaTable(self, self.columns(), id=f"{area}-list", classes="area-list")
            table.marked = set(self.marked)
            yield table
            with VerticalScroll(id=f"{area}-detail", classes="detail area-detail"):
                yield Static(id=f"{area}-detail-text", markup=False)
        yield HuddleFooter()

    def compose_top(self) -> ComposeResult:
        """What sits above the list (a chart, rates). Override."""
        yield from ()

    def columns(self) -> list[Column]:
        return [Column(name, _(label), width) for name, label, width in self.COLUMNS]

    def placeholder(self) -> str:
        return _("{key} filter: {fields}").format(key=vocabulary.key_of(self, vocabulary.VERBS["filter"].id),
                                                   fields=_(self.SEARCHES))

    def on_mount(self) -> None:
        self.table.focus()
        self.table.empty_text = self.empty_text()
        self.refresh_data()

    def after_recompose(self) -> None:
        self._detail_shown = None
        self.table.focus()
        self.table.empty_text = self.empty_text()
        self.refresh_data()

    @property
    def table(self) -> AreaTable:
        return self.query_one(AreaTable)

    @property
    def filter_text(self) -> str:
        return self.flt.text

    # -- data ------------------------------------------------------------------------------

    def list_query(self):
        """The list as a `rows.Query` (an area with more filters overrides this)."""
        return self.AREA_STORE.list_query(self.store, view=self.flt.view, text=self.flt.text)

    def decorate(self, row: dict[str, Any]) -> None:
        """Add the display columns to a fetched row (in the active language). Override and
        call this."""
        row["status_label"] = workflow.label(row["status"])
        language = get_language()
        for field in bilingual.TRANSLATED.get(self.AREA_STORE.TABLE, ()):
            # Items may carry their text in both languages: the list shows the
            # interface's, else the other (`<field>_shown`; the row itself stays as stored).
            row[f"{field}_shown"] = bilingual.pick(row, field, language)

    def localized(self, row: dict[str, Any]) -> dict[str, Any]:
        """A copy of `row` whose bilingual texts are in the interface language where the item
        has them, for showing (never for saving)."""
        fields = bilingual.TRANSLATED.get(self.AREA_STORE.TABLE, ())
        if not fields:
            return row
        language = get_language()
        return {**row, **{field: bilingual.pick(row, field, language) for field in fields}}

    def make_source(self, bound: int | None = None) -> SQLSource:
        self.names = members.names(self.store)
        return SQLSource(self.store.conn, self.list_query(), bound=bound, cursor_key=self.cursor_key,
                         decorate=self.decorate)

    def refresh_data(self, typing: bool = False) -> None:
        """Reload with the same filter, keeping the cursor on its item.

        While `typing` a filter, only the first `TYPING_BOUND` matches are read, so each
        keystroke redraws at once at any size; the full count follows when typing pauses,
        and so does the detail pane."""
        try:
            table = self.table
        except NoMatches:  # not composed (yet, or any more)
            return
        source = self.make_source(self.TYPING_BOUND if typing else None)
        table.set_source(source)
        if source.exact and self.cursor_key is not None and table.cursor_key != self.cursor_key:
            table.move_to_key(self.cursor_key)
        self.total = table.row_count
        if not typing:
            self.refresh_top()
        self.update_heading()
        if typing:
            self.show_detail_soon()
        else:
            self.show_detail()

    def refresh_top(self) -> None:
        """Reload what is above the list. Override."""

    def empty_text(self) -> str:
        return _(self.EMPTY).format(**self.keys())

    @on(ItemTable.Counted)
    def _counted(self, event: ItemTable.Counted) -> None:
        """Typing paused and every match is counted: the heading says how many."""
        self.total = self.table.row_count
        self.update_heading()

    def heading(self) -> str:
        parts = [_(self.TITLE)]
        if self.flt.view != "all" or self.VIEWS[0] != "all":  # the default "all" goes without saying
            parts.append(self.AREA_STORE.view_label(self.flt.view))
        return " · ".join(parts)

    def count_text(self, n: int) -> str:
        """ "12 requests" (override with the area's noun)."""
        return ngettext("{n} item", "{n} items", n)

    def update_heading(self) -> None:
        heading = f" {self.heading()}"
        if self.flt.text.strip():
            heading += " · " + _("filter “{text}”").format(text=one_line(self.flt.text, 30))
        self.query_one(f"#{self.AREA}-heading", Static).update(heading, layout=False)
        table = self.table
        from ..i18n import format_number

        shown = format_number(self.total) + ("" if table.exact else "+")
        count = self.count_text(self.total).format(n=shown)
        if table.marked:
            count = _("{n} marked").format(n=len(table.marked)) + " · " + count
        self.query_one(f"#{self.AREA}-count", Static).update(count + " ", layout=False)

    def current(self) -> dict | None:
        key = self.table.cursor_key
        return self.AREA_STORE.get(self.store, key) if key else None

    # -- styles ------------------------------------------------------------------------------

    def status_style(self, status: str) -> Style:
        return themed(self.app, self.STATUS_TONES.get(status))

    def cell_style(self, row: dict[str, Any], column: str) -> Style | None:
        if column == "status_label":
            return self.status_style(row["status"])
        if column == "priority":
            return themed(self.app, PRIORITY_TONES.get(row.get("priority") or ""))
        if row.get("_flag_" + column):
            return themed(self.app, "urgent")
        return None

    def row_style(self, row: dict[str, Any]) -> Style | None:
        return themed(self.app, "muted") if workflow.is_final(self.AREA_STORE.KIND, row["status"]) else None

    # -- the detail pane -------------------------------------------------------------------

    def show_detail_soon(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(self.DETAIL_AFTER, self.show_detail)

    def show_detail(self, force: bool = False) -> None:
        """Show the cursor's item; skipped when it is the same item, unchanged (a filter
        keystroke that keeps the cursor where it was redraws only the list)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        try:
            detail = self.query_one(f"#{self.AREA}-detail-text", Static)
        except NoMatches:  # not composed
            return
        row = self.current()
        shown = None if row is None else (row["key"], row["version"], activity.latest_id(self.store), self.app.theme)
        if shown == self._detail_shown and not force:
            return
        self._detail_shown = shown
        detail.update("" if row is None else self.detail_text(row))

    def detail_text(self, row: dict) -> Text:
        """The area's head, the moves allowed now, the area's sections, the history."""
        self.names = members.names(self.store)
        row = self.localized(row)
        text = self.detail_head(row)
        hint = self.next_hint(row)
        if hint:
            text.append("\n")
            text.append(hint, style=themed(self.app, "muted"))
        self.detail_body(text, row)
        self.history_text(text, row)
        text.rstrip()
        return text

    def detail_head(self, row: dict) -> Text:
        """Key, title and the facts on one or two lines. Override."""
        return Text(row["key"], style="bold")

    def detail_body(self, text: Text, row: dict) -> None:
        """The area's sections (append to `text`). Override."""

    def section(self, text: Text, title: str, body: str | None) -> None:
        """A titled section of user text ("—" when empty)."""
        text.append(f"\n\n{title}\n", style="bold")
        filled = bool((body or "").strip())
        text.append(clean(body) if filled else "—", style="" if filled else themed(self.app, "muted"))

    def member_name(self, login: str | None) -> str:
        names = getattr(self, "names", None) or members.names(self.store)
        return one_line(names.get(login, login), 40) if login else "—"

    # -- "Next:" --------------------------------------------------------------------------

    def allowed_moves(self, row: dict) -> list[tuple[Move, str]]:
        """The moves the store would accept now for this item and this user."""
        kind, status = self.AREA_STORE.KIND, row["status"]
        allowed = workflow.allowed(kind, status)
        result = []
        for move in self.MOVES:
            target = move.target_for(status)
            if target is None or target not in allowed:
                continue
            if move.ready is not None and not move.ready(row):
                continue
            action = permissions.MOVES.get((kind, target))
            if action is not None and not permissions.allowed(self.store, action):
                continue
            result.append((move, target))
        return result

    def next_hint(self, row: dict) -> str:
        """`Next: a Approve · x Reject`: the moves allowed now, with their keys."""
        moves = [f"{self.key(move.verb)} {_(move.label)}" for move, _target in self.allowed_moves(row)]
        return _("Next: {moves}").format(moves=" · ".join(moves)) if moves else ""

    # -- the history --------------------------------------------------------------------------

    def history_text(self, text: Text, row: dict) -> None:
        now = self.store.now()
        text.append("\n\n" + _("History") + "\n", style="bold")
        for entry in activity.for_key(self.store, row["key"], 30):
            derived = undoing.is_derived(entry)
            if derived and entry["field"] not in self.SHOWN_STAMPS:
                continue
            line = self.history_line(entry)
            if line is None:
                continue
            text.append(format_relative(entry["at"], now) + "  ", style=themed(self.app, "muted"))
            text.append(one_line(entry["actor_name"], 30) + "  ", style="bold")
            text.append(line)
            if entry["note"] and not derived and not undoing.is_undo(entry):
                text.append(" — " + one_line(entry["note"], 300), style=themed(self.app, "note"))
            text.append("\n")

    def history_line(self, entry: dict) -> str | None:
        action, field_name = entry["action"], entry["field"] or ""
        if action == "create":
            return _("created")
        if undoing.is_undo(entry):
            return _("undid a move: {old} → {new}").format(old=workflow.label(entry["old"] or ""),
                                                           new=workflow.label(entry["new"] or ""))
        if action == "link":
            return _("made from {key}").format(key=one_line(entry["new"], 40))
        if action == "reopen":
            return _("re-opened it (decided before by {who})").format(who=self.member_name(entry["old"]))
        if action == "move":
            return f"{workflow.label(entry['old'] or '')} → {workflow.label(entry['new'] or '')}"
        label = _(self.FIELD_LABELS[field_name]) if field_name in self.FIELD_LABELS else field_name
        if field_name in self.LONG_FIELDS:
            return _("edited {field}").format(field=label)
        return f"{label}: {self.history_value(field_name, entry['old'])} → {self.history_value(field_name, entry['new'])}"

    def history_value(self, field_name: str, raw: str | None) -> str:
        if raw is None or raw == "":
            return "—"
        if field_name in ("owner", "assignee"):
            return self.member_name(raw)
        return one_line(raw, 40)

    # -- events ----------------------------------------------------------------------------------

    @on(ItemTable.CursorMoved)
    def _cursor_moved(self, event: ItemTable.CursorMoved) -> None:
        self.cursor_key = event.key
        if isinstance(self.focused, Input):  # the cursor moved because a filter is typed
            self.show_detail_soon()
        else:
            self.show_detail()

    @on(ItemTable.MarksChanged)
    def _marks_changed(self, event: ItemTable.MarksChanged) -> None:
        self.marked = set(self.table.marked)
        self.update_heading()

    @on(ItemTable.Selected)
    def _selected(self, event: ItemTable.Selected) -> None:
        self.action_edit()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.input.id != f"{self.AREA}-filter":
            return
        if event.value.split() == self.flt.text.split():
            self.flt = ListFilter(view=self.flt.view, text=event.value)  # the same words
            self.update_heading()
            return
        self.set_filter(text=event.value, typing=True)

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == f"{self.AREA}-filter":
            self.table.focus()

    def set_filter(self, *, view: str | None = None, text: str | None = None, typing: bool = False) -> None:
        self.flt = ListFilter(view=self.flt.view if view is None else view,
                              text=self.flt.text if text is None else text)
        self.refresh_data(typing=typing)

    def set_view(self, view: str) -> None:
        self.set_filter(view=view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Single keys do not fire while the filter has focus (it takes the letters anyway;
        this also keeps them out of the footer meanwhile)."""
        return action in ("clear", "filter") or not isinstance(self.focused, Input)

    # -- filters -----------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.focus_at_once(self.query_one(f"#{self.AREA}-filter", Input))  # a priority key: see focus_at_once

    def action_clear(self) -> None:
        """`escape`: the filter first, then the marks (marks outlive the filter)."""
        if self.flt.text:
            self.query_one(f"#{self.AREA}-filter", Input).value = ""
            self.set_filter(text="")
        elif self.table.marked:
            self.table.clear_marks()
            self.marked = set()
            self.update_heading()
        self.table.focus()

    def view_cycle(self) -> tuple[str, ...]:
        return (*self.VIEWS, *workflow.statuses(self.AREA_STORE.KIND))

    def action_next_view(self) -> None:
        views = self.view_cycle()
        index = views.index(self.flt.view) if self.flt.view in views else -1
        self.set_filter(view=views[(index + 1) % len(views)])

    # -- targets -------------------------------------------------------------------------------

    def targets(self) -> list[str]:
        """The marked items, in number order, or the current one."""
        if self.table.marked:
            return sorted(self.table.marked, key=lambda key: int(key.rsplit("-", 1)[-1]))
        key = self.table.cursor_key
        return [key] if key else []

    def subtitle(self, keys: list[str]) -> str:
        if len(keys) == 1:
            row = self.AREA_STORE.get(self.store, keys[0])
            return f"{keys[0]} {one_line(self.item_title(row), 70)}" if row else keys[0]
        return ngettext("{n} marked item", "{n} marked items", len(keys)).format(n=len(keys))

    def item_title(self, row: dict) -> str:
        return row.get("title") or ""

    def shown_version(self, row: dict) -> int:
        """The version of `row` the list showed (a single move is checked against it)."""
        data = self.table.cursor_row_data
        return data["version"] if data and data["key"] == row["key"] and "version" in data else row["version"]

    # -- moves -----------------------------------------------------------------------------------

    def move_named(self, verb: str) -> Move:
        return next(move for move in self.MOVES if move.verb == verb)

    def action_move(self, verb: str) -> None:
        move = self.move_named(verb)
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            row = self.AREA_STORE.get(self.store, keys[0])
            if row is None:
                return
            target = move.target_for(row["status"])
            allowed = workflow.allowed(self.AREA_STORE.KIND, row["status"])
            try:
                if target is None or target not in allowed:
                    # Said with the keys that do move it from here (the store's words name
                    # the statuses to type, for the command line).
                    raise WorkflowError(self.not_from_here(row, move), allowed)
                permissions.require_move(self.store, self.AREA_STORE.KIND, target)
            except StoreError as error:
                self.app.show_error(StoreError(labelled(row["key"], str(error))))
                return
        else:
            row = None
        if move.ask == "reason":
            self.ask_reason(keys, move)
        elif move.ask == "confirm":
            self.ask_confirm(keys, move)
        elif move.ask:
            getattr(self, f"ask_{move.ask}")(keys, move)
        elif row is not None:
            self.move_one(row, move, {})
        else:
            self.bulk(keys, move_by_verb, self.AREA_STORE, move, {})

    def not_from_here(self, row: dict, move: Move) -> str:
        """Why `move` cannot be made now, and the keys that do move the item from here."""
        if not workflow.allowed(self.AREA_STORE.KIND, row["status"]):
            return _("Cannot move from {current}: it is final.").format(current=workflow.label(row["status"]))
        allowed = [f"{self.key(m.verb)} {_(m.label)}" for m, _target in self.allowed_moves(row)]
        message = _("{move} is not a move from {status}.").format(move=_(move.label), status=workflow.label(row["status"]))
        if allowed:
            message = sentences(message, _("Next: {moves}").format(moves=" · ".join(allowed)))
        return message

    def move_one(self, row: dict, move: Move, extra: dict) -> None:
        """Move the cursor's item on the store thread (the screen stays live meanwhile)."""
        self._move_one(row, move, extra, self.shown_version(row))

    @work(group="store", exit_on_error=False)
    async def _move_one(self, row: dict, move: Move, extra: dict, expected: int) -> None:
        try:
            result = await self.app.db(move_by_verb, row["key"], self.AREA_STORE, move, extra, expected)
        except StoreError as error:  # conflict, workflow, permission, busy file
            self.app.show_error(error)
            self.refresh_data()
            return
        self.moved(row, result)

    def moved(self, row: dict, result: dict | None) -> None:
        if result is not None:
            self.app.notify(
                _("{key}: {old} → {new}").format(key=row["key"], old=workflow.label(row["status"]),
                                                 new=workflow.label(result["status"])),
                markup=False, timeout=3,
            )
        self.refresh_data()

    def ask_reason(self, keys: list[str], move: Move) -> None:
        """A move that needs the reason (a final no): one dialog for one item or many."""
        area, subtitle = self.AREA_STORE, self.subtitle(keys)
        title = _("{move}: {key}").format(move=_(move.label), key=keys[0]) if len(keys) == 1 else _(move.label)
        if len(keys) == 1:
            row = area.get(self.store, keys[0])
            expected = self.shown_version(row) if row else None

            def apply_one(store, note: str) -> dict:
                return move_by_verb(store, keys[0], area, move, {"note": note}, expected)

            self.app.push_screen(reason_form(title, subtitle, apply_one, move),
                                 lambda result: self.moved(row, result) if row else None)
            return

        def apply_all(store, note: str):
            return batch.each(store, keys, move_by_verb, area, move, {"note": note})

        self.app.push_screen(reason_form(title, subtitle, apply_all, move), self.report)

    def ask_confirm(self, keys: list[str], move: Move) -> None:
        question = _("{move}: {keys}?").format(
            move=_(move.label), keys=join_list(keys[:6]) + (" …" if len(keys) > 6 else ""))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if len(keys) == 1:
                row = self.AREA_STORE.get(self.store, keys[0])
                if row is not None:
                    self.move_one(row, move, {})
            else:
                self.bulk(keys, move_by_verb, self.AREA_STORE, move, {})

        self.app.push_screen(ConfirmScreen(question), answered)

    # -- bulk and the report ---------------------------------------------------------------------

    def bulk(self, keys: list[str], fn, *args, verb: str = "moved", **kwargs) -> None:
        """`fn(store, key, *args, **kwargs)` for each key on the store thread, each in its
        own transaction; then one report of what was done and what was refused."""
        self._bulk(keys, fn, args, kwargs, verb)

    @work(group="store", exit_on_error=False)
    async def _bulk(self, keys: list[str], fn, args: tuple, kwargs: dict, verb: str) -> None:
        try:
            outcome = await self.app.db(batch.each, keys, fn, *args, **kwargs)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self.report(outcome, verb)

    def report(self, outcome, verb: str = "moved") -> None:
        """One format for every area: "3 moved, 1 refused: CR-7 is done (final)". The items
        done are unmarked; the refused stay marked, to retry."""
        if outcome is None:  # a dialog was cancelled
            self.refresh_data()
            return
        done, refused = outcome
        self.table.marked.difference_update(row["key"] for row in done)
        self.marked = set(self.table.marked)
        if verb == "moved":
            message = ngettext("{n} moved", "{n} moved", len(done)).format(n=len(done))
        else:
            message = ngettext("{n} changed", "{n} changed", len(done)).format(n=len(done))
        if refused:
            reasons = [self.refusal(key, error) for key, error in refused]
            message = _("{done}, {refused}").format(
                done=message, refused=ngettext("{n} refused", "{n} refused", len(refused)).format(n=len(refused)))
            message = labelled(message, join_list(reasons[:4]) + (" …" if len(reasons) > 4 else ""))
        self.app.notify(message, markup=False, severity="warning" if refused else "information",
                        timeout=8 if refused else 4)
        self.table.refresh()
        self.refresh_data()

    def refusal(self, key: str, error: StoreError) -> str:
        """A short reason: "CR-7 is done (final)"."""
        row = self.AREA_STORE.get(self.store, key)
        if isinstance(error, PermissionDenied):
            return _("{key}: only a lead may do this").format(key=key)
        if row is not None and isinstance(error, WorkflowError) and not error.allowed:
            return _("{key} is {status} (final)").format(key=key, status=workflow.label(row["status"]))
        return labelled(key, one_line(str(error), 120))

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

    # -- keys every area has ---------------------------------------------------------------------

    def action_assign_me(self) -> None:
        keys = self.targets()
        if len(keys) == 1:
            self.single(_("{key} is assigned to you.").format(key=keys[0]), self.AREA_STORE.assign, keys[0])
        elif keys:
            self.bulk(keys, self.AREA_STORE.assign, verb="changed")

    def action_priority(self) -> None:
        keys = self.targets()
        setter = type(self).PRIORITY_SETTER
        if not keys or setter is None:
            return
        row = self.AREA_STORE.get(self.store, keys[0]) if len(keys) == 1 else None
        current = row["priority"] if row else None

        def picked(priority: str | None) -> None:
            if not priority:
                return
            if len(keys) == 1:
                self.single(_("{key}: priority {p}").format(key=keys[0], p=priority), setter, keys[0], priority)
            else:
                self.bulk(keys, setter, priority, verb="changed")

        self.app.push_screen(PriorityScreen(self.subtitle(keys), current), picked)

    def action_undo(self) -> None:
        self._undo()

    @work(group="store", exit_on_error=False)
    async def _undo(self) -> None:
        try:
            row = await self.app.db(self.AREA_STORE.undo)
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

    def form(self, row: dict | None) -> FormScreen:
        """The form that adds (`row` None) or edits an item. Override."""
        raise NotImplementedError

    def action_new(self) -> None:
        self.app.push_screen(self.form(None), self.after_form)

    def action_edit(self) -> None:
        row = self.current()
        if row is None:
            self.app.notify(_("Nothing to edit: press {key} to add one.").format(key=self.key("new")),
                            markup=False, timeout=3)
            return
        self.app.push_screen(self.form(row), self.after_form)

    def after_form(self, result) -> None:
        """After a form: the cursor goes to the item it saved (if it is one of this area's)."""
        key = result.get("key") if isinstance(result, dict) else None
        if key and key.startswith(f"{self.AREA_STORE.PREFIX}-"):
            self.cursor_key = key
        self.refresh_data()
        if key and key == self.cursor_key:
            self.table.move_to_key(key)

    # -- the palette -------------------------------------------------------------------------------

    def palette_commands(self) -> list[PaletteCommand]:
        commands = []
        for item in self.PALETTE:
            helptext = _(item.help)
            if item.verb:
                helptext += f" ({self.key(item.verb)})"
            commands.append(PaletteCommand(_(item.title), helptext, self.callback(item.action), item.title))
        return commands

    def callback(self, action: str) -> Callable[[], object]:
        return lambda: self.run_action(action)


def move_by_verb(store, key: str, area: AreaStore, move: Move, extra: dict, expected: int | None = None) -> dict:
    """On the store thread: `move` for the item `key`, to the status its verb leads to from
    where the item is now (each marked item may go its own way back)."""
    row = area.require(store, key)
    target = move.target_for(row["status"]) or move.targets[0]
    return area.move(store, key, target, expected_version=expected, **extra)


# -- the dialogs every area shares ---------------------------------------------------------------


def one_value_save(apply: Callable[..., object], name: str):
    """A dialog's `save`: `apply(store, value)` on the store thread. A version conflict is
    not merged here (the dialog holds no copy of the item): it is shown as it is, and the
    dialog stays open."""
    from ..store.errors import ConflictError

    def save(store, values: dict, _version):
        try:
            return apply(store, values[name])
        except ConflictError as conflict:
            raise StoreError(str(conflict)) from None

    return save


def reason_form(title: str, subtitle: str, apply: Callable[..., object], move: Move | None = None) -> FormScreen:
    """Asks why (a final no); `apply(store, reason)` makes the move(s) on the store thread."""
    label = move.reason if move else N_("Reason")
    placeholder = (move.placeholder if move else "") or N_("Why: the client will read this")
    fields = [Field("reason", label, "text", height=4, required=True, placeholder=placeholder)]
    # The button says what it does ("Reject", "Missed"), not "Save".
    return FormScreen(title, fields, {"reason": ""}, one_value_save(apply, "reason"), subtitle=subtitle,
                      save_label=move.label if move else N_("Save"), id="reason-form")


class PriorityScreen(HuddleModal):
    """Pick a priority with one key (0–3). Dismisses with "P0".."P3" or None."""

    PRIORITIES = ("P0", "P1", "P2", "P3")
    BINDINGS: ClassVar = [
        *(Binding(str(n), f"pick('P{n}')", f"P{n}", id=f"priority.p{n}") for n in range(4)),
        Binding("escape", "pick('')", N_("Cancel"), id="priority.cancel"),
    ]

    def __init__(self, subtitle: str, current: str | None = None) -> None:
        super().__init__(id="priority-dialog")
        self.subtitle = subtitle
        self.current = current

    def compose(self) -> ComposeResult:
        shown = {p: vocabulary.key_of(self, f"priority.p{p[1]}") for p in self.PRIORITIES}
        with Vertical(classes="dialog priority-dialog"):
            yield Static(_("Priority"), classes="dialog-title", markup=False)
            yield Static(self.subtitle, classes="dialog-subtitle", markup=False)
            yield Static(_("Press a priority's key; {key} cancels.").format(key=vocabulary.key_of(self, "priority.cancel")),
                         classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for priority in self.PRIORITIES:
                    yield Button(f"{priority} ({shown[priority]})", id=f"priority-{priority}", compact=True,
                                 variant="primary" if priority == self.current else "default")

    def action_pick(self, priority: str) -> None:
        self.dismiss(priority or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("priority-") or None)


__all__ = ["Command", "Key", "ListAreaScreen", "ListFilter", "Move", "PriorityScreen", "reason_form"]
