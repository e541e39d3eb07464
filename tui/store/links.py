"""Links between items of any area (FB-3 raised REQ-5, CR-9 duplicates CR-4, …).

The `links` table is shared by every area, so it has one owner: this module. Areas call
it inside their own `store.write()` transaction and never write the table themselves.
"""

from __future__ import annotations

from .db import Store


def add(store: Store, from_key: str, to_key: str, kind: str = "related") -> None:
    """Link `from_key` → `to_key` (inside the caller's transaction; a repeat is ignored)."""
    store.conn.execute(
        "INSERT OR IGNORE INTO links (from_key, to_key, kind, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        (from_key, to_key, kind, store.clock(), store.user),
    )


def add_both_ways(store: Store, key: str, other: str, kind: str = "related", back_kind: str | None = None) -> None:
    """`key` → `other` as `kind`, and `other` → `key` as `back_kind` (default: the same)."""
    add(store, key, other, kind)
    add(store, other, key, back_kind or kind)


def remove(store: Store, from_key: str, to_key: str, kind: str) -> None:
    store.conn.execute(
        "DELETE FROM links WHERE from_key = ? AND to_key = ? AND kind = ?", (from_key, to_key, kind)
    )


def others(store: Store, key: str) -> list[str]:
    """Keys linked to `key`, either way, sorted."""
    rows = store.query(
        "SELECT to_key AS other FROM links WHERE from_key = ? UNION SELECT from_key FROM links WHERE to_key = ?",
        (key, key),
    )
    return sorted({row["other"] for row in rows})


def pointing_to(store: Store, key: str, kind: str) -> list[str]:
    """Keys with a `kind` link to `key`, sorted (e.g. the duplicates of a request)."""
    return [row["from_key"] for row in store.query(
        "SELECT from_key FROM links WHERE to_key = ? AND kind = ? ORDER BY from_key", (key, kind)
    )]


_ITEM_TABLES = (("REQ-", "requirements", "title", "status"), ("CR-", "change_requests", "title", "status"),
                ("FB-", "feedback", "summary", "status"), ("CM-", "commitments", "promise", "status"),
                ("MT-", "meetings", "title", "NULL"))


_OUTGOING = {"duplicate": "duplicate_of", "raised": "became"}
_INCOMING = {"duplicate": "duplicated_by", "raised": "raised_by", "raised_by": "became"}
RELATIONS = ("affects", "changed_by", "became", "raised_by", "duplicate_of", "duplicated_by")


def related(store: Store, key: str) -> list[dict]:
    """Every item linked to `key`, each once, from `key`'s side, for `huddle … show`: a
    change request's requirement ("affects" / "changed_by"), what a piece of feedback
    became ("became" / "raised_by"), duplicates ("duplicate_of" / "duplicated_by"), and
    any other row of `links` by its kind ("related", a meeting's "decision"…). Each
    {"key", "relation", "title", "status"}, sorted by relation, then key as people count;
    an item that no longer exists has no title, and a meeting no status."""
    found: dict[str, str] = {}

    def put(other: str | None, relation: str) -> None:
        if other and other != key and other not in found:
            found[other] = relation

    for row in store.query("SELECT requirement FROM change_requests WHERE key = ?", (key,)):
        put(row["requirement"], "affects")
    for row in store.query("SELECT key FROM change_requests WHERE requirement = ?", (key,)):
        put(row["key"], "changed_by")
    for row in store.query("SELECT linked_key FROM feedback WHERE key = ?", (key,)):
        put(row["linked_key"], "became")
    for row in store.query("SELECT key FROM feedback WHERE linked_key = ?", (key,)):
        put(row["key"], "raised_by")
    for row in store.query("SELECT to_key, kind FROM links WHERE from_key = ? ORDER BY rowid", (key,)):
        put(row["to_key"], _OUTGOING.get(row["kind"], row["kind"]))
    for row in store.query("SELECT from_key, kind FROM links WHERE to_key = ? ORDER BY rowid", (key,)):
        put(row["from_key"], _INCOMING.get(row["kind"], row["kind"]))
    details: dict[str, dict] = {}
    for prefix, table, title, status in _ITEM_TABLES:
        keys = sorted(other for other in found if other.upper().startswith(prefix))
        if keys and store.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)):
            marks = ", ".join("?" * len(keys))
            for row in store.query(f"SELECT key, {title} AS title, {status} AS status FROM {table}"
                                   f" WHERE key IN ({marks})", tuple(keys)):
                details[row["key"]] = row

    def order(item: tuple[str, str]) -> tuple:
        other, relation = item
        rank = RELATIONS.index(relation) if relation in RELATIONS else len(RELATIONS)
        return (rank, relation, _number_order(other))

    return [
        {"key": other, "relation": relation, "title": details.get(other, {}).get("title"),
         "status": details.get(other, {}).get("status")}
        for other, relation in sorted(found.items(), key=order)
    ]


def _number_order(key: str) -> tuple[str, int, str]:
    prefix, _dash, number = key.rpartition("-")
    return (prefix, int(number), "") if number.isdigit() else (key, 0, key)
