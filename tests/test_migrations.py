"""Upgrading a saved workspace of every earlier schema version keeps every row.

`tests/data/workspace-v1.db` is the demo workspace as schema version 1 wrote it (made by
Huddle 0.1 before version 2 existed), `workspace-v2.db` as version 2 wrote it (bilingual
items, meetings; made before version 3 existed); each is copied, opened by this Huddle,
and read back.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.store.db import Store
from tui.store.errors import StoreError
from tui.store.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
V1_TABLES = ("members", "projects", "standups", "milestones", "requirements", "change_requests",
             "feedback", "commitments", "links", "activity", "meta")


def rows(path: Path, table: str) -> list[tuple]:
    """The rows of `table`, without the filter's search text (derived: version 3 rewrites
    it, from the row and its owner's name)."""
    conn = sqlite3.connect(path)
    try:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[1] != "search"]
        names = ", ".join(f'"{column}"' for column in columns)
        return conn.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_a_version_1_workspace_upgrades_with_every_row_kept(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "workspace-v1.db", path)
    before = {table: rows(path, table) for table in V1_TABLES}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    store = Store(path, user="wangfang")
    assert store.schema_version == SCHEMA_VERSION
    for table in V1_TABLES:
        after = rows(path, table)
        width = len(before[table][0]) if before[table] else 0
        # new columns are appended: the old ones hold exactly what they held
        assert [row[:width] for row in after] == before[table], table
    # version 2: projects gained their client's details, with defaults that say "unknown"
    project = store.query_one("SELECT * FROM projects ORDER BY key LIMIT 1")
    assert project["client_lang"] == "en" and project["archived"] == 0 and project["contacts"] == ""
    assert store.scalar("SELECT count(*) FROM attendance") == 0
    assert store.scalar("SELECT count(*) FROM meetings") == 0
    requirement = store.query_one("SELECT * FROM requirements ORDER BY number LIMIT 1")
    assert requirement["text_lang"] is None and requirement["title_tr"] == ""
    # version 3: no blocker has a recorded project (reports guess it, as version 1 did)
    assert store.scalar("SELECT count(*) FROM standups WHERE blockers_project IS NOT NULL") == 0
    assert store.scalar("PRAGMA foreign_key_check") is None
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.close()


V2_TABLES = (*V1_TABLES, "attendance", "meetings", "meeting_decisions", "meeting_actions")
AREAS = ("requirements", "change_requests", "feedback", "commitments")


def test_a_version_2_workspace_upgrades_and_its_items_are_found_in_either_language(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "workspace-v2.db", path)
    before = {table: rows(path, table) for table in V2_TABLES}
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    store = Store(path, user="wangfang")
    assert store.schema_version == SCHEMA_VERSION == 3
    for table in V2_TABLES:
        after = rows(path, table)
        width = len(before[table][0]) if before[table] else 0
        assert [row[:width] for row in after] == before[table], table
    # version 3: every item has its search text, and the trigram index holds each one
    for table in AREAS:
        assert store.scalar(f"SELECT count(*) FROM {table} WHERE search = ''") == 0, table
        assert store.scalar(f"SELECT count(*) FROM {table}_fts") == store.scalar(f"SELECT count(*) FROM {table}")
        store.conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
    # …so that an item is found by its translation, in either interface language
    typed = store.query_one("SELECT key, title, title_tr FROM requirements WHERE title_tr != '' ORDER BY number LIMIT 1")
    from tui.store import changes, requirements
    from tui.store.rows import SQLSource

    for text in (typed["title_tr"][:2], typed["title_tr"].split()[0], typed["title"][:3]):
        query = requirements.list_query(text=text, store=store)
        assert typed["key"] in [row["key"] for row in SQLSource(store.conn, query).fetch(0, 500)], text
    request = store.query_one("SELECT key, title_tr FROM change_requests WHERE title_tr != '' ORDER BY number LIMIT 1")
    found = changes.queue_source(store, changes.QueueFilter("all", request["title_tr"][:4])).fetch(0, 500)
    assert request["key"] in [row["key"] for row in found]
    # version 3: a blocker marked as waiting on the client has no recorded project yet; the
    # weekly report still guesses it (from its text, as before), and a new mark records one
    from datetime import date

    from tui.store import reports, standup

    marked = store.query("SELECT date, login, blockers FROM standups WHERE blockers_wait_on_client = 1"
                         " ORDER BY date DESC")
    assert marked and store.scalar("SELECT count(*) FROM standups WHERE blockers_project IS NOT NULL") == 0
    latest = marked[0]
    report = reports.weekly(store, "NOVA", date.fromisoformat(latest["date"]))
    assert latest["blockers"] in [b.text for b in report.waiting_blockers]
    day = date.fromisoformat(latest["date"])
    assert standup.mark_waits_on_client(store, day, latest["login"], "NOVA")["blockers_project"] == "NOVA"
    assert store.scalar("PRAGMA foreign_key_check") is None
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.close()


def test_a_workspace_of_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    shutil.copy(DATA / "workspace-v2.db", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    data = path.read_bytes()
    with pytest.raises(StoreError, match="newer Huddle"):
        Store(path, user="wangfang")
    assert path.read_bytes() == data
