#!/usr/bin/env python3
"""Parallel writers through the real command line: P processes each run `huddle cr add` N
times at once against one workspace (every call a new Python process, as a team's scripts
would), then the bench checks that every command exited 0 and every request is in the file.

    python tests/bench/bench_parallel_cli.py [--procs 8] [--each 200]

Prints: commands run, failures (with their stderr lines), requests found, integrity, and
the wall time against a baseline of the same number of `huddle --version` runs (a ratio,
so the figure does not depend on the machine's speed).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_many(procs: int, each: int, argv_for) -> tuple[float, list[str]]:
    """`procs` lanes, each running `each` commands one after another."""
    failures: list[str] = []

    def lane(number: int) -> None:
        for i in range(each):
            result = subprocess.run(argv_for(number, i), capture_output=True, text=True, cwd=ROOT)
            if result.returncode != 0:
                failures.append(f"lane {number} #{i}: exit {result.returncode}: {result.stderr.strip()[-300:]}")

    start = time.perf_counter()
    with ThreadPoolExecutor(procs) as pool:
        list(pool.map(lane, range(procs)))
    return time.perf_counter() - start, failures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procs", type=int, default=8)
    parser.add_argument("--each", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="huddle-parallel-"))
    db = folder / "w.db"
    huddle = [sys.executable, "-m", "tui"]
    env_ok = subprocess.run([*huddle, "init", "--db", str(db)], capture_output=True, text=True, cwd=ROOT)
    if env_ok.returncode != 0:
        sys.exit(f"init failed: {env_ok.stderr}")
    base_time, _ = run_many(args.procs, max(1, args.each // 10), lambda n, i: [*huddle, "--version"])
    base_time *= 10
    took, failures = run_many(
        args.procs, args.each,
        lambda n, i: [*huddle, "cr", "add", f"lane {n} request {i}", "--db", str(db)],
    )
    conn = sqlite3.connect(db)
    found = conn.execute("SELECT count(*) FROM change_requests").fetchone()[0]
    distinct = conn.execute("SELECT count(DISTINCT title) FROM change_requests").fetchone()[0]
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    total = args.procs * args.each
    print(f"commands: {total} ({args.procs} at once × {args.each})")
    print(f"failures: {len(failures)}")
    for line in failures[:20]:
        print("  " + line)
    print(f"requests in the file: {found} ({distinct} distinct titles); integrity: {integrity}")
    print(f"wall time: {took:.1f} s; baseline (`huddle --version` × {total}): {base_time:.1f} s; ratio {took / base_time:.2f}×")


if __name__ == "__main__":
    os.environ.setdefault("HUDDLE_AS_LOGIN", "bench")
    main()
