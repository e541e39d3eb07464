"""Named screens of the app, reached by keys from a fresh start on the demo workspace.

Used by the snapshot tests (every screen, both languages, two sizes) and by
`scripts/screenshots.py` (the SVGs in screenshots/). A scenario is the keys to press and
an optional `settle(app)` that freezes anything that moves (clocks, cursors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widgets import Input, TextArea


@dataclass(frozen=True)
class Scenario:
    keys: tuple[str, ...]
    settle: Callable | None = None


def no_blink(app) -> None:
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def frozen_meeting(app) -> None:
    meeting = app.screen
    meeting.running = False
    if meeting.speaker is not None:
        meeting.speaker.elapsed = 135  # over the 2-minute limit, to show it
    for speaker in meeting.speakers[: meeting.index]:
        speaker.elapsed = 95
    meeting.show_clock()
    no_blink(app)


async def frozen_summary(app) -> None:
    meeting = app.screen
    meeting.running = False
    for number, speaker in enumerate(meeting.speakers):
        speaker.elapsed = 60 + 40 * (number % 3)
    meeting.ended = True
    await meeting.recompose()


SCENARIOS: dict[str, Scenario] = {
    "dashboard": Scenario(()),
    "standup": Scenario(("2",)),
    "standup-note-form": Scenario(("2", "n"), no_blink),
    "standup-meeting": Scenario(("2", "m", "n", "n"), frozen_meeting),
    "standup-meeting-summary": Scenario(("2", "m"), frozen_summary),
    "help": Scenario(("2", "question_mark")),
    "command-palette": Scenario(("ctrl+p",), no_blink),
}


# The areas' screens, for scripts/screenshots.py (each area's own snapshot tests cover them
# in both languages and sizes).
AREA_SCENARIOS: dict[str, Scenario] = {
    "requirements": Scenario(("3",)),
    "requirements-form": Scenario(("3", "n"), no_blink),
    "milestones": Scenario(("3", "M")),
    "milestone-review": Scenario(("3", "M", "j", "j", "enter")),
    "changes": Scenario(("4",)),
    "changes-impact-form": Scenario(("4", "A"), no_blink),
    "feedback": Scenario(("5",)),
    "commitments": Scenario(("6",)),
    "workspace": Scenario(("7",)),
    "meetings": Scenario(("8",)),
    "meeting-notes": Scenario(("8", "j", "enter"), no_blink),
    "report-preview": Scenario(("W",)),
    "report-preview-internal": Scenario(("W", "I", "end")),
}
