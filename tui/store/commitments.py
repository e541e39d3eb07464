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

from ..i18n import N_, _
from . import members, projects, trust, workflow
from . import undo as undoing
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .feedback import parse_day, parse_owner
from .fields import checked_line, checked_text, row_by_key

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


def get(store: Store, key: str) -> dict | None:
    return row_by_key(store, "commitments", key)


def require(store: Store, key: str) -> dict:
    row = get(store, key)
    if row is None:
        raise NotFound(_("No commitment {key}.").format(key=key))
    return row


def form_values(row: dict) -> dict:
    return {
        "promise": row["promise"] or "",
        "to_whom": row["to_whom"] or "",
        "owner": row["owner"] or "",
        "project": row["project"] or "",
        "due": row["due"] or "",
        "note": row["note"] or "",
    }


def list_query(text: str = "", status: str | None = None) -> tuple[str, tuple, tuple[str, ...]]:
    """(select, params, order) for the list: open ones first by due date, then closed ones."""
    where, params = [], []
    if text.strip():
        pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            "(key LIKE ? ESCAPE '\\' OR promise LIKE ? ESCAPE '\\' OR to_whom LIKE ? ESCAPE '\\'"
            " OR coalesce(owner, '') LIKE ? ESCAPE '\\' OR coalesce(project, '') LIKE ? ESCAPE '\\')"
        )
        params += [pattern] * 5
    if status == "open":
        where.append(f"{SETTLED} = 0")
    elif status:
        where.append("status = ?")
        params.append(status)
    # `settled` is written exactly as in the index commitments_list, so SQLite pages by it.
    select = (
        f"SELECT key, number, project, substr(promise, 1, 400) AS promise, to_whom, owner, due, original_due,"
        f" status, closed_at, {SETTLED} AS settled FROM commitments"
    )
    if where:
        select += " WHERE " + " AND ".join(where)
    return select, tuple(params), ("settled", "due", "number")


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


def _check_version(store: Store, key: str, version: int | None) -> dict:
    row = require(store, key)
    if version is not None and row["version"] != version:
        raise ConflictError(
            _("{name} changed {key} while you were editing it.").format(
                name=members.display_name(store, row["updated_by"]), key=row["key"]
            ),
            form_values(row) | {"version": row["version"], "updated_by": row["updated_by"]},
        )
    return row


def _update(store: Store, row: dict, changes: dict) -> None:
    assignments = ", ".join(f"{column} = ?" for column in changes)
    updated = store.conn.execute(
        f"UPDATE commitments SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
        " WHERE id = ? AND version = ?",
        (*changes.values(), store.clock(), store.user, row["id"], row["version"]),
    ).rowcount
    if updated != 1:
        raise ConflictError(_("{key} changed while saving; try again.").format(key=row["key"]), get(store, row["key"]))


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
    return get(store, key)


def edit(store: Store, key: str, values: dict, version: int | None) -> dict:
    """Save the edit form. The due date is not edited here: moving it is `move_due` (it
    needs a reason)."""
    with store.write():
        row = _check_version(store, key, version)
        current = form_values(row)
        if "due" in values and str(values["due"] or "").strip() != current["due"]:
            raise ValidationError(_("Move the due date with d: it asks for the reason."), "due")
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
        _update(store, row, changes)
        for field, value in changes.items():
            store.record(ENTITY, row["key"], "edit", field=field, old=row[field], new=value)
    return get(store, key)


def move(store: Store, key: str, target: str, *, version: int | None = None, note: str | None = None,
         due: str | date | None = None) -> dict:
    """Kept or missed (closes it; missed needs the reason in `note`), or renegotiated
    (which is `move_due`: needs `due` and a reason in `note`)."""
    if target == "renegotiated":
        return move_due(store, key, due, note, version=version)
    reason = note or ""
    if len(reason) > MAX_PROMISE:
        raise ValidationError(_("Too long: at most {limit} characters.").format(limit=MAX_PROMISE), "reason")
    with store.write():
        row = _check_version(store, key, version)
        workflow.check_move(KIND, row["status"], target)
        if target == "missed" and not reason.strip():
            raise ValidationError(
                _("Say why {key} was missed (the reason is kept in the history).").format(key=row["key"]), "reason"
            )
        values = {"status": target, "closed_at": store.clock()}
        _update(store, row, values)
        undoing.record_move(store, ENTITY, row["key"], row["status"], target, note=reason or None,
                            before=row, after=values, derived=_MOVE_FIELDS)
    return get(store, key)


def undo(store: Store) -> dict:
    """Take back the user's last commitment move: status, closed_at and due date as they
    were. Refused when the commitment changed since (nothing done after it is lost)."""
    with store.write():
        plan = undoing.plan(store, ENTITY, lambda key: get(store, key))
        _update(store, plan.row, plan.values)
        undoing.record_undo(store, ENTITY, plan)
    return get(store, plan.row["key"])


def move_due(store: Store, key: str, due: str | date | None, reason: str | None, *, version: int | None = None) -> dict:
    """Renegotiate: a new due date with a reason; the original due date is kept."""
    new_due = parse_day(due, "due", required=True)
    reason_text = reason or ""
    if not reason_text.strip():
        raise ValidationError(_("Say why the due date moves (the reason is kept in the history)."), "reason")
    if len(reason_text) > MAX_PROMISE:
        raise ValidationError(_("Too long: at most {limit} characters.").format(limit=MAX_PROMISE), "reason")
    with store.write():
        row = _check_version(store, key, version)
        workflow.check_move(workflow.COMMITMENT, row["status"], "renegotiated")
        if new_due == row["due"]:
            raise ValidationError(_("The new due date is the same as the current one."), "due")
        values = {"status": "renegotiated", "due": new_due}
        _update(store, row, values)
        undoing.record_move(store, ENTITY, row["key"], row["status"], "renegotiated", note=reason_text,
                            before=row, after=values, derived=_MOVE_FIELDS)
    return get(store, key)


# -- demo ---------------------------------------------------------------------------------

# (created days ago, project, promise, to whom, owner, due in days from today, outcome,
#  closed days from due (negative = early), renegotiated to (days from today), reason)
_DEMO = [
    (30, "ACME", "发送需求调研纪要并请客户确认", "刘总 (ACME 信息部)", "wangfang", -27, "kept", -1, None, None),
    (28, "NOVA", "Send the revised sprint plan", "Grace Lee (Nova PMO)", "alice", -24, "kept", 0, None, None),
    (25, "ACME", "修复登录超时问题并上线", "赵经理", "liming", -18, "kept", 2, None, None),
    (22, "NOVA", "Open the UAT test accounts", "Mark Chen (Nova IT)", "zhangwei", -15, "missed", 3, None, None),
    (20, "ACME", "阶段验收材料提交", "刘总 (ACME 信息部)", "chenjing", -10, "kept", -2, None, None),
    (18, "NOVA", "Deliver the pressure test report", "Mark Chen (Nova IT)", "zhangwei", -6, "renegotiated", None, 4,
     "压测环境审批延迟，客户同意顺延一周 / test environment approval was late; client agreed"),
    (14, "ACME", "按部门汇总的报表原型", "孙主管 (财务)", "bob", -3, "open", None, None, None),
    (10, "NOVA", "Call back about the card tokenisation failures", "David Wu (Nova Ops)", "bob", -1, "open", None, None, None),
    (8, "ACME", "每周五发送项目周报", "刘总 (ACME 信息部)", "wangfang", 0, "open", None, None, None),
    (6, "NOVA", "Review the Chinese labels on receipts", "Grace Lee (Nova PMO)", "alice", 5, "open", None, None, None),
    (3, "ACME", "导出格式与客户确认", "刘总 (ACME 信息部)", "chenjing", 7, "open", None, None, None),
    (1, "NOVA", "Go-live checklist walkthrough", "Grace Lee (Nova PMO)", "wangfang", 12, "open", None, None, None),
]


def seed_demo(store: Store, today: date) -> None:
    """A month of promises: most kept, one missed, one renegotiated, two overdue."""
    from datetime import timedelta

    from .demo import at

    user, clock = store.user, store.clock
    try:
        for ago, project, promise, to_whom, owner, due, outcome, closed, moved, reason in _DEMO:
            created = today - timedelta(days=ago)
            due_day = today + timedelta(days=due)
            store.clock = lambda created=created: at(created, 11, 0)
            store.user = owner
            row = add(store, promise, due_day.isoformat(), to_whom=to_whom, owner=owner, project=project)
            if moved is not None:
                store.clock = lambda day=due_day: at(day - timedelta(days=1), 16, 30)
                row = move_due(store, row["key"], (today + timedelta(days=moved)).isoformat(), reason)
            if outcome in ("kept", "missed"):
                store.clock = lambda day=due_day + timedelta(days=closed): at(day, 17, 0)
                reason = "测试账号审批流程比预期长 / account approval took longer than planned" if outcome == "missed" else None
                move(store, row["key"], outcome, note=reason)
    finally:
        store.user, store.clock = user, clock
