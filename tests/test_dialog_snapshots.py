"""Snapshots of the dialogs every area shares, and of the forms no area's own snapshot file
reaches: the merge question (a field both people changed), the discard question, the export
dialog, a new member, my display name, a new client meeting, which client a blocker waits
on. English and Chinese, at 100x30, 80x24 and 60x20."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from conftest import TODAY, USER, make_app
from scenarios import no_blink
from tui.store import members, standup

SIZES = [(100, 30), (80, 24), (60, 20)]


async def conflict(pilot) -> None:
    """I edit today's note while the facilitator saves it: both changed "Today"."""
    app = pilot.app
    store = app.store
    current = standup.get(store, TODAY, USER)
    version = standup.save(store, TODAY, USER, standup.Note(yesterday="Review", today="first"),
                           expected_version=current["version"] if current else None)["version"]
    await pilot.press("2", "n")
    await pilot.pause()
    members.ensure(store, "liming", "李明")
    store.user = "liming"
    standup.save(store, TODAY, USER, standup.Note(yesterday="Review", today="theirs: SSO tests", blockers="VPN"),
                 expected_version=version)
    store.user = USER
    app.screen.query_one("#field-today", TextArea).text = "mine: the login page"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def export(pilot) -> None:
    """The day's standup minutes: the path is shown (fixed here: the test's home is a
    temporary folder) before anything is written."""
    await pilot.press("2", "E")
    await pilot.pause()
    pilot.app.screen.query_one("#export-path", Input).value = "/home/wangfang/exports/standup-2026-11-27.md"
    await pilot.pause()


def keys(*pressed: str):
    async def run(pilot) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return run


async def waits_on(pilot) -> None:
    """Which client a blocker waits on (`B` on Alice's blocker, unmarked first: the demo's
    marks it already)."""
    app = pilot.app
    standup.unmark_waits_on_client(app.store, TODAY, "alice")
    await pilot.press("2")
    await pilot.pause()
    board = app.screen.query_one("#standup-board")
    board.move_cursor(row=0)
    await pilot.pause()
    await pilot.press("B")
    await pilot.pause()


SCENARIOS = {
    "conflict": conflict,
    "discard": keys("2", "n", "a", "b", "escape"),
    "export": export,
    "member_form": keys("7", "tab", "n"),
    "my_name": keys("7", "N"),
    "meeting_form": keys("8", "n"),
    "waits_on": waits_on,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_dialog(snap_compare, demo_store, name, language, size):
    async def settle(pilot):
        await SCENARIOS[name](pilot)
        no_blink(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=size, run_before=settle)


async def test_the_scenarios_reach_their_dialogs(demo_store):
    """Each snapshot shows what its name says (a snapshot of the wrong screen cannot pass
    for the right one)."""
    from tui.widgets.export import ExportScreen
    from tui.widgets.form import ConflictScreen, FormScreen

    expected = {
        "conflict": ConflictScreen,
        "discard": "ConfirmScreen",
        "export": ExportScreen,
        "member_form": FormScreen,
        "my_name": FormScreen,
        "meeting_form": FormScreen,
        "waits_on": FormScreen,
    }
    for name, run in SCENARIOS.items():
        app = make_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            await run(pilot)
            want = expected[name]
            if isinstance(want, str):
                assert type(app.screen).__name__ == want, name
            else:
                assert isinstance(app.screen, want), (name, app.screen)
