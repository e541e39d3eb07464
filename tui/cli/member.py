"""`huddle member add | list | show | role | rename | deactivate | activate`: the team.

A member is an OS login with a display name, a role (lead or member) and active/inactive.
Managing members needs a lead; anyone may rename themselves (the store checks). The last
active lead can be neither demoted nor deactivated.
"""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import members
from ..text import one_line
from . import area_group, common_options, echo, emit_json, options

ROLE_CHOICE = click.Choice(members.ROLES, case_sensitive=False)


member_group = area_group("member", N_("The team: logins, display names, roles (lead or member)."))


def _json(row: dict) -> dict:
    keys = ("login", "display_name", "role", "active", "version", "created_at", "created_by", "updated_at",
            "updated_by")
    data = {key: row[key] for key in keys}
    data["active"] = bool(data["active"])
    return data


def role_label(role: str) -> str:
    return _("lead") if role == "lead" else _("member")




@member_group.command("add", help=N_("Add a teammate by their login on this host (leads only)."))
@common_options
@click.argument("login")
@click.option("--name", required=True, metavar="N", help=N_("Display name, e.g. 张伟."))
@click.option("--role", default="member", type=ROLE_CHOICE, help=N_("lead or member."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new member as JSON."))
@click.pass_context
def add(ctx, login, name, role, as_json) -> None:
    store = options(ctx).open()
    row = members.add(store, login, name, role.lower())
    if as_json:
        emit_json(_json(row))
    else:
        echo(_("Added {name} ({login}) as {role}.").format(name=row["display_name"], login=row["login"],
                                                          role=role_label(row["role"])))


@member_group.command("list", help=N_("Everyone in the workspace: active ones first, leads first. * is you."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@click.pass_context
def list_(ctx, as_json) -> None:
    store = options(ctx).open()
    rows = members.all_rows(store)
    if as_json:
        emit_json([_json(row) for row in rows])
        return
    from . import print_table

    print_table([[row["login"] + (" *" if row["login"] == store.user else ""), row["display_name"],
                  f"[{role_label(row['role'])}]", "" if row["active"] else _("(inactive)")] for row in rows],
                empty="", flex=1)


@member_group.command("show", help=N_("Show one member: login, display name, role, whether active, and their history."))
@common_options
@click.argument("login")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the member as JSON (with history)."))
@click.pass_context
def show(ctx, login, as_json) -> None:
    from ..store import activity
    from . import describe_entry, history_json, show_item

    store = options(ctx).open()
    row = members.require(store, login)
    history = activity.for_key(store, row["login"])
    if as_json:
        emit_json(_json(row) | {"history": history_json(history)})
        return
    labels = {"display_name": _("Display name"), "role": _("Role"), "active": _("Status")}

    def value(field, raw):
        if field == "role":
            return role_label(raw)
        if field == "active":
            return _("active") if raw in ("1", "True") else _("inactive")
        return one_line(raw, 60)

    def describe(entry):
        if entry["action"] == "create":
            return _("joined as {role}").format(role=role_label(entry["new"] or "member"))
        return describe_entry(entry, lambda field: labels.get(field, field), value)

    show_item(
        row["login"], row["display_name"],
        [(labels["role"], role_label(row["role"])), (labels["active"], _("active") if row["active"] else _("inactive"))],
        [], None, history, describe,
    )


@member_group.command("role", help=N_("Make someone a lead or a member (leads only; the last active lead stays a lead)."))
@common_options
@click.argument("login")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the member as JSON."))
@click.pass_context
def role(ctx, login, role, as_json) -> None:
    store = options(ctx).open()
    row = members.set_role(store, login, role.lower())
    _done(row, as_json, _("{name} is now a {role}.").format(name=row["display_name"], role=role_label(row["role"])))


@member_group.command("rename", help=N_("Set a display name: `rename NAME` for yourself; `rename LOGIN NAME` (leads, or yourself)."))
@common_options
@click.argument("words", nargs=-1, required=True, metavar="[LOGIN] NAME")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the member as JSON."))
@click.pass_context
def rename(ctx, words, as_json) -> None:
    if len(words) > 2:
        raise click.UsageError(_("Give a login and one name; quote a name with spaces: huddle member rename liming \"李明 (后端)\""))
    store = options(ctx).open()
    login, name = (None, words[0]) if len(words) == 1 else words
    row = members.rename(store, login, name)
    _done(row, as_json, _("{login} is now shown as {name}.").format(login=row["login"], name=row["display_name"]))


@member_group.command("deactivate", help=N_("Take someone off the boards and pickers; what they wrote stays (leads only)."))
@common_options
@click.argument("login")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the member as JSON."))
@click.pass_context
def deactivate(ctx, login, as_json) -> None:
    store = options(ctx).open()
    row = members.deactivate(store, login)
    _done(row, as_json, _("{name} is inactive: off the standup board and pickers; their history stays.").format(
        name=row["display_name"]))


@member_group.command("activate", help=N_("Bring an inactive member back (leads only)."))
@common_options
@click.argument("login")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the member as JSON."))
@click.pass_context
def activate(ctx, login, as_json) -> None:
    store = options(ctx).open()
    row = members.activate(store, login)
    _done(row, as_json, _("{name} is active again.").format(name=row["display_name"]))


def _done(row: dict, as_json: bool, message: str) -> None:
    if as_json:
        emit_json(_json(row))
    else:
        echo(message)
