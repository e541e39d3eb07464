"""Meeting mode: walk the room one speaker at a time, with a timer the whole room can see.

The facilitator moves between speakers with single keys (`n`, `p`), marks someone absent
(`a`), and can type into the speaker's note (`enter` to start typing, `escape` to stop).
The note is saved (version-checked) whenever the facilitator moves on. The meeting ends
(`e`) on a summary: who was present, who was absent, who ran over time, the blockers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static, TextArea

from ..i18n import N_, _, format_duration, format_weekday_date
from ..store import standup
from ..store.errors import ConflictError, StoreError
from ..text import clean, one_line
from ..widgets.form import ConflictScreen
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from .base import HuddleScreen
from .standup import NOTE_FIELDS, export_minutes


@dataclass
class Speaker:
    login: str
    name: str
    elapsed: float = 0.0
    absent: bool = False
    visited: bool = False


class MeetingScreen(HuddleScreen):
    """One speaker at a time; a per-speaker clock; ends on a summary."""

    AREA = "standup"
    HELP = N_("n next speaker · p previous · a absent · enter type into the note · escape stop typing · space pause the clock · +/- change the time per speaker · e end the meeting")

    BINDINGS = [
        Binding("n", "next", N_("Next"), id="meeting.next"),
        Binding("p", "previous", N_("Previous"), id="meeting.previous"),
        Binding("a", "absent", N_("Absent"), id="meeting.absent"),
        Binding("enter", "type", N_("Type note"), id="meeting.type"),
        Binding("space", "pause", N_("Pause"), id="meeting.pause", show=False),
        Binding("plus,equals_sign", "limit(30)", N_("More time"), show=False, id="meeting.more"),
        Binding("minus", "limit(-30)", N_("Less time"), show=False, id="meeting.less"),
        Binding("e", "end", N_("End meeting"), id="meeting.end"),
        Binding("ctrl+n", "next", N_("Next"), show=False, priority=True, id="meeting.next-typing"),
        Binding("ctrl+b", "previous", N_("Previous"), show=False, priority=True, id="meeting.previous-typing"),
        Binding("escape", "stop_typing", N_("Stop typing"), show=False, id="meeting.stop"),
        Binding("q", "leave", N_("Leave"), id="meeting.leave", show=False),
        Binding("x", "export", N_("Export minutes"), id="meeting.export"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.speakers: list[Speaker] = []
        self.index = 0
        self.running = True
        self.started = time.monotonic()
        self.ended = False
        self.versions: dict[str, int | None] = {}
        self.loaded: dict[str, dict] = {}

    @property
    def limit(self) -> float:
        return self.app.settings.standup_minutes * 60

    def on_mount(self) -> None:
        rows = standup.board(self.store, self.day)
        self.speakers = [Speaker(row["login"], row["display_name"]) for row in rows]
        if self.speakers:
            self.speakers[0].visited = True
        self.load_note()
        self.set_interval(1, self.tick)
        self.refresh_view()

    @property
    def speaker(self) -> Speaker | None:
        return self.speakers[self.index] if self.speakers else None

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        if self.ended:
            yield from self.compose_summary()
        else:
            with Vertical(id="meeting"):
                with Horizontal(id="meeting-top"):
                    yield Static(id="meeting-speaker", markup=False)
                    yield Static(id="meeting-clock", markup=False)
                yield Static(id="meeting-progress", markup=False)
                with VerticalScroll(id="meeting-note"):
                    for spec in NOTE_FIELDS:
                        yield Label(Text(_(spec.label)), classes="form-label")
                        area = TextArea(id=f"meeting-{spec.name}", soft_wrap=True, tab_behavior="focus", compact=True)
                        area.styles.height = spec.height + 1
                        yield area
                yield Static(id="meeting-error", classes="form-error", markup=False)
        yield HuddleFooter()

    # -- the clock -----------------------------------------------------------------------

    def tick(self) -> None:
        now = time.monotonic()
        if self.running and not self.ended and self.speaker and not self.speaker.absent:
            self.speaker.elapsed += now - self.started
        self.started = now
        if not self.ended:
            self.show_clock()

    def show_clock(self) -> None:
        speaker = self.speaker
        try:
            clock = self.query_one("#meeting-clock", Static)
        except Exception:
            return
        if speaker is None:
            clock.update("")
            return
        over = speaker.elapsed - self.limit
        text = Text(f" {format_duration(speaker.elapsed)} / {format_duration(self.limit)} ")
        if over > 0:
            text.stylize("bold white on red")
            text.append(" " + _("over time by {time}").format(time=format_duration(over)) + " ", style="bold red")
        elif not self.running:
            text.append(" " + _("paused") + " ", style="dim")
        clock.update(text)
        clock.set_class(over > 0, "-over")

    # -- the speaker's note ----------------------------------------------------------------

    def load_note(self) -> None:
        speaker = self.speaker
        if speaker is None:
            return
        row = standup.get(self.store, self.day, speaker.login)
        if row is None:
            values = {"yesterday": standup.previous_today(self.store, speaker.login, self.day), "today": "", "blockers": ""}
        else:
            values = {field: row[field] for field in standup.FIELDS}
        self.versions[speaker.login] = row["version"] if row else None
        self.loaded[speaker.login] = dict(values) if row else {field: "" for field in standup.FIELDS}
        for field in standup.FIELDS:
            try:
                self.query_one(f"#meeting-{field}", TextArea).text = values[field] or ""
            except Exception:
                pass

    def typed(self) -> dict:
        return {field: self.query_one(f"#meeting-{field}", TextArea).text for field in standup.FIELDS}

    def save_note(self, then) -> None:
        """Save the speaker's note if the facilitator changed it, then run `then()`."""
        speaker = self.speaker
        if speaker is None or self.ended:
            then()
            return
        values = self.typed()
        original = self.loaded.get(speaker.login, {})
        if all((original.get(f) or "") == values[f] for f in standup.FIELDS) or standup.Note(**values).is_empty():
            then()
            return
        try:
            standup.save(self.store, self.day, speaker.login, standup.Note(**values), expected_version=self.versions.get(speaker.login))
        except ConflictError as conflict:
            theirs = conflict.current or {}

            def chosen(merged: dict | None) -> None:
                if merged is None:
                    self.show_error(str(conflict))
                    return
                self.versions[speaker.login] = theirs.get("version")
                for field in standup.FIELDS:
                    self.query_one(f"#meeting-{field}", TextArea).text = merged[field]
                self.loaded[speaker.login] = {f: theirs.get(f) or "" for f in standup.FIELDS}
                self.save_note(then)

            self.app.push_screen(ConflictScreen(NOTE_FIELDS, values, theirs, str(conflict)), chosen)
            return
        except StoreError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        then()

    def show_error(self, message: str) -> None:
        try:
            self.query_one("#meeting-error", Static).update(message)
        except Exception:
            self.app.notify(message, severity="error", markup=False)

    def refresh_view(self) -> None:
        speaker = self.speaker
        if speaker is None:
            self.query_one("#meeting-speaker", Static).update(_("No members in this workspace yet."))
            return
        title = Text()
        title.append(f" {clean(speaker.name, multiline=False)} ", style="bold reverse")
        if speaker.absent:
            title.append("  " + _("absent"), style="bold yellow")
        self.query_one("#meeting-speaker", Static).update(title)
        progress = _("Speaker {n} of {total} · {day}").format(
            n=self.index + 1, total=len(self.speakers), day=format_weekday_date(self.day)
        )
        self.query_one("#meeting-progress", Static).update(" " + progress)
        self.show_clock()

    def go(self, step: int) -> None:
        def move() -> None:
            if not self.speakers:
                return
            self.tick()
            self.index = max(0, min(len(self.speakers) - 1, self.index + step))
            self.speakers[self.index].visited = True
            self.started = time.monotonic()
            self.load_note()
            self.refresh_view()

        self.save_note(move)

    # -- actions ---------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.ended:
            return
        if self.index == len(self.speakers) - 1:
            self.action_end()
        else:
            self.go(1)

    def action_previous(self) -> None:
        if not self.ended:
            self.go(-1)

    def action_absent(self) -> None:
        if self.speaker and not self.ended:
            self.speaker.absent = not self.speaker.absent
            self.refresh_view()

    def action_type(self) -> None:
        if not self.ended:
            self.query_one("#meeting-today", TextArea).focus()

    def action_stop_typing(self) -> None:
        if self.focused is not None:
            self.set_focus(None)

    def action_pause(self) -> None:
        self.tick()
        self.running = not self.running
        self.show_clock()

    def action_limit(self, seconds: int) -> None:
        minutes = max(0.5, min(30.0, self.app.settings.standup_minutes + seconds / 60))
        self.app.settings.standup_minutes = minutes
        self.app.settings.save()
        self.show_clock()

    def action_end(self) -> None:
        if self.ended:
            return

        async def finish() -> None:
            self.tick()
            self.ended = True
            await self.recompose()

        def then() -> None:
            self.run_worker(finish(), exclusive=True, group="meeting-end")

        self.save_note(then)

    def action_leave(self) -> None:
        if self.ended:
            self.dismiss()
        else:
            self.save_note(self.dismiss)

    # -- the summary ---------------------------------------------------------------------

    def compose_summary(self) -> ComposeResult:
        info = standup.summary(self.store, self.day)
        with VerticalScroll(id="meeting-summary"):
            yield Static(Text(_("Meeting summary") + " · " + format_weekday_date(self.day), style="bold"), markup=False)
            present = [s for s in self.speakers if s.visited and not s.absent]
            absent = [s for s in self.speakers if s.absent or not s.visited]
            text = Text()
            text.append(_("Present") + f" ({len(present)})\n", style="bold")
            for speaker in present:
                over = speaker.elapsed > self.limit
                text.append(f"  {one_line(speaker.name, 40)}  {format_duration(speaker.elapsed)}")
                if over:
                    text.append("  " + _("over time"), style="bold red")
                text.append("\n")
            text.append("\n" + _("Absent") + f" ({len(absent)})\n", style="bold")
            for speaker in absent:
                text.append(f"  {one_line(speaker.name, 40)}\n")
            text.append("\n" + _("Blockers") + f" ({len(info['blockers'])})\n", style="bold")
            for row in info["blockers"]:
                text.append(f"  {one_line(row['display_name'], 40)}: ", style="bold yellow")
                text.append(one_line(row["blockers"], 300) + "\n")
            if not info["blockers"]:
                text.append("  " + _("No blockers.") + "\n")
            total = sum(s.elapsed for s in self.speakers)
            text.append("\n" + _("Meeting time: {time}").format(time=format_duration(total)), style="dim")
            yield Static(text, id="meeting-summary-text", markup=False)
            yield Static(_("q: back to the board · x: export the minutes"), classes="dialog-hint", markup=False)

    def check_action(self, action: str, parameters) -> bool | None:
        if self.ended and action in ("next", "previous", "absent", "type", "pause", "limit", "end", "stop_typing"):
            return False
        if not self.ended and action == "export":
            return False
        return True

    def action_export(self) -> None:
        export_minutes(self.app, self.day)

    async def on_language_changed(self) -> None:
        values = self.typed() if not self.ended else None
        await self.recompose()
        if values:
            for field in standup.FIELDS:
                self.query_one(f"#meeting-{field}", TextArea).text = values[field]
        if not self.ended:
            self.refresh_view()

    def refresh_data(self) -> None:
        """Others' changes show on the summary; a speaker's open note is not overwritten."""
