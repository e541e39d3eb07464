"""Taking back a move, the same way in every list area (`u`).

What an undo needs is in the activity trail, written by `record_move()`:

* the move row: action "move", field "status", old → new, the reason in `note`;
* one "edit" row per other column the move changed (closed_at, decided_by, status_at…),
  whose `note` is "#<id of the move row>": the *derived* rows. Screens do not show them
  as edits of their own (the move says it all), except where a field is worth reading.

An undo is a "move" row with field "undo", old → new the other way round, and note = the
id of the move it undid. `plan()` finds the user's own latest move in an area that is not
undone yet, and refuses (`ConflictError`, naming who and what) when anything happened to
the item after it: an undo never overwrites what someone did since. The area's store then
writes its own table (version-checked) and calls `record_undo()`.

Pure store code: no Textual; messages in the active language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import members, workflow
from .db import Store
from .errors import ConflictError, NotFound, StoreError
from .messages import _


def _last_id(store: Store) -> int:
    return store.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def record_move(
    store: Store,
    entity: str,
    key: str,
    old: str,
    new: str,
    *,
    note: str | None = None,
    before: dict,
    after: dict,
    derived: Iterable[str],
) -> int:
    """Record a move and, for each `derived` column that `after` changes from `before`, a
    derived edit row (so `undo` can restore it). Returns the move row's id."""
    store.record(entity, key, "move", field="status", old=old, new=new, note=note)
    move_id = _last_id(store)
    for column in derived:
        if column in after and before.get(column) != after[column]:
            store.record(entity, key, "edit", field=column, old=before.get(column), new=after[column],
                         note=f"#{move_id}")
    return move_id


def is_derived(entry: dict) -> bool:
    """An edit row that is part of a move (written by `record_move`)."""
    note = entry.get("note") or ""
    return entry.get("action") == "edit" and note.startswith("#") and note[1:].isdigit()


def is_undo(entry: dict) -> bool:
    return entry.get("action") == "move" and entry.get("field") == "undo"


def last_move(store: Store, entity: str, login: str | None = None) -> dict | None:
    """`login`'s (default: the user's) latest move of an `entity` that is not undone."""
    return store.query_one(
        """SELECT * FROM activity a
           WHERE a.entity = ? AND a.action = 'move' AND a.field = 'status' AND a.actor = ?
             AND NOT EXISTS (SELECT 1 FROM activity u WHERE u.key = a.key AND u.field = 'undo'
                             AND u.note = CAST(a.id AS TEXT))
           ORDER BY a.id DESC LIMIT 1""",
        (entity, login or store.user),
    )


@dataclass(frozen=True)
class Plan:
    """What an undo will do: `move` (the activity row undone), `row` (the item now) and
    `values` (status and derived columns as they were before the move)."""

    move: dict
    row: dict
    values: dict
    derived: dict


def plan(
    store: Store,
    entity: str,
    load: Callable[[str], dict | None],
    *,
    blank: dict | None = None,
) -> Plan:
    """The user's last move of `entity`, checked: call inside `store.write()`.
    `load(key)` reads the item; `blank` gives the value a derived column takes back when
    it was NULL and the column is NOT NULL (e.g. decision_note → "")."""
    moved = last_move(store, entity)
    if moved is None:
        raise StoreError(_("You have no move to undo here."))
    row = load(moved["key"])
    if row is None:
        raise NotFound(_("{key} no longer exists: nothing to undo.").format(key=moved["key"]))
    later = store.query(
        """SELECT a.*, COALESCE(m.display_name, a.actor) AS actor_name
           FROM activity a LEFT JOIN members m ON m.login = a.actor
           WHERE a.key = ? AND a.id > ? ORDER BY a.id""",
        (moved["key"], moved["id"]),
    )
    undone = {int(r["note"]) for r in later if is_undo(r) and (r["note"] or "").isdigit()}
    settled = undone | {moved["id"]}
    derived = {r["field"]: r for r in later if is_derived(r) and int(r["note"][1:]) == moved["id"]}
    touched = [
        r for r in later
        if not is_undo(r)
        and not (r["action"] == "move" and r["id"] in undone)
        and not (is_derived(r) and int(r["note"][1:]) in settled)
    ]
    if row["status"] != moved["new"] or touched:
        last = touched[-1] if touched else None
        who = last["actor_name"] if last else members.display_name(store, row.get("updated_by"))
        if last is not None and last["actor"] == store.user:
            message = _("You changed {key} again after that move ({old} → {new}): it is not undone. Now: {status}.")
        else:
            message = _("{name} changed {key} after your move ({old} → {new}): it is not undone. Now: {status}.")
        raise ConflictError(
            message.format(
                key=row["key"], name=who, old=workflow.label(moved["old"]),
                new=workflow.label(moved["new"]), status=workflow.label(row["status"]),
            ),
            row,
        )
    values: dict = {"status": moved["old"]}
    for column, entry in derived.items():
        old = entry["old"]
        values[column] = (blank or {}).get(column) if old is None and column in (blank or {}) else old
    return Plan(moved, row, values, derived)


def record_undo(store: Store, entity: str, done: Plan) -> None:
    store.record(entity, done.row["key"], "move", field="undo", old=done.move["new"], new=done.move["old"],
                 note=str(done.move["id"]))
