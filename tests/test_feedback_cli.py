"""`huddle feedback` and `huddle promise` on the command line: JSON keys, one-line errors."""

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.__main__ import cli
from tui.store import projects
from tui.store.db import Store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    store = Store(path, user="wangfang")
    from tui.store import members

    members.ensure(store, "wangfang")
    projects.add(store, "ACME", "ACME portal")
    store.close()
    return str(path)


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


FEEDBACK_KEYS = {"key", "project", "contact", "channel", "received_at", "summary", "csat", "sentiment", "status",
                 "owner", "follow_up_on", "follow_up_outcome", "linked", "version", "created_at", "created_by",
                 "updated_at", "updated_by"}


def test_feedback_add_and_list_json(db):
    result = run("--db", db, "feedback", "add", "[bold]登录慢[/]", "--csat", "2", "--channel", "phone",
                 "--contact", "赵经理", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert set(row) == FEEDBACK_KEYS
    assert (row["key"], row["summary"], row["csat"], row["channel"], row["project"]) == (
        "FB-1", "[bold]登录慢[/]", 2, "phone", "ACME")
    result = run("--db", db, "feedback", "list", "--json")
    rows = json.loads(result.output)
    assert len(rows) == 1 and set(rows[0]) == FEEDBACK_KEYS
    result = run("--db", db, "feedback", "list")
    assert "FB-1" in result.output and result.exit_code == 0


@pytest.mark.parametrize("args", [
    ["feedback", "add", "x", "--csat", "9"],
    ["feedback", "add", "x", "--channel", "fax"],
    ["feedback", "add", "  "],
    ["feedback", "add", "x", "--project", "NOPE"],
    ["feedback", "move", "FB-7", "closed"],
    ["feedback", "list", "--status", "weird"],
    ["promise", "add", "x", "--due", "tomorrow"],
    ["promise", "move", "CM-9", "kept"],
])
def test_errors_are_one_line(db, args):
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("huddle: ")
    assert "Traceback" not in result.output


def test_feedback_move_close_needs_note(db):
    run("--db", db, "feedback", "add", "x")
    assert run("--db", db, "feedback", "move", "FB-1", "acknowledged").exit_code == 0
    assert run("--db", db, "feedback", "move", "FB-1", "resolved").exit_code == 0
    result = CliRunner().invoke(cli, ["--db", db, "feedback", "move", "FB-1", "closed"])
    assert result.exit_code == 1 and "follow-up" in result.stderr
    result = CliRunner().invoke(cli, ["--db", db, "feedback", "move", "FB-1", "closed", "--note", "回访顺利"])
    assert result.exit_code == 0


def test_illegal_move_names_allowed(db):
    run("--db", db, "feedback", "add", "x")
    result = CliRunner().invoke(cli, ["--db", db, "feedback", "move", "FB-1", "resolved"])
    assert result.exit_code == 1 and "acknowledged" in result.stderr


PROMISE_KEYS = {"key", "project", "promise", "to_whom", "owner", "due", "original_due", "status", "closed_at", "note",
                "version", "created_at", "created_by", "updated_at", "updated_by"}


def test_promise_add_list_move(db):
    result = run("--db", db, "promise", "add", "发送周报", "--due", "2030-01-04", "--to", "刘总", "--json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert set(row) == PROMISE_KEYS and row["key"] == "CM-1" and row["to_whom"] == "刘总"
    result = CliRunner().invoke(cli, ["--db", db, "promise", "move", "CM-1", "renegotiated", "--due", "2030-01-11"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    result = run("--db", db, "promise", "move", "CM-1", "renegotiated", "--due", "2030-01-11", "--note", "客户要求顺延")
    assert result.exit_code == 0
    rows = json.loads(run("--db", db, "promise", "list", "--json").output)
    assert set(rows[0]) == PROMISE_KEYS
    assert (rows[0]["status"], rows[0]["due"], rows[0]["original_due"]) == ("renegotiated", "2030-01-11", "2030-01-04")
    assert run("--db", db, "promise", "move", "CM-1", "kept").exit_code == 0
    result = CliRunner().invoke(cli, ["--db", db, "promise", "move", "CM-1", "missed"])
    assert result.exit_code == 1 and "final" in result.stderr
    assert "CM-1" in run("--db", db, "promise", "list").output


def test_usage_error_exit_2(db):
    result = CliRunner().invoke(cli, ["--db", db, "promise", "add", "x"])
    assert result.exit_code == 2


CLI_TEXT = st.one_of(
    st.sampled_from(["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "客户反馈：很慢", "🎉", "x" * 10_000]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=80),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=CLI_TEXT)
def test_cli_round_trips_any_text(db, text):
    # Text that starts with "-" is an argument after "--" (as in any shell command).
    from tui.store.fields import is_one_line

    # A contact is one line of plain text (issue 11): refused with one line, exit 1.
    contact = text[:500] if is_one_line(text[:500]) else ""
    if contact != text[:500]:
        refused = CliRunner().invoke(cli, ["--db", db, "feedback", "add", f"--contact={text[:500]}", "--", "x"])
        assert refused.exit_code == 1 and len(refused.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(cli, ["--db", db, "feedback", "add", f"--contact={contact}", "--json", "--", text])
    if not text.strip():
        assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
        return
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["summary"] == text and row["contact"] == contact
    promise = text[:5000]  # a promise is at most 5,000 characters
    result = CliRunner().invoke(
        cli, ["--db", db, "promise", "add", "--due", "2030-01-01", f"--to={contact}", "--json", "--", promise])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["promise"] == promise
