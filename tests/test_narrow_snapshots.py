"""The four lists at 60x20 in both languages: every column stays in sight (the fixed ones
narrow first), the title stays readable, and cut text ends with an ellipsis."""

from __future__ import annotations

import pytest

from conftest import make_app

AREAS = {"requirements": "3", "changes": "4", "feedback": "5", "commitments": "6"}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("area", list(AREAS))
def test_list_at_60_columns(snap_compare, demo_store, area, language):
    async def settle(pilot):
        await pilot.press(AREAS[area])
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=(60, 20), run_before=settle)
