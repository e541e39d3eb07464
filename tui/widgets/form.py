"""Edit forms as modal screens, one reusable kind for every area.

A form is a list of `Field`s and a `save(store, values, version)` callback that calls the
store. The save runs on the app's store thread (`HuddleApp.db`), never on the event loop:
while another process holds the write lock the form says it is waiting, keeps everything
typed (typing goes on), and `escape` stops the wait. The form stays open until the save
succeeds, so nothing typed is lost:

* a `ValidationError` shows its message (in the active language) and focuses the field;
* a `ConflictError` (someone saved first) is merged three ways (`tui/store/merge.py`): the
  form keeps the values it was opened with (the base), so a field only they changed takes
  theirs, a field only I changed keeps mine, and only a field both changed differently is
  asked about (`ConflictScreen`); without such a clash the merge is saved at once and a
  line says what was taken from whom;
* any other `StoreError` (read-only file, disk full, busy) shows why and keeps the draft;
* every change is written to a local draft file, so a crash or a dropped SSH connection
  loses nothing: the draft is offered back the next time the same item is edited.

`tab` moves between fields, `ctrl+s` saves, `escape` cancels (and asks first if anything
changed).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from .. import drafts
from ..i18n import N_, _, get_language, sentences, with_note
from ..store.errors import Cancelled, ConflictError, StoreError, ValidationError
from ..store.merge import Merge, three_way
from ..text import clean
from .bound import key_of
from .modal import HuddleModal


@dataclass(frozen=True)
class Field:
    """One field of a form. `label` and `placeholder` are English msgids."""

    name: str
    label: str
    kind: str = "line"  # line | text | choice | date | number
    choices: tuple[tuple[str, str], ...] = ()  # (value, label shown as is) for kind="choice"
    placeholder: str = ""
    required: bool = False
    height: int = 4  # rows, for kind="text"
    translate_choices: bool = False  # choice labels are msgids (statuses) rather than data
    allow_blank: bool = True


def _required(label: str) -> str:
    """The message for an empty required field, in the active language."""
    return _("{field} is required.").format(field=_(label))


class FormScreen(HuddleModal):
    """A modal form. Dismisses with the saved result (whatever `save` returned) or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
        # Priority, so focus moves as the key comes in: keys typed ahead after a tab (over
        # SSH they arrive in one burst) go to the next field, not the one being left.
        Binding("tab", "next_field", N_("Next field"), id="form.next", show=False, priority=True),
        Binding("shift+tab", "previous_field", N_("Previous field"), id="form.previous", show=False,
                priority=True),
    ]

    def action_next_field(self) -> None:
        if self._dropdown_open():
            raise SkipAction()  # an open list has tab as its own
        self.focus_next()

    def action_previous_field(self) -> None:
        if self._dropdown_open():
            raise SkipAction()
        self.focus_previous()

    def _dropdown_open(self) -> bool:
        return any(select.expanded for select in self.query(Select))

    def __init__(
        self,
        title: str | Callable[[], str],
        fields: list[Field],
        values: dict,
        save: Callable[..., object],
        *,
        version: int | None = None,
        to_values: Callable[[dict], dict] | None = None,
        draft_key: str | None = None,
        subtitle: str | Callable[[], str] = "",
        focus: str | None = None,
        save_label: str = N_("Save"),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.save_label = save_label
        """What the save button does, as an English msgid ("Reject" in a reject dialog)."""
        self._title = title
        """The title, or a function that words it in the active language (F2 re-words it)."""
        self._subtitle = subtitle
        self.fields = fields
        self.original = {f.name: values.get(f.name, "") or "" for f in fields}
        self.values = dict(self.original)
        self.saver = save
        self.threaded = _takes_store(save)
        """`save(store, values, version)` runs on the store thread; an older two-argument
        `save(values, version)` still runs here, on the event loop."""
        self.to_values = to_values or (lambda row: dict(row))
        """Their row (a conflict's `current`) as this form's values, for the merge."""
        self.version = version
        self.saving = False
        self._save_queued = False
        self.draft_key = draft_key
        self.error: str = ""
        self.error_field: str | None = None
        self._error_source: Callable[[], str] | None = None
        """Words the current error again in the active language (F2), when it can."""
        self.restored_from: str | None = None
        self._focus_name: str | None = focus or (fields[0].name if fields else None)
        if draft_key:
            draft = drafts.load(self.app_db_path(), draft_key) if self._has_app() else None
            if draft and draft.get("values") != self.original:
                self.values.update({k: v for k, v in draft["values"].items() if k in self.values})
                self.restored_from = draft.get("saved_at")

    # The form may be built before it is attached to the app; drafts need the workspace path.
    def _has_app(self) -> bool:
        try:
            return self.app is not None
        except RuntimeError:  # not attached to an app yet (Textual raises NoActiveAppError)
            return False

    def app_db_path(self):
        return self.app.db_path

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.title_text, id="form-title", classes="dialog-title", markup=False)
            if self.subtitle:
                yield Static(self.subtitle, id="form-subtitle", classes="dialog-subtitle", markup=False)
            if self.restored_from:
                yield Static(self._restored_text(), id="form-restored", classes="form-restored", markup=False)
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    yield Label(Text(self._label(spec)), id=f"label-{spec.name}", classes="form-label")
                    yield self._widget_for(spec)
                    yield Static("", id=f"error-{spec.name}", classes="field-error", markup=False)
            yield Static(self.error, id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._button_text("form.save"), id="form-save", variant="primary", compact=True)
                yield Button(self._button_text("form.cancel"), id="form-cancel", compact=True)

    @property
    def title_text(self) -> str:
        return self._title() if callable(self._title) else self._title

    @property
    def subtitle(self) -> str:
        return self._subtitle() if callable(self._subtitle) else self._subtitle

    @staticmethod
    def _label(spec: Field) -> str:
        return _(spec.label) + (" *" if spec.required else "")

    def _restored_text(self) -> str:
        return _("Restored your unsaved draft. Save it, or press {key} to discard it.").format(
            key=key_of(self, "form.cancel")
        )

    def _button_text(self, binding_id: str) -> str:
        binding = self._binding(binding_id)
        words = self.save_label if binding_id == "form.save" else binding.description
        return with_note(_(words), key_of(self, binding_id))

    async def on_language_changed(self) -> None:
        """F2 while the form is open: re-word everything in place. Nothing is recomposed,
        so focus, the cursor and every typed character stay where they are."""
        self._language = get_language()
        for selector, text in (("#form-title", self.title_text), ("#form-subtitle", self.subtitle)):
            for static in self.query(selector).results(Static):
                static.update(text)
        for static in self.query("#form-restored").results(Static):
            static.update(self._restored_text())
        self.query_one("#form-save", Button).label = self._button_text("form.save")
        self.query_one("#form-cancel", Button).label = self._button_text("form.cancel")
        for spec in self.fields:
            self.query_one(f"#label-{spec.name}", Label).update(Text(self._label(spec)))
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Input):
                widget.placeholder = self._placeholder(spec)
            elif isinstance(widget, Select):
                value = widget.value
                widget.set_options(self._options(spec))
                widget.prompt = _("Choose…")
                if value is not Select.NULL:
                    widget.value = value
        if self._error_source is not None:
            self.error = self._error_source()
            self._show_error()

    def _widget_for(self, spec: Field) -> Widget:
        value = self.values.get(spec.name, "")
        widget_id = f"field-{spec.name}"
        if spec.kind == "text":
            area = TextArea(str(value), id=widget_id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True)
            area.styles.height = spec.height
            return area
        if spec.kind == "choice":
            select = Select(
                self._options(spec),
                id=widget_id,
                prompt=_("Choose…"),
                allow_blank=spec.allow_blank,
                value=value if value in {c for c, _l in spec.choices} else Select.NULL,
                compact=True,
            )
            return select
        return Input(
            str(value),
            id=widget_id,
            placeholder=self._placeholder(spec),
            select_on_focus=False,  # typing carries on after the text, never replaces it
            type="number" if spec.kind == "number" else "text",
            compact=True,
        )

    @staticmethod
    def _placeholder(spec: Field) -> str:
        if spec.placeholder:
            return _(spec.placeholder)
        return "YYYY-MM-DD" if spec.kind == "date" else ""

    @staticmethod
    def _options(spec: Field) -> list[tuple[Text, str]]:
        return [
            (Text(_(label) if spec.translate_choices else clean(label, multiline=False)), choice)
            for choice, label in spec.choices
        ]

    def on_mount(self) -> None:
        # Editing existing text carries on at its end, not in front of it.
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)
        for line in self.query(Input):
            line.cursor_position = len(line.value)
        self._show_error()
        self._focus_field(self.error_field or self._focus_name)

    def _focus_field(self, name: str | None) -> None:
        if name:
            try:
                self.query_one(f"#field-{name}").focus()
            except NoMatches:  # a field the form does not show
                pass

    # -- keeping the draft ---------------------------------------------------------------

    def _set(self, widget_id: str | None, value) -> None:
        if not widget_id or not widget_id.startswith("field-"):
            return
        name = widget_id.removeprefix("field-")
        self.values[name] = "" if value is Select.NULL or value is None else value
        self._focus_name = name
        if self.draft_key:
            if self.values != self.original:
                problem = drafts.save(self.app.db_path, self.draft_key, self.values)
                if problem and not getattr(self, "_draft_problem", None):  # told once per form
                    self._draft_problem = problem
                    self.app.notify(problem, severity="warning", markup=False, timeout=10)
            else:
                drafts.discard(self.app.db_path, self.draft_key)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._set(event.input.id, event.value)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        self._set(event.text_area.id, event.text_area.text)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self._set(event.select.id, event.value)

    @on(events.DescendantFocus)
    def _show_open_dropdown(self, event: events.DescendantFocus) -> None:
        """A dropdown opens in place inside the form (huddle.tcss): scroll the form so
        the whole list shows, once it has its size."""
        if isinstance(event.widget.parent, Select):  # its list (SelectOverlay) has focus
            self.call_after_refresh(event.widget.scroll_visible, animate=False)

    @property
    def dirty(self) -> bool:
        return self.values != self.original or self.restored_from is not None

    # -- saving ----------------------------------------------------------------------------

    def _show_error(self) -> None:
        """A field's error shows right under the field (which keeps its value); an error
        of the whole form shows above the buttons."""
        try:
            general = self.query_one("#form-error", Static)
        except Exception:  # noqa: BLE001 - not composed yet
            return
        on_field = self.error_field in {spec.name for spec in self.fields}
        general.update("" if on_field else self.error)
        for spec in self.fields:
            mine = on_field and spec.name == self.error_field
            for widget in self.query(f"#field-{spec.name}"):
                widget.set_class(mine, "-invalid")
            for note in self.query(f"#error-{spec.name}").results(Static):
                note.update(self.error if mine else "")
                note.set_class(mine, "-shown")
                if mine:
                    self.call_after_refresh(note.scroll_visible)

    def fail(self, message: str | Callable[[], str], field: str | None = None) -> None:
        """Show `message` (or a function that words it, so that F2 re-words it too)."""
        self._error_source = message if callable(message) else None
        self.error = message() if callable(message) else message
        self.error_field = field
        self._show_error()
        self._focus_field(field)

    def _read_fields(self) -> None:
        """Take every typed field's value from its widget now. `ctrl+s` is a priority key: it can
        be handled before the Changed messages of the keys typed just before it, so the
        values those messages keep may lag a character or two behind the screen."""
        for spec in self.fields:
            for widget in self.query(f"#field-{spec.name}"):
                # Typed fields only: a dropdown changes by a choice, never by a key in a
                # burst, and may show no choice for a value it does not offer (an archived
                # project), which must not be written back as empty.
                if isinstance(widget, (TextArea, Input)):
                    shown = widget.text if isinstance(widget, TextArea) else widget.value
                    if shown != str(self.values.get(spec.name, "")):  # a number stays a number
                        self.values[spec.name] = shown

    def action_save(self) -> None:
        """Save once the field being typed in has handled the keys typed before `ctrl+s`
        (a priority key, it arrives ahead of them: over SSH a burst of keys comes at once)."""
        if self.saving:
            return
        typing = self.app.focused
        if isinstance(typing, (TextArea, Input)) and typing.screen is self and not self._save_queued:
            self._save_queued = True
            typing.call_later(self._save_after_typing)
            return
        self._save_now()

    def _save_after_typing(self) -> None:
        self._save_queued = False
        self._save_now()

    def _save_now(self) -> None:
        if self.saving:
            return
        for spec in self.fields:
            if spec.required and not str(self.values.get(spec.name, "")).strip():
                self.fail(partial(_required, spec.label), spec.name)
                return
        self._read_fields()
        submitted = dict(self.values)
        if not self.threaded:
            try:
                result = self.saver(submitted, self.version)
            except Exception as error:  # noqa: BLE001 - sorted out in _failed
                self._failed(error, submitted)
                return
            self._saved(result, submitted)
            return
        self.saving = True
        self._save_on_store_thread(submitted, self.version)

    @work(group="form-save", exit_on_error=False)
    async def _save_on_store_thread(self, submitted: dict, version: int | None) -> None:
        try:
            result = await self.app.db(self.saver, submitted, version)
        except Exception as error:  # noqa: BLE001 - sorted out in _failed
            self.saving = False
            self._failed(error, submitted)
            return
        self.saving = False
        self._saved(result, submitted)

    def _failed(self, error: Exception, submitted: dict) -> None:
        if isinstance(error, ConflictError):
            self._resolve_conflict(error, submitted)
        elif isinstance(error, Cancelled):
            self.fail(lambda: _("Stopped waiting for the workspace: nothing was saved. Your text is kept; save again when ready."))
        elif isinstance(error, ValidationError):
            self.fail(str(error), error.field if error.field in self.values else None)
        elif isinstance(error, StoreError):
            self.fail(str(error))
        else:
            self.fail(_("Could not save: {error}").format(error=error))
            raise error

    def _saved(self, result: object, submitted: dict) -> None:
        if self.values != submitted:
            # Typed on while the save waited: what was submitted is saved; the rest stays
            # in the form (and its draft), on top of the saved version.
            self.original = submitted
            if isinstance(result, dict) and "version" in result:
                self.version = result["version"]
            self.fail(lambda: _("Saved. You typed more while it was saving: save again to keep that too."))
            return
        if self.draft_key:
            drafts.discard(self.app.db_path, self.draft_key)
        self.dismiss(result)

    def show_waiting(self, others: str) -> None:
        """The save waits for another process's write (called by the app)."""
        if not self.saving:
            return
        def message() -> str:
            text = _("Waiting for the workspace: someone else is saving.")
            if others:
                text = sentences(text, _("Online now: {names}.").format(names=others))
            key = key_of(self, "form.cancel")
            return sentences(text, _("{key} stops waiting.").format(key=key))

        self.fail(message)

    def _binding(self, binding_id: str) -> Binding:
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return binding
        raise KeyError(binding_id)

    def _resolve_conflict(self, conflict: ConflictError, submitted: dict) -> None:
        """Merge three ways: the base this form was opened from, mine, theirs."""
        theirs_row = conflict.current or {}
        theirs = self.to_values(theirs_row) if theirs_row else {}
        names = [spec.name for spec in self.fields]
        merge = three_way(self.original, submitted, theirs, names)
        who = theirs_row.get("updated_by") or ""
        if who:
            who = self.app.display_name(who)

        def apply(values: dict) -> None:
            # Their row is the new base; anything typed since the save was pressed stays.
            typed_since = {name: self.values[name] for name in names if self.values.get(name) != submitted.get(name)}
            self.values.update(values)
            self.values.update(typed_since)
            self.version = theirs_row.get("version")
            self.original = {name: theirs.get(name, self.original.get(name, "")) for name in self.original}
            self.error, self.error_field = "", None
            self.refresh_values()
            self._show_error()
            self.action_save()

        if merge.clean:
            self.app.notify(merged_summary(merge, who, self.fields), markup=False, timeout=6)
            apply(dict(merge.values))
            return

        def chosen(choices: dict | None) -> None:
            if choices is None:
                self.fail(sentences(str(conflict), _("Your draft is kept; save again when ready.")))
                return
            apply(merge.resolve(choices, theirs))

        clashing = [spec for spec in self.fields if spec.name in merge.clashes]
        self.app.push_screen(ConflictScreen(clashing, submitted, theirs, str(conflict), merge=merge), chosen)

    def refresh_values(self) -> None:
        """Put `self.values` back into the widgets (after a merge)."""
        for spec in self.fields:
            try:
                widget = self.query_one(f"#field-{spec.name}")
            except NoMatches:
                continue
            value = self.values.get(spec.name, "")
            if isinstance(widget, TextArea):
                if widget.text != value:
                    widget.text = str(value)
            elif isinstance(widget, Input):
                if widget.value != str(value):
                    widget.value = str(value)
            elif isinstance(widget, Select):
                widget.value = value if value else Select.NULL

    def action_cancel(self) -> None:
        if self.saving:  # escape while the save waits for the lock: stop waiting
            self.app.store_thread.cancel()
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                if self.draft_key:
                    drafts.discard(self.app.db_path, self.draft_key)
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(lambda: _("Discard your changes?"), yes=N_("Discard"), no=N_("Keep editing")), answered)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ConfirmScreen(HuddleModal):
    """A yes/no question. `y`/enter says yes, `n`/escape says no."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str | Callable[[], str], *, yes: str = N_("Yes"), no: str = N_("No")) -> None:
        super().__init__()
        self._question, self.yes, self.no = question, yes, no

    @property
    def question(self) -> str:
        return self._question() if callable(self._question) else self._question

    def _key(self, binding_id: str) -> str:
        return key_of(self, binding_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(with_note(_(self.yes), self._key("confirm.yes")), id="confirm-yes", variant="warning", compact=True)
                yield Button(with_note(_(self.no), self._key("confirm.no")), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


class ConflictScreen(HuddleModal):
    """Someone saved first and changed a field I changed too, differently: show both
    versions of each such field and let the user choose, field by field. Every other field
    is already merged (`tui/store/merge.py`) and not shown. Dismisses with
    `{field: "mine" | "theirs"}`, or None to go back to editing (the draft is kept)."""

    BINDINGS = [
        Binding("ctrl+s", "apply", N_("Save the choice"), id="conflict.apply", priority=True),
        Binding("y", "all('mine')", N_("Keep all mine"), id="conflict.mine"),
        Binding("t", "all('theirs')", N_("Take all theirs"), id="conflict.theirs"),
        Binding("escape", "back", N_("Back to editing"), id="conflict.back"),
    ]

    def __init__(self, fields: list[Field], mine: dict, theirs: dict, message: str, *, merge: Merge | None = None) -> None:
        super().__init__()
        self.fields = [f for f in fields if str(mine.get(f.name, "") or "") != str(theirs.get(f.name, "") or "")]
        self.mine, self.theirs, self.message, self.merge = mine, theirs, message, merge
        self.choice = {f.name: "mine" for f in self.fields}

    def _key(self, binding_id: str) -> str:
        return key_of(self, binding_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(self.message, classes="dialog-title", markup=False)
            yield Static(
                _("You both changed the fields below. Choose which version each keeps. {mine}: all mine · {theirs}: all theirs · {save}: save").format(
                    mine=self._key("conflict.mine"), theirs=self._key("conflict.theirs"), save=self._key("conflict.apply")
                ),
                classes="dialog-subtitle",
                markup=False,
            )
            if self.merge is not None and (self.merge.theirs_taken or self.merge.mine_kept):
                yield Static(merged_fields_line(self.merge, self.all_fields_labels()), classes="dialog-subtitle", markup=False)
            with VerticalScroll(classes="conflict-fields"):
                if not self.fields:
                    yield Static(_("Their version is the same as yours."), markup=False)
                for spec in self.fields:
                    yield Label(Text(_(spec.label), style="bold"))
                    yield Static(self._verdict(spec.name), id=f"verdict-{spec.name}", classes="conflict-verdict", markup=False)
                    with Horizontal(classes="conflict-row"):
                        with Vertical(classes="conflict-side"):
                            yield Static(_("Yours"), classes="conflict-heading", markup=False)
                            yield Static(clean(str(self.mine.get(spec.name, "") or "")), markup=False)
                        with Vertical(classes="conflict-side"):
                            yield Static(_("Theirs"), classes="conflict-heading", markup=False)
                            yield Static(clean(str(self.theirs.get(spec.name, "") or "")), markup=False)
                    with RadioSet(id=f"choice-{spec.name}", classes="conflict-choice"):
                        yield RadioButton(_("Keep mine"), value=self.choice[spec.name] == "mine", id=f"mine-{spec.name}")
                        yield RadioButton(_("Take theirs"), value=self.choice[spec.name] == "theirs", id=f"theirs-{spec.name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(with_note(_("Save the choice"), self._key("conflict.apply")), id="conflict-apply", variant="primary", compact=True)
                yield Button(with_note(_("Back to editing"), self._key("conflict.back")), id="conflict-back", compact=True)

    def all_fields_labels(self) -> dict[str, str]:
        return {name: name for name in self.merge.values} if self.merge else {}

    def _verdict(self, name: str) -> str:
        """Which side this field will take, in words (not colour alone)."""
        return _("Will keep yours.") if self.choice.get(name) == "mine" else _("Will take theirs.")

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        pressed = event.pressed.id or ""
        side, _dash, name = pressed.partition("-")
        if name in self.choice:
            self.choice[name] = side
            self.query_one(f"#verdict-{name}", Static).update(self._verdict(name))

    async def action_all(self, side: str) -> None:
        for name in self.choice:
            self.choice[name] = side
        await self.recompose()

    def merged(self) -> dict:
        """Mine, with each field chosen as theirs replaced (for callers without a merge)."""
        result = dict(self.mine)
        for name, side in self.choice.items():
            if side == "theirs":
                result[name] = self.theirs.get(name, "") or ""
        return result

    def action_apply(self) -> None:
        self.dismiss(dict(self.choice) if self.merge is not None else self.merged())

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#conflict-apply")
    def _apply(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#conflict-back")
    def _back(self) -> None:
        self.action_back()


def _takes_store(save: Callable[..., object]) -> bool:
    """A `save(store, values, version)` callback (three parameters) runs on the store thread."""
    try:
        parameters = inspect.signature(save).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3


def merged_summary(merge: Merge, who: str, fields: list[Field]) -> str:
    """One line after a merge without clashes: what came from them, what stayed mine."""
    labels = {spec.name: _(spec.label) for spec in fields}
    taken = _(", ").join(labels[n] for n in merge.theirs_taken) if merge.theirs_taken else ""
    kept = _(", ").join(labels[n] for n in merge.mine_kept) if merge.mine_kept else ""
    name = clean(who, multiline=False) or _("someone")
    if taken and kept:
        return _("Merged with {name}'s save: took their {taken}, kept your {kept}.").format(name=name, taken=taken, kept=kept)
    if taken:
        return _("Merged with {name}'s save: took their {taken}.").format(name=name, taken=taken)
    if kept:
        return _("Merged with {name}'s save: kept your {kept}.").format(name=name, kept=kept)
    return _("{name} saved the same changes as you.").format(name=name)


def merged_fields_line(merge: Merge, _labels: dict[str, str]) -> str:
    count = len(merge.theirs_taken) + len(merge.mine_kept)
    return _("Other fields are merged already ({count}).").format(count=count)
