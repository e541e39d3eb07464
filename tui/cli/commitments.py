"""`huddle promise add | list | move | show`: what we promised the client, and whether we kept it."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import commitments, workflow
from . import area_group, common_options, options, when
from .area import AreaCommands

promise_group = area_group("promise", N_("Commitments to the client, and whether they were kept."))


class Commitments(AreaCommands):
    """`promise list | move | show` (the kit's), and what they say of a commitment."""

    AREA = commitments.AREA
    FIELD_LABELS = {
        "promise": N_("Promise"), "to_whom": N_("To whom"), "owner": N_("Owner"), "project": N_("Project"),
        "note": N_("Note"), "due": N_("Due"), "original_due": N_("First promised for"), "status": N_("Status"),
        "closed_at": N_("Closed on"),
    }
    JSON_HELP = N_("Print the commitment as JSON.")
    LIST_HELP = N_("List commitments: open ones first, by due date (! is overdue).")
    STATUS_HELP = N_("open, kept, missed or renegotiated.")
    EMPTY = N_("No commitments yet.")
    LIMITS = {3: 12}
    MOVE_HELP = N_("Mark a commitment kept or missed, or renegotiate it (--due and --note).")
    MOVE_OPTIONS = (
        click.option("--note", default=None, metavar="N",
                     help=N_("A note; for missed and renegotiated, the reason (required).")),
        click.option("--due", default=None, metavar="YYYY-MM-DD", help=N_("For renegotiated: the new due date.")),
    )
    SHOW_HELP = N_("Show one commitment: its fields, links and history.")
    TEXTS = ("promise", "note")

    def as_json(self, row):
        keys = ("key", "project", "promise", "to_whom", "owner", "due", "original_due", "status", "closed_at", "note",
                "version", "created_at", "created_by", "updated_at", "updated_by")
        return {k: row[k] for k in keys}

    def list_rows(self, store, status):
        return commitments.list_rows(store, status)

    def list_json(self, row):
        return row

    def list_row(self, store, row):
        late = row["status"] in ("open", "renegotiated") and row["due"] < store.today().isoformat()
        return [row["key"], row["due"] + (" !" if late else ""), workflow.label(row["status"]), row["project"],
                row["promise"]]

    def move(self, store, key, status, note=None, due=None):
        return commitments.move(store, key, status, note=note, due=due)

    def title(self, row):
        return " ".join((row["promise"] or "").split())

    def fields(self, item):
        row = item.row
        return [
            ("project", row["project"]), ("to_whom", row["to_whom"]), ("owner", item.person(row["owner"])),
            ("due", row["due"]), ("original_due", row["original_due"] if row["original_due"] != row["due"] else None),
            ("status", workflow.label(row["status"])), ("closed_at", when(row["closed_at"])),
        ]

    def value(self, item, field, raw):
        return item.person(raw) if field == "owner" else raw

    def hidden(self, entry):
        return super().hidden(entry) and entry["field"] != "due"  # a new due date is shown


COMMITMENTS = Commitments()
COMMITMENTS.install(promise_group)


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
    COMMITMENTS.report(row, as_json, _("Added {key}, due {due}.").format(key=row["key"], due=row["due"]))
