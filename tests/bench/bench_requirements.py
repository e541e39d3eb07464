"""Benchmark: the Requirements register with 100,000 requirements (not part of the suite).

Run: python tests/bench/bench_requirements.py

Builds a workspace with 100,000 requirements over two projects and five milestones,
opens the real app (run_test, 100x30), goes to the Requirements area, and types filter
queries one keystroke at a time. For each keystroke it measures:

- key → redraw: from the key reaching the filter Input to the last line the list (or the
  Input) painted for it, before the full count that follows once typing pauses;
- the SQL a keystroke runs, directly (the first 120 matches counted, the first page);
- press + pause: Pilot's round trip for the key (an upper bound, with Pilot's own cost,
  which an idle key measures), and the full count + first page run directly.

Prints medians and ratios, plus moving the cursor to the end (G) and a workflow move.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui.config import Settings
from tui.store import members, milestones, projects, requirements
from tui.store.db import Store
from tui.store.rows import SQLSource

ROWS = 100_000
QUERIES = ["客户", "登录", "export", "REQ-99", "zzz", "刘经理"]
WORDS = ("客户 门户 登录 订单 导出 报表 审批 移动端 性能 export login report dashboard "
         "payment audit 单点登录 数据迁移 权限 通知 🚀").split()
STATUSES = ("draft", "documented", "confirmed", "in_progress", "delivered", "accepted", "deferred", "dropped")
TRANSLATED = ("customer portal login order export report approval mobile performance dashboard 支付 审计 "
              "single sign-on data migration permissions notification").split()
"""The titles' other language (`title_tr`): the filter searches it too."""
SOURCES = ("ACME 刘经理", "Nova Ms. Wong", "需求评审会", "email", "周例会")


def build(path: Path) -> Store:
    store = Store(path, user="lead", today=lambda: date(2026, 11, 27))
    members.ensure(store, "lead", "Lead")
    for login in ("liming", "alice", "zhangwei"):
        members.add(store, login, login)
    projects.add(store, "ACME", "ACME portal")
    projects.add(store, "NOVA", "Nova bank")
    ids = [milestones.create(store, project, f"M{n} {project}", f"2026-12-{10 + n:02d}")["id"]
           for n, project in enumerate(("ACME", "ACME", "ACME", "NOVA", "NOVA"))]
    rng = random.Random(7)
    other = random.Random(8)  # the translations: the rows are those of earlier runs, plus them
    now = datetime(2026, 11, 27, tzinfo=UTC).isoformat(timespec="seconds")
    rows = []
    for number in range(1, ROWS + 1):
        milestone = rng.choice(ids + [None])
        project = "NOVA" if milestone in ids[3:] else "ACME"
        rows.append((
            number, f"REQ-{number}", project, " ".join(rng.choices(WORDS, k=4)) + f" #{number}",
            " ".join(other.choices(TRANSLATED, k=4)),
            rng.choice(("P0", "P1", "P2", "P3")), rng.choice(STATUSES), rng.choice(("liming", "alice", None)),
            milestone, rng.choice(SOURCES), now, "lead", now, "lead",
        ))
    with store.write() as conn:
        conn.executemany(
            "INSERT INTO requirements (number, key, project, title, title_tr, priority, status, owner, milestone_id,"
            " source, created_at, created_by, updated_at, updated_by, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            rows,
        )
    store.conn.execute("ANALYZE")
    return store


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def direct_sql(store: Store, text: str, bound: int | None = None) -> float:
    query = requirements.list_query(text=text, store=store)
    start = time.perf_counter()
    source = SQLSource(store.conn, query, bound=bound)
    source.count()
    source.fetch(0, 200)
    return time.perf_counter() - start


async def bench_app(store: Store) -> dict[str, list[float]]:
    from keystroke_timing import KeystrokeClock

    from tui.app import HuddleApp
    from tui.screens.requirements import RequirementsScreen
    from tui.widgets.item_table import ItemTable

    app = HuddleApp(store.path, store=store, settings=Settings(), language="en", live=False)
    keystroke: list[float] = []
    sql: list[float] = []
    redraw: list[float] = []
    sql_bounded: list[float] = []
    results: dict[str, list[float]] = {"keystroke": keystroke, "sql": sql, "open": [], "end": [], "move": [],
                                       "redraw": redraw, "sql_bounded": sql_bounded}
    with KeystrokeClock() as clock:
        async with app.run_test(size=(100, 30)) as pilot:
            start = time.perf_counter()
            await pilot.press("3")
            await pilot.pause()
            results["open"].append(time.perf_counter() - start)
            screen = app.screen
            # Pilot's own cost: a key that changes nothing (cursor left in an empty filter).
            await pilot.press("slash")
            idle = results.setdefault("idle", [])
            for _ in range(10):
                start = time.perf_counter()
                await pilot.press("left")
                await pilot.pause()
                idle.append(time.perf_counter() - start)
            await pilot.press("escape")
            clock.watch((screen.table, screen.query_one("#requirements-filter")))
            for _round in range(2):
                for query in QUERIES:
                    await pilot.press("slash")
                    typed = ""
                    for char in query:
                        typed += char
                        clock.start()
                        start = time.perf_counter()
                        await pilot.press(char)
                        await pilot.pause()
                        keystroke.append(time.perf_counter() - start)
                        await pilot.pause(ItemTable.COUNT_AFTER + 0.1)
                        redraw.append(clock.redraw())
                        results.setdefault(f"redraw {query}", []).append(redraw[-1])
                        assert screen.filter_text == typed, (screen.filter_text, typed)
                        sql.append(direct_sql(store, typed))
                        sql_bounded.append(direct_sql(store, typed, RequirementsScreen.TYPING_BOUND))
                        results.setdefault(f"sql {query}", []).append(sql_bounded[-1])
                    await pilot.press("escape")
                    await pilot.pause()
            for _ in range(3):
                start = time.perf_counter()
                await pilot.press("G")
                await pilot.pause()
                results["end"].append(time.perf_counter() - start)
                await pilot.press("g")
                await pilot.pause()
            # A workflow move on the highlighted item, then the redraw.
            for _ in range(3):
                key = screen.cursor_key
                target = "deferred" if requirements.get(store, key)["status"] not in ("deferred", "dropped", "accepted") else None
                if target is None:
                    await pilot.press("j")
                    continue
                start = time.perf_counter()
                await pilot.press("z")  # defer
                await pilot.pause()
                results["move"].append(time.perf_counter() - start)
                await pilot.press("j")
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        build_start = time.perf_counter()
        store = build(Path(folder) / "bench.db")
        built = time.perf_counter() - build_start
        results = asyncio.run(bench_app(store))
        store.close()
    keystroke, sql = median_ms(results["keystroke"]), median_ms(results["sql"])
    redraw, bounded = median_ms(results["redraw"]), median_ms(results["sql_bounded"])
    print(f"{ROWS:,} requirements (built in {built:.1f} s); {len(results['keystroke'])} filter keystrokes; medians")
    print(f"key -> redrawn list:                                {redraw:8.2f} ms"
          f"  (max {max(results['redraw']) * 1000:.2f}; target < 50 ms)")
    print(f"direct SQL a keystroke runs (first 120 matches):    {bounded:8.2f} ms  (ratio {redraw / bounded:.2f}x)")
    print(f"direct SQL, full count + first page:                {sql:8.2f} ms")
    print(f"keystroke -> redrawn list (press + pause):          {keystroke:8.2f} ms"
          f"  (max {max(results['keystroke']) * 1000:.2f})")
    for query in QUERIES:
        draws, reads = results[f"redraw {query}"], results[f"sql {query}"]
        print(f"  typing {query!r:<10} key -> redrawn list median {median_ms(draws):6.2f} ms, max"
              f" {max(draws) * 1000:6.2f}; its SQL median {median_ms(reads):5.2f} ms, max {max(reads) * 1000:5.2f}")
    idle = median_ms(results["idle"])
    print(f"  of which Pilot's own press + pause (idle key):    {idle:8.2f} ms")
    print(f"ratio keystroke / direct SQL:                       {keystroke / sql:8.2f}x")
    print(f"ratio (keystroke - idle Pilot cost) / direct SQL:   {(keystroke - idle) / sql:8.2f}x")
    print(f"open the area (3) with 100k rows:                   {median_ms(results['open']):8.2f} ms")
    print(f"G (to the last of 100k) and redraw:                 {median_ms(results['end']):8.2f} ms")
    if results["move"]:
        print(f"single-key move (z, defer) and redraw:                     {median_ms(results['move']):8.2f} ms")


if __name__ == "__main__":
    main()
