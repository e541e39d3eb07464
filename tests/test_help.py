"""`?` at 80x24: every line of help can be reached, in every area and both languages."""

from __future__ import annotations

import pytest

from conftest import make_app
from tui.screens import AREAS


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_long_help_scrolls_to_its_last_line_at_80x24(demo_store, language):
    app = make_app(demo_store, language)
    async with app.run_test(size=(80, 24)) as pilot:
        for area in AREAS:
            await pilot.press(area.key)
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            scroll = app.screen.query_one("#help-scroll")
            assert app.focused is scroll
            await pilot.press("end")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y
            last = list(scroll.children)[-1]
            # the last line of the last part is inside what the scroll shows
            assert last.region.bottom <= scroll.region.bottom, area.mode
            await pilot.press("escape")
            await pilot.pause()
