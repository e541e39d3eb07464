"""The list areas' filter-as-you-type (`/`): what a person sees, in either language, found at once.

Each area's table keeps `search` (schema version 3), written by SQLite triggers: the key, the
text and its translation, the owner's login and name, and what else the area's filter
promises. These tests hold the filter to that: by translation in both interface languages,
by key, in either case, `%` and `_` literal, after edits, translations and renames; and the
trigram index only ever narrows (the same rows as reading every row).
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui import i18n
from tui.store import bilingual, changes, commitments, feedback, members, projects, requirements
from tui.store.rows import SQLSource

AREAS = {
    "requirements": requirements.AREA,
    "change_requests": changes.AREA,
    "feedback": feedback.AREA,
    "commitments": commitments.AREA,
}


def found(store, area, text: str) -> list[str]:
    """Keys the area's list shows for the filter `text` (every view: "all")."""
    query = area.list_query(store, view="all", text=text)
    return [row["key"] for row in SQLSource(store.conn, query).fetch(0, 10_000)]


def translate(store, table: str, key: str, field: str, text: str, language: str = "zh_CN") -> None:
    """Record the item's language and its text in the other one, as `tui/demo/text.py` does
    (plain SQL: the triggers keep the search text right whoever writes)."""
    with store.write() as conn:
        conn.execute(f"UPDATE {table} SET text_lang = ?, {field}_tr = ? WHERE key = ?", (language, text, key))


@pytest.fixture
def ws(store):
    projects.add(store, "ACME", "ACME portal", "ACME 集团")
    members.add(store, "liming", "李明")
    return store


@pytest.fixture
def items(ws):
    """One item per area, typed in Chinese, with its English translation, owned by 李明."""
    req = requirements.create(ws, {"title": "登录页增加短信验证码", "project": "ACME", "owner": "liming",
                                   "source": "周例会"})
    translate(ws, "requirements", req["key"], "title", "SMS code on the login page")
    cr = changes.add(ws, "导出订单到 Excel", requested_by="ACME 张经理")
    translate(ws, "change_requests", cr["key"], "title", "Export orders to Excel")
    fb = feedback.add(ws, "登录经常超时", contact="刘经理", owner="liming", project="ACME")
    translate(ws, "feedback", fb["key"], "summary", "Logins often time out")
    cm = commitments.add(ws, "发送修订后的迭代计划", "2026-12-04", to_whom="Ms. Wong", owner="liming",
                         project="ACME")
    translate(ws, "commitments", cm["key"], "promise", "Send the revised sprint plan")
    return {"requirements": req["key"], "change_requests": cr["key"], "feedback": fb["key"],
            "commitments": cm["key"]}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_item_is_found_by_its_translation_in_either_interface_language(ws, items, language):
    i18n.set_language(language)
    try:
        words = {"requirements": ("SMS", "登录", "验证码", "login page"),
                 "change_requests": ("orders", "导出", "订单 excel"),
                 "feedback": ("time out", "超时", "登"),
                 "commitments": ("sprint", "迭代", "计划 plan")}
        for table, texts in words.items():
            for text in texts:
                assert found(ws, AREAS[table], text) == [items[table]], (table, text)
            assert found(ws, AREAS[table], "zzz") == []
            # (both languages are there, whichever one the list shows)
            row = ws.query_one(f"SELECT * FROM {table} WHERE key = ?", (items[table],))
            field = bilingual.TRANSLATED[table][0]
            assert found(ws, AREAS[table], bilingual.pick(row, field, language)[:4]) == [items[table]]
    finally:
        i18n.set_language("en")


def test_by_key_in_any_case_and_by_what_each_filter_promises(ws, items):
    assert found(ws, requirements.AREA, "req-1") == found(ws, requirements.AREA, "REQ-1") == ["REQ-1"]
    assert found(ws, changes.AREA, "Cr-1") == ["CR-1"]
    assert found(ws, requirements.AREA, "LOGIN") == found(ws, requirements.AREA, "Login") == ["REQ-1"]
    # owner: login and display name; source; requester; contact; to whom; project
    for area, text in ((requirements.AREA, "liming"), (requirements.AREA, "李明"), (requirements.AREA, "周例会"),
                       (changes.AREA, "张经理"), (feedback.AREA, "刘经理"), (feedback.AREA, "李明"),
                       (feedback.AREA, "acme"), (commitments.AREA, "wong"), (commitments.AREA, "李明"),
                       (commitments.AREA, "ACME")):
        assert len(found(ws, area, text)) == 1, (area.TABLE, text)


def test_percent_underscore_quotes_and_backslashes_are_literal(ws):
    plain = requirements.create(ws, {"title": "100 percent done"})["key"]
    special = requirements.create(ws, {"title": 'Coverage 100% of a_b "quoted" C:\\temp'})["key"]
    for text in ("100%", "%", "_", "a_b", '"quoted"', '"', "\\", "C:\\temp"):
        assert found(ws, requirements.AREA, text) == [special], text
    assert found(ws, requirements.AREA, "1_0") == []
    assert found(ws, requirements.AREA, "100") == [plain, special]


def test_edits_translations_and_renames_keep_the_search_text_right(ws, items, clock):
    key = items["requirements"]
    row = requirements.get(ws, key)
    requirements.update(ws, key, {"title": "单点登录接入集团 AD"}, expected_version=row["version"])
    assert found(ws, requirements.AREA, "验证码") == []
    assert found(ws, requirements.AREA, "单点") == [key]
    translate(ws, "requirements", key, "title", "Single sign-on with the group's AD")
    assert found(ws, requirements.AREA, "SMS") == []
    assert found(ws, requirements.AREA, "sign-on") == [key]
    # a member's new name is found in what they own, the old one no longer
    members.rename(ws, "liming", "黎明")
    for table, area in AREAS.items():
        if table != "change_requests":
            assert found(ws, area, "黎明") == [items[table]], table
            assert found(ws, area, "李明") == [], table
    # a new owner, the requester, the contact
    members.add(ws, "zhangwei", "张伟")
    feedback.assign(ws, items["feedback"], "zhangwei")
    assert found(ws, feedback.AREA, "张伟") == [items["feedback"]]
    assert found(ws, feedback.AREA, "黎明") == []
    changes.edit(ws, items["change_requests"], {"requested_by": "Nova 赵总"}, expected_version=None)
    assert found(ws, changes.AREA, "赵总") == [items["change_requests"]]
    assert found(ws, changes.AREA, "张经理") == []
    # a deleted row leaves the index
    with ws.write() as conn:
        conn.execute("DELETE FROM commitments WHERE key = ?", (items["commitments"],))
    assert found(ws, commitments.AREA, "sprint") == []
    for table in AREAS:
        ws.conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")


def test_a_teammate_writing_with_sqlite3_is_kept_up_with_too(ws, items):
    conn = sqlite3.connect(ws.path, isolation_level=None)
    conn.execute("UPDATE requirements SET title = 'Dark mode', title_tr = '深色模式' WHERE key = ?",
                 (items["requirements"],))
    conn.execute("UPDATE requirements SET title = title || ' X', search = 'garbage' WHERE key = ?",
                 (items["requirements"],))
    conn.close()
    assert found(ws, requirements.AREA, "深色") == [items["requirements"]]
    assert found(ws, requirements.AREA, "garbage") == []
    ws.conn.execute("INSERT INTO requirements_fts(requirements_fts) VALUES ('integrity-check')")


def test_rare_words_are_read_through_the_index_and_common_ones_by_the_scan(ws, items):
    query = requirements.list_query(text="验证码", store=ws)
    assert "MATCH" in query.where
    query = requirements.list_query(text="验证码", store=None)  # no store: no lookup, the same rows
    assert "MATCH" not in query.where
    assert [row["key"] for row in SQLSource(ws.conn, query).fetch(0, 10)] == [items["requirements"]]


ALPHABET = "ab登录A%_\"\\ -1"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(ALPHABET, min_size=1, max_size=12).filter(lambda t: t.strip()),
       translation=st.text(ALPHABET, max_size=12),
       start=st.integers(0, 30), length=st.integers(1, 6), language=st.sampled_from(["en", "zh_CN"]))
def test_any_substring_of_the_title_shown_finds_the_item(ws, title, translation, start, length, language):
    key = requirements.create(ws, {"title": title})["key"]
    translate(ws, "requirements", key, "title", translation, "en")
    shown = bilingual.pick(requirements.get(ws, key), "title", language)
    text = shown[start % len(shown):][:length].strip()
    assume(text and " " not in text)
    assert key in found(ws, requirements.AREA, text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.text(ALPHABET, min_size=1, max_size=8).filter(lambda t: t.strip()), min_size=1,
                       max_size=6),
       text=st.text(ALPHABET, min_size=1, max_size=6))
def test_the_index_only_narrows_the_same_rows_as_reading_every_row(ws, titles, text, monkeypatch):
    for title in titles:
        changes.add(ws, title)
    with_index = found(ws, changes.AREA, text)
    with monkeypatch.context() as patch:
        patch.setattr(changes.AREA, "RARE", -1)
        patch.setattr(changes.AREA, "terms", lambda store, prefix: None)
        assert "MATCH" not in changes.queue_query(ws, changes.QueueFilter("all", text)).where
        assert found(ws, changes.AREA, text) == with_index
