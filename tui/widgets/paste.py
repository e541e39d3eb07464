"""Pasted text arrives whole and in order, whatever it holds.

A terminal sends a paste between `ESC [200~` and `ESC [201~` (bracketed paste). Textual's
input parser (8.x) collects the paste, but when the pasted text itself holds an escape
sequence (`ONE ESC[2J TWO`), the parser stops collecting at that ESC: the rest of the
paste is replayed as key presses, typed at once, and only the part before the ESC arrives
as the `Paste` event, afterwards. A form then stored `^[2JTWOONE`.

`PasteSafeParser` takes the paste out of the stream before Textual's parser sees it:
everything between the two markers becomes one `events.Paste`, exactly as sent (NULs
aside, as Textual does), and nothing in it is read as a key. The text is stored as typed
(a one-line field refuses control characters with a message; screens show them cleaned).

`install()` makes Textual's Linux drivers use it; the app calls it before it starts.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import (
    BRACKETED_PASTE_END,
    BRACKETED_PASTE_START,
    XTermParser,
)
from textual.message import Message


def _partial_suffix(data: str, marker: str) -> int:
    """How many characters at the end of `data` could begin `marker` (0 if none)."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteSafeParser(XTermParser):
    """Textual's parser, with bracketed pastes handled whole before it sees them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False
        self._pasted: list[str] = []
        self._held = ""  # the end of the last read, if it may be the start of a marker

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input
            held, self._held = self._held, ""
            if self._pasting:
                self._pasting = False
                yield self._paste_event("".join(self._pasted) + held)
            elif held:
                yield from super().feed(held)
            yield from super().feed(data)
            return
        data = self._held + data
        self._held = ""
        while data:
            if self._pasting:
                end = data.find(BRACKETED_PASTE_END)
                if end < 0:
                    keep = _partial_suffix(data, BRACKETED_PASTE_END)
                    self._pasted.append(data[: len(data) - keep])
                    self._held = data[len(data) - keep:]
                    return
                self._pasted.append(data[:end])
                data = data[end + len(BRACKETED_PASTE_END):]
                self._pasting = False
                yield self._paste_event("".join(self._pasted))
                self._pasted.clear()
            else:
                start = data.find(BRACKETED_PASTE_START)
                if start < 0:
                    # Hold back what may begin a marker split across two reads, except a
                    # lone ESC (the escape key: Textual's parser times it out itself).
                    keep = _partial_suffix(data, BRACKETED_PASTE_START)
                    if keep < 2:
                        keep = 0
                    if data[: len(data) - keep]:
                        yield from super().feed(data[: len(data) - keep])
                    self._held = data[len(data) - keep:]
                    return
                if start:
                    yield from super().feed(data[:start])
                data = data[start + len(BRACKETED_PASTE_START):]
                self._pasting = True

    def tick(self) -> Iterable[Message]:
        # Something held back that no further read completed into a paste marker (an
        # alt+[ key, say) goes on to Textual's parser at the next tick.
        if self._held and not self._pasting:
            held, self._held = self._held, ""
            yield from super().feed(held)
        yield from super().tick()

    @staticmethod
    def _paste_event(text: str) -> events.Paste:
        return events.Paste(text.replace("\x00", ""))


def install() -> None:
    """Make Textual's terminal drivers read input with `PasteSafeParser` (idempotent)."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
    try:
        from textual.drivers import linux_inline_driver
    except ImportError:  # pragma: no cover - a Textual without the inline driver
        return
    linux_inline_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
