"""The Workspace area's dialogs: a project (new / edit, archive by its status), a member (a
lead adds or edits: name, role, active), and my own display name. `FormScreen`s: the save
runs on the store thread, drafts, validation next to the field, three-way conflict merges.
What needs a lead is checked by the store (`tui/store/permissions.py`)."""

from __future__ import annotations

from ..i18n import N_, _
from ..store import members, projects
from ..text import one_line
from ..widgets.form import Field, FormScreen

LANGUAGE_CHOICES = (("en", "English (en)"), ("zh_CN", "简体中文 (zh_CN)"))
PROJECT_STATUS_CHOICES = (
    ("active", N_("Active: in pickers and on the dashboard")),
    ("archived", N_("Archived: its history stays, it leaves pickers and the dashboard")),
)
ROLE_CHOICES = (("member", N_("Member")), ("lead", N_("Lead: approves, accepts, manages the workspace")))
ACTIVE_CHOICES = (
    ("active", N_("Active: on the standup board and in pickers")),
    ("inactive", N_("Inactive: off the board and pickers; their history stays")),
)


def project_fields(*, new: bool) -> list[Field]:
    fields = [Field("key", N_("Project key"), required=True, placeholder=N_("e.g. ACME (1–16 letters or digits)"))] if new else []
    fields += [
        Field("name", N_("Name"), required=True, placeholder=N_("e.g. ACME client portal")),
        Field("client", N_("Client"), placeholder=N_("e.g. ACME 集团")),
        Field("client_lang", N_("Client's language (reports and exports)"), "choice", choices=LANGUAGE_CHOICES,
              allow_blank=False),
        Field("contacts", N_("Client contacts, one per line"), "text", height=3,
              placeholder=N_("e.g. 刘总 (信息部)")),
        Field("start_on", N_("Start date"), "date"),
        Field("end_on", N_("End date"), "date"),
    ]
    if not new:
        fields.append(Field("archived", N_("Status"), "choice", choices=PROJECT_STATUS_CHOICES,
                            translate_choices=True, allow_blank=False))
    return fields


def project_form(store, row: dict | None) -> FormScreen:
    """A new project (row None) or an edit of `row`, which archives or restores it too."""
    if row is None:
        values = {"key": "", "name": "", "client": "", "client_lang": "en", "contacts": "", "start_on": "",
                  "end_on": ""}

        def save(store, values: dict, _version):
            return projects.add(store, values["key"], values["name"], values["client"],
                                client_lang=values["client_lang"] or "en", contacts=values["contacts"],
                                start_on=values["start_on"] or None, end_on=values["end_on"] or None)

        return FormScreen(lambda: _("New project"), project_fields(new=True), values, save,
                          draft_key="workspace/project/new", id="project-form")
    key = row["key"]

    def save_edit(store, values: dict, version):
        return projects.edit(store, key, values, version)

    return FormScreen(lambda: _("Edit project {key}").format(key=key), project_fields(new=False), projects.form_values(row),
                      save_edit, version=row["version"], to_values=projects.form_values,
                      draft_key=f"workspace/project/{key}", subtitle=one_line(row["name"], 60), id="project-form")


NEW_MEMBER_FIELDS = [
    Field("login", N_("Login on this host"), required=True, placeholder=N_("e.g. zhangwei (their SSH account)")),
    Field("display_name", N_("Display name"), required=True, placeholder=N_("e.g. 张伟")),
    Field("role", N_("Role"), "choice", choices=ROLE_CHOICES, translate_choices=True, allow_blank=False),
]
MEMBER_FIELDS = [
    Field("display_name", N_("Display name"), required=True),
    Field("role", N_("Role"), "choice", choices=ROLE_CHOICES, translate_choices=True, allow_blank=False),
    Field("active", N_("Status"), "choice", choices=ACTIVE_CHOICES, translate_choices=True, allow_blank=False),
]
NAME_FIELDS = [Field("display_name", N_("Display name"), required=True, placeholder=N_("How the team sees you"))]


def new_member_form() -> FormScreen:
    def save(store, values: dict, _version):
        return members.add(store, values["login"], values["display_name"], values["role"] or "member")

    return FormScreen(lambda: _("Add a member"), NEW_MEMBER_FIELDS, {"login": "", "display_name": "", "role": "member"}, save,
                      draft_key="workspace/member/new",
                      subtitle=_("They join with this name and role the first time they open the workspace."),
                      id="member-form")


def member_form(row: dict) -> FormScreen:
    """A lead edits a member: display name, role, active."""
    login = row["login"]

    def save(store, values: dict, version):
        return members.edit(store, login, values, version)

    return FormScreen(lambda: _("Edit member {login}").format(login=login), MEMBER_FIELDS, members.form_values(row), save,
                      version=row["version"], to_values=members.form_values,
                      draft_key=f"workspace/member/{login}", id="member-form")


def name_form(row: dict | None, login: str) -> FormScreen:
    """Anyone: my own display name."""

    def save(store, values: dict, version):
        return members.rename(store, None, values["display_name"], version=version)

    values = {"display_name": row["display_name"] if row else login}
    return FormScreen(lambda: _("Your display name"), NAME_FIELDS, values, save, version=row["version"] if row else None,
                      to_values=members.form_values, draft_key=f"workspace/member/{login}/name",
                      subtitle=_("Shown instead of your login ({login}) everywhere.").format(login=login),
                      id="name-form")
