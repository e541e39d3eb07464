"""A first visit to an area does not re-parse the stylesheet (it froze the screen for
~80 ms per area); a theme change still restyles every area (tui/app.py `_area_screen`)."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

from conftest import make_app
from tui.screens import AREAS


async def test_first_visits_do_not_reparse_and_a_theme_change_still_restyles(demo_store, monkeypatch):
    reparsed = []
    original = Stylesheet.reparse

    def counting(self):
        reparsed.append(1)
        return original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reparsed.clear()
        for area in AREAS[1:]:
            await pilot.press(area.key)
            await pilot.pause()
            assert app.screen.is_current
        assert reparsed == []
        await pilot.press("1")
        await pilot.pause()
        dark = app.screen.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        assert reparsed  # the theme's variables: parsed again
        for area in AREAS[1:]:
            await pilot.press(area.key)
            await pilot.pause()
            assert app.screen.styles.background != dark, area.mode  # restyled, not stale
