"""What every form does the same way (tui/widgets/form.py)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from conftest import TODAY, USER, make_app
from tui.store import standup


async def test_editing_existing_text_types_after_it_not_over_or_before_it(demo_store):
    key = demo_store.scalar("SELECT key FROM change_requests WHERE status = 'submitted' ORDER BY number LIMIT 1")
    title = demo_store.scalar("SELECT title FROM change_requests WHERE key = ?", (key,))
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.table.move_to_key(key)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#field-title", Input)
        assert app.focused is field
        await pilot.press(*" v2")
        assert field.value == title + " v2"


async def test_a_note_editor_continues_at_the_end_of_what_is_there(store):
    standup.save(store, TODAY, USER, standup.Note(today="line one\nline two"), expected_version=None)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        area = app.screen.query_one("#field-today", TextArea)
        assert app.focused is area
        await pilot.press(*" and more")
        assert area.text == "line one\nline two and more"
