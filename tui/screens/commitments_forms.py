"""The Commitments area's dialogs: a promise (new / edit) and moving its due date (which asks
for the reason and keeps the original date). `FormScreen`s: drafts, validation, conflicts."""

from __future__ import annotations

from datetime import date, timedelta

from ..i18n import N_, _
from ..store import batch, commitments, members, projects
from ..store.errors import ConflictError, StoreError
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


def promise_form(store, row: dict | None, *, project: str | None = None) -> FormScreen:
    """A new promise (row None; `project` preselected) or an edit of `row`."""
    if row is None:
        values = {"promise": "", "to_whom": "", "due": (store.today() + timedelta(days=7)).isoformat(),
                  "owner": store.user, "project": project or projects.resolve(store, None) or "", "note": ""}

        def save(store, values: dict, _version):
            return commitments.add(store, values["promise"], values["due"], to_whom=values["to_whom"],
                                   owner=values["owner"] or None, project=values["project"] or None,
                                   note=values["note"])

        return FormScreen(_("New commitment"), promise_fields(store, new=True), values, save,
                          draft_key="commitments/new", id="commitments-form")
    key = row["key"]

    def save_edit(store, values: dict, version):
        return commitments.edit(store, key, values, version)

    values = commitments.form_values(row)
    values.pop("due")
    return FormScreen(_("Edit {key}").format(key=key), promise_fields(store, new=False), values, save_edit,
                      version=row["version"], draft_key=f"commitments/{key}/edit",
                      subtitle=_("Due {due}: move it with d.").format(due=row["due"]), id="commitments-form")


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
    return FormScreen(_("Move the due date of {key}").format(key=key), DUE_FIELDS,
                      {"due": suggested.isoformat(), "reason": ""}, save, version=row["version"],
                      draft_key=f"commitments/{key}/due", subtitle=subtitle, focus="reason",
                      id="commitments-due-form")


MISSED_FIELDS = [
    Field("reason", N_("Why was it missed?"), "text", height=3, required=True,
          placeholder=N_("What happened, and what the client was told")),
]


def missed_form(store, keys: list[str]) -> FormScreen:
    """Mark `keys` missed, with the reason (kept in each one's history). Saves on the store
    thread; one key dismisses with its row's outcome, several with one outcome for all:
    `batch.each`'s (rows, refused)."""
    rows = [commitments.get(store, key) for key in keys]
    rows = [row for row in rows if row is not None]
    versions = {row["key"]: row["version"] for row in rows}

    def save(store, values: dict, _version):
        if len(rows) == 1:
            key = rows[0]["key"]
            try:
                row = commitments.move(store, key, "missed", note=values["reason"], version=versions[key])
            except ConflictError as conflict:  # someone changed it: say so, keep the reason typed
                raise StoreError(str(conflict)) from None
            return [row], []
        return batch.each(store, [row["key"] for row in rows], commitments.move, "missed", note=values["reason"])

    if len(rows) == 1:
        title = _("{key} was missed").format(key=rows[0]["key"])
        subtitle = one_line(rows[0]["promise"], 80)
    else:
        title = _("Missed")
        subtitle = ", ".join(row["key"] for row in rows[:8]) + (" …" if len(rows) > 8 else "")
    return FormScreen(title, MISSED_FIELDS, {"reason": ""}, save, subtitle=subtitle, id="commitments-missed-form")
