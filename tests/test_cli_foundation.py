"""The command-line contract for init, demo, doctor, backup and standup: real processes,
exit codes, one-line errors, JSON keys, files left untouched."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tui.store.schema import SCHEMA_VERSION


def run(*args, env_extra=None, user="wangfang"):
    env = dict(os.environ, HUDDLE_AS_LOGIN=user, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True, env=env, timeout=60)


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, result
    assert result.stdout == "" or result.stdout.strip() != ""  # nothing required on stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_init_demo_and_standup_round_trip(tmp_path):
    db = tmp_path / "team" / "w.db"
    result = run("init", "--db", db)
    assert result.returncode == 0 and str(db) in result.stdout
    add = run("standup", "add", "--today", "Ship [bold]2.1[/] 🚀", "--blockers", "等测试环境", "--date", "2026-11-27", "--json", "--db", db)
    assert add.returncode == 0, add.stderr
    assert json.loads(add.stdout)["today"] == "Ship [bold]2.1[/] 🚀"
    shown = json.loads(run("standup", "show", "--date", "2026-11-27", "--json", "--db", db).stdout)
    assert isinstance(shown, list) and len(shown) == 1
    assert {"date", "login", "yesterday", "today", "blockers"} <= set(shown[0])
    assert shown[0]["login"] == "wangfang" and shown[0]["blockers"] == "等测试环境"
    # the next day, "yesterday" defaults to the last "today"
    run("standup", "add", "--today", "Demo to the client", "--date", "2026-11-30", "--db", db)
    nextday = json.loads(run("standup", "show", "--date", "2026-11-30", "--json", "--db", db).stdout)
    assert nextday[0]["yesterday"] == "Ship [bold]2.1[/] 🚀"
    minutes = run("standup", "export", "--date", "2026-11-27", "--db", db)
    assert minutes.returncode == 0 and minutes.stdout.startswith("# Standup minutes")
    zh = run("--lang", "zh_CN", "standup", "export", "--date", "2026-11-27", "--db", db)
    assert zh.stdout.startswith("# 站会纪要 — 2026年11月27日 星期五")


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    assert run("init", env_extra={"HUDDLE_DB": str(db)}).returncode == 0
    result = run("standup", "add", "--today", "x", env_extra={"HUDDLE_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_demo_refuses_real_data(tmp_path):
    db = tmp_path / "real.db"
    run("init", "--db", db)
    run("standup", "add", "--today", "real work", "--db", db)
    before = db.read_bytes()
    result = run("demo", "--no-open", "--db", db)
    assert_one_line_error(result, str(db), "real data")
    assert db.read_bytes() == before


def test_demo_twice_is_fine(tmp_path):
    db = tmp_path / "demo.db"
    assert run("demo", "--no-open", "--db", db).returncode == 0
    assert run("demo", "--no-open", "--db", db).returncode == 0
    people = sqlite3.connect(db).execute("SELECT count(*) FROM members").fetchone()[0]
    assert people >= 6


def test_not_a_database(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("hello")
    result = run("standup", "show", "--db", db)
    assert_one_line_error(result, str(db), "not a Huddle workspace")
    assert db.read_text() == "hello"


def test_newer_schema(tmp_path):
    db = tmp_path / "w.db"
    run("init", "--db", db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = run("standup", "show", "--db", db)
    assert_one_line_error(result, "newer Huddle", "Upgrade")
    assert db.read_bytes() == before


def test_error_in_chinese(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("hello")
    result = run("--lang", "zh_CN", "standup", "show", "--db", db)
    assert_one_line_error(result, "不是碰头工作区")


@pytest.mark.parametrize("bad", ["2026-13-01", "next tuesday", "27.11.2026"])
def test_bad_date(tmp_path, bad):
    run("init", "--db", tmp_path / "w.db")
    result = run("standup", "show", "--date", bad, "--db", tmp_path / "w.db")
    assert_one_line_error(result, "YYYY-MM-DD")


def test_folder_that_cannot_exist(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("init", "--db", blocker / "sub" / "w.db")
    assert_one_line_error(result, "Cannot create the folder")


def test_usage_error_exits_2(tmp_path):
    assert run("standup", "add", "--db", tmp_path / "w.db").returncode == 2  # --today missing
    assert run("--lang", "klingon", "standup", "show").returncode == 2


def test_doctor_reports_and_init_shared_fixes(tmp_path):
    db = tmp_path / "team" / "w.db"
    run("init", "--db", db)
    report = run("doctor", "--db", db)  # a personal workspace: fine, sharing is a note
    assert report.returncode == 0 and "note" in report.stdout and "init --shared" in report.stdout
    assert run("init", "--shared", "--db", db).returncode == 0
    assert oct(db.stat().st_mode & 0o777) == "0o664"
    assert oct(db.parent.stat().st_mode & 0o7777) == "0o2775"
    fixed = run("doctor", "--db", db)
    assert fixed.returncode == 0, fixed.stdout
    assert "WAL" in fixed.stdout and "Integrity check passed" in fixed.stdout


def test_backup_is_a_consistent_copy(tmp_path):
    db = tmp_path / "w.db"
    run("init", "--db", db)
    run("standup", "add", "--today", "backed up", "--db", db)
    copy = tmp_path / "copy.db"
    result = run("backup", copy, "--db", db)
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(copy).execute("SELECT today FROM standups").fetchone()[0] == "backed up"
    assert_one_line_error(run("backup", db, "--db", db), "another file")
