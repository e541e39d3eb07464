"""Snapshots of the Workspace area (projects, members, the project form) and of an empty
workspace's dashboard, in English and Chinese, at 100x30 and 80x24."""

from __future__ import annotations

import pytest

from conftest import make_app, make_store
from scenarios import no_blink
from tui.store import members

SIZES = [(100, 30), (80, 24)]

# name: keys pressed after opening the Workspace area
SCENARIOS = {
    "projects": [],
    "members": ["tab", "j"],
    "project_form": ["e"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_workspace_screen(snap_compare, demo_store, name, language, size):
    async def settle(pilot):
        await pilot.press("7")
        await pilot.pause()
        await pilot.press(*SCENARIOS[name])
        await pilot.pause()
        no_blink(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_empty_workspace_dashboard(snap_compare, tmp_path, clock, language, size):
    store = make_store(tmp_path / "new.db", clock)
    members.ensure(store, "wangfang", "王芳")

    async def settle(pilot):
        await pilot.pause()

    assert snap_compare(make_app(store, language), terminal_size=size, run_before=settle)
