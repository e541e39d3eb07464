"""Standup notes in the store: saves, conflicts, prefill, summaries, minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, USER
from tui.reports.standup import minutes_markdown as standup_minutes
from tui.store import activity, members, standup
from tui.store.errors import ConflictError, ValidationError

HOSTILE = [
    "[bold]x[/]",
    "[/]",
    "[link=https://example.com]click[/link]",
    "[@click=app.quit]x[/]",
    "\x1b[31mred\x1b[0m",
    "nul\x00bell\x07",
    "客户反馈：很慢 🚀",
    "x" * 10_000,
]


def days_ago(n: int) -> date:
    """A day relative to the suite's frozen today (negative: after it)."""
    return TODAY - timedelta(days=n)


def save(store, text="Ship it", day=TODAY, login=USER, version=None, **fields):
    note = standup.Note(fields.get("yesterday", ""), text, fields.get("blockers", ""))
    return standup.save(store, day, login, note, expected_version=version)


def test_create_then_update_bumps_version_and_records_activity(store):
    first = save(store, "Write the spec")
    assert first["version"] == 1
    second = save(store, "Write the spec and review it", version=1, blockers="VPN down")
    assert second["version"] == 2
    assert second["blockers"] == "VPN down"
    trail = activity.for_key(store, f"{TODAY.isoformat()}/{USER}")
    assert [row["action"] for row in trail] == ["edit", "edit", "create"]
    assert {row["field"] for row in trail if row["action"] == "edit"} == {"today", "blockers"}
    assert all(row["actor"] == USER for row in trail)


def test_stale_version_raises_conflict_and_writes_nothing(store):
    save(store, "mine")
    save(store, "theirs", version=1)
    with pytest.raises(ConflictError) as conflict:
        save(store, "my late edit", version=1)
    assert conflict.value.current["today"] == "theirs"
    assert standup.get(store, TODAY, USER)["today"] == "theirs"


def test_creating_twice_is_a_conflict_not_an_overwrite(store):
    save(store, "first")
    with pytest.raises(ConflictError):
        save(store, "second", version=None)


def test_unchanged_save_writes_no_activity(store):
    save(store, "same")
    before = activity.latest_id(store)
    save(store, "same", version=1)
    assert activity.latest_id(store) == before


@pytest.mark.parametrize("note", [standup.Note(), standup.Note(" ", "\n", "\t")])
def test_empty_note_is_refused(store, note):
    with pytest.raises(ValidationError, match="empty"):
        standup.save(store, TODAY, USER, note, expected_version=None)


def test_too_long_is_refused_with_the_field(store):
    with pytest.raises(ValidationError) as error:
        save(store, "x" * (standup.MAX_FIELD_CHARS + 1))
    assert error.value.field == "today"


def test_ten_thousand_characters_are_kept(store):
    text = "需" * 10_000
    save(store, text)
    assert standup.get(store, TODAY, USER)["today"] == text


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_exactly(store, text):
    save(store, text, blockers=text)
    row = standup.get(store, TODAY, USER)
    assert row["today"] == text and row["blockers"] == text


def test_yesterday_is_prefilled_from_the_last_today(store):
    save(store, "Build the login page", day=days_ago(3))
    save(store, "Fix the login bugs", day=days_ago(2))
    assert standup.previous_today(store, USER, TODAY) == "Fix the login bugs"
    assert standup.previous_today(store, USER, days_ago(2)) == "Build the login page"
    assert standup.previous_today(store, "nobody", TODAY) == ""


def test_board_summary_and_blockers(store):
    members.ensure(store, "liming", "李明")
    members.ensure(store, "alice", "Alice")
    save(store, "today's work", blockers="waiting for the client")
    info = standup.summary(store, TODAY)
    assert [r["login"] for r in info["posted"]] == [USER]
    assert {r["login"] for r in info["missing"]} == {"liming", "alice"}
    assert [r["login"] for r in info["blockers"]] == [USER]


def test_open_blockers_last_until_a_later_note_clears_them(store):
    members.ensure(store, "liming", "李明")
    save(store, "a", day=days_ago(2), login="liming", blockers="no test env")
    assert [r["login"] for r in standup.open_blockers(store, TODAY)] == ["liming"]
    save(store, "b", day=days_ago(1), login="liming")
    assert standup.open_blockers(store, TODAY) == []


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow-ish", "27/11/2026", "2026-02-30"])
def test_bad_dates_are_refused_clearly(store, text):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        standup.parse_day(text, store)


def test_day_words(store):
    assert standup.parse_day(None, store) == TODAY
    assert standup.parse_day("yesterday", store) == days_ago(1)
    assert standup.parse_day("2026-11-02", store) == date(2026, 11, 2)


def test_minutes_keep_hostile_text_inert(store):
    members.ensure(store, "liming", "李明")
    save(store, "# heading\n[bold]x[/]", blockers="- not a list\n```")
    text = standup_minutes(store, TODAY)
    assert "**Present** (1)" in text and "李明" in text
    # user text goes into fenced code blocks longer than any backtick run in it, so it
    # cannot become structure or close its block (issue 11)
    assert "\n```\n# heading\n[bold]x[/]\n```\n" in text
    assert "\n  ````\n  - not a list\n  ```\n  ````\n" in text


def test_minutes_in_chinese(store):
    from tui import i18n

    save(store, "写文档")
    i18n.set_language("zh_CN")
    text = standup_minutes(store, TODAY)
    assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text and "阻碍" in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    yesterday=st.text(max_size=300),
    today=st.text(min_size=1, max_size=300).filter(lambda s: s.strip()),
    blockers=st.text(max_size=300),
)
def test_any_note_text_round_trips_exactly(store, yesterday, today, blockers):
    current = standup.get(store, TODAY, USER)
    note = standup.Note(yesterday, today, blockers)
    standup.save(store, TODAY, USER, note, expected_version=current["version"] if current else None)
    row = standup.get(store, TODAY, USER)
    assert (row["yesterday"], row["today"], row["blockers"]) == (yesterday, today, blockers)
    from tui.text import clean

    assert clean(today).strip("\n").split("\n")[0] in standup_minutes(store, TODAY)


# -- update(): only the named fields ----------------------------------------------------------


def test_update_changes_only_the_named_field(store):
    save(store, "plan", yesterday="did things", blockers="VPN down")
    before = activity.latest_id(store)
    row = standup.update(store, TODAY, USER, {"today": "new plan"})
    assert (row["yesterday"], row["today"], row["blockers"], row["version"]) == ("did things", "new plan", "VPN down", 2)
    trail = [r for r in activity.for_key(store, f"{TODAY}/{USER}") if r["id"] > before]
    assert [(r["action"], r["field"], r["old"], r["new"]) for r in trail] == [("edit", "today", "plan", "new plan")]


def test_update_clears_a_field_only_when_told(store):
    save(store, "plan", blockers="VPN down")
    assert standup.update(store, TODAY, USER, {"today": "plan"})["blockers"] == "VPN down"
    assert standup.update(store, TODAY, USER, {"blockers": ""})["blockers"] == ""


def test_update_that_changes_nothing_writes_nothing(store):
    save(store, "plan")
    before = activity.latest_id(store)
    assert standup.update(store, TODAY, USER, {"today": "plan"})["version"] == 1
    assert standup.update(store, TODAY, USER, {})["version"] == 1
    assert activity.latest_id(store) == before


def test_update_refuses_to_empty_the_note_and_unknown_fields(store):
    save(store, "plan")
    with pytest.raises(ValidationError, match="empty"):
        standup.update(store, TODAY, USER, {"today": " "})
    with pytest.raises(ValueError):
        standup.update(store, TODAY, USER, {"title": "x"})
    assert standup.get(store, TODAY, USER)["today"] == "plan"


def test_update_checks_the_editors_version(store):
    save(store, "plan")
    standup.update(store, TODAY, USER, {"blockers": "theirs"}, expected_version=1)
    with pytest.raises(ConflictError) as conflict:
        standup.update(store, TODAY, USER, {"today": "mine"}, expected_version=1)
    assert conflict.value.current["blockers"] == "theirs" and conflict.value.current["version"] == 2
    with pytest.raises(ConflictError):
        standup.update(store, TODAY, USER, {"today": "mine"}, expected_version=None)
    assert standup.get(store, TODAY, USER)["today"] == "plan"


def test_a_new_days_note_carries_yesterday_and_the_open_blocker(store):
    save(store, "build login", day=days_ago(1), blockers="no test env")
    row = standup.update(store, TODAY, USER, {"today": "fix login"})
    assert (row["yesterday"], row["today"], row["blockers"]) == ("build login", "fix login", "no test env")
    assert standup.prefill(store, days_ago(-3), USER) == {
        "yesterday": "fix login", "today": "", "blockers": "no test env"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.dictionaries(st.sampled_from(standup.FIELDS), st.text(max_size=40)),
)
def test_update_never_touches_a_field_it_was_not_given(store, changes):
    start = {"yesterday": "Y", "today": "T", "blockers": "B"}
    current = standup.get(store, TODAY, USER)
    standup.save(store, TODAY, USER, standup.Note(**start), expected_version=current["version"] if current else None)
    try:
        row = standup.update(store, TODAY, USER, changes)
    except ValidationError:
        assert standup.Note(**{**start, **changes}).is_empty()
        return
    for field in standup.FIELDS:
        assert row[field] == changes.get(field, start[field])


# -- absence ----------------------------------------------------------------------------------


def test_absent_is_a_toggle_with_a_trail(store):
    members.ensure(store, "liming", "李明")
    assert standup.toggle_absent(store, TODAY, "liming") is True
    assert standup.absent_logins(store, TODAY) == {"liming"}
    assert standup.absent_logins(store, days_ago(1)) == set()
    assert standup.toggle_absent(store, TODAY, "liming") is False
    assert standup.absent_logins(store, TODAY) == set()
    row = store.query_one("SELECT * FROM attendance WHERE login = 'liming'")
    assert (row["absent"], row["version"], row["updated_by"]) == (0, 2, USER)
    trail = activity.for_key(store, f"{TODAY}/liming")
    assert [(r["entity"], r["action"]) for r in trail] == [("attendance", "present"), ("attendance", "absent")]
    # setting what is stored writes nothing
    before = activity.latest_id(store)
    assert standup.set_absent(store, TODAY, "liming", False) is False
    assert activity.latest_id(store) == before
    # marking absent never writes a note
    assert standup.get(store, TODAY, "liming") is None


def test_absent_members_are_not_missing(store):
    for login, name in (("liming", "李明"), ("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol")):
        members.ensure(store, login, name)
    save(store, "mine")
    save(store, "hers", login="alice")
    save(store, "his", login="bob")
    standup.set_absent(store, TODAY, "liming", True)
    info = standup.summary(store, TODAY)
    assert info["total"] == 5
    assert [r["login"] for r in info["absent"]] == ["liming"]
    assert [r["login"] for r in info["missing"]] == ["carol"]
    assert standup.count_line(info) == "3 of 5 posted · 1 absent"
    standup.set_absent(store, TODAY, "liming", False)
    assert standup.count_line(standup.summary(store, TODAY)) == "3 of 5 posted"


def test_someone_who_posted_and_was_absent_counts_once_each(store):
    members.ensure(store, "liming", "李明")
    save(store, "wrote it before leaving", login="liming")
    standup.set_absent(store, TODAY, "liming", True)
    info = standup.summary(store, TODAY)
    assert [r["login"] for r in info["posted"]] == ["liming"]
    assert info["present"] == [] and [r["login"] for r in info["absent"]] == ["liming"]
    assert [r["login"] for r in info["missing"]] == [USER]


def test_inactive_members_are_on_no_board_and_in_no_count(store):
    members.ensure(store, "gone", "Gone Person")
    save(store, "old work", login="gone", day=days_ago(7), blockers="stuck forever")
    standup.set_absent(store, TODAY, "gone", True)
    with store.write() as conn:
        conn.execute("UPDATE members SET active = 0 WHERE login = 'gone'")
    info = standup.summary(store, TODAY)
    assert [r["login"] for r in standup.board(store, TODAY)] == [USER]
    assert info["total"] == 1 and info["absent"] == [] and standup.count_line(info) == "0 of 1 posted"
    assert standup.open_blockers(store, TODAY) == []
    assert "Gone Person" not in standup_minutes(store, TODAY)


def test_minutes_list_present_absent_and_not_posted(store):
    for login, name in (("liming", "李明"), ("alice", "Alice")):
        members.ensure(store, login, name)
    save(store, "mine")
    standup.set_absent(store, TODAY, "liming", True)
    text = standup_minutes(store, TODAY)
    assert "**Present** (1): 王芳" in text
    assert "**Absent** (1): 李明" in text
    assert "**Not posted** (1): Alice" in text


def test_minutes_in_chinese_name_absence(store):
    from tui import i18n

    members.ensure(store, "liming", "李明")
    save(store, "写文档")
    standup.set_absent(store, TODAY, "liming", True)
    i18n.set_language("zh_CN")
    text = standup_minutes(store, TODAY)
    assert "**缺席**（1）：李明" in text
    assert "未填写" in text


# -- open blockers -----------------------------------------------------------------------------


def test_an_open_blocker_stays_open_however_old(store):
    members.ensure(store, "liming", "李明")
    save(store, "a", day=days_ago(25), login="liming", blockers="no test env")
    rows = standup.open_blockers(store, TODAY)
    assert [(r["login"], r["blockers"], r["since"]) for r in rows] == [("liming", "no test env", days_ago(25).isoformat())]


def test_a_blocker_carried_over_keeps_its_first_day(store):
    members.ensure(store, "liming", "李明")
    save(store, "a", day=days_ago(7), login="liming", blockers="old, solved")
    save(store, "b", day=days_ago(4), login="liming", blockers="")
    save(store, "c", day=days_ago(3), login="liming", blockers="no test env")
    standup.update(store, days_ago(2), "liming", {"today": "d"})  # carried over
    standup.update(store, days_ago(1), "liming", {"today": "e"})
    [row] = standup.open_blockers(store, TODAY)
    assert (row["date"], row["since"], row["blockers"]) == (days_ago(1).isoformat(), days_ago(3).isoformat(), "no test env")


def test_only_a_later_empty_blockers_field_clears_it(store):
    members.ensure(store, "liming", "李明")
    save(store, "a", day=days_ago(2), login="liming", blockers="no test env")
    standup.update(store, days_ago(1), "liming", {"today": "b"})
    assert len(standup.open_blockers(store, TODAY)) == 1
    standup.update(store, days_ago(1), "liming", {"blockers": ""})
    assert standup.open_blockers(store, TODAY) == []
    # editing an older day's note does not reopen it
    standup.update(store, days_ago(2), "liming", {"blockers": "still?"})
    assert standup.open_blockers(store, TODAY) == []
    # the board of an earlier day shows what was open then
    assert [r["blockers"] for r in standup.open_blockers(store, days_ago(2))] == ["still?"]


def test_a_blocker_raised_today_is_open_and_one_from_tomorrow_is_not(store):
    save(store, "a", blockers="waiting for the client")
    assert [r["login"] for r in standup.open_blockers(store, TODAY)] == [USER]
    assert standup.open_blockers(store, days_ago(1)) == []


# -- blockers that wait on a client --------------------------------------------------------


@pytest.fixture
def two_projects(store):
    from tui.store import projects

    projects.add(store, "ACME", "ACME portal", "ACME Corp")
    projects.add(store, "NOVA", "Nova banking", "Nova Bank")
    return store


def wait_trail(store, day=TODAY, login=USER):
    return [(r["field"], r["old"], r["new"]) for r in reversed(activity.for_key(store, f"{day}/{login}"))
            if r["field"] in standup.WAIT_FIELDS]


def test_marking_a_blocker_records_its_project_and_unmarking_forgets_it(two_projects):
    store = two_projects
    first = save(store, "a", blockers="Waiting for the test account")
    marked = standup.mark_waits_on_client(store, TODAY, USER, "nova", expected_version=first["version"])
    assert (marked["blockers_wait_on_client"], marked["blockers_project"], marked["version"]) == (1, "NOVA", 2)
    again = standup.mark_waits_on_client(store, TODAY, USER, "ACME")  # another client: only the project moves
    assert (again["blockers_project"], again["version"]) == ("ACME", 3)
    assert standup.mark_waits_on_client(store, TODAY, USER, "ACME")["version"] == 3  # nothing to change
    back = standup.unmark_waits_on_client(store, TODAY, USER, expected_version=3)
    assert (back["blockers_wait_on_client"], back["blockers_project"], back["version"]) == (0, None, 4)
    assert wait_trail(store) == [
        ("blockers_wait_on_client", "0", "1"), ("blockers_project", None, "NOVA"),
        ("blockers_project", "NOVA", "ACME"),
        ("blockers_wait_on_client", "1", "0"), ("blockers_project", "ACME", None)]
    assert standup.board(store, TODAY)[0]["blockers_project"] is None


def test_marking_a_blocker_needs_a_blocker_and_a_known_project(two_projects):
    store = two_projects
    save(store, "no blocker")
    with pytest.raises(ValidationError, match="no blocker"):
        standup.mark_waits_on_client(store, TODAY, USER, "ACME")
    save(store, "a", blockers="VPN", version=1)
    with pytest.raises(ValidationError, match="No project “moon”"):
        standup.mark_waits_on_client(store, TODAY, USER, "moon")
    with pytest.raises(ValidationError, match="ACME, NOVA"):  # two projects: which one?
        standup.mark_waits_on_client(store, TODAY, USER, None)
    assert standup.get(store, TODAY, USER)["blockers_wait_on_client"] == 0


def test_the_only_active_project_is_the_default_and_none_means_none(store):
    from tui.store import projects

    save(store, "a", blockers="VPN")
    with pytest.raises(ValidationError, match="no active project"):
        standup.mark_waits_on_client(store, TODAY, USER, None)
    projects.add(store, "ACME", "ACME portal", "ACME Corp")
    assert standup.mark_waits_on_client(store, TODAY, USER, None)["blockers_project"] == "ACME"


def test_marking_a_blocker_is_version_checked(two_projects):
    store = two_projects
    first = save(store, "a", blockers="Waiting for the test account")
    standup.update(store, TODAY, USER, {"today": "b"})  # someone else saved meanwhile
    with pytest.raises(ConflictError) as caught:
        standup.mark_waits_on_client(store, TODAY, USER, "ACME", expected_version=first["version"])
    assert caught.value.current["today"] == "b"
    marked = standup.mark_waits_on_client(store, TODAY, USER, "ACME", expected_version=2)
    with pytest.raises(ConflictError):
        standup.unmark_waits_on_client(store, TODAY, USER, expected_version=2)
    assert standup.get(store, TODAY, USER)["blockers_project"] == "ACME" == marked["blockers_project"]


def test_the_same_blocker_carried_forward_keeps_its_project(two_projects):
    store = two_projects
    save(store, "a", day=days_ago(2), blockers="Waiting for the test account")
    standup.mark_waits_on_client(store, days_ago(2), USER, "NOVA")
    carried = standup.update(store, days_ago(1), USER, {"today": "b"})  # the CLI's new day
    assert (carried["blockers"], carried["blockers_wait_on_client"], carried["blockers_project"]) == (
        "Waiting for the test account", 1, "NOVA")
    values, version = standup.editor_values(store, TODAY, USER)  # the form's and meeting mode's new day
    saved = standup.save(store, TODAY, USER, standup.Note(**{**values, "today": "c"}), expected_version=version)
    assert (saved["blockers_wait_on_client"], saved["blockers_project"]) == (1, "NOVA")
    # another blocker on a new day starts internal
    other = standup.update(store, days_ago(-1), USER, {"blockers": "Build server is slow"})
    assert (other["blockers_wait_on_client"], other["blockers_project"]) == (0, None)


def test_clearing_the_blockers_drops_the_mark_so_a_later_blocker_starts_internal(two_projects):
    store = two_projects
    save(store, "a", blockers="Waiting for the test account")
    standup.mark_waits_on_client(store, TODAY, USER, "ACME")
    cleared = standup.update(store, TODAY, USER, {"blockers": ""})
    assert (cleared["blockers_wait_on_client"], cleared["blockers_project"]) == (0, None)
    again = standup.update(store, TODAY, USER, {"blockers": "Build server is slow"})
    assert (again["blockers_wait_on_client"], again["blockers_project"]) == (0, None)
    assert wait_trail(store)[-2:] == [("blockers_wait_on_client", "1", "0"), ("blockers_project", "ACME", None)]


def test_the_suggested_project_is_the_recorded_one_else_the_guess(two_projects):
    store = two_projects
    save(store, "a", blockers="Waiting for Nova's test account")
    assert standup.suggested_project(store, TODAY, USER) == "NOVA"  # the text names it
    standup.update(store, TODAY, USER, {"blockers": "Waiting for the test account"})
    assert standup.suggested_project(store, TODAY, USER) is None  # names none, works on none
    standup.mark_waits_on_client(store, TODAY, USER, "ACME")
    assert standup.suggested_project(store, TODAY, USER) == "ACME"
    assert standup.suggested_project(store, days_ago(1), USER) is None  # no note


def test_show_json_has_the_waiting_project(two_projects):
    store = two_projects
    save(store, "a", blockers="Waiting for the test account")
    standup.mark_waits_on_client(store, TODAY, USER, "NOVA")
    [row] = standup.as_json_rows(store, TODAY)
    assert (row["blockers_wait_on_client"], row["blockers_project"]) == (1, "NOVA")
