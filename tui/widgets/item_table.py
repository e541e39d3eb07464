"""`ItemTable`: a keyboard-first, virtual table whose rows live in SQLite.

Why not Textual's `DataTable`: with 100,000 rows it blocks the event loop for
seconds, and it parses `str` cells as markup (``"[/]"`` crashes the app).  This
widget keeps no rows of its own.  It asks a `RowSource` for the row count and for
pages of rows (`PAGE_SIZE` rows each, a few pages kept in an LRU cache) and
renders with the Line API, so a paint only ever touches the visible rows.

Cell text is always treated as user text:

* never parsed as markup (cells become `Segment`s of plain text);
* control characters are made visible instead of reaching the terminal, with
  the same choices as `tui.text.clean`: ESC becomes ``␛`` (so
  ``"\\x1b[31mred"`` shows as ``␛[31mred``: the sequence is shown, not
  obeyed), other C0 and C1 controls, DEL and lone surrogates become ``�``; a
  line break (``\\n``, ``\\r\\n``, ``\\r``, U+2028/9) becomes ``" ⏎ "``, a tab
  one space; bidi controls are dropped so they cannot reorder the rest of the
  screen line;
* cut to the column width in terminal cells (CJK and emoji count 2) with an
  ellipsis, after first cutting the raw string so a 10,000-character value
  costs no more than a short one.

Fetching happens synchronously on the UI thread when a line needs a row that
is not cached: a page is one indexed query of a few ms (see
`tui.store.rows`), far cheaper than a worker round trip per scroll.

A source may count only its first rows (a filter keystroke should cost what the
screen shows, not a count of 100,000 rows): if its `exact` is False, the table
asks for `full_count()` once no new source has arrived for `COUNT_AFTER`
seconds, grows to the full length and posts `Counted`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from ..i18n import N_

__all__ = [
    "Column",
    "FitTable",
    "ItemTable",
    "RowSource",
    "TableMessage",
    "cell_text",
    "fit_cell",
    "fit_widths",
    "sanitize_cell",
]

# ---------------------------------------------------------------------------
# Data shapes


@dataclass(frozen=True)
class Column:
    """One column of an `ItemTable`."""

    key: str
    """Key of the value in each row dict."""
    label: str
    """Header text, already translated; plain text, never markup."""
    width: int | None = None
    """Width in cells; None shares the remaining width with other such columns."""
    align: str = "left"
    """"left", "right" or "center"."""


@runtime_checkable
class RowSource(Protocol):
    """Where an `ItemTable` gets its rows (see `tui.store.rows.SQLSource`)."""

    def count(self) -> int:
        """Number of rows in the current query."""
        ...

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Rows in order; each dict has a ``"key"`` (str) naming the item."""
        ...

    def index_of(self, key: str) -> int | None:
        """Position of ``key`` in the current order, or None."""
        ...


# ---------------------------------------------------------------------------
# Cell text: sanitise and fit


def _build_translation() -> dict[int, str]:
    # Same visible choices as tui.text.clean (the app's one rule for control
    # characters), done with str.translate, plus bidi controls and surrogates.
    table: dict[int, str] = {code: "\ufffd" for code in (*range(0x20), *range(0x7F, 0xA0))}
    table[0x09] = " "
    table[0x0A] = " ⏎ "
    table[0x0D] = " ⏎ "
    table[0x1B] = "␛"
    table[0x2028] = " ⏎ "
    table[0x2029] = " ⏎ "
    for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[code] = ""
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"
    return table


_TRANSLATION = _build_translation()
ELLIPSIS = "…"


def sanitize_cell(value: object) -> str:
    """Turn any cell value into one line of printable text (see module doc)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_TRANSLATION)


def fit_cell(text: str, width: int, *, truncated: bool = False) -> str:
    """Cut sanitised ``text`` to at most ``width`` cells, ending in an ellipsis.

    ``truncated`` says the caller already cut the text short, so an ellipsis is
    due even if what is left fits.
    """
    if not truncated and cell_len(text) <= max(width, 0):
        return text  # it fits (zero-width text, such as a lone skin-tone modifier, even in none)
    if width <= 0:
        return ""
    if width == 1:
        return ELLIPSIS
    # set_cell_size pads a half-cut wide character with a space: still width-1.
    return set_cell_size(text, width - 1).rstrip(" ") + ELLIPSIS


def cell_text(value: object, width: int) -> str:
    """Sanitised, fitted text of one cell; cost bounded by ``width``."""
    if value is None:
        return ""
    raw = value if isinstance(value, str) else str(value)
    # Every visible character is at least one cell, so 2*width+16 characters are
    # more than enough unless the text is mostly zero-width marks.
    limit = 2 * max(width, 0) + 16
    truncated = len(raw) > limit
    if truncated:
        raw = raw[:limit]
    return fit_cell(sanitize_cell(raw), width, truncated=truncated)


def _align(text: str, width: int, align: str) -> str:
    """Pad ``text`` (already fitted) to exactly ``width`` cells."""
    gap = width - cell_len(text)
    if gap <= 0:
        return text
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


# ---------------------------------------------------------------------------
# The widget

GUTTER = 2
"""Cells at the left of each row for the mark."""
MARK = "●"
COLUMN_GAP = 1
MIN_FLEX_WIDTH = 6
READABLE_FLEX_WIDTH = 16
"""In a narrow terminal the fixed columns give way (down to `FIXED_FLOOR`) before a shared
column (the title) gets narrower than this."""
FIXED_FLOOR = 5


def fit_widths(wanted: list[int | None], available: int, floors: list[int | None] | None = None) -> list[int]:
    """Cell widths for columns that want ``wanted`` cells (None: share what is left) within
    ``available`` cells (gaps and padding already taken off).

    In a narrow terminal the fixed columns give way first, each in proportion to what it can
    give (down to its floor: `FIXED_FLOOR` unless ``floors`` says otherwise, e.g. a date that
    must stay whole), so a shared column (the title) keeps `READABLE_FLEX_WIDTH` cells and no
    column is pushed out of sight."""
    flexible = [i for i, w in enumerate(wanted) if w is None]
    widths = [max(0, w or 0) for w in wanted]
    floor_of = [FIXED_FLOOR if f is None else f for f in (floors or [None] * len(wanted))]
    deficit = sum(widths) + READABLE_FLEX_WIDTH * len(flexible) - available
    if deficit > 0:
        room = [max(0, w - f) if c is not None else 0 for w, c, f in zip(widths, wanted, floor_of, strict=True)]
        total_room = sum(room)
        if total_room:
            take = min(deficit, total_room)
            given = [r * take // total_room for r in room]
            left = take - sum(given)
            for i in sorted(range(len(room)), key=lambda i: -room[i]):
                if left <= 0:
                    break
                if given[i] < room[i]:
                    given[i] += 1
                    left -= 1
            widths = [w - g for w, g in zip(widths, given, strict=True)]
    if flexible:
        fixed = sum(w for w, c in zip(widths, wanted, strict=True) if c is not None)
        share, extra = divmod(max(available - fixed, 0), len(flexible))
        for n, i in enumerate(flexible):
            widths[i] = max(share + (1 if n < extra else 0), MIN_FLEX_WIDTH)
    return widths


class TableMessage(Message):
    """A message from an `ItemTable`; `control` lets handlers select it by id."""

    def __init__(self, table: ItemTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> ItemTable:
        return self.table


class ItemTable(ScrollView, can_focus=True):
    """A virtual table over a `RowSource`; see the module docstring."""

    PAGE_SIZE: ClassVar[int] = 200
    PAGE_CACHE: ClassVar[int] = 6
    COUNT_AFTER: ClassVar[float] = 0.15
    """Seconds without a new source before a partly counted one is counted in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="item_table.up"),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="item_table.down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="item_table.page_up"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="item_table.page_down"),
        Binding("home,g", "first", N_("First"), show=False, id="item_table.first"),
        Binding("end,G", "last", N_("Last"), show=False, id="item_table.last"),
        Binding("enter", "select", N_("Open"), show=False, id="item_table.select"),
        Binding("space", "toggle_mark", N_("Mark"), show=False, id="item_table.mark"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--header",
        "item-table--cursor",
        "item-table--marked",
        "item-table--even",
        "item-table--mark",
        "item-table--empty",
    }

    DEFAULT_CSS = """
    ItemTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        & > .item-table--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .item-table--even {
            background: $surface-lighten-1 40%;
        }
        & > .item-table--marked {
            background: $accent 20%;
        }
        & > .item-table--mark {
            color: $accent;
            text-style: bold;
        }
        & > .item-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .item-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .item-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    class CursorMoved(TableMessage):
        """The highlighted item changed (also after a reload moved it)."""

        def __init__(self, table: ItemTable, key: str | None, row: dict[str, Any] | None) -> None:
            super().__init__(table)
            self.key = key
            self.row = row

    class Selected(TableMessage):
        """Enter was pressed on an item."""

        def __init__(self, table: ItemTable, key: str, row: dict[str, Any]) -> None:
            super().__init__(table)
            self.key = key
            self.row = row

    class Counted(TableMessage):
        """A partly counted source has been counted in full (`row_count` is final)."""

    class MarksChanged(TableMessage):
        """`ItemTable.marked` changed."""

    cursor_row: reactive[int] = reactive(0, init=False)
    """Index of the highlighted row in the source's order."""
    empty_text: reactive[str] = reactive("No items")
    """Plain text shown, dim and centred, when the source has no rows."""

    def __init__(
        self,
        columns: list[Column],
        source: RowSource | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: list[Column] = list(columns)
        self._source: RowSource | None = None
        self._count = 0
        self._pages: LRUCache[int, list[dict[str, Any]]] = LRUCache(self.PAGE_CACHE)
        self._lines: LRUCache[tuple[Any, ...], Strip] = LRUCache(1024)
        self._generation = 0
        self._components: dict[str, Style] = {}
        self._widths: tuple[int, list[int]] | None = None  # (layout width, widths)
        self._posted_key: str | None = None
        self.marked: set[str] = set()
        """Keys marked with space; kept across reloads (the caller prunes)."""
        self._pending_source = source
        self._count_timer: Timer | None = None
        self._update_virtual_size()

    def _on_mount(self, event: events.Mount) -> None:
        # Load on mount, not in __init__: no queries or messages before the
        # widget is in the DOM.
        if self._pending_source is not None and self._source is None:
            self.set_source(self._pending_source)
        self._pending_source = None

    # -- public API ----------------------------------------------------------

    @property
    def source(self) -> RowSource | None:
        return self._source if self._source is not None else self._pending_source

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def row_count(self) -> int:
        """Rows in the current source, as of the last (re)load."""
        return self._count

    @property
    def cursor_key(self) -> str | None:
        """Key of the highlighted item, or None when the table is empty."""
        row = self._row_at(self.cursor_row)
        return None if row is None else row["key"]

    @property
    def cursor_row_data(self) -> dict[str, Any] | None:
        """The highlighted row dict, or None."""
        return self._row_at(self.cursor_row)

    def set_columns(self, columns: list[Column]) -> None:
        """Replace the columns (e.g. new labels after a language switch)."""
        self._columns = list(columns)
        self._widths = None
        self._invalidate_lines()
        self._update_virtual_size()

    def set_source(self, source: RowSource, *, keep_key: bool = True) -> None:
        """Show a new query, keeping the cursor on the same item if it is there.

        Re-counts and drops cached pages.  With ``keep_key`` the cursor follows
        its item (via `RowSource.index_of`) and the view scrolls by the same
        amount, so the item stays on the same screen line; if the item is gone
        the row index is clamped and the scroll position kept.
        """
        old_key = self._posted_key if keep_key else None
        if old_key is None and keep_key and self._source is not None:
            old_key = self.cursor_key
        old_row = self.cursor_row
        screen_offset = old_row - self.scroll_offset.y

        self._source = source
        self._count = max(0, int(source.count()))
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        if not self.exact:
            self._count_timer = self.set_timer(self.COUNT_AFTER, self._count_in_full)
        self._pages.clear()
        self._invalidate_lines()
        self._update_virtual_size()

        new_row: int | None = None
        if old_key is not None and self._count:
            new_row = source.index_of(old_key)
        if new_row is None:
            new_row = min(old_row, max(0, self._count - 1))
        else:
            # Keep the item on the same screen line if it moved.
            self._scroll_to_row_top(new_row - screen_offset)
        self.set_reactive(ItemTable.cursor_row, self._clamp(new_row))
        self._scroll_cursor_into_view()
        self.refresh()
        self._check_cursor_moved()

    @property
    def exact(self) -> bool:
        """False while the source has counted only its first rows."""
        return bool(getattr(self._source, "exact", True))

    def _count_in_full(self) -> None:
        """No new source for a moment: count the current one in full; the rows shown
        stay where they are, the table (and its scrollbar) grows to the full length."""
        self._count_timer = None
        source = self._source
        if source is None or self.exact:
            return
        self._count = max(0, int(source.full_count()))  # type: ignore[attr-defined]
        self._pages.clear()  # the last page read may have been cut short by the first count
        self._invalidate_lines()
        self._update_virtual_size()
        self.refresh()
        self.post_message(self.Counted(self))

    def refresh_data(self) -> None:
        """Same query, data changed underneath: reload and keep the cursor."""
        if self.source is not None:
            self.set_source(self.source)

    def move_to_key(self, key: str) -> bool:
        """Move the cursor to ``key``; False if the source does not contain it."""
        if self._source is None or not self._count:
            return False
        index = self._source.index_of(key)
        if index is None or index >= self._count:
            return False
        self.cursor_row = index
        return True

    def clear_marks(self) -> None:
        """Unmark everything."""
        if self.marked:
            self.marked.clear()
            self._invalidate_lines()
            self.refresh()
            self.post_message(self.MarksChanged(self))

    # -- formatting hooks (override in subclasses) ----------------------------

    def row_style(self, row: dict[str, Any]) -> Style | str | None:
        """Style for a whole row (e.g. dim for closed items): a Rich `Style`, or a style
        string; take colours from the theme (`tui.screens.style.themed`)."""
        return None

    def cell_style(self, row: dict[str, Any], column: Column) -> Style | str | None:
        """Style for one cell (e.g. a status's colour), as for `row_style`."""
        return None

    # -- actions ---------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_down(self) -> None:
        page = self._visible_rows()
        self._scroll_to_row_top(self.scroll_offset.y + page)
        self.cursor_row += page

    def action_page_up(self) -> None:
        page = self._visible_rows()
        self._scroll_to_row_top(self.scroll_offset.y - page)
        self.cursor_row -= page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = max(0, self._count - 1)

    def action_select(self) -> None:
        row = self._row_at(self.cursor_row)
        if row is not None:
            self.post_message(self.Selected(self, row["key"], row))

    def action_toggle_mark(self) -> None:
        row = self._row_at(self.cursor_row)
        if row is None:
            return
        key = row["key"]
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
        self._invalidate_lines()
        self.refresh()
        self.post_message(self.MarksChanged(self))
        self.cursor_row += 1

    # -- reactive plumbing -------------------------------------------------------

    def validate_cursor_row(self, value: int) -> int:
        return self._clamp(value)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self._check_cursor_moved()

    def watch_empty_text(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate_lines()
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._widths = None
        self._invalidate_lines()
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if 0 <= index < self._count:
            self.cursor_row = index
            if event.chain >= 2:
                self.action_select()

    # -- internals -----------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(int(index), self._count - 1)) if self._count else 0

    def _invalidate_lines(self) -> None:
        self._generation += 1
        self._lines.clear()
        self._components.clear()

    def _component(self, name: str) -> Style:
        """A component's style to layer over a row.

        The partial style keeps only what the CSS sets (so a row or cell style
        underneath keeps its colour), but partial styles drop the alpha of
        translucent backgrounds ($accent 20%); the background is taken from
        the full style, which blends it over the widget's background.
        """
        style = self._components.get(name)
        if style is None:
            partial = self.get_component_rich_style(name, partial=True)
            full = self.get_component_rich_style(name)
            if partial.bgcolor is not None:
                partial += Style(bgcolor=full.bgcolor)
            style = self._components[name] = partial
        return style

    def _visible_rows(self) -> int:
        """Data rows that fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_row_top(self, top: int) -> None:
        if self.is_mounted:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)

    def _scroll_cursor_into_view(self) -> None:
        if not self._count or self.scrollable_content_region.height < 2:
            return
        top = self.scroll_offset.y
        visible = self._visible_rows()
        row = self.cursor_row
        if row < top:
            self._scroll_to_row_top(row)
        elif row >= top + visible:
            self._scroll_to_row_top(row - visible + 1)

    def _check_cursor_moved(self) -> None:
        row = self._row_at(self.cursor_row)
        key = None if row is None else row["key"]
        if key != self._posted_key:
            self._posted_key = key
            self.post_message(self.CursorMoved(self, key, row))

    def _row_at(self, index: int) -> dict[str, Any] | None:
        """Row ``index`` from the page cache, fetching its page if needed."""
        if self._source is None or not 0 <= index < self._count:
            return None
        page_no, within = divmod(index, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._source.fetch(page_no * self.PAGE_SIZE, self.PAGE_SIZE)
            self._pages[page_no] = page
        return page[within] if within < len(page) else None

    def _layout_width(self) -> int:
        return self.scrollable_content_region.width

    def _min_width(self) -> int:
        """Below this the table scrolls sideways: every fixed column at its floor and every
        shared column at its minimum."""
        total = GUTTER
        for column in self._columns:
            total += (min(column.width, FIXED_FLOOR) if column.width is not None else MIN_FLEX_WIDTH) + COLUMN_GAP
        return total

    def _column_widths(self) -> list[int]:
        """Cell widths of the columns for the current size (cached)."""
        width = max(self._layout_width(), self._min_width())
        if self._widths is not None and self._widths[0] == width:
            return self._widths[1]
        available = width - GUTTER - COLUMN_GAP * len(self._columns)
        widths = fit_widths([c.width for c in self._columns], available)
        self._widths = (width, widths)
        return widths

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self._min_width(), self._count + 1)

    # -- rendering ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        scroll_x = self.scroll_offset.x
        if y == 0:
            strip = self._render_header()
        elif not self._count:
            strip = self._render_empty(y, width)
            return strip
        else:
            index = self.scroll_offset.y + y - 1
            strip = self._render_row(index)
        base = self.rich_style
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _full_width(self) -> int:
        return max(self._layout_width(), self._min_width())

    def _render_header(self) -> Strip:
        cache_key = ("header", self._generation, self._full_width())
        cached = self._lines.get(cache_key)
        if cached is not None:
            return cached
        style = self.rich_style + self._component("item-table--header")
        segments = [Segment(" " * GUTTER, style)]
        for column, width in zip(self._columns, self._column_widths(), strict=True):
            text = _align(cell_text(column.label, width), width, column.align)
            segments.append(Segment(text + " " * COLUMN_GAP, style))
        strip = Strip(segments).adjust_cell_length(self._full_width(), style)
        self._lines[cache_key] = strip
        return strip

    def _render_empty(self, y: int, width: int) -> Strip:
        base = self.rich_style
        middle = max(1, (self.scrollable_content_region.height) // 2)
        if y != middle:
            return Strip.blank(width, base)
        style = base + self._component("item-table--empty")
        text = cell_text(self.empty_text, width)
        pad = (width - cell_len(text)) // 2
        segments = [Segment(" " * pad, base), Segment(text, style)]
        return Strip(segments).adjust_cell_length(width, base)

    def _render_row(self, index: int) -> Strip:
        full_width = self._full_width()
        base = self.rich_style
        row = self._row_at(index)
        if row is None:
            return Strip.blank(full_width, base)
        key = row["key"]
        is_cursor = index == self.cursor_row
        is_marked = key in self.marked
        cache_key = (index, key, is_cursor, is_marked, self.has_focus, self._generation, full_width)
        cached = self._lines.get(cache_key)
        if cached is not None:
            return cached

        style = base
        if index % 2:
            style += self._component("item-table--even")
        extra = self.row_style(row)
        if extra:
            style += extra if isinstance(extra, Style) else Style.parse(extra)
        if is_marked:
            style += self._component("item-table--marked")
        if is_cursor:
            style += self._component("item-table--cursor")

        if is_marked:
            mark_style = style + self._component("item-table--mark")
            segments = [Segment(MARK, mark_style), Segment(" " * (GUTTER - 1), style)]
        else:
            segments = [Segment(" " * GUTTER, style)]
        for column, width in zip(self._columns, self._column_widths(), strict=True):
            text = _align(cell_text(row.get(column.key), width), width, column.align)
            cell = self.cell_style(row, column)
            if cell:
                cell_style = style + (cell if isinstance(cell, Style) else Style.parse(cell))
            else:
                cell_style = style
            segments.append(Segment(text, cell_style))
            segments.append(Segment(" " * COLUMN_GAP, style))
        strip = Strip(segments).adjust_cell_length(full_width, style)
        self._lines[cache_key] = strip
        return strip



# ---------------------------------------------------------------------------
# Short lists on Textual's DataTable, fitted to their width


class FitTable(DataTable):
    """A `DataTable` for short lists (a day's standup, the projects, the milestones) whose
    columns always fit its width: a column added with a width wants that many cells, one
    added without shares what is left; in a narrow terminal the fixed columns give way first
    (`fit_widths`), so no column is pushed out of sight and nothing scrolls sideways. Cells
    never wrap inside their one line: text that does not fit ends with an ellipsis (a `str`
    cell is shown as plain text, never parsed as markup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wanted: dict[Any, int | None] = {}
        self._floors: dict[Any, int | None] = {}
        self._fitted_for: tuple[int, int] | None = None

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None,
                   default: Any = None, floor: int | None = None) -> ColumnKey:
        """A column that wants `width` cells (None: shares what is left) and in a narrow
        terminal gives way down to `floor` cells (`FIXED_FLOOR` by default)."""
        column_key = super().add_column(_one_line(label), width=width or 1, key=key, default=default)
        self._wanted[column_key] = width
        self._floors[column_key] = floor
        self._fitted_for = None
        self._fit()
        return column_key

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> RowKey:
        return super().add_row(*(_one_line(cell) for cell in cells), height=height, key=key, label=label)

    def clear(self, columns: bool = False) -> FitTable:
        super().clear(columns)
        if columns:
            self._wanted.clear()
            self._floors.clear()
            self._fitted_for = None
        return self

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.scrollable_content_region.width
        if not width or not self.columns:
            return
        if self._fitted_for == (width, len(self.columns)):
            return
        self._fitted_for = (width, len(self.columns))
        keys = list(self.columns)
        padding = 2 * self.cell_padding * len(keys)
        widths = fit_widths([self._wanted.get(key) for key in keys], width - padding,
                            [self._floors.get(key) for key in keys])
        for key, cells in zip(keys, widths, strict=True):
            column = self.columns[key]
            column.width, column.auto_width = cells, False
        self._require_update_dimensions = True
        self._clear_caches()
        self.refresh(layout=True)


class OneLine:
    """A cell's text on its one line, cut to the column with an ellipsis right after the
    last whole character (Rich's own ellipsis leaves a space before it when the cut falls
    inside a Chinese character: `整理评审纪要，发 …`)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.plain

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, self.text.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        text = self.text
        if text.cell_len > width:
            text = text.copy()
            text.truncate(max(width - 1, 0), overflow="crop")
            text.rstrip()
            text.append(ELLIPSIS)
        text.no_wrap, text.overflow = True, "crop"
        yield text


def _one_line(cell: Any) -> Any:
    """A cell that stays on its one line, cut with an ellipsis when it does not fit."""
    if isinstance(cell, str):
        return OneLine(Text(cell))
    if isinstance(cell, Text):
        return OneLine(cell)
    return cell
