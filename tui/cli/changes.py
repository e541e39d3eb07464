"""`huddle cr add | list | move | assess | show`: the change-request queue from scripts."""

from __future__ import annotations

import click

from ..i18n import _
from ..store import changes, workflow
from ..text import one_line
from . import HISTORY_KEYS, common_options, echo, emit_json, options, show_item


@click.group("cr")
def cr_group() -> None:
    """Change requests: submit, assess, approve or reject, implement, verify."""


@cr_group.command("add")
@common_options
@click.argument("title")
@click.option("--project", default=None, metavar="P", help="Project key.")
@click.option("--priority", default="P2", metavar="P0..P3", help="Priority (default P2).")
@click.option("--detail", default="", help="Description.")
@click.option("--requested-by", "requested_by", default="", help="Who asked for it (the client contact).")
@click.option("--json", "as_json", is_flag=True, help="Print the created request as JSON.")
@click.pass_context
def add(ctx, title, project, priority, detail, requested_by, as_json) -> None:
    """Submit a change request."""
    store = options(ctx).open()
    row = changes.add(store, title, project=project, priority=priority, detail=detail, requested_by=requested_by)
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("Submitted {key}: {title}").format(key=row["key"], title=one_line(row["title"])))


@cr_group.command("list")
@common_options
@click.option("--status", default=None, metavar="S",
              help="A status, or open / decision / mine / snoozed / all (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_(ctx, status, as_json) -> None:
    """List change requests, newest first."""
    store = options(ctx).open()
    rows = changes.list_rows(store, status)
    if as_json:
        emit_json([changes.as_json(row) for row in rows])
        return
    if not rows:
        echo(_("No change requests."))
        return
    for row in rows:
        echo(
            f"{row['key']:<8} {row['priority']}  {workflow.label(row['status']):<12} "
            f"{' '.join(row['title'].split())[:70]}"
        )


@cr_group.command("move")
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default="", help="Why (required when rejecting).")
@click.option("--json", "as_json", is_flag=True, help="Print the request as JSON.")
@click.pass_context
def move(ctx, key, status, note, as_json) -> None:
    """Move KEY to STATUS (assessing, approved, rejected, implementing, verifying, done, withdrawn)."""
    store = options(ctx).open()
    row = changes.move(store, key, status, note=note)
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("{key} is now {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@cr_group.command("assess")
@common_options
@click.argument("key")
@click.option("--effort", "effort_days", required=True, metavar="DAYS", help="Effort in person-days.")
@click.option("--schedule", "schedule_days", default=None, metavar="DAYS", help="Schedule impact in days.")
@click.option("--cost", default=None, help="Cost.")
@click.option("--risk", required=True, metavar="low|medium|high")
@click.option("--requirement", default=None, metavar="REQ-n", help="The affected requirement.")
@click.option("--note", "assessment_note", default="", help="Notes.")
@click.option("--json", "as_json", is_flag=True, help="Print the request as JSON.")
@click.pass_context
def assess(ctx, key, as_json, **values) -> None:
    """Record the impact assessment of KEY (a submitted request starts assessing)."""
    store = options(ctx).open()
    row = changes.assess(store, key, values, expected_version=None)
    if as_json:
        emit_json(changes.as_json(row))
    else:
        echo(_("Assessed {key}.").format(key=row["key"]))


@cr_group.command("undo")
@common_options
@click.pass_context
def undo(ctx) -> None:
    """Undo your last move of a change request."""
    store = options(ctx).open()
    row = changes.undo(store)
    echo(_("{key} is back to {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@cr_group.command("show")
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, key, as_json) -> None:
    """Show one change request with its history."""
    store = options(ctx).open()
    row = changes.require(store, key)
    history = changes.history(store, row["key"])
    if as_json:
        data = changes.as_json(row)
        data["history"] = [{k: h[k] for k in HISTORY_KEYS} for h in history]
        emit_json(data)
        return
    show_item(
        row, "title",
        ("project", "priority", "status", "requested_by", "requirement", "assignee", "effort_days",
         "schedule_days", "cost", "risk", "assessed_by", "decided_by", "decided_at", "decision_note"),
        ("detail", "assessment_note"), history,
        label=lambda column, value: workflow.label(value) if column == "status" else value,
    )
