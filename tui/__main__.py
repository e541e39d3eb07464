"""The `huddle` command: with no subcommand it opens the app; subcommands script the store.

Each area's subcommands live in `tui/cli/<area>.py` and are registered in SUBCOMMANDS by
name; a module is imported only when its command runs (or `--help` lists it), so opening
the app does not pay for the command line.
"""

from __future__ import annotations

import gc

import click

from .cli import HuddleGroup, bad_language, db_option, lang_option, setup
from .i18n import N_

SUBCOMMANDS = {
    "init": "workspace:init",
    "demo": "workspace:demo",
    "doctor": "workspace:doctor",
    "backup": "workspace:backup",
    "standup": "standup:standup_group",
    "req": "requirements:req_group",
    "cr": "changes:cr_group",
    "feedback": "feedback:feedback_group",
    "promise": "commitments:promise_group",
    "project": "project:project_group",
    "member": "member:member_group",
    "keys": "keys:keys_command",
    "meeting": "meeting:meeting_group",
    "report": "report:report_group",
    "export": "transfer:export",
    "import": "transfer:import_",
}


@click.group(
    cls=HuddleGroup,
    lazy_subcommands=SUBCOMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("Huddle (碰头): standups, requirements, changes, feedback and commitments for client teams. "
            "With no command, opens the app."),
)
@db_option
@lang_option
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help=N_("Show the version and exit."),
              callback=lambda ctx, _param, value: show_version(ctx) if value else None)
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    from .i18n import normalize_language

    if lang is not None and normalize_language(lang) is None:
        raise bad_language(lang)
    opts = setup(ctx, db, lang)
    if ctx.invoked_subcommand is None:
        from .app import run_app

        offer_default_workspace(opts)
        store = opts.open()
        store.close()
        run_app(opts.db_path, opts)


def show_version(ctx: click.Context) -> None:
    """`huddle --version`, in the active language (click's own option words it when the
    module is imported, before the language is known)."""
    from importlib.metadata import PackageNotFoundError, version

    from .i18n import _

    if ctx.resilient_parsing:
        return
    try:
        number = version("huddle")
    except PackageNotFoundError:
        number = "?"
    click.echo(_("%(prog)s, version %(version)s") % {"prog": "huddle", "version": number})
    ctx.exit()


def offer_default_workspace(opts) -> None:
    """The first run of bare `huddle`, with no workspace named anywhere (no --db,
    $HUDDLE_DB or settings) and none at the default place: ask on the terminal whether to
    create one there. Otherwise (or if the answer is no) nothing is created, and opening
    says `No workspace at PATH…`."""
    import os
    import sys

    from .cli.workspace import create_workspace, workspace_exists
    from .config import ENV_DB
    from .i18n import _

    path = opts.db_path
    named = opts.db_flag or os.environ.get(ENV_DB) or opts.settings.db
    if named or workspace_exists(path) or not interactive(sys.stdin):
        return
    if click.confirm(_("There is no workspace yet. Create your own at {path}? You will be its lead.").format(path=path),
                     default=True):
        create_workspace(path)


def interactive(stream) -> bool:
    """Whether a person is at the terminal to answer a question."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def main() -> None:
    # Start-up builds ~100,000 long-lived objects (modules, classes, styles) and no garbage
    # worth collecting: the collector stays off until the app has painted its first frame
    # (see `HuddleApp.on_mount`), as Textual itself pauses it while scrolling. A command
    # that does not open the app turns it back on when it returns.
    gc.disable()
    try:
        cli(prog_name="huddle")
    finally:
        gc.enable()


if __name__ == "__main__":
    main()
