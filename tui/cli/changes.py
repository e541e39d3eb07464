"""`huddle cr add | list | move | assess | undo | show`: the change-request queue from scripts."""

from __future__ import annotations

import click

from ..i18n import N_, _, format_number
from ..store import changes, members, workflow
from ..text import one_line
from . import (
    area_group,
    common_options,
    describe_entry,
    echo,
    emit_item_json,
    emit_json,
    json_list_option,
    json_option,
    link_rows,
    options,
    print_table,
    report_move,
    show_item,
)

cr_group = area_group("cr", N_("Change requests: submit, assess, approve or reject, implement, verify."))

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


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _number(value) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return one_line(str(value), 40)
    return format_number(number, 0 if number.is_integer() else 1)


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
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("Submitted {key}: {title}").format(key=row["key"], title=one_line(row["title"])))


@cr_group.command("list", help=N_("List change requests, newest first."))
@common_options
@click.option("--status", default=None, metavar="S",
              help=N_("A status, or open / decision / mine / snoozed / all (default: all)."))
@json_list_option
@click.pass_context
def list_(ctx, status, as_json) -> None:
    store = options(ctx).open()
    rows = changes.list_rows(store, status)
    if as_json:
        emit_json([changes.as_json(row) for row in rows])
        return
    print_table(
        [[row["key"], row["priority"], workflow.label(row["status"]), row["project"], row["title"]] for row in rows],
        empty=_("No change requests."), limits={3: 12},
    )


@cr_group.command("move", help=N_(
    "Move KEY to STATUS (assessing, approved, rejected, implementing, verifying, done, withdrawn)."))
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default="", help=N_("Why (required when rejecting)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the request as JSON."))
@click.pass_context
def move(ctx, key, status, note, as_json) -> None:
    store = options(ctx).open()
    row = changes.move(store, key, status, note=note)
    report_move(row, as_json, changes.as_json)


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
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("Assessed {key}.").format(key=row["key"]))


@cr_group.command("undo", help=N_("Undo your last move of a change request."))
@common_options
@json_option
@click.pass_context
def undo(ctx, as_json) -> None:
    store = options(ctx).open()
    row = changes.undo(store)
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("{key} is back to {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@cr_group.command("show", help=N_("Show one change request: its fields, links and history."))
@common_options
@click.argument("key")
@json_option
@click.pass_context
def show(ctx, key, as_json) -> None:
    from ..store import undo as undoing

    store = options(ctx).open()
    row = changes.require(store, key)
    history = changes.history(store, row["key"])
    related = link_rows(store, row["key"])
    if as_json:
        emit_item_json(changes.as_json(row), related, history)
        return
    names = members.names(store)

    def person(login):
        return names.get(login, login) if login else None

    def value(field, raw):
        if field == "risk":
            return _(changes.RISK_LABELS.get(raw, raw))
        if field in ("effort_days", "schedule_days", "cost"):
            return _number(raw)
        if field in ("assignee", "decided_by", "assessed_by"):
            return one_line(person(raw), 40)
        return one_line(raw, 60)

    def describe(entry):
        if undoing.is_derived(entry):
            return None  # a move's stamps: the move's line says it
        if entry["action"] == "create":
            return _("submitted")
        if entry["action"] == "reopen":
            before = person(entry["old"]) or "—"
            return _("re-opened the decision (decided before by {who})").format(who=one_line(before, 40))
        return describe_entry(entry, field_label, value)

    def number(column):
        return None if row[column] is None else _number(row[column])

    show_item(
        row["key"], row["title"],
        [(field_label("project"), row["project"]), (field_label("priority"), row["priority"]),
         (field_label("status"), workflow.label(row["status"])), (field_label("requested_by"), row["requested_by"]),
         (field_label("requirement"), row["requirement"]), (field_label("assignee"), person(row["assignee"])),
         (field_label("effort_days"), number("effort_days")), (field_label("schedule_days"), number("schedule_days")),
         (field_label("cost"), number("cost")),
         (field_label("risk"), _(changes.RISK_LABELS[row["risk"]]) if row["risk"] in changes.RISK_LABELS else None),
         (field_label("assessed_by"), person(row["assessed_by"])),
         (field_label("decided_by"), person(row["decided_by"])), (field_label("decided_at"), _date(row["decided_at"])),
         (field_label("duplicate_of"), row["duplicate_of"]), (field_label("snoozed_until"), row["snoozed_until"])],
        [(field_label("detail"), row["detail"]), (field_label("assessment_note"), row["assessment_note"]),
         (field_label("decision_note"), row["decision_note"])],
        related, history, describe,
    )


def _date(at: str | None) -> str | None:
    from . import when

    return when(at) if at else None
