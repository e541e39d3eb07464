"""Client projects: each item belongs to one.

A project has a key (ACME), a name, the client's name, the client's working language (what
reports and exports for this client are written in: `en` or `zh_CN`), the main client
contacts (one per line), a start and an end date, and active/archived. Archived projects
drop out of pickers and dashboards but keep their history (their items still name them).
Adding, editing and archiving projects needs a lead (`permissions`).
"""

from __future__ import annotations

import re
from datetime import date

from . import permissions
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .fields import check_line
from .messages import N_, _, join_list

ENTITY = "project"
CLIENT_LANGUAGES = ("en", "zh_CN")
EDITABLE = ("name", "client", "client_lang", "contacts", "start_on", "end_on")
MAX_KEY = 16
MAX_LINE = 120
MAX_CONTACTS = 2_000
_KEY = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
LABELS = {
    "key": N_("Project key"),
    "name": N_("Name"),
    "client": N_("Client"),
    "client_lang": N_("Client's language"),
    "contacts": N_("Contacts"),
    "start_on": N_("Start date"),
    "end_on": N_("End date"),
}
DATES = ("start_on", "end_on")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def all(store: Store) -> list[dict]:
    """Every project, active ones first (history and filters)."""
    return store.query("SELECT * FROM projects ORDER BY archived, key")


def active(store: Store) -> list[dict]:
    """Projects that are not archived: what pickers and dashboards offer."""
    return store.query("SELECT * FROM projects WHERE archived = 0 ORDER BY key")


def archived_keys(store: Store) -> set[str]:
    """Keys of archived projects: dashboards leave their items out."""
    return {row["key"] for row in store.query("SELECT key FROM projects WHERE archived = 1")}


def get(store: Store, key: str) -> dict | None:
    return store.query_one("SELECT * FROM projects WHERE key = ?", ((key or "").strip().upper(),))


def require(store: Store, key: str) -> dict:
    row = get(store, key)
    if row is None:
        known = join_list(p["key"] for p in all(store)) or "—"
        raise NotFound(_("No project “{key}”. Projects: {known}.").format(key=key, known=known))
    return row


# -- checks ---------------------------------------------------------------------------------


def check_key(key: str | None) -> str:
    key = (key or "").strip().upper()
    if not _KEY.fullmatch(key):
        raise ValidationError(_("A project key is 1–16 letters or digits, for example ACME."), "key")
    return key


def _line(value, field: str, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(_("{field} is required.").format(field=_(LABELS[field])), field)
    check_line(text, field, LABELS[field])
    if len(text) > MAX_LINE:
        raise ValidationError(
            _("{field} is too long: at most {limit} characters.").format(field=_(LABELS[field]), limit=MAX_LINE), field
        )
    return text


def check_contacts(value) -> str:
    """One contact per line (a list is joined with newlines); no control characters."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(v) for v in value)
    lines = [line.strip() for line in str(value or "").replace("\r\n", "\n").split("\n")]
    for line in lines:
        check_line(line, "contacts", LABELS["contacts"])
    text = "\n".join(line for line in lines if line)
    if len(text) > MAX_CONTACTS:
        raise ValidationError(
            _("{field} is too long: at most {limit} characters.").format(field=_("Contacts"), limit=MAX_CONTACTS),
            "contacts",
        )
    return text


def check_language(value) -> str:
    text = str(value or "").strip() or "en"
    for known in CLIENT_LANGUAGES:
        if text.lower().replace("-", "_") == known.lower():
            return known
    raise ValidationError(_("The client's language is en or zh_CN."), "client_lang")


def check_day(value, field: str) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    if not text:
        return None
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise ValidationError(_("{field}: use a date like 2026-12-31 (YYYY-MM-DD).").format(field=_(LABELS[field])), field)


def check_values(values: dict) -> dict:
    """The editable fields of `values` that are present, checked and normalised."""
    checked: dict = {}
    for field in EDITABLE:
        if field not in values:
            continue
        value = values[field]
        if field in ("name", "client"):
            checked[field] = _line(value, field, required=field == "name")
        elif field == "client_lang":
            checked[field] = check_language(value)
        elif field == "contacts":
            checked[field] = check_contacts(value)
        else:
            checked[field] = check_day(value, field)
    return checked


def _check_dates(start: str | None, end: str | None) -> None:
    if start and end and end < start:
        raise ValidationError(_("The end date is before the start date."), "end_on")


# -- writes -----------------------------------------------------------------------------------


def add(
    store: Store,
    key: str,
    name: str,
    client: str = "",
    *,
    client_lang: str = "en",
    contacts: str | list[str] = "",
    start_on: str | date | None = None,
    end_on: str | date | None = None,
) -> dict:
    key = check_key(key)
    values = check_values({"name": name, "client": client, "client_lang": client_lang, "contacts": contacts,
                           "start_on": start_on, "end_on": end_on})
    _check_dates(values["start_on"], values["end_on"])
    with store.write():
        permissions.require(store, "project.manage")
        if get(store, key):
            raise ValidationError(_("Project {key} exists already.").format(key=key), "key")
        store.db["projects"].insert({"key": key, **values, "archived": 0, **store.audit_insert()})
        store.record(ENTITY, key, "create")
    return require(store, key)


def form_values(row: dict) -> dict:
    return {
        "key": row["key"],
        "name": row["name"] or "",
        "client": row["client"] or "",
        "client_lang": row["client_lang"] or "en",
        "contacts": row["contacts"] or "",
        "start_on": row["start_on"] or "",
        "end_on": row["end_on"] or "",
        "archived": "archived" if row["archived"] else "active",
    }


def _update(store: Store, row: dict, changes: dict, version: int | None) -> dict:
    if version is not None and row["version"] != version:
        from . import members

        raise ConflictError(
            _("{name} changed {key} while you were editing it.").format(
                name=members.display_name(store, row["updated_by"]), key=row["key"]
            ),
            dict(row),
        )
    if not changes:
        return row
    assignments = ", ".join(f"{column} = ?" for column in changes)
    updated = store.conn.execute(
        f"UPDATE projects SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE key = ? AND version = ?",
        (*changes.values(), store.clock(), store.user, row["key"], row["version"]),
    ).rowcount
    if updated != 1:  # pragma: no cover - we hold the write lock
        raise ConflictError(_("{key} changed while saving; try again.").format(key=row["key"]), get(store, row["key"]))
    for field, value in changes.items():
        store.record(ENTITY, row["key"], "edit", field=field, old=row[field], new=value)
    return require(store, row["key"])


def _stored(row: dict, field: str):
    value = row[field]
    return value if value is not None or field in DATES else ""


def _archived(value) -> int:
    return 1 if str(value).strip().lower() in ("1", "true", "yes", "archived") else 0


def edit(store: Store, key: str, values: dict, version: int | None = None) -> dict:
    """Save the fields `values` holds (the key never changes: items refer to it);
    `archived` ("archived"/"active", or a flag) archives or restores it."""
    checked = check_values(values)
    if values.get("archived") not in (None, ""):
        checked["archived"] = _archived(values["archived"])
    with store.write():
        permissions.require(store, "project.manage")
        row = require(store, key)
        changes = {field: value for field, value in checked.items() if value != _stored(row, field)}
        _check_dates(changes.get("start_on", row["start_on"]), changes.get("end_on", row["end_on"]))
        return _update(store, row, changes, version)


def archive(store: Store, key: str, *, version: int | None = None, archived: bool = True) -> dict:
    """Archive (or, with `archived=False`, restore) a project. Its items keep it."""
    with store.write():
        permissions.require(store, "project.manage")
        row = require(store, key)
        if bool(row["archived"]) == archived:
            return row
        return _update(store, row, {"archived": 1 if archived else 0}, version)


def unarchive(store: Store, key: str, *, version: int | None = None) -> dict:
    return archive(store, key, version=version, archived=False)


# -- reading ------------------------------------------------------------------------------------


def list_rows(store: Store, *, include_archived: bool = True) -> list[dict]:
    """`huddle project list --json`: DESIGN.md's column names (contacts as a list)."""
    sql = ("SELECT key, name, client, client_lang, contacts, start_on, end_on, archived, version,"
           " created_at, created_by, updated_at, updated_by FROM projects")
    if not include_archived:
        sql += " WHERE archived = 0"
    rows = store.query(sql + " ORDER BY archived, key")
    for row in rows:
        row["contacts"] = [line for line in (row["contacts"] or "").split("\n") if line]
        row["archived"] = bool(row["archived"])
    return rows


def counts(store: Store, key: str) -> dict[str, int]:
    """How many items of each area belong to the project (what archiving keeps)."""
    return {
        table: store.scalar(f"SELECT count(*) FROM {table} WHERE project = ?", (key,)) or 0
        for table in ("requirements", "change_requests", "feedback", "commitments", "milestones")
    }


def workspace_is_new(store: Store) -> bool:
    """No active project and nothing recorded in any area yet (what the dashboard of a new
    workspace shows its first steps for)."""
    return not store.scalar(
        "SELECT EXISTS (SELECT 1 FROM projects WHERE archived = 0)"
        " OR EXISTS (SELECT 1 FROM requirements) OR EXISTS (SELECT 1 FROM change_requests)"
        " OR EXISTS (SELECT 1 FROM feedback) OR EXISTS (SELECT 1 FROM commitments)"
    )


def resolve(store: Store, key: str | None) -> str | None:
    """A project key given by a person (any case), or the only active project if there is
    one. An archived project is still found by its key (its items keep it)."""
    if key:
        row = store.query_one("SELECT key FROM projects WHERE upper(key) = upper(?)", (key.strip(),))
        if row is None:
            known = join_list(p["key"] for p in active(store)) or "—"
            raise ValidationError(
                _("No project “{key}”. Projects: {known}.").format(key=key, known=known), "project"
            )
        return row["key"]
    keys = [p["key"] for p in active(store)]
    return keys[0] if len(keys) == 1 else None
