"""The requirement register's fields as people read them (form labels, history lines, the
milestone review): one table, below both the register and the milestones, which use it."""

from __future__ import annotations

from .messages import N_, _

FIELD_LABELS = {
    "project": N_("Project"),
    "title": N_("Title"),
    "detail": N_("Description"),
    "acceptance_criteria": N_("Acceptance criteria"),
    "source": N_("Source"),
    "priority": N_("Priority"),
    "owner": N_("Owner"),
    "milestone_id": N_("Milestone"),
    "status": N_("Status"),
    "confirmed_by": N_("Signed off by"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))
