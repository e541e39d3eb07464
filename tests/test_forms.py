"""What every form does the same way (tui/widgets/form.py)."""

from __future__ import annotations

import pytest
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


async def test_a_bad_value_stays_in_its_field_with_the_message_under_it(demo_store):
    from textual.widgets import Static

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("6", "n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-promise", TextArea).text = "Ship it"
        due = form.query_one("#field-due", Input)
        due.value = "2026-13-45"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert due.value == "2026-13-45" and due.has_class("-invalid")
        note = form.query_one("#error-due", Static)
        assert note.has_class("-shown") and "2026-13-45" in str(note.render())
        assert str(form.query_one("#form-error", Static).render()) == ""
        # the region the field draws in shows the value (compact: no border to hide it)
        assert due.content_region.height >= 1


async def test_ctrl_q_with_a_half_filled_form_asks_and_keeps_the_draft(store):
    from tui import drafts
    from tui.widgets.form import ConfirmScreen

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        await pilot.press(*"half")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen.query_one("#field-today", TextArea).text.endswith("half")
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0
    draft = drafts.load(store.path, f"standup/{TODAY.isoformat()}/{USER}")
    assert draft["values"]["today"].endswith("half")


async def test_ctrl_q_without_typing_quits_at_once(store):
    from tui.widgets.form import ConfirmScreen

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert not app._exit
        await pilot.press("ctrl+q")
        assert app._exit and not isinstance(app.screen, ConfirmScreen)


async def test_the_reject_dialog_button_says_reject(demo_store):
    from textual.widgets import Button

    key = demo_store.scalar("SELECT key FROM change_requests WHERE status = 'assessing' ORDER BY number LIMIT 1")
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.table.move_to_key(key)
        await pilot.press("x")
        await pilot.pause()
        label = app.screen.query_one("#form-save", Button).label.plain
        assert label.startswith("Reject") and "Save" not in label
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#form-save", Button).label.plain.startswith("驳回")


async def test_a_rebound_form_key_shows_on_its_button_and_in_the_discard_question(store):
    from textual.widgets import Button

    from tui.app import HuddleApp
    from tui.config import Settings
    from tui.widgets.form import ConfirmScreen

    settings = Settings(keymap={"form.save": "ctrl+w", "confirm.yes": "j"})
    app = HuddleApp(store.path, store=store, settings=settings, language="en", live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        assert "^w" in app.screen.query_one("#form-save", Button).label.plain
        await pilot.press(*"x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "(j)" in app.screen.query_one("#confirm-yes", Button).label.plain.replace("（", "(").replace("）", ")")


# Every form with a dropdown, by the keys that open it from a fresh start on the demo data.
DROPDOWN_FORMS = {
    "new commitment": ("6", "n"),
    "new requirement": ("3", "n"),
    "edit change request": ("4", "e"),
    "new feedback": ("5", "n"),
}


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("form_name", list(DROPDOWN_FORMS))
async def test_a_dropdown_opens_inside_its_form(demo_store, form_name, size):
    """An open dropdown lies wholly in sight inside the form's fields (it never spills over
    the screen behind, the buttons or off the terminal)."""
    from textual.widgets import Select

    app = make_app(demo_store)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*DROPDOWN_FORMS[form_name])
        await pilot.pause()
        form = app.screen
        frame = form.query_one(".dialog.form .form-fields").region  # the fields' viewport
        selects = list(form.query(Select))
        assert selects, form_name
        for select in selects:
            select.focus()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            overlay = select.query_one("SelectOverlay")
            assert select.expanded and overlay.display
            box = overlay.region
            assert box.height > 0
            assert frame.contains_region(box), (form_name, select.id, box, frame)
            assert app.screen.region.contains_region(box)
            await pilot.press("escape")
            await pilot.pause()
            assert not select.expanded and app.screen is form


def _inserted(form, area) -> None:
    """On screen, its Changed message not handled yet."""
    area.insert("Run")
    assert form.values.get("today", "") != "Run"


def _queued(form, area) -> None:
    """Still waiting in the text box's queue, not handled yet."""
    from textual import events

    for character in "Run":
        area.post_message(events.Key(character, character))


@pytest.mark.parametrize("unhandled", [_inserted, _queued], ids=["changed-pending", "keys-queued"])
async def test_what_was_typed_just_before_ctrl_s_is_saved_with_it(store, unhandled):
    """`ctrl+s` is a priority key: over SSH a burst of keys arrives at once and it is handled
    before the keys typed just before it (still in the text box's queue) or their Changed
    messages. The save waits for them and takes what the fields show; the form closes
    without claiming more was typed."""
    from tui.widgets.form import FormScreen

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        unhandled(form, form.query_one("#field-today", TextArea))
        form.action_save()
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen), form.error
        assert standup.get(store, TODAY, USER)["today"] == "Run"


async def test_a_burst_of_keys_with_tab_goes_field_by_field(store):
    """Over SSH typed-ahead keys arrive in one burst (`WIDGET<tab>Widget portal`): what
    follows the tab belongs to the next field, as it would in any terminal program."""
    from textual import events

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("7", "n")
        await pilot.pause()
        form = app.screen
        for key, character in [("W", "W"), ("I", "I"), ("tab", None), ("P", "P"), ("o", "o"),
                               ("tab", None), ("C", "C"), ("shift+tab", None), ("x", "x")]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await pilot.pause()
        assert form.query_one("#field-key", Input).value == "WI"
        assert form.query_one("#field-name", Input).value == "Pox"
        assert form.query_one("#field-client", Input).value == "C"
