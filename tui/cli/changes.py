"""`huddle cr add | list | move | assess | undo | show`: the change-request queue from scripts."""

from __future__ import annotations

import click

from ..i18n import N_, _, format_number
from ..store import changes, workflow
from ..text import one_line
from . import area_group, common_options, options, when
from .area import AreaCommands

cr_group = area_group("cr", N_("Change requests: submit, assess, approve or reject, implement, verify."))


def _number(value) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return one_line(str(value), 40)
    return format_number(number, 0 if number.is_integer() else 1)


class Changes(AreaCommands):
    """`cr list | move | show | undo` (the kit's), and what they say of a change request."""

    AREA = changes.AREA
    FIELD_LABELS = {
        "project": N_("Project"), "title": N_("Title"), "detail": N_("Request details"),
        "requested_by": N_("Requested by"), "requirement": N_("Affected requirement"), "priority": N_("Priority"),
        "status": N_("Status"), "assignee": N_("Assignee"), "effort_days": N_("Effort (person-days)"),
        "schedule_days": N_("Schedule impact (days)"), "cost": N_("Cost"), "risk": N_("Risk"),
        "assessment_note": N_("Notes"), "assessed_by": N_("Assessed by"), "assessed_at": N_("Assessed on"),
        "decided_by": N_("Decided by"), "decided_at": N_("Decided on"), "decision_note": N_("Decision note"),
        "duplicate_of": N_("Duplicate of"), "snoozed_until": N_("Snooze until"), "status_at": N_("Status since"),
        "duplicates": N_("Duplicates"),
    }
    JSON_HELP = N_("Print the request as JSON.")
    LIST_HELP = N_("List change requests, newest first.")
    STATUS_HELP = N_("A status, or open / decision / mine / snoozed / all (default: all).")
    EMPTY = N_("No change requests.")
    LIMITS = {3: 12}
    MOVE_HELP = N_("Move KEY to STATUS (assessing, approved, rejected, implementing, verifying, done, withdrawn).")
    MOVE_OPTIONS = (click.option("--note", default="", help=N_("Why (required when rejecting).")),)
    SHOW_HELP = N_("Show one change request: its fields, links and history.")
    TEXTS = ("detail", "assessment_note", "decision_note")
    UNDO_HELP = N_("Undo your last move of a change request.")

    def as_json(self, row):
        return changes.as_json(row)

    def list_rows(self, store, status):
        return changes.list_rows(store, status)

    def list_row(self, store, row):
        return [row["key"], row["priority"], workflow.label(row["status"]), row["project"], row["title"]]

    def move(self, store, key, status, note=""):
        return changes.move(store, key, status, note=note)

    def fields(self, item):
        row, person = item.row, item.person

        def number(column):
            return None if row[column] is None else _number(row[column])

        return [
            ("project", row["project"]), ("priority", row["priority"]), ("status", workflow.label(row["status"])),
            ("requested_by", row["requested_by"]), ("requirement", row["requirement"]),
            ("assignee", person(row["assignee"])), ("effort_days", number("effort_days")),
            ("schedule_days", number("schedule_days")), ("cost", number("cost")),
            ("risk", _(changes.RISK_LABELS[row["risk"]]) if row["risk"] in changes.RISK_LABELS else None),
            ("assessed_by", person(row["assessed_by"])), ("decided_by", person(row["decided_by"])),
            ("decided_at", when(row["decided_at"]) if row["decided_at"] else None),
            ("duplicate_of", row["duplicate_of"]), ("snoozed_until", row["snoozed_until"]),
        ]

    def value(self, item, field, raw):
        if field == "risk":
            return _(changes.RISK_LABELS.get(raw, raw))
        if field in ("effort_days", "schedule_days", "cost"):
            return _number(raw)
        if field in ("assignee", "decided_by", "assessed_by"):
            return one_line(item.person(raw), 40)
        return one_line(raw, 60)

    def describe(self, item, entry):
        if self.hidden(entry):
            return None
        if entry["action"] == "create":
            return _("submitted")
        if entry["action"] == "reopen":
            before = item.person(entry["old"]) or "—"
            return _("re-opened the decision (decided before by {who})").format(who=one_line(before, 40))
        return super().describe(item, entry)


CHANGES = Changes()
CHANGES.install(cr_group)


@cr_group.command("add", help=N_("Submit a change request."))
@common_options
@click.argument("title")
@click.option("--project", default=None, metavar="P", help=N_("Project key."))
@click.option("--priority", default="P2", metavar="P0..P3", help=N_("Priority (default P2)."))
@click.option("--detail", default="", help=N_("Description."))
@click.option("--requested-by", "requested_by", default="", help=N_("Who asked for it (the client contact)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the created request as JSON."))
@click.pass_context
def add(ctx, title, project, priority, detail, requested_by, as_json) -> None:
    store = options(ctx).open()
    row = changes.add(store, title, project=project, priority=priority, detail=detail, requested_by=requested_by)
    CHANGES.report(row, as_json, _("Submitted {key}: {title}").format(key=row["key"], title=one_line(row["title"])))


@cr_group.command("assess", help=N_("Record the impact assessment of KEY (a submitted request starts assessing)."))
@common_options
@click.argument("key")
@click.option("--effort", "effort_days", required=True, metavar="DAYS", help=N_("Effort in person-days."))
@click.option("--schedule", "schedule_days", default=None, metavar="DAYS", help=N_("Schedule impact in days."))
@click.option("--cost", default=None, help=N_("Cost."))
@click.option("--risk", required=True, metavar="low|medium|high", help=N_("Risk: low, medium or high."))
@click.option("--requirement", default=None, metavar="REQ-n", help=N_("The affected requirement."))
@click.option("--note", "assessment_note", default="", help=N_("Notes."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the request as JSON."))
@click.pass_context
def assess(ctx, key, as_json, **values) -> None:
    store = options(ctx).open()
    row = changes.assess(store, key, values, expected_version=None)
    CHANGES.report(row, as_json, _("Assessed {key}.").format(key=row["key"]))
