"""`huddle cr add | list | move | assess | undo`: JSON with the DESIGN.md column names,
one-line errors with exit 1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tui.__main__ import cli


@pytest.fixture
def run(tmp_path):
    db = str(tmp_path / "cli.db")
    CliRunner().invoke(cli, ["--db", db, "init"], catch_exceptions=False)  # wangfang: its lead

    def invoke(*args: str):
        result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
        return result

    return invoke


def test_add_json_prints_the_created_request(run):
    result = run("cr", "add", "短信登录 [bold]x[/]", "--priority", "P1", "--requested-by", "ACME 张经理", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["key"] == "CR-1"
    assert (row["title"], row["priority"], row["status"], row["requested_by"]) == (
        "短信登录 [bold]x[/]", "P1", "submitted", "ACME 张经理")
    for column in ("project", "detail", "requirement", "assignee", "effort_days", "schedule_days", "cost",
                   "risk", "assessed_by", "decided_by", "decided_at", "decision_note"):
        assert column in row


def test_list_and_move(run):
    run("cr", "add", "one")
    run("cr", "add", "two")
    assert run("cr", "move", "CR-1", "assessing").exit_code == 0
    rows = json.loads(run("cr", "list", "--json").stdout)
    assert [r["key"] for r in rows] == ["CR-2", "CR-1"]
    rows = json.loads(run("cr", "list", "--status", "assessing", "--json").stdout)
    assert [r["key"] for r in rows] == ["CR-1"]
    text = run("cr", "list").stdout
    assert "CR-1" in text and "assessing" in text
    result = run("cr", "assess", "CR-1", "--effort", "2", "--risk", "low")
    assert result.exit_code == 0, result.output
    moved = json.loads(run("cr", "move", "cr-1", "approved", "--note", "ok", "--json").stdout)
    assert (moved["status"], moved["decided_by"], moved["decision_note"]) == ("approved", "wangfang", "ok")
    assert run("cr", "undo").exit_code == 0
    assert json.loads(run("cr", "list", "--status", "assessing", "--json").stdout)[0]["key"] == "CR-1"


@pytest.mark.parametrize(
    "args, words",
    [
        (("cr", "move", "CR-1", "approved"), "Allowed now"),
        (("cr", "move", "CR-9", "assessing"), "CR-9"),
        (("cr", "move", "CR-1", "flying"), "Unknown status"),
        (("cr", "list", "--status", "bogus"), "Unknown filter"),
        (("cr", "add", "x", "--priority", "P7"), "P0"),
        (("cr", "assess", "CR-1", "--effort", "lots", "--risk", "low"), "number"),
    ],
)
def test_errors_are_one_line(run, args, words):
    run("cr", "add", "one")
    result = run(*args)
    assert result.exit_code == 1
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_reject_needs_a_note(run):
    run("cr", "add", "one")
    run("cr", "move", "CR-1", "assessing")
    result = run("cr", "move", "CR-1", "rejected")
    assert result.exit_code == 1 and "reason" in result.stderr


def test_chinese_messages(run):
    run("cr", "add", "one")
    result = run("cr", "move", "CR-1", "done", "--lang", "zh_CN")
    assert result.exit_code == 1
    assert "huddle:" in result.stderr
