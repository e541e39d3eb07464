"""Two people edit one item at once, each in their own app on the same workspace file: a
save never writes back a field its author did not touch (three-way merge in FormScreen)."""

from __future__ import annotations

from textual.widgets import Input, Select

from conftest import make_app, make_store
from tui.store import members, requirements
from tui.widgets.form import ConflictScreen, FormScreen


async def open_edit_form(pilot, key: str) -> FormScreen:
    await pilot.press("3")
    await pilot.pause()
    assert pilot.app.screen.table.move_to_key(key)
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_a_changes_the_title_b_the_priority_both_survive_without_a_dialog(demo_store):
    key = demo_store.scalar("SELECT key FROM requirements WHERE status = 'draft' ORDER BY number LIMIT 1")
    before = requirements.get(demo_store, key)
    new_priority = "P0" if before["priority"] != "P0" else "P3"
    other = make_store(demo_store.path, demo_store.clock, user="liming")
    members.ensure(other, "liming", "李明")
    first, second = make_app(demo_store), make_app(other)
    notices: list[str] = []
    second.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
    async with first.run_test(size=(100, 30)) as a, second.run_test(size=(100, 30)) as b:
        form_a = await open_edit_form(a, key)
        form_b = await open_edit_form(b, key)
        form_a.query_one("#field-title", Input).value = "Title by A"
        form_b.query_one("#field-priority", Select).value = new_priority
        await a.pause()
        await b.pause()
        await a.press("ctrl+s")
        await a.pause()
        assert requirements.get(demo_store, key)["title"] == "Title by A"
        await b.press("ctrl+s")
        await b.pause()
        assert not isinstance(second.screen, (ConflictScreen, FormScreen))
    row = requirements.get(demo_store, key)
    assert (row["title"], row["priority"]) == ("Title by A", new_priority)
    assert row["version"] == before["version"] + 2
    assert any("Merged" in n and "Title" in n for n in notices), notices
    # the trail shows each person changing only their own field
    trail = demo_store.query("SELECT actor, field FROM activity WHERE key = ? AND action = 'edit' ORDER BY id", (key,))
    assert {(t["actor"], t["field"]) for t in trail} == {("wangfang", "title"), ("liming", "priority")}
