"""F2 anywhere: switching the language in place keeps focus, the cursor and every typed
character, and re-words what is visible (forms, their dialogs, help, the palette)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual.widgets import Button, TextArea

from conftest import TODAY, USER, Clock, make_app, make_store
from tui import demo, i18n
from tui.store import standup
from tui.widgets.form import ConfirmScreen, FormScreen


async def test_f2_in_the_discard_question_over_a_form_with_a_text_box_then_typing_goes_on(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"abc", "tab", "escape")  # "discard?"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert app.return_code is None  # no crash
        assert app.screen.question == "放弃你的修改吗？"
        assert "继续编辑" in str(app.screen.query_one("#confirm-no", Button).label)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert isinstance(app.focused, TextArea) and app.focused.id == "field-blockers"
        await pilot.press(*"xyz")
        assert str(form.query_one("#label-today").render()).startswith("今天")
        assert "保存" in str(form.query_one("#form-save", Button).label)
        await pilot.press("ctrl+s")
        await pilot.pause()
    row = standup.get(store, TODAY, USER)
    assert (row["today"], row["blockers"]) == ("abc", "xyz")


async def test_help_then_f2_keeps_the_keys_listed(store):
    from textual.widgets import DataTable

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "question_mark")
        await pilot.pause()
        rows_en = app.screen.query_one(DataTable).row_count
        assert rows_en > 3
        await pilot.press("f2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == rows_en
        described = " ".join(str(table.get_row_at(i)[1]) for i in range(table.row_count))
        assert "帮助" in described or "切换" in described


async def test_f2_with_the_palette_open_switches_its_prompt_and_keeps_the_query(store):
    from textual.command import CommandInput

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"lang")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        prompt = app.screen.query_one(CommandInput)
        assert prompt.value == "lang"
        assert prompt.placeholder == i18n._("Search for commands…") != "Search for commands…"


# Each form: its area key, the key that opens it, the field typed into, and where the text is
# stored (a query returning the saved text).
FORMS = {
    "standup note": ("2", "n", "field-today", f"SELECT today FROM standups WHERE login = '{USER}' AND date = '{TODAY}'"),
    "change request": ("4", "n", "field-title", "SELECT title FROM change_requests ORDER BY id DESC LIMIT 1"),
    "requirement": ("3", "n", "field-title", "SELECT title FROM requirements ORDER BY id DESC LIMIT 1"),
    "commitment": ("6", "n", "field-promise", "SELECT promise FROM commitments ORDER BY id DESC LIMIT 1"),
}

chunk = st.text(alphabet=st.sampled_from(list("abcXYZ 客户反馈[]/")), min_size=1, max_size=6)


@pytest.mark.parametrize("name", list(FORMS))
@settings(max_examples=3, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=chunk, after=chunk)
@example(before="[bold]", after="客户[/]")
@example(before=" a", after="b ")
async def test_f2_at_any_point_while_typing_keeps_every_character(tmp_path_factory, name, before, after):
    area, key, field, query = FORMS[name]
    i18n.set_language("en")
    demo_store = make_store(tmp_path_factory.mktemp("f2") / "demo.db", Clock())
    demo.seed(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(area)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one(f"#{field}").focus()
        await pilot.pause()
        for character in before:
            await pilot.press(character if character != " " else "space")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is form and app.focused is form.query_one(f"#{field}")
        for character in after:
            await pilot.press(character if character != " " else "space")
        widget = form.query_one(f"#{field}")
        typed = widget.text if isinstance(widget, TextArea) else widget.value
        assert typed.endswith(before + after)
        assert form.query_one("#form-save", Button).label.plain.startswith("保存")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen), form.error
    # (one-line fields are stored without surrounding spaces)
    assert demo_store.scalar(query).strip().endswith((before + after).strip())
    i18n.set_language("en")


async def test_f2_rewords_a_forms_title(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        title = app.screen.query_one("#form-title")
        assert str(title.render()) == "Standup note"
        await pilot.press("f2")
        await pilot.pause()
        assert str(title.render()) == i18n._("Standup note") != "Standup note"


async def test_f2_keeps_focus_where_it_was_in_every_area(demo_store):
    """The keys act on what has focus: after F2 the same list has it (it is redrawn in the
    other language, not left without focus)."""
    from tui.screens import AREAS

    app = make_app(demo_store)
    async with app.run_test(size=(100, 30)) as pilot:
        for area in AREAS:
            await pilot.press(area.key)
            await pilot.pause()
            before = app.focused.id if app.focused else None
            await pilot.press("f2")
            await pilot.pause()
            after = app.focused.id if app.focused else None
            assert before and after == before, (area.mode, before, after)
