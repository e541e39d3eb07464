"""Hand-worked examples for the trust ledger's arithmetic (tui/store/trust.py)."""

from datetime import UTC, date, datetime

import pytest

from tui.store import trust
from tui.widgets.csat_chart import sparkline


def fb(project, day, csat, **extra):
    return {"project": project, "received_at": f"{day}T09:00:00+00:00", "csat": csat, **extra}


def test_iso_weeks():
    # 2026-11-23 is a Monday, ISO week 48; 2026-11-22 is the Sunday of week 47.
    assert trust.iso_week("2026-11-23") == (2026, 48)
    assert trust.iso_week("2026-11-22T23:00:00+00:00") == (2026, 47)
    # 2026-01-01 is a Thursday: week 1 of 2026. 2027-01-01 (Friday) belongs to 2026-W53.
    assert trust.iso_week("2026-01-01") == (2026, 1)
    assert trust.iso_week("2027-01-01") == (2026, 53)
    assert trust.week_label((2026, 5)) == "2026-W05"
    assert trust.last_weeks(date(2026, 11, 27), 3) == [(2026, 46), (2026, 47), (2026, 48)]


def test_csat_per_week_per_project_by_hand():
    rows = [
        # ACME, week 47 (Nov 16-22): 5, 4, 2, 1 -> 2 of 4 satisfied = 50%; mean 12/4 = 3.0
        fb("ACME", "2026-11-16", 5), fb("ACME", "2026-11-18", 4), fb("ACME", "2026-11-20", 2), fb("ACME", "2026-11-22", 1),
        # ACME, week 48: 3, 4, 5 -> 2 of 3 = 66.7%; mean 4.0
        fb("ACME", "2026-11-23", 3), fb("ACME", "2026-11-24", 4), fb("ACME", "2026-11-27", 5),
        # NOVA, week 48: one 3 -> 0%; mean 3.0; an unscored item is ignored
        fb("NOVA", "2026-11-25", 3), fb("NOVA", "2026-11-25", None),
    ]
    result = trust.csat_by_week(rows)
    assert list(result) == ["ACME", "NOVA"]
    w47, w48 = result["ACME"]
    assert (w47.week, w47.count, w47.satisfied, w47.share, w47.mean) == ((2026, 47), 4, 2, 0.5, 3.0)
    assert (w48.count, w48.satisfied, w48.mean) == (3, 2, 4.0)
    assert w48.share == pytest.approx(2 / 3)
    (nova,) = result["NOVA"]
    assert (nova.count, nova.share, nova.mean) == (1, 0.0, 3.0)
    total = trust.overall(result["ACME"])
    assert (total.count, total.satisfied, total.mean) == (7, 4, 24 / 7)


def test_csat_series_fills_empty_weeks():
    rows = [fb("ACME", "2026-11-18", 4)]
    series = trust.csat_series(rows, trust.last_weeks(date(2026, 11, 27), 3))
    stats = series["ACME"]
    assert [s.count for s in stats] == [0, 1, 0]
    assert [s.share for s in stats] == [None, 1.0, None]
    assert sparkline([s.share for s in stats]) == "·█·"
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"


def test_csat_weeks_for_the_chart():
    rows = [fb("ACME", "2026-11-18", 4), fb("ACME", "2026-11-25", 2)]
    chart = trust.csat_weeks(rows, date(2026, 11, 27), 3)
    assert chart.weeks == [(2026, 46), (2026, 47), (2026, 48)]
    assert [s.count for s in chart.series["ACME"]] == [0, 1, 1]
    assert (chart.totals["ACME"].count, chart.totals["ACME"].share) == (2, 0.5)
    assert trust.chart_since(date(2026, 11, 27), 3) == "2026-11-09"


def test_detractor_flag_48_hours():
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    received = "2026-11-25T09:00:00+00:00"  # 49 hours before now
    assert trust.detractor_flagged({"csat": 2, "received_at": received, "status": "new"}, now)
    assert trust.detractor_flagged({"csat": 1, "received_at": received, "status": "new", "acknowledged_at": None}, now)
    # 47 hours: not yet
    assert not trust.detractor_flagged({"csat": 1, "received_at": "2026-11-25T11:00:00+00:00", "status": "new"}, now)
    # acknowledged (in time or late): answered, no longer flagged
    assert not trust.detractor_flagged({"csat": 2, "received_at": received, "status": "acknowledged",
                                        "acknowledged_at": "2026-11-26T09:00:00+00:00"}, now)
    assert not trust.detractor_flagged({"csat": 2, "received_at": received, "status": "acknowledged",
                                        "acknowledged_at": "2026-11-27T09:30:00+00:00"}, now)
    # not a detractor, or closed
    assert not trust.detractor_flagged({"csat": 3, "received_at": received, "status": "new"}, now)
    assert not trust.detractor_flagged({"csat": None, "received_at": received, "status": "new"}, now)
    assert not trust.detractor_flagged({"csat": 1, "received_at": received, "status": "closed"}, now)


def test_follow_up_overdue():
    today = date(2026, 11, 27)
    assert trust.follow_up_overdue({"follow_up_on": "2026-11-26", "status": "resolved"}, today)
    assert not trust.follow_up_overdue({"follow_up_on": "2026-11-27", "status": "resolved"}, today)
    assert not trust.follow_up_overdue({"follow_up_on": "2026-11-20", "status": "closed"}, today)
    assert not trust.follow_up_overdue({"follow_up_on": None, "status": "new"}, today)


def cm(status, original_due, closed_at=None, due=None, **extra):
    return {"status": status, "original_due": original_due, "due": due or original_due,
            "closed_at": closed_at and f"{closed_at}T17:00:00+00:00", **extra}


def test_on_time_rate_by_hand():
    rows = [
        cm("kept", "2026-11-10", "2026-11-09", project="ACME", owner="liming"),   # early: on time
        cm("kept", "2026-11-10", "2026-11-10", project="ACME", owner="liming"),   # on the day: on time
        cm("kept", "2026-11-10", "2026-11-12", project="ACME", owner="alice"),    # late
        cm("missed", "2026-11-10", "2026-11-15", project="NOVA", owner="alice"),  # missed
        # renegotiated to the 20th and kept on the 18th: late against the ORIGINAL due date
        cm("kept", "2026-11-10", "2026-11-18", due="2026-11-20", project="NOVA", owner="liming"),
        cm("open", "2026-11-30", project="NOVA", owner="alice"),                  # not closed: ignored
        cm("renegotiated", "2026-11-01", due="2026-12-01", project="ACME", owner="alice"),  # not closed
    ]
    total = trust.on_time(rows)
    # closed = 5 (4 kept + 1 missed); on time = 2 -> 40%
    assert (total.closed, total.on_time, total.rate) == (5, 2, 0.4)
    by_project = trust.on_time_by(rows, "project")
    assert (by_project["ACME"].closed, by_project["ACME"].on_time) == (3, 2)
    assert by_project["ACME"].rate == pytest.approx(2 / 3)
    assert (by_project["NOVA"].closed, by_project["NOVA"].on_time, by_project["NOVA"].rate) == (2, 0, 0.0)
    by_owner = trust.on_time_by(rows, "owner")
    assert (by_owner["liming"].closed, by_owner["liming"].on_time) == (3, 2)
    assert (by_owner["alice"].closed, by_owner["alice"].on_time, by_owner["alice"].rate) == (2, 0, 0.0)
    assert trust.on_time([]).rate is None


def test_commitment_overdue():
    today = date(2026, 11, 27)
    assert trust.commitment_overdue(cm("open", "2026-11-26"), today)
    assert trust.commitment_overdue(cm("renegotiated", "2026-11-01", due="2026-11-20"), today)
    assert not trust.commitment_overdue(cm("open", "2026-11-27"), today)
    assert not trust.commitment_overdue(cm("kept", "2026-11-01", "2026-11-01"), today)
