"""The requirement register: what the client asked for, confirmed, delivered, accepted.

A requirement (REQ-n) belongs to a project, has a priority P0–P3, an owner on the team, a
milestone (the staged acceptance it will be accepted at) and a source (the client contact
or meeting it came from). Its status follows `workflow.REQUIREMENT`:

    draft → documented → confirmed → in_progress → delivered → accepted
    any open state → deferred / dropped

Confirming records the client contact who signed off, and when. Accepting is for a lead
only and needs a milestone. Every write is one transaction that appends to the activity
trail; edits are version-checked (`ConflictError` carries the stored row).

A confirmed (or later) requirement keeps what was signed off: changing its title,
description or acceptance criteria is a re-open, for a lead only, with a reason, recorded
in the trail (an accepted one is re-accepted by that lead). `undo()` takes back the user's
last move with what it stamped (`tui/store/undo.py`).

Lists are built by `list_query()`: a `rows.Query` for the one row source (filtering and
sorting happen in SQLite; only visible rows are loaded). What every area does the same way
(keys, versions, moves, undo) is `tui/store/area.py`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from . import area, members, milestones, permissions, projects, workflow
from . import undo as undoing
from .db import Store
from .errors import ValidationError
from .fields import check_line
from .messages import N_, _, join_list
from .requirement_fields import FIELD_LABELS as FIELD_LABELS  # the screens read them here
from .requirement_fields import field_label
from .rows import Query

KIND = workflow.REQUIREMENT
ENTITY = "requirement"
DECIDED = ("confirmed", "in_progress", "delivered", "accepted")
"""Signed off by the client: the wording is what was agreed."""
SCOPE_FIELDS = ("title", "detail", "acceptance_criteria")
"""Fields whose change re-opens a decided requirement (a lead's call, with a reason)."""
_MOVE_FIELDS = ("confirmed_by", "confirmed_at", "accepted_by", "accepted_at")
"""Columns a move stamps besides the status (restored by undo)."""
PRIORITIES = ("P0", "P1", "P2", "P3")
EDIT_FIELDS = ("project", "title", "detail", "acceptance_criteria", "source", "priority", "owner", "milestone_id")
MAX_TITLE = 500
MAX_TEXT = 20_000
MAX_LINE = 1_000


class Requirements(area.AreaStore):
    TABLE = "requirements"
    ENTITY = ENTITY
    PREFIX = "REQ"
    KIND = KIND
    NOT_FOUND = N_("There is no requirement {key}.")
    BAD_KEY = N_("“{key}” is not a requirement key: use REQ-<number>, for example REQ-3.")
    MOVE_FIELDS = _MOVE_FIELDS
    ROW_SQL = """SELECT r.*, m.name AS milestone, m.due AS milestone_due
           FROM requirements r LEFT JOIN milestones m ON m.id = r.milestone_id
           WHERE r.key = ?"""
    LIST_COLUMNS = """r.key AS key, r.number AS number, r.title AS title, r.priority AS priority,
       r.status AS status, r.owner AS owner, r.project AS project, r.version AS version,
       m.name AS milestone, COALESCE(m.due, '9999-12-31') AS milestone_due,
       r.title_tr AS title_tr, r.text_lang AS text_lang"""
    LIST_SOURCE = "requirements r LEFT JOIN milestones m ON m.id = r.milestone_id"
    SEARCH = "r.search"
    ROWID = "r.id"
    VIEWS: ClassVar[dict[str, str]] = {"all": "1", "open": "r.status IN ({})".format(", ".join(f"'{s}'" for s in workflow.OPEN_REQUIREMENT_STATUSES))}
    VIEW_LABELS: ClassVar[dict[str, str]] = {"all": N_("All requirements"), "open": N_("Open requirements")}

    def view_where(self, store: Store | None, view: str, params: dict) -> str:
        if view in workflow.statuses(KIND):
            params["status"] = view
            return "r.status = :status"
        return super().view_where(store, view, params)

    def move_values(self, store: Store, row: dict, target: str, note: str | None, **extra) -> dict:
        now = store.clock()
        values: dict = {}
        if target == "confirmed":
            contact = (extra.get("confirmed_by") or "").strip()
            if not contact:
                raise ValidationError(_("Confirming needs the client contact who signed off."), "confirmed_by")
            check_line(contact, "confirmed_by", N_("Signed off by"))
            if len(contact) > MAX_LINE:
                raise ValidationError(
                    _("{field} is too long: at most {limit} characters.").format(field=_("Signed off by"), limit=MAX_LINE),
                    "confirmed_by",
                )
            values.update(confirmed_by=contact, confirmed_at=now)
        if target == "accepted":
            if row["milestone_id"] is None:
                raise ValidationError(
                    _("{key} has no milestone: set the milestone it is accepted at first.").format(key=row["key"]),
                    "milestone_id",
                )
            values.update(accepted_by=store.user, accepted_at=now)
        return values


AREA = Requirements()


# -- reading -------------------------------------------------------------------------


def normalize_key(key: str) -> str:
    """`req-12`, `12`, ` REQ-12 ` → `REQ-12`."""
    return AREA.normalize_key(key)


def get(store: Store, key: str) -> dict | None:
    """The requirement with its milestone's name and due date."""
    return AREA.get(store, key)


def require(store: Store, key: str) -> dict:
    return AREA.require(store, key)


def normalize_status(value: str) -> str:
    """What a person types (`in progress`, `In-Progress`) → the stored status."""
    return workflow.normalize(value)


NO_MILESTONE = 0
"""`milestone_id` filter value meaning "requirements without a milestone"."""


def list_query(
    *,
    text: str = "",
    project: str | None = None,
    milestone_id: int | None = None,
    status: str | None = None,
    open_only: bool = False,
    group_by_milestone: bool = False,
    view: str | None = None,
    store: Store | None = None,
) -> Query:
    """The register, filtered in SQL.

    Every word of `text` is somewhere (any substring, Chinese too) in the key, the title
    in either language, the owner (login or name) or the source, case-insensitively for
    ASCII (`area.AreaStore.search_where`). `milestone_id=NO_MILESTONE` lists requirements without
    a milestone.
    """
    where: list[str] = []
    params: dict = {}
    if project:
        where.append("r.project = :project")
        params["project"] = project
    if milestone_id == NO_MILESTONE:
        where.append("r.milestone_id IS NULL")
    elif milestone_id is not None:
        where.append("r.milestone_id = :milestone")
        params["milestone"] = milestone_id
    view = status or view or ("open" if open_only else "all")
    query = AREA.list_query(store, view=view, text=text, where=" AND ".join(where), params=params)
    order = ("milestone_due", "milestone", "number") if group_by_milestone else ("number",)
    return replace(query, order_by=order)


def list_rows(
    store: Store,
    *,
    status: str | None = None,
    project: str | None = None,
    milestone_id: int | None = None,
    text: str = "",
    limit: int | None = None,
) -> list[dict]:
    """Full rows for the CLI (`huddle req list --json`), in key order."""
    if status:
        status = normalize_status(status)
        if status not in workflow.statuses(KIND):
            raise ValidationError(
                _("Unknown status “{status}”. Statuses: {known}.").format(
                    status=status, known=join_list(workflow.statuses(KIND))
                ),
                "status",
            )
    query = list_query(text=text, project=project, milestone_id=milestone_id, status=status, store=store)
    keys = [
        row["key"]
        for row in store.query(
            f"SELECT key FROM ({query.select}) ORDER BY number" + (f" LIMIT {int(limit)}" if limit else ""),
            dict(query.params),  # list_query's parameters are named
        )
    ]
    if not keys:
        return []
    rows: list[dict] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows += store.query(
            f"""SELECT r.*, m.name AS milestone, m.due AS milestone_due
                FROM requirements r LEFT JOIN milestones m ON m.id = r.milestone_id
                WHERE r.key IN ({marks}) ORDER BY r.number""",
            tuple(chunk),
        )
    return rows


JSON_COLUMNS = (
    "key", "project", "title", "detail", "acceptance_criteria", "source", "priority", "status",
    "owner", "milestone", "milestone_due", "confirmed_by", "confirmed_at", "accepted_by",
    "accepted_at", "version", "created_at", "created_by", "updated_at", "updated_by",
)


def as_json(row: dict) -> dict:
    """A requirement with the DESIGN.md column names (`milestone` is the milestone's name)."""
    return {column: row.get(column) for column in JSON_COLUMNS}


def linked_changes(store: Store, key: str) -> list[dict]:
    """Change requests about this requirement (read-only here: the Changes area owns them)."""
    return store.query(
        "SELECT key, title, status, priority FROM change_requests WHERE requirement = ? ORDER BY number",
        (key,),
    )


def linked_feedback(store: Store, key: str) -> list[dict]:
    """Client feedback linked to this requirement (`feedback.linked_key` or `links`)."""
    return store.query(
        """SELECT key, summary, status, csat, contact, received_at FROM feedback
           WHERE linked_key = ?
              OR key IN (SELECT to_key FROM links WHERE from_key = ?)
              OR key IN (SELECT from_key FROM links WHERE to_key = ?)
           ORDER BY number""",
        (key, key, key),
    )


def linked_other(store: Store, key: str) -> list[str]:
    """Other keys linked through `links` (not feedback or change requests shown elsewhere)."""
    rows = store.query(
        """SELECT to_key AS other FROM links WHERE from_key = ?
           UNION SELECT from_key FROM links WHERE to_key = ?""",
        (key, key),
    )
    return sorted(
        row["other"] for row in rows if not str(row["other"]).upper().startswith(("FB-", "CR-"))
    )


def history(store: Store, key: str, limit: int = 50) -> list[dict]:
    """The requirement's trail, newest first. A move's stamps (its time, who accepted) are
    part of the move and left out; who signed off stays, as a line of its own."""
    from . import activity

    shown = []
    for entry in activity.for_key(store, key, limit):
        if undoing.is_derived(entry):
            if entry["field"] != "confirmed_by":
                continue
            entry = {**entry, "note": None}
        shown.append(entry)
    return shown


# -- validation --------------------------------------------------------------------------


def _text(values: dict, field: str) -> str:
    value = values.get(field)
    return "" if value is None else str(value)


def validate(store: Store, values: dict) -> dict:
    """Clean and check the editable fields; raise ValidationError naming the field."""
    title = _text(values, "title").strip()
    if not title:
        raise ValidationError(_("A requirement needs a title."), "title")
    if len(title) > MAX_TITLE:
        raise ValidationError(_("The title is too long: at most {limit} characters.").format(limit=MAX_TITLE), "title")
    check_line(title, "title", N_("Title"))
    check_line(_text(values, "source").strip(), "source", N_("Source"))
    for field, limit in (("detail", MAX_TEXT), ("acceptance_criteria", MAX_TEXT), ("source", MAX_LINE)):
        if len(_text(values, field)) > limit:
            raise ValidationError(
                _("{field} is too long: at most {limit} characters.").format(field=field_label(field), limit=limit),
                field,
            )
    priority = (_text(values, "priority").strip().upper() or "P2")
    if priority not in PRIORITIES:
        raise ValidationError(_("Priority is one of P0, P1, P2, P3 (P0 is the most urgent)."), "priority")
    project = projects.resolve(store, _text(values, "project").strip() or None)
    owner = _text(values, "owner").strip() or None
    if owner is not None:
        found = store.scalar(
            "SELECT login FROM members WHERE lower(login) = lower(?) OR display_name = ?", (owner, owner)
        )
        if found is None:
            known = join_list(sorted(members.names(store))) or "—"
            raise ValidationError(
                _("No team member “{owner}”. Members: {known}.").format(owner=owner, known=known), "owner"
            )
        owner = found
    milestone_id = values.get("milestone_id")
    if milestone_id in ("", None):
        milestone_id = None
    else:
        milestone = milestones.get(store, milestone_id)
        if milestone is None:
            raise ValidationError(_("No milestone {id}.").format(id=milestone_id), "milestone_id")
        if project is None:
            project = milestone["project"]
        elif milestone["project"] != project:
            raise ValidationError(
                _("Milestone “{name}” belongs to project {project}.").format(
                    name=milestone["name"], project=milestone["project"]
                ),
                "milestone_id",
            )
        milestone_id = milestone["id"]
    return {
        "project": project,
        "title": title,
        "detail": _text(values, "detail"),
        "acceptance_criteria": _text(values, "acceptance_criteria"),
        "source": _text(values, "source").strip(),
        "priority": priority,
        "owner": owner,
        "milestone_id": milestone_id,
    }


# -- writing ---------------------------------------------------------------------------


def create(store: Store, values: dict | None = None, **fields) -> dict:
    """Add a requirement in `draft`; returns the stored row."""
    clean_values = validate(store, {**(values or {}), **fields})
    with store.write() as conn:
        number = store.next_number("requirements")
        key = f"REQ-{number}"
        conn.execute(
            """INSERT INTO requirements (number, key, project, title, detail, acceptance_criteria,
                   source, priority, status, owner, milestone_id,
                   created_at, created_by, updated_at, updated_by, version)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
            (number, key, clean_values["project"], clean_values["title"], clean_values["detail"],
             clean_values["acceptance_criteria"], clean_values["source"], clean_values["priority"],
             workflow.INITIAL[KIND], clean_values["owner"], clean_values["milestone_id"],
             *_stamps(store)),
        )
        store.record(ENTITY, key, "create", new=clean_values["title"])
    return require(store, key)


def _stamps(store: Store) -> tuple:
    now = store.clock()
    return (now, store.user, now, store.user)


def update(
    store: Store, key: str, values: dict, *, expected_version: int | None, reason: str | None = None
) -> dict:
    """Save an edit of the fields in `values` (others keep their stored value).

    `expected_version` is the version the editor started from; if the stored row has
    moved on, nothing is written and `ConflictError` carries the stored row. On a
    decided requirement (`DECIDED`), changing the title, description or acceptance
    criteria re-opens it: only a lead may (`PermissionDenied`), and only with a `reason`
    (`ValidationError` on "reason"); nothing is written otherwise.
    """
    reason = "" if reason is None else str(reason)
    if len(reason) > MAX_TEXT:
        raise ValidationError(
            _("{field} is too long: at most {limit} characters.").format(field=_("Reason for re-opening"), limit=MAX_TEXT),
            "reason",
        )
    with store.write():
        current = AREA.check_version(store, require(store, key), expected_version)
        merged = {field: current[field] for field in EDIT_FIELDS}
        merged.update({k: v for k, v in values.items() if k in EDIT_FIELDS})
        clean_values = validate(store, merged)
        changed = [f for f in EDIT_FIELDS if (current[f] if current[f] is not None else "")
                   != (clean_values[f] if clean_values[f] is not None else "")]
        if not changed:
            return current
        reopen = current["status"] in DECIDED and any(field in changed for field in SCOPE_FIELDS)
        sets = {f: clean_values[f] for f in changed}
        if reopen:
            _check_reopen(store, current, reason)
            if current["status"] == "accepted":
                sets.update(accepted_by=store.user, accepted_at=store.clock())
        AREA.update(store, current, sets)
        if reopen:
            # Who had decided stays readable in the trail: the client's sign-off, or the
            # lead who accepted (now re-accepted by this lead).
            field = "accepted_by" if current["status"] == "accepted" else "confirmed_by"
            store.record(ENTITY, current["key"], "reopen", field=field, old=current[field],
                         new=sets.get(field, current[field]), note=reason)
        for field in changed:
            old, new = current[field], clean_values[field]
            if field == "milestone_id":
                field = "milestone"
                old = current["milestone"]
                milestone = milestones.get(store, new) if new else None
                new = milestone["name"] if milestone else None
            store.record(ENTITY, current["key"], "edit", field=field, old=old, new=new)
    return require(store, key)


def set_priority(store: Store, key: str, priority: str, *, expected_version: int | None = None) -> dict:
    return update(store, key, {"priority": priority}, expected_version=expected_version)


def _check_reopen(store: Store, current: dict, reason: str) -> None:
    permissions.require(store, "item.reopen")
    if not reason.strip():
        raise ValidationError(
            _("{key} is {status}: the client signed off this wording. Say why it is re-opened (kept in the history).").format(
                key=current["key"], status=workflow.label(current["status"])
            ),
            "reason",
        )


def reopen_history(store: Store, key: str) -> list[dict]:
    """The re-openings of a requirement, newest first (who, when, why)."""
    return [entry for entry in history(store, key, 200) if entry["action"] == "reopen"]


def move(
    store: Store,
    key: str,
    target: str,
    *,
    note: str | None = None,
    confirmed_by: str | None = None,
    expected_version: int | None = None,
) -> dict:
    """Move a requirement along its workflow.

    * illegal moves raise `WorkflowError` naming the allowed ones;
    * `confirmed` needs `confirmed_by`, the client contact who signed off (recorded with
      the time, as a derived row of the move: data, worded when shown);
    * `accepted` is for a lead only (`PermissionDenied`) and needs a milestone.
    """
    return AREA.move(store, key, target, note=note, expected_version=expected_version, confirmed_by=confirmed_by)


def undo(store: Store) -> dict:
    """Take back the user's last requirement move: status and the sign-off / acceptance
    stamps as they were. Refused when the requirement changed since (nothing anyone did
    after the move is overwritten); undoing an acceptance is a lead's."""
    return AREA.undo(store)


# -- dashboard ---------------------------------------------------------------------------

FUNNEL = ("draft", "documented", "confirmed", "in_progress", "delivered", "accepted", "deferred", "dropped")


def funnel(store: Store) -> dict[str | None, dict[str, int]]:
    """Counts per status, per project (None: no project), from the (project, status) index."""
    result: dict[str | None, dict[str, int]] = {}
    for row in store.query(
        "SELECT project, status, count(*) AS n FROM requirements GROUP BY project, status"
    ):
        result.setdefault(row["project"], {})[row["status"]] = row["n"]
    return result


def count(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM requirements") or 0
