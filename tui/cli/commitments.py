"""`huddle promise add | list | move | show`: what we promised the client, and whether we kept it."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import commitments, members, workflow
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
    when,
)

promise_group = area_group("promise", N_("Commitments to the client, and whether they were kept."))

FIELD_LABELS = {
    "promise": N_("Promise"), "to_whom": N_("To whom"), "owner": N_("Owner"), "project": N_("Project"),
    "note": N_("Note"), "due": N_("Due"), "original_due": N_("First promised for"), "status": N_("Status"),
    "closed_at": N_("Closed on"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _json(row: dict) -> dict:
    keys = ("key", "project", "promise", "to_whom", "owner", "due", "original_due", "status", "closed_at", "note",
            "version", "created_at", "created_by", "updated_at", "updated_by")
    return {k: row[k] for k in keys}


@promise_group.command("add", help=N_("Record a promise made to the client."))
@common_options
@click.argument("promise")
@click.option("--due", required=True, metavar="YYYY-MM-DD", help=N_("Promised by this day."))
@click.option("--to", "to_whom", default="", metavar="WHOM", help=N_("Whom it was promised to."))
@click.option("--owner", default=None, metavar="LOGIN", help=N_("Who keeps it (default: you)."))
@click.option("--project", default=None, metavar="P", help=N_("Project key."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new commitment as JSON."))
@click.pass_context
def add(ctx, promise, due, to_whom, owner, project, as_json) -> None:
    store = options(ctx).open()
    row = commitments.add(store, promise, due, to_whom=to_whom, owner=owner, project=project)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added {key}, due {due}.").format(key=row["key"], due=row["due"]))


@promise_group.command("list", help=N_("List commitments: open ones first, by due date (! is overdue)."))
@common_options
@click.option("--status", default=None, metavar="S", help=N_("open, kept, missed or renegotiated."))
@json_list_option
@click.pass_context
def list_(ctx, status, as_json) -> None:
    store = options(ctx).open()
    rows = commitments.list_rows(store, status)
    if as_json:
        emit_json(rows)
        return
    today = store.today().isoformat()

    def due(row):
        late = row["status"] in ("open", "renegotiated") and row["due"] < today
        return row["due"] + (" !" if late else "")

    print_table([[row["key"], due(row), workflow.label(row["status"]), row["project"], row["promise"]]
                 for row in rows],
                empty=_("No commitments yet."), limits={3: 12})


@promise_group.command("move", help=N_("Mark a commitment kept or missed, or renegotiate it (--due and --note)."))
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default=None, metavar="N", help=N_("A note; for missed and renegotiated, the reason (required)."))
@click.option("--due", default=None, metavar="YYYY-MM-DD", help=N_("For renegotiated: the new due date."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the commitment as JSON."))
@click.pass_context
def move(ctx, key, status, note, due, as_json) -> None:
    store = options(ctx).open()
    row = commitments.move(store, key, status, note=note, due=due)
    report_move(row, as_json, _json)


@promise_group.command("show", help=N_("Show one commitment: its fields, links and history."))
@common_options
@click.argument("key")
@json_option
@click.pass_context
def show(ctx, key, as_json) -> None:
    from ..store import activity
    from ..store import undo as undoing

    store = options(ctx).open()
    row = commitments.require(store, key)
    history = activity.for_key(store, row["key"])
    related = link_rows(store, row["key"])
    if as_json:
        emit_item_json(_json(row), related, history)
        return
    names = members.names(store)

    def person(login):
        return names.get(login, login) if login else None

    def value(field, raw):
        return person(raw) if field == "owner" else raw

    def describe(entry):
        if undoing.is_derived(entry) and entry["field"] != "due":
            return None  # a move's stamps: the move's line says it (a new due date is shown)
        return describe_entry(entry, field_label, value)

    show_item(
        row["key"], " ".join((row["promise"] or "").split()),
        [(field_label("project"), row["project"]), (field_label("to_whom"), row["to_whom"]),
         (field_label("owner"), person(row["owner"])), (field_label("due"), row["due"]),
         (field_label("original_due"), row["original_due"] if row["original_due"] != row["due"] else None),
         (field_label("status"), workflow.label(row["status"])), (field_label("closed_at"), when(row["closed_at"]))],
        [(field_label("promise"), row["promise"]), (field_label("note"), row["note"])],
        related, history, describe,
    )
