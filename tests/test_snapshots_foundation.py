"""Snapshots of every foundation screen, in English and Chinese, at 100x30 and 80x24."""

from __future__ import annotations

import inspect

import pytest

from conftest import make_app
from scenarios import SCENARIOS

SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_screen(snap_compare, demo_store, name, language, size):
    scenario = SCENARIOS[name]

    async def settle(pilot):
        await pilot.pause()
        await pilot.press(*scenario.keys)
        await pilot.pause()
        if scenario.settle is not None:
            result = scenario.settle(pilot.app)
            if inspect.isawaitable(result):
                await result
        await pilot.pause()

    app = make_app(demo_store, language)
    assert snap_compare(app, terminal_size=size, run_before=settle)
