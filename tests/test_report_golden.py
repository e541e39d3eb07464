"""The client's documents on the frozen demo workspace, in both languages, against golden
files (tests/golden/), and what any document may and may not hold.

The demo is made on the tests' frozen day (Friday 2026-11-27), so its reports are the same
on every run. When a report's wording or the demo data changes on purpose, regenerate the
files and read the difference before committing it:

    HUDDLE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_report_golden.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tui import reports
from tui.reports import document as rendering
from tui.store import changes, projects, requirements
from tui.store import reports as figures

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("HUDDLE_UPDATE_GOLDEN") == "1"
ROOT = Path(__file__).parent.parent


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with HUDDLE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


WEEKLY = [
    ("ACME", None, "zh_CN", "md"), ("ACME", None, "en", "md"),
    ("NOVA", None, "en", "md"), ("NOVA", None, "zh_CN", "md"),
    ("NOVA", "2026-W48", "en", "md"), ("NOVA", "2026-W48", "zh_CN", "html"),
    ("ACME", "2026-W46", "zh_CN", "html"),
]


@pytest.mark.parametrize("project, week, language, fmt", WEEKLY, ids=lambda v: str(v))
def test_weekly_report(demo_store, project, week, language, fmt):
    report = figures.weekly(demo_store, project, week)
    text = reports.weekly_text(demo_store, project, week, language, fmt)
    check_golden(reports.weekly_filename(project, report.week, language, fmt), text)


@pytest.mark.parametrize("project, language, fmt", [("ACME", "zh_CN", "md"), ("ACME", "en", "md"),
                                                    ("NOVA", "en", "md"), ("NOVA", "zh_CN", "html")])
def test_requirements_document(demo_store, project, language, fmt):
    text = reports.reqdoc_text(demo_store, project, None, language, fmt)
    check_golden(reports.reqdoc_filename(project, language, fmt), text)


def test_the_default_language_is_the_clients(demo_store):
    assert reports.weekly_text(demo_store, "ACME") == reports.weekly_text(demo_store, "ACME", None, "zh_CN")
    assert reports.weekly_text(demo_store, "NOVA") == reports.weekly_text(demo_store, "NOVA", None, "en")
    assert reports.reqdoc_text(demo_store, "ACME") == reports.reqdoc_text(demo_store, "ACME", None, "zh_CN")


def test_the_interface_language_does_not_change_the_report(demo_store):
    from tui import i18n

    english = reports.weekly_text(demo_store, "ACME", None, "zh_CN")
    i18n.set_language("zh_CN")
    assert reports.weekly_text(demo_store, "ACME", None, "zh_CN") == english
    assert "Weekly progress report" in reports.weekly_text(demo_store, "ACME", None, "en")


def test_items_show_in_the_reports_language_with_a_fall_back(demo_store):
    chinese = reports.weekly_text(demo_store, "NOVA", None, "zh_CN")
    english = reports.weekly_text(demo_store, "NOVA", None, "en")
    assert "手机银行 App 增加面容 ID 登录" in chinese and "Add Face ID to the mobile banking app" in english
    assert "Customers set their own transfer limits" in english and "转账限额可由客户自行调整" in chinese
    # A change request typed in both languages at once has no other text: shown as typed in both.
    assert "首页横幅改为可配置 / Configurable home banner" in reports.weekly_text(demo_store, "NOVA", "2026-W46", "en")


def test_internal_notes_never_reach_the_client(demo_store):
    """Assessment notes and blockers not marked as waiting on the client are in the
    preview's internal part, and in no document, in any language or format."""
    report = figures.weekly(demo_store, "NOVA", "2026-W48")
    assert report.assessment_notes and report.waiting_blockers
    hidden = [row["assessment_note"] for row in demo_store.query("SELECT assessment_note FROM change_requests")]
    hidden += [row["blockers"] for row in demo_store.query(
        "SELECT blockers FROM standups WHERE blockers <> '' AND blockers_wait_on_client = 0")]
    assert hidden
    for project in ("ACME", "NOVA"):
        for week in ("2026-W46", "2026-W47", "2026-W48"):
            for language in ("en", "zh_CN"):
                for fmt in ("md", "html"):
                    text = reports.weekly_text(demo_store, project, week, language, fmt)
                    assert not [note for note in hidden if note and note in text], (project, week, language, fmt)
    shown = reports.weekly_text(demo_store, "NOVA", "2026-W48", "en")
    assert "Waiting for Nova's SSO test account" in shown  # marked as waiting on the client


def test_the_html_is_one_self_contained_file(demo_store):
    text = reports.weekly_text(demo_store, "NOVA", "2026-W48", "zh_CN", "html")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text and "<style>" in text
    lowered = text.lower()
    for banned in ("<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url("):
        assert banned not in lowered, banned
    assert "default-src 'none'" in text and "@media print" in text and "@page" in text


HOSTILE = (
    "# Heading\n- item\n1. one\n> quote\n[link](http://evil.example) ![img](x.png) <script>alert(1)</script>"
    " | a | b | **bold** `code` ~~strike~~ www.evil.example https://evil.example &amp; \x1b[31mred\u202e"
)


@pytest.fixture
def hostile(store):
    """A workspace whose every text is written to become structure (and to drive a terminal:
    the store refuses control characters in a title, but anyone who can write the file can
    put them there with sqlite3, so they are written here that way)."""
    projects.add(store, "EVIL", "Evil <b>project</b> | x", "# Client", client_lang="en",
                 contacts="[Mr. X](http://evil.example)\n<img src=x onerror=alert(1)>")
    row = requirements.create(store, {"project": "EVIL", "title": "x"})
    requirements.move(store, row["key"], "documented")
    requirements.move(store, row["key"], "confirmed", confirmed_by="<i>Mr. X</i> | y")
    cr = changes.add(store, "x", project="EVIL")
    changes.assess(store, cr["key"], {"effort_days": 1, "schedule_days": 1, "risk": "low",
                                      "assessment_note": "secret"}, expected_version=None)
    for table in ("requirements", "change_requests"):
        store.conn.execute(f"UPDATE {table} SET title = ?, detail = ?, title_tr = ?", (HOSTILE, HOSTILE, HOSTILE))
    store.conn.execute("UPDATE requirements SET acceptance_criteria = ?", (HOSTILE,))
    return store


def _structure(markdown: str) -> list[str]:
    """The lines that are Markdown structure: headings, list items, quotes, table rows."""
    return [line for line in markdown.splitlines() if re.match(r"\s*(#|[-*+] |\d+[.)] |>|\|)", line)]


def test_user_text_cannot_become_structure(hostile):
    week = figures.week_of(hostile.today())
    md = reports.weekly_text(hostile, "EVIL", week, "en", "md") + reports.reqdoc_text(hostile, "EVIL", None, "en", "md")
    html = reports.weekly_text(hostile, "EVIL", week, "en", "html") + reports.reqdoc_text(hostile, "EVIL", None, "en", "html")
    for line in _structure(md):
        # Every heading, item, quote and row is Huddle's: the user text in it is escaped.
        assert not re.search(r"(?<!\\)(\]\(|<|\| a)", line), line
    for start in ("# Heading", "- item", "1. one", "> quote", "#  Client"):
        assert not re.search(r"^\s*" + re.escape(start), md, re.MULTILINE), start
    assert "\\# Heading" in md and "\\[link\\]\\(http\\://evil.example\\)" in md
    assert "\x1b" not in md + html and "\u202e" not in md + html and "␛" in md
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>project</b>" not in html and "<img" not in html and "<i>Mr. X</i>" not in html
    assert "secret" not in md + html


def test_markdown_emphasis_always_closes():
    """Bold labels next to Chinese punctuation, user text in bold: the markers hug letters."""
    line = rendering.line(rendering.plain("下一个里程碑：", "strong"), rendering.user("（二期）", "strong"),
                          rendering.plain("，尚未交付。", "warn"))
    text = rendering.to_markdown(rendering.Document("zh_CN", "t", [rendering.Paragraph([line])]))
    assert text == "**下一个里程碑**：（二期），**尚未交付**。\n"
    for marker in re.finditer(r"\*\*([^*]+)\*\*", text):
        inner = marker.group(1)
        assert inner[0].isalnum() and inner[-1].isalnum(), inner


# -- the command line ------------------------------------------------------------------------


def huddle(*args, db):
    return subprocess.run([sys.executable, "-m", "tui", *args, "--db", str(db)],
                          check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_command_line(demo_store, tmp_path):
    db = demo_store.path
    shown = huddle("report", "weekly", "--project", "acme", db=db)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == (GOLDEN / "weekly-ACME-2026-W47-zh_CN.md").read_text(encoding="utf-8")
    out = tmp_path / "week.html"
    written = huddle("report", "weekly", "--project", "NOVA", "--week", "2026-W48", "--lang", "zh_CN",
                     "--format", "html", "--out", str(out), db=db)
    assert written.returncode == 0 and str(out) in written.stdout
    assert out.read_text(encoding="utf-8") == (GOLDEN / "weekly-NOVA-2026-W48-zh_CN.html").read_text(encoding="utf-8")
    again = huddle("report", "weekly", "--project", "NOVA", "--format", "html", "--out", str(out), db=db)
    assert again.returncode == 1 and "--force" in again.stderr
    assert huddle("report", "weekly", "--project", "NOVA", "--out", str(out), "--force", db=db).returncode == 0
    doc = huddle("req", "doc", "--project", "NOVA", "--lang", "en", db=db)
    assert doc.returncode == 0 and doc.stdout == (GOLDEN / "requirements-NOVA-en.md").read_text(encoding="utf-8")
    one = huddle("req", "doc", "--project", "ACME", "--milestone", "二期验收 Phase 2", db=db)
    assert one.returncode == 0 and "REQ-6" in one.stdout and "REQ-1 " not in one.stdout


@pytest.mark.parametrize("args, code, message", [
    (("report", "weekly"), 1, "ACME, NOVA"),
    (("report", "weekly", "--project", "ACME", "--week", "2026-W99"), 1, "2026-W48"),
    (("report", "weekly", "--project", "NOPE"), 1, "NOPE"),
    (("report", "weekly", "--project", "ACME", "--lang", "fr"), 2, "fr"),
    (("report", "weekly", "--project", "ACME", "--format", "pdf"), 2, "pdf"),
    (("req", "doc", "--project", "ACME", "--milestone", "nope"), 1, "nope"),
])
def test_command_line_errors(demo_store, args, code, message):
    result = huddle(*args, db=demo_store.path)
    assert result.returncode == code and message in result.stderr and "Traceback" not in result.stderr
