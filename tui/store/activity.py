"""The activity trail: every write appends who did what, when."""

from __future__ import annotations

from .db import Store

DERIVED = "(a.action = 'edit' AND COALESCE(a.note, '') GLOB '#[0-9]*')"
"""SQL (over `activity a`): a row that is part of a move, not an edit of its own (a stamp
the move set, noted "#<move id>" so that undo can restore it; see `tui/store/undo.py`)."""
SHOWN_NOTE = f"CASE WHEN {DERIVED} THEN NULL ELSE a.note END"
"""SQL: the note a person reads (none for a move's stamps)."""


def latest_id(store: Store) -> int:
    return store.scalar("SELECT COALESCE(MAX(id), 0) FROM activity") or 0


def since(store: Store, after_id: int, limit: int = 50) -> list[dict]:
    """Activity newer than `after_id`, oldest first, with the actor's display name. A
    move's stamps are left out: the move itself says what happened."""
    return store.query(
        f"""SELECT a.*, COALESCE(m.display_name, a.actor) AS actor_name
           FROM activity a LEFT JOIN members m ON m.login = a.actor
           WHERE a.id > ? AND NOT {DERIVED} ORDER BY a.id LIMIT ?""",
        (after_id, limit),
    )


def for_key(store: Store, key: str, limit: int = 200) -> list[dict]:
    """An item's history, newest first."""
    return store.query(
        """SELECT a.*, COALESCE(m.display_name, a.actor) AS actor_name
           FROM activity a LEFT JOIN members m ON m.login = a.actor
           WHERE a.key = ? ORDER BY a.id DESC LIMIT ?""",
        (key, limit),
    )
