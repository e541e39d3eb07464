"""Issue 11: nothing a teammate writes can act on my account or my terminal.

Each case of the issue is a test here: files Huddle writes (symlinks, overwriting, modes,
full disks, backups, the export dialog), text Huddle prints (every human-readable command
fed hostile text written straight into the shared file, as a teammate with `sqlite3`
could), Markdown exports, one-line fields, pasting escape sequences, who you are, and
bad input that used to give a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import pwd
import re
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TODAY, USER, make_app, make_store
from tui.__main__ import cli
from tui.reports.standup import minutes_markdown as standup_minutes
from tui.store import (
    changes,
    commitments,
    feedback,
    files,
    members,
    milestones,
    projects,
    requirements,
    standup,
)
from tui.store.errors import StoreError, ValidationError
from tui.text import clean, markdown_block, markdown_inline

# -- hostile text --------------------------------------------------------------------------

ESC = "\x1b"
OSC_TITLE = "\x1b]0;pwned\x07"                       # OSC 0: the window title
OSC_CLIPBOARD = "\x1b]52;c;c3NoLWVkMjU1MTkgQUFBQQ==\x07"  # OSC 52: write the clipboard
OSC_LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # OSC 8: a hyperlink
CSI_CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"                                   # 8-bit CSI
BIDI = "\u202eevil\u202c \u2066x\u2069"
HOSTILE_SAMPLES = [OSC_TITLE, OSC_CLIPBOARD, OSC_LINK, CSI_CLEAR, C1_CSI, BIDI, "nul\x00bel\x07",
                   "[bold]x[/]", "line1\nline2\r\n# heading", "- [x](javascript:alert(1)) | cell |"]

HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    st.lists(
        st.one_of(
            st.sampled_from([ESC, "\x07", "\x9b", "\x9d", "\x90", "\x85", "\u202a", "\u202b", "\u202c", "\u202d",
                             "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\r", "\n", "\t", "]", "[", "\\"]),
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
        ),
        min_size=1, max_size=30,
    ).map("".join),
)

# What must never reach a terminal from a human-readable command: C0 controls but tab and
# newline, DEL, C1 controls, bidi overrides and isolates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_terminal_safe(text: str) -> None:
    found = FORBIDDEN.search(text)
    assert found is None, f"{found.group()!r} reached the terminal in {text!r}"


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in (result.output + result.stderr)
    return result


# -- a workspace a hostile teammate has written into ------------------------------------------

HOSTILE_LOGIN = "evil\x1b]0;owned\x07"


def workspace_with(path: Path, text: str) -> None:
    """A workspace whose every user-text column holds `text`, written with plain SQL (the
    store refuses control characters in one-line fields; a teammate's sqlite3 does not)."""
    store = make_store(path, _Clock())
    members.ensure(store, USER, "王芳")
    members.ensure(store, "liming", "李明")
    projects.add(store, "ACME", "ACME portal")
    milestone = milestones.create(store, "ACME", "M1", "2026-12-01")
    requirements.create(store, {"title": "r", "project": "ACME", "milestone_id": milestone["id"]})
    requirements.move(store, "REQ-1", "documented")
    changes.add(store, "c", project="ACME")
    feedback.add(store, "f", project="ACME", csat=3)
    commitments.add(store, "p", "2026-12-01", project="ACME")
    standup.save(store, TODAY, USER, standup.Note("y", "t", "b"), expected_version=None)
    with store.write() as conn:
        conn.execute("INSERT INTO members (login, display_name, role, active, created_at, created_by, updated_at,"
                     " updated_by, version) VALUES (?, ?, 'member', 1, '', '', '', '', 1)", (HOSTILE_LOGIN, text))
        conn.execute("UPDATE members SET display_name = ? WHERE login = 'liming'", (text,))
        conn.execute("UPDATE requirements SET title = ?, detail = ?, source = ?, acceptance_criteria = ?,"
                     " owner = ?", (text, text, text, text, HOSTILE_LOGIN))
        conn.execute("UPDATE change_requests SET title = ?, detail = ?, requested_by = ?, assignee = ?",
                     (text, text, text, HOSTILE_LOGIN))
        conn.execute("UPDATE feedback SET summary = ?, contact = ?, owner = ?", (text, text, HOSTILE_LOGIN))
        conn.execute("UPDATE commitments SET promise = ?, to_whom = ?, owner = ?", (text, text, HOSTILE_LOGIN))
        conn.execute("UPDATE milestones SET name = ?", (text,))
        conn.execute("UPDATE standups SET yesterday = ?, today = ?, blockers = ?", (text, text, text))
        conn.execute("UPDATE activity SET actor = ?, note = ?, new = ?", (HOSTILE_LOGIN, text, text))
    store.close()


class _Clock:
    def __call__(self) -> str:
        return "2026-11-27T10:00:00+00:00"


HUMAN_COMMANDS = [
    ["cr", "list"], ["cr", "show", "CR-1"],
    ["req", "list"], ["req", "show", "REQ-1"], ["req", "milestone", "list"], ["req", "milestone", "review", "1"],
    ["feedback", "list"], ["feedback", "show", "FB-1"],
    ["promise", "list"], ["promise", "show", "CM-1"],
    ["standup", "show", "--date", TODAY.isoformat()], ["standup", "export", "--date", TODAY.isoformat()],
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE)
def test_every_human_readable_command_keeps_control_bytes_off_the_terminal(tmp_path_factory, text):
    db = str(tmp_path_factory.mktemp("ws") / "w.db")
    workspace_with(Path(db), text)
    for command in HUMAN_COMMANDS:
        result = invoke("--db", db, *command)
        assert result.exit_code == 0, (command, result.output, result.stderr)
        assert_terminal_safe(result.output)
        assert_terminal_safe(result.stderr)


def test_not_yet_posted_with_a_hostile_login_and_name(tmp_path):
    db = tmp_path / "w.db"
    workspace_with(db, OSC_CLIPBOARD + "Mallory" + BIDI)
    result = invoke("--db", str(db), "standup", "show", "--date", TODAY.isoformat())
    assert "Not yet posted" in result.output and "Mallory" in result.output
    assert_terminal_safe(result.output)
    assert "␛]52;c;" in result.output  # shown, visibly, not obeyed


@pytest.mark.parametrize("text", HOSTILE_SAMPLES)
def test_json_stays_exact_and_escaped(tmp_path, text):
    db = tmp_path / "w.db"
    workspace_with(db, text)
    for command, get in ((["cr", "list"], lambda rows: rows[0]["title"]),
                         (["req", "show", "REQ-1"], lambda row: row["title"]),
                         (["feedback", "list"], lambda rows: rows[0]["summary"]),
                         (["promise", "list"], lambda rows: rows[0]["promise"])):
        result = invoke("--db", str(db), *command, "--json")
        assert result.exit_code == 0, result.output
        assert get(json.loads(result.stdout)) == text  # exact
        assert_terminal_safe(result.stdout)  # and every control character escaped by JSON


@pytest.mark.parametrize("args", [
    ["cr", "move", "CR-9" + OSC_TITLE, "approved"],      # an error that echoes the key
    ["req", "show", "REQ-9" + OSC_CLIPBOARD],
    ["req", "milestone", "review", "M" + OSC_LINK],
    ["cr", "list", "--status", "x" + CSI_CLEAR],
    ["cr", "list", "--no-such-option" + OSC_TITLE],       # click's own usage error
    ["--lang", "x" + OSC_TITLE, "cr", "list"],
    ["feedback", "add", "said " + OSC_TITLE, "--contact", "x" + BIDI],  # refused: one-line field
    ["cr", "add", "title" + OSC_TITLE],
    ["req", "milestone", "add", "name\n" + OSC_TITLE],
])
def test_errors_that_echo_input_are_cleaned(tmp_path, args):
    db = tmp_path / "w.db"
    workspace_with(db, "plain")
    result = invoke("--db", str(db), *args)
    assert result.exit_code in (1, 2), result.output
    assert_terminal_safe(result.output)
    assert_terminal_safe(result.stderr)
    if result.exit_code == 1:
        assert len(result.stderr.strip().splitlines()) == 1


def test_confirmations_that_echo_input_are_cleaned(tmp_path):
    db = tmp_path / "w.db"
    workspace_with(db, "plain")
    result = invoke("--db", str(db), "feedback", "add", "said " + OSC_TITLE + "\nmore")
    assert result.exit_code == 0 and result.output.startswith("Added FB-")
    result = invoke("--db", str(db), "standup", "add", "--today", OSC_CLIPBOARD)
    assert result.exit_code == 0
    assert_terminal_safe(result.output)


def test_clean_makes_every_control_visible():
    shown = clean(OSC_TITLE + C1_CSI + BIDI + "\udcff")
    assert_terminal_safe(shown)
    assert shown.startswith("␛]0;pwned") and "\udcff" not in shown


# -- Markdown exports ------------------------------------------------------------------------

def _inline_tokens(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    kinds = []
    for token in parser.parse(markdown):
        kinds.append(token.type)
        kinds += [child.type for child in token.children or []]
    return kinds


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(HOSTILE, st.text(alphabet="#*_`[]()<>!|~&:@=+-.1 \nhttps/wwx\\", max_size=40)))
def test_markdown_inline_is_only_text(text):
    """In a list item, a heading and a table cell, user text stays one text run: no
    emphasis, code, link, image, HTML, strikethrough, nor a new block or cell."""
    cell = markdown_inline(text)
    expected = " ".join(clean(text).split())
    for document, frame in (
        (f"- {cell}\n", ["bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
                         "list_item_close", "bullet_list_close"]),
        (f"### {cell}\n", ["heading_open", "inline", "heading_close"]),
    ):
        if not expected:
            continue
        kinds = _inline_tokens(document)
        assert [k for k in kinds if k not in ("text", "softbreak")] == frame, (text, document, kinds)
    table = f"| a | b |\n|---|---|\n| {cell} | x |\n"
    kinds = _inline_tokens(table)
    assert kinds.count("td_open") == 2 and kinds.count("tr_open") == 2, (text, table)
    from markdown_it import MarkdownIt

    rendered = "".join(
        child.content for token in MarkdownIt("commonmark").parse(f"x {cell}") for child in token.children or []
        if child.type == "text")
    assert rendered == ("x " + expected).strip() or not expected


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(HOSTILE, st.text(alphabet="`~ \n#-*>", max_size=60)))
def test_markdown_block_cannot_close_its_fence(text):
    from markdown_it import MarkdownIt

    document = "\n".join(["- **name**", "", *markdown_block(text, indent="  "), "", "## after", ""])
    tokens = MarkdownIt("commonmark").parse(document)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1
    assert fences[0].content == clean(text).strip("\n") + "\n"
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h2"]


def test_minutes_and_review_keep_names_and_logins_inert(tmp_path):
    from markdown_it import MarkdownIt

    db = tmp_path / "w.db"
    workspace_with(db, "# Boss\n- [link](http://evil) | x |")
    store = make_store(db, _Clock())
    minutes = standup_minutes(store, TODAY)
    review = milestones.review_markdown(store, 1)
    store.close()
    for document in (minutes, review):
        assert_terminal_safe(document)
        tokens = MarkdownIt("commonmark").enable("table").parse(document)
        kinds = [t.type for t in tokens] + [c.type for t in tokens for c in t.children or []]
        assert "link_open" not in kinds and "html_inline" not in kinds and "html_block" not in kinds
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert not any(h.startswith("Boss") for h in headings), headings
        cells = sum(1 for t in tokens if t.type in ("td_open", "th_open"))
        assert cells % 5 == 0  # the review's table keeps its five columns


# -- files Huddle writes --------------------------------------------------------------------

def test_a_symlink_at_the_export_path_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA victim\n")
    db = tmp_path / "w.db"
    workspace_with(db, "ssh-ed25519 AAAA attacker")
    planted = tmp_path / f"standup-{TODAY}.md"
    planted.symlink_to(victim)
    for command in (["standup", "export", "--date", TODAY.isoformat()], ["req", "milestone", "review", "1"]):
        for force in ([], ["--force"]):
            result = invoke("--db", str(db), *command, "--out", str(planted), *force)
            assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert victim.read_text() == "ssh-ed25519 AAAA victim\n"
    with pytest.raises(files.UnsafeTarget):
        files.write_file(planted, "x", replace=True)
    assert victim.read_text() == "ssh-ed25519 AAAA victim\n" and planted.is_symlink()


def test_a_symlink_at_the_temporary_name_is_never_followed(tmp_path, monkeypatch):
    victim = tmp_path / "victim"
    victim.write_text("mine")
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: "fixed")
    (tmp_path / ".out.md.fixed.tmp").symlink_to(victim)
    with pytest.raises(files.WriteError):
        files.write_file(tmp_path / "out.md", "attacker")
    assert victim.read_text() == "mine" and not (tmp_path / "out.md").exists()


def test_never_overwrites_without_force_and_keeps_the_mode(tmp_path):
    db = tmp_path / "w.db"
    workspace_with(db, "note")
    out = tmp_path / "minutes.md"
    out.write_text("keep me")
    os.chmod(out, 0o640)
    result = invoke("--db", str(db), "standup", "export", "--out", str(out))
    assert result.exit_code == 1 and "--force" in result.stderr and out.read_text() == "keep me"
    result = invoke("--db", str(db), "standup", "export", "--out", str(out), "--force")
    assert result.exit_code == 0 and str(out) in result.output
    assert out.read_text().startswith("# Standup minutes") and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert invoke("--db", str(db), "standup", "export", "--out", "").exit_code == 2


def test_modes_of_new_files(tmp_path):
    old = os.umask(0o022)
    try:
        files.write_file(tmp_path / "export.md", "x")
        files.write_file(tmp_path / "private.json", "x", private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "export.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600
    with pytest.raises(files.UnsafeTarget):
        files.write_file(tmp_path, "x", replace=True)


def test_a_full_disk_leaves_no_temporary_file(tmp_path, monkeypatch):
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    with pytest.raises(files.WriteError, match="disk is full"):
        files.write_file(tmp_path / "out.md", "x" * 10_000)
    monkeypatch.setattr(files.os, "write", real_write)
    assert list(tmp_path.iterdir()) == []


def test_settings_drafts_and_catalog_cache_are_private(tmp_path):
    from tui import drafts, i18n
    from tui.config import Settings, cache_dir, drafts_dir, settings_path

    Settings(language="zh_CN").save()
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600
    assert drafts.save(tmp_path / "w.db", "CR-1", {"title": "x"}) is None
    (draft,) = drafts_dir().iterdir()
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600 and stat.S_IMODE(drafts_dir().stat().st_mode) == 0o700
    i18n._catalog.cache_clear()
    i18n._catalog("zh_CN")
    (mo,) = (cache_dir() / "locales").iterdir()
    assert stat.S_IMODE(mo.stat().st_mode) == 0o600


def test_drafts_on_a_full_disk_say_so_and_leave_nothing(tmp_path, monkeypatch):
    from tui import drafts
    from tui.config import drafts_dir

    monkeypatch.setattr(files.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    problem = drafts.save(tmp_path / "w.db", "CR-1", {"title": "x"})
    assert problem and "cannot be kept" in problem and "full" in problem
    assert list(drafts_dir().iterdir()) == []


async def test_the_form_says_once_that_drafts_cannot_be_kept(store, monkeypatch):
    from tui import drafts
    from tui.widgets.form import FormScreen

    monkeypatch.setattr(drafts, "save", lambda *args: "Drafts cannot be kept: the disk is full.")
    app = make_app(store)
    said = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (said.append(str(message)), notify(message, *a, **k))[1]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"abc")
        await pilot.pause()
    assert said.count("Drafts cannot be kept: the disk is full.") == 1


# -- a real full disk (root only: a small tmpfs) -----------------------------------------------

@contextmanager
def full_disk(tmp_path):
    if os.getuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        filler = mount / "filler"
        with open(filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, check=False)


def run_huddle(*args, env=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False, **kwargs)


def one_line_error(result, *fragments):
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_init_on_a_full_disk(tmp_path):
    with full_disk(tmp_path) as disk:
        result = run_huddle("init", "--db", disk / "w.db")
        one_line_error(result, "full")
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_drafts_on_a_real_full_disk(tmp_path, monkeypatch):
    from tui import drafts
    from tui.config import drafts_dir

    with full_disk(tmp_path) as disk:
        monkeypatch.setenv("HUDDLE_DATA_DIR", str(disk))
        drafts_dir().mkdir(parents=True)
        problem = drafts.save(tmp_path / "w.db", "CR-1", {"detail": "x" * 100_000})
        assert problem and "full" in problem
        assert list(drafts_dir().iterdir()) == []


# -- huddle backup ----------------------------------------------------------------------------

def test_backup_refusals_and_mode(tmp_path):
    db = tmp_path / "w.db"
    workspace_with(db, "note")
    os.chmod(db, 0o640)
    for target in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        result = invoke("--db", str(db), "backup", str(target))
        assert result.exit_code == 1 and "another file" in result.stderr
    copy = tmp_path / "copy.db"
    assert invoke("--db", str(db), "backup", str(copy)).exit_code == 0
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM change_requests").fetchone()[0] == 1
    result = invoke("--db", str(db), "backup", str(copy))
    assert result.exit_code == 1 and "--force" in result.stderr
    assert invoke("--db", str(db), "backup", str(copy), "--force").exit_code == 0
    assert invoke("--db", str(db), "backup", "").exit_code == 2
    assert not list(tmp_path.glob("*.partial"))


def test_backup_refuses_a_symlinked_partial(tmp_path):
    db = tmp_path / "w.db"
    workspace_with(db, "note")
    victim = tmp_path / "victim"
    victim.write_text("mine")
    (tmp_path / "copy.db.partial").symlink_to(victim)
    result = invoke("--db", str(db), "backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert victim.read_text() == "mine" and not (tmp_path / "copy.db").exists()


# -- exports from the app ---------------------------------------------------------------------

async def test_export_dialog_shows_the_path_asks_before_replacing_and_refuses_links(demo_store, tmp_path,
                                                                                     monkeypatch):
    from tui.config import exports_dir
    from tui.widgets.export import ExportScreen
    from tui.widgets.form import ConfirmScreen

    monkeypatch.chdir(tmp_path)
    app = make_app(demo_store)
    said = []
    notify = app.notify
    app.notify = lambda message, *a, **k: (said.append(str(message)), notify(message, *a, **k))[1]
    target = exports_dir() / f"standup-{TODAY}.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "E")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.path_text == str(target)  # shown before anything is written
        assert not target.exists()
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Standup minutes")
        assert stat.S_IMODE(target.stat().st_mode) & 0o022 == 0
        assert said[-1] == f"Wrote the minutes to {target}."
        # again: the file exists, so it asks; "keep it" leaves it as it is
        target.write_text("mine")
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and target.read_text() == "mine"
        # a symlink typed as the path is refused in the dialog
        victim = tmp_path / "victim"
        victim.write_text("victim")
        link = tmp_path / "link.md"
        link.symlink_to(victim)
        app.screen.query_one("#export-path").value = str(link)
        await pilot.press("enter")
        await pilot.pause()
        assert "symbolic link" in str(app.screen.query_one("#export-error").render())
        assert victim.read_text() == "victim"
        # the answer "replace" writes
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("# Standup minutes")
    assert not list(tmp_path.glob("standup-*.md"))  # nothing in the current folder


# -- one-line fields and pasting -----------------------------------------------------------------

@pytest.mark.parametrize("bad", ["two\nlines", "tab\there", "esc\x1b[2J", "bidi\u202eevil", "c1\x9b"])
def test_one_line_fields_refuse_line_breaks_and_controls(store, bad):
    projects.add(store, "ACME", "ACME portal")
    for attempt in (
        lambda: changes.add(store, bad, project="ACME"),
        lambda: changes.add(store, "ok", project="ACME", requested_by=bad),
        lambda: requirements.create(store, {"title": bad, "project": "ACME"}),
        lambda: requirements.create(store, {"title": "ok", "project": "ACME", "source": bad}),
        lambda: feedback.add(store, "said", project="ACME", contact=bad),
        lambda: commitments.add(store, "p", "2026-12-01", project="ACME", to_whom=bad),
        lambda: milestones.create(store, "ACME", bad, None),
    ):
        with pytest.raises(ValidationError, match="one line of plain text"):
            attempt()


def test_paste_with_escape_sequences_arrives_whole_and_in_order():
    from tui.widgets.paste import PasteSafeParser

    parser = PasteSafeParser()
    events = list(parser.feed("a\x1b[200~ONE\x1b[2J")) + list(parser.feed("TWO\x1b[20")) + list(parser.feed("1~b"))
    kinds = [(type(e).__name__, getattr(e, "text", None) or getattr(e, "key", None)) for e in events]
    assert kinds == [("Key", "a"), ("Paste", "ONE\x1b[2JTWO"), ("Key", "b")]


async def test_pasting_into_a_note_stores_the_text_in_order(store):
    from textual.widgets import TextArea

    from tui.widgets.form import FormScreen
    from tui.widgets.paste import PasteSafeParser

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        area = app.focused
        if not isinstance(area, TextArea):
            area = app.screen.query(TextArea).first()
            area.focus()
            await pilot.pause()
        for event in PasteSafeParser().feed("\x1b[200~ONE\x1b[2JTWO\x1b[201~"):
            app.post_message(event)  # as the driver does: the app gives it to the focused field
        await pilot.pause()
        field = area.id
        await pilot.press("ctrl+s")
        await pilot.pause()
    row = standup.get(store, TODAY, USER)
    assert any(row[name] == "ONE\x1b[2JTWO" for name in ("yesterday", "today", "blockers")), (field, row)


# -- who you are -------------------------------------------------------------------------------

def test_user_and_logname_are_never_the_identity(tmp_path):
    """`USER=lead huddle cr move CR-1 approved` does not approve as the lead."""
    db = tmp_path / "w.db"
    lead = make_store(db, _Clock(), user="lead")
    members.ensure(lead, "lead", "The Lead")
    with lead.write() as conn:
        conn.execute("UPDATE members SET role = 'lead' WHERE login = 'lead'")
    projects.add(lead, "ACME", "ACME portal")
    changes.add(lead, "c", project="ACME")
    changes.move(lead, "CR-1", "assessing")
    changes.assess(lead, "CR-1", {"effort_days": "1", "risk": "low"}, expected_version=None)
    lead.close()
    env = {k: v for k, v in os.environ.items() if k != "HUDDLE_AS_LOGIN"}
    env.update(USER="lead", LOGNAME="lead")
    result = subprocess.run([sys.executable, "-m", "tui", "cr", "move", "CR-1", "approved", "--db", str(db)],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    me = pwd.getpwuid(os.getuid()).pw_name
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status FROM change_requests").fetchone()[0] != "approved", result
    actors = {row[0] for row in conn.execute("SELECT actor FROM activity WHERE at > '2026-11-27T10:00:00+00:00'")}
    assert "lead" not in actors and actors <= {me}


def test_the_login_comes_from_the_uid(monkeypatch):
    from tui.store import identity

    monkeypatch.delenv("HUDDLE_AS_LOGIN")
    monkeypatch.setenv("USER", "lead")
    monkeypatch.setenv("LOGNAME", "lead")
    assert identity.current_login() == pwd.getpwuid(os.getuid()).pw_name


@pytest.mark.parametrize("login", ["evil\x1b]0;x\x07", "two words", "-rf", "a\nb", "", "x" * 40, "李明"])
def test_a_login_that_is_not_a_plain_name_is_refused(monkeypatch, login):
    from tui.store import identity

    monkeypatch.delenv("HUDDLE_AS_LOGIN")

    class Entry:
        pw_name = login

    monkeypatch.setattr(identity.pwd, "getpwuid", lambda uid: Entry)
    with pytest.raises(StoreError, match="not a plain name"):
        identity.current_login()
    shown = str(pytest.raises(StoreError, identity.current_login).value)
    assert_terminal_safe(shown)


def test_acting_as_another_login_only_for_root_or_a_private_workspace(tmp_path, monkeypatch):
    from tui.store import identity

    if os.getuid() != 0:
        pytest.skip("chown needs root")
    private, shared = tmp_path / "private", tmp_path / "shared"
    for folder, mode in ((private, 0o755), (shared, 0o2775)):
        folder.mkdir()
        os.chmod(folder, mode)
        os.chown(folder, 4242, -1)
        (folder / "w.db").write_bytes(b"")
        os.chown(folder / "w.db", 4242, -1)
        os.chmod(folder / "w.db", 0o644 if mode == 0o755 else 0o664)
    monkeypatch.setenv("HUDDLE_AS_LOGIN", "liming")
    assert identity.current_login(shared / "w.db") == "liming"  # root may act as anyone
    monkeypatch.setattr(identity.os, "getuid", lambda: 4242)
    assert identity.current_login(private / "w.db") == "liming"  # only I can write it
    with pytest.raises(StoreError, match="HUDDLE_AS_LOGIN"):
        identity.current_login(shared / "w.db")  # a team workspace: refused, not ignored
    monkeypatch.setattr(identity.os, "getuid", lambda: 4343)
    with pytest.raises(StoreError):
        identity.current_login(private / "w.db")  # someone else's file


def test_a_test_login_that_is_not_plain_is_refused(tmp_path):
    result = run_huddle("cr", "list", "--db", tmp_path / "w.db", env={"HUDDLE_AS_LOGIN": "x\x1b[2J"})
    one_line_error(result, "not a plain name")
    assert_terminal_safe(result.stderr)


# -- bad input that used to give a traceback ------------------------------------------------------

def test_an_argument_that_is_not_utf8(tmp_path):
    db = tmp_path / "w.db"
    result = subprocess.run([sys.executable, "-m", "tui", "--db", str(db), "cr", "add", b"bad \xff\xfe title"],
                            capture_output=True, env=os.environ, timeout=60, check=False)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and b"UTF-8" in result.stderr
    assert b"\\xff\\xfe" in result.stderr  # the bad bytes shown, not sent
    assert not db.exists()


@pytest.mark.parametrize("content", [b'{"db": 123}', b'{"language": 5}', b'{"db": "a\\u0000b"}',
                                     b'{"theme": "x\x00y"}', b'\x00\x00', b'[1, 2]', b'{"standup_minutes": "two"}',
                                     b'\xff{"db": "x"}'])
def test_settings_with_wrong_types_or_nul_bytes(tmp_path, content):
    from tui.config import settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    db = tmp_path / "w.db"
    result = run_huddle("cr", "list", "--db", db)
    one_line_error(result, "settings")
    assert path.read_bytes() == content and not db.exists()


@pytest.mark.parametrize("make", ["fifo", "devnull"])
def test_a_fifo_or_dev_null_as_the_workspace(tmp_path, make):
    if make == "fifo":
        db = tmp_path / "pipe"
        os.mkfifo(db)
    else:
        db = Path("/dev/null")
    for command in (["cr", "list"], ["init"], ["standup", "show"]):
        result = run_huddle(*command, "--db", db)
        one_line_error(result, "not a regular file")
    if make == "fifo":
        assert stat.S_ISFIFO(os.lstat(db).st_mode)


def test_a_real_terminal_paste_is_stored_in_order(tmp_path):
    """The whole path, in a pseudo-terminal: the terminal sends a bracketed paste holding an
    escape sequence into the note form; the note keeps the text as pasted, in order (Textual's
    own parser alone stored `^[2JTWOONE`)."""
    import pty
    import select
    import time

    db = tmp_path / "w.db"
    store = make_store(db, _Clock())
    members.ensure(store, USER, "王芳")
    store.close()
    pid, fd = pty.fork()
    if pid == 0:  # the child: Huddle in a terminal 100x30
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, "-m", "tui", "--db", str(db)])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen = bytearray()

    def wait_for(pattern: bytes, seconds: float = 20) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if re.search(pattern, re.sub(rb"\x1b\[[0-9;?]*[a-zA-Z]", b"", bytes(seen))):
                return
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    seen.extend(os.read(fd, 65536))
                except OSError:
                    break
        raise AssertionError(f"{pattern!r} never appeared")

    def saved() -> str | None:
        row = sqlite3.connect(db).execute("SELECT today FROM standups").fetchone()
        return row and row[0]

    try:
        wait_for(rb"palette")
        os.write(fd, b"2")
        wait_for(rb"My note")
        seen.clear()
        os.write(fd, b"n")
        wait_for(rb"Save")
        time.sleep(0.5)
        os.write(fd, b"\x1b[200~ONE\x1b[2JTWO\x1b[201~")
        time.sleep(0.5)
        os.write(fd, b"\x13")  # ctrl+s
        end = time.monotonic() + 20
        while saved() is None and time.monotonic() < end:
            time.sleep(0.1)
        assert saved() == "ONE\x1b[2JTWO"
    finally:
        os.write(fd, b"\x11")  # ctrl+q
        time.sleep(0.3)
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
