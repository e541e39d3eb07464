"""`huddle req add | list | move | show | edit` and `huddle req milestone add | list`."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import milestones, projects, requirements, workflow
from ..text import one_line
from . import (
    area_group,
    common_options,
    echo,
    emit_json,
    force_option,
    json_list_option,
    json_option,
    options,
    print_table,
    when,
    write_output,
)
from .area import AreaCommands
from .report import report_options

req_group = area_group("req", N_("The requirement register: add, list, move, show and edit requirements; milestones."))


def _milestone_id(store, name: str | None, project: str | None) -> int | None:
    if not name:
        return None
    return milestones.find(store, name, project)["id"]


class Requirements(AreaCommands):
    """`req list | move | show` (the kit's), and what they say of a requirement."""

    AREA = requirements.AREA
    FIELD_LABELS = {
        **requirements.FIELD_LABELS,
        "milestone": N_("Milestone"),
        "confirmed_at": N_("Signed off on"),
        "accepted_by": N_("Accepted by"),
        "accepted_at": N_("Accepted on"),
    }
    JSON_HELP = N_("Print the requirement as JSON.")
    LIST_HELP = N_("List requirements.")
    STATUS_HELP = N_("Only this status (draft, documented, …).")
    LIST_OPTIONS = (
        click.option("--project", default=None, metavar="P", help=N_("Only this project.")),
        click.option("--milestone", default=None, metavar="NAME", help=N_("Only this milestone.")),
        click.option("--search", default="", metavar="TEXT",
                     help=N_("Only those whose key, title, owner or source contain TEXT.")),
    )
    EMPTY = N_("No requirements.")
    LIMITS = {3: 12, 4: 14, 5: 16}
    MOVE_HELP = N_("Move a requirement to STATUS (accepted: leads only).")
    MOVE_OPTIONS = (
        click.option("--note", default=None, metavar="N", help=N_("Why (kept in the history).")),
        click.option("--by", "signed_by", default=None, metavar="CONTACT",
                     help=N_("For confirmed: the client contact who signed off (default: the note).")),
    )
    SHOW_HELP = N_("Show one requirement: its fields, links and history.")
    TEXTS = ("detail", "acceptance_criteria")

    def as_json(self, row):
        return requirements.as_json(row)

    def list_rows(self, store, status, project=None, milestone=None, search=""):
        project_key = projects.resolve(store, project) if project else None
        return requirements.list_rows(
            store, status=status, project=project_key,
            milestone_id=_milestone_id(store, milestone, project_key), text=search,
        )

    def list_row(self, store, row):
        return [row["key"], row["priority"], workflow.label(row["status"]), row["project"], row["owner"],
                row["milestone"], row["title"]]

    def move(self, store, key, status, note=None, signed_by=None):
        target = requirements.normalize_status(status)
        contact = signed_by
        if target == "confirmed" and not contact:
            contact, note = note, None
            if not (contact or "").strip():
                from ..store.errors import ValidationError

                raise ValidationError(
                    _("Confirming needs the client contact who signed off: add --by NAME."), "confirmed_by"
                )
        return requirements.move(store, key, target, note=note, confirmed_by=contact)

    def history(self, store, key):
        return requirements.history(store, key)  # leaves a move's stamps out itself

    def hidden(self, entry):
        return False

    def show_json(self, store, row):
        data = requirements.as_json(row)
        data["change_requests"] = [r["key"] for r in requirements.linked_changes(store, row["key"])]
        data["feedback"] = [r["key"] for r in requirements.linked_feedback(store, row["key"])]
        return data

    def fields(self, item):
        row, person = item.row, item.person
        milestone = row["milestone"]
        if milestone and row.get("milestone_due"):
            milestone = _("{name} (due {due})").format(name=milestone, due=row["milestone_due"])
        return [
            ("project", row["project"]), ("priority", row["priority"]), ("status", workflow.label(row["status"])),
            ("owner", person(row["owner"])), ("milestone", milestone), ("source", row["source"]),
            ("confirmed_by", row["confirmed_by"]), ("confirmed_at", when(row["confirmed_at"])),
            ("accepted_by", person(row["accepted_by"])), ("accepted_at", when(row["accepted_at"])),
        ]

    def value(self, item, field, raw):
        if field == "owner":
            return one_line(item.person(raw), 40)
        if field == "milestone_id":
            found = milestones.get(item.store, raw)
            return one_line(found["name"] if found else raw, 40)
        return one_line(raw, 60)


REQUIREMENTS = Requirements()
REQUIREMENTS.install(req_group)


@req_group.command("add", help=N_("Add a requirement (status: draft)."))
@common_options
@click.argument("title")
@click.option("--project", default=None, metavar="P", help=N_("Project key (default: the only project)."))
@click.option("--priority", default="P2", metavar="P0..P3", help=N_("P0 is the most urgent."))
@click.option("--owner", default=None, metavar="LOGIN", help=N_("Who on the team owns it."))
@click.option("--milestone", default=None, metavar="NAME", help=N_("The milestone it is accepted at."))
@click.option("--detail", default="", help=N_("Description."))
@click.option("--criteria", default="", help=N_("Acceptance criteria."))
@click.option("--source", default="", help=N_("Client contact or meeting it came from."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new requirement as JSON."))
@click.pass_context
def add(ctx, title, project, priority, owner, milestone, detail, criteria, source, as_json) -> None:
    store = options(ctx).open()
    project_key = projects.resolve(store, project)
    row = requirements.create(store, {
        "title": title, "project": project_key, "priority": priority, "owner": owner,
        "milestone_id": _milestone_id(store, milestone, project_key), "detail": detail,
        "acceptance_criteria": criteria, "source": source,
    })
    REQUIREMENTS.report(row, as_json, _("Added {key}: {title}").format(key=row["key"], title=one_line(row["title"])))


@req_group.command("edit", help=N_("Change fields of a requirement; only the options given change."))
@common_options
@click.argument("key")
@click.option("--title", default=None, help=N_("The new title."))
@click.option("--priority", default=None, metavar="P0..P3", help=N_("The new priority."))
@click.option("--owner", default=None, metavar="LOGIN", help=N_("Who on the team owns it."))
@click.option("--milestone", default=None, metavar="NAME", help=N_("The milestone (empty to clear)."))
@click.option("--source", default=None, help=N_("Client contact or meeting it came from."))
@click.option("--reason", default=None,
              help=N_("Why a signed-off requirement's title changes (re-opens it: a lead's call)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the requirement as JSON."))
@click.pass_context
def edit(ctx, key, title, priority, owner, milestone, source, reason, as_json) -> None:
    store = options(ctx).open()
    row = requirements.require(store, key)
    values: dict = {}
    for name, value in (("title", title), ("priority", priority), ("owner", owner), ("source", source)):
        if value is not None:
            values[name] = value
    if milestone is not None:
        values["milestone_id"] = _milestone_id(store, milestone, row["project"]) if milestone else None
    row = requirements.update(store, row["key"], values, expected_version=row["version"], reason=reason)
    REQUIREMENTS.report(row, as_json, _("Saved {key}.").format(key=row["key"]))


@req_group.group("milestone", help=N_("Milestones (staged acceptance): add, list, review."))
def milestone_group() -> None:
    pass


@milestone_group.command("add", help=N_("Add a milestone."))
@common_options
@click.argument("name")
@click.option("--project", default=None, metavar="P", help=N_("Project key (default: the only project)."))
@click.option("--due", default=None, metavar="YYYY-MM-DD", help=N_("When it is due."))
@json_option
@click.pass_context
def milestone_add(ctx, name, project, due, as_json) -> None:
    store = options(ctx).open()
    row = milestones.create(store, project, name, due)
    if as_json:
        emit_json({k: row[k] for k in ("id", "project", "name", "due", "status", "version")})
    else:
        echo(_("Added milestone {name}.").format(name=one_line(row["name"])))


@milestone_group.command("list", help=N_("List milestones with their progress (accepted / total)."))
@common_options
@click.option("--project", default=None, metavar="P", help=N_("Only this project."))
@json_list_option
@click.pass_context
def milestone_list(ctx, project, as_json) -> None:
    store = options(ctx).open()
    project_key = projects.resolve(store, project) if project else None
    rows = milestones.as_json_rows(store, project_key)
    if as_json:
        emit_json(rows)
        return
    print_table([[row["project"], row["due"], f"{row['accepted']}/{row['total']}", row["name"]] for row in rows],
                empty=_("No milestones."), limits={0: 12})


@milestone_group.command("review", help=N_(
    "The milestone review as Markdown (state of each requirement, changes since the last)."))
@common_options
@click.argument("name")
@click.option("--project", default=None, metavar="P", help=N_("Project key (default: the only project)."))
@click.option("--out", "out", default=None, metavar="PATH", help=N_("Write to a file instead of stdout."))
@force_option
@click.pass_context
def milestone_review(ctx, name, project, out, force) -> None:
    store = options(ctx).open()
    project_key = projects.resolve(store, project) if project else None
    row = milestones.find(store, name, project_key)
    text = milestones.review_markdown(store, row["id"])
    if out is not None:
        path = write_output(ctx, out, text, force=force)
        echo(_("Wrote the review to {path}.").format(path=path))
    else:
        echo(text, nl=False)


@req_group.command("doc", help=N_(
    "The requirements document for the client's confirmation: by milestone, with priority, description, "
    "acceptance criteria, status and the sign-off table."))
@report_options
@click.option("--milestone", default=None, metavar="NAME", help=N_("Only this milestone's requirements."))
@click.pass_context
def doc(ctx, **values) -> None:
    from .report import requirements_document

    requirements_document(ctx, **values)
