#!/usr/bin/env python3
"""Regenerate screenshots/: every screen in tests/scenarios.py, in English and Chinese.

    python scripts/screenshots.py            # all, 100x30
    python scripts/screenshots.py standup    # only scenarios whose name contains "standup"

The demo workspace is made fresh in a temporary folder with the same frozen clock as the
tests (Friday 2026-11-27), so the pictures only change when a screen does.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
OUT = ROOT / "screenshots"
SIZE = (100, 30)


async def shoot(name: str, language: str, folder: Path) -> Path:
    from conftest import Clock, make_app, make_store  # the tests' frozen clock and demo
    from scenarios import AREA_SCENARIOS, SCENARIOS

    SCENARIOS = {**SCENARIOS, **AREA_SCENARIOS}

    from tui import demo

    store = make_store(folder / f"{name}-{language}.db", Clock())
    demo.seed(store)
    scenario = SCENARIOS[name]
    app = make_app(store, language)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*scenario.keys)
        await pilot.pause()
        if scenario.settle is not None:
            result = scenario.settle(app)
            if inspect.isawaitable(result):
                await result
        await pilot.pause()
        target = OUT / f"{name}-{language}.svg"
        app.save_screenshot(filename=target.name, path=str(OUT))
    store.close()
    return target


async def main(patterns: list[str]) -> None:
    os.environ.setdefault("TZ", "UTC")
    os.environ["HUDDLE_AS_LOGIN"] = "wangfang"
    from scenarios import AREA_SCENARIOS, SCENARIOS

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HUDDLE_CONFIG_DIR"] = os.environ["HUDDLE_DATA_DIR"] = tmp
        for name in {**SCENARIOS, **AREA_SCENARIOS}:
            if patterns and not any(p in name for p in patterns):
                continue
            for language in ("en", "zh_CN"):
                print(await shoot(name, language, Path(tmp)))


if __name__ == "__main__":
    import time

    os.environ["TZ"] = "UTC"
    time.tzset()
    asyncio.run(main(sys.argv[1:]))
