"""The Chinese catalog is complete, and babel formats in the active language."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "huddle.po"


def load_catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def test_no_untranslated_or_fuzzy_entries():
    catalog = load_catalog()
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


def test_every_string_in_the_code_is_in_the_catalog():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as tool  # scripts/i18n.py
    finally:
        sys.path.pop(0)
    in_code = {m.id for m in tool.extract() if m.id}
    in_catalog = {m.id for m in load_catalog() if m.id}
    assert sorted(map(str, in_code - in_catalog)) == []


def test_placeholders_match():
    import re

    for message in load_catalog():
        if not message.id or isinstance(message.id, tuple) or not message.string:
            continue  # untranslated entries are caught by the completeness test
        names = set(re.findall(r"\{(\w+)\}", message.id))
        assert set(re.findall(r"\{(\w+)\}", message.string)) == names, message.id


def test_switching_language():
    assert i18n._("Standup") == "Standup"
    i18n.set_language("zh_CN")
    assert i18n._("Standup") == "站会"
    assert i18n._("Dashboard") == "概览"
    i18n.set_language("en")
    assert i18n._("Standup") == "Standup"


def test_babel_dates_and_relative_times():
    now = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    five = (now - timedelta(minutes=5)).isoformat()
    assert i18n.format_relative(five, now) == "5 minutes ago"
    assert i18n.format_date(date(2026, 3, 5)) == "Mar 5, 2026"
    i18n.set_language("zh_CN")
    assert i18n.format_relative(five, now) == "5分钟前"
    assert i18n.format_date(date(2026, 3, 5)) == "2026年3月5日"
    assert i18n.format_weekday_date(date(2026, 11, 27)) == "2026年11月27日 星期五"
    assert i18n.format_relative(now.isoformat(), now) == "刚刚"


def test_language_names_normalise():
    assert i18n.normalize_language("zh-CN") == "zh_CN"
    assert i18n.normalize_language("zh_cn.UTF-8") == "zh_CN"
    assert i18n.normalize_language("EN") == "en"
    assert i18n.normalize_language("fr") is None


@given(
    value=st.one_of(
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
        st.decimals(min_value=-10**6, max_value=10**6, places=3).map(float),
    ),
    digits=st.integers(min_value=0, max_value=3),
)
@settings(max_examples=300, deadline=None)
def test_format_number_is_babels_in_both_languages(value, digits):
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    for language, locale in (("en", "en"), ("zh_CN", "zh_Hans_CN")):
        i18n.set_language(language)
        assert i18n.format_number(value, digits) == format_decimal(value, format=pattern, locale=locale)
    i18n.set_language("en")


def test_weekday_date_is_babels_for_every_day_of_a_year():
    from babel.dates import format_date

    day = date(2026, 1, 1)
    while day.year == 2026:
        i18n.set_language("en")
        assert i18n.format_weekday_date(day) == format_date(day, "EEE, MMM d, y", locale="en")
        i18n.set_language("zh_CN")
        assert i18n.format_weekday_date(day) == format_date(day, "y年M月d日 EEEE", locale="zh_Hans_CN")
        day += timedelta(days=1)


def test_compiled_catalog_is_cached_and_rebuilt_when_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("HUDDLE_CACHE_DIR", str(tmp_path))
    i18n._catalog.cache_clear()
    try:
        i18n.set_language("zh_CN")
        assert i18n._("Standup") == "站会"
        [cached] = (tmp_path / "locales").glob("zh_CN.*.mo")
        # A later start reads the cached file: prove it by planting a different one.
        original = cached.read_bytes()
        cached.write_bytes(original.replace("站会".encode(), "站立".encode()))
        i18n._catalog.cache_clear()
        assert i18n._("Standup") == "站立"
        # A damaged cache is compiled again from the catalog.
        cached.write_bytes(b"not a catalog")
        i18n._catalog.cache_clear()
        assert i18n._("Standup") == "站会"
        assert cached.read_bytes() == original
    finally:
        i18n._catalog.cache_clear()
        i18n.set_language("en")


def test_catalog_works_without_a_writable_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HUDDLE_CACHE_DIR", str(blocker))
    i18n._catalog.cache_clear()
    try:
        i18n.set_language("zh_CN")
        assert i18n._("Standup") == "站会"
    finally:
        i18n._catalog.cache_clear()
        i18n.set_language("en")
