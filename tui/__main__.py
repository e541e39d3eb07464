"""The `huddle` command: with no subcommand it opens the app; subcommands script the store.

Each area's subcommands live in `tui/cli/<area>.py` and are registered in SUBCOMMANDS by
name; a module is imported only when its command runs (or `--help` lists it), so opening
the app does not pay for the command line.
"""

from __future__ import annotations

import gc

import click

from .cli import HuddleGroup, db_option, lang_option, setup

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
}


@click.group(
    cls=HuddleGroup,
    lazy_subcommands=SUBCOMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@lang_option
@click.version_option(package_name="huddle", prog_name="huddle")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """Huddle (碰头): standups, requirements, changes, feedback and commitments for client teams."""
    from .i18n import normalize_language

    if lang is not None and normalize_language(lang) is None:
        raise click.BadParameter(lang, param_hint="--lang")
    opts = setup(ctx, db, lang)
    if ctx.invoked_subcommand is None:
        from .app import run_app

        store = opts.open()
        store.close()
        run_app(opts.db_path, opts)



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
