"""Items' text in two languages (语言障碍): which one to show.

A requirement, change request, commitment or piece of feedback keeps its text as typed
(`title`, `detail`, `promise`, `summary`), the language it was typed in (`text_lang`:
`en` or `zh_CN`, NULL when nobody said) and the same text in the other language
(`title_tr`, `detail_tr`, `promise_tr`, `summary_tr`; '' when there is none).

* Lists show the interface language's text when there is one and the other otherwise:
  `pick(row, "title", get_language())`.
* Reports use the client's language with the same fall-back:
  `pick(row, "title", project["client_lang"])`.

When `text_lang` is NULL (items typed before the column existed, or by a command that did
not say), the typed text's language is guessed: any Chinese character makes it `zh_CN`.

Pure functions over plain rows (dicts), no I/O; `sql_pick()` gives the same choice as an
SQL expression, for lists that sort and filter in SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LANGUAGES = ("en", "zh_CN")

TRANSLATED = {
    "requirements": ("title", "detail"),
    "change_requests": ("title", "detail"),
    "commitments": ("promise",),
    "feedback": ("summary",),
}
"""The fields each table keeps in both languages (`<field>_tr` holds the other one)."""

# CJK unified ideographs (with extension A and the compatibility block), CJK punctuation
# and full-width forms: what Chinese text is written with.
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_SQL_CHINESE = "[\u3400-\u9fff]"
"""The same test in SQLite's GLOB (which compares code points): an ideograph anywhere."""


def other(language: str) -> str:
    return "en" if language == "zh_CN" else "zh_CN"


def guess_language(text: str | None) -> str:
    """`zh_CN` when the text holds a Chinese character, else `en`."""
    return "zh_CN" if text and _CHINESE.search(text) else "en"


def translation_field(field: str) -> str:
    """`title` → `title_tr`."""
    return f"{field}_tr"


def typed_language(row: Mapping, field: str) -> str:
    """The language `row[field]` was typed in: `text_lang`, or guessed from the text."""
    declared = row.get("text_lang")
    if declared in LANGUAGES:
        return declared
    return guess_language(row.get(field))


def texts(row: Mapping, field: str) -> dict[str, str]:
    """{language: text} of what the row holds for `field` ('' for a language it lacks)."""
    typed = row.get(field) or ""
    translated = row.get(translation_field(field)) or ""
    language = typed_language(row, field)
    return {language: typed, other(language): translated}


def pick_with_language(row: Mapping, field: str, language: str) -> tuple[str, str]:
    """(text, its language): `language`'s text when the row has it, else the other one
    (a report that falls back can say so, a list can mark it)."""
    by_language = texts(row, field)
    wanted = by_language.get(language, "")
    if wanted.strip():
        return wanted, language
    fallback = other(language)
    if by_language[fallback].strip():
        return by_language[fallback], fallback
    return wanted, language


def pick(row: Mapping, field: str, language: str) -> str:
    """The text to show of `row[field]` in `language`, falling back to the other language
    when the row has no text in it. `row` needs `field`, `<field>_tr` and `text_lang`
    (missing keys count as empty)."""
    return pick_with_language(row, field, language)[0]


def has_both(row: Mapping, field: str) -> bool:
    """Whether the row holds `field` in both languages."""
    return all(text.strip() for text in texts(row, field).values())


def sql_pick(field: str, language: str, alias: str = "") -> str:
    """An SQL expression with the value `pick()` gives, for sorting and filtering in
    SQLite (`language` is one of LANGUAGES, never user input; `alias` is a table alias).

        SELECT key, {sql_pick("title", "zh_CN", "r")} AS title FROM requirements r
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    prefix = f"{alias}." if alias else ""
    typed, translated, declared = f"{prefix}{field}", f"{prefix}{field}_tr", f"{prefix}text_lang"
    typed_is_chinese = f"({typed} GLOB '*{_SQL_CHINESE}*')"
    typed_language_sql = (
        f"COALESCE(CASE WHEN {declared} IN ('en', 'zh_CN') THEN {declared} END,"
        f" CASE WHEN {typed_is_chinese} THEN 'zh_CN' ELSE 'en' END)"
    )
    return (
        f"(CASE WHEN trim(COALESCE({translated}, '')) <> ''"
        f" AND ({typed_language_sql} <> '{language}' OR trim(COALESCE({typed}, '')) = '')"
        f" THEN {translated} ELSE {typed} END)"
    )
