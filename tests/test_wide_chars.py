"""Chinese text in front of other widgets keeps every character (tui/widgets/wide_chars.py,
Textual issue #6357): a notice, a dialog or a dropdown over a list's column borders."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.strip import Strip
from textual.widgets import Static

from conftest import make_app
from tui.widgets.wide_chars import install

install()

CJK = st.text(alphabet=st.sampled_from("已改回未完成第项待办事项测试脚本验收环境证书续期承诺客户反馈😀"), min_size=1, max_size=40)


class Columns(App):
    """Bordered columns sharing the width in the given proportions: a cut at every edge,
    behind the notice."""

    def __init__(self, widths: list[int]) -> None:
        super().__init__()
        self.widths = widths

    CSS = "Horizontal { height: 1fr; } Static { height: 1fr; border: solid red; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            for number, width in enumerate(self.widths):
                column = Static(str(number))
                column.styles.width = f"{width}fr"
                yield column


def notice_text(app, strips: dict[int, Strip]) -> str:
    """What the notice shows (its region of the given screen lines), without spaces."""
    region = app.screen.query_one("Toast").region
    shown = [strips[y].crop(region.x, region.right).text for y in region.line_range if y in strips]
    return re.sub(r"[\s▌]", "", "".join(shown))


def full_render(app) -> dict[int, Strip]:
    return dict(enumerate(app.screen._compositor.render_strips()))


def partial_update(app) -> dict[int, Strip]:
    """The screen as the next partial update writes it (the path a live terminal takes):
    each line's pieces in order."""
    compositor = app.screen._compositor
    compositor._dirty_regions.add(compositor.size.region)
    update = compositor.render_partial_update()
    return {y: Strip.join(strip for strip in update.chops[y].values() if strip is not None)
            for y, _x1, _x2 in update.spans}


@settings(max_examples=25, deadline=None)
@given(message=CJK, widths=st.lists(st.integers(min_value=1, max_value=9), min_size=4, max_size=16))
async def test_a_notice_over_column_edges_keeps_every_character(message, widths):
    app = Columns(widths)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify(message, timeout=60)
        await pilot.pause()
        want = re.sub(r"\s", "", message)
        assert notice_text(app, full_render(app)) == want
        assert notice_text(app, partial_update(app)) == want


async def test_a_chinese_notice_over_the_meeting_notes_keeps_every_character(demo_store):
    """The notice after marking an action item done, over the notes' column border."""
    app = make_app(demo_store, "zh_CN")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("8", "j", "enter")
        await pilot.pause()
        await pilot.press("tab", "j", "d")
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert notices and "再按" in notices[-1]
        assert notice_text(app, full_render(app)) == re.sub(r"\s", "", notices[-1])

