"""When the demo's items happened: the days and the stopped clocks its seeders use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta


def workdays_before(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def at(day: date, hour: int = 9, minute: int = 30) -> str:
    """A UTC timestamp for local `hour:minute` on `day`, as if written then."""
    local = datetime.combine(day, time(hour, minute)).astimezone()
    return local.astimezone(UTC).isoformat(timespec="seconds")


def clock_at(day: date, hour: int = 9, minute: int = 30) -> Callable[[], str]:
    """A store clock stopped at local `hour:minute` on `day` (`store.clock = clock_at(…)`)."""
    return lambda: at(day, hour, minute)
