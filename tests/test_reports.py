"""Every figure of the weekly report and of the requirements document, against hand-worked
examples on a small workspace (`tui/store/reports.py` defines each one).

The workspace below is built on the frozen clock, one event at a time. Today is Friday
2026-11-27 (ISO week 48); the report's default week is the last complete one, week 47:
Monday 2026-11-16 to Sunday 2026-11-22. Times are UTC (conftest sets TZ=UTC).

    Milestones of ACME     due          counted requirements at the end of week 47
    Phase 1                2026-11-20   R1 accepted, R2 in progress (R3 dropped)   1/2, overdue
    Phase 2                2026-12-01   R4 documented, R5 documented (confirm undone) 0/2, at risk (9 days)
    Go-live                2027-01-31   R7 confirmed                                0/1, on track
    Someday                —            R8 draft                                    0/1, no due date
    Later                  created in week 48: not in week 47's report

    Change requests        assessed (effort, schedule)   decided
    CR-1                   3, 2                          approved 11-11 (week 46)
    CR-2                   5, 4  (note: internal)        approved 11-17
    CR-3                   2, 1                          rejected 11-19 "Out of scope"
    CR-4                   1.5, 0                        approved 11-24 (week 48): waiting at the end of week 47
    CR-5                   —                             submitted 11-20, not assessed: not waiting

    Commitments            due      closed
    CM-1                   11-18    kept 11-17: on time
    CM-2                   11-16    kept 11-19: 3 days late
    CM-3                   11-20    missed 11-21 "Supplier delay"
    CM-4                   11-19    moved 11-18 to 12-03 "You asked for more time"
    CM-5                   11-10    kept 11-10 (week 46)
    on time by the end of week 47: CM-1, CM-5 of CM-1, CM-2, CM-3, CM-5 = 2 of 4; this week 1 of 3
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tui.store import (
    bilingual,
    changes,
    commitments,
    feedback,
    members,
    milestones,
    projects,
    reports,
    requirements,
    standup,
)
from tui.store.errors import ValidationError
from tui.store.reports import Week

W46, W47, W48 = Week(2026, 46), Week(2026, 47), Week(2026, 48)


def at(clock, day: str, hour: int = 10, minute: int = 0) -> None:
    clock.moment = datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def _req(store, clock, title, milestone, day):
    at(clock, day, 9)
    return requirements.create(store, {"project": "ACME", "title": title, "milestone_id": milestone["id"]
                                       if milestone else None})["key"]


def _moves(store, clock, key, steps):
    for day, status in steps:
        at(clock, day, 11)
        requirements.move(store, key, status, confirmed_by="刘总" if status == "confirmed" else None)


@pytest.fixture
def ws(store, clock):
    """The workspace of the module's docstring."""
    at(clock, "2026-11-01")
    projects.add(store, "ACME", "ACME 客户门户", "ACME 集团", client_lang="zh_CN")
    projects.add(store, "OTHER", "Other portal", "Other Corp")
    members.add(store, "liming", "李明")
    members.add(store, "bob", "Bob")
    members.add(store, "zhang", "张伟")
    ms = {
        "p1": milestones.create(store, "ACME", "Phase 1", "2026-11-20"),
        "p2": milestones.create(store, "ACME", "Phase 2", "2026-12-01"),
        "go": milestones.create(store, "ACME", "Go-live", "2027-01-31"),
        "someday": milestones.create(store, "ACME", "Someday", None),
    }
    at(clock, "2026-11-23")
    ms["later"] = milestones.create(store, "ACME", "Later", "2027-03-01")

    r1 = _req(store, clock, "Single sign-on", ms["p1"], "2026-11-02")
    r2 = _req(store, clock, "订单列表", ms["p1"], "2026-11-02")
    r3 = _req(store, clock, "Dark mode", ms["p1"], "2026-11-02")
    r4 = _req(store, clock, "Monthly report", ms["p2"], "2026-11-02")
    r5 = _req(store, clock, "Mobile", ms["p2"], "2026-11-02")
    r6 = _req(store, clock, "Added later", ms["go"], "2026-11-23")
    r7 = _req(store, clock, "Data migration", ms["go"], "2026-11-02")
    r8 = _req(store, clock, "Notice board", ms["someday"], "2026-11-02")
    _moves(store, clock, r1, [("2026-11-09", "documented"), ("2026-11-10", "confirmed"),
                              ("2026-11-11", "in_progress"), ("2026-11-17", "delivered"), ("2026-11-18", "accepted")])
    _moves(store, clock, r2, [("2026-11-09", "documented"), ("2026-11-17", "confirmed"),
                              ("2026-11-18", "in_progress"), ("2026-11-24", "delivered")])
    _moves(store, clock, r3, [("2026-11-09", "documented"), ("2026-11-12", "dropped")])
    _moves(store, clock, r4, [("2026-11-16", "documented")])
    _moves(store, clock, r5, [("2026-11-16", "documented"), ("2026-11-18", "confirmed")])
    at(clock, "2026-11-18", 12)
    requirements.undo(store)  # the confirmation of r5 was a slip
    _moves(store, clock, r7, [("2026-11-09", "documented"), ("2026-11-19", "confirmed")])
    del r6, r8

    def cr(title, day, assessment=None, decision=None):
        at(clock, day, 8)
        key = changes.add(store, title, project="ACME", requested_by="刘总")["key"]
        if assessment:
            effort, schedule, note, when = assessment
            at(clock, when, 9)
            changes.assess(store, key, {"effort_days": effort, "schedule_days": schedule, "risk": "low",
                                        "assessment_note": note}, expected_version=None)
        if decision:
            target, when, note = decision
            at(clock, when, 15)
            changes.move(store, key, target, note=note)
        return key

    cr("Export to Excel", "2026-11-09", (3, 2, "", "2026-11-10"), ("approved", "2026-11-11", ""))
    cr("SMS login", "2026-11-12", (5, 4, "Vendor quote is internal", "2026-11-16"),
       ("approved", "2026-11-17", "Client accepted the cost"))
    cr("Configurable banner", "2026-11-13", (2, 1, "", "2026-11-17"), ("rejected", "2026-11-19", "Out of scope"))
    cr4 = cr("Password policy", "2026-11-14", (1.5, 0, "", "2026-11-18"))
    at(clock, "2026-11-24", 15)
    changes.move(store, cr4, "approved", note="")
    cr("Audit export", "2026-11-20")

    def promise(text, due, created="2026-11-02", project="ACME"):
        at(clock, created, 8)
        return commitments.add(store, text, due, to_whom="刘总", project=project)["key"]

    cm1, cm2, cm3, cm4, cm5 = (promise("Send the minutes", "2026-11-18"), promise("Fix the login", "2026-11-16"),
                               promise("Open test accounts", "2026-11-20"), promise("Pressure test report", "2026-11-19"),
                               promise("Kick-off deck", "2026-11-10"))
    for key, target, day, note in ((cm1, "kept", "2026-11-17", None), (cm2, "kept", "2026-11-19", None),
                                   (cm3, "missed", "2026-11-21", "Supplier delay"), (cm5, "kept", "2026-11-10", None)):
        at(clock, day, 17)
        commitments.move(store, key, target, note=note)
    at(clock, "2026-11-18", 16)
    commitments.move_due(store, cm4, "2026-12-03", "You asked for more time")
    promise("Other client's promise", "2026-11-18", project="OTHER")

    def received(summary, day, project="ACME", **fields):
        at(clock, day, 12)
        return feedback.add(store, summary, project=project, received_on=day, **fields)["key"]

    fb4 = received("Thanks for the demo", "2026-11-16", contact="刘总", channel="meeting", csat=5)
    fb1 = received("登录很慢", "2026-11-17", contact="赵经理", channel="phone", csat=2)
    fb2 = received("Filter reports by region", "2026-11-19", contact="孙主管", channel="email")
    received("Earlier feedback", "2026-11-12")
    received("Other client's feedback", "2026-11-18", project="OTHER")
    for key, target, day, outcome in ((fb1, "acknowledged", "2026-11-18", None), (fb1, "resolved", "2026-11-25", None),
                                      (fb4, "acknowledged", "2026-11-16", None), (fb4, "resolved", "2026-11-19", None),
                                      (fb4, "closed", "2026-11-20", "Client happy with the follow-up")):
        at(clock, day, 14)
        feedback.move(store, key, target, outcome=outcome)
    at(clock, "2026-11-19", 15)
    feedback.link(store, fb2, "CR-3")

    def note(login, day, blockers, waits=False):
        standup.save(store, date.fromisoformat(day), login, standup.Note("y", "t", blockers), expected_version=None)
        # Marked as a schema 2 Huddle did, without its project (old data: the report guesses it).
        store.conn.execute("UPDATE standups SET blockers_wait_on_client = ? WHERE login = ? AND date = ?",
                           (int(waits), login, day))

    at(clock, "2026-11-26")
    requirements.update(store, r2, {"owner": "liming"}, expected_version=None)
    requirements.update(store, r4, {"owner": "bob"}, expected_version=None)
    note("liming", "2026-11-19", "Waiting for ACME's test data", waits=True)
    note("liming", "2026-11-20", "Waiting for ACME's test data", waits=True)
    note("liming", "2026-11-24", "")
    note("bob", "2026-11-21", "Build server is slow")
    note("zhang", "2026-11-20", "Waiting for the OTHER VPN account", waits=True)
    return store


def keys(rows):
    return [row["key"] for row in rows]


# -- weeks ----------------------------------------------------------------------------------


def test_weeks():
    assert (W47.monday, W47.sunday, W47.label) == (date(2026, 11, 16), date(2026, 11, 22), "2026-W47")
    assert (W47.start, W47.end) == ("2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00")
    assert W47.previous() == W46 and W47.next() == W48 and Week(2026, 53).next() == Week(2027, 1)
    assert reports.last_complete_week(date(2026, 11, 27)) == W47
    assert reports.last_complete_week(date(2026, 11, 23)) == W47  # a Monday: last week just ended
    assert reports.last_complete_week(date(2026, 11, 22)) == W46  # a Sunday: its week is not over
    assert reports.last_complete_week(date(2027, 1, 4)) == Week(2026, 53)


@pytest.mark.parametrize("text, week", [("2026-W48", W48), ("2026w47", W47), (" 2026-W7 ", Week(2026, 7)),
                                        ("2026-11-25", W48), ("", W47), (None, W47), ("2026-W53", Week(2026, 53))])
def test_parse_week(text, week):
    assert reports.parse_week(text, date(2026, 11, 27)) == week


@pytest.mark.parametrize("text", ["2025-W53", "2026-W00", "week 48", "2026-13-01", "48"])
def test_parse_week_refuses(text):
    with pytest.raises(ValidationError) as info:
        reports.parse_week(text, date(2026, 11, 27))
    assert info.value.field == "week"


# -- the weekly report ----------------------------------------------------------------------


def test_default_week_and_project(ws):
    report = reports.weekly(ws, "acme")
    assert report.week == W47 and report.project["key"] == "ACME" and report.language == "zh_CN"
    assert report.today == date(2026, 11, 27)
    with pytest.raises(ValidationError):
        reports.weekly(ws, None)  # two projects: say which


def test_milestone_progress_as_of_the_end_of_the_week(ws):
    report = reports.weekly(ws, "ACME", W47)
    got = [(m.name, m.accepted, m.total, m.not_delivered, m.state, m.days_left, m.percent) for m in report.milestones]
    assert got == [
        ("Phase 1", 1, 2, 1, "overdue", -2, 50),
        ("Phase 2", 0, 2, 2, "at_risk", 9, 0),
        ("Go-live", 0, 1, 1, "on_track", 70, 0),
        ("Someday", 0, 1, 1, "no_due", None, 0),
    ]
    assert report.due_next.name == "Phase 2"
    later = {m.name: (m.accepted, m.total, m.state) for m in reports.weekly(ws, "ACME", W48).milestones}
    assert later["Phase 1"] == (1, 2, "overdue")  # R2 delivered on 11-24, not accepted
    assert later["Go-live"] == (0, 2, "on_track")  # R6, added on 11-23, counts now
    assert later["Later"] == (0, 0, "empty")
    assert {m.name for m in reports.weekly(ws, "ACME", W46).milestones} == {"Phase 1", "Phase 2", "Go-live", "Someday"}


def test_milestone_states_at_the_edges(ws):
    phase2 = milestones.find(ws, "Phase 2", "ACME")
    states = {}
    for due, expected in (("2026-12-06", "at_risk"), ("2026-12-07", "on_track"), ("2026-11-22", "overdue"),
                          ("2026-11-23", "at_risk")):
        milestones.update(ws, phase2["id"], {"project": "ACME", "name": "Phase 2", "due": due}, expected_version=None)
        states[due] = next(m.state for m in reports.weekly(ws, "ACME", W47).milestones if m.name == "Phase 2")
        assert states[due] == expected, due
    milestones.set_status(ws, phase2["id"], "closed")
    assert next(m.state for m in reports.weekly(ws, "ACME", W47).milestones if m.name == "Phase 2") == "closed"


def test_requirements_moved_this_week(ws):
    report = reports.weekly(ws, "ACME", W47)
    assert [(r["title"], r["milestone"], r["confirmed_by"]) for r in report.confirmed] == [
        ("订单列表", "Phase 1", "刘总"), ("Data migration", "Go-live", "刘总")]  # R5's confirmation was undone
    assert keys(report.delivered) == keys(report.accepted) == ["REQ-1"]
    assert report.confirmed[0]["moved_at"] == "2026-11-17T11:00:00+00:00"
    week48 = reports.weekly(ws, "ACME", W48)
    assert (keys(week48.confirmed), keys(week48.delivered), keys(week48.accepted)) == ([], ["REQ-2"], [])


def test_change_requests_decided_and_their_cumulative_impact(ws):
    report = reports.weekly(ws, "ACME", W47)
    assert [(r["key"], r["moved_to"], r["effort_days"], r["schedule_days"], r["move_note"]) for r in report.decisions] == [
        ("CR-2", "approved", 5, 4, "Client accepted the cost"), ("CR-3", "rejected", 2, 1, "Out of scope")]
    assert report.approved == reports.Schedule(count=2, schedule_days=6, effort_days=8)
    assert reports.weekly(ws, "ACME", W46).approved == reports.Schedule(1, 2, 3)
    assert reports.weekly(ws, "ACME", W48).approved == reports.Schedule(3, 6, 9.5)
    assert keys(reports.weekly(ws, "ACME", W48).decisions) == ["CR-4"]


def test_commitments_kept_missed_moved_and_the_on_time_rate(ws):
    report = reports.weekly(ws, "ACME", W47)
    assert [(r["key"], r["on_time"], r["days_late"]) for r in report.kept] == [("CM-1", True, 0), ("CM-2", False, 3)]
    assert [(r["key"], r["move_note"]) for r in report.missed] == [("CM-3", "Supplier delay")]
    assert [(r["key"], r["due_from"], r["due_to"], r["move_note"]) for r in report.moved] == [
        ("CM-4", "2026-11-19", "2026-12-03", "You asked for more time")]
    assert (report.on_time.closed, report.on_time.on_time) == (4, 2)
    assert (report.on_time_week.closed, report.on_time_week.on_time) == (3, 1)
    week46 = reports.weekly(ws, "ACME", W46)
    assert (week46.on_time.closed, week46.on_time.on_time, keys(week46.kept)) == (1, 1, ["CM-5"])


def test_feedback_received_and_how_it_was_answered(ws):
    report = reports.weekly(ws, "ACME", W47)
    got = [(r["key"], r["answer"], r["outcome"], r["became"]) for r in report.feedback]
    assert got == [
        ("FB-1", "closed", "Client happy with the follow-up", []),
        ("FB-2", "acknowledged", "", []),  # resolved only on 11-25
        ("FB-3", "new", "", ["CR-3"]),
    ]
    assert [r["answer"] for r in reports.weekly(ws, "ACME", W48).feedback] == []


def test_what_waits_for_the_client(ws):
    report = reports.weekly(ws, "ACME", W47)
    assert keys(report.waiting_decisions) == ["CR-4"]  # CR-5 is not assessed yet
    assert keys(report.waiting_confirmation) == ["REQ-4", "REQ-5"]
    assert [(b.name, b.text, b.since) for b in report.waiting_blockers] == [
        ("李明", "Waiting for ACME's test data", date(2026, 11, 19))]
    assert [(b.name, b.text) for b in report.internal_blockers] == [("Bob", "Build server is slow")]
    assert [(r["key"], r["assessment_note"]) for r in report.assessment_notes] == [
        ("CR-2", "Vendor quote is internal")]
    week48 = reports.weekly(ws, "ACME", W48)
    assert keys(week48.waiting_decisions) == [] and week48.waiting_blockers == []  # approved; cleared on 11-24
    other = reports.weekly(ws, "OTHER", W47)
    assert [b.text for b in other.waiting_blockers] == ["Waiting for the OTHER VPN account"]


def test_a_blocker_belongs_to_the_project_it_names_or_the_only_one_its_writer_works_on(ws):
    candidates = projects.active(ws)

    def belongs(text, login="zhang"):
        blocker = reports.Blocker(login, login, text, date(2026, 11, 20), True)
        return reports.blocker_projects(ws, blocker, candidates)

    assert belongs("Waiting for acme's data") == {"ACME"}
    assert belongs("Other Corp has not answered") == {"OTHER"}  # the client's name
    assert belongs("ACME and OTHER both late") == {"ACME", "OTHER"}
    assert belongs("No test account yet") == set()  # zhang works on no item: no report
    assert belongs("No test account yet", "liming") == {"ACME"}  # owns REQ-2 only


def test_meeting_decisions_about_waiting_items(ws, clock):
    from tui.store import meetings

    at(clock, "2026-11-19", 10)
    meeting = meetings.add(ws, "Workshop", project="ACME", day="2026-11-19", kind="workshop")
    meetings.decide(ws, meeting["key"], "Decide CR-4 after the budget review", "CR-4, REQ-4")
    report = reports.weekly(ws, "ACME", W47)
    assert report.waiting_decisions[0]["discussed"]["text"] == "Decide CR-4 after the budget review"
    assert report.waiting_confirmation[0]["discussed"]["date"] == "2026-11-19"
    earlier = reports.weekly(ws, "ACME", W46).waiting_confirmation  # REQ-2, REQ-7: documented on 11-09
    assert keys(earlier) == ["REQ-2", "REQ-7"] and [r["discussed"] for r in earlier] == [None, None]


def test_an_empty_week(ws):
    report = reports.weekly(ws, "OTHER", Week(2026, 40))
    assert report.is_empty


def test_the_report_changes_nothing(ws):
    before = ws.conn.total_changes  # every row this connection ever inserted, updated or deleted
    reports.weekly(ws, "ACME", W47)
    reports.requirements_document(ws, "ACME")
    assert ws.conn.total_changes == before


# -- the requirements document ---------------------------------------------------------------


def test_requirements_document(ws):
    doc = reports.requirements_document(ws, "ACME")
    assert [(m["name"] if m else None, keys(rows)) for m, rows in doc.groups] == [
        ("Phase 1", ["REQ-1", "REQ-2"]), ("Phase 2", ["REQ-4", "REQ-5"]), ("Go-live", ["REQ-6", "REQ-7"]),
        ("Someday", ["REQ-8"])]
    assert keys(doc.out_of_scope) == ["REQ-3"] and doc.count == 7
    assert [(r["key"], r["confirmed_by"], r["confirmed_at"][:10]) for r in doc.sign_off] == [
        ("REQ-1", "刘总", "2026-11-10"), ("REQ-2", "刘总", "2026-11-17"), ("REQ-7", "刘总", "2026-11-19")]
    one = reports.requirements_document(ws, "ACME", "Phase 2")
    assert [keys(rows) for _m, rows in one.groups] == [["REQ-4", "REQ-5"]] and one.milestone["name"] == "Phase 2"
    with pytest.raises(ValidationError):
        reports.requirements_document(ws, "OTHER", milestones.find(ws, "Phase 2", "ACME")["id"])


# -- bilingual ---------------------------------------------------------------------------------


@pytest.mark.parametrize("row, en, zh", [
    ({"title": "单点登录", "title_tr": "Single sign-on", "text_lang": "zh_CN"}, "Single sign-on", "单点登录"),
    ({"title": "Dark mode", "title_tr": "深色模式", "text_lang": "en"}, "Dark mode", "深色模式"),
    ({"title": "Dark mode", "title_tr": "", "text_lang": "en"}, "Dark mode", "Dark mode"),  # falls back
    ({"title": "暗色", "title_tr": "", "text_lang": None}, "暗色", "暗色"),
    ({"title": "单点登录", "title_tr": "SSO", "text_lang": None}, "SSO", "单点登录"),  # guessed: Chinese
    ({"title": "", "title_tr": "SSO", "text_lang": "zh_CN"}, "SSO", "SSO"),
    ({"title": "X"}, "X", "X"),  # a row without the columns
])
def test_pick(row, en, zh):
    assert bilingual.pick(row, "title", "en") == en and bilingual.pick(row, "title", "zh_CN") == zh


def test_pick_with_language_says_when_it_falls_back():
    row = {"summary": "Logins time out", "summary_tr": "", "text_lang": "en"}
    assert bilingual.pick_with_language(row, "summary", "zh_CN") == ("Logins time out", "en")
    assert not bilingual.has_both(row, "summary")


def test_sql_pick_is_pick(store):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    texts = st.sampled_from(["", " ", "Dark mode", "深色模式", "SSO 登录", "x"])
    store.conn.execute("CREATE TEMP TABLE t (title TEXT, title_tr TEXT, text_lang TEXT)")

    @settings(max_examples=150, deadline=None)
    @given(texts, texts, st.sampled_from([None, "en", "zh_CN", "fr"]), st.sampled_from(["en", "zh_CN"]))
    def check(title, translated, declared, language):
        store.conn.execute("DELETE FROM t")
        store.conn.execute("INSERT INTO t VALUES (?, ?, ?)", (title, translated, declared))
        got = store.scalar(f"SELECT {bilingual.sql_pick('title', language)} FROM t")
        row = {"title": title, "title_tr": translated, "text_lang": declared}
        expected = bilingual.pick(row, "title", language)
        assert got.strip() == expected.strip()

    check()


def test_a_blocker_marked_with_its_project_goes_to_that_report_only(ws):
    zhang = date(2026, 11, 20)
    # Its text names OTHER, but whoever marked it said it waits on ACME's client.
    standup.mark_waits_on_client(ws, zhang, "zhang", "ACME")
    acme, other = reports.weekly(ws, "ACME", W47), reports.weekly(ws, "OTHER", W47)
    assert [b.text for b in acme.waiting_blockers] == ["Waiting for ACME's test data", "Waiting for the OTHER VPN account"]
    assert [b.project for b in acme.waiting_blockers] == [None, "ACME"]  # the first: an old row, guessed
    assert other.waiting_blockers == [] and other.internal_blockers == []
    # Made internal again, its project is forgotten: back to the guess, in OTHER's internal part only.
    standup.unmark_waits_on_client(ws, zhang, "zhang")
    acme, other = reports.weekly(ws, "ACME", W47), reports.weekly(ws, "OTHER", W47)
    assert "Waiting for the OTHER VPN account" not in [b.text for b in [*acme.waiting_blockers, *acme.internal_blockers]]
    assert [b.text for b in other.internal_blockers] == ["Waiting for the OTHER VPN account"]
    assert other.waiting_blockers == []


def test_a_recorded_project_is_never_guessed_over(ws):
    candidates = projects.active(ws)
    blocker = reports.Blocker("liming", "李明", "ACME and OTHER both late", date(2026, 11, 20), True, "OTHER")
    assert reports.blocker_projects(ws, blocker, candidates) == {"OTHER"}
    assert reports.guess_project(ws, "liming", "ACME and OTHER both late") is None  # two: ask
    assert reports.guess_project(ws, "liming", "No test account yet") == "ACME"  # owns REQ-2 only
    assert reports.guess_project(ws, "zhang", "Other Corp has not answered") == "OTHER"
