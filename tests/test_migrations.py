"""Upgrading a saved workspace of every earlier schema version keeps every row.

`tests/data/workspace-v1.db` is the demo workspace as schema version 1 wrote it (made by
Huddle 0.1 before version 2 existed); it is copied, opened by this Huddle, and read back.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tui.store.db import Store
from tui.store.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
V1_TABLES = ("members", "projects", "standups", "milestones", "requirements", "change_requests",
             "feedback", "commitments", "links", "activity", "meta")


def rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
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
    assert store.scalar("PRAGMA foreign_key_check") is None
    assert store.scalar("PRAGMA integrity_check") == "ok"
    store.close()
