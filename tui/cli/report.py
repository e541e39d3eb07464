"""`huddle report weekly` and the body of `huddle req doc`: what the client receives.

    huddle report weekly [--project P] [--week 2026-W48] [--lang en|zh_CN] [--format md|html]
                         [--out PATH] [--force]
    huddle req doc [--project P] [--milestone M] [--lang en|zh_CN] [--format md|html]
                   [--out PATH] [--force]

`--lang` is the report's language here (default: the project's client language), not the
interface's: the messages around it stay in the interface language. The report goes to
stdout, or to `--out` (written safely: `tui.store.files.write_file`; an existing file needs
`--force`).
"""

from __future__ import annotations

import click

from ..i18n import N_, _
from . import (
    area_group,
    bad_language,
    echo,
    force_option,
    options,
    subcommand_db_option,
    write_output,
)


def _language(_ctx: click.Context, _param, value):
    if value is None:
        return None
    from ..i18n import normalize_language

    language = normalize_language(value)
    if language is None:
        raise bad_language(value)
    return language


def report_options(func):
    """The options every client document takes."""
    for option in reversed((
        subcommand_db_option,
        click.option("--project", default=None, metavar="P", help=N_("Project key (default: the only project).")),
        click.option("--lang", "language", default=None, metavar="en|zh_CN", callback=_language,
                     help=N_("The report's language (default: the client's).")),
        click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True,
                     help=N_("Markdown, or one self-contained printable HTML file.")),
        click.option("--out", "out", default=None, metavar="PATH", help=N_("Write to a file instead of stdout.")),
        force_option,
    )):
        func = option(func)
    return func


def _emit(ctx: click.Context, text: str, out: str | None, force: bool, done: str) -> None:
    if out is None:
        echo(text, nl=False)
        return
    path = write_output(ctx, out, text, force=force)
    echo(done.format(path=path))


report_group = area_group("report", N_("Reports for the client, in the client's language."))


@report_group.command("weekly", help=N_(
    "The weekly progress report: milestones, requirements, change requests, commitments, feedback, "
    "and what waits for the client."))
@report_options
@click.option("--week", default=None, metavar="YYYY-Www",
              help=N_("ISO week, for example 2026-W48 (default: the last complete week)."))
@click.pass_context
def weekly(ctx, project, language, fmt, out, force, week) -> None:
    from ..reports import render
    from ..reports import weekly as wording
    from ..store import reports

    store = options(ctx).open()
    report = reports.weekly(store, project, week)
    text = render(wording.document(report, language), fmt)
    _emit(ctx, text, out, force, _("Wrote the weekly report to {path}."))


def requirements_document(ctx: click.Context, project, language, fmt, out, force, milestone) -> None:
    """`huddle req doc` (registered in tui/cli/requirements.py)."""
    from ..reports import reqdoc_text

    store = options(ctx).open()
    text = reqdoc_text(store, project, milestone, language, fmt)
    _emit(ctx, text, out, force, _("Wrote the requirements document to {path}."))
