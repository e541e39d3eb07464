"""Meetings store: recording a meeting, version-checked edits, notes saved while typing,
decisions that show in the linked items' history, action items that become commitments
in one step, and the minutes (Markdown, HTML) in the client's language, escaped."""

from __future__ import annotations

import re

import pytest

from conftest import make_store
from tui import demo
from tui.reports import minutes
from tui.store import (
    activity,
    changes,
    commitments,
    meetings,
    members,
    projects,
    requirements,
)
from tui.store.errors import ConflictError, NotFound, ValidationError


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal", "ACME 集团", client_lang="zh_CN")
    projects.add(store, "NOVA", "Nova bank", "Nova Bank", client_lang="en")
    members.add(store, "liming", "李明")
    members.add(store, "alice", "Alice Chen")
    requirements.create(store, {"project": "ACME", "title": "月度报表"})
    requirements.create(store, {"project": "ACME", "title": "Order export"})
    changes.add(store, "按区域筛选", project="ACME")
    return store


def trail(store, key):
    return [(a["action"], a["field"], a["new"], a["note"])
            for a in store.query("SELECT * FROM activity WHERE key = ? ORDER BY id", (key,))]


def counts(store):
    return {table: store.scalar(f"SELECT count(*) FROM {table}")
            for table in ("meetings", "meeting_decisions", "meeting_actions", "commitments", "links", "activity")}


def meeting(store, **kwargs):
    title = kwargs.pop("title", "报表需求调研")
    values = {"project": "ACME", "day": "2026-11-26", "kind": "workshop", "attendees": ["wangfang", "liming"],
              "client_attendees": ["刘总 (ACME 信息部)", "孙主管"]} | kwargs
    return meetings.add(store, title, **values)


# -- recording a meeting ----------------------------------------------------------------------


def test_add(ws):
    row = meeting(ws)
    assert (row["key"], row["number"], row["project"], row["date"], row["kind"]) == (
        "MT-1", 1, "ACME", "2026-11-26", "workshop")
    assert row["attendees"] == "wangfang\nliming"
    assert row["client_attendees"] == "刘总 (ACME 信息部)\n孙主管"
    assert (row["created_by"], row["version"]) == ("wangfang", 1)
    assert trail(ws, "MT-1") == [("create", None, "workshop", None)]
    assert meeting(ws, title="Second")["key"] == "MT-2"


def test_add_defaults_today_weekly_and_the_only_project(store):
    projects.add(store, "ACME", "ACME portal")
    row = meetings.add(store, "Weekly")
    assert (row["project"], row["date"], row["kind"], row["attendees"]) == ("ACME", "2026-11-27", "weekly", "")


def test_add_needs_a_project_when_there_are_several(ws):
    with pytest.raises(ValidationError) as info:
        meetings.add(ws, "Weekly")
    assert info.value.field == "project" and "ACME, NOVA" in str(info.value)
    with pytest.raises(ValidationError) as info:
        meetings.add(ws, "Weekly", project="NOPE")
    assert info.value.field == "project"
    assert counts(ws)["meetings"] == 0


@pytest.mark.parametrize("kwargs, field", [
    ({"title": " "}, "title"),
    ({"title": "two\nlines"}, "title"),
    ({"title": "esc \x1b[31m"}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"kind": "party"}, "kind"),
    ({"day": "next week"}, "date"),
    ({"attendees": ["nobody"]}, "attendees"),
    ({"client_attendees": ["bidi \u202e"]}, "client_attendees"),
])
def test_add_refused(ws, kwargs, field):
    before = counts(ws)
    with pytest.raises(ValidationError) as info:
        meeting(ws, **kwargs)
    assert info.value.field == field
    assert counts(ws) == before


def test_kind_aliases_and_people_lines(ws):
    row = meeting(ws, kind="Requirements", attendees="liming, wangfang\n liming \n", client_attendees="A\n\n A \nB")
    assert row["kind"] == "workshop"
    assert row["attendees"] == "liming\nwangfang"
    assert row["client_attendees"] == "A\nB"


def test_edit_is_version_checked_and_records_each_changed_field(ws):
    row = meeting(ws)
    saved = meetings.edit(ws, "mt-1", {"title": "需求调研（报表）", "kind": "workshop", "client_attendees": "刘总"},
                          row["version"])
    assert (saved["title"], saved["client_attendees"], saved["version"]) == ("需求调研（报表）", "刘总", 2)
    edits = [(a, f) for a, f, _n, _note in trail(ws, "MT-1") if a == "edit"]
    assert edits == [("edit", "title"), ("edit", "client_attendees")]
    with pytest.raises(ConflictError) as info:
        meetings.edit(ws, "MT-1", {"title": "stale"}, row["version"])
    assert info.value.current["title"] == "需求调研（报表）"
    assert meetings.get(ws, "MT-1")["title"] == "需求调研（报表）"
    assert meetings.edit(ws, "MT-1", {"title": "需求调研（报表）"}, 2)["version"] == 2  # nothing changed


def test_unknown_meeting(ws):
    with pytest.raises(NotFound):
        meetings.decide(ws, "MT-9", "x")
    with pytest.raises(NotFound):
        meetings.save_notes(ws, "MT-9", "x")


# -- notes typed live -----------------------------------------------------------------------------


def test_save_notes_records_the_edit_not_the_text(ws):
    row = meeting(ws)
    saved = meetings.save_notes(ws, "MT-1", "刘总：月报要 PDF", version=row["version"], base="")
    assert (saved["notes"], saved["version"]) == ("刘总：月报要 PDF", 2)
    assert trail(ws, "MT-1")[-1] == ("edit", "notes", None, None)
    again = meetings.save_notes(ws, "MT-1", "刘总：月报要 PDF", version=2, base="刘总：月报要 PDF")
    assert again["version"] == 2  # the same text: nothing written


def test_notes_save_when_only_other_fields_changed(ws):
    row = meeting(ws)
    other = make_store(ws.path, ws.clock, user="liming")
    meetings.edit(other, "MT-1", {"title": "改个标题"}, row["version"])
    saved = meetings.save_notes(ws, "MT-1", "typed", version=row["version"], base="")
    assert (saved["title"], saved["notes"], saved["version"]) == ("改个标题", "typed", 3)
    other.close()


def test_notes_changed_by_someone_else_conflict_and_nothing_is_written(ws):
    row = meeting(ws)
    other = make_store(ws.path, ws.clock, user="liming")
    meetings.save_notes(other, "MT-1", "李明的记录", version=row["version"], base="")
    with pytest.raises(ConflictError) as info:
        meetings.save_notes(ws, "MT-1", "王芳的记录", version=row["version"], base="")
    assert info.value.current["notes"] == "李明的记录"
    assert "李明" in str(info.value)
    assert meetings.get(ws, "MT-1")["notes"] == "李明的记录"
    other.close()


def test_notes_too_long(ws):
    meeting(ws)
    with pytest.raises(ValidationError) as info:
        meetings.save_notes(ws, "MT-1", "x" * (meetings.MAX_NOTES + 1))
    assert info.value.field == "notes"


# -- decisions ------------------------------------------------------------------------------------------


def test_decision_links_and_shows_in_each_items_history(ws):
    meeting(ws)
    row = meetings.decide(ws, "MT-1", "月报按区域汇总，每月第一个工作日发 PDF", "req-1, CR-1；REQ-1")
    assert (row["meeting"], row["links"], row["created_by"]) == ("MT-1", ["REQ-1", "CR-1"], "wangfang")
    assert ws.scalar("SELECT links FROM meeting_decisions WHERE id = ?", (row["id"],)) == "REQ-1,CR-1"
    for key, entity in (("REQ-1", "requirement"), ("CR-1", "change_request")):
        entry = activity.for_key(ws, key)[0]
        assert (entry["entity"], entry["action"], entry["field"], entry["new"], entry["note"]) == (
            entity, "decision", "meeting", "MT-1", "月报按区域汇总，每月第一个工作日发 PDF")
    assert requirements.history(ws, "REQ-1")[0]["action"] == "decision"
    assert changes.history(ws, "CR-1")[0]["action"] == "decision"
    assert ("decide", None, "REQ-1,CR-1", "月报按区域汇总，每月第一个工作日发 PDF") in trail(ws, "MT-1")
    assert set(links_of(ws, "MT-1")) == {"REQ-1", "CR-1"}
    assert "MT-1" in links_of(ws, "REQ-1")
    assert [d["id"] for d in meetings.for_item(ws, "REQ-1")] == [row["id"]]
    assert meetings.for_item(ws, "REQ-2") == []


def links_of(store, key):
    from tui.store import links

    return links.others(store, key)


def test_decision_without_links(ws):
    meeting(ws)
    row = meetings.decide(ws, "MT-1", "下周再议")
    assert row["links"] == []
    assert trail(ws, "MT-1")[-1] == ("decide", None, None, "下周再议")


@pytest.mark.parametrize("text, links, field", [
    ("", "", "text"),
    ("two\nlines", "", "text"),
    ("ok", "REQ-99", "links"),
    ("ok", "REQ-1, CR-42", "links"),
    ("ok", "FB-1", "links"),
    ("ok", "REQ-x", "links"),
    ("ok", "REQ-0", "links"),
])
def test_decision_refused_writes_nothing(ws, text, links, field):
    meeting(ws)
    before = counts(ws)
    with pytest.raises(ValidationError) as info:
        meetings.decide(ws, "MT-1", text, links)
    assert info.value.field == field
    assert counts(ws) == before


# -- action items -----------------------------------------------------------------------------------------


def test_team_task(ws):
    meeting(ws)
    row = meetings.add_action(ws, "MT-1", "出报表原型", owner="liming", due="2026-12-01")
    assert (row["meeting"], row["owner"], row["due"], row["promise"], row["commitment"]) == (
        "MT-1", "liming", "2026-12-01", False, None)
    assert counts(ws)["commitments"] == 0
    assert trail(ws, "MT-1")[-1] == ("action", "task", None, "出报表原型")
    done = meetings.set_done(ws, row["id"])
    assert done["done_at"] == ws.clock()
    assert trail(ws, "MT-1")[-1][0] == "done"
    assert meetings.set_done(ws, row["id"], False)["done_at"] is None


def test_promise_becomes_a_commitment_in_one_step(ws):
    meeting(ws)
    row = meetings.add_action(ws, "MT-1", "周五前发调研纪要给刘总确认", owner="liming", due="2026-12-04", promise=True)
    assert (row["promise"], row["commitment"], row["commitment_status"]) == (True, "CM-1", "open")
    cm = commitments.get(ws, "CM-1")
    assert (cm["promise"], cm["due"], cm["owner"], cm["project"], cm["to_whom"], cm["status"]) == (
        "周五前发调研纪要给刘总确认", "2026-12-04", "liming", "ACME", "刘总 (ACME 信息部), 孙主管", "open")
    assert cm["note"] == "MT-1 · 报表需求调研"
    assert [(a, f, n) for a, f, n, _note in trail(ws, "CM-1")] == [("create", None, "open"), ("link", "raised_by", "MT-1")]
    assert trail(ws, "MT-1")[-1] == ("action", "promise", "CM-1", "周五前发调研纪要给刘总确认")
    assert "CM-1" in links_of(ws, "MT-1")
    with pytest.raises(ValidationError):  # a promise is kept in Commitments
        meetings.set_done(ws, row["id"])


def test_promise_to_the_client_when_nobody_from_the_client_came(ws):
    meeting(ws, client_attendees=[])
    row = meetings.add_action(ws, "MT-1", "x", owner="wangfang", due="2026-12-04", promise=True, to_whom="")
    assert commitments.get(ws, row["commitment"])["to_whom"] == ""
    row = meetings.add_action(ws, "MT-1", "y", owner="wangfang", due="2026-12-04", promise=True)
    assert commitments.get(ws, row["commitment"])["to_whom"] == "ACME 集团"


@pytest.mark.parametrize("kwargs, field", [
    ({"owner": ""}, "owner"),
    ({"owner": "nobody"}, "owner"),
    ({"due": ""}, "due"),
    ({"due": "2026-13-01"}, "due"),
    ({"text": " "}, "text"),
])
def test_action_refused_writes_nothing_not_even_the_commitment(ws, kwargs, field):
    meeting(ws)
    before = counts(ws)
    values = {"text": "发纪要", "owner": "liming", "due": "2026-12-04", "promise": True} | kwargs
    with pytest.raises(ValidationError) as info:
        meetings.add_action(ws, "MT-1", values.pop("text"), **values)
    assert info.value.field == field
    assert counts(ws) == before


def test_a_team_task_made_a_promise_later(ws):
    meeting(ws)
    row = meetings.add_action(ws, "MT-1", "导出格式与客户确认", owner="alice", due="2026-12-02")
    promised = meetings.make_promise(ws, row["id"], version=row["version"])
    assert (promised["promise"], promised["commitment"], promised["version"]) == (True, "CM-1", 2)
    assert commitments.get(ws, "CM-1")["owner"] == "alice"
    with pytest.raises(ValidationError):
        meetings.make_promise(ws, row["id"])
    with pytest.raises(NotFound):
        meetings.make_promise(ws, 999)


def test_action_number_counts_from_one_in_the_order_noted(ws):
    meeting(ws)
    meeting(ws, title="Empty")
    first = meetings.add_action(ws, "MT-1", "a", owner="liming", due="2026-12-01")
    second = meetings.add_action(ws, "mt-1", "b", owner="liming", due="2026-12-01")
    assert meetings.action_number(ws, "mt-1", 1)["id"] == first["id"]
    assert meetings.action_number(ws, "MT-1", "2")["id"] == meetings.action_number(ws, "MT-1", "#2")["id"] == second["id"]
    for bad in (0, 3, "x", "", "1.5"):
        with pytest.raises(NotFound, match="MT-1 has no action item .*numbered 1 to 2"):
            meetings.action_number(ws, "MT-1", bad)
    with pytest.raises(NotFound, match="MT-2 has no action items"):
        meetings.action_number(ws, "MT-2", 1)
    with pytest.raises(NotFound, match="No meeting MT-9"):
        meetings.action_number(ws, "MT-9", 1)


def test_done_is_version_checked_and_only_a_change_is_recorded(ws):
    meeting(ws)
    row = meetings.add_action(ws, "MT-1", "出报表原型", owner="liming", due="2026-12-01")
    done = meetings.set_done(ws, row["id"], version=row["version"])
    assert (done["done_at"], done["version"], done["updated_by"]) == (ws.clock(), 2, "wangfang")
    assert trail(ws, "MT-1")[-1] == ("done", "action", str(row["id"]), "出报表原型")
    before = counts(ws)
    assert meetings.set_done(ws, row["id"], True)["version"] == 2  # done already: nothing written
    assert counts(ws) == before
    with pytest.raises(ConflictError):  # someone else changed it since version 1
        meetings.set_done(ws, row["id"], False, version=row["version"])
    undone = meetings.set_done(ws, row["id"], False, version=2)
    assert (undone["done_at"], undone["version"]) == (None, 3)
    assert trail(ws, "MT-1")[-1] == ("reopen", "action", str(row["id"]), "出报表原型")
    with pytest.raises(NotFound):
        meetings.set_done(ws, 999)


def test_a_task_promised_later_goes_to_the_client_side_and_counts_as_a_promise(ws):
    meeting(ws)
    task = meetings.add_action(ws, "MT-1", "导出格式与客户确认", owner="alice", due="2026-12-02")
    other = meetings.add_action(ws, "MT-1", "出原型", owner="liming", due="2026-12-03")
    assert meetings.promise_to(ws, meetings.require(ws, "MT-1")) == "刘总 (ACME 信息部), 孙主管"
    promised = meetings.make_promise(ws, task["id"], version=task["version"])
    cm = commitments.get(ws, promised["commitment"])
    assert (cm["to_whom"], cm["due"], cm["owner"]) == ("刘总 (ACME 信息部), 孙主管", "2026-12-02", "alice")
    assert trail(ws, "MT-1")[-1] == ("promise", "action", "CM-1", "导出格式与客户确认")
    named = meetings.make_promise(ws, other["id"], to_whom="孙主管")
    assert commitments.get(ws, named["commitment"])["to_whom"] == "孙主管"
    with pytest.raises(ConflictError):
        meetings.make_promise(ws, task["id"], version=task["version"])
    select, params, _order = meetings.list_query()
    row = ws.query(select, params)[0]
    assert (row["action_count"], row["promise_count"]) == (2, 2)


def test_lists(ws):
    meeting(ws, day="2026-11-20", title="Older")
    meeting(ws, day="2026-11-26", project="NOVA", title="Newer", client_attendees=[])
    meetings.decide(ws, "MT-1", "a")
    meetings.add_action(ws, "MT-1", "b", owner="liming", due="2026-12-01")
    rows = meetings.list_rows(ws)
    assert [(r["key"], r["decisions"], r["actions"]) for r in rows] == [("MT-2", 0, 0), ("MT-1", 1, 1)]
    assert rows[1]["attendees"] == ["wangfang", "liming"]
    assert [r["key"] for r in meetings.list_rows(ws, "acme")] == ["MT-1"]
    select, params, order = meetings.list_query("older")
    assert [r["key"] for r in ws.query(select + " ORDER BY " + ", ".join(order), params)] == ["MT-1"]
    select, params, order = meetings.list_query("100%_")
    assert ws.query(select, params) == []


# -- the minutes --------------------------------------------------------------------------------------


@pytest.fixture
def full(ws):
    meeting(ws)
    meetings.decide(ws, "MT-1", "月报按区域汇总", "REQ-1")
    meetings.add_action(ws, "MT-1", "发纪要", owner="liming", due="2026-12-04", promise=True)
    meetings.add_action(ws, "MT-1", "出原型", owner="alice", due="2026-12-01")
    meetings.save_notes(ws, "MT-1", "第一行\n第二行")
    return ws


def test_minutes_in_the_clients_language_by_default(full):
    text = minutes.minutes_markdown(full, "MT-1")
    assert text.startswith("# 会议纪要：报表需求调研\n")
    assert "- **会议类型：** 需求调研会" in text
    assert "- **团队参会人：** 王芳、李明" in text
    assert "1. 月报按区域汇总" in text and "REQ-1 月度报表" in text
    assert "负责人：李明 · 截止日期：2026年12月4日 · 我方承诺 CM-1" in text
    assert "```\n第一行\n第二行\n```" in text
    english = minutes.minutes_markdown(full, "MT-1", "en")
    assert english.startswith("# Meeting minutes: 报表需求调研\n")
    assert "Owner: 李明 · Due: December 4, 2026 · Our commitment CM-1" in english
    assert "Team task" in english
    from tui import i18n

    assert i18n.get_language() == "en"  # the interface language is back


def test_minutes_tick_a_done_task(full):
    meetings.set_done(full, meetings.action_number(full, "MT-1", 2)["id"])
    text = minutes.minutes_markdown(full, "MT-1", "en")
    assert "1. 发纪要  " in text and "2. ✓ 出原型  " in text and "Team task · done" in text
    page = minutes.minutes_html(full, "MT-1", "en")
    assert '<tr class="done"><td>2</td><td>✓ 出原型</td>' in page and "<tr><td>1</td><td>发纪要</td>" in page
    assert "tr.done td" in page


def test_minutes_html_is_self_contained(full):
    page = minutes.minutes_html(full, "MT-1")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    assert "<style>" in page and "<script" not in page.lower()
    assert not re.search(r"(src|href)\s*=", page)
    assert "default-src 'none'" in page
    assert "<h1>会议纪要：报表需求调研</h1>" in page
    assert '<div class="notes">第一行\n第二行</div>' in page


def test_minutes_escape_what_people_typed(ws):
    meeting(ws, title="# <b>Title</b> [x](http://evil)", client_attendees=["<script>alert(1)</script>"])
    meetings.decide(ws, "MT-1", "* not a list | not a cell <img src=x>")
    meetings.save_notes(ws, "MT-1", "```\n# heading\n</div><script>x()</script>\n\x1b[31mred")
    text = minutes.minutes_markdown(ws, "MT-1", "en")
    assert "\n# heading" not in text.split("```", 1)[0]
    assert r"\# \<b\>Title\</b\> \[x\]\(http\:/" in text
    assert r"1. \* not a list \| not a cell \<img src=x\>" in text
    fence = re.search(r"\n(`{4,})\n", text).group(1)  # longer than the run of backticks typed
    assert text.count(fence) == 2
    assert "\x1b" not in text and "␛[31mred" in text
    page = minutes.minutes_html(ws, "MT-1", "en")
    assert "<script" not in page.lower() and "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;/div&gt;&lt;script&gt;x()&lt;/script&gt;" in page
    assert "\x1b" not in page


def test_minutes_refuse_an_unknown_language_or_format(full):
    with pytest.raises(ValidationError):
        minutes.minutes(full, "MT-1", "fr")
    with pytest.raises(ValidationError):
        minutes.minutes(full, "MT-1", fmt="pdf")
    assert minutes.minutes_filename(meetings.get(full, "MT-1"), "html") == "MT-1-2026-11-26.html"


def test_minutes_with_nothing_recorded(ws):
    meeting(ws, client_attendees=[], attendees=[])
    text = minutes.minutes_markdown(ws, "MT-1", "en")
    assert "No decisions were recorded." in text and "No action items were recorded." in text


# -- demo ---------------------------------------------------------------------------------------------------


def test_demo_has_meetings_with_decisions_and_promises(demo_store):
    rows = meetings.list_rows(demo_store)
    assert len(rows) == 3 and rows[0]["date"] == "2026-11-27"
    promised = demo_store.query("SELECT * FROM meeting_actions WHERE promise = 1")
    assert promised and all(commitments.get(demo_store, a["commitment"]) for a in promised)
    linked = demo_store.query("SELECT * FROM activity WHERE action = 'decision'")
    assert {a["key"][:3] for a in linked} == {"REQ", "CR-"}
    assert demo.is_demo(demo_store)
