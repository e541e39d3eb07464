"""Commitments (CM-n): what the team promised the client, to whom, by when, and whether it
was kept (兑现承诺). The on-time rate (`trust.on_time`) is how trust is measured.

Workflow (`workflow.COMMITMENT`): open → kept | missed | renegotiated; renegotiated → kept |
missed | renegotiated. Renegotiating *is* moving the due date: it needs a reason, keeps the
original due date, and the reason goes into the activity trail. Marking one missed needs a
reason too (kept with the move in the trail). `undo()` takes back the user's last move
(status, closed_at, due date as they were; `tui/store/undo.py`), so a slip of a key does
not change the client's on-time rate for good.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from . import area, projects, trust, workflow
from .area import parse_day, parse_owner
from .db import Store
from .errors import ValidationError
from .fields import checked_line, checked_text
from .messages import N_, _
from .rows import Query

ENTITY = "commitment"
PREFIX = "CM"
KIND = workflow.COMMITMENT
_MOVE_FIELDS = ("closed_at", "due")
"""Columns a move sets besides the status (restored by undo)."""
EDITABLE = ("promise", "to_whom", "owner", "project", "note")
MAX_PROMISE = 5_000
MAX_LINE = 500
SETTLED = "(status IN ('kept', 'missed'))"
"""Kept or missed (1) vs still open (0); the same text as in the index `commitments_list`."""


def _promise(value: str | None) -> str:
    text = value or ""
    if not text.strip():
        raise ValidationError(_("Write what was promised."), "promise")
    if len(text) > MAX_PROMISE:
        raise ValidationError(_("The promise is too long: at most {limit} characters.").format(limit=MAX_PROMISE), "promise")
    return text


def _line(value: str | None, field: str, limit: int = MAX_LINE) -> str:
    return checked_text(value, field, limit)


class Commitments(area.AreaStore):
    TABLE = "commitments"
    ENTITY = ENTITY
    PREFIX = PREFIX
    KIND = KIND
    NOT_FOUND = N_("There is no commitment {key}.")
    BAD_KEY = N_("“{key}” is not a commitment key: use CM-<number>, for example CM-5.")
    MOVE_FIELDS = _MOVE_FIELDS
    LIST_COLUMNS = (
        "key, number, project, substr(promise, 1, 400) AS promise, to_whom, owner, due, original_due,"
        f" status, closed_at, version, {SETTLED} AS settled, substr(promise_tr, 1, 400) AS promise_tr, text_lang"
    )
    ORDER = ("settled", "due", "number")
    """`settled` is written exactly as in the index `commitments_list`, so SQLite pages by it."""
    VIEWS: ClassVar[dict[str, str]] = {
        "all": "1",
        "open": f"{SETTLED} = 0",
        "overdue": f"{SETTLED} = 0 AND due < :today",
    }
    VIEW_LABELS: ClassVar[dict[str, str]] = {
        "all": N_("All commitments"), "open": N_("Open commitments"), "overdue": N_("Overdue"),
    }

    def conflict_values(self, row: dict) -> dict:
        return form_values(row)

    def move_values(self, store: Store, row: dict, target: str, note: str | None, **extra) -> dict:
        reason = note or ""
        if len(reason) > MAX_PROMISE:
            raise ValidationError(_("Too long: at most {limit} characters.").format(limit=MAX_PROMISE), "reason")
        if target == "renegotiated":
            new_due = parse_day(extra.get("due"), "due", required=True)
            if not reason.strip():
                raise ValidationError(_("Say why the due date moves (the reason is kept in the history)."), "reason")
            if new_due == row["due"]:
                raise ValidationError(_("The new due date is the same as the current one."), "due")
            return {"due": new_due}
        if target == "missed" and not reason.strip():
            raise ValidationError(
                _("Say why {key} was missed (the reason is kept in the history).").format(key=row["key"]), "reason"
            )
        return {"closed_at": store.clock()}


AREA = Commitments()


def get(store: Store, key: str) -> dict | None:
    return AREA.get(store, key)


def require(store: Store, key: str) -> dict:
    return AREA.require(store, key)


def form_values(row: dict) -> dict:
    return {
        "promise": row["promise"] or "",
        "to_whom": row["to_whom"] or "",
        "owner": row["owner"] or "",
        "project": row["project"] or "",
        "due": row["due"] or "",
        "note": row["note"] or "",
    }


def list_query(text: str = "", status: str | None = None, *, store: Store | None = None) -> Query:
    """The list: open ones first by due date, then closed ones; `status` is a status or a
    quick filter ("open": not yet kept or missed)."""
    return AREA.list_query(store, view=status or "all", text=text)


def list_rows(store: Store, status: str | None = None) -> list[dict]:
    """`huddle promise list --json`, DESIGN.md column names; open ones first, by due date."""
    sql = (
        "SELECT key, project, promise, to_whom, owner, due, original_due, status, closed_at, note,"
        " version, created_at, created_by, updated_at, updated_by FROM commitments"
    )
    params: tuple = ()
    if status == "open":
        sql += " WHERE status IN ('open', 'renegotiated')"
    elif status:
        sql += " WHERE status = ?"
        params = (status,)
    sql += " ORDER BY CASE WHEN status IN ('open', 'renegotiated') THEN 0 ELSE 1 END, due, number"
    return store.query(sql, params)


def overdue(store: Store, limit: int = 50) -> list[dict]:
    """Open commitments past their due date, most overdue first."""
    return store.query(
        "SELECT key, project, promise, to_whom, owner, due, original_due, status FROM commitments"
        f" WHERE {SETTLED} = 0 AND due < ? ORDER BY {SETTLED}, due, number LIMIT ?",
        (store.today().isoformat(), limit),
    )


def overdue_count(store: Store) -> int:
    return store.scalar(
        f"SELECT count(*) FROM commitments WHERE {SETTLED} = 0 AND due < ?", (store.today().isoformat(),)
    ) or 0


def closed_rows(store: Store) -> list[dict]:
    """Closed commitments (for the on-time rate)."""
    return store.query(
        "SELECT key, project, owner, status, due, original_due, closed_at FROM commitments"
        " WHERE status IN ('kept', 'missed')"
    )


def on_time_summary(store: Store) -> dict:
    """{"all": OnTime, "project": {key: OnTime}, "owner": {login: OnTime}}.

    Counted by SQLite in one pass over a covering index (same rule as
    `trust.kept_on_time`, which the tests hold it to), then added up per project and
    per person, so it stays instant with many commitments."""
    rows = store.query(
        "SELECT project, owner, count(*) AS closed,"
        " sum(status = 'kept' AND closed_at IS NOT NULL AND substr(closed_at, 1, 10) <= original_due) AS on_time"
        " FROM commitments WHERE status IN ('kept', 'missed') GROUP BY project, owner"
    )
    total = [0, 0]
    by: dict[str, dict] = {"project": {}, "owner": {}}
    for row in rows:
        closed, kept = int(row["closed"] or 0), int(row["on_time"] or 0)
        total[0] += closed
        total[1] += kept
        for field in ("project", "owner"):
            sums = by[field].setdefault(row[field], [0, 0])
            sums[0] += closed
            sums[1] += kept

    def ordered(values: dict) -> dict:
        return {key: trust.OnTime(*values[key]) for key in sorted(values, key=lambda k: (k is None, k or ""))}

    return {"all": trust.OnTime(*total), "project": ordered(by["project"]), "owner": ordered(by["owner"])}


def add(
    store: Store,
    promise: str,
    due: str | date,
    *,
    to_whom: str = "",
    owner: str | None = None,
    project: str | None = None,
    note: str = "",
) -> dict:
    promise = _promise(promise)
    due_day = parse_day(due, "due", required=True)
    to_whom = checked_line(to_whom, "to_whom", MAX_LINE, N_("To whom"))
    note = _line(note, "note", MAX_PROMISE)
    with store.write() as conn:
        project_key = projects.resolve(store, project)
        owner_login = parse_owner(store, owner) if owner else store.user
        number = store.next_number("commitments")
        key = f"{PREFIX}-{number}"
        values = {
            "number": number,
            "key": key,
            "project": project_key,
            "promise": promise,
            "to_whom": to_whom,
            "owner": owner_login,
            "due": due_day,
            "original_due": due_day,
            "status": workflow.INITIAL[workflow.COMMITMENT],
            "note": note,
            **store.audit_insert(),
        }
        conn.execute(
            f"INSERT INTO commitments ({', '.join(values)}) VALUES ({', '.join('?' for _v in values)})",
            tuple(values.values()),
        )
        store.record(ENTITY, key, "create", new="open")
    return require(store, key)


def edit(store: Store, key: str, values: dict, version: int | None) -> dict:
    """Save the edit form. The due date is not edited here: moving it is `move_due` (it
    needs a reason)."""
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        current = form_values(row)
        if "due" in values and str(values["due"] or "").strip() != current["due"]:
            raise ValidationError(_("The due date is not edited here: moving it is a move of its own, which asks for the reason."), "due")
        changes: dict = {}
        for field in EDITABLE:
            if field not in values or str(values[field] or "") == current[field]:
                continue
            value = values[field]
            if field == "promise":
                changes[field] = _promise(value)
            elif field == "to_whom":
                changes[field] = checked_line(value, field, MAX_LINE, N_("To whom"))
            elif field == "note":
                changes[field] = _line(value, field, MAX_PROMISE)
            elif field == "owner":
                changes[field] = parse_owner(store, value)
            elif field == "project":
                changes[field] = projects.resolve(store, value) if str(value or "").strip() else None
        if not changes:
            return row
        AREA.update(store, row, changes)
        AREA.record_edits(store, row, changes)
    return require(store, key)


def move(store: Store, key: str, target: str, *, version: int | None = None, note: str | None = None,
         due: str | date | None = None) -> dict:
    """Kept or missed (closes it; missed needs the reason in `note`), or renegotiated
    (which is `move_due`: needs `due` and a reason in `note`)."""
    return AREA.move(store, key, target, note=note, expected_version=version, due=due)


def undo(store: Store) -> dict:
    """Take back the user's last commitment move: status, closed_at and due date as they
    were. Refused when the commitment changed since (nothing done after it is lost)."""
    return AREA.undo(store)


def move_due(store: Store, key: str, due: str | date | None, reason: str | None, *, version: int | None = None) -> dict:
    """Renegotiate: a new due date with a reason; the original due date is kept."""
    return move(store, key, "renegotiated", version=version, note=reason, due=due)


def assign(store: Store, key: str, owner: str | None = None, *, version: int | None = None) -> dict:
    return AREA.assign(store, key, owner, expected_version=version)
