"""`huddle project …` and `huddle member …`, and which commands create a workspace: JSON
with DESIGN.md's column names, one-line errors with exit 1, usage errors exit 2, and a
mistyped --db that creates nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from tui import __main__ as main_module
from tui.__main__ import cli

PROJECT_COLUMNS = {"key", "name", "client", "client_lang", "contacts", "start_on", "end_on", "archived"}
MEMBER_COLUMNS = {"login", "display_name", "role", "active"}


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`huddle --db tmp/cli.db …` as `user` (default wangfang, who ran `huddle init`)."""
    db = str(tmp_path / "cli.db")

    def invoke(*args: str, user: str = "wangfang", db_path: str | None = None):
        monkeypatch.setenv("HUDDLE_AS_LOGIN", user)
        return CliRunner().invoke(cli, ["--db", db_path or db, *args], catch_exceptions=False)

    result = invoke("init")
    assert result.exit_code == 0, result.output
    invoke.db = db
    return invoke


def one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# -- init makes its creator the lead; nothing else creates a workspace --------------------------


def test_init_makes_its_creator_the_lead_and_says_what_next(run):
    rows = json.loads(run("member", "list", "--json").stdout)
    assert [(r["login"], r["role"], r["active"]) for r in rows] == [("wangfang", "lead", True)]
    assert MEMBER_COLUMNS <= set(rows[0])
    # init again (a migration) by a teammate does not make them a lead
    result = run("init", user="liming")
    assert result.exit_code == 0 and "You are its lead" not in result.stdout
    roles = {r["login"]: r["role"] for r in json.loads(run("member", "list", "--json").stdout)}
    assert roles == {"wangfang": "lead", "liming": "member"}


@pytest.mark.parametrize("args", [
    ("standup", "show"), ("req", "list"), ("cr", "add", "x"), ("project", "list"), ("member", "list"),
    ("member", "rename", "Me"), ("doctor",), ("feedback", "list"), ("promise", "list"),
])
def test_a_missing_workspace_is_named_and_nothing_is_created(tmp_path, monkeypatch, args):
    missing = tmp_path / "typo" / "acme.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), *args])
    one_line_error(result, f"No workspace at {missing}. Create one with: huddle init --db {missing}")
    assert not missing.parent.exists()


def test_an_empty_file_is_no_workspace_either(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = CliRunner().invoke(cli, ["--db", str(empty), "member", "list"])
    one_line_error(result, "No workspace at")
    assert empty.read_bytes() == b""


def test_bare_huddle_asks_before_making_the_default_workspace(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("tui.app.run_app", lambda path, opts: opened.append(path))
    monkeypatch.setattr(main_module, "interactive", lambda stream: True)
    result = CliRunner().invoke(cli, [], input="n\n")
    assert "There is no workspace yet" in result.output
    one_line_error(result, "No workspace at", "huddle init --db")
    assert opened == []
    result = CliRunner().invoke(cli, [], input="y\n")
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0].exists()
    conn = sqlite3.connect(opened[0])
    assert conn.execute("SELECT login, role FROM members").fetchall() == [("wangfang", "lead")]


def test_bare_huddle_does_not_ask_for_a_named_path_or_without_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr("tui.app.run_app", lambda path, opts: pytest.fail("opened"))
    monkeypatch.setattr(main_module, "interactive", lambda stream: True)
    named = tmp_path / "named.db"
    result = CliRunner().invoke(cli, ["--db", str(named)], input="y\n")
    one_line_error(result, f"No workspace at {named}")
    assert "There is no workspace yet" not in result.output and not named.exists()
    monkeypatch.setattr(main_module, "interactive", lambda stream: False)
    result = CliRunner().invoke(cli, [], input="y\n")
    one_line_error(result, "No workspace at")


# -- projects ---------------------------------------------------------------------------------


def test_project_add_list_show_edit_archive(run):
    added = run("project", "add", "acme", "--name", "ACME 客户门户", "--client", "ACME 集团", "--client-lang", "zh_CN",
                "--contact", "刘总 (信息部)", "--contact", "赵经理", "--start", "2026-09-01", "--end", "2027-03-31",
                "--json")
    assert added.exit_code == 0, added.output
    row = json.loads(added.stdout)
    assert PROJECT_COLUMNS <= set(row)
    assert (row["key"], row["client_lang"], row["contacts"], row["archived"]) == (
        "ACME", "zh_CN", ["刘总 (信息部)", "赵经理"], False)
    assert run("project", "add", "NOVA", "--name", "Nova", "--client", "Nova Bank").exit_code == 0
    listed = json.loads(run("project", "list", "--json").stdout)
    assert isinstance(listed, list) and [p["key"] for p in listed] == ["ACME", "NOVA"]
    text = run("project", "list").stdout
    assert "ACME" in text and "ACME 集团" in text and "[zh_CN]" in text

    edited = json.loads(run("project", "edit", "acme", "--client", "ACME Group", "--end", "2027-06-30",
                            "--version", "1", "--json").stdout)
    assert (edited["client"], edited["end_on"], edited["version"]) == ("ACME Group", "2027-06-30", 2)
    one_line_error(run("project", "edit", "ACME", "--client", "x", "--version", "1"), "changed ACME")

    assert "Archived project NOVA" in run("project", "archive", "nova").stdout
    assert [p["key"] for p in json.loads(run("project", "list", "--json").stdout)] == ["ACME"]
    everything = json.loads(run("project", "list", "--all", "--json").stdout)
    assert [(p["key"], p["archived"]) for p in everything] == [("ACME", False), ("NOVA", True)]
    assert "(archived)" in run("project", "list", "--all").stdout
    assert "active again" in run("project", "archive", "NOVA", "--undo").stdout

    shown = json.loads(run("project", "show", "ACME", "--json").stdout)
    assert shown["key"] == "ACME" and shown["counts"]["requirements"] == 0
    assert [h["field"] for h in shown["history"]][:2] == ["end_on", "client"]
    text = run("project", "show", "ACME").stdout
    assert "刘总 (信息部)" in text and "Requirements 0" in text


def test_a_project_makes_items_possible(run):
    """The issue's first complaint: a new workspace had no way to make a project."""
    run("project", "add", "ACME", "--name", "ACME portal", "--client", "ACME")
    result = run("req", "add", "x", "--project", "acme", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] == "ACME"


def test_project_errors(run):
    one_line_error(run("project", "add", "ACME", "--name", "x", "--client", "y", user="liming"),
                   "Only a lead may add, edit and archive projects")
    run("project", "add", "ACME", "--name", "ACME", "--client", "ACME")
    one_line_error(run("project", "add", "acme", "--name", "x", "--client", "y"), "exists already")
    one_line_error(run("project", "add", "A B", "--name", "x", "--client", "y"), "1–16 letters")
    one_line_error(run("project", "add", "X", "--name", "x", "--client", "y", "--start", "tomorrow"), "YYYY-MM-DD")
    one_line_error(run("project", "add", "X", "--name", "two\nlines", "--client", "y"), "one line")
    one_line_error(run("project", "show", "NOPE"), "No project", "ACME")
    one_line_error(run("project", "edit", "ACME", "--name", "x", user="liming"), "Only a lead")
    one_line_error(run("project", "archive", "ACME", user="liming"), "Only a lead")
    assert run("project", "add", "X", "--name", "x").exit_code == 2  # --client missing
    assert run("project", "add", "X", "--name", "x", "--client", "y", "--client-lang", "fr").exit_code == 2
    assert run("project", "edit", "ACME").exit_code == 2  # nothing to change


# -- members ----------------------------------------------------------------------------------


def test_member_add_role_rename_deactivate(run):
    added = json.loads(run("member", "add", "zhangwei", "--name", "张伟", "--json").stdout)
    assert MEMBER_COLUMNS <= set(added)
    assert (added["login"], added["display_name"], added["role"], added["active"]) == ("zhangwei", "张伟", "member", True)
    assert "Added 李明 (liming) as lead" in run("member", "add", "liming", "--name", "李明", "--role", "lead").stdout
    moved = json.loads(run("member", "role", "zhangwei", "lead", "--json").stdout)
    assert moved["role"] == "lead"
    assert "is now a member" in run("member", "role", "zhangwei", "member").stdout
    # anyone renames themselves; a lead renames others
    assert "is now shown as 张伟 (运维)" in run("member", "rename", "张伟 (运维)", user="zhangwei").stdout
    assert json.loads(run("member", "rename", "liming", "李明 (后端)", "--json").stdout)["display_name"] == "李明 (后端)"
    off = json.loads(run("member", "deactivate", "zhangwei", "--json").stdout)
    assert off["active"] is False
    rows = json.loads(run("member", "list", "--json").stdout)
    assert [(r["login"], r["active"]) for r in rows] == [("wangfang", True), ("liming", True), ("zhangwei", False)]
    text = run("member", "list").stdout
    assert "(inactive)" in text and "wangfang *  wangfang" in text
    assert json.loads(run("member", "activate", "zhangwei", "--json").stdout)["active"] is True


def test_a_newcomer_joins_as_a_member_and_may_only_rename_themselves(run):
    result = run("member", "rename", "蔡文", user="caiwen")
    assert result.exit_code == 0, result.output
    rows = {r["login"]: r for r in json.loads(run("member", "list", "--json").stdout)}
    assert (rows["caiwen"]["display_name"], rows["caiwen"]["role"]) == ("蔡文", "member")
    one_line_error(run("member", "rename", "wangfang", "王老板", user="caiwen"), "Only a lead")
    one_line_error(run("member", "add", "x", "--name", "X", user="caiwen"), "Only a lead")
    one_line_error(run("member", "role", "caiwen", "lead", user="caiwen"), "Only a lead")
    one_line_error(run("member", "deactivate", "wangfang", user="caiwen"), "Only a lead")


def test_member_errors(run):
    one_line_error(run("member", "role", "wangfang", "member"), "last active lead")
    one_line_error(run("member", "deactivate", "wangfang"), "last active lead")
    one_line_error(run("member", "role", "ghost", "lead"), "No team member", "wangfang")
    one_line_error(run("member", "add", "bad name", "--name", "x"), "not a login")
    one_line_error(run("member", "add", "x", "--name", "a\x1b[2Jb"), "one line")
    run("member", "add", "liming", "--name", "李明")
    one_line_error(run("member", "add", "liming", "--name", "李明"), "already in the team")
    assert run("member", "role", "liming", "boss").exit_code == 2
    assert run("member", "add", "x").exit_code == 2  # --name missing
    assert run("member", "rename", "a", "b", "c").exit_code == 2


def test_member_list_cleans_hostile_names(run, monkeypatch):
    """A display name planted with sqlite3 (a teammate can write any row) cannot drive the
    terminal through `member list`."""
    conn = sqlite3.connect(run.db)
    conn.execute("UPDATE members SET display_name = ? WHERE login = 'wangfang'", ("\x1b]52;c;ZXZpbA==\x07王芳\u202e",))
    conn.commit()
    conn.close()
    text = run("member", "list").stdout
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "王芳" in text
    raw = json.loads(run("member", "list", "--json").stdout)
    assert raw[0]["display_name"] == "\x1b]52;c;ZXZpbA==\x07王芳\u202e"


# -- doctor ------------------------------------------------------------------------------------


def test_doctor_on_a_personal_workspace_has_no_problems(run):
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "!!" not in result.stdout
    assert "note" in result.stdout and "huddle init --shared" in result.stdout
    assert "You are wangfang (lead)" in result.stdout
    assert "No problems found" in result.stdout
    newcomer = run("doctor", user="newbie")
    assert newcomer.exit_code == 0 and "not a member yet" in newcomer.stdout
