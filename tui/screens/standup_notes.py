"""What the Standup board and meeting mode share: the note form's fields, the note form,
and the minutes' export. (Its own module, so that the board opens meeting mode and meeting
mode uses these without the two screens importing each other.)"""

from __future__ import annotations

from datetime import date

from ..i18n import N_, _, format_weekday_date
from ..store import standup
from ..text import one_line
from ..widgets.form import Field, FormScreen

NOTE_FIELDS = [
    Field("yesterday", N_("Yesterday"), "text", height=3, placeholder=N_("What you did")),
    Field("today", N_("Today"), "text", height=3, placeholder=N_("What you will do")),
    Field("blockers", N_("Blockers"), "text", height=2, placeholder=N_("What is in your way (leave empty if nothing)")),
]


def open_note_form(screen, day: date, login: str, name: str, on_saved=None) -> None:
    """The note form for `login` on `day`. A new note is prefilled with their last "today"
    (as "yesterday") and their open blocker, so that clearing a blocker is explicit."""
    store = screen.app.store
    values, version = standup.editor_values(store, day, login)

    def save(store, values: dict, version: int | None):
        return standup.save(store, day, login, standup.Note(**values), expected_version=version)

    def saved(result) -> None:
        if result is not None:
            screen.app.notify(_("Saved the note of {name}.").format(name=one_line(name, 40)), markup=False, timeout=3)
            if on_saved:
                on_saved()

    screen.app.push_screen(
        FormScreen(
            lambda: _("Standup note"),
            NOTE_FIELDS,
            values,
            save,
            version=version,
            draft_key=f"standup/{day.isoformat()}/{login}",
            subtitle=f"{one_line(name, 40)} · {format_weekday_date(day)}",
            focus="today",
            id="note-form",
        ),
        saved,
    )


def open_waits_on_form(screen, day: date, row: dict, active: list[dict], on_saved=None) -> None:
    """Ask which project's client the blocker of `row` (a board row) waits on: the active
    projects, the recorded or guessed one preselected. Saving marks it (version-checked);
    escape changes nothing."""
    login = row["login"]
    suggested = standup.suggested_project(screen.app.store, day, login) or ""
    choices = tuple(
        (p["key"], f"{p['key']} · {one_line(p['client'] or p['name'], 40)}") for p in active
    )
    fields = [Field("project", N_("Project"), "choice", choices=choices, required=True)]

    def save(store, values: dict, version: int | None):
        return standup.mark_waits_on_client(store, day, login, values["project"], expected_version=version)

    def theirs(current: dict) -> dict:
        # Their save marked it (their project) or changed something else (the guess stands).
        return {"project": current.get("blockers_project") or suggested}

    def subtitle() -> str:
        blocker = one_line(row["blockers"], 50)
        return f"{one_line(row['display_name'], 20)} · {blocker}"

    screen.app.push_screen(
        FormScreen(
            lambda: _("Which client does this blocker wait on?"),
            fields,
            {"project": suggested},
            save,
            version=row["version"],
            to_values=theirs,
            subtitle=subtitle,
            save_label=N_("Waits on the client"),
            id="waits-on-form",
        ),
        lambda result: on_saved() if result is not None and on_saved else None,
    )


def export_minutes(app, day: date) -> None:
    """Write the day's minutes as Markdown: the dialog shows where (the user's exports
    folder by default) before anything is written, and the notice says where it went."""
    from ..reports.standup import minutes_markdown
    from ..widgets.export import ExportScreen

    app.push_screen(ExportScreen(
        f"standup-{day.isoformat()}.md", lambda: minutes_markdown(app.store, day),
        title=N_("Export the minutes"), done=N_("Wrote the minutes to {path}."),
    ))
