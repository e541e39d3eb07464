"""Where an export goes: asked before anything is written.

Exports (the standup minutes, a milestone review) never land silently in the current
folder, which on a shared host may be a folder teammates can write into. `ExportScreen`
shows the path first: by default a file in the `exports` folder under the user's data
dir (`~/.local/share/huddle/exports/`), editable. Writing goes through
`tui.store.files.write_file` (a temporary file and a rename, never through a symlink); a file
that exists is replaced only after the user says so; the notification names the path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ..config import exports_dir
from ..i18n import N_, _, with_note
from ..store.errors import StoreError
from .bound import key_of
from .modal import HuddleModal


class ExportScreen(HuddleModal):
    """Asks where to write an export, then writes it. Dismisses with the path written, or
    None if the user cancelled.

    `make_text` builds the file's text when the user confirms; `done` is the msgid of the
    notice (with `{path}`), e.g. N_("Wrote the minutes to {path}.")."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel"),
        Binding("enter", "write", N_("Write"), id="export.write", show=False),
    ]

    def __init__(self, filename: str, make_text: Callable[[], str], *, title: str, done: str) -> None:
        super().__init__()
        self.filename = filename
        self.make_text = make_text
        self.title_msgid = title
        self.done = done
        self.path_text = str(exports_dir() / filename)
        self.error = ""

    def _key(self, binding_id: str) -> str:
        return key_of(self, binding_id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Static(_(self.title_msgid), classes="dialog-title", markup=False)
            yield Static(_("The file will be written here (change the path if you like):"),
                         classes="dialog-subtitle", markup=False)
            yield Input(self.path_text, id="export-path", select_on_focus=False)
            yield Static(self.error, id="export-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(with_note(_("Write"), self._key("export.write")), id="export-write", variant="primary",
                             compact=True)
                yield Button(with_note(_("Cancel"), self._key("export.cancel")), id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _typed(self, event: Input.Changed) -> None:
        self.path_text = event.value

    def _show_error(self, message: str) -> None:
        self.error = message
        self.query_one("#export-error", Static).update(message)

    def target(self) -> Path | None:
        """The path typed, made absolute (a relative one is taken from the current folder)."""
        text = self.path_text.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else Path.cwd() / path

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def action_write(self) -> None:
        from ..store.files import check_target

        path = self.target()
        if path is None:
            self._show_error(_("Give the name of a file."))
            return
        try:
            exists = check_target(path, replace=True)
        except StoreError as error:
            self._show_error(str(error))
            return
        if not exists:
            self._write(path, replace=False)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(path, replace=True)

        from .form import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(lambda: _("{path} exists. Replace it?").format(path=path), yes=N_("Replace"),
                          no=N_("Keep it")),
            answered,
        )

    def _write(self, path: Path, *, replace: bool) -> None:
        from ..store.files import write_file

        try:
            text = self.make_text()
            write_file(path, text, replace=replace, make_folder=path.parent == exports_dir())
        except StoreError as error:
            self._show_error(str(error))
            return
        self.app.notify(_(self.done).format(path=path), markup=False, timeout=8)
        self.dismiss(path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
