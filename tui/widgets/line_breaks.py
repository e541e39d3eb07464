"""Chinese lines never start with a comma or a closing quote, nor end with an opening one.

Rich (and Textual's `Content`, which borrows Rich's `divide_line`) wraps a run of Chinese
text wherever the width runs out, so a notice can wrap as `…不能执行“批准` / `”。下一步…`.
Chinese typesetting forbids that (禁则): punctuation that closes (`，。、；：！？）」”…`)
never starts a line, punctuation that opens (`（「“《`) never ends one. `divide_line` here
keeps Rich's breaks and moves a forbidden one back by a character (with the word it belongs
to, when that is Latin), so the punctuation travels with the character before it; the rest
of the text is wrapped again from there. Text without such punctuation takes Rich's path
unchanged.

`install()` puts it where Rich's `Text.wrap` and Textual's `Content.wrap` look it up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import rich.text
from rich import _wrap

__all__ = ["divide_line", "install"]

NO_START = set("，。、；：！？）」』》〉】〕”’…‥·%,.;:!?)]}")
"""Characters a line must not start with (closing punctuation, full-width and ASCII)."""
NO_END = set("（「『《〈【〔“‘")
"""Characters a line must not end with (opening punctuation)."""
_RULED = re.compile("[" + re.escape("".join(sorted(NO_START | NO_END))) + "]")
_LATIN_WORD = re.compile(r"[^\s\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]+$")

_rich_divide_line: Callable[..., list[int]] = _wrap.divide_line


def _forbidden(text: str, start: int, at: int) -> bool:
    """Whether a line may not begin at `at` (the line before it begins at `start`)."""
    before = text[start:at].rstrip()
    return text[at] in NO_START or (bool(before) and before[-1] in NO_END)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Rich's `divide_line` (where to break `text` to fit `width` cells), with no break
    before closing or after opening punctuation."""
    breaks = _rich_divide_line(text, width, fold)
    if not breaks or _RULED.search(text) is None:
        return breaks
    index = 0
    while index < len(breaks):
        at = breaks[index]
        start = breaks[index - 1] if index else 0
        moved = at
        while moved - 1 > start and _forbidden(text, start, moved):
            moved -= 1
            latin = _LATIN_WORD.search(text, start, moved) if _LATIN_WORD.match(text[moved]) else None
            if latin is not None and latin.start() > start and not _forbidden(text, start, latin.start()):
                moved = latin.start()  # a Latin word the break would split moves down whole
        if moved != at and moved > start and not text[start:moved].isspace():
            rest = _rich_divide_line(text[moved:], width, fold)
            breaks = [*breaks[:index], moved, *(moved + offset for offset in rest)]
        index += 1
    return breaks


def install() -> None:
    """Use it for every wrap Rich and Textual do from now on (idempotent)."""
    import textual.content

    for module in (rich.text, textual.content):
        if getattr(module, "divide_line", None) is _rich_divide_line:
            module.divide_line = divide_line  # type: ignore[attr-defined]
