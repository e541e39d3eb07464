"""The Standup area: the day's board of every member, their notes, and meeting mode."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from ..commands import command
from ..i18n import N_, _, format_relative, format_weekday_date, label_prefix, with_note
from ..store import members, projects, standup
from ..store.errors import StoreError
from ..text import clean, one_line
from ..widgets.bound import key_of
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from ..widgets.item_table import FitTable
from .base import HuddleScreen, move_cursor
from .standup_notes import export_minutes, open_note_form, open_waits_on_form


class StandupScreen(HuddleScreen):
    """The day's board: who posted what; `[`/`]` move between days, `m` runs the meeting."""

    AREA = "standup"
    HELP = N_("Each member's note for the day. Write yours with n; edit the selected one with e or enter. Meeting mode (m) walks the room with a timer.")

    BINDINGS = [
        Binding("n", "my_note", N_("My note"), id="list.new"),
        Binding("e,enter", "edit_selected", N_("Edit note"), id="standup.edit"),
        Binding("left_square_bracket", "day(-1)", N_("Previous day"), id="standup.previous", key_display="["),
        Binding("right_square_bracket", "day(1)", N_("Next day"), id="standup.next", key_display="]"),
        Binding("t", "today", N_("Today"), id="standup.today", show=False),
        Binding("m", "meeting", N_("Meeting"), id="standup.meeting"),
        Binding("B", "waits_on_client", N_("Waits on the client"), id="standup.client", show=False),
        Binding("E", "export", N_("Export minutes"), id="standup.export", show=False),
        Binding("j", "cursor('down')", N_("Down"), show=False, id="standup.down"),
        Binding("k", "cursor('up')", N_("Up"), show=False, id="standup.up"),
        Binding("g", "cursor('top')", N_("First"), show=False, id="standup.first"),
        Binding("G", "cursor('bottom')", N_("Last"), show=False, id="standup.last"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date = date.today()
        self.selected_login: str | None = None
        self.rows: list[dict] = []

    def on_mount(self) -> None:
        self.day = self.store.today()
        self.selected_login = self.store.user
        self.refresh_data()

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="standup-title", classes="area-title"):
            yield Static(id="standup-day", markup=False)
            yield Static(id="standup-count", markup=False)
        with Vertical(id="standup-body"):
            table = FitTable(id="standup-board", cursor_type="row", zebra_stripes=True)
            table.add_column(_("Member"), key="member", width=14)
            table.add_column(_("Today"), key="today")
            table.add_column(_("Blockers"), key="blockers")  # shares the width with Today
            yield table
            with VerticalScroll(id="standup-detail", classes="detail"):
                yield Static(id="standup-detail-text", markup=False)
        yield HuddleFooter()

    # -- data ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.rows = standup.board(self.store, self.day)
        table = self.query_one("#standup-board", DataTable)
        table.clear()
        for row in self.rows:
            posted, absent = row["id"] is not None, bool(row["absent"])
            marker = "✓" if posted else "○" if absent else "-"
            name = Text(f"{marker} {one_line(row['display_name'], 30)}", style="" if posted else "dim")
            if posted:
                today = Text(one_line(row["today"], 300))
            elif absent:
                today = Text(_("absent"), style="yellow italic")
            else:
                today = Text(_("not posted yet"), style="dim italic")
            if posted and absent:
                today = Text.assemble((_("absent") + " · ", "yellow italic"), today)
            blockers = Text(one_line(row["blockers"], 200), style="bold yellow") if posted else Text("")
            if posted and row["blockers_wait_on_client"] and (row["blockers"] or "").strip():
                flag = f"⚑ {one_line(row['blockers_project'], 16)} · " if row["blockers_project"] else "⚑ "
                blockers = Text.assemble((flag, "bold"), blockers)
            table.add_row(name, today, blockers, key=row["login"])
        logins = [row["login"] for row in self.rows]
        if self.selected_login in logins:
            table.move_cursor(row=logins.index(self.selected_login), animate=False)
        this_day = self.store.today()
        shown = format_weekday_date(self.day)
        if self.day == this_day:
            shown = _("{date} (today)").format(date=shown)
        elif self.day == this_day - timedelta(days=1):
            shown = _("{date} (yesterday)").format(date=shown)
        self.query_one("#standup-day", Static).update(f" {_('Standup')} · {shown}")
        self.query_one("#standup-count", Static).update(standup.count_line(standup.summary_of(self.rows, self.day)) + " ")
        self.show_detail()

    def selected_row(self) -> dict | None:
        for row in self.rows:
            if row["login"] == self.selected_login:
                return row
        return None

    def show_detail(self) -> None:
        row = self.selected_row()
        detail = self.query_one("#standup-detail-text", Static)
        if row is None:
            detail.update("")
            return
        text = Text()
        text.append(clean(row["display_name"]), style="bold")
        text.append(with_note("", row["login"]), style="dim")
        if row["absent"]:
            text.append("  " + _("absent"), style="yellow")
        if row["id"] is None:
            text.append("\n" + _("No note yet for this day. Press {key} to write it.").format(key=self.key_for("standup.edit")), style="dim")
        else:
            for field in standup.FIELDS:
                text.append("\n" + label_prefix(standup.field_label(field)), style="bold")
                text.append(clean(row[field]) or "—")
            if (row["blockers"] or "").strip():
                if row["blockers_wait_on_client"] and row["blockers_project"]:
                    key = one_line(row["blockers_project"], 16)
                    text.append("\n⚑ " + _("Waits on the client {client} ({project}): shown in that project's weekly report only.").format(
                        client=self.client_of(key), project=key), style="bold")
                elif row["blockers_wait_on_client"]:
                    text.append("\n⚑ " + _("Waits on the client: shown in the client's weekly report."), style="bold")
                else:
                    text.append("\n" + _("Internal blocker: press {key} if it waits on the client.").format(
                        key=self.key_for("standup.client")), style="dim")
            text.append(
                "\n" + _("Updated {when} by {who}").format(
                    when=format_relative(row["updated_at"], self.store.now()),
                    who=one_line(members.display_name(self.store, row["updated_by"]), 40)
                ),
                style="dim",
            )
        detail.update(text)

    def client_of(self, key: str) -> str:
        """The client of project `key` (its name if the client is not filled in)."""
        row = projects.get(self.store, key) or {}
        return one_line(row.get("client") or row.get("name") or key, 40)

    def key_for(self, binding_id: str) -> str:
        """The key bound to `binding_id`, as the footer shows it."""
        return key_of(self, binding_id)

    @on(DataTable.RowHighlighted, "#standup-board")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.selected_login = event.row_key.value
            self.show_detail()

    @on(DataTable.RowSelected, "#standup-board")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_selected()

    # -- actions -------------------------------------------------------------------------

    def action_cursor(self, where: str) -> None:
        move_cursor(self.query_one("#standup-board", DataTable), where)

    def action_day(self, step: int) -> None:
        self.day += timedelta(days=step)
        self.refresh_data()

    def action_today(self) -> None:
        self.day = self.store.today()
        self.refresh_data()

    def action_my_note(self) -> None:
        self.selected_login = self.store.user
        open_note_form(self, self.day, self.store.user, members.display_name(self.store, self.store.user), self.refresh_data)

    def action_edit_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        open_note_form(self, self.day, row["login"], row["display_name"], self.refresh_data)

    def action_waits_on_client(self) -> None:
        """A waiting blocker goes back to internal; any other is marked as waiting on a
        project's client, asking which one unless there is only one active project."""
        row = self.selected_row()
        if row is None:
            return
        if row["id"] is None or not (row["blockers"] or "").strip() or row["blockers_wait_on_client"]:
            self._set_waits(row["login"], None, row["version"])  # the store says why it cannot
            return
        active = projects.active(self.store)
        if len(active) <= 1:  # nothing to ask (none: the store says so)
            self._set_waits(row["login"], active[0]["key"] if active else "", row["version"])
            return
        open_waits_on_form(self, self.day, row, active, self.refresh_data)

    @work(group="standup-client", exit_on_error=False)
    async def _set_waits(self, login: str, project: str | None, version: int | None) -> None:
        """`project` None: make the blocker internal again; a key ("": the only one): mark it."""
        try:
            if project is None:
                await self.app.db(standup.unmark_waits_on_client, self.day, login, expected_version=version)
            else:
                await self.app.db(standup.mark_waits_on_client, self.day, login, project or None,
                                  expected_version=version)
        except StoreError as error:
            self.app.show_error(error)
            self.refresh_data()
            return
        self.refresh_data()

    def action_meeting(self) -> None:
        from .meeting import MeetingScreen

        self.app.push_screen(MeetingScreen(self.day), lambda _result: self.refresh_data())

    def action_export(self) -> None:
        export_minutes(self.app, self.day)

    def palette_commands(self):
        return [
            command(N_("Write my standup note"), N_("Open your note for the day shown"), self.action_my_note),
            command(N_("Start the standup meeting"), N_("Walk the room with a timer"), self.action_meeting),
            command(N_("Blocker waits on the client"), N_("Mark the selected blocker as waiting on the client (or back)"),
                    self.action_waits_on_client),
            command(N_("Export the minutes"), N_("Write the day's minutes as a Markdown file (asks where first)"), self.action_export),
        ]
