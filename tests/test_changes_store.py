"""Change requests, store level: the workflow table (every allowed and refused move), lead
checks, "assessed before approve", reasons, versions, the activity trail, undo, duplicates,
snooze and the SQL queue."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_store
from tui.store import changes, members, workflow
from tui.store.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    StoreError,
    ValidationError,
    WorkflowError,
)
from tui.store.fields import is_one_line

STATUSES = workflow.statuses(changes.KIND)
# How to reach each status from "submitted".
PATHS = {
    "submitted": [],
    "assessing": ["assessing"],
    "approved": ["assessing", "approved"],
    "rejected": ["assessing", "rejected"],
    "implementing": ["assessing", "approved", "implementing"],
    "verifying": ["assessing", "approved", "implementing", "verifying"],
    "done": ["assessing", "approved", "implementing", "verifying", "done"],
    "withdrawn": ["withdrawn"],
}
ASSESSMENT = {"effort_days": "3", "schedule_days": "2", "cost": "5000", "risk": "medium", "assessment_note": "ok"}


def at_status(store, status: str, title: str = "Change") -> dict:
    row = changes.add(store, title)
    for target in PATHS[status]:
        if target == "approved":
            changes.assess(store, row["key"], ASSESSMENT, expected_version=None)
        row = changes.move(store, row["key"], target, note="because")
    assert row["status"] == status
    return row


def test_paths_cover_every_status():
    assert set(PATHS) == set(STATUSES)


@pytest.mark.parametrize("source", STATUSES)
@pytest.mark.parametrize("target", STATUSES)
def test_every_move(store, source, target):
    row = at_status(store, source)
    if target == "approved" and source == "assessing":
        changes.assess(store, row["key"], ASSESSMENT, expected_version=None)
    before = store.scalar("SELECT count(*) FROM activity")
    if target in workflow.allowed(changes.KIND, source):
        moved = changes.move(store, row["key"], target, note="reason")
        assert moved["status"] == target
        last = store.query_one("SELECT * FROM activity WHERE action = 'move' ORDER BY id DESC LIMIT 1")
        assert (last["old"], last["new"], last["actor"], last["note"]) == (source, target, "wangfang", "reason")
    else:
        with pytest.raises(WorkflowError) as raised:
            changes.move(store, row["key"], target, note="reason")
        allowed = workflow.allowed(changes.KIND, source)
        assert raised.value.allowed == allowed
        message = str(raised.value)
        if allowed:
            for name in allowed:
                assert name in message
        else:
            assert "final" in message
        assert changes.get(store, row["key"])["status"] == source
        assert store.scalar("SELECT count(*) FROM activity") == before


@pytest.mark.parametrize("target", ["approved", "rejected"])
def test_member_cannot_decide(store, clock, target):
    members.add(store, "liming", "李明")
    row = at_status(store, "assessing")
    changes.assess(store, row["key"], ASSESSMENT, expected_version=None)
    member = make_store(store.path, clock, user="liming")
    with pytest.raises(PermissionDenied) as raised:
        changes.move(member, row["key"], target, note="no")
    assert "lead" in str(raised.value)
    assert changes.get(store, row["key"])["status"] == "assessing"
    # A member may do the rest of the work.
    other = changes.add(member, "Other")
    assert changes.move(member, other["key"], "assessing")["status"] == "assessing"
    member.close()


def test_member_refused_in_chinese(store, clock):
    from tui import i18n

    members.add(store, "liming", "李明")
    row = at_status(store, "assessing")
    member = make_store(store.path, clock, user="liming")
    i18n.set_language("zh_CN")
    with pytest.raises(PermissionDenied) as raised:
        changes.move(member, row["key"], "rejected", note="no")
    assert "负责人" in str(raised.value)
    member.close()


def test_approve_needs_assessment(store):
    row = at_status(store, "assessing")
    with pytest.raises(WorkflowError) as raised:
        changes.move(store, row["key"], "approved")
    assert "assessed" in str(raised.value)
    changes.assess(store, row["key"], ASSESSMENT, expected_version=None)
    row = changes.move(store, row["key"], "approved", note="ok")
    assert (row["decided_by"], row["decision_note"]) == ("wangfang", "ok")


def test_reject_needs_reason(store):
    row = at_status(store, "assessing")
    with pytest.raises(ValidationError):
        changes.move(store, row["key"], "rejected", note="   ")
    row = changes.move(store, row["key"], "rejected", note="out of scope")
    assert row["decision_note"] == "out of scope" and row["decided_at"]


def test_assess_moves_submitted_and_validates(store):
    row = changes.add(store, "X")
    with pytest.raises(ValidationError) as raised:
        changes.assess(store, row["key"], {**ASSESSMENT, "effort_days": "abc"}, expected_version=row["version"])
    assert raised.value.field == "effort_days"
    with pytest.raises(ValidationError) as raised:
        changes.assess(store, row["key"], {**ASSESSMENT, "risk": "huge"}, expected_version=row["version"])
    assert raised.value.field == "risk"
    with pytest.raises(ValidationError) as raised:
        changes.assess(store, row["key"], {**ASSESSMENT, "cost": "-1"}, expected_version=row["version"])
    with pytest.raises(ValidationError) as raised:
        changes.assess(store, row["key"], {**ASSESSMENT, "requirement": "REQ-999"}, expected_version=row["version"])
    assert raised.value.field == "requirement"
    row = changes.assess(store, row["key"], ASSESSMENT, expected_version=row["version"])
    assert row["status"] == "assessing" and row["effort_days"] == 3 and row["risk"] == "medium"
    assert row["assessed_by"] == "wangfang"
    with pytest.raises(ConflictError) as conflict:
        changes.assess(store, row["key"], ASSESSMENT, expected_version=row["version"] - 1)
    assert conflict.value.current["version"] == row["version"]
    done = at_status(store, "done")
    with pytest.raises(WorkflowError):
        changes.assess(store, done["key"], ASSESSMENT, expected_version=None)


def test_version_conflict_writes_nothing(store, clock):
    row = changes.add(store, "X")
    other = make_store(store.path, clock, user="wangfang")
    changes.set_priority(other, row["key"], "P0", expected_version=row["version"])
    before = store.scalar("SELECT count(*) FROM activity")
    with pytest.raises(ConflictError):
        changes.move(store, row["key"], "assessing", expected_version=row["version"])
    with pytest.raises(ConflictError):
        changes.edit(store, row["key"], {"title": "Y"}, expected_version=row["version"])
    assert store.scalar("SELECT count(*) FROM activity") == before
    assert changes.get(store, row["key"])["status"] == "submitted"
    other.close()


def test_add_validates(store):
    with pytest.raises(ValidationError):
        changes.add(store, "   ")
    with pytest.raises(ValidationError):
        changes.add(store, "x", priority="P9")
    with pytest.raises(ValidationError):
        changes.add(store, "x", project="NOPE")
    with pytest.raises(NotFound):
        changes.move(store, "CR-99", "assessing")
    with pytest.raises(ValidationError):
        changes.move(store, "bogus", "assessing")
    row = changes.add(store, "first")
    assert row["key"] == "CR-1" and changes.add(store, "second")["key"] == "CR-2"
    assert changes.get(store, "cr-1")["title"] == "first"


def test_edit_records_each_field(store):
    row = changes.add(store, "Old", requested_by="ACME")
    row = changes.edit(store, row["key"], {"title": "New", "priority": "P1", "requested_by": "ACME"},
                       expected_version=row["version"])
    assert (row["title"], row["priority"], row["version"]) == ("New", "P1", 2)
    edits = store.query("SELECT field, old, new FROM activity WHERE action = 'edit' ORDER BY id")
    assert edits == [{"field": "title", "old": "Old", "new": "New"}, {"field": "priority", "old": "P2", "new": "P1"}]


def test_assign(store):
    row = changes.add(store, "x")
    assert changes.assign(store, row["key"])["assignee"] == "wangfang"
    with pytest.raises(ValidationError):
        changes.assign(store, row["key"], "nobody")


def test_undo_chain_and_record(store):
    row = changes.add(store, "x")
    changes.move(store, row["key"], "assessing")
    changes.assess(store, row["key"], ASSESSMENT, expected_version=None)
    changes.move(store, row["key"], "approved", note="go")
    undone = changes.undo(store)
    assert undone["status"] == "assessing"
    assert undone["decided_by"] is None and undone["decision_note"] == ""
    last = store.query_one("SELECT * FROM activity ORDER BY id DESC LIMIT 1")
    assert (last["action"], last["field"], last["old"], last["new"]) == ("move", "undo", "approved", "assessing")
    # The assessment was an edit after the first move: undoing that move is refused.
    with pytest.raises(ConflictError):
        changes.undo(store)
    assert changes.get(store, row["key"])["status"] == "assessing"


def test_undo_two_moves_back(store):
    row = changes.add(store, "x")
    changes.move(store, row["key"], "assessing")
    changes.move(store, row["key"], "withdrawn", note="client withdrew")
    assert changes.undo(store)["status"] == "assessing"
    assert changes.undo(store)["status"] == "submitted"
    with pytest.raises(StoreError):
        changes.undo(store)


def test_undo_refused_when_someone_changed_it(store, clock):
    members.add(store, "liming", "李明")
    row = changes.add(store, "x")
    changes.move(store, row["key"], "assessing")
    other = make_store(store.path, clock, user="liming")
    changes.set_priority(other, row["key"], "P0")
    with pytest.raises(ConflictError) as raised:
        changes.undo(store)
    assert "CR-1" in str(raised.value)
    assert changes.get(store, row["key"])["status"] == "assessing"
    # Only my own moves are undone.
    changes.move(other, row["key"], "withdrawn")
    with pytest.raises(ConflictError):
        changes.undo(store)
    assert changes.undo(other)["status"] == "assessing"
    other.close()


def test_duplicate_and_undo(store):
    original = changes.add(store, "Original")
    copy = changes.add(store, "Copy")
    with pytest.raises(ValidationError):
        changes.mark_duplicate(store, copy["key"], copy["key"])
    with pytest.raises(ValidationError):
        changes.mark_duplicate(store, copy["key"], "CR-99")
    row = changes.mark_duplicate(store, copy["key"], "1")
    assert (row["status"], row["duplicate_of"]) == ("withdrawn", "CR-1")
    assert changes.duplicates_of(store, "CR-1") == ["CR-2"]
    with pytest.raises(ValidationError):
        changes.mark_duplicate(store, original["key"], copy["key"])
    row = changes.undo(store)
    assert (row["status"], row["duplicate_of"]) == ("submitted", None)
    assert changes.duplicates_of(store, "CR-1") == []
    done = at_status(store, "done")
    with pytest.raises(WorkflowError):
        changes.mark_duplicate(store, done["key"], "CR-1")


def test_snooze_hides_until_date(store):
    row = changes.add(store, "x")
    for bad in ("2026-11-27", "2020-01-01", "tomorrow", "2026-13-01", ""):
        with pytest.raises(ValidationError):
            changes.parse_future_date(store, bad)
    snoozed = changes.snooze(store, row["key"], "2026-12-01")
    assert snoozed["snoozed_until"] == "2026-12-01"
    assert changes.queue_source(store).count() == 0
    assert changes.queue_source(store, changes.QueueFilter("snoozed")).count() == 1
    assert changes.snooze(store, row["key"], "+3")["snoozed_until"] == "2026-11-30"
    assert changes.snooze(store, row["key"], None)["snoozed_until"] is None
    assert changes.queue_source(store).count() == 1
    done = at_status(store, "done")
    with pytest.raises(WorkflowError):
        changes.snooze(store, done["key"], "2026-12-01")


def test_queue_order_filters_and_paging(store, clock):
    low = changes.add(store, "低优先级 low", priority="P3", requested_by="ACME 张经理")
    clock.advance(minutes=1)
    high = changes.add(store, "客户反馈很慢 100% fix_it", priority="P0", requested_by="Nova")
    clock.advance(minutes=1)
    mid_old = changes.add(store, "mid old", priority="P1")
    clock.advance(minutes=1)
    mid_new = changes.add(store, "mid new", priority="P1")
    clock.advance(minutes=1)
    changes.move(store, mid_old["key"], "assessing")  # newest decision first within P1
    source = changes.queue_source(store)
    keys = [row["key"] for row in source.fetch(0, 10)]
    assert keys == [high["key"], mid_old["key"], mid_new["key"], low["key"]]
    assert source.index_of(low["key"]) == 3

    def find(text, view="open"):
        return [r["key"] for r in changes.queue_source(store, changes.QueueFilter(view, text)).fetch(0, 10)]

    assert find("客户") == [high["key"]]
    assert find("张经理") == [low["key"]]
    assert find("cr-3") == [mid_old["key"]]
    assert find("100%") == [high["key"]]
    assert find("%") == [high["key"]]
    assert find("_") == [high["key"]]
    assert find("MID") == [mid_old["key"], mid_new["key"]]
    assert find("mid new") == [mid_new["key"]]  # every word, anywhere
    assert find("", "assessing") == [mid_old["key"]]
    assert find("", "decision") == []
    changes.assess(store, mid_old["key"], ASSESSMENT, expected_version=None)
    assert find("", "decision") == [mid_old["key"]]
    changes.assign(store, low["key"])
    assert find("", "mine") == [low["key"]]
    changes.move(store, low["key"], "withdrawn")
    assert low["key"] not in find("")
    assert low["key"] in find("", "all")
    with pytest.raises(ValidationError):
        changes.queue_query(store, changes.QueueFilter("bogus"))


def test_queue_uses_index(store, monkeypatch):
    # Words as common as to be found by reading the queue in order (see the next test).
    monkeypatch.setattr(changes.AREA, "RARE", -1)
    monkeypatch.setattr(changes.AREA, "terms", lambda store, prefix: None)
    query = changes.queue_query(store)
    plan = store.query(f"EXPLAIN QUERY PLAN {query.select} INDEXED BY change_requests_queue ORDER BY {changes.QUEUE_ORDER}".replace(
        "FROM change_requests WHERE", "FROM change_requests INDEXED BY change_requests_queue WHERE").replace(" INDEXED BY change_requests_queue ORDER", " ORDER"), query.params)
    assert "TEMP B-TREE" not in " ".join(row["detail"] for row in plan)  # the index gives the order
    query = changes.queue_query(store, changes.QueueFilter("open", "客户 ap"))  # short words: a scan
    assert query.index == "change_requests_open_queue"
    plan = store.query(f"EXPLAIN QUERY PLAN SELECT count(*) FROM change_requests INDEXED BY {query.index} WHERE {query.where}", query.params)
    assert "COVERING INDEX change_requests_open_queue" in " ".join(row["detail"] for row in plan)
    query = changes.queue_query(store, changes.QueueFilter("all", "客户"))
    plan = store.query(f"EXPLAIN QUERY PLAN SELECT count(*) FROM change_requests INDEXED BY {query.index} WHERE {query.where}", query.params)
    assert "COVERING INDEX change_requests_queue" in " ".join(row["detail"] for row in plan)


def test_rare_words_are_read_through_the_trigram_index(store):
    changes.add(store, "客户要求 API 限流")
    for text in ("客户 api", "限流", "zq"):
        query = changes.queue_query(store, changes.QueueFilter("open", text))
        assert query.index is None and "MATCH" in query.where, text
        plan = " ".join(row["detail"] for row in store.query(f"EXPLAIN QUERY PLAN {query.select}", query.params))
        assert "change_requests_fts VIRTUAL TABLE INDEX" in plan, plan
        assert "SCAN change_requests " not in plan + " ", plan


def test_counts(store):
    a = changes.add(store, "a")
    b = changes.add(store, "b")
    changes.assess(store, b["key"], ASSESSMENT, expected_version=None)
    info = changes.counts(store)
    assert (info["submitted"], info["assessing"], info["decision"]) == (1, 1, 1)
    assert info["oldest"]["key"] == a["key"]


def test_demo_data(demo_store):
    rows = changes.list_rows(demo_store)
    assert len(rows) >= 12
    assert {row["status"] for row in rows} >= {"submitted", "assessing", "approved" if False else "implementing", "done", "rejected", "withdrawn"}
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in row["title"]) for row in rows)
    assert demo_store.scalar("SELECT count(*) FROM activity WHERE entity = 'change_request' AND action = 'move'") > 10


TRICKY = st.sampled_from([
    "[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b\x07c", "x" * 10_000,
    "客户反馈：很慢", "🎉 emoji", "line1\nline2\r\nline3", "%_\\",
])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.one_of(TRICKY, st.text(min_size=1, max_size=200)), detail=st.one_of(TRICKY, st.text(max_size=300)))
def test_text_stored_exactly(store, title, detail):
    if not title.strip():
        title = "t" + title
    if len(title) > changes.MAX_TITLE:
        with pytest.raises(ValidationError):
            changes.add(store, title)
        title = title[: changes.MAX_TITLE]
    if not is_one_line(title):  # a title is one line of plain text (issue 11)
        with pytest.raises(ValidationError):
            changes.add(store, title)
        title = "t"
    requested_by = detail[:200] if is_one_line(detail[:200]) else ""
    row = changes.add(store, title, detail=detail, requested_by=requested_by)
    assert (row["title"], row["detail"]) == (title, detail)
    found = changes.queue_source(store, changes.QueueFilter("all", title[:20])).fetch(0, 5000)
    assert row["key"] in {r["key"] for r in found}


def test_queue_source_positions_and_deep_pages(store, clock):
    for n in range(30):
        changes.add(store, f"item {n}", priority=f"P{n % 4}")
        clock.advance(seconds=1)
    source = changes.queue_source(store, changes.QueueFilter("open", "item"), cursor_key="CR-7")
    total = source.count()
    everything = source.fetch(0, 100)
    assert total == 30 and len(everything) == 30
    assert source.index_of("CR-7") == [r["key"] for r in everything].index("CR-7")
    fresh = changes.queue_source(store, changes.QueueFilter("open", "item"))
    fresh.count()
    for key in ("CR-1", "CR-30", "CR-12"):
        assert fresh.index_of(key) == [r["key"] for r in everything].index(key)
    assert fresh.fetch(20, 10) == everything[20:30]  # read backwards from the end
    assert fresh.fetch(5, 5) == everything[5:10]
    assert fresh.index_of("CR-999") is None


def test_bounded_source_reads_only_the_first_matches_then_counts_all(store, clock):
    for n in range(30):
        changes.add(store, f"item {n}", priority=f"P{n % 4}")
        clock.advance(seconds=1)
    everything = changes.queue_source(store, changes.QueueFilter("open", "item")).fetch(0, 100)
    keys = [r["key"] for r in everything]
    near, far = keys[3], keys[25]
    source = changes.queue_source(store, changes.QueueFilter("open", "item"), cursor_key=near, bound=10)
    assert source.count() == 10 and not source.exact
    assert source.index_of(near) == 3
    assert source.index_of(far) is None  # not read yet: the cursor goes elsewhere
    assert source.fetch(0, 10) == everything[:10]
    assert source.full_count() == 30 and source.exact
    assert source.index_of(near) == 3 and source.index_of(far) == 25
    assert source.fetch(20, 10) == everything[20:30]
    # Fewer matches than the bound: the bounded count is already exact.
    expected = changes.queue_source(store, changes.QueueFilter("open", "item 2")).count()
    few = changes.queue_source(store, changes.QueueFilter("open", "item 2"), bound=20)
    assert 0 < expected < 20
    assert few.count() == expected and few.exact
    assert few.full_count() == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reason=st.one_of(TRICKY, st.text(min_size=1, max_size=300)), note=st.one_of(TRICKY, st.text(max_size=300)))
def test_reason_and_assessment_note_stored_exactly(store, reason, note):
    if not reason.strip():
        reason = "r" + reason
    row = changes.add(store, "x")
    row = changes.assess(store, row["key"], {**ASSESSMENT, "assessment_note": note}, expected_version=row["version"])
    assert row["assessment_note"] == note
    row = changes.move(store, row["key"], "rejected", note=reason)
    assert row["decision_note"] == reason
    last = store.query_one("SELECT note FROM activity WHERE action = 'move' ORDER BY id DESC LIMIT 1")
    assert last["note"] == reason


def test_filter_finds_text_after_control_characters(store):
    row = changes.add(store, "placeholder")
    hostile = "\x00\r2 标题\x1b[31m"  # refused as a title, but a teammate can write it with sqlite3
    with store.write() as conn:
        # (the search text follows by itself: SQLite's triggers write it)
        conn.execute("UPDATE change_requests SET title = ? WHERE key = ?", (hostile, row["key"]))
    for text in ("\x00\r2", "标题", "[31m", "2"):
        found = [r["key"] for r in changes.queue_source(store, changes.QueueFilter("all", text)).fetch(0, 10)]
        assert row["key"] in found, text


def test_undo_restores_status_time_so_the_queue_order_comes_back(store, clock):
    first = changes.add(store, "First")
    clock.advance(minutes=1)
    second = changes.add(store, "Second")
    order = [row["key"] for row in changes.queue_source(store).fetch(0, 10)]
    assert order == [second["key"], first["key"]]
    clock.advance(minutes=1)
    moved = changes.move(store, first["key"], "assessing")
    assert moved["status_at"] == clock()
    clock.advance(minutes=1)
    row = changes.undo(store)
    assert (row["status"], row["status_at"]) == ("submitted", first["status_at"])
    assert [row["key"] for row in changes.queue_source(store).fetch(0, 10)] == order


def test_undo_says_who_moved_it_since(store, clock):
    members.add(store, "liming", "李明")
    row = changes.add(store, "x")
    changes.move(store, row["key"], "assessing")
    other = make_store(store.path, clock, user="liming")
    try:
        changes.move(other, row["key"], "withdrawn")
        with pytest.raises(ConflictError) as raised:
            changes.undo(store)
        assert "李明" in str(raised.value) and "withdrawn" in str(raised.value)
    finally:
        other.close()


@pytest.mark.parametrize("status", changes.DECIDED)
def test_decided_request_reopens_only_by_a_lead_with_a_reason(store, clock, status):
    members.add(store, "liming", "李明")
    row = at_status(store, status, "Export to Excel")
    assert row["decided_by"] == "wangfang"
    member = make_store(store.path, clock, user="liming")
    try:
        # A member: refused, in words, nothing written; other fields stay free.
        with pytest.raises(PermissionDenied) as refused:
            changes.edit(member, row["key"], {"title": "Export to Excel and PDF"}, expected_version=None,
                         reason="client asked")
        assert "lead" in str(refused.value)
        assert changes.get(store, row["key"])["version"] == row["version"]
        row = changes.edit(member, row["key"], {"priority": "P1"}, expected_version=row["version"])
        assert row["priority"] == "P1" and row["decided_by"] == "wangfang"
    finally:
        member.close()
    # A lead without a reason: asked for it.
    with pytest.raises(ValidationError) as missing:
        changes.edit(store, row["key"], {"detail": "also PDF"}, expected_version=row["version"])
    assert missing.value.field == "reason"
    clock.advance(hours=1)
    before = row
    row = changes.edit(store, row["key"], {"title": "Export to Excel and PDF", "detail": "also PDF"},
                       expected_version=row["version"], reason="Client added PDF in the weekly meeting")
    assert row["status"] == status and row["title"] == "Export to Excel and PDF"
    assert (row["decided_by"], row["decided_at"], row["decision_note"]) == (
        "wangfang", clock(), "Client added PDF in the weekly meeting")
    reopened = changes.reopen_history(store, row["key"])
    assert len(reopened) == 1
    assert (reopened[0]["old"], reopened[0]["new"], reopened[0]["note"]) == (
        before["decided_by"], "wangfang", "Client added PDF in the weekly meeting")
    # The search text follows the new title.
    assert [r["key"] for r in changes.queue_source(store, changes.QueueFilter("all", "PDF")).fetch(0, 5)] == [row["key"]]


def test_undecided_request_edits_freely(store, clock):
    members.add(store, "liming", "李明")
    row = at_status(store, "assessing")
    member = make_store(store.path, clock, user="liming")
    try:
        row = changes.edit(member, row["key"], {"title": "New words"}, expected_version=row["version"])
        assert row["title"] == "New words" and changes.reopen_history(store, row["key"]) == []
    finally:
        member.close()
