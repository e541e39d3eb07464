"""`huddle … show KEY` for every kind of item and `huddle … list`, in both languages:
fields, links and history; labels in the active language; columns aligned by display width
(a CJK character takes two cells) with `…` for cut text; a sentence for an empty list;
`--json` on every list and move."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import USER, make_store
from tui import demo
from tui.__main__ import cli
from tui.cli.help import cell_len
from tui.store import changes, feedback, members


@pytest.fixture
def demo_db(tmp_path, clock):
    store = make_store(tmp_path / "demo.db", clock)
    demo.seed(store)
    store.close()
    return str(tmp_path / "demo.db")


@pytest.fixture
def empty_db(tmp_path, clock):
    store = make_store(tmp_path / "empty.db", clock)
    members.ensure(store, USER, "王芳")
    store.close()
    return str(tmp_path / "empty.db")


def run(*args, columns: int = 100, **env):
    result = CliRunner(env={"COLUMNS": str(columns), **env}).invoke(cli, [str(a) for a in args],
                                                                    catch_exceptions=False)
    return result


ENGLISH_LABELS = ("Project:", "Priority:", "Status:", "Owner:", "History:", "Links:", "Assignee:", "Due:",
                  "Channel:", "Role:", "Client:")


@pytest.mark.parametrize("command, key", [("cr", "CR-3"), ("req", "REQ-3"), ("feedback", "FB-3"),
                                          ("promise", "CM-6")])
def test_show_json_has_fields_links_and_history(demo_db, command, key):
    result = run("--db", demo_db, command, "show", key, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["key"] == key and data["status"]
    assert isinstance(data["links"], list)
    assert data["history"] and set(data["history"][0]) == {"action", "field", "old", "new", "note", "actor", "at"}


@pytest.mark.parametrize("command, key, words", [
    ("cr", "CR-3", ("状态：", "已驳回", "受影响的需求：", "REQ-3", "历史记录：", "评估中 → 已驳回")),
    ("req", "REQ-3", ("状态：", "已交付", "里程碑：", "关联项：", "CR-3", "历史记录：", "草稿 → 已成文", "创建",
                       "签字确认人：— → ACME 刘经理")),
    ("feedback", "FB-3", ("渠道：", "会议", "满意度：", "回访结果：", "已解决 → 已关闭")),
    ("promise", "CM-6", ("承诺对象：", "截止日期：", "已重新约定", "历史记录：")),
    ("project", "ACME", ("客户：", "客户语言：", "简体中文", "联系人：", "历史记录：")),
    ("member", USER, ("角色：", "负责人", "状态：", "历史记录：")),
])
def test_show_in_chinese_has_chinese_labels_links_and_history(demo_db, command, key, words):
    result = run("--db", demo_db, "--lang", "zh_CN", command, "show", key)
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.stdout, (word, result.stdout)
    for label in ENGLISH_LABELS:
        assert label not in result.stdout
    # labels line up: every value of the field block starts in the same cell
    block = [line for line in result.stdout.splitlines()[1:] if re.match(r"  \S.*：  +\S", line)]
    starts = {cell_len(re.match(r"(  \S.*?：  +)", line).group(1)) for line in block}
    assert len(starts) == 1, block


def test_show_in_english_names_every_label(demo_db):
    text = run("--db", demo_db, "req", "show", "REQ-3").stdout
    for word in ("Status:", "delivered", "Milestone:", "Links:", "CR-3", "changed by", "History:",
                 "draft → documented", "created"):
        assert word in text, (word, text)


def test_links_either_way(demo_db, tmp_path, clock):
    store = make_store(tmp_path / "demo.db", clock)
    requirement = feedback.to_requirement(store, "FB-16")
    original = changes.add(store, "Original", project="ACME")
    duplicate = changes.add(store, "The same again", project="ACME")
    changes.mark_duplicate(store, duplicate["key"], original["key"])
    store.close()
    fb = json.loads(run("--db", demo_db, "feedback", "show", "FB-16", "--json").stdout)
    assert [(link["key"], link["relation"]) for link in fb["links"]] == [(requirement["key"], "became")]
    req = json.loads(run("--db", demo_db, "req", "show", requirement["key"], "--json").stdout)
    assert [(link["key"], link["relation"]) for link in req["links"]] == [("FB-16", "raised_by")]
    assert req["feedback"] == ["FB-16"]
    text = run("--db", demo_db, "--lang", "zh_CN", "req", "show", requirement["key"]).stdout
    assert "FB-16" in text and "raised by" not in text
    dup = json.loads(run("--db", demo_db, "cr", "show", duplicate["key"], "--json").stdout)
    assert [(link["key"], link["relation"]) for link in dup["links"]] == [(original["key"], "duplicate_of")]
    first = json.loads(run("--db", demo_db, "cr", "show", original["key"], "--json").stdout)
    assert [(link["key"], link["relation"]) for link in first["links"]] == [(duplicate["key"], "duplicated_by")]
    assert "duplicate of" not in run("--db", demo_db, "--lang", "zh_CN", "cr", "show", duplicate["key"]).stdout


def test_show_unknown_key_is_one_line_in_both_languages(demo_db):
    for command, key in (("cr", "CR-99"), ("req", "REQ-99"), ("feedback", "FB-99"), ("promise", "CM-99"),
                         ("project", "NOPE"), ("member", "nobody")):
        result = run("--db", demo_db, command, "show", key)
        assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.output


# -- lists ----------------------------------------------------------------------------------

def _title_starts(lines: list[str], title_fragment_of: dict[str, str]) -> set[int]:
    starts = set()
    for line in lines:
        key = line.split()[0]
        if key in title_fragment_of:
            starts.add(cell_len(line[: line.index(title_fragment_of[key])]))
    return starts


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_lists_line_up_by_display_width(demo_db, language):
    for command, key_field, title_field in (("req", "key", "title"), ("cr", "key", "title"),
                                            ("feedback", "key", "summary"), ("promise", "key", "promise")):
        rows = json.loads(run("--db", demo_db, command, "list", "--json").stdout)
        fragments = {row[key_field]: " ".join(row[title_field].split())[:6] for row in rows}
        lines = run("--db", demo_db, "--lang", language, command, "list").stdout.splitlines()
        assert len(lines) == len(rows)
        assert len(_title_starts(lines, fragments)) == 1, (command, lines)


def test_long_text_is_cut_with_an_ellipsis_to_the_terminal(demo_db):
    for columns in (60, 80):
        for language in ("en", "zh_CN"):
            lines = run("--db", demo_db, "--lang", language, "feedback", "list", columns=columns).stdout.splitlines()
            assert all(cell_len(line) < columns for line in lines), lines
            assert any(line.endswith("…") for line in lines)


@pytest.mark.parametrize("command, english, chinese", [
    (("req", "list"), "No requirements.", "没有需求。"),
    (("cr", "list"), "No change requests.", "没有变更请求。"),
    (("feedback", "list"), "No feedback yet.", "还没有客户反馈。"),
    (("promise", "list"), "No commitments yet.", "还没有承诺。"),
    (("req", "milestone", "list"), "No milestones.", "没有里程碑。"),
])
def test_empty_lists_say_so(empty_db, command, english, chinese):
    assert run("--db", empty_db, *command).stdout.strip() == english
    assert run("--db", empty_db, "--lang", "zh_CN", *command).stdout.strip() == chinese
    assert json.loads(run("--db", empty_db, *command, "--json").stdout) == []


def test_every_move_takes_json(demo_db):
    moved = run("--db", demo_db, "feedback", "move", "FB-16", "acknowledged", "--json")
    assert moved.exit_code == 0, moved.output
    assert json.loads(moved.stdout)["status"] == "acknowledged"
    moved = run("--db", demo_db, "promise", "move", "CM-9", "kept", "--json")
    assert moved.exit_code == 0, moved.output
    assert json.loads(moved.stdout)["status"] == "kept"
    moved = run("--db", demo_db, "cr", "move", "CR-14", "assessing", "--json")
    assert json.loads(moved.stdout)["status"] == "assessing"
    undone = run("--db", demo_db, "cr", "undo", "--json")
    assert json.loads(undone.stdout)["status"] == "submitted"
    moved = run("--db", demo_db, "req", "move", "REQ-5", "in_progress", "--json")
    assert json.loads(moved.stdout)["status"] == "in_progress"


def test_human_output_is_cleaned(demo_db, tmp_path, clock):
    store = make_store(tmp_path / "demo.db", clock)
    with store.write() as conn:
        conn.execute("UPDATE requirements SET title = ? WHERE key = 'REQ-1'", ("\x1b]0;pwned\x07中文 title",))
    store.close()
    for args in (("req", "list"), ("req", "show", "REQ-1"), ("cr", "show", "CR-3")):
        output = run("--db", demo_db, *args).stdout
        assert "\x1b" not in output and "\x07" not in output


def test_a_meeting_decision_shows_as_a_link_and_in_the_history(demo_db):
    data = json.loads(run("--db", demo_db, "cr", "show", "CR-5", "--json").stdout)
    meeting = [link for link in data["links"] if link["key"].startswith("MT-")]
    assert meeting and meeting[0]["relation"] == "decision" and meeting[0]["title"] and meeting[0]["status"] is None
    text = run("--db", demo_db, "--lang", "zh_CN", "cr", "show", "CR-5").stdout
    assert "会议决定" in text and "在 MT-" in text and "Project-Id-Version" not in text


def test_standup_show_reads_as_chinese(demo_db):
    text = run("--db", demo_db, "--lang", "zh_CN", "standup", "show", "--date", "2026-11-27").stdout
    assert "昨天：" in text and "昨天:" not in text
    lines = [line for line in text.splitlines() if line.startswith("  ") and "：" in line]
    assert lines and all(not re.search(r"[\u4e00-\u9fff], ", line) for line in text.splitlines())
