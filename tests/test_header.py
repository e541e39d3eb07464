"""The header names every area at 80 columns in both languages (issue 14): what gives way
first is the right-hand side (workspace, who else is here, who I am). With the Workspace or
Meetings area open (seven areas in the row) the others may use their short names."""

from __future__ import annotations

import pytest

from conftest import make_app, make_store
from tui import i18n
from tui.screens import AREAS
from tui.store import members, presence


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [80, 100])
async def test_every_area_name_shows(demo_store, language, width):
    other = make_store(demo_store.path, demo_store.clock, user="liming")
    members.ensure(other, "liming", "李明")
    session = presence.join(other)
    app = make_app(demo_store, language)
    async with app.run_test(size=(width, 24)) as pilot:
        for area in [a for a in AREAS if a.in_header]:
            await pilot.press(area.key)
            await pilot.pause()
            line = str(app.screen.query_one("#header").render())
            for shown in [a for a in AREAS if a.in_header]:
                assert f"{shown.key} {i18n._(shown.title)}" in line, (area.mode, line)
    presence.leave(other, session)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [80, 100])
async def test_a_seventh_area_keeps_every_name(demo_store, language, width):
    """Workspace (7) and Meetings (8) are not in the row until opened: then every area
    still shows a name (its short one at 80 columns), and the open area its full name."""
    app = make_app(demo_store, language)
    async with app.run_test(size=(width, 24)) as pilot:
        for area in [a for a in AREAS if not a.in_header]:
            await pilot.press(area.key)
            await pilot.pause()
            line = str(app.screen.query_one("#header").render())
            assert f"{area.key} {i18n._(area.title)}" in line, line
            for shown in [a for a in AREAS if a.in_header]:
                names = {i18n._(shown.title), i18n._(shown.short or shown.title)}
                assert any(f"{shown.key} {name}" in line for name in names), (area.mode, line)
            if width == 100:
                assert all(f"{a.key} {i18n._(a.title)}" in line for a in AREAS if a.in_header), line
