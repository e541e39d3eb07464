"""`huddle project add | list | show | edit | archive`: the workspace's client projects.

Adding, editing and archiving need a lead (the store checks). `--json` prints DESIGN.md's
column names; `contacts` is a list, one contact each.
"""

from __future__ import annotations

import click

from ..i18n import _
from ..store import activity, projects
from ..text import one_line
from . import common_options, echo, emit_json, options

LANG_CHOICE = click.Choice(projects.CLIENT_LANGUAGES, case_sensitive=False)


@click.group("project")
def project_group() -> None:
    """Client projects: key, name, client, the client's language, contacts, dates."""


def _json(row: dict) -> dict:
    keys = ("key", "name", "client", "client_lang", "contacts", "start_on", "end_on", "archived", "version",
            "created_at", "created_by", "updated_at", "updated_by")
    data = {key: row[key] for key in keys}
    if isinstance(data["contacts"], str):
        data["contacts"] = [line for line in data["contacts"].split("\n") if line]
    data["archived"] = bool(data["archived"])
    return data


def _summary(row: dict) -> str:
    dates = ""
    if row["start_on"] or row["end_on"]:
        dates = f"  {row['start_on'] or '…'} → {row['end_on'] or '…'}"
    archived = "  " + _("(archived)") if row["archived"] else ""
    return f"{row['key']:<8} {one_line(row['name'], 50)} · {one_line(row['client'], 30) or '—'} [{row['client_lang']}]{dates}{archived}"


@project_group.command("add")
@common_options
@click.argument("key")
@click.option("--name", required=True, metavar="N", help="The project's name.")
@click.option("--client", required=True, metavar="C", help="The client's name.")
@click.option("--client-lang", default="en", type=LANG_CHOICE, help="What reports for this client are written in.")
@click.option("--contact", "contacts", multiple=True, metavar="WHO", help="A client contact (repeat for several).")
@click.option("--start", "start_on", default=None, metavar="YYYY-MM-DD", help="Start date.")
@click.option("--end", "end_on", default=None, metavar="YYYY-MM-DD", help="End date.")
@click.option("--json", "as_json", is_flag=True, help="Print the new project as JSON.")
@click.pass_context
def add(ctx, key, name, client, client_lang, contacts, start_on, end_on, as_json) -> None:
    """Add a client project (leads only)."""
    store = options(ctx).open()
    row = projects.add(store, key, name, client, client_lang=client_lang, contacts=list(contacts),
                       start_on=start_on, end_on=end_on)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added project {key}.").format(key=row["key"]))


@project_group.command("list")
@common_options
@click.option("--all", "include_archived", is_flag=True, help="Archived projects too.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def list_(ctx, include_archived, as_json) -> None:
    """List the projects (active ones; --all for archived ones too)."""
    store = options(ctx).open()
    rows = projects.list_rows(store, include_archived=include_archived)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo(_("No projects yet. A lead adds one with: huddle project add KEY --name N --client C"))
    for row in rows:
        echo(_summary(row))


@project_group.command("show")
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the project as JSON (with counts and history).")
@click.pass_context
def show(ctx, key, as_json) -> None:
    """A project's details, how many items it holds, and its history."""
    store = options(ctx).open()
    row = projects.require(store, key)
    counts = projects.counts(store, row["key"])
    history = activity.for_key(store, row["key"])
    if as_json:
        emit_json(_json(row) | {"counts": counts, "history": history})
        return
    echo(_summary(row))
    for contact in (row["contacts"] or "").split("\n"):
        if contact:
            echo("  " + _("Contact") + ": " + one_line(contact, 120))
    echo("  " + _("Requirements {r} · change requests {c} · feedback {f} · commitments {m} · milestones {s}").format(
        r=counts["requirements"], c=counts["change_requests"], f=counts["feedback"], m=counts["commitments"],
        s=counts["milestones"]))
    for event in history[:10]:
        change = f"{event['field']}: {one_line(event['old'] or '—', 40)} → {one_line(event['new'] or '—', 40)}" if event["field"] else event["action"]
        echo(f"  {event['at'][:16].replace('T', ' ')} {one_line(event['actor_name'], 20)}  {change}")


@project_group.command("edit")
@common_options
@click.argument("key")
@click.option("--name", default=None, metavar="N")
@click.option("--client", default=None, metavar="C")
@click.option("--client-lang", default=None, type=LANG_CHOICE)
@click.option("--contact", "contacts", multiple=True, metavar="WHO", help="Replaces the contacts (repeat for several).")
@click.option("--start", "start_on", default=None, metavar="YYYY-MM-DD", help="Start date ('' clears it).")
@click.option("--end", "end_on", default=None, metavar="YYYY-MM-DD", help="End date ('' clears it).")
@click.option("--version", "version", type=int, default=None, help="Save only if the project is still at this version.")
@click.option("--json", "as_json", is_flag=True, help="Print the project as JSON.")
@click.pass_context
def edit(ctx, key, name, client, client_lang, contacts, start_on, end_on, version, as_json) -> None:
    """Change a project's details (leads only); only the options given change."""
    store = options(ctx).open()
    values = {field: value for field, value in (("name", name), ("client", client), ("client_lang", client_lang),
                                                ("start_on", start_on), ("end_on", end_on)) if value is not None}
    if contacts:
        values["contacts"] = list(contacts)
    if not values:
        raise click.UsageError(_("Say what to change: --name, --client, --client-lang, --contact, --start or --end."))
    row = projects.edit(store, key, values, version)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Saved project {key}.").format(key=row["key"]))


@project_group.command("archive")
@common_options
@click.argument("key")
@click.option("--undo", is_flag=True, help="Bring an archived project back.")
@click.pass_context
def archive(ctx, key, undo) -> None:
    """Archive a project (leads only): it leaves pickers and dashboards, its items stay."""
    store = options(ctx).open()
    row = projects.archive(store, key, archived=not undo)
    if row["archived"]:
        echo(_("Archived project {key}: its items keep it.").format(key=row["key"]))
    else:
        echo(_("Project {key} is active again.").format(key=row["key"]))
