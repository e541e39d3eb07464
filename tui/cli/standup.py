"""`huddle standup add | show | export`."""

from __future__ import annotations

import click

from ..i18n import N_, _
from ..store import standup
from ..text import one_line
from . import (
    area_group,
    cell_len,
    common_options,
    echo,
    emit_json,
    force_option,
    labelled,
    options,
    pad,
    write_output,
)

standup_group = area_group("standup", N_("Daily standup notes: write yours, show the day's, export the minutes."))


@standup_group.command("add", help=N_("Write your note for the day, or change only the fields given."))
@common_options
@click.option("--today", "today_text", default=None, help=N_("What you will do today."))
@click.option("--yesterday", default=None, help=N_("What you did (a new note: your last 'today')."))
@click.option("--blockers", default=None, help=N_("What blocks you (a new note: your open blocker; \"\" clears it)."))
@click.option("--waits-on", "waits_on", default=None, metavar="PROJECT",
              help=N_("Your blocker waits on this project's client: it goes into that client's weekly report"
                      " (\"\" makes it internal again)."))
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help=N_("The meeting day (default: today)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the saved note as JSON."))
@click.pass_context
def add(ctx, today_text, yesterday, blockers, waits_on, day, as_json) -> None:
    given = {"yesterday": yesterday, "today": today_text, "blockers": blockers}
    changes = {field: value for field, value in given.items() if value is not None}
    if not changes and waits_on is None:
        raise click.UsageError(_("Say what to write: --today, --yesterday, --blockers or --waits-on."))
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    with store.write():  # the note and its mark: both or neither
        row = standup.update(store, when, store.user, changes) if changes else standup.get(store, when, store.user)
        if waits_on is not None and not waits_on.strip():
            row = standup.unmark_waits_on_client(store, when, store.user)
        elif waits_on is not None:
            row = standup.mark_waits_on_client(store, when, store.user, waits_on)
    assert row is not None  # a note was written, or marking it would have failed
    if as_json:
        emit_json({k: row[k] for k in ("date", "login", "yesterday", "today", "blockers",
                                       "blockers_wait_on_client", "blockers_project", "version")})
    else:
        echo(_("Saved your note for {date}.").format(date=when.isoformat()))


@standup_group.command("show", help=N_("Show the day's notes: who posted, who is absent, who has not posted yet."))
@common_options
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help=N_("The meeting day (default: today)."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@click.pass_context
def show(ctx, day, as_json) -> None:
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    if as_json:
        emit_json(standup.as_json_rows(store, when))
        return
    info = standup.summary(store, when)
    echo(_("Standup {date}: {posted} posted, {missing} not yet").format(
        date=when.isoformat(), posted=len(info["posted"]), missing=len(info["missing"])))
    for row in info["posted"]:
        echo(f"\n{one_line(row['display_name'])} ({one_line(row['login'])})")
        shown = [(labelled(standup.field_label(field)), row[field].strip()) for field in standup.FIELDS
                 if (row[field] or "").strip()]
        if row["blockers_wait_on_client"] and (row["blockers"] or "").strip():
            project = row["blockers_project"]
            shown.append((labelled(_("Waits on the client")),
                          one_line(project) if project else _("(project not recorded)")))
        width = max((cell_len(label) for label, _text in shown), default=0)
        for label, text in shown:
            echo(f"  {pad(label, width)}  " + text.replace("\n", "\n" + " " * (width + 4)))
    if info["absent"]:
        echo("\n" + _("Absent: {names}").format(
            names=_(", ").join(one_line(row["display_name"]) for row in info["absent"])))
    if info["missing"]:
        echo("\n" + _("Not yet posted: {names}").format(
            names=_(", ").join(one_line(row["display_name"]) for row in info["missing"])))


@standup_group.command("export", help=N_("The day's minutes as Markdown."))
@common_options
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help=N_("The meeting day (default: today)."))
@click.option("--out", "out", default=None, metavar="PATH", help=N_("Write to a file instead of stdout."))
@force_option
@click.pass_context
def export(ctx, day, out, force) -> None:
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    from ..reports.standup import minutes_markdown

    text = minutes_markdown(store, when)
    if out is not None:
        path = write_output(ctx, out, text, force=force)
        echo(_("Wrote the minutes to {path}.").format(path=path))
    else:
        echo(text, nl=False)
