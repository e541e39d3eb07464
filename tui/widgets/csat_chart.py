"""Satisfaction over time, drawn in text: one row per project, one column of bars per ISO
week, then the share of 4s and 5s and the mean over the weeks shown.

    满意度（近 8 周）     W41 ········· W48
    ACME   ▆ ▁ ▆ █ ▆ █ · █   4–5 83%  均分 4.2  (6)
    NOVA   · ▃ █ ▃ ▁ ▄ · ·   4–5 40%  均分 3.2  (5)

The bar height is the week's share of 4–5 (▁ = 0 %, █ = 100 %); `·` is a week with no
scores. It fits in 80 columns in both languages. Everything drawn is program text or a
project key, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from ..i18n import _, format_number, with_note
from ..text import one_line

if TYPE_CHECKING:
    from ..store.trust import CsatWeeks

WEEKS = 8

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None], low: float = 0.0, high: float = 1.0) -> str:
    """One character per value on a fixed scale; a gap (·) where there is no value."""
    out = []
    span = (high - low) or 1.0
    for value in values:
        if value is None:
            out.append("·")
            continue
        position = (min(max(value, low), high) - low) / span
        out.append(SPARK[min(len(SPARK) - 1, int(round(position * (len(SPARK) - 1))))])
    return "".join(out)


def share_style(share: float | None) -> str:
    if share is None:
        return "dim"
    if share >= 0.8:
        return "green"
    if share >= 0.5:
        return "yellow"
    return "red"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value * 100)}%"


def mean_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def _cell(value: str, width: int) -> str:
    """Left-aligned to `width` terminal cells (labels may be Chinese: 2 cells a character)."""
    from rich.cells import cell_len

    return value + " " * max(0, width - cell_len(value))


def render_chart(chart: CsatWeeks, *, title: bool = True) -> Text:
    """The chart (`trust.csat_weeks`): per project, a row of weekly shares of 4–5 and a
    row of weekly means (scale 1–5)."""
    labels, series = chart.weeks, chart.series
    weeks = len(labels)
    text = Text()
    bars_width = 2 * weeks - 1
    share_label, mean_label = _("4–5"), _("mean")
    label_width = 6
    if title:
        text.append(_("Satisfaction (CSAT), last {n} weeks").format(n=weeks), style="bold")
        text.append("\n")
    first, last = (_("W{week}").format(week=label[1]) for label in (labels[0], labels[-1]))
    axis = first + " " * max(1, bars_width - cell_len(first) - cell_len(last)) + last
    if title:
        text.append(" " * (7 + label_width), style="dim")
    else:
        text.append(_cell(_("CSAT"), 7 + label_width), style="bold")
    text.append(axis, style="dim")
    if not series:
        text.append("\n" + _("No scores yet. Record a CSAT (1–5) with the feedback."), style="dim italic")
        return text
    for project, stats in series.items():
        total = chart.totals[project]
        name = one_line(project or _("(none)"), 6)
        text.append("\n")
        text.append(f"{name:<6} ", style="bold")
        text.append(_cell(share_label, label_width), style="dim")
        for n, stat in enumerate(stats):
            text.append(" " if n else "")
            text.append(sparkline([stat.share]), style=share_style(stat.share))
        text.append(f"  {percent(total.share):>4}", style=share_style(total.share) + " bold")
        text.append(with_note("", total.count), style="dim")  # ` (12)` / `（12）`
        text.append("\n" + " " * 7)
        text.append(_cell(mean_label, label_width), style="dim")
        for n, stat in enumerate(stats):
            text.append(" " if n else "")
            text.append(sparkline([stat.mean], 1.0, 5.0), style=share_style(stat.share))
        text.append(f"  {mean_text(total.mean):>4}", style="bold")
    return text


class CsatChart(Static):
    """The chart as a widget (Feedback area): its screen gives it the weeks to draw
    (`show(trust.csat_weeks(…))`)."""

    def __init__(self, *, weeks: int = WEEKS, title: bool = True, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.weeks = weeks
        self.show_title = title

    def show(self, chart: CsatWeeks) -> None:
        self.update(render_chart(chart, title=self.show_title))
