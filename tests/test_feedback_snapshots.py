"""Snapshots of the Feedback and Commitments areas (lists, detail, forms) and of the CSAT
chart, in English and Chinese, at 100x30 and 80x24, on the demo workspace."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from conftest import make_app
from scenarios import no_blink
from tui import i18n
from tui.store import feedback, trust
from tui.widgets.csat_chart import CsatChart

SIZES = [(100, 30), (80, 24)]
SCENARIOS = {
    "feedback_list": ("5",),
    "feedback_detractor": ("5", "j", "j", "j", "j"),
    "feedback_new": ("5", "n"),
    "feedback_close": ("5", "j", "j", "j", "j", "h", "v", "d"),
    "feedback_follow_up": ("5", "z"),
    "commitments_list": ("6",),
    "commitments_new": ("6", "n"),
    "commitments_move_due": ("6", "z"),
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


class ChartApp(App):
    """Just the chart, as wide as a terminal: how it reads at 80 columns."""

    def __init__(self, store, language: str) -> None:
        i18n.set_language(language)
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield CsatChart()
        yield CsatChart(weeks=6, title=False)

    def on_mount(self) -> None:
        today = self.store.today()
        for chart in self.query(CsatChart):
            rows = feedback.csat_rows(self.store, trust.chart_since(today, chart.weeks))
            chart.show(trust.csat_weeks(rows, today, chart.weeks))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_chart(snap_compare, demo_store, language):
    assert snap_compare(ChartApp(demo_store, language), terminal_size=(80, 12))
