"""Snapshots of the Changes area (queue, detail pane, dialogs) in English and Chinese, at
100x30 and 80x24, on the demo workspace."""

from __future__ import annotations

import pytest

from conftest import make_app

SIZES = [(100, 30), (80, 24)]

# name: (request to put the cursor on, keys pressed there)
SCENARIOS = {
    "queue": (None, []),
    "detail": ("CR-6", []),  # assessed, waiting for a decision
    "detail_history": ("CR-4", ["ctrl+end"]),  # approved, implemented, verifying
    "assessment_form": ("CR-7", ["A"]),
    "reject_reason": ("CR-6", ["x"]),
    "snooze": ("CR-8", ["z"]),
    "duplicate": ("CR-9", ["D"]),
    "priority": ("CR-9", ["p"]),
    "filtered": (None, ["slash", *"ACME", "enter"]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_changes_screen(snap_compare, demo_store, name, language, size):
    key, keys = SCENARIOS[name]

    async def settle(pilot):
        await pilot.press("4")
        await pilot.pause()
        if key:
            assert pilot.app.screen.table.move_to_key(key)
            await pilot.pause()
        if keys == ["ctrl+end"]:
            pilot.app.screen.query_one("#changes-detail").scroll_end(animate=False)
        else:
            await pilot.press(*keys)
        await pilot.pause()
        if name == "filtered":
            # the full count and the detail follow once typing pauses (debounced timers)
            await pilot.pause(0.5)
            await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)


def test_changes_queue_in_a_light_theme(snap_compare, demo_store):
    """Colours come from the theme: in a light theme statuses, priorities, flags and the
    detail pane stay readable (no fixed colour names meant for a dark background)."""
    from tui.app import HuddleApp
    from tui.config import Settings

    app = HuddleApp(demo_store.path, store=demo_store, settings=Settings(theme="textual-light"), language="en",
                    live=False)

    async def settle(pilot):
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("f", "f", "f", "f")  # all requests: every status
        await pilot.pause()
        assert pilot.app.screen.table.move_to_key("CR-6")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)
