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
