"""`huddle feedback add | list | move | show`: what clients said, and how satisfied they were."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import feedback, workflow
from ..text import one_line
from . import area_group, common_options, options, when
from .area import AreaCommands

feedback_group = area_group("feedback", N_("Client feedback and satisfaction: add, list, move, show."))


class Feedback(AreaCommands):
    """`feedback list | move | show` (the kit's), and what they say of a piece of feedback."""

    AREA = feedback.AREA
    FIELD_LABELS = {
        "summary": N_("Summary"), "contact": N_("Client contact"), "channel": N_("Channel"),
        "received_at": N_("Received on"), "csat": N_("CSAT"), "sentiment": N_("Sentiment"), "status": N_("Status"),
        "owner": N_("Owner"), "follow_up_on": N_("Follow up on"), "follow_up_outcome": N_("Follow-up outcome"),
        "linked_key": N_("Linked"), "project": N_("Project"), "acknowledged_at": N_("Acknowledged on"),
        "closed_at": N_("Closed on"),
    }
    JSON_HELP = N_("Print the item as JSON.")
    LIST_HELP = N_("List feedback, newest first.")
    STATUS_HELP = N_("Only this status.")
    EMPTY = N_("No feedback yet.")
    LIMITS = {4: 12}
    MOVE_HELP = N_(
        "Move feedback along its workflow (acknowledged, in_progress, resolved, closed: closing needs --note).")
    MOVE_OPTIONS = (
        click.option("--note", default=None, metavar="N", help=N_("For closing: how the follow-up went.")),
    )
    SHOW_HELP = N_("Show one piece of feedback: its fields, links and history.")
    TEXTS = ("summary", "follow_up_outcome")

    def as_json(self, row):
        keys = ("key", "project", "contact", "channel", "received_at", "summary", "csat", "sentiment", "status",
                "owner", "follow_up_on", "follow_up_outcome", "version", "created_at", "created_by",
                "updated_at", "updated_by")
        out = {k: row[k] for k in keys}
        out["linked"] = row["linked_key"]
        return out

    def list_rows(self, store, status):
        if status and status not in workflow.statuses(workflow.FEEDBACK):
            workflow.check_move(workflow.FEEDBACK, "new", status)  # raises: names the statuses
        return feedback.list_rows(store, status)

    def list_json(self, row):
        return row

    def list_row(self, store, row):
        return [row["key"], row["received_at"][:10], "-" if row["csat"] is None else str(row["csat"]),
                workflow.label(row["status"]), row["project"], row["summary"]]

    def move(self, store, key, status, note=None):
        return feedback.move(store, key, status, outcome=note)

    def title(self, row):
        return " ".join((row["summary"] or "").split())

    def fields(self, item):
        row = item.row
        return [
            ("project", row["project"]), ("contact", row["contact"]),
            ("channel", feedback.channel_label(row["channel"])), ("received_at", when(row["received_at"])),
            ("csat", row["csat"]), ("sentiment", feedback.sentiment_label(row["sentiment"])),
            ("status", workflow.label(row["status"])), ("owner", item.person(row["owner"])),
            ("follow_up_on", row["follow_up_on"]), ("linked_key", row["linked_key"]),
        ]

    def value(self, item, field, raw):
        if field == "owner":
            return one_line(item.person(raw), 40)
        if field == "channel":
            return feedback.channel_label(raw)
        if field == "sentiment":
            return feedback.sentiment_label(raw)
        return one_line(raw, 60)


FEEDBACK = Feedback()
FEEDBACK.install(feedback_group)


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
    FEEDBACK.report(row, as_json, _("Added {key}.").format(key=row["key"]))
