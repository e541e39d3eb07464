"""`huddle feedback add | list | move`."""

from __future__ import annotations

import click

from ..i18n import _
from ..store import feedback, workflow
from . import HISTORY_KEYS, common_options, echo, emit_json, options, show_item


@click.group("feedback")
def feedback_group() -> None:
    """Client feedback and satisfaction."""


@feedback_group.command("add")
@common_options
@click.argument("summary")
@click.option("--csat", default=None, metavar="1..5", help="Satisfaction score, 1 to 5.")
@click.option("--channel", default="meeting", metavar="C", help="meeting, phone, email, im, survey or acceptance.")
@click.option("--contact", default="", metavar="X", help="Who said it.")
@click.option("--project", default=None, metavar="P", help="Project key.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="Day received (default: now).")
@click.option("--json", "as_json", is_flag=True, help="Print the new item as JSON.")
@click.pass_context
def add(ctx, summary, csat, channel, contact, project, day, as_json) -> None:
    """Record what a client said."""
    store = options(ctx).open()
    row = feedback.add(store, summary, csat=csat, channel=channel, contact=contact, project=project, received_on=day)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added {key}.").format(key=row["key"]))


def _json(row: dict) -> dict:
    keys = ("key", "project", "contact", "channel", "received_at", "summary", "csat", "sentiment", "status",
            "owner", "follow_up_on", "follow_up_outcome", "version", "created_at", "created_by",
            "updated_at", "updated_by")
    out = {k: row[k] for k in keys}
    out["linked"] = row["linked_key"]
    return out


@feedback_group.command("list")
@common_options
@click.option("--status", default=None, metavar="S", help="Only this status.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_(ctx, status, as_json) -> None:
    """List feedback, newest first."""
    store = options(ctx).open()
    if status and status not in workflow.statuses(workflow.FEEDBACK):
        workflow.check_move(workflow.FEEDBACK, "new", status)  # raises: names the statuses
    rows = feedback.list_rows(store, status)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo(_("No feedback yet."))
    for row in rows:
        score = "-" if row["csat"] is None else str(row["csat"])
        summary = " ".join((row["summary"] or "").split())[:60]
        echo(f"{row['key']:<7} {row['received_at'][:10]}  {score}  {workflow.label(row['status']):<12} {summary}")


@feedback_group.command("move")
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default=None, metavar="N", help="For closing: how the follow-up went.")
@click.pass_context
def move(ctx, key, status, note) -> None:
    """Move feedback along its workflow."""
    store = options(ctx).open()
    row = feedback.move(store, key, status, outcome=note)
    echo(_("{key} is now {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@feedback_group.command("show")
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, key, as_json) -> None:
    """Show one piece of feedback with its history."""
    from ..store import activity

    store = options(ctx).open()
    row = feedback.require(store, key)
    history = activity.for_key(store, row["key"])
    if as_json:
        data = _json(row)
        data["history"] = [{k: h[k] for k in HISTORY_KEYS} for h in history]
        emit_json(data)
        return
    show_item(
        {**row, "title": " ".join((row["summary"] or "").split())[:80]}, "title",
        ("project", "contact", "channel", "received_at", "csat", "sentiment", "status", "owner", "follow_up_on",
         "linked_key"),
        ("summary", "follow_up_outcome"), history,
        label=lambda column, value: workflow.label(value) if column == "status" else value,
    )
