"""Tests for tui.widgets.item_table (ItemTable) and tui.store.rows (SQLSource), the one row source."""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.store.rows import SQLSource
from tui.widgets.item_table import Column, ItemTable, cell_text, sanitize_cell

SIZE = (80, 24)
VISIBLE = 23  # data rows under the header at 80x24 (horizontal size fits)


class ListSource:
    """An in-memory RowSource that counts its calls."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.fetches: list[tuple[int, int]] = []

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        self.fetches.append((offset, limit))
        return [dict(row) for row in self.rows[offset : offset + limit]]

    def index_of(self, key: str) -> int | None:
        for index, row in enumerate(self.rows):
            if row["key"] == key:
                return index
        return None


class CountingSource:
    """Wraps any RowSource and records fetch calls."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.fetches: list[tuple[int, int]] = []

    def count(self) -> int:
        return self.inner.count()

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        self.fetches.append((offset, limit))
        return self.inner.fetch(offset, limit)

    def index_of(self, key: str) -> int | None:
        return self.inner.index_of(key)


def make_rows(n: int, prefix: str = "item") -> list[dict[str, Any]]:
    return [{"key": f"k{i}", "title": f"{prefix} {i}", "n": i} for i in range(n)]


COLUMNS = [Column("n", "N", 6, "right"), Column("title", "Title")]


class TableApp(App[None]):
    def __init__(self, source: Any, columns: list[Column] = COLUMNS) -> None:
        super().__init__()
        self.source = source
        self.columns = columns
        self.messages: list[Any] = []

    def compose(self) -> ComposeResult:
        yield ItemTable(self.columns, self.source, id="table")

    def on_mount(self) -> None:
        self.query_one(ItemTable).focus()

    def on_item_table_cursor_moved(self, message: ItemTable.CursorMoved) -> None:
        self.messages.append(("moved", message.key))

    def on_item_table_selected(self, message: ItemTable.Selected) -> None:
        self.messages.append(("selected", message.key, message.row["title"]))

    def on_item_table_marks_changed(self, message: ItemTable.MarksChanged) -> None:
        self.messages.append(("marks", frozenset(message.table.marked)))

    def on_item_table_counted(self, message: ItemTable.Counted) -> None:
        self.messages.append(("counted", message.table.row_count))


def lines(table: ItemTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.asyncio
async def test_cursor_movement_keys() -> None:
    app = TableApp(ListSource(make_rows(100)))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.pause()
        assert table.cursor_row == 0 and table.cursor_key == "k0"
        await pilot.press("j", "j", "down")
        assert table.cursor_key == "k3"
        await pilot.press("k", "up")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 99
        await pilot.pause()
        assert lines(table)[-1].split()[:3] == ["99", "item", "99"]
        await pilot.press("g")
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert table.cursor_row == VISIBLE
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 99
        await pilot.press("home", "k")  # clamps at the top
        assert table.cursor_row == 0
        await pilot.press("G", "j")  # and at the bottom
        assert table.cursor_row == 99
        await pilot.pause()
        moved = [m[1] for m in app.messages if m[0] == "moved"]
        assert moved[0] == "k0" and moved[-1] == "k99"


@pytest.mark.asyncio
async def test_cursor_stays_visible() -> None:
    app = TableApp(ListSource(make_rows(200)))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        top = table.scroll_offset.y
        assert top <= 30 < top + VISIBLE
        # the header stays on line 0 while scrolled
        assert lines(table)[0].split() == ["N", "Title"]
        assert lines(table)[VISIBLE].split()[0] == "30"


@pytest.mark.asyncio
async def test_enter_posts_selected() -> None:
    app = TableApp(ListSource(make_rows(10)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert ("selected", "k2", "item 2") in app.messages


@pytest.mark.asyncio
async def test_click_moves_cursor() -> None:
    app = TableApp(ListSource(make_rows(50)))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.click(ItemTable, offset=(10, 4))  # line 4 = row 3
        await pilot.pause()
        assert table.cursor_key == "k3"
        await pilot.click(ItemTable, offset=(10, 0))  # the header: no move
        assert table.cursor_key == "k3"


@pytest.mark.asyncio
async def test_space_marks_and_survives_refresh() -> None:
    source = ListSource(make_rows(20))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.press("space", "space")
        assert table.marked == {"k0", "k1"}
        assert table.cursor_row == 2
        await pilot.pause()
        assert ("marks", frozenset({"k0", "k1"})) in app.messages
        assert lines(table)[1].startswith("●") and lines(table)[2].startswith("●")
        assert not lines(table)[3].startswith("●")
        await pilot.press("k", "space")  # unmark k1
        assert table.marked == {"k0"} and table.cursor_key == "k2"
        await pilot.press("k", "space")  # mark k1 again
        source.rows.insert(0, {"key": "new", "title": "new", "n": -1})
        table.refresh_data()
        await pilot.pause()
        assert table.marked == {"k0", "k1"}
        assert lines(table)[2].startswith("●") and lines(table)[3].startswith("●")
        assert not lines(table)[1].startswith("●")


@pytest.mark.asyncio
async def test_reload_keeps_cursor_key_when_rows_inserted_above() -> None:
    source = ListSource(make_rows(100))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        for _ in range(40):
            await pilot.press("j")
        await pilot.pause()
        assert table.cursor_key == "k40"
        screen_line = 40 - table.scroll_offset.y
        app.messages.clear()
        source.rows[0:0] = [{"key": f"n{i}", "title": "new", "n": -i} for i in range(5)]
        table.refresh_data()
        await pilot.pause()
        assert table.cursor_key == "k40"
        assert table.cursor_row == 45
        assert 45 - table.scroll_offset.y == screen_line  # the item did not jump
        assert not [m for m in app.messages if m[0] == "moved"]  # same item
        # a different query (e.g. new sort) through set_source also keeps it
        table.set_source(ListSource(list(reversed(source.rows))))
        await pilot.pause()
        assert table.cursor_key == "k40"
        assert table.cursor_row == 104 - 45


@pytest.mark.asyncio
async def test_reload_clamps_when_key_disappears() -> None:
    source = ListSource(make_rows(30))
    app = TableApp(source)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        for _ in range(10):
            await pilot.press("j")
        del source.rows[10]
        app.messages.clear()
        table.refresh_data()
        await pilot.pause()
        assert table.cursor_row == 10 and table.cursor_key == "k11"
        assert ("moved", "k11") in app.messages
        await pilot.press("G")
        del source.rows[-5:]
        table.refresh_data()
        assert table.cursor_row == table.row_count - 1 == 23
        assert table.cursor_key == "k24"
        table.set_source(ListSource(make_rows(5)), keep_key=False)
        assert table.cursor_row == 4


@pytest.mark.asyncio
async def test_empty_state() -> None:
    app = TableApp(ListSource([]))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        table.empty_text = "Nothing here [/] yet"
        await pilot.pause()
        rendered = lines(table)
        assert rendered[0].split() == ["N", "Title"]
        middle = [line for line in rendered[1:] if line.strip()]
        assert len(middle) == 1
        text = middle[0]
        assert text.strip() == "Nothing here [/] yet"
        left = len(text) - len(text.lstrip())
        right = len(text) - len(text.rstrip())
        assert abs(left - right) <= 1  # centred
        assert table.cursor_key is None
        await pilot.press("enter", "space", "j", "G")
        await pilot.pause()
        assert not [m for m in app.messages if m[0] in ("selected", "marks")]
        # rows arrive: the empty text goes away and the cursor lands on row 0
        table.set_source(ListSource(make_rows(3)))
        await pilot.pause()
        assert table.cursor_key == "k0"
        assert "Nothing here" not in "".join(lines(table))


HOSTILE = [
    "[bold]x[/]",
    "[/]",
    "[@click=app.quit]x[/]",
    "\x1b[31mred",
    "a\x00b",
    "x" * 10_000,
    "客户反馈" * 3000,
    "🚀 launch 🚀",
    "line1\nline2\r\nline3",
    "\x7f\x9b31m",
    "[not a tag]",
]


@pytest.mark.asyncio
async def test_hostile_strings_render_literally() -> None:
    rows = [{"key": f"h{i}", "title": value, "n": value} for i, value in enumerate(HOSTILE)]
    app = TableApp(ListSource(rows), [Column("n", "N [/]", 8), Column("title", "Title [b]")])
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.pause()
        await pilot.press("j", "enter")  # the app keeps running
        rendered = lines(table)
        for line in rendered:
            assert cell_len(line) == table.scrollable_content_region.width
            assert not any(unicodedata.category(ch) == "Cc" for ch in line)
        assert "N [/]" in rendered[0] and "Title [b]" in rendered[0]
        body = rendered[1:]
        assert "[bold]x[/]" in body[0]
        assert "[/]" in body[1]
        assert "[@click=app.quit]x[/]" in body[2]
        assert "␛[31mred" in body[3]
        assert "a�b" in body[4]
        assert body[5].rstrip().endswith("x…") and "x" * 40 in body[5]
        assert "客户反馈" in body[6] and "…" in body[6]
        assert "🚀 launch 🚀" in body[7]
        assert "line1 ⏎ line2 ⏎ line3" in body[8]
        assert "��31m" in body[9]
        assert "[not a tag]" in body[10]
        # the app crashed on nothing: the screen still renders
        assert "launch" in app.export_screenshot()


def test_cell_text_examples() -> None:
    assert cell_text("abcdef", 4) == "abc…"
    assert cell_text("客户反馈", 5) == "客户…"
    assert cell_text("客户反馈", 4) == "客…"  # no half characters
    assert cell_text("客户反馈", 8) == "客户反馈"
    assert cell_text("abc", 1) == "…"
    assert cell_text("abc", 0) == ""
    assert cell_text(None, 5) == ""
    assert cell_text(42, 5) == "42"
    assert cell_text("\u0301" * 500, 3).endswith("…")  # zero-width flood still cut
    assert sanitize_cell("a\tb\x1bc\u202ed") == "a b␛cd"


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(min_value=0, max_value=60))
@example("🏻", 0)  # zero cells wide (found by hypothesis in CI)
@example("a\u0301", 1)
def test_cell_text_fits_and_is_clean(value: str, width: int) -> None:
    out = cell_text(value, width)
    assert cell_len(out) <= width
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in out)
    if cell_len(sanitize_cell(value)) <= width and len(value) <= 2 * width + 16:
        assert out == sanitize_cell(value)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300))
def test_cell_text_of_controls(value: str) -> None:
    out = cell_text("\x1b" + value + "\x00\n", 30)
    assert cell_len(out) <= 30
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in out)


@pytest.mark.asyncio
async def test_set_columns_keeps_cursor_and_styles_hook() -> None:
    class Styled(ItemTable):
        def cell_style(self, row: dict[str, Any], column: Column) -> str | None:
            return "bold red" if column.key == "n" and row["n"] % 2 else None

    class StyledApp(TableApp):
        def compose(self) -> ComposeResult:
            yield Styled(self.columns, self.source)

    app = StyledApp(ListSource(make_rows(50)))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(Styled)
        await pilot.press("j", "j", "j")
        table.set_columns([Column("title", "标题"), Column("n", "编号", 6)])
        await pilot.pause()
        assert table.cursor_key == "k3"
        assert lines(table)[0].split() == ["标题", "编号"]
        strip = table.render_line(2)  # row 1: n is odd
        red = [seg for seg in strip if seg.text.strip() == "1"]
        assert red and red[0].style is not None and red[0].style.color.name == "red"
        assert table.move_to_key("k42") is True
        assert table.cursor_row == 42
        assert table.move_to_key("nope") is False
        assert table.cursor_row == 42


def make_db(n: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT, status TEXT, updated REAL)"
    )
    conn.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?)",
        (
            (i, f"item {i:06d}", ("open", "done", None)[i % 3], (i * 7919) % 1000)
            for i in range(1, n + 1)
        ),
    )
    conn.execute("CREATE INDEX items_updated ON items (updated)")
    return conn


@pytest.mark.asyncio
async def test_100k_rows_fetch_only_pages() -> None:
    conn = make_db(100_000)
    source = CountingSource(
        SQLSource(
            conn,
            "SELECT id AS key, title, status, updated FROM items",
            order_by=["updated DESC"],
        )
    )
    columns = [Column("key", "ID", 7, "right"), Column("title", "Title"), Column("status", "S", 6)]
    app = TableApp(source, columns)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.pause()
        assert table.row_count == 100_000
        assert len(source.fetches) == 1
        await pilot.press("G")
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert table.cursor_row == 99_998
        last = conn.execute(
            "SELECT id FROM items ORDER BY updated DESC, id LIMIT 2 OFFSET 99998"
        ).fetchall()
        assert table.cursor_key == str(last[0][0])
        assert lines(table)[-1].split()[0] == str(last[1][0])
        assert len(source.fetches) <= 3
        assert all(limit == ItemTable.PAGE_SIZE for _, limit in source.fetches)
        # a filter keystroke: new source, same item kept via index_of
        key = table.cursor_key
        table.set_source(
            CountingSource(
                SQLSource(
                    conn,
                    "SELECT id AS key, title, status, updated FROM items WHERE status = ?",
                    [conn.execute("SELECT status FROM items WHERE id = ?", (key,)).fetchone()[0]],
                    order_by=["updated DESC"],
                )
            )
        )
        await pilot.pause()
        assert table.cursor_key == key


def test_sql_source_order_and_index_of() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT, prio INTEGER)")
    values = [None, "b", "B", "a", "c", "A", "b"]
    conn.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        [(i, values[i % 7], (None, 1, 2, 2)[i % 4]) for i in range(1, 300)],
    )
    base = "SELECT id AS key, title, prio FROM t"
    cases = [
        (base, (), ["title COLLATE NOCASE"]),
        (base, (), ["prio DESC", "title"]),
        (base, (), ["key DESC"]),
        (base + " WHERE title LIKE ?", ("%b%",), ["prio", "title DESC"]),
        (base + " WHERE prio = :p", {"p": 2}, ["title"]),
    ]
    for select, params, order in cases:
        source = SQLSource(conn, select, params, order_by=order)
        order_sql = ", ".join(term.sql for term in source.order)
        truth = [str(r[0]) for r in conn.execute(f"{select} ORDER BY {order_sql}", params)]
        assert source.count() == len(truth)
        got = [row["key"] for off in range(0, len(truth), 13) for row in source.fetch(off, 13)]
        assert got == truth, order
        assert [source.index_of(key) for key in truth] == list(range(len(truth)))
        assert source.index_of("100000") is None


def test_bounded_sql_source_counts_the_first_rows_then_all() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT, prio INTEGER)")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, f"t{i % 5}", i % 3) for i in range(1, 301)])
    for select, params in (
        ("SELECT id AS key, title, prio FROM t WHERE title LIKE ?", ("%t1%",)),
        ("SELECT id AS key, title, prio FROM t WHERE title LIKE :w", {"w": "%t1%"}),
    ):
        truth = SQLSource(conn, select, params, order_by=["prio DESC"])
        keys = [row["key"] for row in truth.fetch(0, 1000)]
        assert len(keys) == 60
        source = SQLSource(conn, select, params, order_by=["prio DESC"], bound=25)
        assert source.count() == 25 and not source.exact
        assert [row["key"] for row in source.fetch(0, 25)] == keys[:25]
        assert source.index_of(keys[24]) == 24
        assert source.index_of(keys[40]) is None  # beyond the rows counted so far
        assert source.full_count() == 60 and source.exact
        assert source.index_of(keys[40]) == 40
        assert [row["key"] for row in source.fetch(50, 10)] == keys[50:]
        small = SQLSource(conn, select, params, bound=100)
        assert small.count() == 60 and small.exact


@pytest.mark.asyncio
async def test_table_counts_a_bounded_source_in_full_after_a_pause() -> None:
    conn = make_db(2_000)
    select = "SELECT id AS key, title, status, updated FROM items WHERE status = 'open'"
    app = TableApp(SQLSource(conn, select, order_by=["updated DESC"]))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(ItemTable)
        await pilot.pause()
        assert table.row_count == 666 and table.exact  # every third of 2,000
        # Two keystrokes in a row: each new source counts only its first rows...
        table.set_source(SQLSource(conn, select, order_by=["updated DESC"], bound=50))
        assert table.row_count == 50 and not table.exact
        table.set_source(SQLSource(conn, select, order_by=["updated DESC"], bound=40))
        assert table.row_count == 40 and not table.exact
        # ...and after the pause only the last one is counted in full.
        await pilot.pause(ItemTable.COUNT_AFTER + 0.3)
        assert table.exact and table.row_count == 666
        assert [m for m in app.messages if m[0] == "counted"] == [("counted", 666)]
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 665


@pytest.mark.parametrize("width", [60, 70])
async def test_a_narrow_table_keeps_every_column_and_a_readable_title(width):
    from tui.widgets.item_table import COLUMN_GAP, GUTTER, READABLE_FLEX_WIDTH, Column, ItemTable

    columns = [Column("key", "ID", 8), Column("title", "Title"), Column("priority", "Pri", 6),
               Column("status", "Status", 12), Column("requester", "Requester", 12), Column("assignee", "Assignee", 10)]
    table = ItemTable(columns)
    table._layout_width = lambda: width - 2  # type: ignore[method-assign]  # (the scrollbar's column)
    widths = table._column_widths()
    assert sum(widths) + GUTTER + COLUMN_GAP * len(columns) <= width - 2  # nothing out of sight
    assert widths[1] >= READABLE_FLEX_WIDTH
    assert all(w >= 5 for w in widths)
