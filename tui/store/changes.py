"""The change-request queue: every change the client asks for, from submission to done.

submitted → assessing → approved | rejected; approved → implementing → verifying → done;
submitted/assessing → withdrawn (the table is `workflow.CHANGE_REQUEST`). On top of the
table, this module enforces what change control needs:

* only a lead approves or rejects, and a change cannot be approved before its impact is
  assessed (effort, schedule, cost, risk); a rejection needs a reason;
* every write is one `BEGIN IMMEDIATE` transaction, version-checked when the caller says
  which version it saw, and appended to the activity trail (who, when, from → to, why);
* a duplicate is closed (withdrawn) and linked to the request it repeats;
* a snoozed request leaves the queue until its date;
* `undo()` takes back the user's own last move (`tui/store/undo.py`, the same in every
  area): status, status_at and the decision as they were; refused if the request changed
  since;
* a decided request (approved, implementing, verifying, done) keeps its decision: changing
  its title or details is a re-open, for a lead only, with a reason; the lead becomes the
  decider of the new wording (decided_by/at, decision_note = the reason), and the trail
  keeps who decided before.

The queue itself (`queue_query`) is filtered, sorted and paged in SQL, with indexes, for
`ItemTable`: 100,000 requests stay instant.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta

from ..i18n import N_, _
from . import links, members, permissions, workflow
from . import undo as undoing
from .db import Store
from .errors import (
    ConflictError,
    NotFound,
    ValidationError,
    WorkflowError,
)
from .fields import checked_line, checked_text

ENTITY = "change_request"
KIND = workflow.CHANGE_REQUEST
TABLE = "change_requests"
PRIORITIES = ("P0", "P1", "P2", "P3")
RISKS = ("low", "medium", "high")
RISK_LABELS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
MAX_TITLE = 500
MAX_TEXT = 20_000
FINAL = tuple(s for s in workflow.statuses(KIND) if workflow.is_final(KIND, s))
OPEN = tuple(s for s in workflow.statuses(KIND) if not workflow.is_final(KIND, s))
WAITING = ("submitted", "assessing")
_OPEN_LIST = ", ".join(f"'{s}'" for s in OPEN)
OPEN_SQL = f"status IN ({_OPEN_LIST})"
"""The open requests; the partial index `change_requests_open_queue` has this WHERE."""

# Columns a move may change besides the status (restored by undo).
_MOVE_FIELDS = ("status_at", "decided_by", "decided_at", "decision_note", "duplicate_of", "assignee")

DECIDED = ("approved", "implementing", "verifying", "done")
"""A request in one of these has been approved: its wording is what was decided."""
SCOPE_FIELDS = ("title", "detail")
"""Fields whose change re-opens a decided request (a lead's call, with a reason)."""

# The quick filters of the queue ("views"), besides one per status.
VIEWS = ("open", "decision", "mine", "snoozed", "all")
VIEW_LABELS = {
    "open": N_("Open requests"),
    "decision": N_("Needs my decision"),
    "mine": N_("Assigned to me"),
    "snoozed": N_("Snoozed"),
    "all": N_("All requests"),
}

JSON_COLUMNS = (
    "key", "project", "title", "detail", "requested_by", "requirement", "priority", "status",
    "assignee", "effort_days", "schedule_days", "cost", "risk", "assessment_note",
    "assessed_by", "assessed_at", "decided_by", "decided_at", "decision_note",
    "duplicate_of", "snoozed_until", "version", "created_at", "created_by", "updated_at",
    "updated_by",
)

# What a move is called, for messages ("Only a lead may approve a change request").
MOVE_NAMES = {
    "assessing": N_("start assessing"),
    "approved": N_("approve a change request"),
    "rejected": N_("reject a change request"),
    "implementing": N_("start implementing"),
    "verifying": N_("send to verification"),
    "done": N_("mark done"),
    "withdrawn": N_("withdraw"),
}

class NotAssessed(WorkflowError):
    """Approving a request whose impact has not been assessed."""


_KEY = re.compile(r"^\s*(?:cr-?)?(\d+)\s*$", re.IGNORECASE)


# -- reading ------------------------------------------------------------------------------


def normalize_key(key: str) -> str:
    """`cr-7`, `CR7`, `7` → `CR-7`; anything else is a clear error."""
    match = _KEY.match(key or "")
    if not match:
        raise ValidationError(
            _("“{key}” is not a change request key: use CR-<number>, for example CR-7.").format(key=key),
            "key",
        )
    return f"CR-{int(match.group(1))}"


def get(store: Store, key: str) -> dict | None:
    return store.query_one("SELECT * FROM change_requests WHERE key = ?", (normalize_key(key),))


def require(store: Store, key: str) -> dict:
    row = get(store, key)
    if row is None:
        raise NotFound(_("There is no change request {key}.").format(key=normalize_key(key)))
    return row


def as_json(row: dict) -> dict:
    return {column: row.get(column) for column in JSON_COLUMNS}


def list_rows(store: Store, status: str | None = None, limit: int | None = None) -> list[dict]:
    """`huddle cr list`: every request (or one status, or a view), newest number first."""
    where, params = _view_where(store, status or "all")
    sql = f"SELECT * FROM change_requests WHERE {where} ORDER BY number DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def history(store: Store, key: str, limit: int = 200) -> list[dict]:
    """The request's trail, newest first, with display names."""
    from . import activity

    return activity.for_key(store, normalize_key(key), limit)


def duplicates_of(store: Store, key: str) -> list[str]:
    """Keys of the requests closed as duplicates of `key`."""
    return links.pointing_to(store, normalize_key(key), "duplicate")


def requirement_title(store: Store, key: str | None) -> str | None:
    if not key:
        return None
    return store.scalar("SELECT title FROM requirements WHERE key = ?", (key,))


# -- the queue, for ItemTable -----------------------------------------------------------


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows: a quick filter (`view`: a VIEWS name or a status) and text."""

    view: str = "open"
    text: str = ""


@dataclass(frozen=True)
class QueueQuery:
    """The queue's WHERE clause (over `change_requests`), its parameters, and the covering
    index a scan of it should use."""

    where: str
    params: dict = dataclass_field(default_factory=dict)
    index: str = "change_requests_queue"

    @property
    def select(self) -> str:
        return f"SELECT {_QUEUE_COLUMNS} FROM change_requests WHERE {self.where}"


QUEUE_ORDER = "priority ASC, status_at DESC, number DESC"
"""Priority first, then the newest decisions (latest status change) first. The index
`change_requests_queue` has exactly this order and covers every filtered column."""
_REVERSED_ORDER = "priority DESC, status_at ASC, number ASC"

_QUEUE_COLUMNS = (
    "key, number, title, priority, status, requested_by, assignee, created_at, status_at,"
    " snoozed_until, version"
)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _view_where(store: Store, view: str) -> tuple[str, dict]:
    today = store.today().isoformat()
    params: dict = {"today": today}
    awake = "(snoozed_until IS NULL OR snoozed_until <= :today)"
    open_list = _OPEN_LIST
    if view == "open":
        return f"status IN ({open_list}) AND {awake}", params
    if view == "all":
        return "1", params
    if view == "snoozed":
        return f"snoozed_until > :today AND status IN ({open_list})", params
    if view == "mine":
        params["me"] = store.user
        return f"assignee = :me AND status IN ({open_list})", params
    if view == "decision":
        params["me"] = store.user
        if members.is_lead(store):
            return f"status = 'assessing' AND assessed_at IS NOT NULL AND {awake}", params
        # A member decides nothing; "my decision" is what waits on them to move it on.
        return f"assignee = :me AND status IN ({open_list}) AND {awake}", params
    if view in workflow.statuses(KIND):
        params["status"] = view
        return "status = :status", params
    raise ValidationError(
        _("Unknown filter “{view}”. Use one of: {views}.").format(
            view=view, views=", ".join((*VIEWS, *workflow.statuses(KIND)))
        ),
        "status",
    )


def queue_query(store: Store, flt: QueueFilter = QueueFilter()) -> QueueQuery:
    """The queue's filter as SQL: the view, and every word of the text somewhere in the
    title, key or requester (any substring, Chinese included; `%` and `_` are literal)."""
    where, params = _view_where(store, flt.view)
    for number, word in enumerate(_CONTROLS.sub(" ", flt.text).split()[:8]):
        name = f"w{number}"
        params[name] = _like(word)
        where += f" AND search LIKE :{name} ESCAPE '\\'"
    index = "change_requests_open_queue" if OPEN_SQL in where else "change_requests_queue"
    return QueueQuery(where, params, index)


class QueueSource:
    """The queue as an `ItemTable` row source, over the covering index.

    A filter keystroke costs one scan of `change_requests_queue` (never the table):
    `count()` counts the matches and, in the same pass, the position of `cursor_key` (the
    item the cursor was on), which `ItemTable.set_source` asks for right after. Pages are
    read in index order, deep pages backwards from the end (a small OFFSET either way).

    With `bound`, `count()` reads only the first `bound` matches, in queue order: a
    keystroke pays for what the table shows, not for counting 100,000 rows. If there are
    more, `exact` is False and `full_count()` counts them all later (the screen does that
    once typing pauses); until then the cursor is kept only if its item is among them.
    """

    def __init__(
        self,
        store: Store,
        flt: QueueFilter = QueueFilter(),
        cursor_key: str | None = None,
        *,
        bound: int | None = None,
    ) -> None:
        self.conn = store.conn
        self.query = queue_query(store, flt)
        self.cursor_key = cursor_key
        self.bound = bound
        self.exact = bound is None
        self._count: int | None = None
        self._positions: dict[str, int | None] = {}
        self._first: list[dict] = []  # the first `bound` rows, read by a bounded count

    def _sort_values(self, key: str) -> tuple | None:
        row = self.conn.execute(
            f"SELECT priority, status_at, number FROM change_requests WHERE key = :__key AND ({self.query.where})",
            {**self.query.params, "__key": key},
        ).fetchone()
        return None if row is None else tuple(row)

    _BEFORE = (
        "(priority < :__p OR (priority = :__p AND (status_at > :__s"
        " OR (status_at = :__s AND number > :__n))))"
    )

    def count(self) -> int:
        if self.bound is not None and self._count is None:
            return self._bounded_count(self.bound)
        key = self.cursor_key
        values = self._sort_values(key) if key else None
        if values is None:
            # Words to match: scan the covering index, not the table.
            hint = f" INDEXED BY {self.query.index}" if "LIKE" in self.query.where else ""
            sql = f"SELECT count(*), NULL FROM change_requests{hint} WHERE {self.query.where}"
            params = self.query.params
        else:
            sql = (
                f"SELECT count(*), sum({self._BEFORE}) FROM change_requests"
                f" INDEXED BY {self.query.index} WHERE {self.query.where}"
            )
            params = {**self.query.params, "__p": values[0], "__s": values[1], "__n": values[2]}
        total, before = self.conn.execute(sql, params).fetchone()
        self._count = int(total)
        self.exact = True
        self._positions = {key: None if values is None else int(before or 0)} if key else {}
        return self._count

    def _bounded_count(self, bound: int) -> int:
        """Read the first `bound` matches (one more tells whether there are others)."""
        self._first = self._read(QUEUE_ORDER, bound + 1, 0)
        self.exact = len(self._first) <= bound
        del self._first[bound:]
        self._count = len(self._first)
        self._positions = {row["key"]: index for index, row in enumerate(self._first)}
        return self._count

    def full_count(self) -> int:
        """Count every match (after a bounded count); the rows read stay valid."""
        if not self.exact:
            self.bound = None
            self.cursor_key = None
            first, positions = self._first, self._positions
            self.count()
            self._positions = positions
            self._first = first
        return self._count or 0

    def index_of(self, key: str) -> int | None:
        if key in self._positions:
            return self._positions[key]
        if not self.exact:
            return None  # beyond the rows read so far
        values = self._sort_values(key)
        if values is None:
            return None
        return int(self.conn.execute(
            f"SELECT count(*) FROM change_requests INDEXED BY {self.query.index}"
            f" WHERE {self.query.where} AND {self._BEFORE}",
            {**self.query.params, "__p": values[0], "__s": values[1], "__n": values[2]},
        ).fetchone()[0])

    def fetch(self, offset: int, limit: int) -> list[dict]:
        total = self._count if self._count is not None else self.count()
        offset, limit = max(0, int(offset)), max(0, int(limit))
        if limit == 0 or offset >= total:
            return []
        limit = min(limit, total - offset)
        if offset + limit <= len(self._first):
            return [dict(row) for row in self._first[offset:offset + limit]]
        reverse = self.exact and offset > total // 2
        if not reverse:
            return self._read(QUEUE_ORDER, limit, offset)
        rows = self._read(_REVERSED_ORDER, limit, total - offset - limit)
        rows.reverse()
        return rows

    def _read(self, order: str, limit: int, offset: int) -> list[dict]:
        cursor = self.conn.execute(
            f"{self.query.select} ORDER BY {order} LIMIT :__limit OFFSET :__offset",
            {**self.query.params, "__limit": limit, "__offset": offset},
        )
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]


def queue_source(
    store: Store, flt: QueueFilter = QueueFilter(), cursor_key: str | None = None, *, bound: int | None = None
) -> QueueSource:
    return QueueSource(store, flt, cursor_key, bound=bound)


def counts(store: Store) -> dict:
    """For the dashboard: waiting for assessment, for a decision, and the oldest waiting."""
    today = store.today().isoformat()
    awake = "(snoozed_until IS NULL OR snoozed_until <= ?)"
    submitted = store.scalar(
        f"SELECT count(*) FROM change_requests WHERE status = 'submitted' AND {awake}", (today,)
    )
    assessing = store.scalar(
        f"SELECT count(*) FROM change_requests WHERE status = 'assessing' AND {awake}", (today,)
    )
    ready = store.scalar(
        f"SELECT count(*) FROM change_requests WHERE status = 'assessing'"
        f" AND assessed_at IS NOT NULL AND {awake}",
        (today,),
    )
    oldest = store.query_one(
        f"SELECT key, title, created_at, status FROM change_requests"
        f" WHERE status IN ('submitted', 'assessing') AND {awake}"
        " ORDER BY created_at, number LIMIT 1",
        (today,),
    )
    return {
        "submitted": submitted or 0,
        "assessing": assessing or 0,
        "decision": ready or 0,
        "oldest": oldest,
    }


# -- validation -------------------------------------------------------------------------


def _text(value, name: str, label: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    return checked_text(value, name, limit, label, required=required)


def _priority(value: str | None) -> str:
    value = (value or "P2").strip().upper()
    if value not in PRIORITIES:
        raise ValidationError(
            _("Priority must be one of P0, P1, P2, P3 (not “{value}”).").format(value=value), "priority"
        )
    return value


def _number(value, name: str, label: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", ""))
    except ValueError:
        raise ValidationError(
            _("{field} must be a number, for example 2.5 (not “{value}”).").format(field=_(label), value=value),
            name,
        ) from None
    if math.isnan(number) or math.isinf(number) or number < 0:
        raise ValidationError(_("{field} must be zero or more.").format(field=_(label)), name)
    return number


def parse_future_date(store: Store, value: str | date | None) -> date:
    """A snooze date: `YYYY-MM-DD` (or `+N` days), strictly after today."""
    today = store.today()
    if isinstance(value, date):
        day = value
    else:
        text = (value or "").strip()
        plus = re.fullmatch(r"\+(\d{1,4})d?", text)
        if plus:
            day = today + timedelta(days=int(plus.group(1)))
        else:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise ValidationError(
                    _("“{value}” is not a date: use YYYY-MM-DD, for example {example}.").format(
                        value=value, example=(today + timedelta(days=7)).isoformat()
                    ),
                    "until",
                ) from None
    if day <= today:
        raise ValidationError(
            _("Snooze until a future date (after {today}).").format(today=today.isoformat()), "until"
        )
    return day


# -- writing -----------------------------------------------------------------------------


def _check_version(store: Store, row: dict, expected_version: int | None) -> None:
    if expected_version is not None and row["version"] != expected_version:
        raise ConflictError(
            _("{name} changed {key} while you were looking at it. Look again and retry.").format(
                name=members.display_name(store, row["updated_by"]), key=row["key"]
            ),
            row,
        )


def _update(store: Store, row: dict, values: dict) -> None:
    """`UPDATE … WHERE id AND version`, stamping who and when."""
    values = dict(values, updated_at=store.clock(), updated_by=store.user)
    sets = ", ".join(f"{column} = ?" for column in values)
    updated = store.conn.execute(
        f"UPDATE change_requests SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
        (*values.values(), row["id"], row["version"]),
    ).rowcount
    if updated != 1:  # we hold the write lock and just read the row: cannot happen
        raise ConflictError(_("{key} changed while saving. Look again and retry.").format(key=row["key"]), row)


def add(
    store: Store,
    title: str,
    *,
    project: str | None = None,
    priority: str | None = "P2",
    detail: str = "",
    requested_by: str = "",
    requirement: str | None = None,
) -> dict:
    """Submit a change request; returns the new row (with its key)."""
    title = checked_line(title, "title", MAX_TITLE, N_("Title"), required=True)
    detail = _text(detail, "detail", N_("Request details"))
    requested_by = checked_line(requested_by, "requested_by", 200, N_("Requested by"))
    priority = _priority(priority)
    project = (project or "").strip() or None
    members.ensure(store)
    with store.write():
        if project is not None and store.scalar("SELECT 1 FROM projects WHERE key = ?", (project,)) is None:
            known = ", ".join(r["key"] for r in store.query("SELECT key FROM projects ORDER BY key")) or "—"
            raise ValidationError(
                _("There is no project {project}. Projects: {known}.").format(project=project, known=known),
                "project",
            )
        requirement = _requirement(store, requirement)
        number = store.next_number(TABLE)
        key = f"CR-{number}"
        now = store.clock()
        store.db[TABLE].insert({
            "number": number,
            "key": key,
            "project": project,
            "title": title,
            "detail": detail,
            "requested_by": requested_by,
            "requirement": requirement,
            "priority": priority,
            "status": workflow.INITIAL[KIND],
            "status_at": now,
            "search": search_text(key, title, requested_by),
            **store.audit_insert(),
        })
        store.record(ENTITY, key, "create", new=workflow.INITIAL[KIND], note=title)
    return get(store, key)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")


def search_text(key: str, title: str, requested_by: str) -> str:
    """What the queue's filter searches: key, title and requester in one indexed column.
    Control characters become spaces (SQLite's LIKE stops at a NUL)."""
    return _CONTROLS.sub(" ", f"{key}\n{title}\n{requested_by}")


def _requirement(store: Store, value: str | None) -> str | None:
    text = (value or "").strip().upper()
    if not text:
        return None
    match = re.fullmatch(r"(?:REQ-?)?(\d+)", text)
    if not match:
        raise ValidationError(
            _("“{value}” is not a requirement key: use REQ-<number>, for example REQ-3.").format(value=value),
            "requirement",
        )
    key = f"REQ-{int(match.group(1))}"
    if store.scalar("SELECT 1 FROM requirements WHERE key = ?", (key,)) is None:
        raise ValidationError(_("There is no requirement {key}.").format(key=key), "requirement")
    return key


def edit(store: Store, key: str, values: dict, *, expected_version: int | None, reason: str | None = None) -> dict:
    """Change title, description, requester or priority; one activity row per field.

    On a decided request (`DECIDED`), changing the title or the details re-opens the
    decision: only a lead may, with a `reason` (`PermissionDenied` / `ValidationError` on
    "reason" otherwise, nothing written). The lead is then recorded as the decider."""
    clean_values: dict = {}
    if "title" in values:
        clean_values["title"] = checked_line(values["title"], "title", MAX_TITLE, N_("Title"), required=True)
    if "detail" in values:
        clean_values["detail"] = _text(values["detail"], "detail", N_("Request details"))
    if "requested_by" in values:
        clean_values["requested_by"] = checked_line(values["requested_by"], "requested_by", 200, N_("Requested by"))
    if "priority" in values:
        clean_values["priority"] = _priority(values["priority"])
    reason = _text(reason, "reason", N_("Reason for re-opening"))
    with store.write():
        row = require(store, key)
        _check_version(store, row, expected_version)
        changed = {k: v for k, v in clean_values.items() if row[k] != v}
        if not changed:
            return row
        reopen = row["status"] in DECIDED and any(field in changed for field in SCOPE_FIELDS)
        stamp: dict = {}
        if reopen:
            permissions.require(store, "item.reopen")
            if not reason.strip():
                raise ValidationError(
                    _("{key} is {status}: its title and details were decided. Say why it is re-opened (kept in the history).").format(
                        key=row["key"], status=workflow.label(row["status"])
                    ),
                    "reason",
                )
            stamp = {"decided_by": store.user, "decided_at": store.clock(), "decision_note": reason}
        merged = {**row, **changed}
        _update(store, row, {**changed, **stamp, "search": search_text(row["key"], merged["title"], merged["requested_by"])})
        if reopen:
            store.record(ENTITY, row["key"], "reopen", field="decided_by", old=row["decided_by"], new=store.user,
                         note=reason)
        for column, value in changed.items():
            store.record(ENTITY, row["key"], "edit", field=column, old=row[column], new=value)
    return get(store, key)


def reopen_history(store: Store, key: str) -> list[dict]:
    """The re-openings of a request, newest first (who, when, why, who had decided)."""
    return [entry for entry in history(store, key) if entry["action"] == "reopen"]


def set_priority(store: Store, key: str, priority: str, *, expected_version: int | None = None) -> dict:
    return edit(store, key, {"priority": priority}, expected_version=expected_version)


def assign(store: Store, key: str, login: str | None = None, *, expected_version: int | None = None) -> dict:
    """Assign to `login` (default: the user)."""
    login = (login or store.user).strip()
    with store.write():
        if members.get(store, login) is None:
            raise ValidationError(_("{login} is not in the team.").format(login=login), "assignee")
        row = require(store, key)
        _check_version(store, row, expected_version)
        if row["assignee"] == login:
            return row
        _update(store, row, {"assignee": login})
        store.record(ENTITY, row["key"], "edit", field="assignee", old=row["assignee"], new=login)
    return get(store, key)


def assess(store: Store, key: str, values: dict, *, expected_version: int | None) -> dict:
    """Record the impact assessment (effort, schedule, cost, risk, affected requirement,
    notes). Allowed while the request is submitted or being assessed; a submitted request
    moves to assessing with it."""
    effort = _number(values.get("effort_days"), "effort_days", N_("Effort (person-days)"))
    schedule = _number(values.get("schedule_days"), "schedule_days", N_("Schedule impact (days)"))
    cost = _number(values.get("cost"), "cost", N_("Cost"))
    risk = (values.get("risk") or "").strip().lower() or None
    if risk is not None and risk not in RISKS:
        raise ValidationError(_("Risk must be low, medium or high."), "risk")
    note = _text(values.get("assessment_note"), "assessment_note", N_("Notes"))
    if effort is None:
        raise ValidationError(_("{field} is required.").format(field=_("Effort (person-days)")), "effort_days")
    if risk is None:
        raise ValidationError(_("{field} is required.").format(field=_("Risk")), "risk")
    with store.write():
        requirement = _requirement(store, values.get("requirement"))
        row = require(store, key)
        _check_version(store, row, expected_version)
        if row["status"] not in WAITING:
            raise WorkflowError(
                _("{key} is {status}: its assessment can no longer change.").format(
                    key=row["key"], status=workflow.label(row["status"])
                ),
                workflow.allowed(KIND, row["status"]),
            )
        new = {
            "effort_days": effort,
            "schedule_days": schedule,
            "cost": cost,
            "risk": risk,
            "requirement": requirement,
            "assessment_note": note,
        }
        changed = {k: v for k, v in new.items() if row[k] != v}
        stamp = {"assessed_by": store.user, "assessed_at": store.clock()}
        moving = row["status"] == "submitted"
        if not changed and not moving and row["assessed_at"]:
            return row
        if moving:
            stamp.update(status="assessing", status_at=store.clock())
        _update(store, row, {**changed, **stamp})
        if moving:
            store.record(ENTITY, row["key"], "move", field="status", old="submitted", new="assessing")
        for column, value in changed.items():
            store.record(ENTITY, row["key"], "edit", field=column, old=row[column], new=value)
        if not changed:
            store.record(ENTITY, row["key"], "edit", field="assessed_at", old=row["assessed_at"], new=stamp["assessed_at"])
    return get(store, key)


def allowed_moves(store: Store, row: dict) -> tuple[str, ...]:
    return workflow.allowed(KIND, row["status"])


def move(
    store: Store,
    key: str,
    target: str,
    *,
    note: str = "",
    expected_version: int | None = None,
) -> dict:
    """Move a request along the workflow. Refused (nothing written) when the move is not
    in the table (the message names the allowed ones), when approving or rejecting without
    being a lead, approving before the assessment, or rejecting without a reason."""
    target = (target or "").strip().lower()
    note = _text(note, "note", N_("Reason"))
    with store.write():
        row = require(store, key)
        _check_version(store, row, expected_version)
        return _move(store, row, target, note)


def _move(store: Store, row: dict, target: str, note: str, extra: dict | None = None) -> dict:
    workflow.check_move(KIND, row["status"], target)
    if workflow.needs_lead(KIND, target):
        members.require_lead(store, _(MOVE_NAMES[target]))
    if target == "approved" and not row["assessed_at"]:
        raise NotAssessed(
            _("{key} has not been assessed: record its impact (effort, schedule, cost, risk) before approving it.").format(
                key=row["key"]
            ),
            workflow.allowed(KIND, row["status"]),
        )
    if target == "rejected" and not note.strip():
        raise ValidationError(_("Say why {key} is rejected: a reason is required.").format(key=row["key"]), "note")
    now = store.clock()
    values: dict = {"status": target, "status_at": now}
    if target in ("approved", "rejected"):
        values.update(decided_by=store.user, decided_at=now, decision_note=note)
    values.update(extra or {})
    _update(store, row, values)
    undoing.record_move(store, ENTITY, row["key"], row["status"], target, note=note or None,
                        before=row, after=values, derived=_MOVE_FIELDS)
    return get(store, row["key"])


def mark_duplicate(store: Store, key: str, of_key: str, *, expected_version: int | None = None) -> dict:
    """Close `key` as a duplicate of `of_key` (it is withdrawn) and link the two."""
    of_key = normalize_key(of_key)
    with store.write():
        row = require(store, key)
        _check_version(store, row, expected_version)
        original = get(store, of_key)
        if original is None:
            raise ValidationError(_("There is no change request {key}.").format(key=of_key), "duplicate_of")
        if original["key"] == row["key"]:
            raise ValidationError(_("A request cannot duplicate itself."), "duplicate_of")
        if original["duplicate_of"] == row["key"]:
            raise ValidationError(
                _("{other} is already a duplicate of {key}.").format(other=original["key"], key=row["key"]),
                "duplicate_of",
            )
        note = _("Duplicate of {key}").format(key=original["key"])
        result = _move(store, row, "withdrawn", note, {"duplicate_of": original["key"]})
        links.add(store, row["key"], original["key"], "duplicate")
        store.record(ENTITY, original["key"], "edit", field="duplicates", new=row["key"])
    return result


def snooze(store: Store, key: str, until: str | date | None, *, expected_version: int | None = None) -> dict:
    """Hide a request from the queue until `until` (a future date); empty wakes it now."""
    day = None if until in (None, "") else parse_future_date(store, until).isoformat()
    with store.write():
        row = require(store, key)
        _check_version(store, row, expected_version)
        if day is not None and workflow.is_final(KIND, row["status"]):
            raise WorkflowError(
                _("{key} is {status} (final): there is nothing to snooze.").format(
                    key=row["key"], status=workflow.label(row["status"])
                )
            )
        if row["snoozed_until"] == day:
            return row
        _update(store, row, {"snoozed_until": day})
        store.record(ENTITY, row["key"], "edit", field="snoozed_until", old=row["snoozed_until"], new=day)
    return get(store, key)


def last_move(store: Store) -> dict | None:
    """The user's latest move of a change request that has not been undone."""
    return undoing.last_move(store, ENTITY)


def undo(store: Store) -> dict:
    """Take back the user's last move (a recorded move itself): status, status_at and the
    decision as they were. Refused when the request changed since that move, so nothing
    anyone did after it is overwritten; undoing an approval or a rejection is a lead's."""
    with store.write():
        plan = undoing.plan(store, ENTITY, lambda key: get(store, key), blank={"decision_note": ""})
        if workflow.needs_lead(KIND, plan.move["new"]):
            permissions.require(store, "item.reopen")
        values = dict(plan.values)
        values.setdefault("status_at", store.clock())  # a move recorded before status_at was kept
        _update(store, plan.row, values)
        undoing.record_undo(store, ENTITY, plan)
        duplicate = plan.derived.get("duplicate_of")
        if duplicate is not None and duplicate["new"]:
            links.remove(store, plan.row["key"], duplicate["new"], "duplicate")
    return get(store, plan.row["key"])


# -- demo --------------------------------------------------------------------------------

_DEMO = [
    # title, requested_by, priority, days ago, path of statuses, assessment?, assignee
    ("登录页增加短信验证码登录 / SMS code login", "ACME 张经理", "P1", 18, ["assessing", "approved", "implementing", "verifying", "done"], (5, 3, 12000, "medium"), "alice"),
    ("Export orders to Excel with custom columns", "ACME Ms. Li", "P2", 15, ["assessing", "approved", "implementing"], (3, 2, 6000, "low"), "liming"),
    ("首页横幅改为可配置 / Configurable home banner", "Nova 产品部 赵总", "P3", 14, ["assessing", "rejected"], (8, 5, 20000, "high"), None),
    ("Add Face ID to the mobile banking app", "Nova Bank — Mr. Wong", "P0", 12, ["assessing", "approved", "implementing", "verifying"], (10, 6, 45000, "high"), "bob"),
    ("报表增加按区域筛选 / Filter reports by region", "ACME 张经理", "P2", 10, ["assessing"], (2, 1, 3000, "low"), "zhangwei"),
    ("Change password policy to 12 characters", "Nova 安全部", "P1", 9, ["assessing"], (1.5, 0, 1500, "low"), "alice"),
    ("订单列表支持批量导出 PDF", "ACME 财务部 王会计", "P2", 7, ["assessing"], None, "liming"),
    ("Dark mode for the client portal", "ACME Ms. Li", "P3", 6, [], None, None),
    ("转账限额改为按客户等级配置", "Nova Bank 风控部", "P1", 5, [], None, None),
    ("Send the weekly report by email on Mondays", "ACME 张经理", "P2", 4, ["withdrawn"], None, None),
    ("接口响应时间要求从 2 秒改为 1 秒", "Nova 产品部 赵总", "P0", 3, [], None, None),
    ("Rename 'Clients' to 'Accounts' everywhere", "Nova Bank — Mr. Wong", "P3", 2, [], None, None),
    ("增加操作日志导出（审计要求）/ Audit log export", "ACME 审计部", "P1", 1, [], None, "chenjing"),
    ("Add a second approver for large transfers", "Nova Bank 风控部", "P0", 0, [], None, None),
]


def seed_demo(store: Store, today: date) -> None:
    """Bilingual change requests spread over the last weeks, with their history."""
    from .demo import at

    user, clock = store.user, store.clock
    lead = "wangfang" if members.get(store, "wangfang") else user
    requirement_keys = [r["key"] for r in store.query("SELECT key FROM requirements ORDER BY number LIMIT 5")]
    try:
        for index, (title, requester, priority, ago, path, assessment, assignee) in enumerate(_DEMO):
            day = today - timedelta(days=ago)
            store.user = ["liming", "alice", "zhangwei", "bob", "chenjing"][index % 5]
            hour = 0 if day == today else 9  # today's items: early, so never "in 3 hours"
            store.clock = lambda day=day, index=index, hour=hour: at(day, hour, index)
            project = "ACME" if "ACME" in requester else "NOVA"
            row = add(store, title, project=project if store.scalar("SELECT 1 FROM projects WHERE key = ?", (project,)) else None,
                      priority=priority, requested_by=requester,
                      detail=_demo_detail(title))
            if assignee:
                assign(store, row["key"], assignee)
            for step, target in enumerate(path):
                moment = day + timedelta(days=min(ago, step + 1))
                store.clock = lambda moment=moment, step=step: at(moment, 0, 30 + step) if moment == today else at(moment, 14, step)
                if target == "assessing" and assessment:
                    effort, schedule, cost, risk = assessment
                    store.user = assignee or lead
                    assess(store, row["key"], {
                        "effort_days": effort, "schedule_days": schedule, "cost": cost, "risk": risk,
                        "requirement": requirement_keys[index % len(requirement_keys)] if requirement_keys else None,
                        "assessment_note": "影响登录模块和短信网关；需要客户确认短信费用。 / Touches login and the SMS gateway.",
                    }, expected_version=None)
                    continue
                store.user = lead if target in ("approved", "rejected", "assessing") else (assignee or lead)
                note = ""
                if target == "rejected":
                    note = "超出本期合同范围，建议放到二期。 / Out of scope for phase 1."
                elif target == "approved":
                    note = "客户已确认费用和工期。 / Client accepted cost and schedule."
                elif target == "withdrawn":
                    note = "客户撤回。 / The client withdrew it."
                move(store, row["key"], target, note=note)
        store.user = lead
        store.clock = lambda: at(today - timedelta(days=1), 16, 0)
        snooze(store, "CR-12", (today + timedelta(days=14)).isoformat())
    finally:
        store.user, store.clock = user, clock


def _demo_detail(title: str) -> str:
    return (
        f"客户在周会上提出：{title}。\n"
        "需要评估对排期和成本的影响，确认后更新需求说明书。\n"
        "Raised by the client in the weekly meeting; assess schedule and cost impact."
    )
