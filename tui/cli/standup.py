"""`huddle standup add | show | export`."""

from __future__ import annotations

import click

from ..i18n import _
from ..store import standup
from . import common_options, emit_json, options


@click.group("standup")
def standup_group() -> None:
    """Daily standup notes."""


@standup_group.command("add")
@common_options
@click.option("--today", "today_text", default=None, help="What you will do today.")
@click.option("--yesterday", default=None, help="What you did (a new note: your last 'today').")
@click.option("--blockers", default=None, help="What blocks you (a new note: your open blocker; \"\" clears it).")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="The meeting day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the saved note as JSON.")
@click.pass_context
def add(ctx, today_text, yesterday, blockers, day, as_json) -> None:
    """Write your note for the day, or change only the fields given."""
    given = {"yesterday": yesterday, "today": today_text, "blockers": blockers}
    changes = {field: value for field, value in given.items() if value is not None}
    if not changes:
        raise click.UsageError(_("Say what to write: --today, --yesterday or --blockers."))
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    row = standup.update(store, when, store.user, changes)
    if as_json:
        emit_json({k: row[k] for k in ("date", "login", "yesterday", "today", "blockers", "version")})
    else:
        click.echo(_("Saved your note for {date}.").format(date=when.isoformat()))


@standup_group.command("show")
@common_options
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
def show(ctx, day, as_json) -> None:
    """Show the day's notes."""
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    if as_json:
        emit_json(standup.as_json_rows(store, when))
        return
    info = standup.summary(store, when)
    click.echo(_("Standup {date}: {posted} posted, {missing} not yet").format(
        date=when.isoformat(), posted=len(info["posted"]), missing=len(info["missing"])))
    for row in info["posted"]:
        click.echo(f"\n{row['display_name']} ({row['login']})")
        for field in standup.FIELDS:
            if (row[field] or "").strip():
                click.echo(f"  {standup.field_label(field)}: {row[field]}")
    if info["absent"]:
        click.echo("\n" + _("Absent: {names}").format(
            names=", ".join(row["display_name"] for row in info["absent"])))
    if info["missing"]:
        click.echo("\n" + _("Not yet posted: {names}").format(
            names=", ".join(row["display_name"] for row in info["missing"])))


@standup_group.command("export")
@common_options
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD")
@click.option("--out", "out", default=None, metavar="PATH", help="Write to a file instead of stdout.")
@click.pass_context
def export(ctx, day, out) -> None:
    """The day's minutes as Markdown."""
    store = options(ctx).open()
    when = standup.parse_day(day, store)
    text = standup.minutes_markdown(store, when)
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(_("Wrote the minutes to {path}.").format(path=out))
    else:
        click.echo(text, nl=False)
