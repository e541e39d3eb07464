"""`huddle init | demo | doctor | backup`: making, checking and copying workspaces."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import click

from ..config import demo_db_path
from ..i18n import _
from ..store import demo as demo_data
from ..store import members
from ..store.db import Store, check_file
from ..store.errors import StoreError
from . import common_options, fail, options


def make_shared(path: Path) -> None:
    """Folder setgid and group-writable (2775), file and its WAL files 0664.

    SQLite creates files 0644 whatever the umask, and `-wal`/`-shm` copy the file's mode,
    so a team file must be pre-created group-writable (FACTS.md).
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o2775)
    if not path.exists():
        path.touch()
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o664)


@click.command("init")
@common_options
@click.option("--shared", is_flag=True, help="Make the file and folder group-writable for a team.")
@click.pass_context
def init(ctx, shared) -> None:
    """Create or migrate the workspace."""
    path = options(ctx).db_path
    check_file(path)
    if shared:
        try:
            make_shared(path)
        except OSError as error:
            fail(_("Cannot prepare {path} for a team: {reason}").format(path=path, reason=error.strerror))
    store = Store(path)
    members.ensure(store)
    if shared:
        make_shared(path)
    click.echo(_("Workspace ready: {path} (schema {version}).").format(path=path, version=store.schema_version))


@click.command("demo")
@common_options
@click.option("--no-open", is_flag=True, help="Only create the demo workspace.")
@click.pass_context
def demo(ctx, no_open) -> None:
    """Make a bilingual demo workspace, then open it."""
    opts = options(ctx)
    path = Path(opts.db_flag).expanduser() if opts.db_flag else demo_db_path()
    store = Store(path)
    demo_data.seed(store)
    store.close()
    if no_open:
        click.echo(_("Demo workspace ready: {path}").format(path=path))
        return
    from ..app import run_app

    run_app(path, opts)


@click.command("doctor")
@common_options
@click.pass_context
def doctor(ctx) -> None:
    """Check the file, permissions, schema and WAL; say what to fix."""
    from ..store.doctor import diagnose

    path = options(ctx).db_path
    findings = diagnose(path)
    problems = [f for f in findings if not f.ok]
    for finding in findings:
        mark = "ok " if finding.ok else "!! "
        click.echo(mark + finding.message)
    if problems:
        fail(_("{count} problem(s) found in {path}.").format(count=len(problems), path=path))
    click.echo(_("All good."))


@click.command("backup")
@common_options
@click.argument("target", type=click.Path(dir_okay=False))
@click.pass_context
def backup(ctx, target) -> None:
    """A consistent copy while others keep working (SQLite online backup)."""
    from ..store.backup import backup as do_backup

    source = options(ctx).db_path
    target_path = Path(target).expanduser()
    if target_path.resolve() == source.resolve():
        raise StoreError(_("The backup must go to another file than the workspace."))
    do_backup(source, target_path)
    click.echo(_("Backed up {source} to {target}.").format(source=source, target=target_path))
