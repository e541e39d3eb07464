"""`huddle req add | list | move | show | edit` and `huddle req milestone add | list`."""

from __future__ import annotations

import click

from ..i18n import _
from ..store import milestones, projects, requirements, workflow
from ..text import one_line
from . import common_options, echo, emit_json, force_option, options, write_output


@click.group("req")
def req_group() -> None:
    """The requirement register."""


def _milestone_id(store, name: str | None, project: str | None) -> int | None:
    if not name:
        return None
    return milestones.find(store, name, project)["id"]


@req_group.command("add")
@common_options
@click.argument("title")
@click.option("--project", default=None, metavar="P", help="Project key (default: the only project).")
@click.option("--priority", default="P2", metavar="P0..P3", help="P0 is the most urgent.")
@click.option("--owner", default=None, metavar="LOGIN", help="Who on the team owns it.")
@click.option("--milestone", default=None, metavar="NAME", help="The milestone it is accepted at.")
@click.option("--detail", default="", help="Description.")
@click.option("--criteria", default="", help="Acceptance criteria.")
@click.option("--source", default="", help="Client contact or meeting it came from.")
@click.option("--json", "as_json", is_flag=True, help="Print the new requirement as JSON.")
@click.pass_context
def add(ctx, title, project, priority, owner, milestone, detail, criteria, source, as_json) -> None:
    """Add a requirement (status: draft)."""
    store = options(ctx).open()
    project_key = projects.resolve(store, project)
    row = requirements.create(store, {
        "title": title, "project": project_key, "priority": priority, "owner": owner,
        "milestone_id": _milestone_id(store, milestone, project_key), "detail": detail,
        "acceptance_criteria": criteria, "source": source,
    })
    if as_json:
        emit_json(requirements.as_json(row))
    else:
        echo(_("Added {key}: {title}").format(key=row["key"], title=one_line(row["title"])))


@req_group.command("list")
@common_options
@click.option("--status", default=None, metavar="S", help="Only this status (draft, documented, …).")
@click.option("--project", default=None, metavar="P")
@click.option("--milestone", default=None, metavar="NAME")
@click.option("--search", default="", metavar="TEXT", help="Only those whose key, title, owner or source contain TEXT.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_(ctx, status, project, milestone, search, as_json) -> None:
    """List requirements."""
    store = options(ctx).open()
    project_key = projects.resolve(store, project) if project else None
    rows = requirements.list_rows(
        store, status=status, project=project_key,
        milestone_id=_milestone_id(store, milestone, project_key), text=search,
    )
    if as_json:
        emit_json([requirements.as_json(row) for row in rows])
        return
    for row in rows:
        echo("\t".join(one_line(value) or "-" for value in (
            row["key"], row["priority"], workflow.label(row["status"]), row["project"],
            row["owner"], row["milestone"], " ".join(row["title"].split()),
        )))


@req_group.command("move")
@common_options
@click.argument("key")
@click.argument("status")
@click.option("--note", default=None, metavar="N", help="Why (kept in the history).")
@click.option("--by", "signed_by", default=None, metavar="CONTACT",
              help="For confirmed: the client contact who signed off (default: the note).")
@click.option("--json", "as_json", is_flag=True, help="Print the requirement as JSON.")
@click.pass_context
def move(ctx, key, status, note, signed_by, as_json) -> None:
    """Move a requirement to STATUS (accepted: leads only)."""
    store = options(ctx).open()
    target = requirements.normalize_status(status)
    contact = signed_by
    if target == "confirmed" and not contact:
        contact, note = note, None
        if not (contact or "").strip():
            from ..store.errors import ValidationError

            raise ValidationError(
                _("Confirming needs the client contact who signed off: add --by NAME."), "confirmed_by"
            )
    row = requirements.move(store, key, target, note=note, confirmed_by=contact)
    if as_json:
        emit_json(requirements.as_json(row))
    else:
        echo(_("{key} is now {status}.").format(key=row["key"], status=workflow.label(row["status"])))


@req_group.command("show")
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show(ctx, key, as_json) -> None:
    """Show one requirement with its links and history."""
    store = options(ctx).open()
    row = requirements.require(store, key)
    data = requirements.as_json(row)
    data["change_requests"] = [r["key"] for r in requirements.linked_changes(store, row["key"])]
    data["feedback"] = [r["key"] for r in requirements.linked_feedback(store, row["key"])]
    data["history"] = [
        {k: h[k] for k in ("action", "field", "old", "new", "note", "actor", "at")}
        for h in requirements.history(store, row["key"])
    ]
    if as_json:
        emit_json(data)
        return
    echo(f"{row['key']}  {one_line(row['title'])}")
    for column in ("project", "priority", "status", "owner", "milestone", "source", "confirmed_by",
                   "confirmed_at", "accepted_by", "accepted_at"):
        if row.get(column):
            value = workflow.label(row[column]) if column == "status" else row[column]
            echo(f"  {column}: {one_line(str(value))}")
    for column in ("detail", "acceptance_criteria"):
        if row.get(column):
            echo(f"  {column}:")
            for line in row[column].splitlines():
                echo(f"    {line}")


@req_group.command("edit")
@common_options
@click.argument("key")
@click.option("--title", default=None)
@click.option("--priority", default=None, metavar="P0..P3")
@click.option("--owner", default=None, metavar="LOGIN")
@click.option("--milestone", default=None, metavar="NAME", help="Empty to clear.")
@click.option("--source", default=None)
@click.option("--reason", default=None, help="Why a signed-off requirement's title changes (re-opens it: a lead's call).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def edit(ctx, key, title, priority, owner, milestone, source, reason, as_json) -> None:
    """Change fields of a requirement."""
    store = options(ctx).open()
    row = requirements.require(store, key)
    values: dict = {}
    for name, value in (("title", title), ("priority", priority), ("owner", owner), ("source", source)):
        if value is not None:
            values[name] = value
    if milestone is not None:
        values["milestone_id"] = _milestone_id(store, milestone, row["project"]) if milestone else None
    row = requirements.update(store, row["key"], values, expected_version=row["version"], reason=reason)
    if as_json:
        emit_json(requirements.as_json(row))
    else:
        echo(_("Saved {key}.").format(key=row["key"]))


@req_group.group("milestone")
def milestone_group() -> None:
    """Milestones (staged acceptance)."""


@milestone_group.command("add")
@common_options
@click.argument("name")
@click.option("--project", default=None, metavar="P")
@click.option("--due", default=None, metavar="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def milestone_add(ctx, name, project, due, as_json) -> None:
    """Add a milestone."""
    store = options(ctx).open()
    row = milestones.create(store, project, name, due)
    if as_json:
        emit_json({k: row[k] for k in ("id", "project", "name", "due", "status", "version")})
    else:
        echo(_("Added milestone {name}.").format(name=one_line(row["name"])))


@milestone_group.command("list")
@common_options
@click.option("--project", default=None, metavar="P")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def milestone_list(ctx, project, as_json) -> None:
    """List milestones with their progress (accepted / total)."""
    store = options(ctx).open()
    project_key = projects.resolve(store, project) if project else None
    rows = milestones.as_json_rows(store, project_key)
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        echo(f"{one_line(row['project'])}\t{row['due'] or '-'}\t{row['accepted']}/{row['total']}\t{one_line(row['name'])}")


@milestone_group.command("review")
@common_options
@click.argument("name")
@click.option("--project", default=None, metavar="P")
@click.option("--out", "out", default=None, metavar="PATH", help="Write to a file instead of stdout.")
@force_option
@click.pass_context
def milestone_review(ctx, name, project, out, force) -> None:
    """The milestone review as Markdown (state of each requirement, changes since the last)."""
    store = options(ctx).open()
    project_key = projects.resolve(store, project) if project else None
    row = milestones.find(store, name, project_key)
    text = milestones.review_markdown(store, row["id"])
    if out is not None:
        path = write_output(ctx, out, text, force=force)
        echo(_("Wrote the review to {path}.").format(path=path))
    else:
        echo(text, nl=False)
