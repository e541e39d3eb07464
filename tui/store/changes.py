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
from datetime import date
from typing import ClassVar

from . import area, links, members, permissions, workflow
from .db import Store
from .errors import ValidationError, WorkflowError
from .fields import checked_line, checked_text
from .messages import N_, _, join_list
from .rows import Query, SQLSource

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
_AWAKE = "(snoozed_until IS NULL OR snoozed_until <= :today)"

DECIDED = ("approved", "implementing", "verifying", "done")
"""A request in one of these has been approved: its wording is what was decided."""
SCOPE_FIELDS = ("title", "detail")
"""Fields whose change re-opens a decided request (a lead's call, with a reason)."""

VIEWS = ("open", "decision", "mine", "snoozed", "all")
"""The queue's quick filters, besides one per status."""
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

QUEUE_ORDER = "priority ASC, status_at DESC, number DESC"
"""Priority first, then the newest decisions (latest status change) first. The index
`change_requests_queue` has exactly this order and covers every filtered column."""


class NotAssessed(WorkflowError):
    """Approving a request whose impact has not been assessed."""


class ChangeRequests(area.AreaStore):
    TABLE = TABLE
    ENTITY = ENTITY
    PREFIX = "CR"
    KIND = KIND
    NOT_FOUND = N_("There is no change request {key}.")
    BAD_KEY = N_("“{key}” is not a change request key: use CR-<number>, for example CR-7.")
    MOVE_FIELDS = ("status_at", "decided_by", "decided_at", "decision_note", "duplicate_of", "assignee")
    BLANK: ClassVar[dict] = {"decision_note": ""}
    OWNER = "assignee"
    LIST_COLUMNS = (
        "key, number, title, priority, status, requested_by, assignee, created_at, status_at, snoozed_until, version,"
        " title_tr, text_lang"
    )
    ORDER = tuple(term.strip() for term in QUEUE_ORDER.split(","))
    UNIQUE_ORDER = True
    VIEW_LABELS = VIEW_LABELS

    def view_where(self, store: Store | None, view: str, params: dict) -> str:
        if store is None:
            raise TypeError("the queue's quick filters need the store (today, me, my role)")
        params.update(today=store.today().isoformat(), me=store.user)
        if view == "open":
            return f"{OPEN_SQL} AND {_AWAKE}"
        if view == "all":
            return "1"
        if view == "snoozed":
            return f"snoozed_until > :today AND {OPEN_SQL}"
        if view == "mine":
            return f"assignee = :me AND {OPEN_SQL}"
        if view == "decision":
            if members.is_lead(store):
                return f"status = 'assessing' AND assessed_at IS NOT NULL AND {_AWAKE}"
            # A member decides nothing; "my decision" is what waits on them to move it on.
            return f"assignee = :me AND {OPEN_SQL} AND {_AWAKE}"
        if view in workflow.statuses(KIND):
            params["status"] = view
            return "status = :status"
        raise ValidationError(
            _("Unknown filter “{view}”. Use one of: {views}.").format(
                view=view, views=join_list((*VIEWS, *workflow.statuses(KIND)))
            ),
            "status",
        )

    def index_for(self, where: list[str]) -> str | None:
        """The covering index a scan uses: the open requests' own when the view is open;
        none when the full-text index has picked the few rows to read."""
        if any(" MATCH " in part for part in where):
            return None
        return "change_requests_open_queue" if any(OPEN_SQL in part for part in where) else "change_requests_queue"

    def move_values(self, store: Store, row: dict, target: str, note: str | None, **extra) -> dict:
        note = _text(note, "note", N_("Reason"))
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
        values: dict = {"status_at": now}
        if target in ("approved", "rejected"):
            values.update(decided_by=store.user, decided_at=now, decision_note=note)
        values.update(extra)
        return values

    def undo_values(self, store: Store, plan) -> dict:
        values = dict(plan.values)
        values.setdefault("status_at", store.clock())  # a move recorded before status_at was kept
        return values

    def after_undo(self, store: Store, plan) -> None:
        duplicate = plan.derived.get("duplicate_of")
        if duplicate is not None and duplicate["new"]:
            links.remove(store, plan.row["key"], duplicate["new"], "duplicate")


AREA = ChangeRequests()


# -- reading ------------------------------------------------------------------------------


def normalize_key(key: str) -> str:
    """`cr-7`, `CR7`, `7` → `CR-7`; anything else is a clear error."""
    return AREA.normalize_key(key)


def get(store: Store, key: str) -> dict | None:
    return AREA.get(store, key)


def require(store: Store, key: str) -> dict:
    return AREA.require(store, key)


def as_json(row: dict) -> dict:
    return {column: row.get(column) for column in JSON_COLUMNS}


def list_rows(store: Store, status: str | None = None, limit: int | None = None) -> list[dict]:
    """`huddle cr list`: every request (or one status, or a view), newest number first."""
    params: dict = {}
    where = AREA.view_where(store, status or "all", params)
    sql = f"SELECT * FROM change_requests WHERE {where} ORDER BY number DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def history(store: Store, key: str, limit: int = 200) -> list[dict]:
    """The request's trail, newest first, with display names."""
    return AREA.history(store, key, limit)


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


def queue_query(store: Store, flt: QueueFilter = QueueFilter()) -> Query:
    """The queue's filter as SQL: the view, and every word of the text somewhere in the
    title (in either language), key or requester (any substring, Chinese included; `%` and `_` are literal),
    with the covering index a scan of it uses."""
    return AREA.list_query(store, view=flt.view, text=flt.text)


def queue_source(
    store: Store, flt: QueueFilter = QueueFilter(), cursor_key: str | None = None, *, bound: int | None = None,
    decorate=None,
) -> SQLSource:
    """The queue as a row source: a keystroke's count is one scan of the covering index,
    which finds the cursor's request on the way (see `rows.SQLSource`)."""
    return SQLSource(store.conn, queue_query(store, flt), bound=bound, cursor_key=cursor_key, decorate=decorate)


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
    return area.parse_future_day(store, value, "until")


# -- writing -----------------------------------------------------------------------------


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
            known = join_list(r["key"] for r in store.query("SELECT key FROM projects ORDER BY key")) or "—"
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
            **store.audit_insert(),
        })
        store.record(ENTITY, key, "create", new=workflow.INITIAL[KIND], note=title)
    return require(store, key)


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
        row = AREA.check_version(store, require(store, key), expected_version)
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
        AREA.update(store, row, {**changed, **stamp})
        if reopen:
            store.record(ENTITY, row["key"], "reopen", field="decided_by", old=row["decided_by"], new=store.user,
                         note=reason)
        AREA.record_edits(store, row, changed)
    return require(store, key)


def reopen_history(store: Store, key: str) -> list[dict]:
    """The re-openings of a request, newest first (who, when, why, who had decided)."""
    return [entry for entry in history(store, key) if entry["action"] == "reopen"]


def set_priority(store: Store, key: str, priority: str, *, expected_version: int | None = None) -> dict:
    return edit(store, key, {"priority": priority}, expected_version=expected_version)


def assign(store: Store, key: str, login: str | None = None, *, expected_version: int | None = None) -> dict:
    """Assign to `login` (default: the user)."""
    return AREA.assign(store, key, login, expected_version=expected_version)


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
        row = AREA.check_version(store, require(store, key), expected_version)
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
        AREA.update(store, row, {**changed, **stamp})
        if moving:
            store.record(ENTITY, row["key"], "move", field="status", old="submitted", new="assessing")
        AREA.record_edits(store, row, changed)
        if not changed:
            store.record(ENTITY, row["key"], "edit", field="assessed_at", old=row["assessed_at"], new=stamp["assessed_at"])
    return require(store, key)


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
    note = _text(note, "note", N_("Reason"))
    return AREA.move(store, key, target, note=note, expected_version=expected_version)


def mark_duplicate(store: Store, key: str, of_key: str, *, expected_version: int | None = None) -> dict:
    """Close `key` as a duplicate of `of_key` (it is withdrawn) and link the two."""
    of_key = normalize_key(of_key)
    with store.write():
        row = AREA.check_version(store, require(store, key), expected_version)
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
        AREA._move(store, row, "withdrawn", note, {"duplicate_of": original["key"]})
        links.add(store, row["key"], original["key"], "duplicate")
        store.record(ENTITY, original["key"], "edit", field="duplicates", new=row["key"])
    return require(store, row["key"])


def snooze(store: Store, key: str, until: str | date | None, *, expected_version: int | None = None) -> dict:
    """Hide a request from the queue until `until` (a future date); empty wakes it now."""
    day = None if until in (None, "") else parse_future_date(store, until).isoformat()
    with store.write():
        row = AREA.check_version(store, require(store, key), expected_version)
        if day is not None and workflow.is_final(KIND, row["status"]):
            raise WorkflowError(
                _("{key} is {status} (final): there is nothing to snooze.").format(
                    key=row["key"], status=workflow.label(row["status"])
                )
            )
        if row["snoozed_until"] == day:
            return row
        AREA.update(store, row, {"snoozed_until": day})
        AREA.record_edits(store, row, {"snoozed_until": day})
    return require(store, key)


def last_move(store: Store) -> dict | None:
    """The user's latest move of a change request that has not been undone."""
    return AREA.last_move(store)


def undo(store: Store) -> dict:
    """Take back the user's last move (a recorded move itself): status, status_at and the
    decision as they were. Refused when the request changed since that move, so nothing
    anyone did after it is overwritten; undoing an approval or a rejection is a lead's."""
    return AREA.undo(store)
