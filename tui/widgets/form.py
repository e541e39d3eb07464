"""Edit forms as modal screens, one reusable kind for every area.

A form is a list of `Field`s and a `save` callback that calls the store. The form stays
open until the save succeeds, so nothing typed is lost:

* a `ValidationError` shows its message (in the active language) and focuses the field;
* a `ConflictError` (someone saved first) opens `ConflictScreen`: their version beside
  yours, keep yours, take theirs or choose field by field, then save again on top of theirs;
* any other `StoreError` (read-only file, disk full, busy) shows why and keeps the draft;
* every change is written to a local draft file, so a crash or a dropped SSH connection
  loses nothing: the draft is offered back the next time the same item is edited.

`tab` moves between fields, `ctrl+s` saves, `escape` cancels (and asks first if anything
changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from .. import drafts
from ..i18n import N_, _
from ..screens.base import HuddleModal
from ..store.errors import ConflictError, StoreError, ValidationError
from ..text import clean


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


class FormScreen(HuddleModal):
    """A modal form. Dismisses with the saved result (whatever `save` returned) or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        values: dict,
        save: Callable[[dict, int | None], object],
        *,
        version: int | None = None,
        draft_key: str | None = None,
        subtitle: str = "",
        focus: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.subtitle = subtitle
        self.fields = fields
        self.original = {f.name: values.get(f.name, "") or "" for f in fields}
        self.values = dict(self.original)
        self.saver = save
        self.version = version
        self.draft_key = draft_key
        self.error: str = ""
        self.error_field: str | None = None
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
        except Exception:
            return False

    def app_db_path(self):
        return self.app.db_path

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.subtitle:
                yield Static(self.subtitle, classes="dialog-subtitle", markup=False)
            if self.restored_from:
                yield Static(
                    _("Restored your unsaved draft. Save it, or press escape to discard it."),
                    classes="form-restored",
                    markup=False,
                )
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    label = _(spec.label) + (" *" if spec.required else "")
                    yield Label(Text(label), classes="form-label")
                    yield self._widget_for(spec)
            yield Static(self.error, id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save") + " (ctrl+s)", id="form-save", variant="primary", compact=True)
                yield Button(_("Cancel") + " (esc)", id="form-cancel", compact=True)

    def _widget_for(self, spec: Field) -> Widget:
        value = self.values.get(spec.name, "")
        widget_id = f"field-{spec.name}"
        placeholder = _(spec.placeholder) if spec.placeholder else ""
        if spec.kind == "text":
            area = TextArea(str(value), id=widget_id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, compact=True)
            area.styles.height = spec.height
            return area
        if spec.kind == "choice":
            options = [
                (Text(_(label) if spec.translate_choices else clean(label, multiline=False)), choice)
                for choice, label in spec.choices
            ]
            select = Select(
                options,
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
            placeholder=placeholder or ("YYYY-MM-DD" if spec.kind == "date" else ""),
            type="number" if spec.kind == "number" else "text",
            compact=True,
        )

    def on_mount(self) -> None:
        self._show_error()
        self._focus_field(self.error_field or self._focus_name)

    def _focus_field(self, name: str | None) -> None:
        if name:
            try:
                self.query_one(f"#field-{name}").focus()
            except Exception:
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
                drafts.save(self.app.db_path, self.draft_key, self.values)
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

    @property
    def dirty(self) -> bool:
        return self.values != self.original or self.restored_from is not None

    # -- saving ----------------------------------------------------------------------------

    def _show_error(self) -> None:
        try:
            self.query_one("#form-error", Static).update(self.error)
        except Exception:
            return
        for spec in self.fields:
            try:
                self.query_one(f"#field-{spec.name}").set_class(spec.name == self.error_field, "-invalid")
            except Exception:
                pass

    def fail(self, message: str, field: str | None = None) -> None:
        self.error, self.error_field = message, field
        self._show_error()
        self._focus_field(field)

    def action_save(self) -> None:
        for spec in self.fields:
            if spec.required and not str(self.values.get(spec.name, "")).strip():
                self.fail(_("{field} is required.").format(field=_(spec.label)), spec.name)
                return
        try:
            result = self.saver(dict(self.values), self.version)
        except ConflictError as conflict:
            self._resolve_conflict(conflict)
            return
        except ValidationError as error:
            self.fail(str(error), error.field if error.field in self.values else None)
            return
        except StoreError as error:
            self.fail(str(error))
            return
        if self.draft_key:
            drafts.discard(self.app.db_path, self.draft_key)
        self.dismiss(result)

    def _resolve_conflict(self, conflict: ConflictError) -> None:
        theirs = conflict.current or {}

        def chosen(merged: dict | None) -> None:
            if merged is None:
                self.fail(str(conflict) + " " + _("Your draft is kept; save again when ready."))
                return
            self.values.update(merged)
            self.version = theirs.get("version")
            self.original = {name: theirs.get(name, "") or "" for name in self.original}
            self.error, self.error_field = "", None
            self.refresh_values()
            self.action_save()

        self.app.push_screen(ConflictScreen(self.fields, dict(self.values), theirs, str(conflict)), chosen)

    def refresh_values(self) -> None:
        """Put `self.values` back into the widgets (after a merge)."""
        for spec in self.fields:
            try:
                widget = self.query_one(f"#field-{spec.name}")
            except Exception:
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
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                if self.draft_key:
                    drafts.discard(self.app.db_path, self.draft_key)
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Discard your changes?"), yes=N_("Discard"), no=N_("Keep editing")), answered)

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

    def __init__(self, question: str, *, yes: str = N_("Yes"), no: str = N_("No")) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_(self.yes) + " (y)", id="confirm-yes", variant="warning", compact=True)
                yield Button(_(self.no) + " (n)", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


class ConflictScreen(HuddleModal):
    """Someone saved first: show both versions of each differing field and let the user
    choose, field by field. Dismisses with the merged values, or None to go back to editing
    (the draft is kept either way)."""

    BINDINGS = [
        Binding("ctrl+s", "apply", N_("Save the choice"), id="conflict.apply", priority=True),
        Binding("y", "all('mine')", N_("Keep all mine"), id="conflict.mine"),
        Binding("t", "all('theirs')", N_("Take all theirs"), id="conflict.theirs"),
        Binding("escape", "back", N_("Back to editing"), id="conflict.back"),
    ]

    def __init__(self, fields: list[Field], mine: dict, theirs: dict, message: str) -> None:
        super().__init__()
        self.fields = [f for f in fields if str(mine.get(f.name, "") or "") != str(theirs.get(f.name, "") or "")]
        self.mine, self.theirs, self.message = mine, theirs, message
        self.choice = {f.name: "mine" for f in self.fields}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(self.message, classes="dialog-title", markup=False)
            yield Static(
                _("Choose which version to keep for each field. y: all mine · t: all theirs · ctrl+s: save"),
                classes="dialog-subtitle",
                markup=False,
            )
            with VerticalScroll(classes="conflict-fields"):
                if not self.fields:
                    yield Static(_("Their version is the same as yours."), markup=False)
                for spec in self.fields:
                    yield Label(Text(_(spec.label), style="bold"))
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
                yield Button(_("Save the choice") + " (ctrl+s)", id="conflict-apply", variant="primary", compact=True)
                yield Button(_("Back to editing") + " (esc)", id="conflict-back", compact=True)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        pressed = event.pressed.id or ""
        side, _dash, name = pressed.partition("-")
        if name in self.choice:
            self.choice[name] = side

    async def action_all(self, side: str) -> None:
        for name in self.choice:
            self.choice[name] = side
        await self.recompose()

    def merged(self) -> dict:
        result = dict(self.mine)
        for name, side in self.choice.items():
            if side == "theirs":
                result[name] = self.theirs.get(name, "") or ""
        return result

    def action_apply(self) -> None:
        self.dismiss(self.merged())

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#conflict-apply")
    def _apply(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#conflict-back")
    def _back(self) -> None:
        self.action_back()
