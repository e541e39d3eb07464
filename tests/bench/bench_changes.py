"""Benchmark: the change queue with 100,000 requests.

Fills a workspace with 100,000 change requests (mixed English and Chinese titles, every
status, a few snoozed), opens the Changes area in a headless app at 100x30, types a filter
one keystroke at a time and prints, per keystroke:

- key → redraw: from the key reaching the Input to the last line the table painted for
  it (the Input handles it, the screen reads the first matches, the table repaints);
- the same queries run directly on sqlite3, and the ratio of the two;
- key → full count: when typing pauses, the screen counts every match (for the
  scrollbar and the "N requests" heading); the time from the key to that count shown,
  which includes the pause the table waits for (`ItemTable.COUNT_AFTER`);
- the full count's own query time on sqlite3.

    python tests/bench/bench_changes.py [--rows 100000]

Run on demand; not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from tui.config import Settings  # noqa: E402
from tui.store import changes, members, workflow  # noqa: E402
from tui.store.db import Store  # noqa: E402

TODAY = date(2026, 11, 27)
WORDS_EN = ["login", "export", "report", "banner", "SSO", "payment", "invoice", "search", "mobile", "audit",
            "dashboard", "password", "Excel", "PDF", "region", "limit", "approval", "email", "dark mode", "API"]
WORDS_ZH = ["登录", "导出", "报表", "横幅", "单点登录", "支付", "发票", "搜索", "移动端", "审计",
            "首页", "密码", "批量", "区域", "限额", "审批", "邮件", "暗色", "接口", "客户反馈"]
REQUESTERS = ["ACME 张经理", "ACME Ms. Li", "Nova Bank — Mr. Wong", "Nova 产品部 赵总", "ACME 财务部", "Nova 风控部"]


def fill(path: Path, rows: int, open_share: float | None = None) -> Store:
    """`rows` requests; statuses uniform, or `open_share` of them open (the rest closed)."""
    store = Store(path, user="wangfang", today=lambda: TODAY)
    members.ensure(store, "wangfang", "王芳")
    rng = random.Random(7)
    statuses = workflow.statuses(changes.KIND)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    values = []
    for number in range(1, rows + 1):
        created = (start + timedelta(minutes=number * 7)).isoformat(timespec="seconds")
        moved = (start + timedelta(minutes=number * 7 + rng.randint(0, 9000))).isoformat(timespec="seconds")
        # Typed in Chinese, with its English translation (as a bilingual team keeps it):
        # the filter finds either.
        title = f"{rng.choice(WORDS_ZH)}{rng.choice(WORDS_ZH)} #{number}"
        title_tr = f"{rng.choice(WORDS_EN)} {rng.choice(WORDS_EN)}"
        if open_share is None:
            status = rng.choice(statuses)
        else:
            status = rng.choice(changes.OPEN if rng.random() < open_share else changes.FINAL)
        snoozed = (TODAY + timedelta(days=5)).isoformat() if number % 97 == 0 else None
        requester = rng.choice(REQUESTERS)
        values.append((number, f"CR-{number}", title, title_tr, "zh_CN", requester, f"P{rng.randint(0, 3)}", status,
                       rng.choice([None, "wangfang"]), snoozed, moved, created, "bench", created, "bench"))
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO change_requests (number, key, title, title_tr, text_lang, requested_by, priority, status,"
            " assignee, snoozed_until, status_at, created_at, created_by, updated_at, updated_by, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            values,
        )
    store.conn.execute("ANALYZE")
    return store


def direct(path: Path, store: Store, text: str, cursor_key: str | None, bound: int) -> tuple[float, float, int]:
    """The screen's queries for one filter value, run on a plain sqlite3 connection: what
    a keystroke reads (the first `bound` matches, the cursor's position among them, the
    first page), and then the full count."""
    conn = sqlite3.connect(str(path))
    source = changes.queue_source(store, changes.QueueFilter("open", text), cursor_key, bound=bound)
    source.conn = conn
    began = time.perf_counter()
    source.count()
    if cursor_key:
        source.index_of(cursor_key)
    source.fetch(0, 60)
    keystroke = time.perf_counter() - began
    began = time.perf_counter()
    total = source.full_count()
    full = time.perf_counter() - began
    conn.close()
    return keystroke, full, total


async def through_app(store: Store, typed: str) -> list[tuple[str, float, float | None, int, str | None]]:
    """Type `typed` into the filter; per keystroke, the time from the key reaching the
    Input to the last line the table painted for it (the Input's own repaint when the
    words did not change and the table had nothing to redraw), and to the full count
    shown (None when the first read was already the whole count)."""
    from keystroke_timing import KeystrokeClock

    from tui.app import HuddleApp
    from tui.screens.changes import ChangesScreen
    from tui.widgets.item_table import ItemTable

    app = HuddleApp(store.path, store=store, settings=Settings(), language="en", live=False)
    results = []
    with KeystrokeClock() as clock:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("4")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ChangesScreen)
            await pilot.press("slash")
            await pilot.pause()
            clock.watch((screen.table, screen.query_one("#changes-filter")))
            for char in typed:
                clock.start()
                await pilot.press(char if char != " " else "space")
                await pilot.pause(ItemTable.COUNT_AFTER + 0.1)
                results.append((screen.flt.text, clock.redraw(), clock.full_count(), screen.table.row_count,
                                screen.cursor_key))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--text", default="客户 api")
    parser.add_argument("--open-share", type=float, default=None,
                        help="share of open requests (default: statuses uniform, 5 of 8 open)")
    args = parser.parse_args()
    os.environ.setdefault("TZ", "UTC")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HUDDLE_CONFIG_DIR"] = folder
        os.environ["HUDDLE_DATA_DIR"] = folder
        path = Path(folder) / "bench.db"
        began = time.perf_counter()
        store = fill(path, args.rows, args.open_share)
        print(f"filled {args.rows:,} change requests in {time.perf_counter() - began:.2f} s")
        # The 100,000 rows just built in Python would not exist in Huddle's process (they
        # live in SQLite); freeze them as `run_app` freezes its imports, or the collector
        # walks them during the keystrokes measured.
        gc.collect()
        gc.freeze()
        results = asyncio.run(through_app(store, args.text))
        from tui.screens.changes import ChangesScreen

        bound = ChangesScreen.TYPING_BOUND
        print(f"{'filter':<12} {'rows':>7} {'key→redraw':>11} {'sqlite3':>8} {'ratio':>6}"
              f" {'key→full count':>15} {'sqlite3':>8}")
        ratios, keystrokes = [], []
        previous = None
        for text, elapsed, full, count, cursor in results:
            sql_time, full_sql, total = min(
                (direct(path, store, text, previous, bound) for _ in range(3)), key=lambda t: t[0]
            )
            previous = cursor
            ratio = elapsed / sql_time if sql_time else float("nan")
            ratios.append(ratio)
            keystrokes.append(elapsed)
            full_text = "(exact at once)" if full is None else f"{full * 1000:.0f}ms"
            print(f"{text!r:<12} {total:>7,} {elapsed * 1000:>9.1f}ms {sql_time * 1000:>6.1f}ms {ratio:>6.2f}"
                  f" {full_text:>15} {full_sql * 1000:>6.1f}ms")
            assert count == total, (text, count, total)
        print(f"keystroke → redraw: median {statistics.median(keystrokes) * 1000:.1f} ms, "
              f"max {max(keystrokes) * 1000:.1f} ms (target < 50 ms); "
              f"ratio app/sqlite3: median {statistics.median(ratios):.2f}")
        store.close()


if __name__ == "__main__":
    main()
