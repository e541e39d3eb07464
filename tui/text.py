"""Showing user text safely: one place that decides what a control character looks like.

User text is stored exactly as typed. Shown in a terminal, it is never parsed as markup
(widgets get `rich.text.Text` / `Content`, never a markup string) and its control
characters cannot drive the terminal: ESC becomes the visible `␛`, other C0/C1 controls
become `�`, tabs become spaces. Newlines are kept where a widget shows several lines and
folded to ` ⏎ ` where it shows one.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _replace(match: re.Match) -> str:
    char = match.group()
    return "␛" if char == "\x1b" else "�"


def clean(text: str | None, *, multiline: bool = True) -> str:
    """`text` with control characters made visible and harmless."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text).replace("\t", "    ")
    text = _CONTROL.sub(_replace, text)
    if not multiline:
        text = text.replace("\n", " ⏎ ")
    return text


def one_line(text: str | None, limit: int = 500) -> str:
    """A single line for lists and notices, cut at `limit` characters before any work."""
    if not text:
        return ""
    return clean(text[: limit + 1], multiline=False)[:limit]
