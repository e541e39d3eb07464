"""`huddle export` and `huddle import`: the whole workspace as one file, and back.

The formats and the rules (what a fresh workspace is, what a clash is) are
`tui/store/transfer.py`'s. Files are written through `tui.store.files.write_file` (never through
a symlink, never over a file without `--force`), private (0600) when new: an export holds
the whole workspace.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import N_, _, ngettext
from . import common_options, echo, emit_json, fail, force_option, options, write_output
from .help import TranslatedCommand


@click.command("export", cls=TranslatedCommand, help=N_(
    "Export the whole workspace: JSON (one document) or CSV (a zip of one file per table, "
    "with huddle.json). Without --out, JSON goes to standard output."))
@common_options
@click.option("--format", "fmt", type=click.Choice(["json", "csv"], case_sensitive=False), default="json",
              show_default=True, help=N_("json or csv."))
@click.option("--out", "out", default=None, metavar="PATH", help=N_("Write to this file instead of standard output."))
@force_option
@click.pass_context
def export(ctx, fmt, out, force) -> None:
    from ..store import transfer

    store = options(ctx).open()
    data = transfer.read(store)
    payload: str | bytes = transfer.to_json(data) if fmt.lower() == "json" else transfer.to_csv_zip(store, data)
    rows = sum(len(rows) for rows in data.tables.values())
    if out is None:
        if isinstance(payload, bytes):
            if sys.stdout.isatty():
                raise click.UsageError(_("A CSV export is a zip file: give --out PATH (or redirect the output)."))
            stream = sys.stdout.buffer
            stream.write(payload)
            stream.flush()
        else:
            click.echo(payload, nl=False)
        return
    path = write_output(ctx, out, payload, force=force, private=True)  # it holds the whole workspace
    echo(ngettext("Exported {rows} row from {tables} tables to {path}.",
                  "Exported {rows} rows from {tables} tables to {path}.", rows).format(
        rows=rows, tables=len(data.tables), path=path))


@click.command("import", cls=TranslatedCommand, help=N_(
    "Import a whole workspace from an export (JSON, a CSV zip, or its unzipped folder; - reads standard input). "
    "Into a fresh workspace (just huddle init) it restores the export exactly; into one with data it adds the "
    "rows, and refuses, writing nothing, if any of their keys exists already. Leads only."))
@common_options
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help=N_("Print what was imported as JSON."))
@click.pass_context
def import_(ctx, path, as_json) -> None:
    from ..store import transfer

    if not path.strip():
        raise click.BadParameter(_("give the name of a file."), ctx=ctx, param_hint="PATH")
    if path == "-":
        source, data = Path("-"), sys.stdin.buffer.read()
    else:
        source, data = Path(path).expanduser(), None
        if not source.exists():
            fail(_("{path} does not exist.").format(path=source))
    loaded = transfer.load(source, data)
    store = options(ctx).open()
    result = transfer.import_into(store, loaded, source)
    total = sum(result.counts.values())
    if as_json:
        emit_json({"path": str(source), "fresh": result.fresh, "rows": result.counts,
                   "kept_members": result.kept_members})
        return
    if result.fresh:
        echo(ngettext("Restored {rows} row from {path} into {db}.", "Restored {rows} rows from {path} into {db}.",
                      total).format(rows=total, path=source, db=store.path))
    else:
        echo(ngettext("Added {rows} row from {path} to {db}.", "Added {rows} rows from {path} to {db}.",
                      total).format(rows=total, path=source, db=store.path))
    if result.kept_members:
        echo(ngettext("{count} member was here already and kept as is.",
                      "{count} members were here already and kept as they are.",
                      result.kept_members).format(count=result.kept_members))
