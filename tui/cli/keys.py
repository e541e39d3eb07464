"""`huddle keys [--json]`: every binding id, the key bound to it and what it does, in the
active language — the ids a user puts in the settings file's `keymap` to rebind a key.

The list is read from the app's classes themselves (the app, each area's screen, the
screens and dialogs reached from them, the lists), so it cannot drift from what the app
binds. Keys come out as the app shows them, after the user's own `keymap`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

import click

from ..i18n import N_, _
from . import common_options, echo, emit_json, format_table, options
from .help import TranslatedCommand

if TYPE_CHECKING:
    from textual.dom import DOMNode

# Screens and widgets reached from the areas (not areas themselves), with their titles.
OTHERS = (
    ("tui.screens.milestones:MilestonesScreen", N_("Milestones")),
    ("tui.screens.milestones:MilestoneReviewScreen", N_("Milestone review")),
    ("tui.screens.meeting:MeetingScreen", N_("Standup meeting")),
    ("tui.screens.meetings:MeetingNotesScreen", N_("Meeting notes")),
    ("tui.screens.report:ReportScreen", N_("Weekly report")),
    ("tui.widgets.item_table:ItemTable", N_("Lists")),
    ("tui.widgets.form:FormScreen", N_("Forms")),
    ("tui.widgets.form:ConfirmScreen", N_("Questions")),
    ("tui.widgets.form:ConflictScreen", N_("Someone saved first")),
    ("tui.screens.list_area:PriorityScreen", N_("Priority")),
    ("tui.widgets.export:ExportScreen", N_("Export")),
    ("tui.screens.help:HelpScreen", N_("Help")),
)


def _load(spec: str):
    module, name = spec.split(":")
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):  # a screen this version does not have
        return None


def sections() -> list[tuple[str, type[DOMNode]]]:
    """(title msgid, class) for the app, each area, and what is reached from them."""
    from ..app import HuddleApp
    from ..screens import AREAS

    found: list[tuple[str, type[DOMNode] | None]] = [(N_("Everywhere"), HuddleApp)]
    for area in AREAS:
        found.append((area.title, _load(f"tui.screens{area.screen}")))
    found += [(title, _load(spec)) for spec, title in OTHERS]
    return [(title, cls) for title, cls in found if cls is not None]


def rows(keymap: dict[str, str]) -> list[dict]:
    """Every binding with an id: {"section", "id", "keys", "description"}; one row per id
    and section, its keys as the app shows them (after `keymap`)."""
    from textual.app import App
    from textual.binding import Binding

    display = App().get_key_display
    result: list[dict] = []
    for title, cls in sections():
        merged = cls._merged_bindings
        if merged is None:
            continue
        by_id: dict[str, dict] = {}
        for bindings in merged.key_to_bindings.values():
            for binding in bindings:
                if not binding.id or not binding.description:
                    continue
                row = by_id.setdefault(binding.id, {
                    "section": _(title), "id": binding.id, "keys": [], "description": _(binding.description),
                })
                override = keymap.get(binding.id)
                keys = [key.strip() for key in override.split(",")] if override else [binding.key]
                for key in keys:
                    shown = display(Binding(key, "", key_display=None if override else binding.key_display))
                    if shown not in row["keys"]:
                        row["keys"].append(shown)
        result += by_id.values()
    return result


@click.command("keys", cls=TranslatedCommand, help=N_("Every key of the app: its binding id (to rebind it in the settings file's "
                               "keymap), the key bound now and what it does."))
@common_options
@click.option("--json", "as_json", is_flag=True, help=N_("Print the keys as JSON."))
@click.pass_context
def keys_command(ctx, as_json: bool) -> None:
    found = rows(options(ctx).settings.keymap)
    if as_json:
        emit_json(found)
        return
    lines: list[list] = [[_("Binding id"), _("Key"), _("What it does")]]
    section = None
    for row in found:
        if row["section"] != section:
            section = row["section"]
            lines.append([section, "", ""])
        lines.append(["  " + row["id"], " / ".join(row["keys"]), row["description"]])
    for line in format_table(lines, flex=2):
        echo(line.rstrip())
    echo()
    echo(_("Rebind a key in {path}, for example: \"keymap\": {{\"list.approve\": \"y\"}}").format(
        path=_settings_path()))


def _settings_path() -> str:
    from ..config import settings_path

    return str(settings_path())
