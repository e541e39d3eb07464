"""`huddle req add | list | move | show | edit | milestone`: JSON with the DESIGN.md column
names; errors are one line on stderr and exit 1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.__main__ import cli
from tui.store import members, projects
from tui.store.db import Store

DESIGN_COLUMNS = ("key", "project", "title", "detail", "priority", "status", "owner", "milestone",
                  "confirmed_by", "confirmed_at")


@pytest.fixture
def run(tmp_path, monkeypatch):
    db = str(tmp_path / "cli.db")
    store = Store(db, user="wangfang")
    members.ensure(store, "wangfang", "王芳")
    projects.add(store, "ACME", "ACME portal")
    store.close()

    def invoke(*args: str, user: str | None = None):
        if user:
            monkeypatch.setenv("HUDDLE_AS_LOGIN", user)
        return CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)

    invoke.db = db
    return invoke


def test_add_json_has_design_columns(run):
    result = run("req", "add", "单点登录 [bold]x[/]", "--priority", "P0", "--source", "ACME 刘经理", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    for column in DESIGN_COLUMNS:
        assert column in row
    assert (row["key"], row["title"], row["priority"], row["status"], row["source"]) == (
        "REQ-1", "单点登录 [bold]x[/]", "P0", "draft", "ACME 刘经理")


def test_list_move_show(run):
    run("req", "add", "one")
    run("req", "add", "two")
    assert run("req", "move", "REQ-1", "documented").exit_code == 0
    rows = json.loads(run("req", "list", "--json").stdout)
    assert [r["key"] for r in rows] == ["REQ-1", "REQ-2"]
    rows = json.loads(run("req", "list", "--status", "documented", "--json").stdout)
    assert [r["key"] for r in rows] == ["REQ-1"]
    moved = json.loads(run("req", "move", "req-1", "confirmed", "--by", "ACME 刘经理", "--note", "邮件", "--json").stdout)
    assert (moved["status"], moved["confirmed_by"]) == ("confirmed", "ACME 刘经理")
    assert moved["confirmed_at"]
    shown = json.loads(run("req", "show", "REQ-1", "--json").stdout)
    assert [h["new"] for h in shown["history"]][:3] == ["ACME 刘经理", "confirmed", "documented"]
    assert shown["change_requests"] == [] and shown["feedback"] == []
    text = run("req", "list").stdout
    assert "REQ-2" in text and "draft" in text


def test_confirm_takes_the_contact_from_the_note(run):
    run("req", "add", "one")
    run("req", "move", "REQ-1", "documented")
    result = run("req", "move", "REQ-1", "confirmed", "--note", "赵总")
    assert result.exit_code == 0, result.output
    assert json.loads(run("req", "show", "REQ-1", "--json").stdout)["confirmed_by"] == "赵总"


def test_milestones_and_accept(run):
    run("req", "add", "one")
    assert run("req", "milestone", "add", "一期验收", "--due", "2026-12-01").exit_code == 0
    assert run("req", "edit", "REQ-1", "--milestone", "一期验收").exit_code == 0
    for status in ("documented", "confirmed --by 刘经理", "in_progress", "delivered", "accepted"):
        args = status.split()
        result = run("req", "move", "REQ-1", args[0], *args[1:])
        assert result.exit_code == 0, result.output
    rows = json.loads(run("req", "milestone", "list", "--json").stdout)
    assert rows[0]["name"] == "一期验收" and (rows[0]["accepted"], rows[0]["total"]) == (1, 1)
    row = json.loads(run("req", "list", "--milestone", "一期验收", "--json").stdout)[0]
    assert (row["status"], row["milestone"], row["accepted_by"]) == ("accepted", "一期验收", "wangfang")


def test_member_cannot_accept(run):
    run("req", "add", "one")
    run("req", "milestone", "add", "M1")
    run("req", "edit", "REQ-1", "--milestone", "M1")
    for status in ("documented", "confirmed --by x", "in_progress", "delivered"):
        args = status.split()
        run("req", "move", "REQ-1", args[0], *args[1:])
    result = run("req", "move", "REQ-1", "accepted", user="liming")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "lead" in result.stderr
    assert json.loads(run("req", "show", "REQ-1", "--json").stdout)["status"] == "delivered"


@pytest.mark.parametrize(
    "args, words",
    [
        (("req", "move", "REQ-1", "accepted"), "Allowed now"),
        (("req", "move", "REQ-9", "documented"), "REQ-9"),
        (("req", "move", "REQ-1", "flying"), "Unknown status"),
        (("req", "add", "x", "--priority", "P7"), "P0"),
        (("req", "add", "  "), "title"),
        (("req", "list", "--status", "nope"), "Unknown status"),
        (("req", "show", "REQ-42"), "REQ-42"),
        (("req", "milestone", "add", "M", "--due", "2026-02-30"), "YYYY-MM-DD"),
        (("req", "add", "x", "--milestone", "nowhere"), "nowhere"),
    ],
)
def test_errors_are_one_line(run, args, words):
    run("req", "add", "one")
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("huddle: ") and result.stderr.count("\n") == 1
    assert words in result.stderr


def test_confirm_without_contact_is_refused(run):
    run("req", "add", "one")
    run("req", "move", "REQ-1", "documented")
    result = run("req", "move", "REQ-1", "confirmed")
    assert result.exit_code == 1 and "--by" in result.stderr


def test_errors_in_chinese(run):
    run("req", "add", "one")
    result = run("--lang", "zh_CN", "req", "move", "REQ-1", "accepted")
    assert result.exit_code == 1
    assert "草稿" in result.stderr


def test_milestone_review_markdown(run):
    run("req", "milestone", "add", "一期验收", "--due", "2026-12-01")
    run("req", "add", "单点登录", "--milestone", "一期验收")
    result = run("req", "milestone", "review", "一期验收")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Milestone review: 一期验收 (ACME)")
    assert "| REQ-1 | P2 | 单点登录 | draft |" in result.stdout


def test_edit_of_a_signed_off_title_needs_a_reason(run):
    """`req edit --title` on a confirmed requirement: refused without --reason (one line,
    exit 1), recorded as a re-open with it."""
    assert run("req", "add", "Export orders", "--project", "ACME").exit_code == 0
    assert run("req", "move", "REQ-1", "documented").exit_code == 0
    assert run("req", "move", "REQ-1", "confirmed", "--by", "刘经理").exit_code == 0
    refused = CliRunner().invoke(cli, ["--db", run.db, "req", "edit", "REQ-1", "--title", "Export orders and invoices"])
    assert refused.exit_code == 1 and "re-opened" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    done = run("req", "edit", "REQ-1", "--title", "Export orders and invoices", "--reason", "client asked", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["title"] == "Export orders and invoices"
    shown = json.loads(run("req", "show", "REQ-1", "--json").stdout)
    assert ("reopen", "client asked") in [(h["action"], h["note"]) for h in shown["history"]]
