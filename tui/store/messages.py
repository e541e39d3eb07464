"""The store's words: its error messages and labels, translated by whoever runs it.

The store never imports the interface's translations (`tui.i18n`, which also formats dates
and numbers for the screen): that module installs itself here when it is imported
(`set_translator`), as the app and the command line always do, so the store's sentences
come out in the active language. Until then — a script that uses the store alone — they
stay in English, the source language.

`_`, `N_` and `ngettext` have the names the extraction looks for (`scripts/i18n.py`), so
the store's strings are in the catalog like everyone else's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_gettext: Gettext = _english
_ngettext: Ngettext = _english_plural


def set_translator(gettext: Gettext, ngettext: Ngettext) -> None:
    """Translate the store's messages with these functions from now on (`tui.i18n` calls
    this once, at import)."""
    global _gettext, _ngettext
    _gettext, _ngettext = gettext, ngettext


def _(message: str) -> str:
    """`message` in the active language."""
    return _gettext(message)


def N_(message: str) -> str:
    """Mark `message` for extraction; translate it later with `_()`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _ngettext(singular, plural, n)


def join_list(items: Iterable[object]) -> str:
    """`a, b, c` / `a、b、c`: a list in a sentence, joined as the active language does."""
    return _(", ").join(str(item) for item in items)


def with_note(text: str, note: object) -> str:
    """`Wang Fang (owner)` / `王芳（负责人）`: a note in parentheses after some text."""
    return _("{text} ({note})").format(text=text, note=note)


def sentences(*parts: str) -> str:
    """`Saved. Next: s Assess` / `已保存。下一步：s 评估`: sentences one after another, with a
    space between them in English and none after Chinese full stops."""
    text = ""
    for part in parts:
        text = _("{sentence} {next}").format(sentence=text, next=part) if text else part
    return text


def labelled(label: str, value: object) -> str:
    """`Owner: Wang Fang` / `负责人：王芳`."""
    return _("{label}: {value}").format(label=label, value=value)
