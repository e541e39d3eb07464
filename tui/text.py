"""Showing user text safely: one place that decides what a control character looks like.

User text is stored exactly as typed. Shown in a terminal, it is never parsed as markup
(widgets get `rich.text.Text` / `Content`, never a markup string) and its control
characters cannot drive the terminal: ESC becomes the visible `␛`, other C0/C1 controls
become `�`, tabs become spaces. Bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069), which can make a line read differently from what it holds, become `�`
too, as do lone surrogates (what an argument that is not UTF-8 turns into). Newlines are
kept where a widget shows several lines and folded to ` ⏎ ` where it shows one.

The command line prints through the same rules (`tui.cli.echo`), and Markdown exports
use `markdown_inline()` / `markdown_block()`, so user text cannot become a heading, a
list item, a link or a table row in a document either.

This module imports neither Textual nor Rich.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + r"\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f" + BIDI_CONTROLS + r"\ud800-\udfff]")
"""What must never reach a terminal (every C0 and C1 control but tab, bidi overrides,
lone surrogates); newline is included, so a line-by-line check can use it."""


def _replace(match: re.Match) -> str:
    char = match.group()
    return "␛" if char == "\x1b" else "�"


def clean(text: str | None, *, multiline: bool = True, tabs: bool = False) -> str:
    """`text` with control characters made visible and harmless. `tabs` keeps tab
    characters (the command line's tab-separated lists); otherwise they become spaces."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    if not tabs:
        text = text.replace("\t", "    ")
    text = _CONTROL.sub(_replace, text)
    if not multiline:
        text = text.replace("\n", " ⏎ ")
    return text


def one_line(text: str | None, limit: int = 500) -> str:
    """A single line for lists and notices, cut at `limit` characters before any work."""
    if not text:
        return ""
    return clean(text[: limit + 1], multiline=False)[:limit]


def has_control(text: str) -> bool:
    """Whether `text` holds a character that `clean()` would change (tabs aside)."""
    return bool(UNSAFE.search(text.replace("\n", "")))


# -- Markdown -------------------------------------------------------------------------

# The ASCII punctuation that can start or end Markdown structure anywhere in a line
# (emphasis, code, links, images, HTML, entities, headings' closing #s, tables, GFM's
# strikethrough and email autolinks); `:` before `/` (URL autolinks), `.` after `www`
# (www autolinks); and at the start of a line what begins a list, a quote or a heading
# underline. A backslash before ASCII punctuation is CommonMark's escape: the character
# is shown, never interpreted.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~&@^$])")
_MD_URL = re.compile(r":(?=/)")
_MD_WWW = re.compile(r"(?i)(www)\.")
_MD_START = re.compile(r"^(\d+[.)]|[-+=])")


def markdown_inline(text: str | None) -> str:
    """User text as one line of Markdown that shows exactly that text: whitespace folded,
    control characters made visible (as `clean()` does), every character Markdown could
    read as structure escaped."""
    line = " ".join(clean(text or "", multiline=True).split())
    line = _MD_SPECIAL.sub(r"\\\1", line)
    line = _MD_URL.sub(r"\\:", line)
    line = _MD_WWW.sub(r"\1\\.", line)
    return _MD_START.sub(lambda match: match.group()[:-1] + "\\" + match.group()[-1], line)


def markdown_block(text: str | None, indent: str = "") -> list[str]:
    """User text (several lines) as a fenced code block, each line prefixed by `indent`
    (to stay inside a list item): inside it nothing is Markdown, and the fence is longer
    than any run of backticks in the text, so the text cannot close it."""
    body = clean(text or "", multiline=True).strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = body.split("\n") if body else [""]
    return [indent + fence, *(indent + line for line in lines), indent + fence]
