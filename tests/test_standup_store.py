"""Standup notes in the store: saves, conflicts, prefill, summaries, minutes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import TODAY, USER
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
    save(store, "Build the login page", day=date(2026, 11, 24))
    save(store, "Fix the login bugs", day=date(2026, 11, 25))
    assert standup.previous_today(store, USER, TODAY) == "Fix the login bugs"
    assert standup.previous_today(store, USER, date(2026, 11, 25)) == "Build the login page"
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
    save(store, "a", day=date(2026, 11, 25), login="liming", blockers="no test env")
    assert [r["login"] for r in standup.open_blockers(store, TODAY)] == ["liming"]
    save(store, "b", day=date(2026, 11, 26), login="liming")
    assert standup.open_blockers(store, TODAY) == []


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow-ish", "27/11/2026", "2026-02-30"])
def test_bad_dates_are_refused_clearly(store, text):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        standup.parse_day(text, store)


def test_day_words(store):
    assert standup.parse_day(None, store) == TODAY
    assert standup.parse_day("yesterday", store) == date(2026, 11, 26)
    assert standup.parse_day("2026-11-02", store) == date(2026, 11, 2)


def test_minutes_keep_hostile_text_inert(store):
    members.ensure(store, "liming", "李明")
    save(store, "# heading\n[bold]x[/]", blockers="- not a list\n```")
    text = standup.minutes_markdown(store, TODAY)
    assert "**Present** (1)" in text and "李明" in text
    # user text is indented into code blocks, so it cannot become structure
    assert "\n    # heading\n    [bold]x[/]" in text
    assert "\n    - not a list\n    ```" in text


def test_minutes_in_chinese(store):
    from tui import i18n

    save(store, "写文档")
    i18n.set_language("zh_CN")
    text = standup.minutes_markdown(store, TODAY)
    assert "2026年11月27日" in text and "阻碍" in text


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
    assert today.strip().splitlines()[0] in standup.minutes_markdown(store, TODAY)
