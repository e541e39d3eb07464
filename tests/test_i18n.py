"""The Chinese catalog is complete, and babel formats in the active language."""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime, timedelta
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
    now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
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


# -- Chinese that reads as Chinese: full-width punctuation and the glossary ---------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"  # ideographs
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff60“”‘’…"  # 、。「」（）：，… and curly quotes
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# An ASCII mark with a CJK ideograph directly on one side (or a full-width mark on the
# other side): `项目:ACME`, `完成,请`, `（xx)`. Times (10:00), paths and key names stay.
_ASCII_NEXT_TO_CJK = re.compile(
    rf"[{_CJK}][:,;()?!]|[:,;()?!][{_CJK}]"
    rf"|[{_CJK_PUNCT}][:,;()]|[:,;()][{_CJK_PUNCT}]"
)
# A key name shown in full-width parentheses, `（?）`, is not punctuation.
_KEY_IN_PARENS = re.compile(r"（[!-~]{1,10}）")


def _chinese_strings():
    for message in load_catalog():
        if not message.id or not message.string:
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text:
                yield english, text


def test_chinese_entries_use_full_width_punctuation():
    problems = []
    for english, text in _chinese_strings():
        bare = _KEY_IN_PARENS.sub("（K）", _PLACEHOLDER.sub("\x00", text))
        if _ASCII_NEXT_TO_CJK.search(bare):
            problems.append((english, text))
        elif any(line.lstrip().startswith(("，", ",", "、", "。")) and len(line.strip()) > 1
                 for line in text.splitlines()):
            problems.append((english, text))  # a line never starts with a comma (`, ` → `、` is a separator)
    assert problems == []


def test_full_width_check_catches_mixed_punctuation():
    def flagged(text):
        return bool(_ASCII_NEXT_TO_CJK.search(_KEY_IN_PARENS.sub("（K）", _PLACEHOLDER.sub("\x00", text))))

    assert flagged("按时兑现率: 60%") and flagged("项目:ACME") and flagged("已完成,请") and flagged("需求(REQ-3)")
    assert not flagged("按时兑现率：60%") and not flagged("会议 10:00 开始") and not flagged("本页所有快捷键（?）")
    assert not flagged("{key}: {title}") and not flagged("huddle init --db PATH（见 README）")


# Glossary (DESIGN.md): an English term in the msgid means this Chinese term in the msgstr.
_GLOSSARY = (
    (r"\bchange[- ]requests?\b", "变更请求"),
    (r"\bstandup\b", "站会"),
    (r"\bdashboard\b", "概览"),
    (r"\bblockers?\b", "阻碍"),
    (r"\bfollow(?:ed)?[- ]?ups?\b", "回访"),
    (r"\bstaged acceptance\b", "阶段验收"),
    (r"\b(?:satisfaction|CSAT)\b", "满意度"),
    (r"\bpriority\b|^Pri$", "优先级"),
    (r"\breject(?:s|ed|ion)?\b", "驳回"),
    (r"\brequirements?\b", "需求"),
    (r"\bcommitments?\b", "承诺"),
    (r"\bassess(?:es|ed|ing|ment)?\b", "评估"),
    (r"\bapprov(?:e|es|ed|al|ing)\b", "批准"),
    (r"\bdetractors?\b", "低分"),
    (r"\bon-time rate\b", "按时兑现率"),
)


def test_chinese_entries_keep_the_glossary():
    problems = []
    for english, text in _chinese_strings():
        words = re.sub(r"--[\w-]+", "", english)  # option names (--blockers) are not words
        for pattern, term in _GLOSSARY:
            if re.search(pattern, words, re.IGNORECASE) and term not in text:
                if not re.search(pattern, text, re.IGNORECASE):  # kept as a literal value (rejected)
                    problems.append((english, term, text))
        if re.search(r"优先(?!级)", text):
            problems.append((english, "优先级", text))  # priority is 优先级, never 优先
        if re.search(r"站立会|仪表[盘板]|(?<!无)障碍", text):
            problems.append((english, "站会 / 概览 / 阻碍", text))
    assert problems == []


def test_one_wording_per_csat_score():
    """The form's score labels, and their words wherever a score is spelled out."""
    catalog = {m.id: m.string for m in load_catalog() if m.id and isinstance(m.id, str)}
    words = {"1 very dissatisfied": "非常不满意", "2 dissatisfied": "不满意", "3 neutral": "一般",
             "4 satisfied": "满意", "5 very satisfied": "非常满意"}
    for english, word in words.items():
        assert catalog[english] == f"{english[0]} {word}"


def test_an_empty_message_stays_empty_in_both_languages():
    from tui import i18n

    for language in ("en", "zh_CN"):
        i18n.set_language(language)
        assert i18n._("") == ""
    i18n.set_language("en")
