"""The `huddle` command: with no subcommand it opens the app; subcommands script the store.

Each area's subcommands live in `tui/cli/<area>.py` and are registered below.
"""

from __future__ import annotations

import click

from .cli import HuddleGroup, db_option, lang_option, setup
from .cli.changes import cr_group
from .cli.commitments import promise_group
from .cli.feedback import feedback_group
from .cli.standup import standup_group
from .cli.workspace import backup, demo, doctor, init


@click.group(cls=HuddleGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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


for command in (init, demo, doctor, backup, standup_group, cr_group, feedback_group, promise_group):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="huddle")


if __name__ == "__main__":
    main()
