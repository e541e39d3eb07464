#!/usr/bin/env python3
"""How long can the event loop stall while another process holds the write lock?

    python tests/bench/bench_stall.py [--hold 5]

A headless HuddleApp on the demo workspace runs a 10 ms timer that records how late each
tick fires (its own lateness: the longest gap is the longest stall of the event loop).
Meanwhile a separate process takes `BEGIN IMMEDIATE` and holds it for `--hold` seconds,
and the user: opens their standup note, types, saves (the save waits for the lock), types
on while it waits, stops waiting (escape), discards, switches through every area, opens the
note again and saves (it waits until the lock is released, then lands).

The same script runs once without the lock holder as the baseline. Prints the longest and
the 99th-percentile tick lateness of both runs, and whether the final save landed.
Target: no stall over 100 ms while the lock is held.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


async def session(db: Path, hold: float, with_lock: bool) -> tuple[list[float], bool]:
    from tui.app import HuddleApp
    from tui.config import Settings
    from tui.store import standup
    from tui.store.db import Store

    app = HuddleApp(db, settings=Settings(), language="en", live=True)
    lateness: list[float] = []
    phases: dict[str, list[float]] = {}
    phase = ["opening"]
    holder = None
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)
        expected = [time.perf_counter() + 0.01]

        def tick() -> None:
            now = time.perf_counter()
            lateness.append(max(0.0, now - expected[0]))
            phases.setdefault(phase[0], []).append(lateness[-1])
            expected[0] = now + 0.01

        app.set_interval(0.01, tick)
        if with_lock:
            holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(hold)], stdout=subprocess.PIPE, text=True)
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.perf_counter()
        await pilot.press("2", "n")
        await pilot.pause(0.2)
        await pilot.press(*"typing while another process holds the lock")
        phase[0] = "typing while the save waits"
        await pilot.press("ctrl+s")
        for word in ("and", "on", "while", "it", "waits"):
            if type(app.screen).__name__ == "FormScreen":  # (without a lock it saved at once)
                await pilot.press(" ", *word)
            await pilot.pause(0.15)
        # leave the form: escape stops the wait, escape again asks, y discards
        for _ in range(6):
            name = type(app.screen).__name__
            if name == "FormScreen":
                await pilot.press("escape")
            elif name == "ConfirmScreen":
                await pilot.press("y")
            else:
                break
            await pilot.pause(0.2)
        phase[0] = "switching areas (first visit composes each)"
        visited = []
        for area in "3456712":
            await pilot.press(area)
            await pilot.pause(0.2)
            visited.append(app.current_mode)
        print(f"  {'lock' if with_lock else 'base'} · areas visited: {', '.join(visited)}")
        phase[0] = "saving again until the lock is released"
        await pilot.press("n")
        await pilot.pause(0.2)
        await pilot.press("ctrl+a", *"final save")
        await pilot.press("ctrl+s")
        while app.screen.__class__.__name__ == "FormScreen" and time.perf_counter() - started < hold + 10:
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        if app.screen.__class__.__name__ == "FormScreen":
            print("the form is still open:", getattr(app.screen, "error", ""), file=sys.stderr)
    if holder is not None:
        holder.wait()
    store = Store(db, user=app.store.user)
    row = standup.get(store, store.today(), store.user)
    store.close()
    for name, values in phases.items():
        print(f"  {'lock' if with_lock else 'base'} · {name}: longest {max(values) * 1000:.1f} ms over {len(values)} ticks")
    return lateness, bool(row and "final save" in row["today"])


def describe(name: str, lateness: list[float], landed: bool) -> str:
    ordered = sorted(lateness)
    p99 = ordered[int(len(ordered) * 0.99) - 1] if ordered else 0.0
    return (f"{name}: {len(lateness)} ticks, longest stall {max(lateness) * 1000:.1f} ms, "
            f"p99 {p99 * 1000:.1f} ms, median {statistics.median(lateness) * 1000:.1f} ms; final save landed: {landed}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=5.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="huddle-stall-"))
    results = {}
    for name, with_lock in (("baseline (no lock held)", False), (f"lock held {args.hold:g} s", True)):
        db = folder / f"{'lock' if with_lock else 'base'}.db"
        subprocess.run([sys.executable, "-m", "tui", "demo", "--db", str(db), "--no-open"], check=True,
                       capture_output=True, cwd=ROOT)
        results[name] = asyncio.run(session(db, args.hold, with_lock))
    for name, (lateness, landed) in results.items():
        print(describe(name, lateness, landed))
    base = max(results["baseline (no lock held)"][0])
    locked = max(results[f"lock held {args.hold:g} s"][0])
    print(f"longest stall, lock held vs baseline: {locked * 1000:.1f} ms vs {base * 1000:.1f} ms ({locked / base:.2f}×)")


if __name__ == "__main__":
    os.environ.setdefault("HUDDLE_AS_LOGIN", os.environ.get("USER") or "bench")
    main()
