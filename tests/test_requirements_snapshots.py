"""Snapshots of every Requirements screen (register, filter, forms, milestones, review),
in English and Chinese, at 100x30 and 80x24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from conftest import make_app

SIZES = [(100, 30), (80, 24)]


def no_blink(app) -> None:
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False


SCENARIOS: dict[str, tuple[str, ...]] = {
    "register": ("3",),
    "register-detail": ("3", "j", "j", "j", "j"),
    "register-filter": ("3", "slash", "订", "单"),
    "register-by-milestone": ("3", "b", "L", "L"),
    "edit-form": ("3", "j", "j", "j", "e"),
    "new-form": ("3", "n"),
    "sign-off-form": ("3", "j", "j", "j", "j", "j", "j", "j", "c"),
    "accept-confirm": ("3", "j", "j", "a"),
    "milestones": ("3", "M"),
    "milestone-review": ("3", "M", "j", "j", "enter"),
    "milestone-form": ("3", "M", "e"),
    "help": ("3", "question_mark"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_requirements_screen(snap_compare, demo_store, name, language, size):
    async def settle(pilot):
        await pilot.pause()
        await pilot.press(*SCENARIOS[name])
        await pilot.pause()
        if name == "register-filter":
            # the full count and the detail follow once typing pauses (debounced timers)
            await pilot.pause(0.5)
        no_blink(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)
