"""The whole workspace as one file, and back (`huddle export`, `huddle import`).

What is exported: every row of every table, exactly as stored, except `sessions` (who has
Huddle open right now, which is not workspace data), SQLite's own and derived tables
(`sqlite_*`, full-text indexes) and derived columns (`DERIVED`: the items' search text,
which SQLite's triggers write again as the rows are imported; an export of an earlier
Huddle that holds it imports too). Tables come parents first (by their foreign keys), rows in
the order they are stored, so two exports of the same data are identical byte for byte, and
an imported workspace lists its rows in the same order.

Two formats, read and written with sqlite-utils (`Table.rows_where`, `Table.insert_all`,
`utils.rows_from_file`):

* **JSON** (`to_json`): one document, `{"format": "huddle-export", "format_version": 1,
  "schema_version": N, "exported_at": …, "tables": {"members": [{…}, …], …}}`, one row per
  line. Values keep their SQLite types (text, integer, real, null; a blob would be
  sqlite-utils' `{"$base64": true, "encoded": …}`).
* **CSV** (`to_csv_zip`): a zip holding `huddle.json` (the same header, with each table's
  file and columns) and one `<table>.csv` per table: UTF-8 with a byte-order mark (so
  spreadsheets read Chinese correctly), a header row of column names. CSV has no null and
  spreadsheets run cells that start with `=`, `+`, `-` or `@` as formulas, so a text cell
  is written with a leading `'` when it starts with one of those (or with `'` itself, or a
  tab or carriage return), and an empty text in a column that may be null is written as a
  lone `'`; an empty cell is null where the column allows it, else the empty text. Reading
  drops one leading `'`: the round trip is exact. An unzipped export (a folder holding
  `huddle.json` and the CSV files) can be imported too.

Import (`import_into`) is one `BEGIN IMMEDIATE` transaction, all or nothing, and needs a
lead (`permissions`: "workspace.import"):

* into a *fresh* workspace (what `huddle init` makes: members, the activity of their
  joining and `meta`, nothing else) the export replaces those rows and everything is
  written as exported, ids included: exporting it again gives the same file. Its members
  and roles are the exported ones (whoever is not among them joins as a member when they
  next open it);
* into a workspace with data, rows are added: a member whose login exists is kept as it
  is (the same OS account), `meta` (the workspace's own settings) is not touched, rows
  with an internal id (activity, comments, milestones…) get ids after the workspace's own,
  in the same order (and what refers to them follows: a requirement's milestone, the
  move an activity row belongs to), and if any key of the export exists already (REQ-3,
  a project key, a standup note for the same day and person…) the import is refused,
  naming them, before anything is written.

A file that is not an export, from a newer Huddle, or with a table or column this
workspace does not have, is refused before the transaction begins.

This module imports neither Textual nor Rich.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import permissions
from .db import Store
from .errors import StoreError
from .messages import _, join_list, ngettext
from .schema import SCHEMA_VERSION, SEARCHED

FORMAT = "huddle-export"
FORMAT_VERSION = 1
MANIFEST = "huddle.json"
SKIPPED = ("sessions",)
"""Tables never exported: who has Huddle open right now is not workspace data."""
DERIVED = {table: ("search",) for table in SEARCHED}
"""Columns never exported: SQLite's triggers write them from the row (the filter's search
text), on import as on every write, so an export holds only what people wrote."""
FRESH_TABLES = ("members", "activity", "meta")
"""What `huddle init` writes; a workspace holding nothing else is fresh."""
MAX_FILE_BYTES = 2 * 1024**3
"""An export (or one member of a zip) bigger than this is refused rather than read."""

# Characters JSON may carry raw that a terminal could act on (C1 controls, bidi overrides,
# line/paragraph separators) or that cannot be encoded (lone surrogates): written as \uXXXX,
# so the file stays exact JSON and harmless to `cat` (as `huddle … --json` does).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_CSV_GUARD = ("'", "=", "+", "-", "@", "\t", "\r")


class TransferError(StoreError):
    """The file is not an export this workspace can take; nothing was written."""


class Clash(TransferError):
    """Keys of the export exist in the workspace already (`keys`); nothing was written."""

    def __init__(self, message: str, keys: list[str]) -> None:
        super().__init__(message)
        self.keys = keys


@dataclass
class Export:
    """A workspace's rows, table by table (parents first)."""

    schema_version: int
    exported_at: str
    tables: dict[str, list[dict]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    from_csv: bool = False

    def header(self) -> dict:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": self.schema_version,
                "exported_at": self.exported_at}


# -- what the workspace holds -------------------------------------------------------------

def table_names(store: Store) -> list[str]:
    """The tables an export holds, parents before the tables that refer to them."""
    skipped = {row["name"] for row in store.query(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('virtual', 'shadow')")}
    names = sorted(
        name for name in store.db.table_names()
        if not name.startswith("sqlite_") and name not in SKIPPED and name not in skipped
    )
    parents = {name: {fk.other_table for fk in store.db[name].foreign_keys if fk.other_table != name}
               for name in names}
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [name for name in names if name not in ordered and parents[name] <= set(ordered)]
        if not ready:  # a cycle: keep the rest by name (foreign keys are checked at the end)
            ready = [name for name in names if name not in ordered]
        ordered.extend(ready)
    return ordered


def _order_by(store: Store, table: str) -> str:
    """Rows in the order they are stored (rowid): an import writes them in that order, so
    the workspace it makes lists them as the original does; by primary key for a table
    without rowids."""
    without_rowid = store.scalar("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?", (table,))
    if not without_rowid:
        return "rowid"
    pks = [column.name for column in store.db[table].columns if column.is_pk]
    return ", ".join(f'"{name}"' for name in pks)


def _rowid_alias(store: Store, table: str) -> str | None:
    """The INTEGER PRIMARY KEY column (an alias of the rowid), if the table has one."""
    pks = [column for column in store.db[table].columns if column.is_pk]
    if len(pks) == 1 and pks[0].type.upper() == "INTEGER":
        return pks[0].name
    return None


def read(store: Store) -> Export:
    """Every exported table's rows, in a consistent snapshot (one read transaction)."""
    export = Export(store.schema_version, store.clock())
    conn = store.conn
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        for table in table_names(store):
            derived = DERIVED.get(table, ())
            columns = [column.name for column in store.db[table].columns if column.name not in derived]
            export.columns[table] = columns
            select = ", ".join(f'"{name}"' for name in columns)
            export.tables[table] = [_exportable(row) for row in
                                    store.db[table].rows_where(select=select, order_by=_order_by(store, table))]
    finally:
        if began:
            conn.execute("COMMIT")
    return export


def _exportable(row: dict) -> dict:
    return {key: ({"$base64": True, "encoded": base64.b64encode(value).decode("ascii")}
                  if isinstance(value, bytes) else value) for key, value in row.items()}


# -- writing ------------------------------------------------------------------------------

def _dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def to_json(export: Export) -> str:
    """The export as one JSON document, one row per line."""
    lines = ["{"]
    for key, value in export.header().items():
        lines.append(f" {_dumps(key)}: {_dumps(value)},")
    lines.append(' "tables": {')
    names = list(export.tables)
    for number, table in enumerate(names):
        rows = export.tables[table]
        end = "," if number < len(names) - 1 else ""
        if not rows:
            lines.append(f"  {_dumps(table)}: []{end}")
            continue
        lines.append(f"  {_dumps(table)}: [")
        lines.extend(f"   {_dumps(row)}{',' if index < len(rows) - 1 else ''}" for index, row in enumerate(rows))
        lines.append(f"  ]{end}")
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _csv_cell(value, nullable: bool):
    if value is None:
        return ""
    if isinstance(value, dict):  # a blob, as sqlite-utils writes it in JSON
        return _dumps(value)
    if not isinstance(value, str):
        return value
    if value == "":
        return "'" if nullable else ""
    return "'" + value if value.startswith(_CSV_GUARD) else value


def to_csv_zip(store: Store, export: Export) -> bytes:
    """The export as a zip of CSV files with a `huddle.json` header (see the module's doc)."""
    stamp = _zip_time(export.exported_at)
    manifest = export.header() | {"tables": {}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in export.tables.items():
            columns = export.columns[table]
            nullable = _nullable(store, table)
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_cell(row.get(column), column in nullable) for column in columns])
            info = zipfile.ZipInfo(f"{table}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, "\ufeff" + text.getvalue())
            manifest["tables"][table] = {"file": f"{table}.csv", "columns": columns, "rows": len(rows)}
        info = zipfile.ZipInfo(MANIFEST, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return buffer.getvalue()


def _zip_time(at: str) -> tuple[int, int, int, int, int, int]:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})", at or "")
    if not match:
        return (1980, 1, 1, 0, 0, 0)
    parts = tuple(int(part) for part in match.groups())
    return parts if parts[0] >= 1980 else (1980, 1, 1, 0, 0, 0)  # type: ignore[return-value]


def _nullable(store: Store, table: str) -> set[str]:
    return {column.name for column in store.db[table].columns if not column.notnull and not column.is_pk}


# -- reading ------------------------------------------------------------------------------

def load(path: Path, data: bytes | None = None) -> Export:
    """Read an export: a JSON file, a zip of CSV files, or a folder holding an unzipped one
    (`data`: the bytes already read, e.g. from standard input)."""
    if data is None and path.is_dir():
        return _load_folder(path)
    if data is None:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TransferError(_("{path} is too big to be a Huddle export.").format(path=path))
        data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        return _load_zip(path, data)
    return _load_json(path, data)


def _not_an_export(path: Path, reason: str | None = None) -> TransferError:
    if reason:
        return TransferError(_("{path} is not a Huddle export ({reason}).").format(path=path, reason=reason))
    return TransferError(_("{path} is not a Huddle export.").format(path=path))


def _check_header(path: Path, header) -> int:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _not_an_export(path)
    version = header.get("format_version")
    schema = header.get("schema_version")
    if not isinstance(version, int) or not isinstance(schema, int):
        raise _not_an_export(path)
    if version > FORMAT_VERSION or schema > SCHEMA_VERSION:
        raise TransferError(_("{path} was exported by a newer Huddle (schema {found}, this one knows {known}). "
                             "Upgrade Huddle to import it.").format(path=path, found=schema, known=SCHEMA_VERSION))
    return schema


def _load_json(path: Path, data: bytes) -> Export:
    from sqlite_utils.utils import decode_base64_values

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _not_an_export(path, _("not UTF-8 text")) from None
    except ValueError as error:
        raise _not_an_export(path, _("not valid JSON: {error}").format(error=error)) from None
    schema = _check_header(path, document)
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise _not_an_export(path, _("no tables"))
    export = Export(schema, str(document.get("exported_at") or ""))
    for table, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise _not_an_export(path, _("the rows of {table} are not a list of objects").format(table=table))
        export.tables[str(table)] = [decode_base64_values(row) for row in rows]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        export.columns[str(table)] = list(columns)
    return export


def _load_zip(path: Path, data: bytes) -> Export:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _not_an_export(path, _("a damaged zip file")) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise _not_an_export(path, _("no {name} in the zip").format(name=MANIFEST))

        def read_member(name: str) -> bytes:
            info = archive.getinfo(name)
            if info.file_size > MAX_FILE_BYTES:
                raise TransferError(_("{path} is too big to be a Huddle export.").format(path=path))
            return archive.read(name)

        def member(name: str) -> bytes | None:
            return read_member(name) if name in names else None

        return _load_csv_set(path, read_member(MANIFEST), member)


def _load_folder(path: Path) -> Export:
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise _not_an_export(path, _("no {name} in the folder").format(name=MANIFEST))

    def member(name: str) -> bytes | None:
        file = path / name
        return file.read_bytes() if file.is_file() else None

    return _load_csv_set(path, manifest.read_bytes(), member)


def _load_csv_set(path: Path, manifest_bytes: bytes, member) -> Export:
    from sqlite_utils.utils import Format, rows_from_file

    try:
        manifest = json.loads(manifest_bytes.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _not_an_export(path, _("{name} is not valid JSON").format(name=MANIFEST)) from None
    schema = _check_header(path, manifest)
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        raise _not_an_export(path, _("no tables"))
    export = Export(schema, str(manifest.get("exported_at") or ""), from_csv=True)
    for table, entry in tables.items():
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            raise _not_an_export(path, _("no file named for {table}").format(table=table))
        data = member(name)
        if data is None:
            raise _not_an_export(path, _("{name} is missing").format(name=name))
        rows, _format = rows_from_file(io.BytesIO(data), format=Format.CSV)
        try:
            loaded = [dict(row) for row in rows]
        except (csv.Error, UnicodeDecodeError, ValueError) as error:
            raise _not_an_export(path, f"{name}: {error}") from None
        header = data.decode("utf-8-sig", "replace").splitlines()[0] if data.strip() else ""
        columns = next(csv.reader([header])) if header else []
        if None in columns or any(None in row for row in loaded):
            raise _not_an_export(path, _("{name} has a row longer than its header").format(name=name))
        export.tables[str(table)] = loaded
        export.columns[str(table)] = columns
    return export


# -- importing ----------------------------------------------------------------------------

def _check_fits(store: Store, export: Export, path: Path) -> None:
    """Every table and column of the export exists here; refuse, naming them, if not."""
    known = set(table_names(store))
    unknown = [table for table in export.tables if table not in known and table not in SKIPPED]
    if unknown:
        raise TransferError(_("{path} holds tables this workspace does not have: {names}.").format(
            path=path, names=join_list(sorted(unknown)[:10])))
    for table, columns in export.columns.items():
        if table in SKIPPED:
            continue
        here = {column.name for column in store.db[table].columns}
        extra = [column for column in columns if column not in here]
        if extra:
            raise TransferError(_("{path}: the table {table} has columns this workspace does not have: {names}.")
                               .format(path=path, table=table, names=join_list(extra[:10])))


def _csv_value(value, nullable: bool):
    if value == "":
        return None if nullable else ""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def _rows(store: Store, export: Export, table: str) -> list[dict]:
    rows = export.tables.get(table, [])
    if not export.from_csv:
        return rows
    nullable = _nullable(store, table)
    return [{column: _csv_value(value, column in nullable) for column, value in row.items()} for row in rows]


def is_fresh(store: Store) -> bool:
    """Whether the workspace holds only what `huddle init` writes (see the module's doc)."""
    for table in table_names(store):
        if table in FRESH_TABLES:
            continue
        if store.scalar(f'SELECT 1 FROM "{table}" LIMIT 1'):
            return False
    return not store.scalar("SELECT 1 FROM activity WHERE entity != 'member' LIMIT 1")


def _unique_keys(store: Store, table: str) -> list[list[str]]:
    """The column sets that must be unique in `table` (its primary key unless it is the
    rowid, UNIQUE constraints, unique indexes), as SQLite lists them."""
    keys = []
    for index in store.query(f"SELECT name, \"unique\", partial FROM pragma_index_list('{table}')"):
        if not index["unique"] or index["partial"]:
            continue
        columns = [row["name"] for row in store.query(f"SELECT name FROM pragma_index_info('{index['name']}')")]
        if columns and None not in columns:
            keys.append(columns)
    return keys


def _clashes(store: Store, export: Export, rows_of) -> list[str]:
    """What the export would add that exists already, in words (`REQ-3`, `members: alice`…)."""
    found: list[str] = []
    for table in export.tables:
        if table in SKIPPED or table in ("meta", "members"):
            continue
        rows = rows_of(table)
        alias = _rowid_alias(store, table)
        for columns in _unique_keys(store, table):
            if alias in columns:
                continue
            wanted = {tuple(row.get(column) for column in columns) for row in rows}
            wanted.discard(tuple(None for _column in columns))
            if not wanted:
                continue
            names = ", ".join(f'"{column}"' for column in columns)
            existing = {tuple(row[column] for column in columns) for row in store.query(f'SELECT {names} FROM "{table}"')}
            for value in wanted & _normalized(existing, wanted):
                found.append(_describe_key(table, columns, value))
    # Items first (REQ-3, CR-1: what people recognise), then other rows, each as people count.
    return sorted(dict.fromkeys(found), key=lambda text: (": " in text, _natural((text,))))


def _natural(value: tuple) -> list:
    """Sort keys as people count: CR-2 before CR-10."""
    return [[int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(item))] for item in value]


def _summarize(keys: list[str], limit: int = 8) -> str:
    """`CM-1 … CM-14, CR-1 … CR-14, projects: ACME …`: runs of item keys by kind, first
    and last; at most `limit` entries."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        prefix = key.rpartition("-")[0] if ": " not in key else key
        groups.setdefault(prefix, []).append(key)
    parts = [group[0] if len(group) == 1 else (", ".join(group) if len(group) <= 3 else f"{group[0]} … {group[-1]}")
             for group in groups.values()]
    return ", ".join(parts[:limit]) + (" …" if len(parts) > limit else "")


def _normalized(existing: set[tuple], wanted: set[tuple]) -> set[tuple]:
    """`existing` as the export spells it (CSV values are text: "3" matches 3)."""
    spelled = {tuple(str(part) for part in key): key for key in wanted}
    return {spelled.get(tuple(str(part) for part in key), key) for key in existing}


def _describe_key(table: str, columns: list[str], value: tuple) -> str:
    if columns == ["key"] and table != "projects":
        return str(value[0])
    if columns == ["number"]:
        return ""  # the key says it
    return f"{table}: " + " / ".join(str(part) for part in value)


@dataclass
class Imported:
    fresh: bool
    counts: dict[str, int]
    kept_members: int = 0


def import_into(store: Store, export: Export, path: Path) -> Imported:
    """Import `export` (see the module's doc): everything or nothing."""
    permissions.require(store, "workspace.import")
    _check_fits(store, export, path)
    tables = [table for table in table_names(store) if table in export.tables]
    cache: dict[str, list[dict]] = {}

    def rows_of(table: str) -> list[dict]:
        if table not in cache:
            cache[table] = _rows(store, export, table)
        return cache[table]

    counts: dict[str, int] = {}
    kept = 0
    with store.write() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        fresh = is_fresh(store)
        if fresh:
            for table in FRESH_TABLES:
                if table in tables:
                    conn.execute(f'DELETE FROM "{table}"')
        else:
            clashes = [clash for clash in _clashes(store, export, rows_of) if clash]
            if clashes:
                shown = _summarize(clashes)
                raise Clash(ngettext(
                    "Nothing was imported: {count} item of {path} exists here already: {keys}.",
                    "Nothing was imported: {count} items of {path} exist here already: {keys}.",
                    len(clashes)).format(count=len(clashes), path=path, keys=shown), clashes)
        shifts: dict[str, int] = {}
        try:
            for table in tables:
                rows = rows_of(table)
                if not fresh:
                    rows, skipped = _merge_rows(store, table, rows, shifts)
                    kept += skipped if table == "members" else 0
                    if table == "meta":
                        continue
                counts[table] = len(rows)
                if rows:
                    store.db[table].insert_all(rows, batch_size=500)
        except (sqlite3.Error, ValueError, TypeError) as error:  # sqlite3's and sqlite-utils' alike
            raise TransferError(_("{path} does not fit this workspace: {error}").format(
                path=path, error=error)) from None
        problem = conn.execute("PRAGMA foreign_key_check").fetchone()
        if problem is not None:
            raise TransferError(_("{path} does not fit this workspace: a row of {table} refers to a missing row of "
                                 "{parent}.").format(path=path, table=problem[0], parent=problem[2]))
    return Imported(fresh, counts, kept)


def _merge_rows(store: Store, table: str, rows: list[dict], shifts: dict[str, int]) -> tuple[list[dict], int]:
    """Rows of `table` as they are added to a workspace with data (returns them and how
    many were left out): a member whose login exists is kept as it is; `meta` is the
    workspace's own; internal ids (the rowid: activity, milestones…) move past the
    workspace's own by one offset per table (`shifts`), so they keep their order, and what
    refers to them (a requirement's milestone, an activity row's "#<move id>" or an undo's
    move id) moves with them."""
    if table == "members":
        existing = {row["login"] for row in store.query("SELECT login FROM members")}
        added = [row for row in rows if row.get("login") not in existing]
        return added, len(rows) - len(added)
    if table == "meta":
        return [], len(rows)
    for parent, column in _references(store, table):
        shift = shifts.get(parent, 0)
        rows = [row | {column: _shifted(row[column], shift)} if row.get(column) not in (None, "") else row
                for row in rows]
    alias = _rowid_alias(store, table)
    if alias is None or not rows:
        return rows, 0
    ids = [int(row[alias]) for row in rows if str(row.get(alias, "")).lstrip("-").isdigit()]
    if len(ids) != len(rows):
        return [{key: value for key, value in row.items() if key != alias} for row in rows], 0
    top = store.scalar(f'SELECT COALESCE(MAX("{alias}"), 0) FROM "{table}"') or 0
    shift = top + 1 - min(ids)
    shifts[table] = shift
    rows = [row | {alias: int(row[alias]) + shift} for row in rows]
    if table == "activity":
        rows = [_shift_activity_note(row, shift) for row in rows]
    return rows, 0


def _shifted(value, shift: int):
    try:
        return int(value) + shift
    except (TypeError, ValueError):
        return value


def _shift_activity_note(row: dict, shift: int) -> dict:
    """An activity row whose note is the id of another (a move's stamp: "#<id>"; an undo:
    "<id>", see `tui/store/undo.py`) follows that row's new id."""
    from . import undo

    note = row.get("note")
    if not isinstance(note, str):
        return row
    if undo.is_derived(row):
        return row | {"note": f"#{int(note[1:]) + shift}"}
    if undo.is_undo(row) and note.isdigit():
        return row | {"note": str(int(note) + shift)}
    return row


def _references(store: Store, table: str) -> list[tuple[str, str]]:
    """[(parent table, column of `table`)] for each of `table`'s references to a rowid."""
    return [(fk.other_table, fk.column) for fk in store.db[table].foreign_keys
            if _rowid_alias(store, fk.other_table) == fk.other_column]
