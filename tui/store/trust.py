"""The trust ledger's arithmetic: satisfaction per week, detractors left waiting, promises
kept on time. Pure functions over plain rows (dicts), no I/O, so every figure the screens and
the dashboard show can be checked against a hand-worked example.

Definitions (the product's, written once here):

* **CSAT per ISO week per project**: of the feedback items with a score received that week,
  the share scored 4 or 5, and the mean score. Weeks are ISO weeks (Monday first) of the
  day the item was received (the first ten characters of `received_at`).
* **Detractor flag**: a score of 1 or 2 received more than 48 hours ago that nobody has
  acknowledged yet (and that is not closed): the client is still waiting for an answer.
* **Overdue follow-up**: a follow-up (回访) date before today on an item not closed.
* **On-time rate**: commitments kept on or before their *original* due date, divided by all
  closed commitments (kept or missed). Renegotiated and open ones are not closed yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

DETRACTOR_MAX = 2
PROMOTER_MIN = 4
DETRACTOR_HOURS = 48
CLOSED_COMMITMENT = ("kept", "missed")
OPEN_COMMITMENT = ("open", "renegotiated")


def _day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _date(value: str | date) -> date:
    """`_day` of a value that is always there (a due date, a closing time)."""
    day = _day(value)
    if day is None:
        raise ValueError("a date is required")
    return day


def _moment(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value)
        moment = datetime.fromisoformat(text) if len(text) > 10 else datetime.fromisoformat(text + "T00:00:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def iso_week(value: str | date) -> tuple[int, int]:
    """(ISO year, ISO week) of a day or timestamp."""
    year, week, _weekday = _date(value).isocalendar()
    return year, week


def week_label(week: tuple[int, int]) -> str:
    """`2026-W48`: the same in every language."""
    return f"{week[0]}-W{week[1]:02d}"


def last_weeks(today: date, count: int) -> list[tuple[int, int]]:
    """The `count` ISO weeks ending with the week of `today`, oldest first."""
    monday = today - timedelta(days=today.weekday())
    return [iso_week(monday - timedelta(weeks=n)) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class WeekCSAT:
    """Satisfaction of one project in one ISO week."""

    week: tuple[int, int]
    count: int
    satisfied: int  # scores of 4 or 5

    total: int = 0  # sum of the scores

    @property
    def share(self) -> float | None:
        """Share of 4s and 5s, 0–1; None when nobody scored that week."""
        return self.satisfied / self.count if self.count else None

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def label(self) -> str:
        return week_label(self.week)


def csat_by_week(rows: list[dict]) -> dict[str | None, list[WeekCSAT]]:
    """Per project, the weeks that have scores, oldest first.

    `rows` need `project`, `received_at` and `csat`; rows without a score are ignored.
    A row may also stand for several scores at once (the store sums per day in SQL): then
    it has `count`, `satisfied` and `total` instead of `csat`.
    """
    buckets: dict[str | None, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for row in rows:
        if row.get("received_at") in (None, ""):
            continue
        if "count" in row:
            count, satisfied, total = int(row["count"] or 0), int(row["satisfied"] or 0), int(row["total"] or 0)
        else:
            score = row.get("csat")
            if score is None:
                continue
            count, satisfied, total = 1, int(int(score) >= PROMOTER_MIN), int(score)
        if not count:
            continue
        bucket = buckets[row.get("project")][iso_week(row["received_at"])]
        bucket[0] += count
        bucket[1] += satisfied
        bucket[2] += total
    result: dict[str | None, list[WeekCSAT]] = {}
    for project in sorted(buckets, key=lambda p: (p is None, p or "")):
        result[project] = [WeekCSAT(week, *sums) for week, sums in sorted(buckets[project].items())]
    return result


def csat_series(rows: list[dict], weeks: list[tuple[int, int]]) -> dict[str | None, list[WeekCSAT]]:
    """Like `csat_by_week`, but every project gets exactly `weeks` (empty weeks count 0),
    so a chart can put the weeks of all projects in the same columns."""
    by_week = csat_by_week(rows)
    series = {}
    for project, stats in by_week.items():
        known = {stat.week: stat for stat in stats}
        series[project] = [known.get(week, WeekCSAT(week, 0, 0, 0)) for week in weeks]
    return series


def overall(stats: list[WeekCSAT]) -> WeekCSAT:
    """All the weeks of a series taken together (the week is the last one's)."""
    week = stats[-1].week if stats else (0, 0)
    return WeekCSAT(week, sum(s.count for s in stats), sum(s.satisfied for s in stats), sum(s.total for s in stats))


@dataclass(frozen=True)
class CsatWeeks:
    """What the satisfaction chart shows: the weeks, and per project a `WeekCSAT` for each
    of them (`series`) and for all of them together (`totals`)."""

    weeks: list[tuple[int, int]]
    series: dict[str | None, list[WeekCSAT]]
    totals: dict[str | None, WeekCSAT]


def chart_since(today: date, count: int) -> str:
    """The Monday that starts the first of the `count` weeks ending with `today`'s."""
    year, week = last_weeks(today, count)[0]
    return date.fromisocalendar(year, week, 1).isoformat()


def csat_weeks(rows: list[dict], today: date, count: int) -> CsatWeeks:
    """The chart of scored feedback `rows` over the `count` weeks ending with `today`'s."""
    weeks = last_weeks(today, count)
    series = csat_series(rows, weeks)
    return CsatWeeks(weeks, series, {project: overall(stats) for project, stats in series.items()})


def is_detractor(row: dict) -> bool:
    score = row.get("csat")
    return score is not None and int(score) <= DETRACTOR_MAX


def detractor_flagged(row: dict, now: datetime | str) -> bool:
    """A detractor (1–2) received over 48 hours ago and still not acknowledged, not closed."""
    if not is_detractor(row) or row.get("status") == "closed":
        return False
    received = _moment(row["received_at"])
    deadline = received + timedelta(hours=DETRACTOR_HOURS)
    if row.get("acknowledged_at"):
        return False  # answered (late or not): no longer waiting on us
    return _moment(now) > deadline


def follow_up_overdue(row: dict, today: date) -> bool:
    """The follow-up date (回访) has passed and the item is not closed."""
    day = _day(row.get("follow_up_on"))
    return day is not None and day < today and row.get("status") != "closed"


def commitment_overdue(row: dict, today: date) -> bool:
    """Still open (or renegotiated) and its current due date has passed."""
    return row.get("status") in OPEN_COMMITMENT and _date(row["due"]) < today


def kept_on_time(row: dict) -> bool:
    """Kept, and closed on or before the original due date."""
    if row.get("status") != "kept" or not row.get("closed_at"):
        return False
    return _date(row["closed_at"]) <= _date(row.get("original_due") or row["due"])


@dataclass(frozen=True)
class OnTime:
    closed: int
    on_time: int

    @property
    def rate(self) -> float | None:
        """0–1, or None when nothing is closed yet."""
        return self.on_time / self.closed if self.closed else None


def on_time(rows: list[dict]) -> OnTime:
    closed = [row for row in rows if row.get("status") in CLOSED_COMMITMENT]
    return OnTime(len(closed), sum(1 for row in closed if kept_on_time(row)))


def on_time_by(rows: list[dict], field: str) -> dict[str | None, OnTime]:
    """On-time rate grouped by `field` ("project" or "owner"), in key order."""
    groups: dict[str | None, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row.get(field)].append(row)
    return {key: on_time(groups[key]) for key in sorted(groups, key=lambda k: (k is None, k or ""))}
