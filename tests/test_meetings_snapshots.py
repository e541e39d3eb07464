"""Snapshots of the Meetings area on the demo workspace, in English and Chinese, at 100x30
and 80x24: the list with its detail, a meeting's notes typed live beside its decisions and
action items (one of them picked and marked done), and the decision and action-item dialogs
(each opened with its one key)."""

from __future__ import annotations

import pytest

from conftest import make_app
from scenarios import no_blink
from tui.screens.meetings import ACTION_KEY, DECISION_KEY

SIZES = [(100, 30), (80, 24)]
SCENARIOS = {
    "meetings_list": ("8",),
    "meetings_notes": ("8", "j", "enter"),
    # `tab` picks the action items, `j` the team task, `d` marks it done (ticked, dimmed, a notice)
    "meetings_notes_done": ("8", "j", "enter", "tab", "j", "d"),
    "meetings_decision": ("8", "enter", DECISION_KEY),
    "meetings_action": ("8", "j", "j", ACTION_KEY),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_screen(snap_compare, demo_store, name, language, size):
    async def settle(pilot):
        await pilot.pause()
        await pilot.press(*SCENARIOS[name])
        await pilot.pause()
        no_blink(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)
