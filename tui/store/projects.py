"""Client projects: each item belongs to one."""

from __future__ import annotations

from ..i18n import _
from .db import Store
from .errors import ValidationError


def all(store: Store) -> list[dict]:
    return store.query("SELECT * FROM projects ORDER BY key")


def get(store: Store, key: str) -> dict | None:
    return store.query_one("SELECT * FROM projects WHERE key = ?", (key,))


def add(store: Store, key: str, name: str, client: str = "") -> dict:
    key = key.strip().upper()
    if not key or len(key) > 16 or not key.replace("-", "").isalnum():
        raise ValidationError(_("A project key is 1–16 letters or digits, for example ACME."), "key")
    if not name.strip():
        raise ValidationError(_("A project needs a name."), "name")
    with store.write():
        if get(store, key):
            raise ValidationError(_("Project {key} exists already.").format(key=key), "key")
        store.db["projects"].insert({"key": key, "name": name.strip(), "client": client.strip(), **store.audit_insert()})
        store.record("project", key, "create")
    return get(store, key)


def resolve(store: Store, key: str | None) -> str | None:
    """A project key given by a person (any case), or the only project if there is one."""
    if key:
        row = store.query_one("SELECT key FROM projects WHERE upper(key) = upper(?)", (key.strip(),))
        if row is None:
            known = ", ".join(p["key"] for p in all(store)) or "—"
            raise ValidationError(
                _("No project “{key}”. Projects: {known}.").format(key=key, known=known), "project"
            )
        return row["key"]
    keys = [p["key"] for p in all(store)]
    return keys[0] if len(keys) == 1 else None
