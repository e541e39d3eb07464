"""What every area's store does with a form's values: check a text's length (and that it
is there), that a one-line field (a title, a name, a contact) is one line of plain text,
and read one row by its key. Messages are in the active language and name the field, so
a form can put them next to it; the command line prints them as its one-line error."""

from __future__ import annotations

from ..text import has_control
from .db import Store
from .errors import ValidationError
from .messages import _


def checked_text(value: object, field: str, limit: int, label: str | None = None, *, required: bool = False) -> str:
    """`value` as stored (None becomes ""), or a `ValidationError` on `field` if it is
    missing but `required`, or longer than `limit` characters. `label` is the field's
    English msgid, translated into the message; without it the message is generic."""
    text = "" if value is None else str(value)
    name = _(label) if label else None
    if required and not text.strip():
        message = _("{field} is required.").format(field=name) if name else _("This is required.")
        raise ValidationError(message, field)
    if len(text) > limit:
        if name:
            message = _("{field} is too long: at most {limit} characters.").format(field=name, limit=limit)
        else:
            message = _("Too long: at most {limit} characters.").format(limit=limit)
        raise ValidationError(message, field)
    return text


def is_one_line(text: str) -> bool:
    """Whether a one-line field accepts `text` (see `check_line`)."""
    return not ("\n" in text or "\r" in text or "\t" in text or has_control(text))


def check_line(text: str, field: str, label: str | None = None) -> str:
    """`text`, or a `ValidationError` on `field` if it holds a line break or a control
    character (C0/C1, escape sequences, bidi overrides): a title, a name or a contact is
    shown on one line everywhere, and what it holds must be what it shows."""
    if not is_one_line(text):
        name = _(label) if label else None
        if name:
            message = _("{field} must be one line of plain text: no line breaks or control characters.").format(
                field=name
            )
        else:
            message = _("This must be one line of plain text: no line breaks or control characters.")
        raise ValidationError(message, field)
    return text


def checked_line(value: object, field: str, limit: int, label: str | None = None, *, required: bool = False) -> str:
    """`checked_text()` for a one-line field: also `check_line()`."""
    return check_line(checked_text(value, field, limit, label, required=required), field, label)


def row_by_key(store: Store, table: str, key: str) -> dict | None:
    """The row of `table` (a name written by the program) whose key is `key`, as typed:
    surrounding spaces and letter case do not matter (`cm-7` is CM-7)."""
    return store.query_one(f"SELECT * FROM {table} WHERE key = ?", (key.strip().upper(),))
