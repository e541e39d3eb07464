"""What the client receives: every figure of the weekly progress report (定期汇报) and the
requirements document for client confirmation (需求文档), computed from the store.

Pure computation: rows and numbers, no wording. `tui/reports/` turns them into Markdown,
HTML or the preview, in the report's language. No Textual, no Rich.

Definitions (the report's, written once here; tests/test_reports.py works each one out by
hand on a small workspace):

* **The week** is an ISO week (Monday to Sunday) in local time; its events are those
  stamped from Monday 00:00 to the next Monday 00:00. By default it is the last complete
  week: the one before the week of `store.today()` (never the real clock).
* **As of the end of the week.** Every state the report shows (a milestone's progress, what
  waits for the client, the on-time rate, how feedback was answered) is the state at the
  week's end, replayed from the activity trail: re-making last month's report gives last
  month's figures. A move that was undone never happened (an undo takes back a slip).
* **Moved this week**: a requirement confirmed / delivered / accepted, a change request
  approved / rejected, a commitment kept / missed / renegotiated ("moved") by a move
  stamped in the week that was not undone.
* **Milestone progress**: accepted / total, as `milestones.progress` counts (dropped and
  deferred requirements are not counted), as of the week's end. A milestone is *overdue*
  when its due day is on or before the week's last day and not everything is accepted;
  *at risk* when it is due within `AT_RISK_DAYS` after the week's end and a counted
  requirement is not delivered yet; *on track* otherwise. *Due next*: the first milestone,
  by due day, due after the week's end and not closed.
* **Cumulative schedule impact**: the schedule days (and effort) of the project's change
  requests approved by the week's end and still approved, implementing, verifying or done.
* **On-time rate**: `trust.kept_on_time` over the project's commitments closed (kept or
  missed) by the week's end; "this week" counts those closed in the week.
* **Waiting for the client**: change requests whose impact is assessed and that wait for
  a decision (status `assessing` with an assessment); requirements written down and
  waiting for the client's confirmation (`documented`); standup blockers marked as
  waiting on the client (`blockers_wait_on_client`), open at the week's end. Each waiting
  item shows the latest decision about it in the project's meetings (by the week's end),
  if one concerned it.
* **A blocker's project**: a standup note has no project, so marking a blocker as waiting
  on the client records whose client (`standups.blockers_project`, asked when it is
  marked): it belongs to that project's report and no other. A blocker without one (internal
  blockers, for the preview's internal part, and those marked before the project was asked
  for) belongs to the project *guessed* (`guess_project` offers the same guess as the
  default when marking): a project whose key, name or client its text names; one that
  names none belongs to the project its writer works on, if they work on only one (owner or
  assignee of an item); otherwise to no report (a client report never shows another
  client's matters).
* **Internal** (never in the report; the preview shows it apart, marked): blockers not
  marked as waiting on the client, and the assessment notes of the change requests the
  report shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from . import projects, trust, workflow
from .db import Store
from .errors import ValidationError
from .messages import _, join_list

AT_RISK_DAYS = 14
"""A milestone due this many days (or fewer) after the week's end is at risk while a
requirement of it is not delivered yet."""

NOT_COUNTED = ("dropped", "deferred")
BEFORE_DELIVERY = ("draft", "documented", "confirmed", "in_progress")
CR_APPROVED = ("approved", "implementing", "verifying", "done")


# -- weeks ------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: `Week(2026, 48)` is Monday 2026-11-23 to Sunday 2026-11-29."""

    year: int
    number: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        """`2026-W48`, the same in every language (the CLI's `--week`)."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def start(self) -> str:
        """Monday 00:00 local time, as a stored (UTC) timestamp."""
        return _utc(self.monday)

    @property
    def end(self) -> str:
        """The next Monday 00:00 local time, as a stored (UTC) timestamp (excluded)."""
        return _utc(self.monday + timedelta(days=7))

    def previous(self) -> Week:
        return week_of(self.monday - timedelta(days=7))

    def next(self) -> Week:
        return week_of(self.monday + timedelta(days=7))

    def __str__(self) -> str:
        return self.label


def _utc(day: date) -> str:
    local = datetime.combine(day, time(0, 0)).astimezone()
    return local.astimezone(UTC).isoformat(timespec="seconds")


def week_of(day: date) -> Week:
    year, number, _weekday = day.isocalendar()
    return Week(year, number)


def last_complete_week(today: date) -> Week:
    """The week before the week of `today`."""
    return week_of(today - timedelta(days=7))


_WEEK = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")


def parse_week(value: str | date | Week | None, today: date) -> Week:
    """`2026-W48` (or `2026w48`), a day (`2026-11-25`: its week), or nothing (the last
    complete week before `today`)."""
    if isinstance(value, Week):
        return value
    if isinstance(value, date):
        return week_of(value)
    text = (value or "").strip()
    if not text:
        return last_complete_week(today)
    match = _WEEK.match(text)
    try:
        if match:
            return week_of(date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1))
        return week_of(date.fromisoformat(text))
    except ValueError:
        pass
    raise ValidationError(
        _("“{value}” is not a week: use the ISO week, for example 2026-W48, or a day in it.").format(value=text),
        "week",
    )


# -- the activity trail: moves that stand, and states as of a moment ---------------------

_STANDING = """a.action = 'move' AND a.field = 'status'
    AND NOT EXISTS (SELECT 1 FROM activity u WHERE u.key = a.key AND u.action = 'move'
                    AND u.field = 'undo' AND u.note = CAST(a.id AS TEXT))"""
"""A move row that was not undone."""


def _status_then(alias: str, initial: str) -> str:
    """SQL: the status of `alias`'s item as of `:end`. An item not written since then has
    it still (every move stamps `updated_at`), so only the others replay the trail: the
    last standing move before then; the first status if none was before then; the current
    one for an item that was never moved at all (a row imported with its status)."""
    return f"""CASE WHEN {alias}.updated_at < :end THEN {alias}.status ELSE COALESCE(
        (SELECT a.new FROM activity a WHERE a.key = {alias}.key AND {_STANDING} AND a.at < :end
         ORDER BY a.id DESC LIMIT 1),
        CASE WHEN EXISTS (SELECT 1 FROM activity a WHERE a.key = {alias}.key AND {_STANDING})
             THEN '{initial}' ELSE {alias}.status END) END"""


def _moves_in_week(store: Store, table: str, project: str, week: Week, targets: tuple[str, ...],
                   columns: str = "t.*") -> list[dict]:
    """Items of `project` with a standing move to one of `targets` in `week` (the last such
    move of each item), in key order, with the move's `moved_to`, `moved_at`, `move_note`,
    `move_id` and `moved_by`."""
    marks = ", ".join(f"'{target}'" for target in targets)
    rows = store.query(
        f"""SELECT {columns}, a.new AS moved_to, a.at AS moved_at, a.note AS move_note, a.id AS move_id,
                   a.actor AS moved_by
            FROM activity a JOIN {table} t ON t.key = a.key
            WHERE t.project = :project AND {_STANDING} AND a.new IN ({marks})
              AND a.at >= :start AND a.at < :end
            ORDER BY t.number, a.id""",
        {"project": project, "start": week.start, "end": week.end},
    )
    last: dict[str, dict] = {}
    for row in rows:
        last[row["key"]] = row
    return list(last.values())


# -- the report's parts ------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneProgress:
    id: int
    name: str
    due: date | None
    accepted: int
    total: int
    not_delivered: int
    """Counted requirements still before delivery (draft … in progress)."""
    state: str
    """`accepted`, `overdue`, `at_risk`, `on_track`, `no_due` (open, no due day), `empty`
    (nothing counted yet) or `closed`."""
    days_left: int | None
    """Days from the week's last day to the due day (negative: overdue)."""

    @property
    def percent(self) -> int:
        return round(100 * self.accepted / self.total) if self.total else 0


@dataclass(frozen=True)
class Blocker:
    login: str
    name: str
    text: str
    since: date
    waits_on_client: bool
    project: str | None = None
    """The project whose client it waits on, as recorded when it was marked (None: guessed)."""


@dataclass(frozen=True)
class Schedule:
    """The approved changes' cumulative impact."""

    count: int
    schedule_days: float
    effort_days: float


@dataclass
class WeeklyReport:
    project: dict
    week: Week
    today: date
    milestones: list[MilestoneProgress]
    due_next: MilestoneProgress | None
    confirmed: list[dict]
    delivered: list[dict]
    accepted: list[dict]
    decisions: list[dict]
    """Change requests approved or rejected this week (`moved_to`, `move_note`: the
    decision and its reason; effort_days, schedule_days)."""
    approved: Schedule
    kept: list[dict]
    """Kept this week; `on_time` (bool), `days_late`."""
    missed: list[dict]
    """Missed this week; `move_note` is the reason."""
    moved: list[dict]
    """Renegotiated this week; `move_note` the reason, `due_from` → `due_to`."""
    on_time: trust.OnTime
    on_time_week: trust.OnTime
    feedback: list[dict]
    """Received this week; `answer` (status at the week's end), `outcome`, `became`."""
    waiting_decisions: list[dict]
    waiting_confirmation: list[dict]
    waiting_blockers: list[Blocker]
    internal_blockers: list[Blocker] = field(default_factory=list)
    assessment_notes: list[dict] = field(default_factory=list)
    """{key, title…, assessment_note} of the change requests shown: internal."""

    @property
    def language(self) -> str:
        """The client's language (the report's default)."""
        return self.project.get("client_lang") or "en"

    @property
    def has_progress(self) -> bool:
        return bool(self.milestones)

    @property
    def has_requirements(self) -> bool:
        return bool(self.confirmed or self.delivered or self.accepted)

    @property
    def has_changes(self) -> bool:
        return bool(self.decisions)

    @property
    def has_commitments(self) -> bool:
        return bool(self.kept or self.missed or self.moved)

    @property
    def has_feedback(self) -> bool:
        return bool(self.feedback)

    @property
    def has_waiting(self) -> bool:
        return bool(self.waiting_decisions or self.waiting_confirmation or self.waiting_blockers)

    @property
    def is_empty(self) -> bool:
        return not (self.has_progress or self.has_requirements or self.has_changes or self.has_commitments
                    or self.has_feedback or self.has_waiting)


_REQ_COLUMNS = ("t.key, t.number, t.title, t.title_tr, t.detail, t.detail_tr, t.text_lang, t.priority, t.status,"
                " t.milestone_id, t.confirmed_by, t.confirmed_at, t.accepted_at, t.owner")
_CR_COLUMNS = ("t.key, t.number, t.title, t.title_tr, t.detail, t.detail_tr, t.text_lang, t.priority, t.status,"
               " t.effort_days, t.schedule_days, t.cost, t.risk, t.assessed_at, t.assessment_note,"
               " t.decided_at, t.decision_note, t.requested_by")
_CM_COLUMNS = ("t.key, t.number, t.promise, t.promise_tr, t.text_lang, t.to_whom, t.owner, t.due, t.original_due,"
               " t.status, t.closed_at")


def milestone_progress(store: Store, project: str, week: Week) -> list[MilestoneProgress]:
    """Each milestone of the project that existed by the week's end, in due order."""
    params = {"project": project, "end": week.end}
    milestones = store.query(
        """SELECT id, name, due, status FROM milestones
           WHERE project = :project AND created_at < :end
           ORDER BY due IS NULL, due, id""",
        params,
    )
    counts: dict[int, dict[str, int]] = {}
    for row in store.query(
        f"""SELECT t.milestone_id AS milestone, {_status_then('t', workflow.INITIAL[workflow.REQUIREMENT])} AS status
            FROM requirements t
            WHERE t.project = :project AND t.milestone_id IS NOT NULL AND t.created_at < :end""",
        params,
    ):
        by_status = counts.setdefault(row["milestone"], {})
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    result = []
    for row in milestones:
        by_status = counts.get(row["id"], {})
        total = sum(n for status, n in by_status.items() if status not in NOT_COUNTED)
        accepted = by_status.get("accepted", 0)
        not_delivered = sum(by_status.get(status, 0) for status in BEFORE_DELIVERY)
        due = date.fromisoformat(row["due"]) if row["due"] else None
        days_left = (due - week.sunday).days if due else None
        if row["status"] == "closed":
            state = "closed"
        elif not total:
            state = "empty"
        elif accepted == total:
            state = "accepted"
        elif days_left is None:  # no due day
            state = "no_due"
        elif days_left <= 0:
            state = "overdue"
        elif days_left <= AT_RISK_DAYS and not_delivered:
            state = "at_risk"
        else:
            state = "on_track"
        result.append(MilestoneProgress(row["id"], row["name"], due, accepted, total, not_delivered, state,
                                        days_left))
    return result


def due_next(progress: list[MilestoneProgress]) -> MilestoneProgress | None:
    for milestone in progress:
        if milestone.days_left is not None and milestone.days_left > 0 and milestone.state != "closed":
            return milestone
    return None


def requirements_moved(store: Store, project: str, week: Week, status: str) -> list[dict]:
    """Requirements confirmed, delivered or accepted in the week (with their milestone)."""
    rows = _moves_in_week(store, "requirements", project, week, (status,), _REQ_COLUMNS)
    names = {row["id"]: row["name"] for row in store.query(
        "SELECT id, name FROM milestones WHERE project = ?", (project,))}
    for row in rows:
        row["milestone"] = names.get(row["milestone_id"])
    return rows


def change_decisions(store: Store, project: str, week: Week) -> list[dict]:
    return _moves_in_week(store, "change_requests", project, week, ("approved", "rejected"), _CR_COLUMNS)


def approved_schedule(store: Store, project: str, week: Week) -> Schedule:
    rows = store.query(
        f"""SELECT t.schedule_days, t.effort_days FROM change_requests t
            WHERE t.project = :project
              AND EXISTS (SELECT 1 FROM activity a WHERE a.key = t.key AND {_STANDING}
                          AND a.new = 'approved' AND a.at < :end)
              AND {_status_then('t', workflow.INITIAL[workflow.CHANGE_REQUEST])}
                  IN ({', '.join(f"'{s}'" for s in CR_APPROVED)})""",
        {"project": project, "end": week.end},
    )
    return Schedule(
        len(rows),
        sum(row["schedule_days"] or 0 for row in rows),
        sum(row["effort_days"] or 0 for row in rows),
    )


def commitments_moved(store: Store, project: str, week: Week) -> tuple[list[dict], list[dict], list[dict]]:
    """(kept, missed, moved) in the week."""
    rows = _moves_in_week(store, "commitments", project, week, ("kept", "missed", "renegotiated"), _CM_COLUMNS)
    kept, missed, moved = [], [], []
    for row in rows:
        if row["moved_to"] == "kept":
            closed = date.fromisoformat(row["moved_at"][:10])  # as `trust.kept_on_time` counts
            promised = date.fromisoformat(row["original_due"] or row["due"])
            row["on_time"] = closed <= promised
            row["days_late"] = max(0, (closed - promised).days)
            kept.append(row)
        elif row["moved_to"] == "missed":
            missed.append(row)
        else:
            change = store.query_one(
                "SELECT old, new FROM activity WHERE key = ? AND action = 'edit' AND field = 'due' AND note = ?",
                (row["key"], f"#{row['move_id']}"),
            )
            row["due_from"] = change["old"] if change else row["original_due"]
            row["due_to"] = change["new"] if change else row["due"]
            moved.append(row)
    return kept, missed, moved


def on_time(store: Store, project: str, since: str | None, end: str) -> trust.OnTime:
    """The on-time rate of the project's commitments closed before `end` (and at or after
    `since`, when given)."""
    sql = ("SELECT status, due, original_due, closed_at FROM commitments"
           " WHERE project = ? AND status IN ('kept', 'missed') AND closed_at IS NOT NULL AND closed_at < ?")
    params: tuple = (project, end)
    if since:
        sql += " AND closed_at >= ?"
        params += (since,)
    return trust.on_time(store.query(sql, params))


def feedback_received(store: Store, project: str, week: Week) -> list[dict]:
    """Feedback received in the week, with how it stood at the week's end."""
    rows = store.query(
        f"""SELECT t.key, t.number, t.summary, t.summary_tr, t.text_lang, t.contact, t.channel, t.received_at,
                   t.csat, t.follow_up_outcome, t.closed_at, t.linked_key,
                   {_status_then('t', workflow.INITIAL[workflow.FEEDBACK])} AS answer
            FROM feedback t
            WHERE t.project = :project AND t.received_at >= :start AND t.received_at < :end
            ORDER BY t.received_at, t.number""",
        {"project": project, "start": week.start, "end": week.end},
    )
    for row in rows:
        row["outcome"] = row["follow_up_outcome"] if row["answer"] == "closed" else ""
        became = {row["linked_key"]} if row["linked_key"] else set()
        became |= {link["to_key"] for link in store.query(
            "SELECT to_key FROM links WHERE from_key = ? AND created_at < ?", (row["key"], week.end))}
        row["became"] = sorted((key for key in became if key.upper().startswith(("REQ-", "CR-"))), key=_key_order)
    return rows


def _key_order(key: str) -> tuple[str, int]:
    prefix, _dash, number = key.rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (key, 0)


def waiting_decisions(store: Store, project: str, week: Week) -> list[dict]:
    """Change requests assessed and waiting for the client's decision at the week's end."""
    return [row for row in store.query(
        f"""SELECT {_CR_COLUMNS}, {_status_then('t', workflow.INITIAL[workflow.CHANGE_REQUEST])} AS status_then
            FROM change_requests t WHERE t.project = :project AND t.created_at < :end
            ORDER BY t.priority, t.number""",
        {"project": project, "end": week.end},
    ) if row["status_then"] == "assessing" and row["assessed_at"] and row["assessed_at"] < week.end]


def waiting_confirmation(store: Store, project: str, week: Week) -> list[dict]:
    """Requirements written down and waiting for the client's confirmation at the week's end."""
    rows = [row for row in store.query(
        f"""SELECT {_REQ_COLUMNS}, {_status_then('t', workflow.INITIAL[workflow.REQUIREMENT])} AS status_then
            FROM requirements t WHERE t.project = :project AND t.created_at < :end
            ORDER BY t.priority, t.number""",
        {"project": project, "end": week.end},
    ) if row["status_then"] == "documented"]
    names = {row["id"]: row["name"] for row in store.query(
        "SELECT id, name FROM milestones WHERE project = ?", (project,))}
    for row in rows:
        row["milestone"] = names.get(row["milestone_id"])
    return rows


def open_blockers(store: Store, day: date) -> list[Blocker]:
    """Every active member's open blocker at the end of `day` (their latest note up to
    then, if it has one), with the day the same blocker was first written."""
    rows = store.query(
        """SELECT s.login, m.display_name, s.blockers, s.blockers_wait_on_client AS waits,
                  s.blockers_project AS project,
                  (SELECT min(x.date) FROM standups x
                   WHERE x.login = s.login AND x.date <= s.date
                     AND x.date > COALESCE((SELECT max(y.date) FROM standups y
                                            WHERE y.login = s.login AND y.date < s.date
                                              AND y.blockers <> s.blockers), '')) AS since
           FROM members m JOIN standups s ON s.login = m.login
           WHERE m.active = 1
             AND s.date = (SELECT max(l.date) FROM standups l WHERE l.login = m.login AND l.date <= ?)
             AND trim(s.blockers) <> ''
           ORDER BY since, m.display_name COLLATE NOCASE""",
        (day.isoformat(),),
    )
    return [Blocker(row["login"], row["display_name"], row["blockers"], date.fromisoformat(row["since"]),
                    bool(row["waits"]), row["project"] or None) for row in rows]


def _works_on(store: Store, login: str) -> set[str]:
    """The projects `login` owns or is assigned an item of."""
    rows = store.query(
        """SELECT project FROM requirements WHERE owner = :login
           UNION SELECT project FROM change_requests WHERE assignee = :login
           UNION SELECT project FROM commitments WHERE owner = :login
           UNION SELECT project FROM feedback WHERE owner = :login""",
        {"login": login},
    )
    return {row["project"] for row in rows if row["project"]}


def blocker_projects(store: Store, blocker: Blocker, candidates: list[dict]) -> set[str]:
    """The projects a blocker belongs to (see the module's definitions): the one recorded
    with it, else the guess."""
    if blocker.project:
        return {blocker.project}
    text = blocker.text.casefold()
    named = set()
    for project in candidates:
        words = [project["key"], project.get("name") or "", project.get("client") or ""]
        if any(word.strip() and word.strip().casefold() in text for word in words):
            named.add(project["key"])
    if named:
        return named
    if len(candidates) == 1:
        return {candidates[0]["key"]}
    mine = _works_on(store, blocker.login) & {project["key"] for project in candidates}
    return mine if len(mine) == 1 else set()


def guess_project(store: Store, login: str, text: str) -> str | None:
    """The active project a blocker of `login` saying `text` most likely waits on (the
    default offered when it is marked as waiting on the client), or None if it is not one."""
    found = blocker_projects(store, Blocker(login, login, text, date.min, True), projects.active(store))
    return next(iter(found)) if len(found) == 1 else None


def project_blockers(store: Store, project: dict, week: Week) -> list[Blocker]:
    candidates = projects.active(store)
    if project["key"] not in {row["key"] for row in candidates}:
        candidates = [*candidates, project]
    return [blocker for blocker in open_blockers(store, week.sunday)
            if project["key"] in blocker_projects(store, blocker, candidates)]


def meeting_decisions(store: Store, project: str, week: Week, keys: list[str]) -> dict[str, dict]:
    """The latest decision of the project's meetings (held by the week's end) about each of
    `keys`: {key: {text, meeting, date, kind}}."""
    wanted = set(keys)
    found: dict[str, dict] = {}
    for row in store.query(
        """SELECT d.text, d.links, mt.key AS meeting, mt.date, mt.kind
           FROM meeting_decisions d JOIN meetings mt ON mt.key = d.meeting
           WHERE mt.project = :project AND mt.date <= :sunday AND d.created_at < :end
           ORDER BY mt.date, d.id""",
        {"project": project, "sunday": week.sunday.isoformat(), "end": week.end},
    ):
        for key in (part.strip() for part in (row["links"] or "").split(",")):
            if key in wanted:
                found[key] = {"text": row["text"], "meeting": row["meeting"], "date": row["date"], "kind": row["kind"]}
    return found


def weekly(store: Store, project: str | None, week: str | date | Week | None = None) -> WeeklyReport:
    """The weekly report of `project` (its key; the only active project when None) for
    `week` (default: the last complete week)."""
    key = projects.resolve(store, project)
    if key is None:
        known = join_list(row["key"] for row in projects.active(store)) or "—"
        raise ValidationError(_("Which project? Give its key. Projects: {known}.").format(known=known), "project")
    row = projects.require(store, key)
    the_week = parse_week(week, store.today())
    decisions = change_decisions(store, key, the_week)
    kept, missed, moved = commitments_moved(store, key, the_week)
    progress = milestone_progress(store, key, the_week)
    blockers = project_blockers(store, row, the_week)
    waiting = waiting_decisions(store, key, the_week)
    confirmation = waiting_confirmation(store, key, the_week)
    discussed = meeting_decisions(store, key, the_week, [r["key"] for r in [*waiting, *confirmation]])
    for item in [*waiting, *confirmation]:
        item["discussed"] = discussed.get(item["key"])
    shown = {r["key"]: r for r in [*decisions, *waiting]}
    return WeeklyReport(
        project=row,
        week=the_week,
        today=store.today(),
        milestones=progress,
        due_next=due_next(progress),
        confirmed=requirements_moved(store, key, the_week, "confirmed"),
        delivered=requirements_moved(store, key, the_week, "delivered"),
        accepted=requirements_moved(store, key, the_week, "accepted"),
        decisions=decisions,
        approved=approved_schedule(store, key, the_week),
        kept=kept,
        missed=missed,
        moved=moved,
        on_time=on_time(store, key, None, the_week.end),
        on_time_week=on_time(store, key, the_week.start, the_week.end),
        feedback=feedback_received(store, key, the_week),
        waiting_decisions=waiting,
        waiting_confirmation=confirmation,
        waiting_blockers=[b for b in blockers if b.waits_on_client],
        internal_blockers=[b for b in blockers if not b.waits_on_client],
        assessment_notes=[r for r in sorted(shown.values(), key=lambda r: r["number"])
                          if (r.get("assessment_note") or "").strip()],
    )


# -- the requirements document -------------------------------------------------------------


@dataclass
class RequirementsDocument:
    project: dict
    today: date
    groups: list[tuple[dict | None, list[dict]]]
    """(milestone or None for "no milestone", its requirements in scope) in due order."""
    out_of_scope: list[dict]
    """Deferred and dropped requirements."""
    sign_off: list[dict]
    """Requirements the client confirmed: key, title…, confirmed_by, confirmed_at."""
    milestone: dict | None = None
    """The milestone asked for (`--milestone`), or None for the whole project."""

    @property
    def language(self) -> str:
        return self.project.get("client_lang") or "en"

    @property
    def count(self) -> int:
        return sum(len(rows) for _milestone, rows in self.groups)


def requirements_document(store: Store, project: str | None, milestone: str | int | None = None) -> RequirementsDocument:
    """The project's requirements grouped by milestone (due order; those without one last),
    deferred and dropped ones apart, and the sign-off table (in order of confirmation)."""
    from . import milestones as milestones_store

    key = projects.resolve(store, project)
    if key is None:
        known = join_list(row["key"] for row in projects.active(store)) or "—"
        raise ValidationError(_("Which project? Give its key. Projects: {known}.").format(known=known), "project")
    row = projects.require(store, key)
    chosen = None
    if milestone not in (None, ""):
        chosen = (milestones_store.require(store, milestone) if isinstance(milestone, int)
                  else milestones_store.find(store, str(milestone), key))
        if chosen["project"] != key:
            raise ValidationError(
                _("The milestone “{name}” is not one of {project}'s.").format(name=chosen["name"], project=key),
                "milestone",
            )
    where, params = "WHERE r.project = :project", {"project": key}
    if chosen is not None:
        where += " AND r.milestone_id = :milestone"
        params["milestone"] = chosen["id"]
    rows = store.query(
        f"""SELECT r.*, m.name AS milestone, m.due AS milestone_due
            FROM requirements r LEFT JOIN milestones m ON m.id = r.milestone_id
            {where} ORDER BY m.due IS NULL, m.due, m.id, r.priority, r.number""",
        params,
    )
    milestones = {m["id"]: m for m in store.query(
        "SELECT * FROM milestones WHERE project = ? ORDER BY due IS NULL, due, id", (key,))}
    groups: dict[int | None, list[dict]] = {}
    out_of_scope = []
    for item in rows:
        if item["status"] in NOT_COUNTED:
            out_of_scope.append(item)
        else:
            groups.setdefault(item["milestone_id"], []).append(item)
    ordered: list[tuple[dict | None, list[dict]]] = [(milestones[mid], groups[mid]) for mid in milestones if mid in groups]
    if None in groups:
        ordered.append((None, groups[None]))
    sign_off = sorted((item for item in rows if item["confirmed_by"] and item["confirmed_at"]),
                      key=lambda item: (item["confirmed_at"], item["number"]))
    out_of_scope.sort(key=lambda item: item["number"])
    return RequirementsDocument(row, store.today(), ordered, out_of_scope, sign_off, chosen)
