"""Meeting mode: walk the room one speaker at a time, with a timer the whole room can see.

The facilitator moves between speakers with single keys (`n`, `p`), marks someone absent
(`a`, again to undo), and can type into the speaker's note (`enter` to start typing,
`escape` to stop). The meeting ends (`e`) on a summary: who was present, who was absent,
who was not reached before the end, who ran over time, the blockers.

What is written, and when:

* Moving to a speaker writes nothing. Their note is shown as stored (or, with no note yet,
  prefilled like the note form: their last "today" and their open blocker).
* When the facilitator moves on, only the fields typed into are saved (`standup.update`),
  version-checked against the note the screen showed (the base). If someone saved that
  note meanwhile, the three are merged (`tui/store/merge.py`): without a clash the merge
  is saved and one line says so; otherwise a dialog asks about the clashing fields only,
  and `escape` there keeps the typed text on screen, unsaved.
* Absence is stored at once (`standup.toggle_absent`), per day and member.

Writes run on the app's store thread inside workers, so the clock keeps ticking while a
save waits for someone else's write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Label, Static, TextArea

from ..i18n import N_, _, format_duration, format_weekday_date, label_prefix, sentences, with_note
from ..store import members, standup
from ..store.errors import ConflictError, StoreError
from ..store.merge import three_way
from ..text import clean, one_line
from ..widgets.bound import key_of
from ..widgets.footer import HuddleFooter
from ..widgets.form import ConflictScreen, merged_summary
from ..widgets.header import HuddleHeader
from .base import HuddleScreen
from .standup_notes import NOTE_FIELDS, export_minutes

MERGE_ROUNDS = 5
"""How many times a save is merged again when others keep saving the same note."""


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
    HELP = N_("Walk the room one speaker at a time, with a clock. Moving on saves only what was typed into the speaker's note; marking someone absent is kept for the day and undone with the same key. The meeting ends on a summary: present, absent, not reached.")

    BINDINGS = [
        Binding("n", "next", N_("Next"), id="meeting.next"),
        Binding("p", "previous", N_("Previous"), id="meeting.previous"),
        Binding("a", "absent", N_("Absent"), id="meeting.absent"),
        # Priority, and focus moves at once: what is typed right after enter (one burst
        # over SSH) goes into the note, never to the single keys (a: absent, e: end, n: next).
        Binding("enter", "type", N_("Type note"), id="meeting.type", priority=True),
        Binding("space", "pause", N_("Pause"), id="meeting.pause", show=False),
        Binding("plus,equals_sign", "limit(30)", N_("More time"), show=False, id="meeting.more"),
        Binding("minus", "limit(-30)", N_("Less time"), show=False, id="meeting.less"),
        Binding("e", "end", N_("End meeting"), id="meeting.end"),
        # While typing into a note the single keys above are letters: the footer then shows
        # these instead (see `check_action`).
        Binding("escape", "stop_typing", N_("Stop typing"), id="meeting.stop"),
        # Priority while typing, so keys typed ahead after a tab (one burst over SSH) go to
        # the next box, not the one being left.
        Binding("tab", "next_field", N_("Next field"), show=False, priority=True, id="meeting.next-field"),
        Binding("shift+tab", "previous_field", N_("Previous field"), show=False, priority=True,
                id="meeting.previous-field"),
        Binding("ctrl+n", "next_typing", N_("Next"), priority=True, id="meeting.next-typing"),
        Binding("ctrl+b", "previous_typing", N_("Previous"), priority=True, id="meeting.previous-typing"),
        Binding("ctrl+n", "next", N_("Next"), show=False, priority=True, id="meeting.next-ctrl"),
        Binding("ctrl+b", "previous", N_("Previous"), show=False, priority=True, id="meeting.previous-ctrl"),
        Binding("q", "leave", N_("Leave"), id="meeting.leave", show=False),
        Binding("E", "export", N_("Export minutes"), id="meeting.export"),
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
        """The version of each speaker's note as last shown (None: no note yet)."""
        self.base: dict[str, dict[str, str]] = {}
        """Each speaker's note as last shown, as the text areas hold it: a field differs
        from it only if someone typed into it (and only then is it saved)."""
        self.saving = False

    @property
    def limit(self) -> float:
        return self.app.settings.standup_minutes * 60

    def on_mount(self) -> None:
        rows = standup.board(self.store, self.day)
        self.speakers = [Speaker(row["login"], row["display_name"], absent=bool(row["absent"])) for row in rows]
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
        except NoMatches:
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
        """Show the speaker's note as stored (or the prefill of a new one). Writes nothing."""
        speaker = self.speaker
        if speaker is None:
            return
        values, version = standup.editor_values(self.store, self.day, speaker.login)
        try:
            for field in standup.FIELDS:
                area = self.query_one(f"#meeting-{field}", TextArea)
                area.text = values[field]
                area.move_cursor(area.document.end)  # typing on carries on after it
        except NoMatches:  # the summary is showing
            return
        self.versions[speaker.login] = version
        self.base[speaker.login] = self.typed()

    def typed(self) -> dict[str, str]:
        return {field: self.query_one(f"#meeting-{field}", TextArea).text for field in standup.FIELDS}

    def typed_changes(self) -> dict[str, str]:
        """The fields of the current speaker's note that someone typed into."""
        speaker = self.speaker
        if speaker is None or self.ended:
            return {}
        try:
            values = self.typed()
        except NoMatches:
            return {}
        base = self.base.get(speaker.login, {})
        return {field: value for field, value in values.items() if value != base.get(field, "")}

    def save_then(self, then) -> None:
        """Save what was typed into the speaker's note (nothing if nothing was), then run
        `then()`. A save that fails or is not resolved keeps the speaker and the text."""
        if self.saving:
            self.app.bell()
            return
        speaker = self.speaker
        if speaker is None or not self.typed_changes():
            then()
            return
        self.saving = True
        login = speaker.login
        self._save_worker(speaker, self.typed(), dict(self.base.get(login, {})), self.versions.get(login), then, MERGE_ROUNDS)

    @work(group="meeting-save", exit_on_error=False)
    async def _save_worker(self, speaker: Speaker, mine: dict, base: dict, version: int | None, then, rounds: int) -> None:
        try:
            saved = await self._save(speaker, mine, base, version, then, rounds)
        except BaseException:
            self.saving = False
            raise
        if saved is None:  # a dialog asks about a clash; its answer carries on
            return
        self.saving = False
        if saved:
            self.show_error("")
            then()

    async def _save(self, speaker: Speaker, mine: dict, base: dict, version: int | None, then, rounds: int) -> bool | None:
        """Save the typed fields of `speaker`'s note (`mine`, typed over `base`, which was
        at `version`), merging with whoever saved it since. True once saved; False (the
        reason shown) if not; None when a dialog asks about clashing fields."""
        login = speaker.login
        for _round in range(rounds):
            changes = {field: value for field, value in mine.items() if value != base.get(field, "")}
            # A new note is created as shown (the prefill too); an existing one changes
            # only in the fields typed into.
            payload = mine if version is None else changes
            if not payload:
                return True
            try:
                await self.app.db(standup.update, self.day, login, payload, expected_version=version)
                return True
            except ConflictError as error:
                conflict = error
            except StoreError as error:
                self.show_error(str(error))
                return False
            theirs_row = conflict.current or {}
            theirs = {field: theirs_row[field] or "" for field in standup.FIELDS} if theirs_row else {}
            their_version = theirs_row.get("version")
            merge = three_way(base, mine, theirs, standup.FIELDS)
            if not merge.clean:
                self._ask(speaker, merge, mine, theirs, their_version, str(conflict), then, rounds - 1)
                return None
            self._rebase(speaker, theirs, their_version)
            who = members.display_name(self.store, theirs_row.get("updated_by"))
            self.app.notify(merged_summary(merge, who, NOTE_FIELDS), markup=False, timeout=6)
            base, mine, version = theirs, {f: str(merge.values[f]) for f in standup.FIELDS}, their_version
        self.show_error(_("Others keep saving this note: try again in a moment."))
        return False

    def _rebase(self, speaker: Speaker, theirs: dict, their_version: int | None) -> None:
        """Their note becomes what the screen's text is compared with (once merged)."""
        if self.speaker is speaker:
            self.base[speaker.login], self.versions[speaker.login] = dict(theirs), their_version

    def _ask(self, speaker: Speaker, merge, mine: dict, theirs: dict, their_version, message: str, then, rounds: int) -> None:
        """Ask about the fields both changed; save the answer on top of their note."""

        def chosen(choices: dict | None) -> None:
            if choices is None:
                self.saving = False
                self.show_error(sentences(message, _("Your text is kept, not saved: move on again to choose.")))
                return
            self._rebase(speaker, theirs, their_version)
            values = merge.resolve(choices, theirs)
            resolved = {field: str(values[field]) for field in standup.FIELDS}
            self._save_worker(speaker, resolved, dict(theirs), their_version, then, max(rounds, 1))

        clashing = [spec for spec in NOTE_FIELDS if spec.name in merge.clashes]
        self.app.push_screen(ConflictScreen(clashing, mine, theirs, message, merge=merge), chosen)

    def show_error(self, message: str) -> None:
        try:
            self.query_one("#meeting-error", Static).update(message)
        except NoMatches:
            if message:
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

    def move(self, step: int) -> None:
        """Go to another speaker (nothing is written)."""
        if not self.speakers or self.ended:
            return
        self.tick()
        self.index = max(0, min(len(self.speakers) - 1, self.index + step))
        self.speakers[self.index].visited = True
        self.started = time.monotonic()
        self.show_error("")
        self.load_note()
        self.refresh_view()

    # -- actions ---------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.ended:
            return
        if self.index == len(self.speakers) - 1:
            self.action_end()
        else:
            self.save_then(lambda: self.move(1))

    def action_previous(self) -> None:
        if not self.ended:
            self.save_then(lambda: self.move(-1))

    def action_absent(self) -> None:
        if self.speaker and not self.ended:
            self._toggle_absent(self.speaker)

    @work(group="meeting-absent", exit_on_error=False)
    async def _toggle_absent(self, speaker: Speaker) -> None:
        try:
            speaker.absent = await self.app.db(standup.toggle_absent, self.day, speaker.login)
        except StoreError as error:
            self.show_error(str(error))
            return
        if not self.ended:
            self.refresh_view()

    def action_type(self) -> None:
        if not self.ended:
            self.set_focus(self.query_one("#meeting-today", TextArea))

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

        self.save_then(then)

    def action_leave(self) -> None:
        if self.ended:
            self.dismiss()
        else:
            self.save_then(self.dismiss)

    # -- the summary ---------------------------------------------------------------------

    def compose_summary(self) -> ComposeResult:
        info = standup.summary(self.store, self.day)
        absent_logins = {row["login"] for row in info["absent"]}
        with VerticalScroll(id="meeting-summary"):
            yield Static(Text(_("Meeting summary") + " · " + format_weekday_date(self.day), style="bold"), markup=False)
            absent = [s for s in self.speakers if s.login in absent_logins]
            present = [s for s in self.speakers if s.visited and s.login not in absent_logins]
            not_reached = [s for s in self.speakers if not s.visited and s.login not in absent_logins]
            text = Text()
            text.append(with_note(_("Present"), len(present)) + "\n", style="bold")
            for speaker in present:
                over = speaker.elapsed > self.limit
                text.append(f"  {one_line(speaker.name, 40)}  {format_duration(speaker.elapsed)}")
                if over:
                    text.append("  " + _("over time"), style="bold red")
                text.append("\n")
            for heading, group in ((_("Absent"), absent), (_("Not reached"), not_reached)):
                text.append("\n" + with_note(heading, len(group)) + "\n", style="bold")
                for speaker in group:
                    text.append(f"  {one_line(speaker.name, 40)}\n")
            text.append("\n" + with_note(_("Blockers"), len(info["blockers"])) + "\n", style="bold")
            for row in info["blockers"]:
                text.append("  " + label_prefix(one_line(row["display_name"], 40)), style="bold yellow")
                text.append(one_line(row["blockers"], 300) + "\n")
            if not info["blockers"]:
                text.append("  " + _("No blockers.") + "\n")
            total = sum(s.elapsed for s in self.speakers)
            text.append("\n" + _("Meeting time: {time}").format(time=format_duration(total)), style="dim")
            yield Static(text, id="meeting-summary-text", markup=False)
            yield Static(
                _("{back}: back to the board · {export}: export the minutes").format(
                    back=self._key("meeting.leave"), export=self._key("meeting.export")
                ),
                classes="dialog-hint",
                markup=False,
            )

    def _key(self, binding_id: str) -> str:
        return key_of(self, binding_id)

    @property
    def typing(self) -> bool:
        return isinstance(self.focused, TextArea)

    def check_action(self, action: str, parameters) -> bool | None:
        if self.ended and action in ("next", "previous", "absent", "type", "pause", "limit", "end", "stop_typing",
                                     "next_typing", "previous_typing"):
            return False
        if action in ("next_typing", "previous_typing", "stop_typing", "next_field", "previous_field"):
            return self.typing
        if action in ("next", "previous", "absent", "type", "end") and self.typing:
            return False  # letters go into the note; the footer shows the typing keys
        return self.ended or action != "export"

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def action_next_typing(self) -> None:
        self._after_typing(self.action_next)

    def action_previous_typing(self) -> None:
        self._after_typing(self.action_previous)

    def _after_typing(self, then) -> None:
        """`ctrl+n`/`ctrl+b` are priority keys: over SSH they can arrive while the keys
        typed before them still wait in the text box's queue. Move on only after the box has
        handled them, so they stay with the speaker they were typed for."""
        typing = self.app.focused
        if isinstance(typing, TextArea) and typing.screen is self:
            typing.call_later(then)
        else:
            then()

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
        """Others' changes: who is absent, and the speaker's note unless someone is typing
        into it (typed text is never overwritten)."""
        absent = standup.absent_logins(self.store, self.day)
        for speaker in self.speakers:
            speaker.absent = speaker.login in absent
        if self.ended:
            return
        if not self.saving and not self.typed_changes():
            self.load_note()
        self.refresh_view()
