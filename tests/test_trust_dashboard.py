"""The trust ledger on the Dashboard: overdue commitments first, the satisfaction trend,
detractors and overdue follow-ups; in both languages."""

from __future__ import annotations

import pytest

from conftest import make_app
from tui.screens.dashboard import PANELS, Panel
from tui.widgets.trust_panels import FeedbackWaitingPanel, OverdueCommitmentsPanel, SatisfactionPanel


def test_overdue_commitments_panel_is_first():
    assert PANELS[0] is OverdueCommitmentsPanel
    assert SatisfactionPanel in PANELS and FeedbackWaitingPanel in PANELS


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_panels_on_the_demo(demo_store, language):
    app = make_app(demo_store, language)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.current_mode == "dashboard"
        panels = list(app.screen.query(Panel))
        assert isinstance(panels[0], OverdueCommitmentsPanel)
        overdue = str(app.screen.query_one(OverdueCommitmentsPanel).render())
        assert "CM-7" in overdue and "CM-8" in overdue
        assert ("3 days late" if language == "en" else "逾期 3 天") in overdue
        assert "60%" in overdue
        trend = str(app.screen.query_one(SatisfactionPanel).render())
        assert "ACME" in trend and "NOVA" in trend and "%" in trend
        waiting = str(app.screen.query_one(FeedbackWaitingPanel).render())
        assert "FB-13" in waiting  # CSAT 1, five days, never acknowledged
        assert "FB-9" in waiting  # follow-up date passed
        assert panels[0].border_title == ("Overdue commitments" if language == "en" else "逾期承诺")


async def test_panels_follow_changes(store):
    from tui.store import commitments, feedback, projects

    projects.add(store, "ACME", "ACME portal", client="ACME")  # past "getting started"
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(OverdueCommitmentsPanel)
        assert "No overdue commitments" in str(panel.render())
        assert "No scores yet" in str(app.screen.query_one(SatisfactionPanel).render())
        commitments.add(store, "Send the plan", "2026-11-20")
        feedback.add(store, "Unhappy", csat=1, received_on="2026-11-20")
        app.screen.refresh_data()
        await pilot.pause()
        assert "CM-1" in str(panel.render())
        assert "FB-1" in str(app.screen.query_one(FeedbackWaitingPanel).render())
