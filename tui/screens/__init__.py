"""The areas of the app, in the order of their keys.

Each area is a Textual *mode* (its own screen stack). An area appears here only once it
exists: no placeholders. Screens are imported when first shown, which keeps start-up close
to a bare Textual app.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from ..i18n import N_


@dataclass(frozen=True)
class Area:
    mode: str
    key: str
    title: str  # English msgid; translate when shown
    screen: str  # "module:Class", imported on first use
    in_header: bool = True
    short: str = ""
    """A shorter English msgid for the header when the full names do not fit (80 columns
    with the Workspace or Meetings area open); empty: the title is short already."""
    """Listed in the header's row of areas (the Workspace area, visited rarely, appears
    there only while it is open; its key, the palette and the dashboard lead to it)."""

    def factory(self):
        module_name, class_name = self.screen.split(":")
        return getattr(import_module(module_name, __package__), class_name)()


AREAS: list[Area] = [
    Area("dashboard", "1", N_("Dashboard"), ".dashboard:DashboardScreen", short=N_("Home")),
    Area("standup", "2", N_("Standup"), ".standup:StandupScreen"),
    Area("requirements", "3", N_("Requirements"), ".requirements:RequirementsScreen", short=N_("Reqs")),
    Area("changes", "4", N_("Changes"), ".changes:ChangesScreen"),
    Area("feedback", "5", N_("Feedback"), ".feedback:FeedbackScreen"),
    Area("commitments", "6", N_("Commitments"), ".commitments:CommitmentsScreen", short=N_("Promises")),
    Area("workspace", "7", N_("Workspace"), ".workspace:WorkspaceScreen", in_header=False),
    Area("meetings", "8", N_("Meetings"), ".meetings:MeetingsScreen", in_header=False),
]
