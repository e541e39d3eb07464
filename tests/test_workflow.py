"""The workflow tables: every allowed move passes, every other move is refused with a
message naming what is allowed."""

from __future__ import annotations

import itertools

import pytest

from tui.store import workflow
from tui.store.errors import WorkflowError

CASES = [
    (kind, current, target)
    for kind, table in workflow.TRANSITIONS.items()
    for current, target in itertools.product(table, table)
]


@pytest.mark.parametrize("kind,current,target", CASES)
def test_every_pair_of_statuses(kind, current, target):
    if target in workflow.TRANSITIONS[kind][current]:
        workflow.check_move(kind, current, target)
        return
    with pytest.raises(WorkflowError) as error:
        workflow.check_move(kind, current, target)
    allowed = workflow.allowed(kind, current)
    assert error.value.allowed == allowed
    for move in allowed:
        assert move in str(error.value)
    if not allowed:
        assert "final" in str(error.value)


def test_design_workflows():
    t = workflow.TRANSITIONS
    assert t["requirement"]["draft"][0] == "documented"
    assert "accepted" in t["requirement"]["delivered"]
    for state in workflow.OPEN_REQUIREMENT_STATUSES:
        assert {"deferred", "dropped"} <= set(t["requirement"][state])
    assert set(t["change_request"]["assessing"]) == {"approved", "rejected", "withdrawn"}
    assert "withdrawn" in t["change_request"]["submitted"]
    assert t["feedback"]["resolved"][0] == "closed"


def test_every_target_is_a_known_status_with_a_label():
    for kind, table in workflow.TRANSITIONS.items():
        for current, targets in table.items():
            assert current in workflow.STATUS_LABELS
            assert set(targets) <= set(table), (kind, current)


def test_unknown_status_is_refused():
    with pytest.raises(WorkflowError, match="Unknown status"):
        workflow.check_move("change_request", "submitted", "teleported")


def test_lead_only_moves():
    assert workflow.needs_lead("change_request", "approved")
    assert workflow.needs_lead("change_request", "rejected")
    assert workflow.needs_lead("requirement", "accepted")
    assert not workflow.needs_lead("change_request", "assessing")


def test_refusal_in_chinese():
    from tui import i18n

    i18n.set_language("zh_CN")
    with pytest.raises(WorkflowError) as error:
        workflow.check_move("change_request", "submitted", "done")
    assert "评估中" in str(error.value)
