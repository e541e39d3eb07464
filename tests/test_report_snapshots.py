"""Snapshots of the weekly report preview on the demo workspace, in English and Chinese,
at 100x30 and 80x24: as opened (the client's language), switched to the other language,
and with the internal notes shown at the end."""

from __future__ import annotations

import pytest

from conftest import make_app

SIZES = [(100, 30), (80, 24)]

# name: keys pressed after opening the preview from the dashboard
SCENARIOS = {
    "preview": [],
    "other_language": ["T"],
    "internal": ["I", "end"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_report_preview(snap_compare, demo_store, name, language, size):
    async def settle(pilot):
        await pilot.press("W")
        await pilot.pause()
        await pilot.press(*SCENARIOS[name])
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)
