"""`huddle feedback add | list | move | show`: what clients said, and how satisfied they were."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import feedback, members, workflow
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
    when,
)

feedback_group = area_group("feedback", N_("Client feedback and satisfaction: add, list, move, show."))

FIELD_LABELS = {
    "summary": N_("Summary"), "contact": N_("Client contact"), "channel": N_("Channel"),
    "received_at": N_("Received on"), "csat": N_("CSAT"), "sentiment": N_("Sentiment"), "status": N_("Status"),
    "owner": N_("Owner"), "follow_up_on": N_("Follow up on"), "follow_up_outcome": N_("Follow-up outcome"),
    "linked_key": N_("Linked"), "project": N_("Project"), "acknowledged_at": N_("Acknowledged on"),
    "closed_at": N_("Closed on"),
}


def field_label(field: str) -> str:
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _json(row: dict) -> dict:
    keys = ("key", "project", "contact", "channel", "received_at", "summary", "csat", "sentiment", "status",
            "owner", "follow_up_on", "follow_up_outcome", "version", "created_at", "created_by",
            "updated_at", "updated_by")
    out = {k: row[k] for k in keys}
    out["linked"] = row["linked_key"]
    return out


@feedback_group.command("add", help=N_("Record what a client said."))
@common_options
@click.argument("summary")
@click.option("--csat", default=None, metavar="1..5", help=N_("Satisfaction score, 1 to 5."))
@click.option("--channel", default="meeting", metavar="C", help=N_("meeting, phone, email, im, survey or acceptance."))
@click.option("--contact", default="", metavar="X", help=N_("Who said it."))
@click.option("--project", default=None, metavar="P", help=N_("Project key."))
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help=N_("Day received (default: now)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new item as JSON."))
@click.pass_context
def add(ctx, summary, csat, channel, contact, project, day, as_json) -> None:
    store = options(ctx).open()
    row = feedback.add(store, summary, csat=csat, channel=channel, contact=contact, project=project, received_on=day)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added {key}.").format(key=row["key"]))


@feedback_group.command("list", help=N_("List feedback, newest first."))
@common_options
@click.option("--status", default=None, metavar="S", help=N_("Only this status."))
@json_list_option
@click.pass_context
def list_(ctx, status, as_json) -> None:
    store = options(ctx).open()
    if status and status not in workflow.statuses(workflow.FEEDBACK):
        workflow.check_move(workflow.FEEDBACK, "new", status)  # raises: names the statuses
    rows = feedback.list_rows(store, status)
    if as_json:
        emit_json(rows)
        return
    print_table(
        [[row["key"], row["received_at"][:10], "-" if row["csat"] is None else str(row["csat"]),
          workflow.label(row["status"]), row["project"], row["summary"]] for row in rows],
        empty=_("No feedback yet."), limits={4: 12},
    )


@feedback_group.command("move", help=N_(
    "Move feedback along its workflow (acknowledged, in_progress, resolved, closed: closing needs --note)."))
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default=None, metavar="N", help=N_("For closing: how the follow-up went."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the item as JSON."))
@click.pass_context
def move(ctx, key, status, note, as_json) -> None:
    store = options(ctx).open()
    row = feedback.move(store, key, status, outcome=note)
    report_move(row, as_json, _json)


@feedback_group.command("show", help=N_("Show one piece of feedback: its fields, links and history."))
@common_options
@click.argument("key")
@json_option
@click.pass_context
def show(ctx, key, as_json) -> None:
    from ..store import activity
    from ..store import undo as undoing

    store = options(ctx).open()
    row = feedback.require(store, key)
    history = activity.for_key(store, row["key"])
    related = link_rows(store, row["key"])
    if as_json:
        emit_item_json(_json(row), related, history)
        return
    names = members.names(store)

    def person(login):
        return names.get(login, login) if login else None

    def value(field, raw):
        if field == "owner":
            return one_line(person(raw), 40)
        if field == "channel":
            return feedback.channel_label(raw)
        if field == "sentiment":
            return feedback.sentiment_label(raw)
        return one_line(raw, 60)

    def describe(entry):
        if undoing.is_derived(entry):
            return None  # a move's stamps: the move's line says it (with the follow-up outcome)
        return describe_entry(entry, field_label, value)

    show_item(
        row["key"], " ".join((row["summary"] or "").split()),
        [(field_label("project"), row["project"]), (field_label("contact"), row["contact"]),
         (field_label("channel"), feedback.channel_label(row["channel"])),
         (field_label("received_at"), when(row["received_at"])),
         (field_label("csat"), row["csat"]), (field_label("sentiment"), feedback.sentiment_label(row["sentiment"])),
         (field_label("status"), workflow.label(row["status"])), (field_label("owner"), person(row["owner"])),
         (field_label("follow_up_on"), row["follow_up_on"]), (field_label("linked_key"), row["linked_key"])],
        [(field_label("summary"), row["summary"]), (field_label("follow_up_outcome"), row["follow_up_outcome"])],
        related, history, describe,
    )
