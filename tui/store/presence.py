"""Who else has Huddle open on this workspace now.

Huddle runs on one shared host, so presence needs no heartbeat: each app adds a row to
`sessions` when it starts and removes it when it quits; a row left behind by a crash is
recognised because its process is gone (`os.kill(pid, 0)`). Rows from another host (a rare
setup) count while they were seen in the last ten minutes. Joining and leaving are commits,
so everyone's header updates through the ordinary live refresh; a quiet workspace writes
nothing.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from .db import Store

OTHER_HOST_WINDOW = timedelta(minutes=10)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    except OSError:
        return False
    return True


def _is_live(row: dict, host: str, now: datetime) -> bool:
    if row["host"] == host:
        return _alive(row["pid"])
    return now - datetime.fromisoformat(row["seen_at"]) < OTHER_HOST_WINDOW


def join(store: Store) -> str:
    """Record this app's session (and sweep away sessions whose process is gone)."""
    session = uuid.uuid4().hex
    host = socket.gethostname()
    now = store.clock()
    with store.write() as conn:
        for row in store.query("SELECT id, host, pid, seen_at FROM sessions"):
            if not _is_live(row, host, store.now()):
                conn.execute("DELETE FROM sessions WHERE id = ?", (row["id"],))
        conn.execute(
            "INSERT INTO sessions (id, login, host, pid, started_at, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
            (session, store.user, host, os.getpid(), now, now),
        )
    return session


def leave(store: Store, session: str) -> None:
    with store.write() as conn:
        conn.execute("DELETE FROM sessions WHERE id = ?", (session,))


def online(store: Store, session: str | None = None) -> list[dict]:
    """Other people with Huddle open now (one entry per person), by display name."""
    host = socket.gethostname()
    now = store.now()
    rows = store.query(
        """SELECT s.*, COALESCE(m.display_name, s.login) AS display_name
           FROM sessions s LEFT JOIN members m ON m.login = s.login
           ORDER BY s.started_at"""
    )
    people: dict[str, dict] = {}
    for row in rows:
        if row["id"] == session or row["login"] == store.user:
            continue
        if _is_live(row, host, now):
            people.setdefault(row["login"], row)
    return list(people.values())
