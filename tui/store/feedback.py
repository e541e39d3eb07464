"""Client feedback (FB-n): what the client said, by which channel, how satisfied they were,
what the team did about it and when it follows up (回访).

Workflow: new → acknowledged → in_progress → resolved → closed (`workflow.FEEDBACK`);
closing records how the follow-up went. A piece of feedback can become a requirement or a
change request in one step (`to_requirement`, `to_change_request`): the owning area's
store creates the item (from the values of its own form, prefilled by
`requirement_values` / `change_request_values`), and in the same transaction it is linked
both ways, new feedback moves on to acknowledged, and the trail records it. This module
writes only the feedback table (links go through `links`, the new item through its area).

Every write is one `store.write()` transaction, version-checked, with activity rows.
`undo()` takes back the user's last move (`tui/store/undo.py`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import ClassVar

from ..text import has_control
from . import area, changes, projects, requirements, workflow
from . import links as links_table
from .db import Store
from .errors import NotFound, ValidationError
from .fields import checked_line
from .messages import N_, _, join_list
from .rows import Query

ENTITY = "feedback"
PREFIX = "FB"
KIND = workflow.FEEDBACK
_MOVE_FIELDS = ("acknowledged_at", "closed_at", "follow_up_outcome")
"""Columns a move stamps besides the status (restored by undo)."""

CHANNELS = ("meeting", "phone", "email", "im", "survey", "acceptance")
CHANNEL_LABELS = {
    "meeting": N_("meeting"),
    "phone": N_("phone"),
    "email": N_("email"),
    "im": N_("IM/WeChat"),
    "survey": N_("survey"),
    "acceptance": N_("acceptance review"),
}
SENTIMENTS = ("positive", "neutral", "negative")
SENTIMENT_LABELS = {
    "positive": N_("positive"),
    "neutral": N_("neutral"),
    "negative": N_("negative"),
}
EDITABLE = ("project", "contact", "channel", "received_on", "summary", "csat", "sentiment", "owner", "follow_up_on")
MAX_SUMMARY = 20_000
MAX_LINE = 500
TITLE_CHARS = 120


def channel_label(channel: str | None) -> str:
    return _(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else (channel or "")


def sentiment_label(sentiment: str | None) -> str:
    return _(SENTIMENT_LABELS[sentiment]) if sentiment in SENTIMENT_LABELS else (sentiment or "")


CSAT_LABELS = {
    5: N_("5 very satisfied"), 4: N_("4 satisfied"), 3: N_("3 neutral"),
    2: N_("2 dissatisfied"), 1: N_("1 very dissatisfied"),
}
"""One wording per CSAT score, in the form's choices and wherever a score is shown."""


def csat_label(csat: int | None) -> str:
    """`3 neutral` / `3 一般`; `—` for no score."""
    if csat is None:
        return "—"
    return _(CSAT_LABELS[csat]) if csat in CSAT_LABELS else str(csat)


# -- parsing what people type -------------------------------------------------------------


parse_day = area.parse_day
"""`YYYY-MM-DD` → the same string; empty → None (or an error if required)."""


def parse_csat(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        score = int(str(value).strip())
    except ValueError:
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError(_("Satisfaction is a score from 1 to 5 (or empty)."), "csat")
    return score


def parse_channel(value: str | None) -> str:
    text = (value or "meeting").strip().lower()
    aliases = {"wechat": "im", "im/wechat": "im", "mail": "email", "acceptance review": "acceptance", "review": "acceptance"}
    text = aliases.get(text, text)
    if text not in CHANNELS:
        raise ValidationError(
            _("Unknown channel “{value}”. Channels: {known}.").format(value=value, known=join_list(CHANNELS)), "channel"
        )
    return text


def parse_sentiment(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    if not text:
        return None
    if text not in SENTIMENTS:
        raise ValidationError(
            _("Unknown sentiment “{value}”. Use: {known}.").format(value=value, known=join_list(SENTIMENTS)), "sentiment"
        )
    return text


parse_owner = area.parse_owner


def received_stamp(day: str | None, store: Store) -> str:
    """A received day as a timestamp: now for today (or no day), else noon UTC that day."""
    if day is None or day == store.today().isoformat():
        return store.clock()
    return datetime.combine(date.fromisoformat(day), time(12, 0), UTC).isoformat(timespec="seconds")


def _summary(value: str | None) -> str:
    text = value or ""
    if not text.strip():
        raise ValidationError(_("Write what the client said (the summary)."), "summary")
    if len(text) > MAX_SUMMARY:
        raise ValidationError(_("The summary is too long: at most {limit} characters.").format(limit=MAX_SUMMARY), "summary")
    return text


_LINE_LABELS = {"contact": N_("Client contact")}


def _line(value: str | None, field: str) -> str:
    """A one-line field: no line breaks or control characters (`fields.check_line`)."""
    return checked_line(value, field, MAX_LINE, _LINE_LABELS.get(field))


class Feedback(area.AreaStore):
    TABLE = "feedback"
    ENTITY = ENTITY
    PREFIX = PREFIX
    KIND = KIND
    NOT_FOUND = N_("There is no feedback {key}.")
    BAD_KEY = N_("“{key}” is not a feedback key: use FB-<number>, for example FB-2.")
    MOVE_FIELDS = _MOVE_FIELDS
    BLANK: ClassVar[dict] = {"follow_up_outcome": ""}
    LIST_COLUMNS = (
        "key, number, project, contact, channel, received_at, substr(summary, 1, 400) AS summary,"
        " csat, sentiment, status, owner, follow_up_on, linked_key, acknowledged_at, version,"
        " substr(summary_tr, 1, 400) AS summary_tr, text_lang"
    )
    ORDER = ("received_at DESC", "number DESC", "key DESC")
    VIEWS: ClassVar[dict[str, str]] = {"all": "1", "open": "status <> 'closed'"}
    VIEW_LABELS: ClassVar[dict[str, str]] = {"all": N_("All feedback"), "open": N_("Open feedback")}

    def conflict_values(self, row: dict) -> dict:
        return form_values(row)

    def move_values(self, store: Store, row: dict, target: str, note: str | None, **extra) -> dict:
        values: dict = {}
        now = store.clock()
        if target == "acknowledged" and not row["acknowledged_at"]:
            values["acknowledged_at"] = now
        if target == "closed":
            outcome = extra.get("outcome")
            text = outcome if outcome is not None else (note or "")
            if not text.strip():
                raise ValidationError(_("Say how the follow-up went before closing."), "outcome")
            if len(text) > MAX_SUMMARY:
                raise ValidationError(_("Too long: at most {limit} characters.").format(limit=MAX_SUMMARY), "outcome")
            values["follow_up_outcome"] = text
            values["closed_at"] = now
        if target == "in_progress" and row["status"] == "resolved":
            values["closed_at"] = None
        return values

    def move_note(self, values: dict, note: str | None) -> str | None:
        return values.get("follow_up_outcome") or note


AREA = Feedback()


# -- reading ------------------------------------------------------------------------------


def get(store: Store, key: str) -> dict | None:
    return AREA.get(store, key)


def require(store: Store, key: str) -> dict:
    return AREA.require(store, key)


def form_values(row: dict) -> dict:
    """A row as the edit form shows it."""
    return {
        "project": row["project"] or "",
        "contact": row["contact"] or "",
        "channel": row["channel"] or "meeting",
        "received_on": (row["received_at"] or "")[:10],
        "summary": row["summary"] or "",
        "csat": "" if row["csat"] is None else str(row["csat"]),
        "sentiment": row["sentiment"] or "",
        "owner": row["owner"] or "",
        "follow_up_on": row["follow_up_on"] or "",
    }


def list_query(text: str = "", status: str | None = None, *, store: Store | None = None) -> Query:
    """The list, newest first, filtered by the words of `text` (key, summary in either language,
    contact, owner, project) and a status or quick filter; for the row source (values travel as
    parameters). The key is in the order (and the index), so deep pages and positions stay
    fast."""
    return AREA.list_query(store, view=status or "all", text=text)


def list_rows(store: Store, status: str | None = None) -> list[dict]:
    """`huddle feedback list --json`: every item, newest first, DESIGN.md column names."""
    sql = (
        "SELECT key, project, contact, channel, received_at, summary, csat, sentiment, status, owner,"
        " follow_up_on, follow_up_outcome, linked_key AS linked, version, created_at, created_by,"
        " updated_at, updated_by FROM feedback"
    )
    params: tuple = ()
    if status:
        sql += " WHERE status = ?"
        params = (status,)
    return store.query(sql + " ORDER BY received_at DESC, number DESC", params)


def links(store: Store, key: str) -> list[str]:
    """Keys linked to `key`, either way."""
    return links_table.others(store, key)


def csat_rows(store: Store, since: str | None = None) -> list[dict]:
    """Scores since a day, summed per project and day in SQL (a few rows per day however
    many items there are), for `trust.csat_by_week` / `trust.csat_series`."""
    sql = (
        "SELECT project, substr(received_at, 1, 10) AS received_at, count(*) AS count,"
        " sum(csat >= 4) AS satisfied, sum(csat) AS total FROM feedback WHERE csat IS NOT NULL"
    )
    params: tuple = ()
    if since:
        sql += " AND received_at >= ?"
        params = (since,)
    return store.query(sql + " GROUP BY project, substr(received_at, 1, 10)", params)


def attention_rows(store: Store, limit: int = 200) -> list[dict]:
    """Items that may need attention: open detractors and open items with a follow-up date.
    (`trust.detractor_flagged` / `trust.follow_up_overdue` decide.)"""
    return store.query(
        "SELECT key, project, contact, summary, csat, status, owner, received_at, acknowledged_at, follow_up_on"
        " FROM feedback WHERE status <> 'closed' AND (csat <= 2 OR follow_up_on IS NOT NULL)"
        " ORDER BY received_at LIMIT ?",
        (limit,),
    )


# -- writing ------------------------------------------------------------------------------


def add(
    store: Store,
    summary: str,
    *,
    project: str | None = None,
    contact: str = "",
    channel: str | None = "meeting",
    received_on: str | date | None = None,
    csat=None,
    sentiment: str | None = None,
    owner: str | None = None,
    follow_up_on: str | date | None = None,
) -> dict:
    summary = _summary(summary)
    contact = _line(contact, "contact")
    channel = parse_channel(channel)
    score = parse_csat(csat)
    sentiment = parse_sentiment(sentiment)
    if sentiment is None and score is not None:
        sentiment = "positive" if score >= 4 else "negative" if score <= 2 else "neutral"
    day = parse_day(received_on, "received_on")
    follow = parse_day(follow_up_on, "follow_up_on")
    with store.write() as conn:
        project_key = projects.resolve(store, project)
        owner = parse_owner(store, owner)
        number = store.next_number("feedback")
        key = f"{PREFIX}-{number}"
        values = {
            "number": number,
            "key": key,
            "project": project_key,
            "contact": contact,
            "channel": channel,
            "received_at": received_stamp(day, store),
            "summary": summary,
            "csat": score,
            "sentiment": sentiment,
            "status": workflow.INITIAL[workflow.FEEDBACK],
            "owner": owner,
            "follow_up_on": follow,
            **store.audit_insert(),
        }
        columns = ", ".join(values)
        conn.execute(
            f"INSERT INTO feedback ({columns}) VALUES ({', '.join('?' for _v in values)})", tuple(values.values())
        )
        store.record(ENTITY, key, "create", new=values["status"])
    return require(store, key)


def edit(store: Store, key: str, values: dict, version: int | None) -> dict:
    """Save the edit form: only fields that changed are written and recorded."""
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        current = form_values(row)
        changes: dict = {}
        for field in EDITABLE:
            if field not in values or str(values[field] or "") == current[field]:
                continue
            value = values[field]
            if field == "summary":
                changes["summary"] = _summary(value)
            elif field == "contact":
                changes["contact"] = _line(value, "contact")
            elif field == "channel":
                changes["channel"] = parse_channel(value)
            elif field == "csat":
                changes["csat"] = parse_csat(value)
            elif field == "sentiment":
                changes["sentiment"] = parse_sentiment(value)
            elif field == "owner":
                changes["owner"] = parse_owner(store, value)
            elif field == "project":
                changes["project"] = projects.resolve(store, value) if str(value or "").strip() else None
            elif field == "follow_up_on":
                changes["follow_up_on"] = parse_day(value, "follow_up_on")
            elif field == "received_on":
                changes["received_at"] = received_stamp(parse_day(value, "received_on", required=True), store)
        if not changes:
            return row
        AREA.update(store, row, changes)
        AREA.record_edits(store, row, changes)
    return require(store, key)


def move(
    store: Store,
    key: str,
    target: str,
    *,
    version: int | None = None,
    outcome: str | None = None,
    note: str | None = None,
) -> dict:
    """Move along the workflow. Closing needs the follow-up outcome (how the 回访 went)."""
    return AREA.move(store, key, target, note=note, expected_version=version, outcome=outcome)


def undo(store: Store) -> dict:
    """Take back the user's last feedback move: the status and what the move stamped
    (acknowledged_at, closed_at, the follow-up outcome). Refused when the item changed
    since, so nothing anyone did after the move is overwritten."""
    return AREA.undo(store)


def assign(store: Store, key: str, owner: str | None, *, version: int | None = None) -> dict:
    return AREA.assign(store, key, owner, expected_version=version)


def schedule_follow_up(store: Store, key: str, day: str | date | None, *, version: int | None = None) -> dict:
    """Set (or clear, with an empty day) the follow-up date (回访)."""
    follow = parse_day(day, "follow_up_on")
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        if row["status"] == "closed":
            raise ValidationError(_("{key} is closed: its follow-up is done.").format(key=row["key"]), "follow_up_on")
        if follow == row["follow_up_on"]:
            return row
        AREA.update(store, row, {"follow_up_on": follow})
        AREA.record_edits(store, row, {"follow_up_on": follow})
    return require(store, key)


LINKABLE = {"REQ": "requirements", "CR": "change_requests", "FB": "feedback", "CM": "commitments"}


def link(store: Store, key: str, target: str, *, version: int | None = None) -> dict:
    """Link feedback to a requirement or change request (REQ-n / CR-n), both ways."""
    target = (target or "").strip().upper()
    prefix = target.split("-", 1)[0]
    if prefix not in ("REQ", "CR"):
        raise ValidationError(_("Link to a requirement or change request: REQ-n or CR-n."), "target")
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        table = LINKABLE[prefix]
        if store.scalar(f"SELECT count(*) FROM {table} WHERE key = ?", (target,)) == 0:
            raise NotFound(_("No item {key}.").format(key=target))
        links_table.add_both_ways(store, row["key"], target)
        AREA.update(store, row, {"linked_key": target})
        AREA.record_edits(store, row, {"linked_key": target})
    return require(store, key)


def _plain_line(text: str) -> str:
    """`text` as one line of plain text (a title or a contact for a one-line field):
    whitespace runs become one space, control characters are left out."""
    return " ".join("".join(ch for ch in text if not has_control(ch)).split())


def _title(summary: str) -> str:
    line = _plain_line(summary)
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


def _detail(row: dict) -> str:
    parts = [row["summary"]]
    source = _("From {key}").format(key=row["key"])
    if row["contact"]:
        source += " · " + row["contact"]
    parts.append("— " + source)
    return "\n\n".join(parts)


def _source(row: dict) -> str:
    contact = _plain_line(row["contact"] or "")
    return f"{contact} ({row['key']})" if contact else row["key"]


def requirement_values(row: dict) -> dict:
    """What the new-requirement form starts with when a requirement is made from `row`:
    the title from the summary, the project, the contact as source, the owner."""
    return {
        "title": _title(row["summary"]),
        "project": row["project"] or "",
        "priority": "P2",
        "owner": row["owner"] or "",
        "milestone_id": "",
        "source": _source(row)[: requirements.MAX_LINE],
        "detail": _detail(row),
        "acceptance_criteria": "",
    }


def change_request_values(row: dict) -> dict:
    """What the new-change-request form starts with when one is made from `row`: the
    title from the summary, the project, the contact as requester, the summary as details."""
    return {
        "title": _title(row["summary"]),
        "project": row["project"] or "",
        "requested_by": _plain_line(row["contact"] or "")[:200],
        "priority": "P2",
        "detail": _detail(row),
    }


def to_requirement(store: Store, key: str, values: dict | None = None, *, version: int | None = None) -> dict:
    """Make a requirement of feedback `key`, through the Requirements store, from `values`
    (the requirement form's; default `requirement_values`). In one transaction: the
    requirement is created, linked both ways, the feedback moves on to acknowledged if it
    was new, and the trail says so. Returns the requirement row."""
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        created = requirements.create(store, values if values is not None else requirement_values(row))
        _raised(store, row, created["key"], requirements.ENTITY)
    return created


def to_change_request(store: Store, key: str, values: dict | None = None, *, version: int | None = None) -> dict:
    """Make a change request of feedback `key`, through the Changes store (so it has its
    search text and queue position like any new request), from `values` (the request
    form's; default `change_request_values`); linked, acknowledged and recorded as for
    `to_requirement`. Returns the change request row."""
    with store.write():
        row = AREA.check_version(store, require(store, key), version)
        values = values if values is not None else change_request_values(row)
        created = changes.add(
            store, values.get("title", ""), project=values.get("project") or None,
            priority=values.get("priority") or "P2", detail=values.get("detail") or "",
            requested_by=values.get("requested_by") or "",
        )
        _raised(store, row, created["key"], changes.ENTITY)
    return created


def _raised(store: Store, row: dict, new_key: str, entity: str) -> None:
    """`row` raised `new_key`: link both ways, acknowledge new feedback, record both sides."""
    links_table.add_both_ways(store, row["key"], new_key, "raised", "raised_by")
    AREA.update(store, row, {"linked_key": new_key})
    AREA.record_edits(store, row, {"linked_key": new_key})
    store.record(entity, new_key, "link", field="raised_by", new=row["key"])
    if row["status"] == "new":
        AREA._move(store, require(store, row["key"]), "acknowledged", None, {})
