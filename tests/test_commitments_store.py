"""Commitments store: promises, every workflow move, moving the due date, on-time rate."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.store import commitments, members, projects, trust, workflow
from tui.store.errors import ConflictError, StoreError, ValidationError, WorkflowError
from tui.store.fields import is_one_line


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal")
    projects.add(store, "NOVA", "Nova bank")
    members.add(store, "liming", "李明")
    return store


def activity(store, key):
    return store.query("SELECT * FROM activity WHERE key = ? ORDER BY id", (key,))


def test_add(ws):
    row = commitments.add(ws, "发送周报", "2026-12-04", to_whom="刘总", project="ACME")
    assert (row["key"], row["status"], row["due"], row["original_due"], row["owner"]) == (
        "CM-1", "open", "2026-12-04", "2026-12-04", "wangfang")
    assert [(a["action"], a["new"]) for a in activity(ws, "CM-1")] == [("create", "open")]


@pytest.mark.parametrize("promise, due, field", [(" ", "2026-12-01", "promise"), ("x", "", "due"),
                                                 ("x", "next week", "due"), ("x", "2026-02-30", "due")])
def test_add_refused(ws, promise, due, field):
    with pytest.raises(ValidationError) as info:
        commitments.add(ws, promise, due, project="ACME")
    assert info.value.field == field


PATH = {"open": [], "renegotiated": ["renegotiated"], "kept": ["kept"], "missed": ["missed"]}


@pytest.mark.parametrize("current", workflow.statuses(workflow.COMMITMENT))
@pytest.mark.parametrize("target", workflow.statuses(workflow.COMMITMENT))
def test_every_move(ws, current, target):
    row = commitments.add(ws, "x", "2026-12-01", project="ACME")
    for step in PATH[current]:
        row = commitments.move(ws, row["key"], step, due="2026-12-05", note="客户同意顺延")
    before = row["version"]
    kwargs = {"due": "2026-12-10", "note": "reason"}
    if target in workflow.allowed(workflow.COMMITMENT, current):
        moved = commitments.move(ws, row["key"], target, **kwargs)
        assert moved["status"] == target and moved["version"] == before + 1
        assert moved["original_due"] == "2026-12-01"
        moves = [a for a in activity(ws, row["key"]) if a["action"] == "move"]
        assert (moves[-1]["old"], moves[-1]["new"]) == (current, target)
        if target in ("kept", "missed"):
            assert moved["closed_at"] == ws.clock()
    else:
        with pytest.raises(WorkflowError):
            commitments.move(ws, row["key"], target, **kwargs)
        assert commitments.get(ws, row["key"])["version"] == before


def test_move_due_needs_a_reason_and_keeps_original(ws):
    row = commitments.add(ws, "压测报告", "2026-11-20", project="NOVA")
    with pytest.raises(ValidationError) as info:
        commitments.move_due(ws, "CM-1", "2026-11-30", " ")
    assert info.value.field == "reason"
    with pytest.raises(ValidationError):
        commitments.move_due(ws, "CM-1", "soon", "reason")
    with pytest.raises(ValidationError):
        commitments.move_due(ws, "CM-1", "2026-11-20", "same day")
    row = commitments.move_due(ws, "CM-1", "2026-11-30", "环境审批延迟", version=row["version"])
    assert (row["status"], row["due"], row["original_due"]) == ("renegotiated", "2026-11-30", "2026-11-20")
    moved = activity(ws, "CM-1")[-2:]
    assert [(a["action"], a["field"], a["old"], a["new"], a["note"]) for a in moved] == [
        ("move", "status", "open", "renegotiated", "环境审批延迟"),
        ("edit", "due", "2026-11-20", "2026-11-30", f"#{moved[0]['id']}"),  # part of the move (undo restores it)
    ]
    # kept after the original due date: not on time
    commitments.move(ws, "CM-1", "kept")
    assert trust.on_time(commitments.closed_rows(ws)).rate == 0.0


def test_conflicts(ws):
    row = commitments.add(ws, "x", "2026-12-01", project="ACME")
    commitments.edit(ws, "CM-1", {"promise": "theirs"}, row["version"])
    with pytest.raises(ConflictError) as info:
        commitments.edit(ws, "CM-1", {"promise": "mine"}, row["version"])
    assert info.value.current["promise"] == "theirs"
    with pytest.raises(ConflictError):
        commitments.move(ws, "CM-1", "kept", version=row["version"])
    with pytest.raises(ConflictError):
        commitments.move_due(ws, "CM-1", "2026-12-09", "r", version=row["version"])
    assert commitments.get(ws, "CM-1")["status"] == "open"


def test_edit_cannot_move_due_silently(ws):
    row = commitments.add(ws, "x", "2026-12-01", project="ACME")
    with pytest.raises(ValidationError) as info:
        commitments.edit(ws, "CM-1", commitments.form_values(row) | {"due": "2026-12-09"}, row["version"])
    assert info.value.field == "due"
    row = commitments.edit(ws, "CM-1", commitments.form_values(row) | {"owner": "liming", "to_whom": "Grace"},
                           row["version"])
    assert (row["owner"], row["to_whom"], row["version"]) == ("liming", "Grace", 2)


def test_on_time_summary_and_overdue(ws, clock):
    commitments.add(ws, "a", "2026-11-20", project="ACME")
    commitments.add(ws, "b", "2026-11-25", project="ACME", owner="liming")
    commitments.add(ws, "c", "2026-11-30", project="NOVA", owner="liming")
    commitments.move(ws, "CM-1", "kept")  # today (27th) > 20th: late
    commitments.move(ws, "CM-3", "kept")  # on time
    summary = commitments.on_time_summary(ws)
    assert (summary["all"].closed, summary["all"].on_time) == (2, 1)
    assert summary["owner"]["liming"].rate == 1.0 and summary["owner"]["wangfang"].rate == 0.0
    assert [row["key"] for row in commitments.overdue(ws)] == ["CM-2"]
    assert [row["key"] for row in commitments.list_rows(ws)] == ["CM-2", "CM-1", "CM-3"]


def test_demo(demo_store):
    summary = commitments.on_time_summary(demo_store)
    assert summary["all"].closed >= 4 and 0 < summary["all"].rate < 1
    assert commitments.overdue(demo_store)
    assert any(row["status"] == "renegotiated" and row["due"] != row["original_due"]
               for row in commitments.list_rows(demo_store))


NASTY = st.one_of(
    st.sampled_from(["[bold]x[/]", "[/]", "[@click=app.quit]x[/]", "\x1b[31mred", "a\x00b\x07c", "x" * 5_000,
                     "承诺：周五前交付", "🎉", "l1\nl2"]),
    st.text(min_size=1, max_size=200),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NASTY)
def test_any_text_is_stored_exactly(ws, text):
    if not text.strip():
        with pytest.raises(ValidationError):
            commitments.add(ws, text, "2026-12-01", project="ACME")
        return
    to_whom = text[:500]
    if not is_one_line(to_whom):  # "to whom" is one line of plain text (issue 11)
        with pytest.raises(ValidationError):
            commitments.add(ws, text, "2026-12-01", to_whom=to_whom, project="ACME")
        to_whom = ""
    row = commitments.add(ws, text, "2026-12-01", to_whom=to_whom, project="ACME")
    assert row["promise"] == text and row["to_whom"] == to_whom
    row = commitments.move_due(ws, row["key"], "2026-12-08", text)
    assert activity(ws, row["key"])[-2]["note"] == text


def test_sql_on_time_matches_the_reference(demo_store):
    rows = commitments.closed_rows(demo_store)
    summary = commitments.on_time_summary(demo_store)
    assert summary["all"] == trust.on_time(rows)
    assert summary["project"] == trust.on_time_by(rows, "project")
    assert summary["owner"] == trust.on_time_by(rows, "owner")


def test_missed_needs_a_reason_kept_in_the_history(ws):
    commitments.add(ws, "Open the UAT accounts", "2026-11-20", project="ACME")
    with pytest.raises(ValidationError) as info:
        commitments.move(ws, "CM-1", "missed", note="  ")
    assert info.value.field == "reason"
    assert commitments.get(ws, "CM-1")["status"] == "open"
    commitments.move(ws, "CM-1", "missed", note="审批流程比预期长")
    move = [a for a in activity(ws, "CM-1") if a["action"] == "move"][-1]
    assert (move["new"], move["note"]) == ("missed", "审批流程比预期长")


def test_undo_a_slip_restores_the_on_time_rate(ws, clock):
    """K instead of k: undo puts the commitment back open, closed_at cleared, and the
    on-time rate as it was; the undo is itself in the trail."""
    commitments.add(ws, "Send the plan", "2026-12-01", project="ACME")
    before = commitments.on_time_summary(ws)["all"]
    clock.advance(minutes=1)
    commitments.move(ws, "CM-1", "kept")
    assert commitments.on_time_summary(ws)["all"].closed == 1
    clock.advance(minutes=1)
    row = commitments.undo(ws)
    assert (row["status"], row["closed_at"]) == ("open", None)
    assert commitments.on_time_summary(ws)["all"] == before
    last = activity(ws, "CM-1")[-1]
    assert (last["action"], last["field"], last["old"], last["new"]) == ("move", "undo", "kept", "open")
    with pytest.raises(StoreError):
        commitments.undo(ws)  # nothing left to undo


def test_undo_renegotiation_restores_the_due_date(ws):
    commitments.add(ws, "Report", "2026-11-20", project="ACME")
    commitments.move_due(ws, "CM-1", "2026-11-30", "late environment")
    row = commitments.undo(ws)
    assert (row["status"], row["due"], row["original_due"]) == ("open", "2026-11-20", "2026-11-20")


def test_undo_only_my_own_move_and_not_after_someone_elses_change(ws, clock):
    from conftest import make_store

    commitments.add(ws, "Report", "2026-11-20", project="ACME", owner="liming")
    commitments.move(ws, "CM-1", "missed", note="late")
    other = make_store(ws.path, clock, "liming")
    try:
        with pytest.raises(StoreError):
            commitments.undo(other)  # liming has no move of his own to undo
        clock.advance(minutes=1)
        commitments.edit(other, "CM-1", {"note": "client informed"}, None)
        with pytest.raises(ConflictError) as info:
            commitments.undo(ws)
        assert "李明" in str(info.value) and "not undone" in str(info.value)
        assert commitments.get(ws, "CM-1")["status"] == "missed"
    finally:
        other.close()
