"""`huddle standup add` changes only what it names, `show` and `export` tell absent from
not posted: real processes on the suite's frozen day."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from conftest import TODAY, USER, make_store
from tui.store import activity, members, standup


def days_ago(n: int) -> date:
    """A day relative to the suite's frozen today (negative: after it)."""
    return TODAY - timedelta(days=n)


def huddle(*args, db, user=USER):
    env = dict(os.environ, HUDDLE_AS_LOGIN=user)
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args), "--db", str(db)],
        check=False, capture_output=True, text=True, env=env, timeout=60,
    )


@pytest.fixture
def db(tmp_path):
    """A new workspace (commands other than init never create one)."""
    path = tmp_path / "w.db"
    result = subprocess.run(
        [sys.executable, "-m", "tui", "init", "--db", str(path)],
        check=False, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return path


def add(*args, db, user=USER) -> dict:
    result = huddle("standup", "add", *args, "--json", db=db, user=user)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_today_changes_today_only(db, clock):
    first = add("--today", "plan A", "--yesterday", "did X", "--blockers", "VPN down", db=db)
    assert (first["yesterday"], first["today"], first["blockers"], first["version"]) == ("did X", "plan A", "VPN down", 1)
    second = add("--today", "plan B", db=db)
    assert (second["yesterday"], second["today"], second["blockers"], second["version"]) == ("did X", "plan B", "VPN down", 2)
    third = add("--yesterday", "did Y", db=db)
    assert (third["yesterday"], third["today"], third["blockers"]) == ("did Y", "plan B", "VPN down")
    store = make_store(db, clock)
    trail = activity.for_key(store, f"{TODAY}/{USER}")
    assert [(r["action"], r["field"]) for r in trail] == [("edit", "yesterday"), ("edit", "today"), ("create", None)]
    store.close()


def test_clearing_a_field_is_explicit(db):
    add("--today", "plan", "--blockers", "VPN down", db=db)
    assert add("--today", "plan again", db=db)["blockers"] == "VPN down"
    assert add("--blockers", "", db=db)["blockers"] == ""
    assert add("--today", "x", db=db)["blockers"] == ""


def test_a_new_day_carries_the_open_blocker_over(db):
    add("--today", "build login", "--blockers", "no test env", "--date", days_ago(1).isoformat(), db=db)
    note = add("--today", "fix login", db=db)
    assert (note["date"], note["yesterday"], note["blockers"]) == (TODAY.isoformat(), "build login", "no test env")
    cleared = add("--today", "demo", "--blockers", "", "--date", days_ago(-3).isoformat(), db=db)
    assert (cleared["yesterday"], cleared["blockers"]) == ("fix login", "")


def test_someone_elses_fields_survive_my_command(db, clock):
    add("--today", "mine", db=db)
    store = make_store(db, clock, user="liming")
    members.ensure(store, "liming", "李明")
    # the facilitator adds my blocker in the meeting; my later command names only "today"
    standup.update(store, TODAY, USER, {"blockers": "waiting for the client"}, expected_version=1)
    store.close()
    note = add("--today", "mine, revised", db=db)
    assert (note["today"], note["blockers"], note["version"]) == ("mine, revised", "waiting for the client", 3)


def test_nothing_to_write_is_a_usage_error(db):
    result = huddle("standup", "add", db=db)
    assert result.returncode == 2 and "--today" in result.stderr
    emptied = huddle("standup", "add", "--today", " ", db=db)
    assert emptied.returncode == 1 and "empty" in emptied.stderr and "Traceback" not in emptied.stderr


def test_show_and_export_tell_absent_from_not_posted(db, clock):
    add("--today", "mine", db=db)
    store = make_store(db, clock)
    members.ensure(store, "liming", "李明")
    members.ensure(store, "alice", "Alice")
    standup.set_absent(store, TODAY, "liming", True)
    store.close()
    shown = huddle("standup", "show", db=db)
    assert shown.returncode == 0, shown.stderr
    assert "Absent: 李明" in shown.stdout and "Not yet posted: Alice" in shown.stdout
    minutes = huddle("standup", "export", db=db).stdout
    assert "**Present** (1): 王芳" in minutes or "**Present** (1): wangfang" in minutes
    assert "**Absent** (1): 李明" in minutes and "**Not posted** (1): Alice" in minutes
    zh = huddle("--lang", "zh_CN", "standup", "export", db=db).stdout
    assert "**缺席**（1）：李明" in zh and "**未填写**（1）：Alice" in zh


def test_waits_on_marks_the_blocker_for_a_projects_client_and_show_says_so(db, clock):
    for key, client in (("ACME", "ACME Corp"), ("NOVA", "Nova Bank")):
        result = huddle("project", "add", key, "--name", f"{key} project", "--client", client, db=db)
        assert result.returncode == 0, result.stderr
    marked = add("--today", "t", "--blockers", "Waiting for the VPN account", "--waits-on", "nova", db=db)
    assert (marked["blockers_wait_on_client"], marked["blockers_project"]) == (1, "NOVA")
    shown = json.loads(huddle("standup", "show", "--json", db=db).stdout)
    assert [(r["blockers_wait_on_client"], r["blockers_project"]) for r in shown] == [(1, "NOVA")]
    text = huddle("standup", "show", db=db).stdout
    assert "  Waits on the client:  NOVA\n" in text
    zh = huddle("--lang", "zh_CN", "standup", "show", db=db).stdout
    assert "  等待客户：  NOVA\n" in zh
    # a new day carries the blocker and its project; --waits-on "" makes it internal again
    carried = add("--today", "u", "--date", days_ago(-1).isoformat(), db=db)
    assert (carried["blockers"], carried["blockers_project"]) == ("Waiting for the VPN account", "NOVA")
    internal = add("--waits-on", "", "--date", days_ago(-1).isoformat(), db=db)
    assert (internal["blockers_wait_on_client"], internal["blockers_project"], internal["today"]) == (0, None, "u")


@pytest.mark.parametrize("args, words", [
    (("--blockers", "VPN", "--waits-on", "MOON"), "No project “MOON”"),
    (("--today", "no blocker", "--waits-on", "ACME"), "no blocker"),
])
def test_waits_on_a_bad_project_or_without_a_blocker_is_one_line_and_writes_nothing(db, clock, args, words):
    assert huddle("project", "add", "ACME", "--name", "A", "--client", "ACME Corp", db=db).returncode == 0
    result = huddle("standup", "add", *args, db=db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    store = make_store(db, clock)
    assert standup.get(store, TODAY, USER) is None  # the note was not written either
    store.close()


def test_waits_on_help_is_translated(db):
    english = huddle("standup", "add", "--help", db=db).stdout
    assert "--waits-on PROJECT" in english and "weekly report" in english
    chinese = subprocess.run([sys.executable, "-m", "tui", "--lang", "zh_CN", "standup", "add", "--help"],
                             check=False, capture_output=True, text=True, timeout=60).stdout
    assert "--waits-on PROJECT" in chinese and "周报" in chinese
