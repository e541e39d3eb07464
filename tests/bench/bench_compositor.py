#!/usr/bin/env python3
"""What the wide-character patch (tui/widgets/wide_chars.py) costs a frame: the median time
of the compositor's full and partial renders of Huddle screens (the change queue, a meeting's
notes; Chinese, a notice showing), with Textual's own methods and with the patch, alternated
in the same run, printed with their ratio.

    python tests/bench/bench_compositor.py [--repeat 300]

Run on demand; not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual import _compositor  # noqa: E402

TEXTUAL = (_compositor.Compositor._render_chops, _compositor.Compositor.render_partial_update)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


async def main(repeat: int) -> None:
    from tui import demo
    from tui.app import HuddleApp
    from tui.config import Settings
    from tui.store.db import Store

    folder = Path(tempfile.mkdtemp())
    store = Store(folder / "demo.db", user="wangfang")
    demo.seed(store)
    app = HuddleApp(store.path, store=store, settings=Settings(), language="zh_CN", live=False)
    patched = (_compositor.Compositor._render_chops, _compositor.Compositor.render_partial_update)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for name, keys in (("change queue", ("4",)), ("meeting notes", ("8", "j", "enter"))):
            await pilot.press(*keys)
            await pilot.pause()
            app.notify("已改回未完成：第 2 项待办事项“测试脚本”。", timeout=600)
            await pilot.pause()
            compositor = app.screen._compositor

            def partial(compositor=compositor) -> None:
                compositor._dirty_regions.add(compositor.size.region)
                compositor.render_partial_update()

            figures: dict[str, list[tuple[float, float]]] = {"textual": [], "patched": []}
            for _round in range(3):  # alternated, so machine noise hits both alike
                for label, (chops, update) in (("textual", TEXTUAL), ("patched", patched)):
                    _compositor.Compositor._render_chops = chops  # type: ignore[method-assign]
                    _compositor.Compositor.render_partial_update = update  # type: ignore[method-assign]
                    figures[label].append((median_ms(compositor.render_full_update, repeat),
                                           median_ms(partial, repeat)))
            base = [statistics.median(f[i] for f in figures["textual"]) for i in (0, 1)]
            mine = [statistics.median(f[i] for f in figures["patched"]) for i in (0, 1)]
            print(f"{name}: full render {mine[0]:.3f} ms vs {base[0]:.3f} ms ({mine[0] / base[0]:.2f}×); "
                  f"partial update {mine[1]:.3f} ms vs {base[1]:.3f} ms ({mine[1] / base[1]:.2f}×)")
            await pilot.press("escape")
            await pilot.pause()
    store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=300)
    asyncio.run(main(parser.parse_args().repeat))
