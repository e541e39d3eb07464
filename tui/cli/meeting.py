"""`huddle meeting add | list | show | export | decide | action | done | promise`: client meetings (项目会议 /
需求调研), their decisions and action items, and the minutes sent to the client."""

from __future__ import annotations

import click

from ..i18n import N_, _, join_list, ngettext
from ..store import meetings, members, workflow
from ..text import one_line
from . import (
    area_group,
    common_options,
    echo,
    emit_json,
    force_option,
    options,
    print_table,
    subcommand_db_option,
    write_output,
)

HISTORY_KEYS = ("action", "field", "old", "new", "note", "actor", "at")


meeting_group = area_group("meeting", N_(
    "Client meetings: add, list, show, export the minutes, record decisions and action items."))


def _people(store, logins: list[str]) -> str:
    names = members.names(store)
    return join_list(one_line(names.get(login, login), 40) for login in logins)


@meeting_group.command("add", help=N_("Record a client meeting."))
@common_options
@click.option("--project", required=True, metavar="P", help=N_("Project key."))
@click.option("--title", required=True, metavar="T", help=N_("What the meeting was about."))
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help=N_("Day of the meeting (default: today)."))
@click.option("--kind", default="weekly", metavar="K", help=N_("weekly, workshop, acceptance or other."))
@click.option("--attendee", "attendees", multiple=True, metavar="LOGIN", help=N_("A team member who came (repeat for several)."))
@click.option("--client", "client_attendees", multiple=True, metavar="WHO", help=N_("A client attendee (repeat for several)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the new meeting as JSON."))
@click.pass_context
def add(ctx, project, title, day, kind, attendees, client_attendees, as_json) -> None:
    store = options(ctx).open()
    row = meetings.add(store, title, project=project, day=day, kind=kind, attendees=list(attendees),
                       client_attendees=list(client_attendees))
    if as_json:
        emit_json(meetings.as_json(row))
    else:
        echo(_("Added {key}: {title} ({date}).").format(key=row["key"], title=one_line(row["title"], 80),
                                                        date=row["date"]))


@meeting_group.command("list", help=N_("List meetings, newest first."))
@common_options
@click.option("--project", default=None, metavar="P", help=N_("Only this project's meetings."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@click.pass_context
def list_(ctx, project, as_json) -> None:
    store = options(ctx).open()
    rows = meetings.list_rows(store, project)
    if as_json:
        emit_json(rows)
        return
    table = []
    for row in rows:
        counts = (ngettext("{n} decision", "{n} decisions", row["decisions"]).format(n=row["decisions"]) + " · "
                  + ngettext("{n} action item", "{n} action items", row["actions"]).format(n=row["actions"]))
        table.append([row["key"], row["date"], row["project"] or "-", meetings.kind_label(row["kind"]), counts,
                      row["title"]])
    print_table(table, empty=_("No meetings yet."), limits={2: 16, 3: 24})


def _labelled(label: str) -> str:
    """`Date:` / `日期：` (the language's colon)."""
    return _("{label}:").format(label=label)


def _show_json(store, row: dict) -> dict:
    data = meetings.as_json(row)
    data["decisions"] = [meetings.decision_json(d) for d in meetings.decisions(store, row["key"])]
    data["actions"] = [meetings.action_json(a) | {"commitment_status": a["commitment_status"]}
                       for a in meetings.actions(store, row["key"])]
    data["history"] = [{k: h[k] for k in HISTORY_KEYS} for h in meetings.history(store, row["key"])]
    return data


@meeting_group.command("show", help=N_("Show one meeting: who came, notes, decisions, action items, history."))
@common_options
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON."))
@click.pass_context
def show(ctx, key, as_json) -> None:
    store = options(ctx).open()
    row = meetings.require(store, key)
    if as_json:
        emit_json(_show_json(store, row))
        return
    names = members.names(store)
    echo(f"{row['key']}  {one_line(row['title'])}")
    facts = [
        (_("Project"), row["project"] or "-"),
        (_("Date"), row["date"]),
        (_("Meeting type"), meetings.kind_label(row["kind"])),
        (_("Team attendees"), _people(store, meetings.as_json(row)["attendees"]) or "-"),
        (_("Client attendees"), join_list(one_line(n, 60) for n in meetings.as_json(row)["client_attendees"]) or "-"),
    ]
    for label, value in facts:
        echo(f"  {_labelled(label)} {one_line(value)}")
    echo("  " + _labelled(_("Decisions")))
    the_decisions = meetings.decisions(store, row["key"])
    for number, decision in enumerate(the_decisions, start=1):
        concerns = f"  [{', '.join(decision['links'])}]" if decision["links"] else ""
        echo(f"    {number}. {one_line(decision['text'])}{concerns}")
    if not the_decisions:
        echo("    " + _("none"))
    echo("  " + _labelled(_("Action items")))
    the_actions = meetings.actions(store, row["key"])
    for number, action in enumerate(the_actions, start=1):
        who = one_line(names.get(action["owner"], action["owner"] or "-"), 40)
        if action["commitment"]:
            kind = _("commitment {key} ({status})").format(key=action["commitment"],
                                                          status=workflow.label(action["commitment_status"] or ""))
        else:
            kind = _("team task, done") if action["done_at"] else _("team task")
        due = _("due {date}").format(date=action["due"])
        mark = "✓ " if action["done_at"] and not action["commitment"] else ""
        echo(f"    {number}. {mark}{one_line(action['text'])} — {who}, {due} · {kind}")
    if not the_actions:
        echo("    " + _("none"))
    if row["notes"].strip():
        echo("  " + _labelled(_("Meeting notes")))
        for line in row["notes"].strip("\n").splitlines():
            echo(f"    {line}")
    history = meetings.history(store, row["key"], 20)
    if history:
        echo("  " + _labelled(_("History")))
        for entry in history:
            what = entry["action"] + (f" {entry['field']}" if entry["field"] else "")
            if entry["new"]:
                what += f" → {one_line(entry['new'], 60)}"
            note = f" — {one_line(entry['note'], 120)}" if entry["note"] else ""
            echo(f"    {entry['at'][:16].replace('T', ' ')}  {one_line(entry['actor'], 30)}  {what}{note}")


@meeting_group.command("export", help=N_("The minutes, in the client's language, as Markdown or HTML."))
@subcommand_db_option  # only --db: its --lang is the minutes' language
@click.argument("key")
@click.option("--lang", "language", default=None, metavar="en|zh_CN",
              help=N_("Language of the minutes (default: the client's)."))
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help=N_("Markdown or a self-contained HTML page."))
@click.option("--out", "out", default=None, metavar="PATH", help=N_("Write to a file instead of stdout."))
@force_option
@click.pass_context
def export(ctx, key, language, fmt, out, force) -> None:
    store = options(ctx).open()
    from ..reports import minutes

    row = meetings.require(store, key)
    text = minutes.minutes(store, row["key"], language, fmt)
    if out is not None:
        path = write_output(ctx, out, text, force=force)
        echo(_("Wrote the minutes to {path}.").format(path=path))
    else:
        echo(text, nl=False)


@meeting_group.command("decide", help=N_("Record a decision, linked to the requirements or change requests it concerns."))
@common_options
@click.argument("key")
@click.argument("text")
@click.option("--links", default="", metavar="REQ-3,CR-7", help=N_("The items it concerns, comma-separated."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the decision as JSON."))
@click.pass_context
def decide(ctx, key, text, links, as_json) -> None:
    store = options(ctx).open()
    row = meetings.decide(store, key, text, links)
    if as_json:
        emit_json(meetings.decision_json(row))
    elif row["links"]:
        echo(_("Recorded the decision in {key}; it shows in the history of {items}.").format(
            key=row["meeting"], items=join_list(row["links"])))
    else:
        echo(_("Recorded the decision in {key}.").format(key=row["meeting"]))


@meeting_group.command("action", help=N_("Note an action item; --promise makes it a commitment to the client."))
@common_options
@click.argument("key")
@click.argument("text")
@click.option("--owner", required=True, metavar="LOGIN", help=N_("Who does it."))
@click.option("--due", required=True, metavar="YYYY-MM-DD", help=N_("By when."))
@click.option("--promise", is_flag=True, help=N_("A promise to the client: becomes a commitment (CM-n)."))
@click.option("--to", "to_whom", default=None, metavar="WHOM",
              help=N_("For a promise: whom it was made to (default: the client attendees)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the action item as JSON."))
@click.pass_context
def action(ctx, key, text, owner, due, promise, to_whom, as_json) -> None:
    store = options(ctx).open()
    row = meetings.add_action(store, key, text, owner=owner, due=due, promise=promise, to_whom=to_whom)
    if as_json:
        emit_json(meetings.action_json(row))
    elif row["commitment"]:
        echo(_("Noted the action item in {key}: it is commitment {commitment}, due {due}.").format(
            key=row["meeting"], commitment=row["commitment"], due=row["due"]))
    else:
        echo(_("Noted the action item in {key} for {owner}, due {due}.").format(
            key=row["meeting"], owner=one_line(members.display_name(store, row["owner"]), 40), due=row["due"]))


def _item_json(row: dict) -> dict:
    return meetings.action_json(row) | {"commitment_status": row["commitment_status"]}


@meeting_group.command("done", help=N_("Mark action item N of a meeting done (the number `meeting show` gives it); "
                                       "--undo: not done after all."))
@common_options
@click.argument("key")
@click.argument("number", metavar="N")
@click.option("--undo", is_flag=True, help=N_("Mark it not done again."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the action item as JSON."))
@click.pass_context
def done(ctx, key, number, undo, as_json) -> None:
    store = options(ctx).open()
    item = meetings.action_number(store, key, number)
    row = meetings.set_done(store, item["id"], not undo)
    if as_json:
        emit_json(_item_json(row))
        return
    index = str(number).strip().lstrip("#")
    words = {"key": row["meeting"], "number": index, "text": one_line(row["text"], 60)}
    if row["version"] == item["version"]:  # nothing to change
        echo((_("Action item {number} of {key} was done already: {text}") if row["done_at"]
              else _("Action item {number} of {key} is not done yet: {text}")).format(**words))
    elif row["done_at"]:
        echo(_("Action item {number} of {key} is done: {text}").format(**words))
    else:
        echo(_("Action item {number} of {key} is open again: {text}").format(**words))


@meeting_group.command("promise", help=N_("Turn action item N of a meeting (a team task) into a promise to the client: "
                                          "it becomes a commitment (CM-n)."))
@common_options
@click.argument("key")
@click.argument("number", metavar="N")
@click.option("--to", "to_whom", default=None, metavar="WHOM",
              help=N_("Whom it is promised to (default: the meeting's client attendees, else the client)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the action item as JSON."))
@click.pass_context
def promise(ctx, key, number, to_whom, as_json) -> None:
    store = options(ctx).open()
    item = meetings.action_number(store, key, number)
    row = meetings.make_promise(store, item["id"], to_whom=to_whom)
    if as_json:
        emit_json(_item_json(row))
        return
    echo(_("Action item {number} of {key} is now commitment {commitment}, due {due}.").format(
        number=str(number).strip().lstrip("#"), key=row["meeting"], commitment=row["commitment"],
        due=row["commitment_due"] or row["due"]))
