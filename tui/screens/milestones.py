"""Milestones (staged acceptance, 阶段验收) and the review for the client meeting.

Reached from the Requirements area with `M`. The list shows each milestone's due date,
progress (accepted / total) and what is still open; `enter` opens the review: each
requirement's state and what changed since the previous milestone of the project.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from ..i18n import N_, _, days_late, days_until, format_date, format_relative, labelled
from ..store import members, milestones, requirements, workflow
from ..store.errors import StoreError
from ..text import clean, one_line
from ..widgets.footer import HuddleFooter
from ..widgets.hanging import Hanging
from ..widgets.header import HuddleHeader
from ..widgets.item_table import FitTable
from . import keys as vocabulary
from .base import HuddleScreen, move_cursor
from .requirements_forms import open_milestone_form
from .style import PRIORITY_TONES, REQUIREMENT_TONES, themed


def progress_bar(accepted: int, total: int, width: int = 10) -> str:
    filled = round(width * accepted / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def due_words(due: str | None, today: date) -> tuple[str, str]:
    """(`in 4 days` / `6 days late` / `due today`, the tone: `style.TONES`)."""
    if not due:
        return _("no due date"), "muted"
    days = (date.fromisoformat(due) - today).days
    if days == 0:
        return _("due today"), "bold $text-warning"
    if days < 0:
        return days_late(-days), "urgent"
    return days_until(days), "waiting" if days <= milestones.DUE_SOON_DAYS else ""


class MilestonesScreen(HuddleScreen):
    """Every milestone with its progress; the selected one's open requirements below."""

    AREA = "requirements"
    HELP_TEXT = N_(
        "Milestones: staged acceptance with the client. {review} opens the review for the "
        "acceptance meeting; {requirements} shows the milestone's requirements in the register; "
        "{new} adds a milestone, {edit} edits it, {close} closes it and {reopen} opens it again; "
        "{back} goes back."
    )
    BINDINGS = [
        Binding("enter", "review", N_("Review"), id="milestones.review"),
        Binding("L", "show_requirements", N_("Requirements"), id="requirements.milestone_filter"),
        Binding("n", "new", N_("New"), id="list.new"),
        Binding("e", "edit", N_("Edit"), id="list.edit"),
        Binding("d", "set_status('closed')", N_("Close"), id="list.done"),
        Binding("r", "set_status('open')", N_("Re-open"), id="list.back", show=False),
        Binding("escape", "back", N_("Back"), id="milestones.back"),
        Binding("j", "cursor('down')", N_("Down"), show=False, id="milestones.down"),
        Binding("k", "cursor('up')", N_("Up"), show=False, id="milestones.up"),
        Binding("g", "cursor('top')", N_("First"), show=False, id="milestones.first"),
        Binding("G", "cursor('bottom')", N_("Last"), show=False, id="milestones.last"),
    ]

    def __init__(self, project: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.selected_id: int | None = None
        self.rows: list[dict] = []

    @property
    def HELP(self) -> str:  # type: ignore[override]  # read by the help screen like a class attribute
        shown = {name: vocabulary.key_of(self, binding_id) for name, binding_id in (
            ("review", "milestones.review"), ("requirements", "requirements.milestone_filter"),
            ("new", "list.new"), ("edit", "list.edit"), ("close", "list.done"), ("reopen", "list.back"),
            ("back", "milestones.back"))}
        return _(self.HELP_TEXT).format(**shown)

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(classes="area-title"):
            yield Static(" " + _("Milestones (staged acceptance)") + (f" · {self.project}" if self.project else ""),
                         id="ms-title", markup=False)
        with Vertical(id="ms-body"):
            table = FitTable(id="ms-table", cursor_type="row", zebra_stripes=True)
            table.add_column(_("Project"), key="project", width=7)
            table.add_column(_("Milestone"), key="name")
            table.add_column(_("Due"), key="due", width=10, floor=10)
            table.add_column("", key="when", width=14)
            table.add_column(_("Progress"), key="progress", width=12)
            yield table
            with VerticalScroll(id="ms-detail", classes="detail"):
                yield Static(id="ms-detail-text", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#ms-table", DataTable).focus()

    def refresh_data(self) -> None:
        self.rows = milestones.all_milestones(self.store, self.project)
        today = self.store.today()
        table = self.query_one("#ms-table", DataTable)
        table.clear()
        for row in self.rows:
            words, tone = due_words(row["due"], today)
            closed = row["status"] == "closed"
            if closed:
                words, tone = _("closed"), "muted"
            style = themed(self.app, tone)
            muted = themed(self.app, "muted")
            table.add_row(
                Text(row["project"], style=muted if closed else ""),
                Text(one_line(row["name"], 80), style=muted if closed else "bold"),
                Text(row["due"] or "—", style=style),
                Text(words, style=style),
                Text(f"{row['accepted']}/{row['total']} {progress_bar(row['accepted'], row['total'], 8)}",
                     style=themed(self.app, "good") if row["total"] and row["accepted"] == row["total"] else ""),
                key=str(row["id"]),
            )
        ids = [row["id"] for row in self.rows]
        if self.selected_id in ids:
            table.move_cursor(row=ids.index(self.selected_id), animate=False)
        elif ids:
            self.selected_id = ids[0]
        self.show_detail()

    def selected(self) -> dict | None:
        for row in self.rows:
            if row["id"] == self.selected_id:
                return row
        return None

    def show_detail(self) -> None:
        widget = self.query_one("#ms-detail-text", Static)
        row = self.selected()
        if row is None:
            widget.update(Text(_("No milestones yet. Press {key} to add one.").format(
                key=vocabulary.key_of(self, "list.new")), style=themed(self.app, "muted")))
            return
        info = milestones.progress(self.store, row["id"])
        today = self.store.today()
        text = Text()
        text.append(clean(row["name"]), style="bold")
        muted = themed(self.app, "muted")
        text.append(f"  {row['project']}", style=muted)
        words, tone = due_words(row["due"], today)
        text.append("\n" + _("Due") + f": {row['due'] or '—'} ")
        text.append(words, style=themed(self.app, tone))
        text.append("\n" + _("Progress: {accepted} of {total} accepted ({percent}%)").format(**info))
        counts = [f"{workflow.label(s)} {n}" for s, n in sorted(
            info["by_status"].items(), key=lambda item: requirements.FUNNEL.index(item[0])
            if item[0] in requirements.FUNNEL else 99)]
        if counts:
            text.append("\n" + " · ".join(counts), style=muted)
        open_rows = milestones.open_requirements(self.store, row["id"])
        overdue = bool(row["due"]) and row["due"] < today.isoformat()
        heading = _("Still open at the due date") if overdue else _("Still open")
        text.append(f"\n\n{heading} ({len(open_rows)})\n", style="bold")
        if not open_rows:
            text.append(_("Nothing open: ready for acceptance."), style=themed(self.app, "good"))
        names = members.names(self.store)
        for item in open_rows:
            text.append(f"{item['key']} ", style="bold")
            text.append(f"{item['priority']} ", style=themed(self.app, PRIORITY_TONES.get(item["priority"])))
            text.append(one_line(item["title"], 120))
            text.append(f"  {workflow.label(item['status'])}", style=themed(self.app, REQUIREMENT_TONES.get(item["status"])))
            if item["owner"]:
                text.append(f"  {one_line(names.get(item['owner'], item['owner']), 30)}", style=muted)
            text.append("\n")
        text.rstrip()
        widget.update(text)

    @on(DataTable.RowHighlighted, "#ms-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.selected_id = int(event.row_key.value)
            self.show_detail()

    @on(DataTable.RowSelected, "#ms-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_review()

    def action_cursor(self, where: str) -> None:
        move_cursor(self.query_one("#ms-table", DataTable), where)

    def action_review(self) -> None:
        if self.selected_id is not None:
            self.app.push_screen(MilestoneReviewScreen(self.selected_id))

    def action_show_requirements(self) -> None:
        if self.selected_id is None:
            return
        milestone_id = self.selected_id
        stack = self.app.screen_stack
        register = stack[-2] if len(stack) > 1 else None
        self.dismiss()
        if register is not None and hasattr(register, "show_milestone"):
            register.show_milestone(milestone_id)

    def _saved(self, row: dict) -> None:
        self.selected_id = row["id"]
        self.refresh_data()

    def action_new(self) -> None:
        open_milestone_form(self, None, self.project, self._saved)

    def action_edit(self) -> None:
        if self.selected_id is not None:
            open_milestone_form(self, self.selected_id, None, self._saved)

    def action_set_status(self, status: str) -> None:
        """`d` closes the milestone, `r` opens it again."""
        row = self.selected()
        if row is None or row["status"] == status:
            return
        self._set_status(row["id"], status)

    @work(group="store", exit_on_error=False)
    async def _set_status(self, milestone_id: int, status: str) -> None:
        """On the store thread: the screen stays live while the write waits its turn."""
        try:
            await self.app.db(milestones.set_status, milestone_id, status)
        except StoreError as error:
            self.app.show_error(error)
        self.refresh_data()

    def action_back(self) -> None:
        self.dismiss()


def review_text(store, milestone_id: int, app) -> Text:
    """The milestone review, for the client meeting (colours from `app`'s theme)."""
    info = milestones.review(store, milestone_id)
    muted, note = themed(app, "muted"), themed(app, "note")
    milestone, before, progress = info["milestone"], info["previous"], info["progress"]
    names = members.names(store)
    now = store.now()
    text = Text()
    text.append(clean(milestone["name"]), style="bold")
    text.append(f"  {milestone['project']}", style=muted)
    if milestone["due"]:
        text.append("  " + _("due {date}").format(date=format_date(date.fromisoformat(milestone["due"]))))
    text.append("\n" + _("Progress: {accepted} of {total} accepted ({percent}%)").format(**progress) + "  ")
    text.append(progress_bar(progress["accepted"], progress["total"], 20), style=themed(app, "good"))
    if before:
        text.append("\n" + _("Changes since the previous milestone “{name}” ({date})").format(
            name=one_line(before["name"], 60), date=before["due"]), style=muted)
    else:
        text.append("\n" + _("First milestone of this project: every change is listed."), style=muted)
    if not info["requirements"]:
        text.append("\n\n" + _("No requirements in this milestone yet."), style=muted)
    for row in info["requirements"]:
        text.append("\n\n")
        text.append(f"{row['key']} ", style="bold")
        text.append(f"{row['priority']} ", style=themed(app, PRIORITY_TONES.get(row["priority"])))
        text.append(clean(row["title"], multiline=False), style="bold")
        text.append("\n  " + workflow.label(row["status"]), style=themed(app, REQUIREMENT_TONES.get(row["status"])))
        if row["owner"]:
            text.append("  ·  " + labelled(_("Owner"), one_line(names.get(row["owner"], row["owner"]), 30)), style=muted)
        if row["confirmed_by"]:
            text.append("  ·  " + _("Confirmed by {contact}, {when}").format(
                contact=one_line(row["confirmed_by"], 60), when=format_relative(row["confirmed_at"], now)), style=muted)
        if not row["changes"]:
            text.append("\n  " + _("No change since the previous milestone."), style=muted)
        for change in row["changes"]:
            when = change["at"][:10]
            who = one_line(change["actor_name"], 30)
            if change["action"] == "move":
                line = _("{who}: {old} → {new}").format(
                    who=who, old=workflow.label(change["old"] or ""), new=workflow.label(change["new"] or ""))
            elif change["action"] == "create":
                line = _("{who}: created").format(who=who)
            elif change["field"] == "confirmed_by":
                line = _("{who}: recorded the client sign-off by {contact}").format(
                    who=who, contact=one_line(change["new"], 60))
            else:
                line = _("{who}: changed {field}").format(
                    who=who, field=requirements.field_label(change["field"] or ""))
            text.append(f"\n  {when}  ", style=muted)
            text.append(line)
            if change["note"]:
                text.append(" — " + one_line(change["note"], 120), style=note)
    return text


class MilestoneReviewScreen(HuddleScreen):
    """One milestone, for the acceptance meeting with the client."""

    AREA = "requirements"
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="review.back"),
        Binding("E", "export", N_("Export Markdown"), id="export"),
        Binding("j", "scroll('down')", N_("Down"), show=False, id="review.down"),
        Binding("k", "scroll('up')", N_("Up"), show=False, id="review.up"),
    ]

    def __init__(self, milestone_id: int) -> None:
        super().__init__()
        self.milestone_id = milestone_id

    @property
    def HELP(self) -> str:  # type: ignore[override]  # read by the help screen like a class attribute
        return _("The milestone review: each requirement's state and what changed since the previous "
                 "milestone. {export} writes it as Markdown for the meeting; {back} goes back.").format(
            export=vocabulary.key_of(self, "export"), back=vocabulary.key_of(self, "review.back"))

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(classes="area-title"):
            yield Static(" " + _("Milestone review"), markup=False)
        with VerticalScroll(id="review-body"):
            yield Static(id="review-text", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#review-body").focus()

    def refresh_data(self) -> None:
        try:
            text = review_text(self.store, self.milestone_id, self.app)
        except StoreError as error:
            text = Text(str(error))
        self.query_one("#review-text", Static).update(Hanging(text))

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#review-body", VerticalScroll)
        if where == "down":
            body.scroll_down()
        else:
            body.scroll_up()

    def action_back(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        """Write the review as Markdown, for the client meeting: the dialog shows where
        (the user's exports folder by default) before anything is written."""
        from ..widgets.export import ExportScreen

        self.app.push_screen(ExportScreen(
            f"milestone-review-{self.milestone_id}.md",
            lambda: milestones.review_markdown(self.store, self.milestone_id),
            title=N_("Export the milestone review"), done=N_("Wrote the review to {path}."),
        ))
