"""Every screen at 60x20 in both languages: the four lists, every other screen of
`tests/scenarios.py` and every form and dialog. A person must still be able to read each
one: no column disappears, text that is cut ends with `…`, and scrollbars never cover
text (Textual gives a scrollbar its own column or row; a sideways scrollbar under a table
means a column is out of sight).

Besides the snapshots, `test_nothing_is_cut_at_60_columns` checks the live layout of each
screen (`layout_problems`): no sideways scrolling, every table's columns inside its width,
every table cell either fitting or cut with an ellipsis, and no text cut off by its box
without a way to scroll to it."""

from __future__ import annotations

import inspect

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable, Static

from conftest import make_app
from scenarios import AREA_SCENARIOS, SCENARIOS, no_blink
from tui.screens.meetings import ACTION_KEY, DECISION_KEY
from tui.widgets.item_table import ItemTable

SIZE = (60, 20)
LANGUAGES = ["en", "zh_CN"]
AREAS = {"requirements": "3", "changes": "4", "feedback": "5", "commitments": "6"}

# Forms and dialogs: the keys that open each one from a fresh start on the demo workspace.
DIALOGS: dict[str, tuple[str, ...]] = {
    "requirement-edit-form": ("3", "j", "j", "j", "e"),
    "requirement-sign-off-form": ("3", *"jjjjjjj", "c"),
    "requirement-accept-confirm": ("3", "j", "j", "a"),
    "milestone-form": ("3", "M", "e"),
    "change-edit-form": ("4", "e"),
    "change-reject-reason": ("4", *"jjjjj", "x"),  # CR-6: assessed, waiting for a decision
    "change-priority": ("4", *"jjjj", "p"),
    "feedback-new-form": ("5", "n"),
    "feedback-close-form": ("5", *"jjjj", "h", "v", "d"),
    "commitment-new-form": ("6", "n"),
    "commitment-move-due-form": ("6", "z"),
    "workspace-members": ("7", "tab", "j"),
    "workspace-project-form": ("7", "e"),
    "workspace-new-project-form": ("7", "n"),
    "workspace-member-form": ("7", "tab", "e"),
    "workspace-my-name-form": ("7", "N"),
    "meeting-new-form": ("8", "n"),
    "meeting-decision-form": ("8", "enter", DECISION_KEY),
    "meeting-action-form": ("8", "j", "j", ACTION_KEY),
    "dashboard-help": ("question_mark",),
}

# name: (keys, settle); the four lists are `test_list_at_60_columns` below.
SCREENS = {name: (s.keys, s.settle) for name, s in SCENARIOS.items()}
SCREENS |= {name: (s.keys, s.settle) for name, s in AREA_SCENARIOS.items() if name not in AREAS}
SCREENS |= {name: (keys, no_blink) for name, keys in DIALOGS.items()}


async def open_screen(pilot, keys, settle) -> None:
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    if settle is not None:
        result = settle(pilot.app)
        if inspect.isawaitable(result):
            await result
    await pilot.pause()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("area", list(AREAS))
def test_list_at_60_columns(snap_compare, demo_store, area, language):
    async def settle(pilot):
        await pilot.press(AREAS[area])
        await pilot.pause()

    assert snap_compare(make_app(demo_store, language), terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_60_columns(snap_compare, demo_store, name, language):
    keys, settle = SCREENS[name]

    async def run_before(pilot):
        await open_screen(pilot, keys, settle)

    assert snap_compare(make_app(demo_store, language), terminal_size=SIZE, run_before=run_before)


# -- the layout itself -------------------------------------------------------------------


def _scrolls(widget: Widget, axis: str) -> bool:
    """Whether `widget` or a container it sits in can scroll along `axis` (what is cut off
    there can be scrolled to)."""
    node: Widget | None = widget
    while node is not None and node is not widget.screen:
        if (node.max_scroll_y if axis == "y" else node.max_scroll_x) > 0:
            return True
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return False


def _cell_problems(name: str, table: DataTable) -> list[str]:
    """Cells wider than their column that do not end with an ellipsis (a `Text` that may
    wrap is cut at the column's edge, its second line never shown)."""
    problems = []
    console = table.app.console
    for column_key, column in table.columns.items():
        width = column.get_render_width(table) - 2 * table.cell_padding
        for value in (column.label, *table.get_column(column_key)):
            plain = value.plain if isinstance(value, Text) else str(value)
            if cell_len(plain) <= width:
                continue
            # What the cell's one line shows at the column's width, as the table renders it.
            lines = console.render_lines(value, console.options.update(width=width, height=1), pad=False)
            shown = "".join(segment.text for segment in lines[0]).rstrip() if lines else ""
            if not shown.endswith("…"):
                problems.append(f"{name}: {plain!r} is cut at {width} cells without an ellipsis")
            elif cell_len(shown) < width - 1 or shown[:-1].endswith(" "):
                problems.append(f"{name}: {plain!r} is cut to {shown!r}, short of its {width} cells")
    return problems


def _ends_with_ellipsis(widget: Static) -> bool:
    """Whether the last line of text `widget` shows ends with `…` (text cut on purpose)."""
    row = widget.gutter.top + widget.content_region.height - 1
    lines = widget.render_lines(Region(0, row, widget.outer_size.width, 1))
    return bool(lines) and lines[0].text.rstrip().endswith("…")


def layout_problems(app: App) -> list[str]:
    """What on the current screen a person cannot read at this size."""
    screen = app.screen
    placed = screen._compositor.full_map
    problems: list[str] = []
    for widget in screen.walk_children(with_self=False):
        if not isinstance(widget, Widget) or not widget.display or widget not in placed:
            continue
        name = f"{type(widget).__name__}#{widget.id}"
        if widget.show_horizontal_scrollbar:
            problems.append(f"{name}: scrolls sideways (a column or text is out of sight)")
        if isinstance(widget, (DataTable, ItemTable)):
            if widget.virtual_size.width > widget.scrollable_content_region.width:
                problems.append(f"{name}: columns {widget.virtual_size.width} cells wide in "
                                f"{widget.scrollable_content_region.width}")
        if isinstance(widget, DataTable):
            problems += _cell_problems(name, widget)
        if isinstance(widget, Static) and widget.content_region.width > 0 and not _scrolls(widget, "y"):
            region = widget.content_region
            needed = widget.get_content_height(screen.size, screen.size, region.width)
            if needed > region.height and not _ends_with_ellipsis(widget):
                problems.append(f"{name}: {needed} lines of text in {region.height} (cut, no ellipsis)")
        geometry = placed[widget]
        box, clip = geometry.region, geometry.clip
        if box.area and not clip.contains_region(box):
            cut_y = box.y < clip.y or box.bottom > clip.bottom
            cut_x = box.x < clip.x or box.right > clip.right
            if (cut_y and not _scrolls(widget, "y")) or (cut_x and not _scrolls(widget, "x")):
                problems.append(f"{name}: cut off by its container ({box} shown in {clip})")
    return problems


CHECKED = {name: ((key,), None) for name, key in AREAS.items()} | SCREENS


@pytest.mark.parametrize("language", LANGUAGES)
async def test_nothing_is_cut_at_60_columns(demo_store, language):
    """Each screen, form and dialog, opened afresh at 60x20: `layout_problems` finds nothing."""
    found: dict[str, list[str]] = {}
    for name, (keys, settle) in CHECKED.items():
        app = make_app(demo_store, language)
        async with app.run_test(size=SIZE) as pilot:
            await open_screen(pilot, keys, settle)
            problems = layout_problems(app)
            if problems:
                found[f"{name} ({type(app.screen).__name__})"] = problems
    assert not found, found


async def test_the_layout_check_sees_what_a_person_could_not_read():
    """The check itself: a table wider than its terminal, a cell cut without an ellipsis and
    a box too short for its text are each reported."""

    class Cramped(App):
        CSS = "#short { height: 1; width: 20; }"

        def compose(self):
            table: DataTable = DataTable(id="wide")
            table.add_column("Title", width=30)
            table.add_column("Blockers", width=30)
            table.add_row(Text("fits"), Text("a blocker much longer than thirty cells, cut"))
            yield table
            yield Static("a line too long for twenty cells", id="short")

    app = Cramped()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        problems = "\n".join(layout_problems(app))
    assert "DataTable#wide: scrolls sideways" in problems
    assert "DataTable#wide: columns 64 cells wide in 60" in problems
    assert "'a blocker much longer than thirty cells, cut' is cut at 30 cells without an ellipsis" in problems
    assert "Static#short: 2 lines of text in 1" in problems


async def test_numbered_lines_hang_and_text_cut_by_its_box_ends_with_an_ellipsis():
    """`Hanging`: a numbered line wraps under its text, not under its number; a box too
    short for the text ends its last line with `…`; str() is the plain text."""
    from tui.widgets.hanging import Hanging

    text = Text("Decisions (2)\n")
    text.append(" 1. Face ID ships in Sprint 3; PIN fallback after 3 failed attempts")
    text.append("  REQ-13", style="bold cyan")

    class Side(App):
        CSS = "Static { width: 24; } #short { max-height: 3; }"

        def compose(self):
            yield Static(Hanging(text), id="full")
            yield Static(Hanging(text), id="short")

    app = Side()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        full = [strip.text.rstrip() for strip in app.query_one("#full").render_lines(Region(0, 0, 24, 5))]
        short = [strip.text.rstrip() for strip in app.query_one("#short").render_lines(Region(0, 0, 24, 3))]
        assert str(app.query_one("#full").render()) == text.plain
    assert full == ["Decisions (2)", " 1. Face ID ships in", "    Sprint 3; PIN", "    fallback after 3",
                    "    failed attempts"]
    assert short == ["Decisions (2)", " 1. Face ID ships in", "    Sprint 3; PIN…"]
