"""Feedback store: adding, editing, every workflow move, conflicts, conversion, activity."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.store import feedback, members, projects, workflow
from tui.store.errors import ConflictError, NotFound, ValidationError, WorkflowError
from tui.store.fields import is_one_line


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal", "ACME 集团")
    projects.add(store, "NOVA", "Nova bank")
    members.add(store, "liming", "李明")
    return store


def activity(store, key):
    return store.query("SELECT * FROM activity WHERE key = ? ORDER BY id", (key,))


def test_add_defaults_and_activity(ws):
    row = feedback.add(ws, "登录太慢", project="acme", contact="赵经理", channel="wechat", csat="2")
    assert row["key"] == "FB-1" and row["number"] == 1
    assert row["project"] == "ACME" and row["channel"] == "im" and row["csat"] == 2
    assert row["sentiment"] == "negative" and row["status"] == "new"
    assert row["received_at"] == ws.clock() and row["created_by"] == "wangfang" and row["version"] == 1
    assert [(a["action"], a["new"]) for a in activity(ws, "FB-1")] == [("create", "new")]
    assert feedback.add(ws, "ok", project="NOVA")["key"] == "FB-2"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"summary": "  "}, "summary"),
        ({"summary": "x", "csat": 6}, "csat"),
        ({"summary": "x", "csat": "zero"}, "csat"),
        ({"summary": "x", "channel": "fax"}, "channel"),
        ({"summary": "x", "received_on": "27/11/2026"}, "received_on"),
        ({"summary": "x", "follow_up_on": "tomorrow"}, "follow_up_on"),
        ({"summary": "x", "owner": "nobody"}, "owner"),
        ({"summary": "x", "sentiment": "angry"}, "sentiment"),
    ],
)
def test_add_refuses_bad_values(ws, kwargs, field):
    summary = kwargs.pop("summary")
    with pytest.raises(ValidationError) as info:
        feedback.add(ws, summary, project="ACME", **kwargs)
    assert info.value.field == field
    assert ws.scalar("SELECT count(*) FROM feedback") == 0


def test_bad_date_message_in_chinese(ws):
    from tui import i18n

    i18n.set_language("zh_CN")
    with pytest.raises(ValidationError) as info:
        feedback.add(ws, "x", project="ACME", received_on="2026-13-40")
    assert "YYYY-MM-DD" in str(info.value) and "日期" in str(info.value)


def test_received_on_a_past_day(ws):
    row = feedback.add(ws, "x", project="ACME", received_on="2026-11-20")
    assert row["received_at"].startswith("2026-11-20T")


ALL_MOVES = [
    (current, target)
    for current in workflow.statuses(workflow.FEEDBACK)
    for target in workflow.statuses(workflow.FEEDBACK)
]
PATH = {
    "new": [],
    "acknowledged": ["acknowledged"],
    "in_progress": ["acknowledged", "in_progress"],
    "resolved": ["acknowledged", "resolved"],
    "closed": ["acknowledged", "resolved", "closed"],
}


@pytest.mark.parametrize("current, target", ALL_MOVES)
def test_every_move(ws, current, target):
    row = feedback.add(ws, "x", project="ACME")
    for step in PATH[current]:
        row = feedback.move(ws, row["key"], step, outcome="fine")
    before = row["version"]
    if target in workflow.allowed(workflow.FEEDBACK, current):
        moved = feedback.move(ws, row["key"], target, outcome="回访顺利")
        assert moved["status"] == target and moved["version"] == before + 1
        last = [a for a in activity(ws, row["key"]) if a["action"] == "move"][-1]
        assert (last["action"], last["old"], last["new"], last["actor"]) == ("move", current, target, "wangfang")
    else:
        with pytest.raises(WorkflowError) as info:
            feedback.move(ws, row["key"], target, outcome="x")
        assert feedback.get(ws, row["key"])["version"] == before
        for allowed in info.value.allowed:
            assert allowed in str(info.value)


def test_acknowledge_stamps_and_close_needs_outcome(ws):
    row = feedback.add(ws, "x", project="ACME")
    row = feedback.move(ws, "FB-1", "acknowledged")
    assert row["acknowledged_at"] == ws.clock()
    feedback.move(ws, "FB-1", "resolved")
    with pytest.raises(ValidationError) as info:
        feedback.move(ws, "FB-1", "closed", outcome="  ")
    assert info.value.field == "outcome"
    row = feedback.move(ws, "FB-1", "closed", outcome="客户满意")
    assert row["follow_up_outcome"] == "客户满意" and row["closed_at"] == ws.clock()
    assert [a for a in activity(ws, "FB-1") if a["action"] == "move"][-1]["note"] == "客户满意"


def test_version_conflict_writes_nothing(ws):
    row = feedback.add(ws, "first", project="ACME")
    feedback.edit(ws, "FB-1", {"summary": "theirs"}, row["version"])
    count = ws.scalar("SELECT count(*) FROM activity")
    with pytest.raises(ConflictError) as info:
        feedback.edit(ws, "FB-1", {"summary": "mine"}, row["version"])
    assert info.value.current["summary"] == "theirs"
    with pytest.raises(ConflictError):
        feedback.move(ws, "FB-1", "acknowledged", version=row["version"])
    with pytest.raises(ConflictError):
        feedback.assign(ws, "FB-1", "liming", version=row["version"])
    with pytest.raises(ConflictError):
        feedback.schedule_follow_up(ws, "FB-1", "2026-12-01", version=row["version"])
    assert feedback.get(ws, "FB-1")["summary"] == "theirs"
    assert ws.scalar("SELECT count(*) FROM activity") == count


def test_edit_records_each_changed_field(ws):
    row = feedback.add(ws, "x", project="ACME", csat=3)
    row = feedback.edit(ws, "FB-1", feedback.form_values(row) | {"csat": "5", "contact": "刘总", "owner": "liming"},
                        row["version"])
    assert (row["csat"], row["contact"], row["owner"], row["version"]) == (5, "刘总", "liming", 2)
    edits = {(a["field"], a["new"]) for a in activity(ws, "FB-1") if a["action"] == "edit"}
    assert edits == {("csat", "5"), ("contact", "刘总"), ("owner", "liming")}
    same = feedback.edit(ws, "FB-1", feedback.form_values(row), row["version"])
    assert same["version"] == 2


def test_assign_and_follow_up(ws):
    feedback.add(ws, "x", project="ACME")
    row = feedback.assign(ws, "FB-1", "wangfang")
    assert row["owner"] == "wangfang"
    row = feedback.schedule_follow_up(ws, "FB-1", "2026-12-01", version=row["version"])
    assert row["follow_up_on"] == "2026-12-01"
    assert activity(ws, "FB-1")[-1]["field"] == "follow_up_on"
    with pytest.raises(ValidationError):
        feedback.schedule_follow_up(ws, "FB-1", "12/01")
    with pytest.raises(NotFound):
        feedback.assign(ws, "FB-99", "wangfang")


def test_to_requirement_links_both_ways_in_one_step(ws):
    feedback.add(ws, "希望增加按部门汇总的报表\n第二行", project="ACME", contact="孙主管", csat=4)
    req = feedback.to_requirement(ws, "FB-1")
    assert req["key"] == "REQ-1" and req["status"] == "draft" and req["project"] == "ACME"
    assert req["title"] == "希望增加按部门汇总的报表 第二行" and "FB-1" in req["detail"]
    assert req["source"] == "孙主管 (FB-1)"
    source = feedback.get(ws, "FB-1")
    assert source["linked_key"] == "REQ-1"
    assert source["status"] == "acknowledged" and source["acknowledged_at"] == ws.clock()  # new → acknowledged
    assert feedback.links(ws, "FB-1") == ["REQ-1"] and feedback.links(ws, "REQ-1") == ["FB-1"]
    assert ws.scalar("SELECT count(*) FROM links") == 2
    created = ws.query("SELECT * FROM activity WHERE key = 'REQ-1'")
    assert [(a["entity"], a["action"], a["new"]) for a in created] == [
        ("requirement", "create", req["title"]), ("requirement", "link", "FB-1")]
    trail = [(a["action"], a["field"], a["new"]) for a in activity(ws, "FB-1") if not (a["note"] or "").startswith("#")]
    assert trail[-2:] == [("edit", "linked_key", "REQ-1"), ("move", "status", "acknowledged")]


def test_to_change_request(ws):
    feedback.add(ws, "Change the receipt layout", project="NOVA", contact="Grace")
    cr = feedback.to_change_request(ws, "FB-1")
    assert (cr["key"], cr["status"], cr["requested_by"], cr["project"]) == ("CR-1", "submitted", "Grace", "NOVA")
    assert feedback.get(ws, "FB-1")["linked_key"] == "CR-1"
    assert feedback.links(ws, "CR-1") == ["FB-1"]
    assert ws.query("SELECT entity, action FROM activity WHERE key = 'CR-1'") == [
        {"entity": "change_request", "action": "create"}, {"entity": "change_request", "action": "link"}]


def test_change_request_from_feedback_is_like_any_new_one(ws, clock):
    """Made through the Changes store: searchable by its key, and at the top of its
    priority in the queue (its status time is now), like a request submitted by hand."""
    from tui.store import changes

    changes.add(ws, "Older request", priority="P2")
    clock.advance(minutes=5)
    feedback.add(ws, "Change the receipt layout", project="NOVA", contact="Grace")
    cr = feedback.to_change_request(ws, "FB-1")
    assert cr["key"] == "CR-2" and cr["status_at"] == clock() and "cr-2" in cr["search"]
    queue = changes.queue_source(ws, changes.QueueFilter(text="CR-2"))
    assert [row["key"] for row in queue.fetch(0, 10)] == ["CR-2"]
    order = changes.queue_source(ws).fetch(0, 10)
    assert [row["key"] for row in order] == ["CR-2", "CR-1"]


def test_conversion_takes_the_forms_values(ws):
    feedback.add(ws, "Receipts in Chinese", project="NOVA", contact="Grace", owner="liming")
    values = feedback.change_request_values(feedback.get(ws, "FB-1"))
    assert values["title"] == "Receipts in Chinese" and values["requested_by"] == "Grace" and values["project"] == "NOVA"
    cr = feedback.to_change_request(ws, "FB-1", {**values, "title": "Chinese receipts", "priority": "P1"})
    assert (cr["title"], cr["priority"], cr["requested_by"]) == ("Chinese receipts", "P1", "Grace")
    feedback.add(ws, "Export by department", project="ACME", contact="孙主管", owner="liming")
    values = feedback.requirement_values(feedback.get(ws, "FB-2"))
    assert (values["owner"], values["project"], values["source"]) == ("liming", "ACME", "孙主管 (FB-2)")
    with pytest.raises(ValidationError) as info:
        feedback.to_requirement(ws, "FB-2", {**values, "title": " "})  # the Requirements store checks it
    assert info.value.field == "title"
    assert ws.scalar("SELECT count(*) FROM requirements") == 0
    assert feedback.get(ws, "FB-2")["status"] == "new"  # nothing written
    req = feedback.to_requirement(ws, "FB-2", values)
    assert req["owner"] == "liming"


def test_conversion_of_acknowledged_feedback_does_not_move_it(ws):
    feedback.add(ws, "x", project="ACME")
    feedback.move(ws, "FB-1", "acknowledged")
    feedback.move(ws, "FB-1", "in_progress")
    feedback.to_requirement(ws, "FB-1")
    assert feedback.get(ws, "FB-1")["status"] == "in_progress"


def test_no_area_writes_another_areas_table():
    """Each store module writes only its own tables (links through links.py): the text
    of INSERT/UPDATE/DELETE statements names no other area's table."""
    import re
    from pathlib import Path

    import tui.store as package

    own = {
        "feedback.py": {"feedback"}, "changes.py": {"change_requests"}, "requirements.py": {"requirements"},
        "commitments.py": {"commitments"}, "links.py": {"links"}, "milestones.py": {"milestones"},
    }
    tables = {"feedback", "change_requests", "requirements", "commitments", "links", "milestones"}
    folder = Path(package.__file__).parent
    for name, mine in own.items():
        text = (folder / name).read_text(encoding="utf-8")
        written = set(re.findall(r"(?:INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+(\w+)", text))
        written |= set(re.findall(r"store\.db\[[\"'](\w+)[\"']\]", text))
        assert (written & tables) <= mine, (name, written & tables)


def test_conversion_is_one_transaction(ws, monkeypatch):
    row = feedback.add(ws, "x", project="ACME")
    feedback.edit(ws, "FB-1", {"summary": "y"}, row["version"])
    with pytest.raises(ConflictError):
        feedback.to_requirement(ws, "FB-1", version=row["version"])
    assert ws.scalar("SELECT count(*) FROM requirements") == 0
    assert ws.scalar("SELECT count(*) FROM links") == 0


def test_link_existing(ws):
    feedback.add(ws, "x", project="ACME")
    feedback.to_change_request(ws, "FB-1")
    feedback.add(ws, "y", project="ACME")
    row = feedback.link(ws, "FB-2", "cr-1")
    assert row["linked_key"] == "CR-1"
    assert feedback.links(ws, "CR-1") == ["FB-1", "FB-2"]
    with pytest.raises(NotFound):
        feedback.link(ws, "FB-2", "REQ-9")
    with pytest.raises(ValidationError):
        feedback.link(ws, "FB-2", "hello")


def test_list_query_filters_in_sql(ws):
    from tui.store.rows import SQLSource

    feedback.add(ws, "登录太慢", project="ACME", received_on="2026-11-20")
    feedback.add(ws, "100% happy_", project="NOVA", received_on="2026-11-25")
    source = SQLSource(ws.conn, feedback.list_query(""))
    assert source.count() == 2 and [r["key"] for r in source.fetch(0, 10)] == ["FB-2", "FB-1"]
    assert [r["key"] for r in SQLSource(ws.conn, feedback.list_query("登录")).fetch(0, 10)] == ["FB-1"]
    assert SQLSource(ws.conn, feedback.list_query("100%")).count() == 1
    assert SQLSource(ws.conn, feedback.list_query("_")).count() == 1
    assert SQLSource(ws.conn, feedback.list_query("happy nova")).count() == 1  # every word, anywhere


def test_demo_has_feedback(demo_store):
    rows = feedback.list_rows(demo_store)
    assert len(rows) >= 10
    assert any("\u4e00" <= ch <= "\u9fff" for row in rows for ch in row["summary"])
    assert {row["status"] for row in rows} >= {"new", "acknowledged", "closed"}


NASTY = st.one_of(
    st.sampled_from(["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b\x07c", "x" * 10_000,
                     "客户反馈：很慢", "🎉🔥", "line1\nline2\r\n"]),
    st.text(min_size=1, max_size=200),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NASTY)
def test_any_text_is_stored_exactly(ws, text):
    if not text.strip():
        with pytest.raises(ValidationError):
            feedback.add(ws, text, project="ACME", contact=text[:500])
        return
    contact = text[:500]
    if not is_one_line(contact):  # a contact is one line of plain text (issue 11)
        with pytest.raises(ValidationError):
            feedback.add(ws, text, project="ACME", contact=contact)
        contact = ""
    row = feedback.add(ws, text, project="ACME", contact=contact)
    assert row["summary"] == text and row["contact"] == contact
    row = feedback.move(ws, row["key"], "acknowledged")
    row = feedback.move(ws, row["key"], "resolved")
    row = feedback.move(ws, row["key"], "closed", outcome=text)
    assert row["follow_up_outcome"] == text


def test_csat_rows_summed_in_sql_match_the_reference(demo_store):
    from tui.store import trust

    raw = demo_store.query("SELECT project, received_at, csat FROM feedback WHERE csat IS NOT NULL")
    assert trust.csat_by_week(feedback.csat_rows(demo_store)) == trust.csat_by_week(raw)
    weeks = trust.last_weeks(demo_store.today(), 8)
    assert trust.csat_series(feedback.csat_rows(demo_store), weeks) == trust.csat_series(raw, weeks)


def test_undo_restores_the_stamps_of_a_move(ws, clock):
    feedback.add(ws, "x", project="ACME")
    feedback.move(ws, "FB-1", "acknowledged")
    feedback.move(ws, "FB-1", "resolved")
    clock.advance(minutes=1)
    row = feedback.move(ws, "FB-1", "closed", outcome="回访顺利")
    assert row["closed_at"] == clock()
    row = feedback.undo(ws)
    assert (row["status"], row["closed_at"], row["follow_up_outcome"]) == ("resolved", None, "")
    assert feedback.undo(ws)["status"] == "acknowledged"
    row = feedback.undo(ws)
    assert (row["status"], row["acknowledged_at"]) == ("new", None)
    from tui.store.errors import StoreError

    with pytest.raises(StoreError):
        feedback.undo(ws)


def test_undo_refused_when_someone_changed_it_since(ws, clock):
    from conftest import make_store

    feedback.add(ws, "x", project="ACME")
    feedback.move(ws, "FB-1", "acknowledged")
    other = make_store(ws.path, clock, "liming")
    try:
        feedback.assign(other, "FB-1", "liming")
        with pytest.raises(ConflictError) as info:
            feedback.undo(ws)
        assert "李明" in str(info.value)
        assert feedback.get(ws, "FB-1")["status"] == "acknowledged"
    finally:
        other.close()
