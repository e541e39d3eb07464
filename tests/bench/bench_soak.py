#!/usr/bin/env python3
"""Soak: N writer processes hammer one workspace while two open apps watch it.

    python tests/bench/bench_soak.py [--writers 20] [--seconds 60] [--pause-ms 0]

Each writer is a separate process that saves its own standup note over and over through
the store (version-checked `BEGIN IMMEDIATE` writes, `synchronous=FULL`), writing the wall
time of the save into the note. Two HuddleApps (headless, live refresh on, on the Standup
board) watch the file; every time a board reloads, the bench reads the activity rows it has
not seen yet and records "reloaded at − saved at" for each. At the end it checks that every
save a writer reported is in the activity trail and in the notes, and prints:
writes per second, p50/p99 commit→screen latency per app, lost writes, lock errors.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def writer(path: str, login: str, deadline: float, pause: float, results) -> None:
    from tui.store import members, standup
    from tui.store.db import Store
    from tui.store.errors import ConflictError

    store = Store(path, user=login)
    members.ensure(store, login, login)
    day = date.today()
    saves = errors = 0
    version = None
    while time.time() < deadline:
        try:
            row = standup.save(store, day, login, standup.Note(today=f"{time.time():.6f}"), expected_version=version)
            version = row["version"]
            saves += 1
        except ConflictError as conflict:  # never expected: each writer owns its note
            version = conflict.current["version"]
            errors += 1
        except Exception:  # noqa: BLE001 - a soak counts every failure, never silent
            errors += 1
        if pause:
            time.sleep(pause)
    results.put((login, saves, errors, version))
    store.close()


async def watch(path: Path, seconds: float, latencies: list[list[float]]) -> None:
    from tui.app import HuddleApp
    from tui.config import Settings
    from tui.screens.standup import StandupScreen
    from tui.store import activity
    from tui.store.db import Store

    apps = []
    for number in range(2):
        store = Store(path, user=f"watcher{number}")
        app = HuddleApp(path, store=store, settings=Settings(), language="en", live=True)
        apps.append((app, store))

    def instrument(app, store, sink: list[float]):
        seen = {"id": activity.latest_id(store)}
        original = StandupScreen.refresh_data

        def refresh_data(screen):
            original(screen)
            if screen.app is not app:
                return
            now = time.time()
            rows = store.query("SELECT id, new FROM activity WHERE id > ? AND field = 'today'", (seen["id"],))
            for row in rows:
                sink.append(now - float(row["new"]))
            if rows:
                seen["id"] = rows[-1]["id"]

        return refresh_data

    sinks = latencies
    hooks = [instrument(app, store, sinks[i]) for i, (app, store) in enumerate(apps)]

    def dispatch(screen):
        for (app, _store), hook in zip(apps, hooks, strict=True):
            if screen.app is app:
                hook(screen)

    StandupScreen.refresh_data = dispatch  # type: ignore[method-assign]
    (a, _), (b, _) = apps
    async with a.run_test(size=(100, 30)) as pa, b.run_test(size=(100, 30)) as pb:
        await pa.press("2")
        await pb.press("2")
        end = time.time() + seconds
        while time.time() < end:
            await pa.pause(0.1)
        await pa.pause(1.0)  # the last commits
    for _app, store in apps:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause-ms", type=float, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HUDDLE_CONFIG_DIR"] = os.environ["HUDDLE_DATA_DIR"] = tmp
        path = Path(tmp) / "soak.db"
        from tui.store import members
        from tui.store.db import Store

        seed = Store(path, user="lead")
        members.ensure(seed)
        for number in range(args.writers):
            members.ensure(seed, f"w{number:02d}", f"Writer {number}")
        seed.close()
        start = time.time() + 2.0  # let the apps start before the writers do
        deadline = start + args.seconds
        ctx = mp.get_context("spawn")  # forking a process that runs threads and asyncio can deadlock
        results = ctx.Queue()
        procs = []
        latencies: list[list[float]] = [[], []]

        def launch():
            time.sleep(max(0, start - time.time()))
            for number in range(args.writers):
                proc = ctx.Process(target=writer, args=(str(path), f"w{number:02d}", deadline, args.pause_ms / 1000, results))
                proc.start()
                procs.append(proc)

        import threading

        launcher = threading.Thread(target=launch)
        launcher.start()
        asyncio.run(watch(path, args.seconds + 2.0, latencies))
        launcher.join()
        reports = [results.get(timeout=120) for _ in procs]
        for proc in procs:
            proc.join()

        check = Store(path, user="lead")
        saves = sum(r[1] for r in reports)
        errors = sum(r[2] for r in reports)
        lost = 0
        for login, count, _errors, version in reports:
            edits = check.scalar("SELECT count(*) FROM activity WHERE key LIKE ? AND action IN ('create', 'edit')", (f"%/{login}",))
            stored = check.scalar("SELECT version FROM standups WHERE login = ?", (login,)) or 0
            lost += max(0, count - edits) + (0 if stored == (version or 0) else 1)
        integrity = check.scalar("PRAGMA integrity_check")
    print(f"writers: {args.writers} processes for {args.seconds:.0f} s (pause {args.pause_ms:.0f} ms between saves)")
    print(f"saves: {saves}  ({saves / args.seconds:.0f} writes/s), errors: {errors}, lost: {lost}, integrity: {integrity}")
    for number, sink in enumerate(latencies):
        if sink:
            ordered = sorted(sink)
            p50 = statistics.median(ordered) * 1000
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
            print(f"app {number + 1}: {len(sink)} commits seen on screen; commit→screen p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {ordered[-1] * 1000:.0f} ms")
        else:
            print(f"app {number + 1}: saw nothing")


if __name__ == "__main__":
    main()
