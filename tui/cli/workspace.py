"""`huddle init | demo | doctor | backup`: making, checking and copying workspaces."""

from __future__ import annotations

from pathlib import Path

import click

from .. import demo as demo_data
from ..config import demo_db_path
from ..i18n import N_, _
from ..store import members
from ..store.db import Store, check_file
from ..store.errors import StoreError
from . import common_options, echo, fail, options
from .help import TranslatedCommand


def workspace_exists(path: Path) -> bool:
    from ..store.sharing import workspace_exists as exists

    return exists(path)


def create_workspace(path: Path, *, shared: bool = False) -> tuple[Store, list[str], bool]:
    """Make (or migrate) the workspace at `path` as `huddle init` does: the folder and, for
    a team, the file checked and prepared first (nothing is created when something that is
    not ours is not ready); the person who creates it is its first lead. Returns the open
    store, notes for the person, and whether it was new."""
    from ..store import sharing

    check_file(path)
    new = not sharing.workspace_exists(path)
    notes = sharing.prepare(path, shared=shared)
    store = Store(path, create=True)
    members.ensure(store)
    if shared:
        sharing.finish(path)
    return store, notes, new


@click.command("init", cls=TranslatedCommand, help=N_("Create or migrate the workspace (you are the lead of one you create)."))
@common_options
@click.option("--shared", is_flag=True, help=N_("For a team: a group-writable file in a setgid group folder."))
@click.pass_context
def init(ctx, shared) -> None:
    path = options(ctx).db_path
    store, notes, new = create_workspace(path, shared=shared)
    for note in notes:
        echo(note)
    echo(_("Workspace ready: {path} (schema {version}).").format(path=path, version=store.schema_version))
    me = members.get(store, store.user)
    if new and me and me["role"] == "lead":
        echo(_("You are its lead. Next: huddle project add KEY --name N --client C, then huddle member add LOGIN --name N."))
    if shared:
        echo(_("Each member sets HUDDLE_DB={path} (in their shell profile) and runs huddle doctor.").format(path=path))
    store.close()


@click.command("demo", cls=TranslatedCommand, help=N_("Make a bilingual demo workspace, then open it."))
@common_options
@click.option("--no-open", is_flag=True, help=N_("Only create the demo workspace."))
@click.pass_context
def demo(ctx, no_open) -> None:
    opts = options(ctx)
    path = Path(opts.db_flag).expanduser() if opts.db_flag else demo_db_path()
    check_file(path)
    store = Store(path, create=True)
    demo_data.seed(store)
    store.close()
    if no_open:
        echo(_("Demo workspace ready: {path}").format(path=path))
        return
    from ..app import run_app

    run_app(path, opts)


@click.command("doctor", cls=TranslatedCommand, help=N_("Check the file, permissions, schema and WAL; say what to fix."))
@common_options
@click.pass_context
def doctor(ctx) -> None:
    from ..store.db import current_login
    from ..store.doctor import NOTE, OK, PROBLEM, diagnose

    path = options(ctx).db_path
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        fail(_("No workspace at {path}. Create one with: huddle init --db {path}").format(path=path))
    try:
        login = current_login()
    except StoreError:
        login = None
    findings = diagnose(path, login)
    problems = [f for f in findings if not f.ok]
    for finding in findings:
        mark = {OK: "ok   ", NOTE: "note ", PROBLEM: "!!   "}[finding.level]
        echo(mark + finding.message)
    if problems:
        fail(_("{count} problem(s) found in {path}.").format(count=len(problems), path=path))
    echo(_("No problems found."))


@click.command("backup", cls=TranslatedCommand, help=N_("A consistent copy while others keep working (SQLite online backup)."))
@common_options
@click.argument("target")
@click.option("--force", is_flag=True, help=N_("Replace the file if it exists."))
@click.pass_context
def backup(ctx, target, force) -> None:
    from ..store.backup import backup as do_backup

    if not target.strip():
        raise click.BadParameter(_("give the name of a file."), ctx=ctx, param_hint="TARGET")
    source = options(ctx).db_path
    target_path = do_backup(source, Path(target).expanduser(), replace=force)
    echo(_("Backed up {source} to {target}.").format(source=source, target=target_path))
