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
stores. The minutes are rendered by `tui/reports/minutes.py`, the demo's meetings are in
`tui/demo/meetings.py`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import cast

from . import activity, members, projects
from . import links as links_table
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .feedback import parse_day
from .fields import check_line, checked_line, checked_text, row_by_key
from .messages import N_, _, join_list, ngettext

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
            _("Unknown kind of meeting “{value}”. Kinds: {known}.").format(value=value, known=join_list(KINDS)), "kind"
        )
    return text


def _title(value) -> str:
    return checked_line(str(value or "").strip(), "title", MAX_TITLE, LABELS["title"], required=True)


def entries(value) -> list[str]:
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
    for line in entries(value):
        for login in (part.strip() for part in line.split(",")):
            if not login:
                continue
            check_line(login, "attendees", LABELS["attendees"])
            if members.get(store, login) is None:
                known = join_list(sorted(members.names(store)))
                raise ValidationError(
                    _("No team member “{login}”. Members: {known}.").format(login=login, known=known), "attendees"
                )
            if login not in logins:
                logins.append(login)
    return _people("\n".join(logins), "attendees")


def parse_client_attendees(value) -> str:
    """Client attendees: names (with their role, as people write them), one per line."""
    names: list[str] = []
    for line in entries(value):
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
        known = join_list(sorted(members.names(store)))
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
    data["attendees"] = entries(row.get("attendees"))
    data["client_attendees"] = entries(row.get("client_attendees"))
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


def action_number(store: Store, key: str, number) -> dict:
    """Action item `number` of meeting `key`, counted from 1 in the order they were noted
    (as `huddle meeting show`, the minutes and the app number them)."""
    meeting = require(store, key)
    rows = actions(store, meeting["key"])
    try:
        index = int(str(number).strip().lstrip("#"))
    except ValueError:
        index = 0
    if not 1 <= index <= len(rows):
        if not rows:
            raise NotFound(_("{key} has no action items.").format(key=meeting["key"]))
        raise NotFound(ngettext("{key} has no action item {number}: it has one, number 1.",
                                "{key} has no action item {number}: its action items are numbered 1 to {count}.",
                                len(rows)).format(key=meeting["key"], number=str(number).strip()[:20],
                                                  count=len(rows)))
    return rows[index - 1]


def get_decision(store: Store, decision_id: int) -> dict | None:
    row = store.query_one("SELECT * FROM meeting_decisions WHERE id = ?", (decision_id,))
    if row is not None:
        row["links"] = [part for part in (row["links"] or "").split(",") if part]
    return row


def _saved_action(store: Store, action_id: int) -> dict:
    """The action item just written (it exists: we hold the write lock or just committed)."""
    row = get_action(store, action_id)
    if row is None:
        raise NotFound(_("No action item #{id}.").format(id=action_id))
    return row


def _saved_decision(store: Store, decision_id: int) -> dict:
    row = get_decision(store, decision_id)
    if row is None:
        raise NotFound(_("No decision #{id}.").format(id=decision_id))
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
    return int(cursor.lastrowid or 0)


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
            known = join_list(p["key"] for p in projects.active(store)) or "—"
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
    return require(store, key)


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
            new: str | None
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
                        known=join_list(p["key"] for p in projects.active(store)) or "—"), "project")
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
    return require(store, key)


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
    return require(store, key)


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
    return _saved_decision(store, decision_id)


def promise_to(store: Store, meeting: dict) -> str:
    """Whom a promise made in `meeting` was made to: its client attendees, else the client."""
    names = ", ".join(entries(meeting["client_attendees"]))
    if not names and meeting["project"]:
        project = projects.get(store, meeting["project"])
        names = (project or {}).get("client") or ""
    return names[:500]


def _commit(store: Store, meeting: dict, text: str, due: str, owner: str, to_whom: str | None) -> str:
    """The commitment a promise made in `meeting` becomes (through the Commitments store),
    linked to the meeting; its history says where it was made. Inside the caller's write."""
    from . import commitments

    made = commitments.add(
        store, text, due, to_whom=to_whom if to_whom is not None else promise_to(store, meeting),
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
    due_day = cast(str, parse_day(due, "due", required=True))  # required: never None
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
    return _saved_action(store, action_id)


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
        store.record(ENTITY, meeting["key"], "promise", field="action", new=commitment, note=row["text"])
    return _saved_action(store, int(action_id))


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
    return _saved_action(store, int(action_id))
