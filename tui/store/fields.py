"""What every area's store does with a form's values: check a text's length (and that it
is there), and read one row by its key. Messages are in the active language and name the
field, so a form can put them next to it."""

from __future__ import annotations

from ..i18n import _
from .db import Store
from .errors import ValidationError


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


def row_by_key(store: Store, table: str, key: str) -> dict | None:
    """The row of `table` (a name written by the program) whose key is `key`, as typed:
    surrounding spaces and letter case do not matter (`cm-7` is CM-7)."""
    return store.query_one(f"SELECT * FROM {table} WHERE key = ?", (key.strip().upper(),))
