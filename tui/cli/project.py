"""`huddle project add | list | show | edit | archive`: the workspace's client projects.

Adding, editing and archiving need a lead (the store checks). `--json` prints DESIGN.md's
column names; `contacts` is a list, one contact each.
"""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import activity, projects
from . import area_group, common_options, echo, emit_json, options

LANG_CHOICE = click.Choice(projects.CLIENT_LANGUAGES, case_sensitive=False)


project_group = area_group("project", N_("Client projects: key, name, client, the client's language, contacts, dates."))


def _json(row: dict) -> dict:
    keys = ("key", "name", "client", "client_lang", "contacts", "start_on", "end_on", "archived", "version",
            "created_at", "created_by", "updated_at", "updated_by")
    data = {key: row[key] for key in keys}
    if isinstance(data["contacts"], str):
        data["contacts"] = [line for line in data["contacts"].split("\n") if line]
    data["archived"] = bool(data["archived"])
    return data




@project_group.command("add", help=N_("Add a client project (leads only)."))
@common_options
@click.argument("key")
@click.option("--name", required=True, metavar="N", help=N_("The project's name."))
@click.option("--client", required=True, metavar="C", help=N_("The client's name."))
@click.option("--client-lang", default="en", type=LANG_CHOICE, help=N_("What reports for this client are written in."))
@click.option("--contact", "contacts", multiple=True, metavar="WHO", help=N_("A client contact (repeat for several)."))
@click.option("--start", "start_on", default=None, metavar="YYYY-MM-DD", help=N_("Start date."))
@click.option("--end", "end_on", default=None, metavar="YYYY-MM-DD", help=N_("End date."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new project as JSON."))
@click.pass_context
def add(ctx, key, name, client, client_lang, contacts, start_on, end_on, as_json) -> None:
    store = options(ctx).open()
    row = projects.add(store, key, name, client, client_lang=client_lang, contacts=list(contacts),
                       start_on=start_on, end_on=end_on)
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added project {key}.").format(key=row["key"]))


@project_group.command("list", help=N_("List the projects (active ones; --all for archived ones too)."))
@common_options
@click.option("--all", "include_archived", is_flag=True, help=N_("Archived projects too."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@click.pass_context
def list_(ctx, include_archived, as_json) -> None:
    store = options(ctx).open()
    rows = projects.list_rows(store, include_archived=include_archived)
    if as_json:
        emit_json(rows)
        return
    from . import print_table

    def dates(row):
        return f"{row['start_on'] or '…'} → {row['end_on'] or '…'}" if row["start_on"] or row["end_on"] else ""

    print_table([[row["key"], row["name"], row["client"], f"[{row['client_lang']}]", dates(row),
                  _("(archived)") if row["archived"] else ""] for row in rows],
                empty=_("No projects yet. A lead adds one with: huddle project add KEY --name N --client C"),
                flex=1, limits={2: 30})


@project_group.command("show", help=N_("A project's details, how many items it holds, and its history."))
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the project as JSON (with counts and history)."))
@click.pass_context
def show(ctx, key, as_json) -> None:
    store = options(ctx).open()
    row = projects.require(store, key)
    counts = projects.counts(store, row["key"])
    history = activity.for_key(store, row["key"])
    if as_json:
        emit_json(_json(row) | {"counts": counts, "history": history})
        return
    from ..i18n import LANGUAGES
    from . import describe_entry, show_item

    def label(field: str) -> str:
        return _(projects.LABELS[field]) if field in projects.LABELS else field

    def describe(entry):
        if entry["action"] == "edit" and entry["field"] == "archived":
            return _("archived") if entry["new"] in ("1", "True") else _("active again")
        return describe_entry(entry, label)

    show_item(
        row["key"], row["name"],
        [(label("client"), row["client"]), (label("client_lang"), LANGUAGES.get(row["client_lang"], row["client_lang"])),
         (label("start_on"), row["start_on"]), (label("end_on"), row["end_on"]),
         (_("Status"), _("archived") if row["archived"] else None),
         (_("Items"), _("Requirements {r} · change requests {c} · feedback {f} · commitments {m} · milestones {s}").format(
             r=counts["requirements"], c=counts["change_requests"], f=counts["feedback"], m=counts["commitments"],
             s=counts["milestones"]))],
        [(label("contacts"), row["contacts"])],
        None, history, describe,
    )


@project_group.command("edit", help=N_("Change a project's details (leads only); only the options given change."))
@common_options
@click.argument("key")
@click.option("--name", default=None, metavar="N", help=N_("The project's name."))
@click.option("--client", default=None, metavar="C", help=N_("The client's name."))
@click.option("--client-lang", default=None, type=LANG_CHOICE, help=N_("What reports for this client are written in."))
@click.option("--contact", "contacts", multiple=True, metavar="WHO", help=N_("Replaces the contacts (repeat for several)."))
@click.option("--start", "start_on", default=None, metavar="YYYY-MM-DD", help=N_("Start date ('' clears it)."))
@click.option("--end", "end_on", default=None, metavar="YYYY-MM-DD", help=N_("End date ('' clears it)."))
@click.option("--version", "version", type=int, default=None, help=N_("Save only if the project is still at this version."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the project as JSON."))
@click.pass_context
def edit(ctx, key, name, client, client_lang, contacts, start_on, end_on, version, as_json) -> None:
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


@project_group.command("archive", help=N_("Archive a project (leads only): it leaves pickers and dashboards, its items stay."))
@common_options
@click.argument("key")
@click.option("--undo", is_flag=True, help=N_("Bring an archived project back."))
@click.pass_context
def archive(ctx, key, undo) -> None:
    store = options(ctx).open()
    row = projects.archive(store, key, archived=not undo)
    if row["archived"]:
        echo(_("Archived project {key}: its items keep it.").format(key=row["key"]))
    else:
        echo(_("Project {key} is active again.").format(key=row["key"]))
