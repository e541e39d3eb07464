"""The weekly report preview: what the client will receive, before it is sent.

Reached from the Dashboard (its key is in the dashboard's footer) and from the command
palette. It shows the weekly progress report of a project for a week exactly as it will be
written (the same document `huddle report weekly` renders), in the report's language,
which is the client's by default and switches here without touching the interface
language. What the client receives sits in a green frame; what the report leaves out
(blockers not marked as waiting on the client, assessment notes) can be shown below it in
a yellow frame marked internal. Exports go through the export dialog (Markdown or HTML),
and write what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ..i18n import LANGUAGES, N_, _
from ..reports.document import Block, Bullets, Document, Heading, Line, Paragraph, Table
from ..store.errors import StoreError
from ..store.reports import Week
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from .base import HuddleScreen

RICH_STYLES = {
    "strong": "bold",
    "em": "italic",
    "muted": "dim",
    "good": "bold green",
    "warn": "bold yellow",
    "bad": "bold red",
}
HEADING_STYLES = {1: "bold underline", 2: "bold reverse", 3: "bold"}


def line_text(runs: Line) -> Text:
    """A line of runs as Rich text: user text is cleaned by the document already
    (`user_lines`) or here, and is never markup (Text.append takes it literally)."""
    from ..text import clean

    text = Text()
    for run in runs:
        text.append(clean(run.text, multiline=False), style=RICH_STYLES.get(run.style, ""))
    return text


def _table(block: Table) -> list[Text]:
    cells = [[line_text(cell) for cell in row] for row in block.rows]
    header = [Text(title, style="bold") for title in block.header]
    widths = [max(cell_len(text.plain) for text in column) for column in zip(header, *cells, strict=False)]
    out = []
    for row in [header, *cells]:
        text = Text()
        for index, (cell, width) in enumerate(zip(row, widths, strict=False)):
            if index:
                text.append("  ")
            pad = " " * (width - cell_len(cell.plain))
            if index in block.numeric:
                text.append(pad)
                text.append_text(cell)
            else:
                text.append_text(cell)
                if index < len(row) - 1:
                    text.append(pad)
        out.append(text)
    return out


def blocks_text(blocks: list[Block]) -> Text:
    """Document blocks as Rich text for the preview (the same blocks the files get)."""
    lines: list[Text] = []
    for block in blocks:
        if isinstance(block, Heading):
            if lines and lines[-1].plain:
                lines.append(Text())
            heading = line_text(block.runs)
            heading.stylize(HEADING_STYLES.get(block.level, "bold"))
            lines.append(Text(" ") + heading + Text(" ") if block.level == 2 else heading)
        elif isinstance(block, Paragraph):
            lines += [line_text(runs) for runs in block.lines]
            lines.append(Text())
        elif isinstance(block, Bullets):
            for item in block.items:
                for number, runs in enumerate(item):
                    lines.append(Text("• " if not number else "  ") + line_text(runs))
            lines.append(Text())
        elif isinstance(block, Table):
            lines += _table(block)
            lines.append(Text())
    while lines and not lines[-1].plain:
        lines.pop()
    return Text("\n").join(lines)


@dataclass
class Preview:
    """What the preview shows: built on the store thread by `build_preview`."""

    project: str | None
    week: Week | None
    document: Document | None
    internal: list[Block]


def build_preview(store, project: str | None, week: Week | None, language: str | None) -> Preview:
    """The weekly report of `project` (the first active project when None or gone) for
    `week` (the last complete week when None), in `language` (the client's when None), with
    what it leaves out. Runs on the store thread: no Textual here."""
    from ..reports import weekly
    from ..store import projects, reports

    if project is None or projects.get(store, project) is None:
        active = projects.active(store)
        project = active[0]["key"] if active else None
    if project is None:
        return Preview(None, week, None, [])
    week = week or reports.last_complete_week(store.today())
    report = reports.weekly(store, project, week)
    language = language or report.language
    return Preview(project, week, weekly.document(report, language), weekly.internal(report, language))


class ReportScreen(HuddleScreen):
    """The weekly report of one project for one week, as the client will read it."""

    AREA = "dashboard"
    HELP = N_(
        "The weekly progress report as the client receives it, in the client's language. The green frame "
        "is what the report holds; the yellow one, shown on request, is what it leaves out (internal "
        "notes). Change the week, the project or the report's language with the keys below, and export "
        "it as Markdown or as a printable HTML page."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="report.back"),
        # The key vocabulary (README): `[`/`]` the previous/next day or week, `P` cycles the
        # project, `E` exports; the report's own: `T` its language, `H` HTML, `I` internal.
        Binding("left_square_bracket", "week(-1)", N_("Previous week"), id="report.previous", key_display="["),
        Binding("right_square_bracket", "week(1)", N_("Next week"), id="report.next", key_display="]"),
        Binding("P", "next_project", N_("Project"), id="report.project_filter"),
        Binding("T", "switch_report_language", N_("Report language"), id="report.language"),
        Binding("I", "toggle_internal", N_("Internal notes"), id="report.internal"),
        Binding("E", "export('md')", N_("Export Markdown"), id="report.export"),
        Binding("H", "export('html')", N_("Export HTML"), id="report.export_html"),
        Binding("j", "scroll('down')", N_("Down"), show=False, id="report.down"),
        Binding("k", "scroll('up')", N_("Up"), show=False, id="report.up"),
    ]

    def __init__(self, project: str | None = None, week=None, *, area: str = "dashboard") -> None:
        super().__init__()
        self.AREA = area
        self.project = project
        self.week = week
        self.report_language: str | None = None
        """The report's language chosen here; None: the client's."""
        self.show_internal = False
        self.document: Document | None = None

    # -- state -------------------------------------------------------------------------

    def projects(self) -> list[dict]:
        from ..store import projects

        return projects.active(self.store)

    # -- drawing -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(classes="area-title"):
            yield Static(id="report-title", markup=False)
        yield Static(id="report-legend", markup=False)
        with VerticalScroll(id="report-body"):
            yield Static(id="report-client", markup=False)
            yield Static(id="report-internal", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#report-body").focus()

    def after_recompose(self) -> None:
        self.refresh_data()
        self.query_one("#report-body").focus()

    def _key(self, binding_id: str) -> str:
        from .keys import key_of

        return key_of(self, binding_id)

    def refresh_data(self) -> None:
        self._load()

    @work(group="report", exclusive=True, exit_on_error=False)
    async def _load(self) -> None:
        """Build the report on the store thread (a big project's report takes a moment;
        the screen keeps taking keys meanwhile), then show it."""
        try:
            preview = await self.app.db(build_preview, self.project, self.week, self.report_language)
        except StoreError as error:
            self.document = None
            self.query_one("#report-client", Static).update(Text(str(error)))
            return
        self.project, self.week, self.document = preview.project, preview.week, preview.document
        self.show(preview)

    def show(self, preview: Preview) -> None:
        title = self.query_one("#report-title", Static)
        legend = self.query_one("#report-legend", Static)
        client = self.query_one("#report-client", Static)
        internal = self.query_one("#report-internal", Static)
        if preview.document is None or preview.week is None:
            title.update(" " + _("Weekly report"))
            legend.update("")
            client.update(Text(_("No project yet: a weekly report is made for a client project."), style="dim"))
            internal.display = False
            return
        week = preview.week
        in_progress = week.monday <= self.store.today() <= week.sunday
        title.update(" " + _("Weekly report · {project} · {week} · in {language}").format(
            project=preview.project, week=_("{week} (in progress)").format(week=week.label) if in_progress
            else week.label,
            language=LANGUAGES[preview.document.language]))
        legend.update(Text(
            _("Green frame: what the client receives. Yellow frame: internal notes, never in the report ({key} shows or hides them).").format(
                key=self._key("report.internal")),
            style="dim",
        ))
        client.border_title = _("What the client receives")
        client.update(blocks_text(preview.document.blocks))
        internal.border_title = _("Internal: not in the report")
        internal.display = self.show_internal
        internal.update(blocks_text(preview.internal) if preview.internal
                        else Text(_("Nothing internal was left out."), style="dim"))

    # -- actions -----------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#report-body", VerticalScroll)
        body.scroll_down() if where == "down" else body.scroll_up()

    def action_week(self, step: int) -> None:
        if self.week is None:
            return
        target = self.week.next() if step > 0 else self.week.previous()
        if target.monday > self.store.today():
            self.notify(_("That week has not begun yet."), markup=False, timeout=3)
            return
        self.week = target
        self.refresh_data()
        self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)

    def action_next_project(self) -> None:
        keys = [row["key"] for row in self.projects()]
        if not keys:
            return
        index = keys.index(self.project) if self.project in keys else -1
        self.project = keys[(index + 1) % len(keys)]
        self.report_language = None  # each client reads their own language first
        self.refresh_data()
        self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)

    def action_switch_report_language(self) -> None:
        if self.document is None:
            return
        self.report_language = "en" if self.document.language == "zh_CN" else "zh_CN"
        self.refresh_data()

    def action_toggle_internal(self) -> None:
        self.show_internal = not self.show_internal
        internal = self.query_one("#report-internal", Static)
        internal.display = self.show_internal
        if self.show_internal:
            self.call_after_refresh(internal.scroll_visible)

    def action_export(self, fmt: str) -> None:
        """Write what is shown (taken now, so the file is what was previewed) through the
        export dialog, which asks where first."""
        from ..reports import render, weekly_filename
        from ..widgets.export import ExportScreen

        if self.document is None or self.project is None:
            return
        text = render(self.document, fmt)
        self.app.push_screen(ExportScreen(
            weekly_filename(self.project, self.week, self.document.language, fmt),
            lambda: text,
            title=N_("Export the weekly report"),
            done=N_("Wrote the weekly report to {path}."),
        ))

    def palette_commands(self):
        from ..commands import command

        return [
            command(N_("Export the requirements document"), N_("For the client's confirmation, in the report's language (Markdown)"),
                    lambda: export_requirements_document(self, self.project, self.document and self.document.language)),
        ]


def export_requirements_document(screen, project: str | None, language: str | None = None, fmt: str = "md",
                                 milestone=None) -> None:
    """Open the export dialog for the requirements document of `project` (or of one
    `milestone`), in `language` (default: the client's), as `fmt` ("md" or "html"). The
    document is built on the store thread; the register screen can call this too."""
    from ..reports import render, reqdoc_document, reqdoc_filename
    from ..widgets.export import ExportScreen

    if project is None:
        return

    async def build() -> None:
        try:
            document = await screen.app.db(reqdoc_document, project, milestone, language)
        except StoreError as error:
            screen.app.show_error(error)
            return
        text = render(document, fmt)
        screen.app.push_screen(ExportScreen(
            reqdoc_filename(project, document.language, fmt),
            lambda: text,
            title=N_("Export the requirements document"),
            done=N_("Wrote the requirements document to {path}."),
        ))

    screen.run_worker(build(), group="store", exit_on_error=False)
