"""The Commitments area's dialogs: a promise (new / edit) and moving its due date (which asks
for the reason and keeps the original date). `FormScreen`s: drafts, validation, conflicts."""

from __future__ import annotations

from datetime import date, timedelta

from ..i18n import N_, _
from ..store import commitments, members, projects
from ..text import one_line
from ..widgets.form import Field, FormScreen


def promise_fields(store, *, new: bool) -> list[Field]:
    project_choices = tuple((p["key"], f"{p['key']} · {p['name']}") for p in projects.active(store))
    member_choices = tuple((m["login"], m["display_name"]) for m in members.active(store))
    fields = [
        Field("promise", N_("What we promised"), "text", height=3, required=True,
              placeholder=N_("e.g. send the revised plan to the client")),
        Field("to_whom", N_("To whom"), placeholder=N_("e.g. ACME 刘总")),
    ]
    if new:
        fields.append(Field("due", N_("Due"), "date", required=True))
    fields += [
        Field("owner", N_("Owner"), "choice", choices=member_choices),
        Field("project", N_("Project"), "choice", choices=project_choices),
        Field("note", N_("Note"), "text", height=2),
    ]
    return fields


def promise_form(store, row: dict | None, *, project: str | None = None, move_due_key: str = "") -> FormScreen:
    """A new promise (row None; `project` preselected) or an edit of `row` (the due date
    moves with its own move: `move_due_key` is the key bound to it)."""
    if row is None:
        values = {"promise": "", "to_whom": "", "due": (store.today() + timedelta(days=7)).isoformat(),
                  "owner": store.user, "project": project or projects.resolve(store, None) or "", "note": ""}

        def save(store, values: dict, _version):
            return commitments.add(store, values["promise"], values["due"], to_whom=values["to_whom"],
                                   owner=values["owner"] or None, project=values["project"] or None,
                                   note=values["note"])

        return FormScreen(lambda: _("New commitment"), promise_fields(store, new=True), values, save,
                          draft_key="commitments/new", id="commitments-form")
    key = row["key"]

    def save_edit(store, values: dict, version):
        return commitments.edit(store, key, values, version)

    values = commitments.form_values(row)
    values.pop("due")
    return FormScreen(lambda: _("Edit {key}").format(key=key), promise_fields(store, new=False), values, save_edit,
                      version=row["version"], draft_key=f"commitments/{key}/edit",
                      subtitle=_("Due {due}: move it with {key}.").format(due=row["due"], key=move_due_key),
                      id="commitments-form")


DUE_FIELDS = [
    Field("due", N_("New due date"), "date", required=True),
    Field("reason", N_("Why does it move?"), "text", height=3, required=True,
          placeholder=N_("What the client agreed to, and why")),
]


def move_due_form(store, row: dict) -> FormScreen:
    key = row["key"]
    current = date.fromisoformat(row["due"])
    suggested = max(current, store.today()) + timedelta(days=7)

    def save(store, values: dict, version):
        return commitments.move_due(store, key, values["due"], values["reason"], version=version)

    subtitle = _("Due {due} (originally {original}). {promise}").format(
        due=row["due"], original=row["original_due"], promise=one_line(row["promise"], 50))
    return FormScreen(lambda: _("Move the due date of {key}").format(key=key), DUE_FIELDS,
                      {"due": suggested.isoformat(), "reason": ""}, save, version=row["version"],
                      draft_key=f"commitments/{key}/due", subtitle=subtitle, focus="due",
                      id="commitments-due-form")
