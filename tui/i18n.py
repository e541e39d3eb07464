"""Translations and locale-aware formatting.

English is the source language: every interface string is an English msgid passed through
`_()`. The Chinese catalog is kept as a `.po` file only (no compiled `.mo` in the repo); it is
compiled in memory on first use, which takes a few milliseconds.

The active language is process-wide state. The app switches it with `set_language()` and
then redraws; nothing caches a translated string across a switch, so strings must be
translated when they are shown, not when a module is imported (use `N_()` to mark a string
for extraction without translating it, and `_()` on it at display time).
"""

from __future__ import annotations

import gettext
import io
import os
import re
import zlib
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .store import messages

if TYPE_CHECKING:
    from .config import Settings

LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


def _locales_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "locales"
    return installed if installed.is_dir() else here.parent / "locales"


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog for `language` (a NullTranslations for English).

    Compiling the `.po` with babel takes ~60 ms, so the result is kept in the user's
    cache folder under the source's checksum and read back with the standard library's
    `gettext` on later starts; an edited catalog gets a new checksum and is compiled again.
    """
    if language == "en":
        return gettext.NullTranslations()
    po_path = _locales_dir() / language / "LC_MESSAGES" / "huddle.po"
    try:
        source = po_path.read_bytes()
    except OSError:  # a broken install still works, in English
        return gettext.NullTranslations()
    from .config import cache_dir

    folder = cache_dir() / "locales"
    cached = folder / f"{language}.{zlib.crc32(source):08x}.{len(source)}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except (OSError, ValueError):  # not cached yet, or unreadable: compile it
        pass
    compiled = _compile_po(source, language)
    from .store.errors import StoreError
    from .store.files import write_file

    try:  # private (0600), via a temporary file and a rename (tui/store/files.py)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for stale in folder.glob(f"{language}.*.mo"):
            stale.unlink(missing_ok=True)
        write_file(cached, compiled, replace=True, private=True)
    except (OSError, StoreError):  # no cache folder: compile again next time
        pass
    return gettext.GNUTranslations(io.BytesIO(compiled))


def _compile_po(source: bytes, language: str) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def normalize_language(value: str | None) -> str | None:
    """Map what a user might type (`zh`, `zh-CN`, `zh_cn`, `EN`) to a supported code."""
    if not value:
        return None
    cleaned = value.strip().replace("-", "_").split(".")[0]
    for code in LANGUAGES:
        if cleaned.lower() == code.lower():
            return code
    if cleaned.lower().startswith("zh"):
        return "zh_CN"
    if cleaned.lower().startswith("en"):
        return "en"
    return None


def resolve_language(flag: str | None, settings: Settings) -> str:
    """`--lang` > `$HUDDLE_LANG` > settings file > `$LANG` > English."""
    from .config import ENV_LANG

    for candidate in (flag, os.environ.get(ENV_LANG), settings.language):
        language = normalize_language(candidate)
        if language:
            return language
    system = os.environ.get("LANG", "")
    return "zh_CN" if system.lower().startswith("zh") else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _current = language


def get_language() -> str:
    return _current


def other_language() -> str:
    """The language `F2` switches to."""
    return "zh_CN" if _current == "en" else "en"


def _(message: str) -> str:
    """Translate `message` into the active language. The empty string stays empty (gettext
    would return the catalog's header for it)."""
    if not message:
        return message
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction; translate it later with `_()`."""
    return message


messages.set_translator(_, ngettext)  # the store's messages follow the active language


# -- punctuation that differs between the languages -------------------------------------
# Chinese uses full-width `：`, `、` and `（）` after Chinese text; these helpers take the
# punctuation from the catalog so that no screen writes an ASCII `:` or `(` after a label.


def colon(label: str) -> str:
    """`Owner:` / `负责人：`."""
    return _("{label}:").format(label=label)


labelled = messages.labelled
"""`Owner: Wang Fang` / `负责人：王芳`."""


def label_prefix(label: str) -> str:
    """`Owner: ` / `负责人：`: a label and its colon, for a value appended after it in
    another style (the Chinese colon is full-width and takes no space after it)."""
    return labelled(label, "")


join_list = messages.join_list
"""`a, b, c` / `a、b、c` (the store's helper, so both sides join alike)."""

with_note = messages.with_note
"""`Wang Fang (owner)` / `王芳（负责人）`."""

sentences = messages.sentences
"""`Saved. Next: …` / `已保存。下一步：…`."""


# -- days: one unit style everywhere ----------------------------------------------------


def days_late(days: int) -> str:
    """`3 days late` / `逾期 3 天`."""
    return ngettext("{n} day late", "{n} days late", days).format(n=days)


def days_until(days: int) -> str:
    """`in 4 days` / `4 天后`."""
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def days_old(days: int) -> str:
    """`9 days old` / `已 9 天`."""
    return ngettext("{n} day old", "{n} days old", days).format(n=days)


def days_short(days: int) -> str:
    """`3d` / `3天`: for list columns where space is tight."""
    return _("{n}d").format(n=days)


def _babel_locale() -> str:
    return "zh_Hans_CN" if _current == "zh_CN" else "en"


def format_date(value: date, format: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=_babel_locale())


_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZH_DAYS = "一二三四五六日"


def format_weekday_date(value: date) -> str:
    """`Fri, Nov 27, 2026` / `2026年11月27日 星期五`.

    Exactly babel's output for the patterns `EEE, MMM d, y` and `y年M月d日 EEEE` (a test
    checks every day of a year), written out because loading babel's locale data costs
    ~40 ms, and this title is on the first screen Huddle paints.
    """
    if _current == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日 星期{_ZH_DAYS[value.weekday()]}"
    return f"{_EN_DAYS[value.weekday()]}, {_EN_MONTHS[value.month - 1]} {value.day}, {value.year}"


def format_time(value: datetime) -> str:
    from babel.dates import format_time as babel_format_time

    return babel_format_time(value.astimezone(), format="short", locale=_babel_locale())


def format_relative(value: datetime | str | None, now: datetime | None = None) -> str:
    """`3 minutes ago` / `3分钟前` for a UTC timestamp (datetime or ISO-8601 string)."""
    if value is None or value == "":
        return ""
    from babel.dates import format_timedelta

    moment = parse_timestamp(value) if isinstance(value, str) else value
    now = now or datetime.now(UTC)
    delta = moment - now
    if abs(delta.total_seconds()) < 45:
        return _("just now")
    return format_timedelta(
        delta, add_direction=True, threshold=1.1, locale=_babel_locale()
    )


def format_duration(seconds: float) -> str:
    """A meeting clock: `1:05`, `-0:20` never (negative clamps to 0)."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_number(value: float, digits: int = 0) -> str:
    """`1,234.5` in both languages: exactly babel's `format_decimal(value, "#,##0.0…")`.

    English and Chinese share the symbols (`.` and `,`) and babel's rounding (half-even on
    the decimal value); a test checks this against babel. Written out because the
    dashboard shows numbers on the first frame and babel's locale data costs ~30 ms.
    """
    quantum = Decimal(1).scaleb(-digits)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    return f"{number:,f}"


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def parse_timestamp(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Strings that Textual shows and Huddle translates; listed so extraction finds them.
TEXTUAL_STRINGS = (
    N_("palette"),
    N_("Search for commands…"),
    N_("No matches found"),
    N_("Search for themes…"),
    N_("Focus Next"),  # Textual's Screen keys, listed by `?`
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Scroll Up"),  # Textual's scrolling keys, inherited by Huddle's lists
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
)
