"""The forms of the Requirements area: a requirement, the client sign-off, a milestone.

All are `FormScreen`s: the form stays open until the store accepts the save, a
version conflict shows both versions, and the draft survives a dropped connection.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import N_, _, join_list
from ..store import members, milestones, projects, requirements, workflow
from ..text import one_line
from ..widgets.form import Field, FormScreen

PRIORITY_CHOICES = (
    ("P0", N_("P0 · critical")),
    ("P1", N_("P1 · high")),
    ("P2", N_("P2 · normal")),
    ("P3", N_("P3 · low")),
)


def requirement_fields(store) -> list[Field]:
    """The requirement form; choices are read now (projects, team, milestones)."""
    project_choices = tuple((p["key"], f"{p['key']} · {one_line(p['name'], 40)}") for p in projects.active(store))
    owner_choices = tuple(
        (m["login"], f"{one_line(m['display_name'], 30)} ({m['login']})") for m in members.active(store)
    )
    milestone_choices = tuple(
        (m["id"], f"{m['project']} · {one_line(m['name'], 40)}" + (f" ({m['due']})" if m["due"] else ""))
        for m in milestones.all_milestones(store)
    )
    return [
        Field("title", N_("Title"), required=True, placeholder=N_("What the client asked for, in one line")),
        Field("project", N_("Project"), "choice", choices=project_choices),
        Field("priority", N_("Priority"), "choice", choices=PRIORITY_CHOICES, translate_choices=True, allow_blank=False),
        Field("owner", N_("Owner"), "choice", choices=owner_choices),
        Field("milestone_id", N_("Milestone"), "choice", choices=milestone_choices),
        Field("source", N_("Source"), placeholder=N_("Client contact or meeting it came from")),
        Field("detail", N_("Description"), "text", height=4),
        Field("acceptance_criteria", N_("Acceptance criteria"), "text", height=3),
    ]


REOPEN_FIELD = Field(
    "reason", N_("Why re-open it?"), "text", height=2,
    placeholder=N_("Signed off by the client: needed to change the title, description or criteria"),
)


def requirement_form(
    store,
    key: str | None = None,
    defaults: dict | None = None,
    *,
    create: Callable[..., dict] | None = None,
    title: str | None = None,
    subtitle: str = "",
    draft_key: str | None = None,
) -> FormScreen:
    """The requirement form: new (`key` None; `defaults` prefill it) or an edit. A new one
    is saved by `create(store, values)` (default `requirements.create`), on the store
    thread. Editing a signed-off requirement also asks why it is re-opened (the store
    wants the reason, and a lead, if the title or scope changes)."""
    fields = requirement_fields(store)
    heading: str | Callable[[], str]
    if key is None:
        values = {"priority": "P2", "project": projects.resolve(store, None) or ""}
        values.update({k: v for k, v in (defaults or {}).items() if v not in (None, "")})
        version = None
        heading = title or (lambda: _("New requirement"))
    else:
        row = requirements.require(store, key)
        values = {f.name: row[f.name] for f in fields}
        version = row["version"]
        key_shown = row["key"]
        heading = title or (lambda: _("Edit {key}").format(key=key_shown))
        subtitle = subtitle or one_line(row["title"], 80)
        if row["status"] in requirements.DECIDED:
            fields.append(REOPEN_FIELD)
            values["reason"] = ""
            subtitle += "\n" + _("{status}: changing the title, description or acceptance criteria re-opens it (a lead, with a reason).").format(
                status=workflow.label(row["status"]))

    def save(store, values: dict, version: int | None):
        if key is None:
            return (create or requirements.create)(store, values)
        reason = values.get("reason") or None
        return requirements.update(store, key, values, expected_version=version, reason=reason)

    return FormScreen(
        heading, fields, values, save, version=version,
        draft_key=draft_key or f"requirement/{key or 'new'}", subtitle=subtitle, focus="title",
        id="requirement-form",
    )


def open_requirement_form(screen, key: str | None = None, defaults: dict | None = None,
                          on_saved: Callable[[dict], None] | None = None) -> None:
    """New (`key` None) or edit. `on_saved(row)` runs after a successful save."""

    def saved(result) -> None:
        if result is not None:
            screen.app.notify(
                _("Saved {key}.").format(key=result["key"]), markup=False, timeout=3
            )
            if on_saved:
                on_saved(result)

    screen.app.push_screen(requirement_form(screen.app.store, key, defaults), saved)


SIGN_OFF_FIELDS = [
    Field("confirmed_by", N_("Signed off by"), required=True,
          placeholder=N_("The client contact who confirmed it, e.g. 刘经理 (ACME)")),
    Field("note", N_("Note"), placeholder=N_("Where and how: meeting, email, signed document")),
]


def open_sign_off_form(screen, keys: list[str], on_done: Callable[[list[dict]], None] | None = None) -> None:
    """Confirm `keys` with the client contact who signed off (recorded with the time)."""
    store = screen.app.store
    done: list[dict] = []

    def save(store, values: dict, _version):
        remaining = [k for k in keys if k not in {row["key"] for row in done}]
        for key in remaining:
            done.append(requirements.move(
                store, key, "confirmed", confirmed_by=values.get("confirmed_by", ""), note=values.get("note", "")
            ))
        return done

    def saved(result) -> None:
        if done and on_done:
            on_done(done)

    subtitle = join_list(keys[:8]) + (" …" if len(keys) > 8 else "")
    if len(keys) == 1:
        row = requirements.get(store, keys[0])
        if row is not None:
            subtitle = f"{row['key']} · {one_line(row['title'], 70)}"
    screen.app.push_screen(
        FormScreen(lambda: _("Client sign-off"), SIGN_OFF_FIELDS, {}, save, subtitle=subtitle,
                   focus="confirmed_by", id="sign-off-form"),
        saved,
    )


def milestone_fields(store) -> list[Field]:
    project_choices = tuple((p["key"], f"{p['key']} · {one_line(p['name'], 40)}") for p in projects.active(store))
    return [
        Field("name", N_("Name"), required=True, placeholder=N_("e.g. 二期验收 / Phase 2 acceptance")),
        Field("project", N_("Project"), "choice", choices=project_choices, required=True),
        Field("due", N_("Due"), "date"),
    ]


def open_milestone_form(screen, milestone_id: int | None = None, project: str | None = None,
                        on_saved: Callable[[dict], None] | None = None) -> None:
    store = screen.app.store
    fields = milestone_fields(store)
    if milestone_id is None:
        values = {"project": project or projects.resolve(store, None) or ""}
        version = None
        title = lambda: _("New milestone")
    else:
        row = milestones.require(store, milestone_id)
        values = {f.name: row[f.name] for f in fields}
        version = row["version"]
        title = lambda: _("Edit milestone")

    def save(store, values: dict, version: int | None):
        if milestone_id is None:
            return milestones.create(store, values.get("project") or None, values.get("name", ""), values.get("due"))
        return milestones.update(store, milestone_id, values, expected_version=version)

    def saved(result) -> None:
        if result is not None:
            screen.app.notify(_("Saved milestone {name}.").format(name=one_line(result["name"], 60)),
                              markup=False, timeout=3)
            if on_saved:
                on_saved(result)

    screen.app.push_screen(
        FormScreen(title, fields, values, save, version=version,
                   draft_key=f"milestone/{milestone_id or 'new'}", focus="name", id="milestone-form"),
        saved,
    )
