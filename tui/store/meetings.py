"""Client meetings (MT-n): weekly reviews, requirements workshops (需求调研), acceptance
meetings. A meeting has a project, a date, a kind, a title, who came (team logins and client
contacts, one per line), the notes typed live during it, its decisions and its action items.

* A **decision** links to the requirements and change requests it concerns (REQ-n, CR-n,
  checked to exist). In the same transaction each linked item gets a row in its own
  history (`activity`, action "decision", the meeting's key and the decision's text) and a
  `links` row both ways, so the requirement or request shows what the client decided about
  it, and where.
* An **action item** has an owner and a due date. A promise to the client becomes a
  commitment (CM-n) in the same transaction, through the Commitments store's own `add`
  (so every rule of that area holds); a team task stays here and is marked done here.
* The **notes** are saved while people type (`save_notes`). Saves are version-checked, with
  one field-level merge: if only other fields of the meeting changed since the typist's
  base (a title fixed meanwhile), the notes are saved; if the notes changed, a
  `ConflictError` carries the other person's notes and nothing is written.

Every write is one `store.write()` (`BEGIN IMMEDIATE`) transaction with activity rows.
This module writes only the meeting tables; other areas' tables are written by their own
stores. It also renders the minutes (Markdown and a self-contained HTML page) in the
client's language.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from ..i18n import N_, _
from ..text import clean, markdown_block, markdown_inline
from . import activity, members, projects
from . import links as links_table
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .feedback import parse_day
from .fields import check_line, checked_line, checked_text, row_by_key

ENTITY = "meeting"
PREFIX = "MT"
KINDS = ("weekly", "workshop", "acceptance", "other")
KIND_LABELS = {
    "weekly": N_("Weekly review"),
    "workshop": N_("Requirements workshop"),
    "acceptance": N_("Acceptance meeting"),
    "other": N_("Other meeting"),
}
_KIND_ALIASES = {
    "review": "weekly", "week": "weekly", "weekly review": "weekly", "status": "weekly",
    "requirements": "workshop", "requirements workshop": "workshop", "req": "workshop",
    "accept": "acceptance", "acceptance meeting": "acceptance",
}
EDITABLE = ("project", "date", "kind", "title", "attendees", "client_attendees")
LABELS = {
    "project": N_("Project"),
    "date": N_("Date"),
    "kind": N_("Kind"),
    "title": N_("Title"),
    "attendees": N_("Team attendees"),
    "client_attendees": N_("Client attendees"),
    "notes": N_("Meeting notes"),
    "text": N_("Text"),
    "links": N_("Concerns"),
    "owner": N_("Owner"),
    "due": N_("Due"),
}
MAX_TITLE = 200
MAX_NOTES = 100_000
MAX_ITEM = 1_000
MAX_PEOPLE = 2_000
LINKABLE = {"REQ": "requirements", "CR": "change_requests"}
"""What a decision may concern: key prefix → table (read here only to check the key)."""
_LINK = re.compile(r"(REQ|CR)-[1-9][0-9]*")
_LINK_SPLIT = re.compile(r"[\s,;，、；]+")
LINK_KIND = "decision"
"""The `links` kind between a meeting and an item one of its decisions concerns."""
PROMISE_LINK_KIND = "promise"
"""The `links` kind between a meeting and a commitment one of its action items became."""


def kind_label(kind: str | None) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else (kind or "")


# -- parsing what people type ---------------------------------------------------------------


def parse_kind(value: str | None) -> str:
    text = " ".join((value or "weekly").strip().lower().split())
    text = _KIND_ALIASES.get(text, text)
    if text not in KINDS:
        raise ValidationError(
            _("Unknown kind of meeting “{value}”. Kinds: {known}.").format(value=value, known=", ".join(KINDS)), "kind"
        )
    return text


def _title(value) -> str:
    return checked_line(str(value or "").strip(), "title", MAX_TITLE, LABELS["title"], required=True)


def _lines(value) -> list[str]:
    """A list, or text with one entry per line, as a list of non-empty stripped lines."""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        items = str(value or "").replace("\r\n", "\n").split("\n")
    return [item.strip() for item in items if item.strip()]


def parse_attendees(store: Store, value) -> str:
    """Team attendees: member logins, one per line (commas separate them too). Unknown
    logins are refused, naming the members; the result is one login per line."""
    logins: list[str] = []
    for line in _lines(value):
        for login in (part.strip() for part in line.split(",")):
            if not login:
                continue
            check_line(login, "attendees", LABELS["attendees"])
            if members.get(store, login) is None:
                known = ", ".join(sorted(members.names(store)))
                raise ValidationError(
                    _("No team member “{login}”. Members: {known}.").format(login=login, known=known), "attendees"
                )
            if login not in logins:
                logins.append(login)
    return _people("\n".join(logins), "attendees")


def parse_client_attendees(value) -> str:
    """Client attendees: names (with their role, as people write them), one per line."""
    names: list[str] = []
    for line in _lines(value):
        check_line(line, "client_attendees", LABELS["client_attendees"])
        if line not in names:
            names.append(line)
    return _people("\n".join(names), "client_attendees")


def _people(text: str, field: str) -> str:
    if len(text) > MAX_PEOPLE:
        raise ValidationError(
            _("{field} is too long: at most {limit} characters.").format(field=_(LABELS[field]), limit=MAX_PEOPLE),
            field,
        )
    return text


def parse_links(value) -> list[str]:
    """`REQ-3, cr-7` (commas, spaces or semicolons between; a list works too) → the keys,
    upper-case, each once, in the order given. Only the form is checked here; whether the
    items exist is checked inside the write (`_check_links`)."""
    parts = [str(v) for v in value] if isinstance(value, (list, tuple)) else _LINK_SPLIT.split(str(value or ""))
    keys: list[str] = []
    for part in parts:
        token = part.strip().upper()
        if not token:
            continue
        if not _LINK.fullmatch(token):
            raise ValidationError(
                _("“{value}” is not a requirement or a change request: write keys like REQ-3, CR-7.").format(
                    value=part.strip()
                ),
                "links",
            )
        if token not in keys:
            keys.append(token)
    return keys


def _check_links(store: Store, keys: list[str]) -> None:
    for key in keys:
        table = LINKABLE[key.split("-", 1)[0]]
        if store.scalar(f"SELECT count(*) FROM {table} WHERE key = ?", (key,)) == 0:
            raise ValidationError(_("No requirement or change request {key}.").format(key=key), "links")


def _owner(store: Store, value) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError(_("Who will do it? Choose an owner."), "owner")
    if members.get(store, text) is None:
        known = ", ".join(sorted(members.names(store)))
        raise ValidationError(_("No team member “{login}”. Members: {known}.").format(login=text, known=known), "owner")
    return text


def _item_text(value, label: str) -> str:
    return checked_line(str(value or "").strip(), "text", MAX_ITEM, label, required=True)


# -- reading ----------------------------------------------------------------------------------


def get(store: Store, key: str) -> dict | None:
    return row_by_key(store, "meetings", key or "")


def require(store: Store, key: str) -> dict:
    row = get(store, key)
    if row is None:
        raise NotFound(_("No meeting {key}.").format(key=(key or "").strip()))
    return row


def form_values(row: dict) -> dict:
    """A meeting as its form shows it (the notes are typed in the meeting view)."""
    return {
        "project": row["project"] or "",
        "date": row["date"] or "",
        "kind": row["kind"] or "weekly",
        "title": row["title"] or "",
        "attendees": row["attendees"] or "",
        "client_attendees": row["client_attendees"] or "",
    }


def _like(text: str) -> str:
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_query(text: str = "", project: str | None = None) -> tuple[str, tuple, tuple[str, ...]]:
    """(select, params, order) for the list: newest first, filtered by `text` (key, title,
    project, kind, attendees) and project. For `SQLSource`; values travel as parameters."""
    where, params = [], []
    if text.strip():
        pattern = _like(text)
        where.append(
            "(key LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' OR coalesce(project, '') LIKE ? ESCAPE '\\'"
            " OR kind LIKE ? ESCAPE '\\' OR attendees LIKE ? ESCAPE '\\' OR client_attendees LIKE ? ESCAPE '\\')"
        )
        params += [pattern] * 6
    if project:
        where.append("project = ?")
        params.append(project)
    select = (
        "SELECT key, number, project, date, kind, title, attendees, client_attendees,"
        " (SELECT count(*) FROM meeting_decisions d WHERE d.meeting = meetings.key) AS decision_count,"
        " (SELECT count(*) FROM meeting_actions a WHERE a.meeting = meetings.key) AS action_count,"
        " (SELECT count(*) FROM meeting_actions a WHERE a.meeting = meetings.key AND a.promise = 1) AS promise_count"
        " FROM meetings"
    )
    if where:
        select += " WHERE " + " AND ".join(where)
    return select, tuple(params), ("date DESC", "number DESC", "key DESC")


JSON_COLUMNS = ("key", "project", "date", "kind", "title", "attendees", "client_attendees", "notes",
                "version", "created_at", "created_by", "updated_at", "updated_by")


def as_json(row: dict) -> dict:
    """A meeting with the DESIGN.md column names; attendees as lists."""
    data = {column: row.get(column) for column in JSON_COLUMNS}
    data["attendees"] = _lines(row.get("attendees"))
    data["client_attendees"] = _lines(row.get("client_attendees"))
    return data


def list_rows(store: Store, project: str | None = None) -> list[dict]:
    """`huddle meeting list --json`: every meeting, newest first, with how many decisions
    and action items it has."""
    sql = (
        "SELECT m.*, (SELECT count(*) FROM meeting_decisions d WHERE d.meeting = m.key) AS decision_count,"
        " (SELECT count(*) FROM meeting_actions a WHERE a.meeting = m.key) AS action_count FROM meetings m"
    )
    params: tuple = ()
    if project:
        sql += " WHERE m.project = ?"
        params = (projects.require(store, project)["key"],)
    rows = store.query(sql + " ORDER BY m.date DESC, m.number DESC", params)
    return [as_json(row) | {"decisions": row["decision_count"], "actions": row["action_count"]} for row in rows]


def decisions(store: Store, key: str) -> list[dict]:
    """A meeting's decisions, in the order they were made; `links` as a list of keys."""
    rows = store.query("SELECT * FROM meeting_decisions WHERE meeting = ? ORDER BY id", (key,))
    for row in rows:
        row["links"] = [part for part in (row["links"] or "").split(",") if part]
    return rows


def actions(store: Store, key: str) -> list[dict]:
    """A meeting's action items in the order they were noted, with the status and due date
    of the commitment each promise became (read only: the Commitments area owns them)."""
    rows = store.query(
        "SELECT a.*, c.status AS commitment_status, c.due AS commitment_due FROM meeting_actions a"
        " LEFT JOIN commitments c ON c.key = a.commitment WHERE a.meeting = ? ORDER BY a.id",
        (key,),
    )
    for row in rows:
        row["promise"] = bool(row["promise"])
    return rows


def get_action(store: Store, action_id: int) -> dict | None:
    row = store.query_one(
        "SELECT a.*, c.status AS commitment_status, c.due AS commitment_due FROM meeting_actions a"
        " LEFT JOIN commitments c ON c.key = a.commitment WHERE a.id = ?",
        (action_id,),
    )
    if row is not None:
        row["promise"] = bool(row["promise"])
    return row


def get_decision(store: Store, decision_id: int) -> dict | None:
    row = store.query_one("SELECT * FROM meeting_decisions WHERE id = ?", (decision_id,))
    if row is not None:
        row["links"] = [part for part in (row["links"] or "").split(",") if part]
    return row


DECISION_JSON = ("id", "meeting", "text", "links", "version", "created_at", "created_by", "updated_at", "updated_by")
ACTION_JSON = ("id", "meeting", "text", "owner", "due", "promise", "commitment", "done_at",
               "version", "created_at", "created_by", "updated_at", "updated_by")


def decision_json(row: dict) -> dict:
    return {column: row.get(column) for column in DECISION_JSON}


def action_json(row: dict) -> dict:
    return {column: row.get(column) for column in ACTION_JSON}


def history(store: Store, key: str, limit: int = 200) -> list[dict]:
    """The meeting's trail, newest first, with display names."""
    return activity.for_key(store, key, limit)


def item_titles(store: Store, keys: list[str], language: str | None = None) -> dict[str, str]:
    """key → title of the requirements and change requests `keys` names (read only), in
    `language` when the item carries its text in it, else as typed (`bilingual.pick`)."""
    from . import bilingual

    titles: dict[str, str] = {}
    for prefix, table in LINKABLE.items():
        wanted = [key for key in keys if key.startswith(prefix + "-")]
        if not wanted:
            continue
        marks = ", ".join("?" * len(wanted))
        for row in store.query(f"SELECT key, title, title_tr, text_lang FROM {table} WHERE key IN ({marks})",
                               tuple(wanted)):
            titles[row["key"]] = bilingual.pick(row, "title", language) if language else (row["title"] or "")
    return titles


def for_item(store: Store, key: str) -> list[dict]:
    """The decisions that concern `key` (a requirement or change request), newest first,
    with their meeting's date and title."""
    return store.query(
        "SELECT d.*, m.date AS meeting_date, m.title AS meeting_title FROM meeting_decisions d"
        " JOIN meetings m ON m.key = d.meeting"
        " WHERE ',' || d.links || ',' LIKE ? ORDER BY d.id DESC",
        (f"%,{key},%",),
    )


# -- writing ----------------------------------------------------------------------------------


def _check_version(store: Store, key: str, version: int | None) -> dict:
    row = require(store, key)
    if version is not None and row["version"] != version:
        raise ConflictError(
            _("{name} changed {key} while you were editing it.").format(
                name=members.display_name(store, row["updated_by"]), key=row["key"]
            ),
            form_values(row) | {"notes": row["notes"], "version": row["version"], "updated_by": row["updated_by"]},
        )
    return row


def _update(store: Store, table: str, row: dict, changes: dict) -> None:
    assignments = ", ".join(f"{column} = ?" for column in changes)
    updated = store.conn.execute(
        f"UPDATE {table} SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE id = ? AND version = ?",
        (*changes.values(), store.clock(), store.user, row["id"], row["version"]),
    ).rowcount
    if updated != 1:  # cannot happen while we hold the write lock; be safe anyway
        raise ConflictError(_("{key} changed while saving; try again.").format(key=row.get("key") or row["meeting"]),
                            None)


def _insert(store: Store, table: str, values: dict) -> int:
    cursor = store.conn.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _v in values)})",
        tuple(values.values()),
    )
    return int(cursor.lastrowid)


def add(
    store: Store,
    title: str,
    *,
    project: str | None = None,
    day: str | date | None = None,
    kind: str | None = "weekly",
    attendees=(),
    client_attendees=(),
    notes: str = "",
) -> dict:
    """Record a meeting (today unless `day` is given). Without `project`, the only active
    project is taken; with several, one must be named."""
    title = _title(title)
    kind = parse_kind(kind)
    the_day = parse_day(day, "date")
    client = parse_client_attendees(client_attendees)
    notes = checked_text(notes, "notes", MAX_NOTES, LABELS["notes"])
    with store.write():
        project_key = projects.resolve(store, project)
        if project_key is None:
            known = ", ".join(p["key"] for p in projects.active(store)) or "—"
            raise ValidationError(_("Which project was the meeting for? Projects: {known}.").format(known=known),
                                  "project")
        team = parse_attendees(store, attendees)
        number = store.next_number("meetings")
        key = f"{PREFIX}-{number}"
        _insert(store, "meetings", {
            "number": number,
            "key": key,
            "project": project_key,
            "date": the_day or store.today().isoformat(),
            "kind": kind,
            "title": title,
            "attendees": team,
            "client_attendees": client,
            "notes": notes,
            **store.audit_insert(),
        })
        store.record(ENTITY, key, "create", new=kind)
    return get(store, key)


def edit(store: Store, key: str, values: dict, version: int | None = None) -> dict:
    """Save the meeting's form: only the fields that changed are written and recorded."""
    with store.write():
        row = _check_version(store, key, version)
        current = form_values(row)
        changes: dict = {}
        for field in EDITABLE:
            if field not in values:
                continue
            value = values[field]
            if field == "title":
                new = _title(value)
            elif field == "kind":
                new = parse_kind(value)
            elif field == "date":
                new = parse_day(value, "date", required=True)
            elif field == "project":
                new = projects.resolve(store, value) if str(value or "").strip() else None
                if new is None:
                    raise ValidationError(_("Which project was the meeting for? Projects: {known}.").format(
                        known=", ".join(p["key"] for p in projects.active(store)) or "—"), "project")
            elif field == "attendees":
                new = parse_attendees(store, value)
            else:
                new = parse_client_attendees(value)
            if new != current[field]:
                changes[field] = new
        if not changes:
            return row
        _update(store, "meetings", row, changes)
        for field, value in changes.items():
            store.record(ENTITY, row["key"], "edit", field=field, old=row[field], new=value)
    return get(store, key)


def save_notes(store: Store, key: str, notes: str, *, version: int | None = None, base: str | None = None) -> dict:
    """Save the notes typed in the meeting view. `version` is the meeting's version the
    typist's `base` notes came from. If the meeting changed since but its notes are still
    `base` (someone fixed the title), the notes are saved anyway; if the notes changed,
    `ConflictError` carries the current row (with its notes) and nothing is written.

    The trail records that the notes were edited, not their text (they are saved every few
    seconds while someone types; the meeting row holds the text)."""
    text = checked_text(notes, "notes", MAX_NOTES, LABELS["notes"])
    with store.write():
        row = require(store, key)
        if version is not None and row["version"] != version and (base is None or row["notes"] != base):
            raise ConflictError(
                _("{name} changed the notes of {key} while you were typing.").format(
                    name=members.display_name(store, row["updated_by"]), key=row["key"]
                ),
                form_values(row) | {"notes": row["notes"], "version": row["version"], "updated_by": row["updated_by"]},
            )
        if row["notes"] == text:
            return row
        _update(store, "meetings", row, {"notes": text})
        store.record(ENTITY, row["key"], "edit", field="notes")
    return get(store, key)


def decide(store: Store, key: str, text: str, links="") -> dict:
    """Record a decision of meeting `key`, linked to the requirements and change requests
    it concerns (`links`: "REQ-3, CR-7"). Each linked item gets a line in its own history
    and a `links` row both ways, in the same transaction. Returns the decision row."""
    text = _item_text(text, N_("What was decided"))
    keys = parse_links(links)
    from . import changes, requirements

    entities = {"REQ": requirements.ENTITY, "CR": changes.ENTITY}
    with store.write():
        meeting = require(store, key)
        _check_links(store, keys)
        decision_id = _insert(store, "meeting_decisions", {
            "meeting": meeting["key"], "text": text, "links": ",".join(keys), **store.audit_insert(),
        })
        store.record(ENTITY, meeting["key"], "decide", new=",".join(keys) or None, note=text)
        for item in keys:
            links_table.add_both_ways(store, meeting["key"], item, LINK_KIND)
            store.record(entities[item.split("-", 1)[0]], item, "decision", field="meeting", new=meeting["key"],
                         note=text)
    return get_decision(store, decision_id)


def _to_whom(store: Store, meeting: dict) -> str:
    """Whom a promise made in `meeting` was made to: its client attendees, else the client."""
    names = ", ".join(_lines(meeting["client_attendees"]))
    if not names and meeting["project"]:
        project = projects.get(store, meeting["project"])
        names = (project or {}).get("client") or ""
    return names[:500]


def _commit(store: Store, meeting: dict, text: str, due: str, owner: str, to_whom: str | None) -> str:
    """The commitment a promise made in `meeting` becomes (through the Commitments store),
    linked to the meeting; its history says where it was made. Inside the caller's write."""
    from . import commitments

    made = commitments.add(
        store, text, due, to_whom=to_whom if to_whom is not None else _to_whom(store, meeting),
        owner=owner, project=meeting["project"], note=f"{meeting['key']} · {meeting['title']}",
    )
    links_table.add_both_ways(store, meeting["key"], made["key"], PROMISE_LINK_KIND)
    store.record(commitments.ENTITY, made["key"], "link", field="raised_by", new=meeting["key"])
    return made["key"]


def add_action(
    store: Store,
    key: str,
    text: str,
    *,
    owner: str | None,
    due: str | date | None,
    promise: bool = False,
    to_whom: str | None = None,
) -> dict:
    """Note an action item of meeting `key`: who does it by when. A `promise` to the client
    becomes a commitment (CM-n) in the same transaction; otherwise it is a team task.
    Returns the action row (with `commitment`, the CM key, for a promise)."""
    text = _item_text(text, N_("What will be done"))
    due_day = parse_day(due, "due", required=True)
    with store.write():
        meeting = require(store, key)
        owner_login = _owner(store, owner)
        commitment = _commit(store, meeting, text, due_day, owner_login, to_whom) if promise else None
        action_id = _insert(store, "meeting_actions", {
            "meeting": meeting["key"], "text": text, "owner": owner_login, "due": due_day,
            "promise": 1 if promise else 0, "commitment": commitment, "done_at": None, **store.audit_insert(),
        })
        store.record(ENTITY, meeting["key"], "action", field="promise" if promise else "task", new=commitment,
                     note=text)
    return get_action(store, action_id)


def _require_action(store: Store, action_id: int, version: int | None) -> dict:
    row = get_action(store, int(action_id))
    if row is None:
        raise NotFound(_("No action item #{id}.").format(id=action_id))
    if version is not None and row["version"] != version:
        raise ConflictError(
            _("{name} changed action item #{id} of {key} meanwhile.").format(
                name=members.display_name(store, row["updated_by"]), id=row["id"], key=row["meeting"]),
            dict(row),
        )
    return row


def make_promise(store: Store, action_id: int, *, to_whom: str | None = None, version: int | None = None) -> dict:
    """A team task that turns out to be a promise to the client: it becomes a commitment
    (CM-n) in one step. Returns the action row."""
    with store.write():
        row = _require_action(store, action_id, version)
        if row["commitment"]:
            raise ValidationError(_("This action item is commitment {key} already.").format(key=row["commitment"]))
        if row["done_at"]:
            raise ValidationError(_("This action item is done: there is nothing left to promise."))
        meeting = require(store, row["meeting"])
        commitment = _commit(store, meeting, row["text"], row["due"] or store.today().isoformat(), row["owner"],
                             to_whom)
        _update(store, "meeting_actions", row, {"promise": 1, "commitment": commitment})
        store.record(ENTITY, meeting["key"], "action", field="promise", old=None, new=commitment, note=row["text"])
    return get_action(store, int(action_id))


def set_done(store: Store, action_id: int, done: bool = True, *, version: int | None = None) -> dict:
    """Mark a team task done (or not done again). A promise is kept or missed in the
    Commitments area, where the on-time rate is counted."""
    with store.write():
        row = _require_action(store, action_id, version)
        if row["commitment"]:
            raise ValidationError(
                _("This action item is commitment {key}: mark it kept in Commitments.").format(key=row["commitment"]))
        stamp = store.clock() if done else None
        if bool(row["done_at"]) == done:
            return row
        _update(store, "meeting_actions", row, {"done_at": stamp})
        store.record(ENTITY, row["meeting"], "done" if done else "reopen", field="action", new=str(row["id"]),
                     note=row["text"])
    return get_action(store, int(action_id))


# -- the minutes --------------------------------------------------------------------------------


@contextmanager
def in_language(language: str | None) -> Iterator[str]:
    """Word what is built inside in `language` (the minutes go out in the client's
    language, whatever the interface speaks), then switch back. Callers build text
    synchronously inside, so nothing else is drawn in the other language meanwhile."""
    from .. import i18n

    previous = i18n.get_language()
    chosen = i18n.normalize_language(language) or previous
    i18n.set_language(chosen)
    try:
        yield chosen
    finally:
        i18n.set_language(previous)


def minutes_language(store: Store, meeting: dict, language: str | None = None) -> str:
    """The language of the minutes: the one asked for, else the client's (the project's
    `client_lang`), else English."""
    from ..i18n import normalize_language

    if language:
        chosen = normalize_language(language)
        if chosen is None:
            raise ValidationError(_("The language is en or zh_CN."), "lang")
        return chosen
    project = projects.get(store, meeting["project"]) if meeting["project"] else None
    return (project or {}).get("client_lang") or "en"


def _format_day(value: str | None) -> str:
    if not value:
        return "—"
    from ..i18n import format_date

    try:
        return format_date(date.fromisoformat(value[:10]), "long")
    except ValueError:
        return value


def minutes_facts(store: Store, key: str, language: str | None = None) -> dict:
    """Everything the minutes show, worded in `language` (or the client's): the same facts
    for Markdown and HTML. User text is returned as typed; each renderer escapes it."""
    from ..i18n import format_weekday_date

    meeting = require(store, key)
    lang = minutes_language(store, meeting, language)
    names = members.names(store)
    project = projects.get(store, meeting["project"]) if meeting["project"] else None
    the_decisions = decisions(store, meeting["key"])
    the_actions = actions(store, meeting["key"])
    titles = item_titles(store, sorted({k for d in the_decisions for k in d["links"]}), lang)
    with in_language(lang):
        project_text = ""
        if project:
            project_text = f"{project['key']} · {project['name']}" + (f" ({project['client']})" if project["client"] else "")
        facts = {
            "language": lang,
            "key": meeting["key"],
            "title": meeting["title"],
            "heading": _("Meeting minutes"),
            "fields": [
                (_("Project"), project_text or "—"),
                (_("Date"), format_weekday_date(date.fromisoformat(meeting["date"]))),
                (_("Meeting type"), kind_label(meeting["kind"])),
                (_("Team attendees"), ", ".join(names.get(login, login) for login in _lines(meeting["attendees"])) or "—"),
                (_("Client attendees"), ", ".join(_lines(meeting["client_attendees"])) or "—"),
            ],
            "decisions_heading": _("Decisions"),
            "decisions": [
                {"text": d["text"], "concerns": [(k, titles.get(k, "")) for k in d["links"]]} for d in the_decisions
            ],
            "concerns_label": _("Concerns"),
            "no_decisions": _("No decisions were recorded."),
            "actions_heading": _("Action items"),
            "action_columns": (_("Action item"), _("Owner"), _("Due"), _("Type")),
            "actions": [
                {
                    "text": a["text"],
                    "owner": names.get(a["owner"], a["owner"] or "—"),
                    "due": _format_day(a["commitment_due"] or a["due"]),
                    "kind": (_("Our commitment {key}").format(key=a["commitment"]) if a["commitment"]
                             else _("Team task") + (" · " + _("done") if a["done_at"] else "")),
                }
                for a in the_actions
            ],
            "no_actions": _("No action items were recorded."),
            "notes_heading": _("Meeting notes"),
            "colon": "：" if lang == "zh_CN" else ": ",
            "notes": meeting["notes"] or "",
            "footer": _("Minutes of {key}, written {day} with Huddle.").format(
                key=meeting["key"], day=_format_day(store.today().isoformat())),
        }
    return facts


def minutes_markdown(store: Store, key: str, language: str | None = None) -> str:
    """The minutes as Markdown, in the client's language (or `language`). Titles, names
    and decisions go through `markdown_inline` and the notes into a fenced block
    (`markdown_block`), so nothing anyone typed becomes a heading, a list or a link."""
    md = markdown_inline
    facts = minutes_facts(store, key, language)
    colon = facts["colon"]
    out = [f"# {md(facts['heading'])}{colon}{md(facts['title'])}", ""]
    for label, value in facts["fields"]:
        out.append(f"- **{md(label)}{colon.strip()}** {md(value)}")
    out += ["", f"## {md(facts['decisions_heading'])}", ""]
    if facts["decisions"]:
        for number, decision in enumerate(facts["decisions"], start=1):
            out.append(f"{number}. {md(decision['text'])}")
            if decision["concerns"]:
                concerns = "; ".join(md(f"{k} {title}".strip()) for k, title in decision["concerns"])
                out.append(f"   *{md(facts['concerns_label'])}{colon.strip()}* {concerns}")
    else:
        out.append(md(facts["no_decisions"]))
    out += ["", f"## {md(facts['actions_heading'])}", ""]
    if facts["actions"]:
        _item, owner, due, _kind = facts["action_columns"]
        for number, item in enumerate(facts["actions"], start=1):
            out.append(f"{number}. {md(item['text'])}  ")
            out.append(f"   {md(owner)}{colon}{md(item['owner'])} · {md(due)}{colon}{md(item['due'])} · {md(item['kind'])}")
    else:
        out.append(md(facts["no_actions"]))
    out += ["", f"## {md(facts['notes_heading'])}", ""]
    if facts["notes"].strip():
        out.extend(markdown_block(facts["notes"]))
    else:
        out.append("—")
    out += ["", "---", "", f"*{md(facts['footer'])}*", ""]
    return "\n".join(out)


_CSS = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #1f2328; margin: 0; background: #fff; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.55; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 1.8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #eaeef2; }
table.facts th { width: 11rem; color: #57606a; font-weight: 600; }
thead th { background: #f6f8fa; }
ol li { margin: .3rem 0; }
.concerns { color: #57606a; font-size: .92rem; }
.notes { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border-radius: 6px; padding: .8rem 1rem; }
.empty { color: #57606a; }
footer { margin-top: 2.5rem; color: #57606a; font-size: .85rem; }
@media print { main { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
"""


def _h(text: str | None) -> str:
    """User (or translated) text as HTML text: control characters made visible, then
    escaped, so nothing typed becomes markup."""
    return html.escape(clean(text or ""), quote=True)


def minutes_html(store: Store, key: str, language: str | None = None) -> str:
    """The minutes as one self-contained, printable HTML page (inline CSS, no scripts, no
    outside resources; a content security policy forbids any), in the client's language."""
    facts = minutes_facts(store, key, language)
    lang = "zh-CN" if facts["language"] == "zh_CN" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(facts['heading'])}{_h(facts['colon'])}{_h(facts['title'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(facts['heading'])}{_h(facts['colon'])}{_h(facts['title'])}</h1>",
        '<table class="facts">',
    ]
    for label, value in facts["fields"]:
        out.append(f"<tr><th>{_h(label)}</th><td>{_h(value)}</td></tr>")
    out += ["</table>", f"<h2>{_h(facts['decisions_heading'])}</h2>"]
    if facts["decisions"]:
        out.append("<ol>")
        for decision in facts["decisions"]:
            line = f"<li>{_h(decision['text'])}"
            if decision["concerns"]:
                concerns = "; ".join(_h(f"{k} {title}".strip()) for k, title in decision["concerns"])
                line += f'<div class="concerns">{_h(facts["concerns_label"])}{_h(facts["colon"])}{concerns}</div>'
            out.append(line + "</li>")
        out.append("</ol>")
    else:
        out.append(f'<p class="empty">{_h(facts["no_decisions"])}</p>')
    out.append(f"<h2>{_h(facts['actions_heading'])}</h2>")
    if facts["actions"]:
        out.append("<table><thead><tr><th>#</th>"
                   + "".join(f"<th>{_h(column)}</th>" for column in facts["action_columns"]) + "</tr></thead><tbody>")
        for number, item in enumerate(facts["actions"], start=1):
            out.append(f"<tr><td>{number}</td><td>{_h(item['text'])}</td><td>{_h(item['owner'])}</td>"
                       f"<td>{_h(item['due'])}</td><td>{_h(item['kind'])}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f'<p class="empty">{_h(facts["no_actions"])}</p>')
    out.append(f"<h2>{_h(facts['notes_heading'])}</h2>")
    if facts["notes"].strip():
        out.append(f'<div class="notes">{_h(facts["notes"].strip())}</div>')
    else:
        out.append('<p class="empty">—</p>')
    out += [f"<footer>{_h(facts['footer'])}</footer>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def minutes(store: Store, key: str, language: str | None = None, fmt: str = "md") -> str:
    """The minutes in `fmt` ("md" or "html")."""
    if fmt == "html":
        return minutes_html(store, key, language)
    if fmt in ("md", "markdown"):
        return minutes_markdown(store, key, language)
    raise ValidationError(_("The format is md or html."), "format")


def minutes_filename(meeting: dict, fmt: str = "md") -> str:
    """`MT-3-2026-11-24.md`: a default name made only of the key and the date."""
    return f"{meeting['key']}-{meeting['date']}.{'html' if fmt == 'html' else 'md'}"


# -- demo -------------------------------------------------------------------------------------

# (days ago, project, kind, title, team, client, notes, [(decision, links)],
#  [(action, owner, due in days from today, promise)], by)
_DEMO = [
    (
        8, "ACME", "workshop", "报表模块需求调研",
        ("wangfang", "bob", "liming"), ("刘总 (ACME 信息部)", "孙主管 (财务)"),
        ("月报：区域经理每月第一个工作日 9 点前收到 PDF，数字要和财务一致。\n"
        "孙主管希望能按区域筛选，按部门汇总的视图月底前要。\n"
        "导出：保留筛选条件；大批量导出 PDF 先评估。"),
        [
            ("月度销售报表按区域汇总，每月第一个工作日 9:00 前以 PDF 发送", "REQ-4"),
            ("按区域筛选作为变更评估，先给出工期和费用影响再定", "CR-5"),
        ],
        [
            ("发送调研纪要并请客户确认", "wangfang", 1, True),
            ("按部门汇总的报表原型", "bob", 2, False),
        ],
        "wangfang",
    ),
    (
        3, "NOVA", "weekly", "Weekly review with Nova PMO",
        ("alice", "bob", "zhangwei"), ("Grace Lee (Nova PMO)", "Mark Chen (Nova IT)"),
        ("Sprint 3 on track; Face ID in verification.\n"
        "Pressure test still blocked: environment approval pending on Nova's side.\n"
        "Grace asked for the UAT test plan before the acceptance review."),
        [
            ("Face ID ships in Sprint 3; PIN fallback after 3 failed attempts", "REQ-13, CR-4"),
            ("Pressure test runs as soon as Nova approves the environment; go-live date unchanged", "REQ-16"),
        ],
        [
            ("Send the UAT test plan to Grace", "alice", 6, True),
            ("Prepare the pressure test scripts", "zhangwei", 4, False),
        ],
        "alice",
    ),
    (
        0, "ACME", "acceptance", "二期验收准备会",
        ("wangfang", "chenjing", "zhangwei"), ("刘总 (ACME 信息部)", "赵经理 (ACME 业务部)"),
        ("验收范围：二期里程碑的需求，改价审批流必须在验收前完成。\n"
        "验收环境证书已续期。"),
        [("改价审批流纳入二期验收范围", "REQ-6")],
        [("验收测试环境周一前准备好", "chenjing", 3, False)],
        "wangfang",
    ),
]


def seed_demo(store: Store, today: date) -> None:
    """Three client meetings (a requirements workshop, a weekly review, today's acceptance
    preparation) with decisions that concern demo requirements and change requests, and
    action items: the promises among them are commitments."""
    from datetime import timedelta

    from .demo import at

    user, clock = store.user, store.clock
    if projects.get(store, "ACME") is None or projects.get(store, "NOVA") is None:
        return
    try:
        for ago, project, kind, title, team, client, notes, the_decisions, the_actions, by in _DEMO:
            day = today - timedelta(days=ago)
            store.user = by
            store.clock = lambda day=day: at(day, 10 if day != today else 0, 0)
            row = add(store, title, project=project, day=day.isoformat(), kind=kind,
                      attendees=[login for login in team if members.get(store, login)], client_attendees=client)
            store.clock = lambda day=day: at(day, 11 if day != today else 0, 10)
            for text, keys in the_decisions:
                present = [k for k in parse_links(keys) if store.scalar(
                    f"SELECT count(*) FROM {LINKABLE[k.split('-', 1)[0]]} WHERE key = ?", (k,))]
                decide(store, row["key"], text, present)
            for text, owner, due, promise in the_actions:
                add_action(store, row["key"], text, owner=owner, due=(today + timedelta(days=due)).isoformat(),
                           promise=promise)
            store.clock = lambda day=day: at(day, 11 if day != today else 0, 30)
            save_notes(store, row["key"], notes)
    finally:
        store.user, store.clock = user, clock
