"""Benchmark: ItemTable over 100,000 SQLite rows (not part of the test suite).

Run: python tests/bench/bench_item_table.py

Measures, in one process, on a temporary database file with indexes:
  (a) a "filter keystroke" in a run_test app: `table.set_source(new SQLSource)`
      (LIKE '%q%' plus a sort) until the visible lines are rendered, and until
      `await pilot.pause()` returns (the real paint);
  (b) the same SQL (count + first page) run directly with sqlite3;
and prints both and the ratio, plus the cost of index_of, G (jump to the last
row) and a page at the middle of the list.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult

from tui.store.rows import SQLSource
from tui.widgets.item_table import Column, ItemTable

ROWS = 100_000
BASE = "SELECT id AS key, title, status, updated FROM items"
QUERIES = ["foo", "bar", "客户", "crash", "alpha b", "o", "zzz"]
ORDERS = [["updated DESC"], ["title COLLATE NOCASE"]]
WORDS = "alpha beta gamma delta foo bar 客户 反馈 很慢 release bug crash 🚀".split()


def build(path: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL, status TEXT, updated REAL)"
    )
    rng = random.Random(1)
    conn.executemany(
        "INSERT INTO items VALUES (?, ?, ?, ?)",
        (
            (i, " ".join(rng.choices(WORDS, k=5)) + f" #{i}", rng.choice(["open", "done", "wip"]), rng.random() * 1e9)
            for i in range(1, ROWS + 1)
        ),
    )
    conn.execute("CREATE INDEX items_updated ON items (updated)")
    conn.execute("CREATE INDEX items_title ON items (title COLLATE NOCASE)")
    conn.commit()
    conn.close()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class BenchApp(App[None]):
    def __init__(self, source: SQLSource) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield ItemTable(
            [
                Column("key", "ID", 7, "right"),
                Column("title", "Title"),
                Column("status", "Status", 7),
            ],
            self.source,
        )


async def bench_widget(conn: sqlite3.Connection) -> dict[str, float]:
    app = BenchApp(SQLSource(conn, BASE, order_by=["updated DESC"]))
    rendered: list[float] = []
    painted: list[float] = []
    index_of: list[float] = []
    jump_end: list[float] = []
    middle: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ItemTable)
        table.focus()
        await pilot.pause()
        for _round in range(3):
            for order in ORDERS:
                for query in QUERIES:
                    source = SQLSource(conn, BASE + " WHERE title LIKE ?", (f"%{query}%",), order_by=order)
                    start = time.perf_counter()
                    table.set_source(source)
                    for y in range(table.size.height):
                        table.render_line(y)
                    rendered.append(time.perf_counter() - start)
                    await pilot.pause()
                    painted.append(time.perf_counter() - start)

                    if table.row_count:
                        key = source.fetch(table.row_count // 2, 1)[0]["key"]
                        start = time.perf_counter()
                        source.index_of(key)
                        index_of.append(time.perf_counter() - start)

                        start = time.perf_counter()
                        await pilot.press("G")
                        for y in range(table.size.height):
                            table.render_line(y)
                        jump_end.append(time.perf_counter() - start)

                        start = time.perf_counter()
                        source.fetch(table.row_count // 2, ItemTable.PAGE_SIZE)
                        middle.append(time.perf_counter() - start)
                        await pilot.press("g")
        # Baselines: what pilot.pause() and pilot.press() cost with no work.
        idle_pause: list[float] = []
        idle_press: list[float] = []
        for _ in range(20):
            start = time.perf_counter()
            await pilot.pause()
            idle_pause.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("j")
            idle_press.append(time.perf_counter() - start)
        # unfiltered, 100k rows
        full = SQLSource(conn, BASE, order_by=["updated DESC"])
        table.set_source(full)
        await pilot.pause()
        full_index: list[float] = []
        for offset in (0, ROWS // 2, ROWS - 1):
            key = full.fetch(offset, 1)[0]["key"]
            for _ in range(5):
                start = time.perf_counter()
                full.index_of(key)
                full_index.append(time.perf_counter() - start)
    return {
        "rendered": median_ms(rendered),
        "rendered_max": max(rendered) * 1000,
        "painted": median_ms(painted),
        "index_of_filtered": median_ms(index_of),
        "index_of_100k": median_ms(full_index),
        "index_of_100k_max": max(full_index) * 1000,
        "jump_end": median_ms(jump_end),
        "middle_page": median_ms(middle),
        "idle_pause": median_ms(idle_pause),
        "idle_press": median_ms(idle_press),
    }


def bench_sql(conn: sqlite3.Connection) -> float:
    samples: list[float] = []
    for _round in range(3):
        for order in ORDERS:
            order_sql = ", ".join(order) + ", key"
            for query in QUERIES:
                params = (f"%{query}%",)
                start = time.perf_counter()
                conn.execute(f"SELECT count(*) FROM ({BASE} WHERE title LIKE ?)", params).fetchone()
                conn.execute(
                    f"SELECT * FROM ({BASE} WHERE title LIKE ?) ORDER BY {order_sql} LIMIT 200",
                    params,
                ).fetchall()
                samples.append(time.perf_counter() - start)
    return median_ms(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.db")
        build(path)
        conn = sqlite3.connect(path)
        sql = bench_sql(conn)
        widget = asyncio.run(bench_widget(conn))
        conn.close()
    print(f"{ROWS:,} rows; {len(QUERIES)} LIKE filters x {len(ORDERS)} sorts x 3 rounds; medians")
    print(f"(b) direct SQL, count + first page:           {sql:8.2f} ms")
    print(f"(a) set_source -> visible lines rendered:     {widget['rendered']:8.2f} ms"
          f"  (max {widget['rendered_max']:.2f})  ratio {widget['rendered'] / sql:.2f}x")
    print(f"(a) set_source -> after pilot.pause() paint:  {widget['painted']:8.2f} ms"
          f"  ratio {widget['painted'] / sql:.2f}x")
    print(f"    baseline: pilot.pause() with nothing to do {widget['idle_pause']:7.2f} ms;"
          f" pilot.press('j') {widget['idle_press']:.2f} ms")
    print(f"index_of, filtered, key mid-list:             {widget['index_of_filtered']:8.2f} ms")
    print(f"index_of, 100k unfiltered (first/mid/last):   {widget['index_of_100k']:8.2f} ms"
          f"  (max {widget['index_of_100k_max']:.2f})")
    print(f"G (jump to last row) + render:                {widget['jump_end']:8.2f} ms")
    print(f"fetch of a {ItemTable.PAGE_SIZE}-row page mid-list:             {widget['middle_page']:8.2f} ms")


if __name__ == "__main__":
    main()
