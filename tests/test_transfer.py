"""`huddle export` and `huddle import`: the whole workspace as one file and back. Exact
round trips into a fresh workspace (JSON and CSV, real processes), refusals before anything
is written (clashes, files that are not exports, newer schemas, unknown tables, members who
are not leads), an all-or-nothing transaction, merging into a workspace with data (ids
renumbered, references following), and files written safely."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import NOW, TODAY, USER
from tui.__main__ import cli


def huddle(*args, user: str = USER, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ, HUDDLE_AS_LOGIN=user)
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True, env=env,
                          input=stdin, timeout=120, check=False)


def run(*args, user: str = USER, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setenv("HUDDLE_AS_LOGIN", user)
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def ok(result) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr.decode()
    return result


def one_line_error(result, *fragments: str) -> str:
    stderr = result.stderr.decode() if isinstance(result.stderr, bytes) else result.stderr
    code = result.returncode if hasattr(result, "returncode") else result.exit_code
    assert code == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table but sessions, each value with its SQLite type."""
    conn = sqlite3.connect(db)
    tables = [row[0] for row in conn.execute(  # (full-text indexes: see the test below)
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
        " AND name NOT LIKE 'sqlite_%' AND name != 'sessions'")]
    found = {}
    for table in tables:
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        select = ", ".join(f'"{c}", typeof("{c}")' for c in columns)
        found[table] = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY rowid').fetchall()
    conn.close()
    return found


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    """The demo workspace and its JSON and CSV exports, made once by real processes (in
    the environment conftest's `isolated` gives each test: frozen clock, own folders)."""
    folder = tmp_path_factory.mktemp("demo")
    env = dict(os.environ, HUDDLE_CONFIG_DIR=str(folder / "config"), HUDDLE_DATA_DIR=str(folder / "data"),
               HUDDLE_CACHE_DIR=str(folder / "cache"), HUDDLE_TODAY=TODAY.isoformat(), HUDDLE_NOW=NOW.isoformat(),
               TZ="UTC")
    env.pop("HUDDLE_DB", None)
    env.pop("HUDDLE_LANG", None)
    db = folder / "demo.db"
    ok(huddle("demo", "--no-open", "--db", db, env=env))
    ok(huddle("export", "--db", db, "--out", folder / "demo.json", env=env))
    ok(huddle("export", "--db", db, "--format", "csv", "--out", folder / "demo.zip", env=env))
    return db, folder / "demo.json", folder / "demo.zip"


def test_json_round_trip_into_a_fresh_workspace_is_exact(tmp_path, demo_export):
    demo, exported, _zip = demo_export
    new = tmp_path / "new.db"
    ok(huddle("init", "--db", new))
    result = ok(huddle("import", exported, "--db", new))
    assert b"Restored" in result.stdout
    again = tmp_path / "again.json"
    ok(huddle("export", "--db", new, "--out", again))
    assert again.read_bytes() == exported.read_bytes()
    assert contents(new) == contents(demo)


def test_csv_round_trip_is_exact_too(tmp_path, demo_export):
    demo, exported, zipped = demo_export
    new = tmp_path / "new.db"
    ok(huddle("init", "--db", new))
    ok(huddle("import", zipped, "--db", new))
    ok(huddle("export", "--db", new, "--format", "csv", "--out", tmp_path / "again.zip"))
    assert (tmp_path / "again.zip").read_bytes() == zipped.read_bytes()
    ok(huddle("export", "--db", new, "--out", tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_bytes() == exported.read_bytes()  # nulls, empty texts, numbers kept
    assert contents(new) == contents(demo)


def test_an_export_holds_no_search_text_and_an_import_writes_it_again(tmp_path, demo_export):
    demo, exported, _zip = demo_export
    document = json.loads(exported.read_text(encoding="utf-8"))
    for table in ("requirements", "change_requests", "feedback", "commitments"):
        assert all("search" not in row for row in document["tables"][table]), table
    new = tmp_path / "new.db"
    ok(huddle("init", "--db", new))
    ok(huddle("import", exported, "--db", new))
    conn = sqlite3.connect(new)
    for table in ("requirements", "change_requests", "feedback", "commitments"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE search = ''").fetchone()[0] == 0
        conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
        # the index holds each row's search text (as the triggers give it: a JSON string)
        assert conn.execute(f"SELECT count(*) FROM {table} t JOIN {table}_fts f ON f.rowid = t.id"
                            f" WHERE f.search = json_quote(t.search)").fetchone()[0] == \
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()


def test_the_json_document_and_the_zip(demo_export):
    _demo, exported, zipped = demo_export
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert (document["format"], document["format_version"]) == ("huddle-export", 1)
    assert "sessions" not in document["tables"]
    assert {"members", "projects", "requirements", "change_requests", "feedback", "commitments", "activity",
            "links", "standups", "milestones", "meta"} <= set(document["tables"])
    assert list(document["tables"]).index("projects") < list(document["tables"]).index("requirements")
    with zipfile.ZipFile(zipped) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("huddle.json"))
        assert names == {"huddle.json"} | {entry["file"] for entry in manifest["tables"].values()}
        requirements = archive.read("requirements.csv")
    assert requirements.startswith("\ufeff".encode())  # spreadsheets read the Chinese as UTF-8
    assert manifest["tables"]["requirements"]["rows"] == len(document["tables"]["requirements"])


def test_export_to_standard_output(tmp_path, demo_export):
    demo, exported, _zip = demo_export
    result = ok(huddle("export", "--db", demo))
    assert result.stdout == exported.read_bytes()
    assert b"\x1b" not in result.stdout


def test_import_from_standard_input_and_from_an_unzipped_folder(tmp_path, demo_export):
    demo, exported, zipped = demo_export
    first = tmp_path / "first.db"
    ok(huddle("init", "--db", first))
    ok(huddle("import", "-", "--db", first, stdin=exported.read_bytes()))
    assert contents(first) == contents(demo)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
    second = tmp_path / "second.db"
    ok(huddle("init", "--db", second))
    ok(huddle("import", folder, "--db", second))
    assert contents(second) == contents(demo)


def test_an_import_that_clashes_is_refused_and_writes_nothing(tmp_path, demo_export):
    demo, exported, _zip = demo_export
    db = tmp_path / "copy.db"
    db.write_bytes(demo.read_bytes())
    before = contents(db)
    line = one_line_error(huddle("import", exported, "--db", db), "Nothing was imported", "CR-1", "REQ-1")
    assert "CR-1 … CR-14" in line and "REQ-1 … REQ-18" in line  # runs of keys, as people count
    assert contents(db) == before
    zh = huddle("--lang", "zh_CN", "import", exported, "--db", db)
    one_line_error(zh, "未导入任何内容")
    assert contents(db) == before


def _workspace(path: Path, project: str, milestone: str, requirement: str | None = None) -> None:
    run("--db", path, "init")
    assert run("--db", path, "project", "add", project, "--name", project.title(), "--client", "C").exit_code == 0
    assert run("--db", path, "req", "milestone", "add", milestone, "--project", project).exit_code == 0
    if requirement:
        result = run("--db", path, "req", "add", requirement, "--project", project, "--milestone", milestone)
        assert result.exit_code == 0, result.output


def test_an_import_into_a_workspace_with_data_adds_rows_with_new_ids(tmp_path):
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    _workspace(ours, "ACME", "一期验收")
    _workspace(theirs, "ZED", "Z1", "Zed login")
    run("--db", theirs, "req", "move", "REQ-1", "documented")
    assert run("--db", theirs, "req", "move", "REQ-1", "confirmed", "--by", "ACME 刘经理").exit_code == 0
    exported = tmp_path / "theirs.json"
    assert run("--db", theirs, "export", "--out", exported).exit_code == 0
    meta_before = contents(ours)["meta"]
    result = run("--db", ours, "import", exported, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["fresh"] is False and summary["kept_members"] == 1
    assert summary["rows"]["requirements"] == 1
    shown = json.loads(run("--db", ours, "req", "show", "REQ-1", "--json").stdout)
    assert (shown["project"], shown["milestone"]) == ("ZED", "Z1")  # the milestone's new id followed
    milestones = json.loads(run("--db", ours, "req", "milestone", "list", "--json").stdout)
    assert sorted(m["name"] for m in milestones) == ["Z1", "一期验收"]
    assert contents(ours)["meta"] == meta_before  # the workspace's own settings stay
    conn = sqlite3.connect(ours)
    stamps = conn.execute("SELECT note FROM activity WHERE key = 'REQ-1' AND note GLOB '#[0-9]*'").fetchall()
    assert stamps
    for (note,) in stamps:  # a move's stamps still point at that move, under its new id
        assert conn.execute("SELECT action, key FROM activity WHERE id = ?", (int(note[1:]),)).fetchone() == (
            "move", "REQ-1")
    ids = [row[0] for row in conn.execute("SELECT id FROM activity ORDER BY id")]
    assert ids == sorted(set(ids))
    conn.close()


def test_an_import_that_breaks_a_reference_writes_nothing(tmp_path, demo_export):
    _demo, exported, _zip = demo_export
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["tables"]["projects"] = []
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "w.db"
    ok(huddle("init", "--db", db))
    before = contents(db)
    one_line_error(huddle("import", broken, "--db", db), "does not fit", "projects")
    assert contents(db) == before  # the fresh workspace's own member is still there


@pytest.mark.parametrize("change, words", [
    (lambda doc: doc.update(schema_version=99), "newer Huddle"),
    (lambda doc: doc.update(format="something else"), "not a Huddle export"),
    (lambda doc: doc["tables"].update(bogus=[]), "bogus"),
    (lambda doc: doc["tables"]["members"][0].update(shoe_size=42), "shoe_size"),
    (lambda doc: doc.update(tables=[1, 2]), "no tables"),
])
def test_files_that_are_not_exports_for_this_workspace_are_refused(tmp_path, demo_export, change, words):
    _demo, exported, _zip = demo_export
    document = json.loads(exported.read_text(encoding="utf-8"))
    change(document)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "w.db"
    run("--db", db, "init")
    before = contents(db)
    result = run("--db", db, "import", bad)
    assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert contents(db) == before


@pytest.mark.parametrize("data, words, zh", [
    (b"hello", "not a Huddle export", "不是碰头的导出文件"),
    (b"PK\x03\x04broken", "damaged zip", "zip 文件已损坏"),
    (b"\xff\xfe", "not UTF-8", "不是 UTF-8"),
])
def test_garbage_is_refused_in_one_line_in_both_languages(tmp_path, data, words, zh):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(data)
    db = tmp_path / "w.db"
    run("--db", db, "init")
    result = run("--db", db, "import", bad)
    assert result.exit_code == 1 and words in result.stderr
    result = run("--db", db, "--lang", "zh_CN", "import", bad)
    assert result.exit_code == 1 and zh in result.stderr


def test_a_missing_file_and_a_member_who_is_not_a_lead(tmp_path, demo_export, monkeypatch):
    _demo, exported, _zip = demo_export
    db = tmp_path / "w.db"
    run("--db", db, "init")
    result = run("--db", db, "import", tmp_path / "nope.json")
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = run("--db", db, "--lang", "zh_CN", "import", tmp_path / "nope.json")
    assert result.exit_code == 1 and "不存在" in result.stderr
    result = run("--db", db, "import", exported, user="liming", monkeypatch=monkeypatch)
    assert result.exit_code == 1 and "Only a lead may import" in result.stderr


def test_output_files_are_written_safely(tmp_path, demo_export):
    demo, exported, _zip = demo_export
    target = tmp_path / "out.json"
    target.write_text("keep me")
    result = run("--db", demo, "export", "--out", target)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text() == "keep me"
    assert run("--db", demo, "export", "--out", target, "--force").exit_code == 0
    assert target.read_bytes() == exported.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    result = run("--db", demo, "export", "--out", link, "--force")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert not (tmp_path / "elsewhere.json").exists()
    result = run("--db", demo, "--lang", "zh_CN", "export", "--out", tmp_path / "no" / "such" / "x.json")
    assert result.exit_code == 1 and "x.json" not in os.listdir(tmp_path)


def test_csv_cells_cannot_become_formulas_and_keep_every_value(tmp_path):
    db = tmp_path / "w.db"
    run("--db", db, "init")
    run("--db", db, "project", "add", "ACME", "--name", "ACME", "--client", "C")
    titles = ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "'quoted", "plain 中文, with \"quotes\""]
    for title in titles:
        result = run("--db", db, "req", "add", "--project", "ACME", "--detail", "two\nlines, \"quoted\"", "--", title)
        assert result.exit_code == 0, result.output
    zipped = tmp_path / "w.zip"
    assert run("--db", db, "export", "--format", "csv", "--out", zipped).exit_code == 0
    with zipfile.ZipFile(zipped) as archive:
        text = archive.read("requirements.csv").decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")) or cell.startswith("'")
    assert "'=HYPERLINK" in text and "''quoted" in text
    new = tmp_path / "new.db"
    run("--db", new, "init")
    assert run("--db", new, "import", zipped).exit_code == 0
    rows = json.loads(run("--db", new, "req", "list", "--json").stdout)
    assert [row["title"] for row in rows] == titles
    assert json.loads(run("--db", new, "req", "show", "REQ-6", "--json").stdout)["detail"] == 'two\nlines, "quoted"'



def test_an_export_file_is_private(tmp_path, demo_export):
    demo, _exported, _zip = demo_export
    for fmt in ("json", "csv"):
        target = tmp_path / f"export.{fmt}"
        assert run("--db", demo, "export", "--format", fmt, "--out", target).exit_code == 0
        assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_a_blockers_project_goes_out_and_comes_back(tmp_path, demo_export):
    demo, exported, zipped = demo_export
    document = json.loads(exported.read_text(encoding="utf-8"))
    notes = document["tables"]["standups"]
    waiting = {row["blockers_project"] for row in notes if row["blockers_wait_on_client"]}
    assert waiting == {"NOVA"} and {row["blockers_project"] for row in notes if not row["blockers_wait_on_client"]} == {None}
    for source in (exported, zipped):
        new = tmp_path / f"{source.suffix[1:]}.db"
        ok(huddle("init", "--db", new))
        ok(huddle("import", source, "--db", new))
        query = "SELECT date, login, blockers_wait_on_client, blockers_project FROM standups ORDER BY id"
        assert sqlite3.connect(new).execute(query).fetchall() == sqlite3.connect(demo).execute(query).fetchall()
