"""Opening workspaces: creation, refusal of foreign/newer/corrupt files, WAL, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from tui.store import members, standup
from tui.store.db import Store
from tui.store.errors import StoreError
from tui.store.schema import APPLICATION_ID, SCHEMA_VERSION


def test_new_workspace_is_wal_tagged_and_current(tmp_path):
    store = Store(tmp_path / "new" / "w.db", user="ann")
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert store.scalar("PRAGMA application_id") == APPLICATION_ID
    assert store.scalar("PRAGMA foreign_keys") == 1


def test_first_member_is_lead_then_members(tmp_path):
    store = Store(tmp_path / "w.db", user="ann")
    assert members.ensure(store)["role"] == "lead"
    assert members.ensure(store, "bob")["role"] == "member"
    assert members.ensure(store)["role"] == "lead"  # idempotent


def test_reopening_does_not_migrate_again(tmp_path):
    path = tmp_path / "w.db"
    Store(path).close()
    store = Store(path)
    assert store.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'standups'") == 1


def test_not_a_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some text, not sqlite\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Huddle workspace"):
        Store(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a Huddle workspace"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "w.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Huddle"):
        Store(path)
    assert path.read_bytes() == before


def test_corrupt_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "w.db"
    store = Store(path)
    store.close()
    data = bytearray(path.read_bytes())
    # Keep the header, scramble the rest: SQLite must call it malformed.
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"w.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreError) as error:
        Store(path)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store(blocker / "sub" / "w.db")


def test_create_false_refuses_missing_file(tmp_path):
    with pytest.raises(StoreError, match="huddle init"):
        Store(tmp_path / "absent.db", create=False)



def test_read_only_workspace_refuses_writes_clearly(tmp_path, clock):
    """A read-only open (what a user without write permission gets) cannot save, and
    says so in a sentence; the file keeps what it had."""
    path = tmp_path / "w.db"
    store = Store(path, user="ann", clock=clock)
    members.ensure(store)
    store.close()
    # Open as SQLite would for a user who may only read the file.
    ro = Store.__new__(Store)
    ro.path, ro.user, ro.clock, ro.today = path, "ann", clock, lambda: None
    ro.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    ro.conn.row_factory = sqlite3.Row
    import sqlite_utils

    ro.db = sqlite_utils.Database(ro.conn)
    from datetime import date

    with pytest.raises(StoreError, match="read-only"):
        standup.save(ro, date(2026, 11, 27), "ann", standup.Note(today="x"), expected_version=None)
    ro.conn.close()
    again = Store(path, user="ann")
    assert again.scalar("SELECT count(*) FROM standups") == 0


def test_write_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.write() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            raise RuntimeError("boom")
    assert store.get_meta("x") is None
    assert not store.conn.in_transaction


def test_checked_text_and_row_by_key(store):
    from tui import i18n
    from tui.store.errors import ValidationError
    from tui.store.fields import checked_text, row_by_key

    assert checked_text(None, "note", 5) == ""
    assert checked_text("[b]x[/]", "note", 10) == "[b]x[/]"
    with pytest.raises(ValidationError) as error:
        checked_text("123456", "note", 5)
    assert (error.value.field, str(error.value)) == ("note", "Too long: at most 5 characters.")
    with pytest.raises(ValidationError, match="Title is required"):
        checked_text("  ", "title", 5, "Title", required=True)
    i18n.set_language("zh_CN")
    with pytest.raises(ValidationError) as error:
        checked_text("123456", "title", 5, "Title")
    assert "5" in str(error.value) and "标题" in str(error.value)
    with pytest.raises(ValidationError, match="此项必填"):
        checked_text("", "x", 5, required=True)
    i18n.set_language("en")
    from tui.store import commitments

    row = commitments.add(store, "Send the SSO test account", due="2026-12-01")
    assert row_by_key(store, "commitments", f"  {row['key'].lower()} ")["id"] == row["id"]
    assert row_by_key(store, "commitments", "CM-999") is None


def test_an_edit_without_a_note_reaches_the_notices(store):
    """`activity.since` hides only a move's derived stamps, never a plain edit (whose note
    is NULL): those are what teammates' notices are made of."""
    from tui.store import activity, standup

    before = activity.latest_id(store)
    standup.save(store, store.today(), store.user, standup.Note(today="first"), expected_version=None)
    standup.update(store, store.today(), store.user, {"today": "second"}, expected_version=1)
    rows = activity.since(store, before)
    assert [row["action"] for row in rows] == ["create", "edit"]


def test_a_sqlite_without_fts5_trigrams_is_refused_in_words(tmp_path, monkeypatch):
    """The list filters need FTS5's trigram tokenizer (SQLite 3.34+): an older SQLite gets
    one sentence that says so, before anything is written; doctor says it too."""
    from tui.store import doctor

    existing = tmp_path / "existing.db"
    Store(existing, user="ann").close()
    assert all(f.ok for f in doctor.diagnose(existing, "ann") if "SQLite" in f.message)
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    path = tmp_path / "w.db"
    with pytest.raises(StoreError, match=r"SQLite \(3\.31\.1\) lacks full-text search"):
        Store(path, user="ann")
    assert not path.exists()
    with pytest.raises(StoreError, match="lacks full-text search"):
        Store(existing, user="ann")
    assert any(not f.ok and "3.31.1" in f.message for f in doctor.diagnose(existing, "ann"))
