"""`huddle meeting …` on the command line: every command with --json (keys are the column
names), one-line errors (exit 1), usage errors (exit 2), the minutes written safely, and
a couple of real `huddle` processes on the tests' frozen clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tui.__main__ import cli
from tui.store import changes, commitments, members, projects, requirements
from tui.store.db import Store

MEETING_KEYS = {"key", "project", "date", "kind", "title", "attendees", "client_attendees", "notes", "version",
                "created_at", "created_by", "updated_at", "updated_by"}
DECISION_KEYS = {"id", "meeting", "text", "links", "version", "created_at", "created_by", "updated_at", "updated_by"}
ACTION_KEYS = {"id", "meeting", "text", "owner", "due", "promise", "commitment", "done_at", "version",
               "created_at", "created_by", "updated_at", "updated_by"}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    store = Store(path, user="wangfang")
    members.ensure(store, "wangfang", "王芳")
    members.add(store, "liming", "李明")
    projects.add(store, "ACME", "ACME portal", "ACME 集团", client_lang="zh_CN")
    projects.add(store, "NOVA", "Nova bank", "Nova Bank")
    requirements.create(store, {"project": "ACME", "title": "月度报表"})
    changes.add(store, "按区域筛选", project="ACME")
    store.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def add_meeting(db, *extra):
    return as_json(run("--db", db, "meeting", "add", "--project", "acme", "--title", "报表需求调研", "--date",
                       "2026-11-26", "--kind", "workshop", "--attendee", "wangfang", "--attendee", "liming",
                       "--client", "刘总 (ACME 信息部)", "--json", *extra))


def test_add_list_show_json(db):
    row = add_meeting(db)
    assert set(row) == MEETING_KEYS
    assert (row["key"], row["project"], row["date"], row["kind"], row["attendees"], row["client_attendees"]) == (
        "MT-1", "ACME", "2026-11-26", "workshop", ["wangfang", "liming"], ["刘总 (ACME 信息部)"])
    as_json(run("--db", db, "meeting", "add", "--project", "NOVA", "--title", "Weekly", "--json"))
    rows = as_json(run("--db", db, "meeting", "list", "--json"))
    assert [r["key"] for r in rows] == ["MT-2", "MT-1"]  # newest first
    assert set(rows[0]) == MEETING_KEYS | {"decisions", "actions"}
    assert [r["key"] for r in as_json(run("--db", db, "meeting", "list", "--project", "ACME", "--json"))] == ["MT-1"]
    shown = as_json(run("--db", db, "meeting", "show", "mt-1", "--json"))
    assert set(shown) == MEETING_KEYS | {"decisions", "actions", "history"}
    assert shown["history"][0]["action"] == "create"


def test_decide_and_action_json(db):
    add_meeting(db)
    decision = as_json(run("--db", db, "meeting", "decide", "MT-1", "月报按区域汇总", "--links", "REQ-1,cr-1", "--json"))
    assert set(decision) == DECISION_KEYS
    assert (decision["meeting"], decision["links"]) == ("MT-1", ["REQ-1", "CR-1"])
    task = as_json(run("--db", db, "meeting", "action", "MT-1", "出原型", "--owner", "liming", "--due", "2026-12-01",
                       "--json"))
    assert set(task) == ACTION_KEYS
    assert (task["promise"], task["commitment"], task["owner"]) == (False, None, "liming")
    promise = as_json(run("--db", db, "meeting", "action", "MT-1", "周五前发纪要", "--owner", "wangfang", "--due",
                          "2026-12-04", "--promise", "--json"))
    assert (promise["promise"], promise["commitment"]) == (True, "CM-1")
    cm = as_json(run("--db", db, "promise", "show", "CM-1", "--json"))
    assert (cm["promise"], cm["due"], cm["to_whom"], cm["project"]) == ("周五前发纪要", "2026-12-04", "刘总 (ACME 信息部)", "ACME")
    shown = as_json(run("--db", db, "meeting", "show", "MT-1", "--json"))
    assert [d["text"] for d in shown["decisions"]] == ["月报按区域汇总"]
    assert [(a["text"], a["commitment"], a["commitment_status"]) for a in shown["actions"]] == [
        ("出原型", None, None), ("周五前发纪要", "CM-1", "open")]
    req = as_json(run("--db", db, "req", "show", "REQ-1", "--json"))
    assert any(h["action"] == "decision" and h["new"] == "MT-1" for h in req["history"])


def test_human_output(db):
    add_meeting(db)
    run("--db", db, "meeting", "decide", "MT-1", "月报按区域汇总", "--links", "REQ-1")
    result = run("--db", db, "meeting", "action", "MT-1", "发纪要", "--owner", "liming", "--due", "2026-12-04",
                 "--promise")
    assert "CM-1" in result.output
    listed = run("--db", db, "meeting", "list").output
    assert "MT-1" in listed and "1 decision · 1 action item" in listed
    shown = run("--db", db, "--lang", "zh_CN", "meeting", "show", "MT-1").output
    assert "需求调研会" in shown and "[REQ-1]" in shown and "CM-1" in shown
    assert run("--db", db, "meeting", "list", "--project", "NOVA").output.strip() == "No meetings yet."


def test_output_is_cleaned_for_the_terminal_and_exact_in_json(db):
    title = "评审 \x1b]0;pwned\x07 [bold]x[/]"
    refused = CliRunner().invoke(cli, ["--db", db, "meeting", "add", "--project", "ACME", "--title", title])
    assert refused.exit_code == 1 and "\x1b" not in refused.stderr  # a title is one line of plain text
    add_meeting(db)
    decision = "[red]决定[/] \u202etxt"
    result = CliRunner().invoke(cli, ["--db", db, "meeting", "decide", "MT-1", decision])
    assert result.exit_code == 1  # bidi override in a one-line field: refused
    run("--db", db, "meeting", "decide", "MT-1", "[red]决定[/]")
    shown = run("--db", db, "meeting", "show", "MT-1").output
    assert "[red]决定[/]" in shown
    assert as_json(run("--db", db, "meeting", "show", "MT-1", "--json"))["decisions"][0]["text"] == "[red]决定[/]"


def test_export_in_the_clients_language_and_safely(db, tmp_path):
    add_meeting(db)
    run("--db", db, "meeting", "decide", "MT-1", "月报按区域汇总", "--links", "REQ-1")
    minutes = run("--db", db, "meeting", "export", "MT-1").output
    assert minutes.startswith("# 会议纪要：报表需求调研")
    assert run("--db", db, "meeting", "export", "MT-1", "--lang", "en").output.startswith("# Meeting minutes: ")
    out = tmp_path / "minutes.html"
    result = run("--db", db, "meeting", "export", "MT-1", "--format", "html", "--out", str(out))
    assert result.exit_code == 0 and str(out) in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = CliRunner().invoke(cli, ["--db", db, "meeting", "export", "MT-1", "--out", str(out)])
    assert again.exit_code == 1 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # not overwritten
    assert run("--db", db, "meeting", "export", "MT-1", "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 会议纪要")
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    refused = CliRunner().invoke(cli, ["--db", db, "meeting", "export", "MT-1", "--out", str(link), "--force"])
    assert refused.exit_code == 1 and not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize("args", [
    ["meeting", "add", "--project", "ACME", "--title", " "],
    ["meeting", "add", "--project", "NOPE", "--title", "x"],
    ["meeting", "add", "--project", "ACME", "--title", "x", "--kind", "party"],
    ["meeting", "add", "--project", "ACME", "--title", "x", "--attendee", "nobody"],
    ["meeting", "add", "--project", "ACME", "--title", "x", "--date", "2026-02-30"],
    ["meeting", "show", "MT-9"],
    ["meeting", "decide", "MT-9", "x"],
    ["meeting", "decide", "MT-1", "x", "--links", "REQ-99"],
    ["meeting", "decide", "MT-1", "x", "--links", "FB-1"],
    ["meeting", "action", "MT-1", "x", "--owner", "nobody", "--due", "2026-12-01"],
    ["meeting", "action", "MT-1", "x", "--owner", "liming", "--due", "soon"],
    ["meeting", "export", "MT-1", "--lang", "fr"],
])
def test_errors_are_one_line(db, args):
    add_meeting(db)
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: ")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["meeting", "add", "--title", "x"],
    ["meeting", "action", "MT-1", "x", "--due", "2026-12-01"],
    ["meeting", "export", "MT-1", "--format", "pdf"],
    ["meeting", "frobnicate"],
])
def test_usage_errors_exit_2(db, args):
    assert CliRunner().invoke(cli, ["--db", db, *args]).exit_code == 2


def test_nothing_is_written_when_the_promise_is_refused(db):
    add_meeting(db)
    result = CliRunner().invoke(cli, ["--db", db, "meeting", "action", "MT-1", "x\ny", "--owner", "liming",
                                      "--due", "2026-12-01", "--promise"])
    assert result.exit_code == 1
    store = Store(db, user="wangfang")
    assert commitments.list_rows(store) == [] and store.scalar("SELECT count(*) FROM meeting_actions") == 0
    store.close()


# -- real processes ---------------------------------------------------------------------------


def huddle(*args, db):
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "tui", "--db", db, *args], check=False, capture_output=True, text=True, env=env,
                          timeout=60)


def test_real_processes_on_the_frozen_clock(db):
    added = huddle("meeting", "add", "--project", "ACME", "--title", "周例会", "--json", db=db)
    assert added.returncode == 0, added.stderr
    row = json.loads(added.stdout)
    assert (row["date"], row["created_at"]) == (os.environ["HUDDLE_TODAY"], "2026-11-27T10:00:00+00:00")
    promised = huddle("meeting", "action", "MT-1", "发纪要", "--owner", "liming", "--due", "2026-12-01", "--promise",
                      "--json", db=db)
    assert promised.returncode == 0, promised.stderr
    assert json.loads(promised.stdout)["commitment"] == "CM-1"
    html = huddle("meeting", "export", "MT-1", "--format", "html", db=db)
    assert html.returncode == 0 and "<html lang=\"zh-CN\">" in html.stdout and "发纪要" in html.stdout


def test_real_process_error_is_one_line(db):
    result = huddle("meeting", "decide", "MT-1", "x", "--links", "REQ-1", db=db)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["huddle: No meeting MT-1."]
    assert result.stdout == ""


# -- action items afterwards: done, not done, a promise ------------------------------------------


def with_tasks(db):
    add_meeting(db)
    for text in ("出报表原型", "导出格式与客户确认"):
        as_json(run("--db", db, "meeting", "action", "MT-1", text, "--owner", "liming", "--due", "2026-12-01",
                    "--json"))


def test_done_and_undo_in_real_processes(db):
    with_tasks(db)
    done = huddle("meeting", "done", "MT-1", "2", "--json", db=db)
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert set(row) == ACTION_KEYS | {"commitment_status"}
    assert (row["text"], row["done_at"], row["updated_at"]) == (
        "导出格式与客户确认", "2026-11-27T10:00:00+00:00", "2026-11-27T10:00:00+00:00")
    again = huddle("--lang", "en", "meeting", "done", "MT-1", "2", db=db)
    assert (again.returncode, again.stdout) == (0, "Action item 2 of MT-1 was done already: 导出格式与客户确认\n")
    shown = huddle("--lang", "en", "meeting", "show", "MT-1", db=db).stdout
    assert "2. ✓ 导出格式与客户确认" in shown and "team task, done" in shown
    assert "✓ 导出格式与客户确认" in huddle("meeting", "export", "MT-1", db=db).stdout  # the minutes
    undone = huddle("--lang", "zh_CN", "meeting", "done", "MT-1", "2", "--undo", db=db)
    assert (undone.returncode, undone.stdout) == (0, "MT-1 的第 2 项待办事项已改回未完成：导出格式与客户确认\n")
    assert json.loads(huddle("meeting", "show", "MT-1", "--json", db=db).stdout)["actions"][1]["done_at"] is None


def test_promise_in_a_real_process(db):
    with_tasks(db)
    promised = huddle("--lang", "en", "meeting", "promise", "MT-1", "1", db=db)
    assert (promised.returncode, promised.stdout) == (
        0, "Action item 1 of MT-1 is now commitment CM-1, due 2026-12-01.\n")
    cm = json.loads(huddle("promise", "show", "CM-1", "--json", db=db).stdout)
    assert (cm["promise"], cm["to_whom"], cm["owner"], cm["due"]) == ("出报表原型", "刘总 (ACME 信息部)", "liming",
                                                                       "2026-12-01")
    to = as_json(run("--db", db, "meeting", "promise", "MT-1", "2", "--to", "孙主管", "--json"))
    assert (to["promise"], to["commitment"], to["commitment_status"]) == (True, "CM-2", "open")
    assert json.loads(huddle("promise", "show", "CM-2", "--json", db=db).stdout)["to_whom"] == "孙主管"
    chinese = huddle("--lang", "zh_CN", "meeting", "promise", "MT-1", "1", db=db)
    assert (chinese.returncode, chinese.stdout) == (1, "")
    assert chinese.stderr == "huddle: 这项待办事项已经是承诺 CM-1。\n"


@pytest.mark.parametrize("args, message", [
    (["meeting", "done", "MT-1", "3"], "huddle: MT-1 has no action item 3: its action items are numbered 1 to 2."),
    (["meeting", "done", "MT-1", "x"], "huddle: MT-1 has no action item x: its action items are numbered 1 to 2."),
    (["meeting", "done", "MT-1", "0", "--undo"], None),
    (["meeting", "done", "MT-9", "1"], "huddle: No meeting MT-9."),
    (["meeting", "promise", "MT-1", "3"], None),
    (["meeting", "done", "MT-2", "1"], "huddle: MT-2 has no action items."),
])
def test_done_and_promise_errors_are_one_line(db, args, message):
    with_tasks(db)
    as_json(run("--db", db, "meeting", "add", "--project", "acme", "--title", "空会", "--json"))
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "en", *args])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: ")
    if message:
        assert lines[0] == message


def test_a_promise_is_not_done_here_and_a_done_task_is_not_promised(db):
    with_tasks(db)
    as_json(run("--db", db, "meeting", "promise", "MT-1", "1", "--json"))
    as_json(run("--db", db, "meeting", "done", "MT-1", "2", "--json"))
    kept = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "meeting", "done", "MT-1", "1"])
    assert (kept.exit_code, kept.stderr) == (
        1, "huddle: This action item is commitment CM-1: mark it kept in Commitments.\n")
    late = CliRunner().invoke(cli, ["--db", db, "--lang", "en", "meeting", "promise", "MT-1", "2"])
    assert (late.exit_code, late.stderr) == (1, "huddle: This action item is done: there is nothing left to promise.\n")
    store = Store(db, user="wangfang")
    assert [row["key"] for row in commitments.list_rows(store)] == ["CM-1"]
    store.close()


@pytest.mark.parametrize("args", [
    ["meeting", "done", "MT-1"],
    ["meeting", "promise"],
    ["meeting", "done", "MT-1", "1", "--to", "x"],
])
def test_done_and_promise_usage_errors_exit_2(db, args):
    assert CliRunner().invoke(cli, ["--db", db, *args]).exit_code == 2


def test_done_and_promise_help_is_translated(db):
    for command, words in (("done", "标记为已完成"), ("promise", "转为对客户的承诺")):
        result = CliRunner().invoke(cli, ["--lang", "zh_CN", "meeting", command, "--help"])
        assert result.exit_code == 0 and words in result.output, result.output


def test_huddle_keys_lists_the_action_item_keys_of_a_meetings_notes():
    lines = run("--lang", "en", "keys").output.splitlines()
    section = lines[lines.index("Meeting notes"):]
    assert any(line.split() == ["list.done", "d", "Done"] for line in section[:12])
    assert any(line.split() == ["meeting_notes.promise", "K", "→", "Promise"] for line in section[:12])
