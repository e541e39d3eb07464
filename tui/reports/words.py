"""The words of a report in its own language, whatever the interface speaks.

A report goes to the client in the client's language while the person making it may work
in the other one, so its words cannot come from `_()` (the interface's language). `Words`
translates through the same catalog for a given language, and formats dates and numbers
with babel for that language. No Textual, no Rich.
"""

from __future__ import annotations

from datetime import date

from .. import i18n
from ..store.bilingual import pick
from ..store.reports import Week

Day = date
"""`datetime.date` (inside `Words`, `date` is its method)."""

_BABEL_LOCALES = {"en": "en", "zh_CN": "zh_Hans_CN"}


class Words:
    """`_(msgid)`, `ngettext(singular, plural, count)` and babel formatting, in `language`.

    The methods are named like the gettext functions so that `scripts/i18n.py` extracts
    what they are called with (`words._("…")` is found as `_("…")` is)."""

    def __init__(self, language: str) -> None:
        if language not in i18n.LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        self.language = language
        self.locale = _BABEL_LOCALES[language]
        self._catalog = i18n._catalog(language)

    @property
    def gap(self) -> str:
        """What goes between two sentences: a space in English, nothing in Chinese."""
        return "" if self.language == "zh_CN" else " "

    def _(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: float) -> str:
        """The plural form for `count` (a fraction counts as plural, as in "1.5 days")."""
        whole = int(count) if float(count).is_integer() else 2
        return self._catalog.ngettext(singular, plural, whole)

    # -- text from the workspace -------------------------------------------------------

    def pick(self, row: dict, field: str) -> str:
        """The row's text in this language, or in the other one when it has none."""
        return pick(row, field, self.language)

    # -- numbers and dates -------------------------------------------------------------

    def number(self, value: float | None) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value or 0, format="#,##0.#", locale=self.locale)

    def percent(self, rate: float | None) -> str:
        from babel.numbers import format_percent

        return format_percent(rate or 0, locale=self.locale)

    def date(self, value: date | str | None) -> str:
        """`Nov 16, 2026` / `2026年11月16日`."""
        if not value:
            return ""
        from babel.dates import format_date

        return format_date(_as_date(value), format="medium", locale=self.locale)

    def day(self, value: Day | str | None) -> str:
        """`Nov 16` / `11月16日`: a day within the report's year."""
        if not value:
            return ""
        from babel.dates import format_skeleton

        return format_skeleton("MMMd", _as_date(value), locale=self.locale)

    def week(self, week: Week) -> str:
        """`Week 47, 2026` / `2026年第47周`."""
        return self._("Week {number}, {year}").format(number=week.number, year=week.year)

    def week_span(self, week: Week) -> str:
        """`Nov 16 – 22, 2026` / `2026年11月16日 – 22日`."""
        from babel.dates import format_interval

        return format_interval(week.monday, week.sunday, skeleton="yMMMd", locale=self.locale)

    def list(self, items: list[str]) -> str:
        """`REQ-3, CR-7 and CR-9` / `REQ-3、CR-7和CR-9`."""
        from babel.lists import format_list

        return format_list(list(items), locale=self.locale)

    def days(self, count: float) -> str:
        """`1 day`, `1.5 days`, `6 days` / `6 天`."""
        return self.ngettext("{count} day", "{count} days", count).format(count=self.number(count))

    def person_days(self, count: float) -> str:
        return self.ngettext("{count} person-day", "{count} person-days", count).format(count=self.number(count))


def _as_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) > 10:  # a stored UTC timestamp: the local day it happened
        from ..i18n import parse_timestamp

        return parse_timestamp(text).astimezone().date()
    return date.fromisoformat(text)
