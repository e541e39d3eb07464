"""Items may carry their text in both languages: the lists and detail panes show the
interface language's text where there is one, the other otherwise; saving never writes the
shown translation back."""

from __future__ import annotations

import pytest

from conftest import make_app, visible_text
from tui.store import bilingual, changes, requirements

AREAS = [("3", "requirements", "title"), ("4", "change_requests", "title")]


@pytest.mark.parametrize("area_key, table, field", AREAS)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_the_list_and_detail_show_the_interface_language(demo_store, area_key, table, field, language):
    row = demo_store.query_one(
        f"SELECT * FROM {table} WHERE trim({field}_tr) <> '' AND status NOT IN ('done', 'withdrawn', 'rejected')"
        f" ORDER BY number LIMIT 1"
    )
    assert row is not None, "the demo carries bilingual items"
    wanted = bilingual.pick(row, field, language)
    assert bilingual.has_both(row, field)
    app = make_app(demo_store, language)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(area_key)
        await pilot.pause()
        screen = app.screen
        assert screen.table.move_to_key(row["key"])
        await pilot.pause()
        shown = screen.table.source.fetch(0, screen.table.row_count)
        mine = next(r for r in shown if r["key"] == row["key"])
        assert mine[f"{field}_shown"] == wanted
        assert wanted in visible_text(app)
    stored = demo_store.query_one(f"SELECT {field}, {field}_tr FROM {table} WHERE key = ?", (row["key"],))
    assert (stored[field], stored[f"{field}_tr"]) == (row[field], row[f"{field}_tr"])


def test_pick_falls_back_to_the_other_language():
    row = {"title": "Export to PDF", "title_tr": "", "text_lang": "en"}
    assert bilingual.pick(row, "title", "zh_CN") == "Export to PDF"
    row = {"title": "Export to PDF", "title_tr": "导出 PDF", "text_lang": "en"}
    assert bilingual.pick(row, "title", "zh_CN") == "导出 PDF"
    assert bilingual.pick(row, "title", "en") == "Export to PDF"


_ = (changes, requirements)
