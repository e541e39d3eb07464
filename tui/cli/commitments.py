"""`huddle promise add | list | move`."""

from __future__ import annotations

import click

from ..i18n import _
from ..store import commitments, workflow
from . import HISTORY_KEYS, common_options, echo, emit_json, options, show_item


@click.group("promise")
def promise_group() -> None:
    """Commitments to the client, and whether they were kept."""


@promise_group.command("add")
@common_options
@click.argument("promise")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help="Promised by this day.")
@click.option("--to", "to_whom", default="", metavar="WHOM", help="Whom it was promised to.")
@click.option("--owner", default=None, metavar="LOGIN", help="Who keeps it (default: you).")
@click.option("--project", default=None, metavar="P", help="Project key.")
@click.option("--json", "as_json", is_flag=True, help="Print the new commitment as JSON.")
@click.pass_context
def add(ctx, promise, due, to_whom, owner, project, as_json) -> None:
    """Record a promise made to the client."""
    store = options(ctx).open()
    row = commitments.add(store, promise, due, to_whom=to_whom, owner=owner, project=project)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added {key}, due {due}.").format(key=row["key"], due=row["due"]))


def _json(row: dict) -> dict:
    keys = ("key", "project", "promise", "to_whom", "owner", "due", "original_due", "status", "closed_at", "note",
            "version", "created_at", "created_by", "updated_at", "updated_by")
    return {k: row[k] for k in keys}


@promise_group.command("list")
@common_options
@click.option("--status", default=None, metavar="S", help="open, kept, missed or renegotiated.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_(ctx, status, as_json) -> None:
    """List commitments: open ones first, by due date."""
    store = options(ctx).open()
    rows = commitments.list_rows(store, status)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo(_("No commitments yet."))
    today = store.today().isoformat()
    for row in rows:
        late = " !" if row["status"] in ("open", "renegotiated") and row["due"] < today else "  "
        promise = " ".join((row["promise"] or "").split())[:60]
        echo(f"{row['key']:<7} {row['due']}{late} {workflow.label(row['status']):<12} {promise}")


@promise_group.command("move")
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default=None, metavar="N", help="A note; for missed and renegotiated, the reason (required).")
@click.option("--due", default=None, metavar="YYYY-MM-DD", help="For renegotiated: the new due date.")
@click.pass_context
def move(ctx, key, status, note, due) -> None:
    """Mark a commitment kept or missed, or renegotiate it (--due and --note)."""
    store = options(ctx).open()
    row = commitments.move(store, key, status, note=note, due=due)
    echo(_("{key} is now {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@promise_group.command("show")
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, key, as_json) -> None:
    """Show one commitment with its history."""
    from ..store import activity

    store = options(ctx).open()
    row = commitments.require(store, key)
    history = activity.for_key(store, row["key"])
    if as_json:
        data = _json(row)
        data["history"] = [{k: h[k] for k in HISTORY_KEYS} for h in history]
        emit_json(data)
        return
    show_item(
        {**row, "title": " ".join((row["promise"] or "").split())[:80]}, "title",
        ("project", "to_whom", "owner", "due", "original_due", "status", "closed_at"),
        ("promise", "note"), history,
        label=lambda column, value: workflow.label(value) if column == "status" else value,
    )
