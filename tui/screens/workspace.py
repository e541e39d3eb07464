"""The Workspace area: the client projects and the team (display names, roles, active).

Two short lists; `tab` moves between them, `n` adds to the list in focus, `e`/`enter` edits
the selected row (a project's edit form archives it too; a member's sets the role and
active), `r` sets your own display name. What needs a lead (managing projects and members)
is decided by the store's one table (`tui/store/permissions.py`); the screen only reads it
to say so before opening a form that could not be saved.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from ..commands import command
from ..i18n import N_, _, format_relative, join_list, label_prefix, ngettext, with_note
from ..store import members, permissions, projects
from ..store.errors import PermissionDenied
from ..text import clean, one_line
from ..widgets.bound import key_of
from ..widgets.footer import HuddleFooter
from ..widgets.header import HuddleHeader
from ..widgets.item_table import FitTable
from .base import HuddleScreen, move_cursor

LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def role_label(role: str) -> str:
    return _("lead") if role == "lead" else _("member")


class WorkspaceScreen(HuddleScreen):
    """Projects and members of this workspace."""

    AREA = "workspace"
    HELP = N_(
        "The client projects and the team. tab moves between the two lists; n adds to the list in focus, "
        "e or enter edits the selected one (a project's status archives it: it leaves pickers and the dashboard, "
        "its history stays; a member's role and status), r sets your own display name. "
        "Any member may write standup notes, add and edit items and move them along, assess change requests and "
        "set their own name. Only a lead may approve or reject a change request, accept a requirement, reopen a "
        "decided item, and manage projects and members; a workspace always keeps one active lead."
    )

    BINDINGS = [
        Binding("n", "new", N_("New"), id="workspace.new"),
        Binding("e,enter", "edit", N_("Edit"), id="workspace.edit"),
        Binding("N", "rename_me", N_("My name"), id="workspace.rename"),
        Binding("tab", "switch_list", N_("Projects ⇄ Members"), id="workspace.switch", priority=False),
        Binding("j", "cursor('down')", N_("Down"), show=False, id="workspace.down"),
        Binding("k", "cursor('up')", N_("Up"), show=False, id="workspace.up"),
        Binding("g", "cursor('top')", N_("First"), show=False, id="workspace.first"),
        Binding("G", "cursor('bottom')", N_("Last"), show=False, id="workspace.last"),
    ]

    AUTO_FOCUS = "#workspace-projects"

    def __init__(self) -> None:
        super().__init__()
        self.project_rows: list[dict] = []
        self.member_rows: list[dict] = []
        self.selected_project: str | None = None
        self.selected_member: str | None = None
        self.list_in_focus = "projects"

    def compose(self) -> ComposeResult:
        yield HuddleHeader(self.AREA)
        with Horizontal(id="workspace-title", classes="area-title"):
            yield Static(id="workspace-heading", markup=False)
            yield Static(id="workspace-count", markup=False)
        with Vertical(id="workspace-body"):
            yield Static(id="workspace-projects-title", classes="workspace-list-title", markup=False)
            yield FitTable(id="workspace-projects", cursor_type="row", zebra_stripes=True)
            yield Static(id="workspace-members-title", classes="workspace-list-title", markup=False)
            yield FitTable(id="workspace-members", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="workspace-detail", classes="detail"):
                yield Static(id="workspace-detail-text", markup=False)
        yield HuddleFooter()

    def on_mount(self) -> None:
        self.refresh_data()

    def on_resize(self) -> None:
        self.refresh_data()

    def _key(self, binding_id: str) -> str:
        """The key bound to `binding_id` as the footer shows it (the first of several)."""
        return key_of(self, binding_id)

    # -- data ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        store = self.store
        self.project_rows = projects.all(store)
        self.member_rows = members.all_rows(store)
        width = max(40, self.size.width or 100)
        self._fill_projects(width)
        self._fill_members(width)
        active_projects = sum(1 for row in self.project_rows if not row["archived"])
        active_members = sum(1 for row in self.member_rows if row["active"])
        self.query_one("#workspace-heading", Static).update(f" {_('Workspace')} · {self.app.db_path.name}")
        self.query_one("#workspace-count", Static).update(
            ngettext("{n} project", "{n} projects", active_projects).format(n=active_projects) + " · "
            + ngettext("{n} member", "{n} members", active_members).format(n=active_members) + " "
        )
        archived = len(self.project_rows) - active_projects
        title = " " + _("Projects")
        if archived:
            title += " · " + ngettext("{n} archived", "{n} archived", archived).format(n=archived)
        self.query_one("#workspace-projects-title", Static).update(title)
        leads = [one_line(row["display_name"], 20) for row in self.member_rows if row["role"] == "lead" and row["active"]]
        self.query_one("#workspace-members-title", Static).update(
            " " + _("Members") + " · " + _("leads: {names}").format(names=join_list(leads) or "—"))
        self.show_detail()

    def _fill_projects(self, width: int) -> None:
        table = self.query_one("#workspace-projects", FitTable)
        table.clear(columns=True)
        fixed = {"key": 8, "client": 14 if width < 90 else 18, "lang": 5, "end": 10, "status": 8}
        name_width = 60  # the column cuts it further, with an ellipsis
        table.add_column(_("ID"), key="key", width=fixed["key"])
        table.add_column(_("Name"), key="name")
        table.add_column(_("Client"), key="client", width=fixed["client"])
        table.add_column(_("Lang"), key="lang", width=fixed["lang"])
        table.add_column(_("Ends"), key="end", width=fixed["end"], floor=fixed["end"])
        table.add_column(_("Status"), key="status", width=fixed["status"])
        for row in self.project_rows:
            style = "dim" if row["archived"] else ""
            table.add_row(
                Text(one_line(row["key"], fixed["key"]), style=f"bold {style}".strip()),
                Text(one_line(row["name"], name_width), style=style, no_wrap=True, overflow="ellipsis"),
                Text(one_line(row["client"], 60) or "—", style=style, no_wrap=True, overflow="ellipsis"),
                Text(row["client_lang"], style=style),
                Text(row["end_on"] or "—", style=style),
                Text(_("archived") if row["archived"] else "", style="italic dim"),
                key=row["key"],
            )
        if not self.project_rows:
            self.selected_project = None
        keys = [row["key"] for row in self.project_rows]
        if self.selected_project not in keys and keys:
            self.selected_project = keys[0]
        if self.selected_project in keys:
            table.move_cursor(row=keys.index(self.selected_project), animate=False)

    def _fill_members(self, width: int) -> None:
        table = self.query_one("#workspace-members", FitTable)
        table.clear(columns=True)
        fixed = {"login": 14, "role": 8, "status": 8}
        name_width = 60  # the column cuts it further, with an ellipsis
        table.add_column(_("Name"), key="name")
        table.add_column(_("Login"), key="login", width=fixed["login"])
        table.add_column(_("Role"), key="role", width=fixed["role"])
        table.add_column(_("Status"), key="status", width=fixed["status"])
        me = self.store.user
        for row in self.member_rows:
            style = "" if row["active"] else "dim"
            name = one_line(row["display_name"], name_width)
            if row["login"] == me:
                name = _("{name} (you)").format(name=one_line(row["display_name"], max(1, name_width - 6)))
            table.add_row(
                Text(name, style=style, no_wrap=True, overflow="ellipsis"),
                Text(one_line(row["login"], fixed["login"]), style=f"dim {style}".strip()),
                Text(role_label(row["role"]), style="bold" if row["role"] == "lead" and row["active"] else style),
                Text("" if row["active"] else _("inactive"), style="italic dim"),
                key=row["login"],
            )
        logins = [row["login"] for row in self.member_rows]
        if self.selected_member not in logins and logins:
            self.selected_member = me if me in logins else logins[0]
        if self.selected_member in logins:
            table.move_cursor(row=logins.index(self.selected_member), animate=False)

    def selected(self) -> tuple[str, dict | None]:
        if self.list_in_focus == "projects":
            return "projects", next((r for r in self.project_rows if r["key"] == self.selected_project), None)
        return "members", next((r for r in self.member_rows if r["login"] == self.selected_member), None)

    def show_detail(self) -> None:
        kind, row = self.selected()
        text = Text()
        hint = self.hint(kind)
        if hint:
            text.append(hint + "\n", style="italic")
        if kind == "projects" and row is not None:
            self._project_detail(text, row)
        elif kind == "members" and row is not None:
            self._member_detail(text, row)
        elif kind == "projects":
            text.append(_("No projects yet."), style="bold")
        self.query_one("#workspace-detail-text", Static).update(text)

    def _project_detail(self, text: Text, row: dict) -> None:
        text.append(f"{row['key']} ", style="bold")
        text.append(one_line(row["name"], 200))
        if row["archived"]:
            text.append("  " + _("archived"), style="italic yellow")
        text.append("\n" + label_prefix(_("Client")), style="bold")
        text.append(one_line(row["client"], 120) or "—")
        text.append(" · " + _("reports in {language}").format(language=LANGUAGE_NAMES.get(row["client_lang"], row["client_lang"])))
        if row["start_on"] or row["end_on"]:
            text.append(f" · {row['start_on'] or '…'} → {row['end_on'] or '…'}")
        contacts = [one_line(line, 60) for line in (row["contacts"] or "").split("\n") if line.strip()]
        text.append("\n" + label_prefix(_("Contacts")), style="bold")
        text.append(join_list(contacts) or "—")
        counts = projects.counts(self.store, row["key"])
        text.append("\n" + _("Requirements {r} · change requests {c} · feedback {f} · commitments {m} · milestones {s}").format(
            r=counts["requirements"], c=counts["change_requests"], f=counts["feedback"], m=counts["commitments"],
            s=counts["milestones"]), style="dim")

    def _member_detail(self, text: Text, row: dict) -> None:
        text.append(clean(row["display_name"], multiline=False), style="bold")
        text.append(with_note("", row["login"]) + f" · {role_label(row['role'])}")
        if not row["active"]:
            text.append(" · " + _("inactive: off the standup board and pickers"), style="italic yellow")
        added_by = members.display_name(self.store, row["created_by"])
        text.append("\n" + _("Added {when} by {who}").format(
            when=format_relative(row["created_at"], self.store.now()), who=one_line(added_by, 30)), style="dim")
        if row["role"] == "lead":
            text.append("\n" + _("A lead approves and rejects change requests, accepts requirements, reopens decided items and manages projects and members."), style="dim")

    def hint(self, kind: str) -> str:
        """What the person may do here, when it is not everything the footer shows."""
        if permissions.is_lead(self.store):
            if kind == "projects" and not self.project_rows:
                return _("Add the first project with {new}: the client you deliver to.").format(new=self._key("workspace.new"))
            return ""
        leads = join_list(one_line(row["display_name"], 20) for row in self.member_rows
                          if row["role"] == "lead" and row["active"]) or "—"
        return _("Only a lead manages projects and members (ask {leads}); {name} sets your own display name.").format(
            leads=leads, name=self._key("workspace.rename"))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        if event.data_table.id == "workspace-projects":
            self.selected_project = event.row_key.value
        else:
            self.selected_member = event.row_key.value
        self.show_detail()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def on_descendant_focus(self, event) -> None:
        widget_id = getattr(event.widget, "id", None)
        if widget_id in ("workspace-projects", "workspace-members"):
            self.list_in_focus = "projects" if widget_id == "workspace-projects" else "members"
            self.show_detail()

    def after_recompose(self) -> None:
        self.refresh_data()
        self.query_one(f"#workspace-{self.list_in_focus}", DataTable).focus()

    # -- actions -------------------------------------------------------------------------

    def action_cursor(self, where: str) -> None:
        move_cursor(self.query_one(f"#workspace-{self.list_in_focus}", DataTable), where)

    def action_switch_list(self) -> None:
        other = "members" if self.list_in_focus == "projects" else "projects"
        self.query_one(f"#workspace-{other}", DataTable).focus()

    def _may_manage(self, action: str, subject: str | None = None) -> bool:
        """Say so before opening a form a lead's role is needed to save (the store decides
        again when saving)."""
        if permissions.allowed(self.store, action, subject=subject):
            return True
        try:
            permissions.require(self.store, action, subject=subject)
        except PermissionDenied as error:
            self.app.show_error(error)
        return False

    def _open(self, form) -> None:
        def saved(result) -> None:
            if result is None:
                return
            if isinstance(result, dict):
                if "key" in result:
                    self.selected_project = result["key"]
                    message = _("Saved project {key}.").format(key=result["key"])
                else:
                    self.selected_member = result["login"]
                    message = _("Saved {name}.").format(name=one_line(result["display_name"], 40))
                self.app.notify(message, markup=False, timeout=3)
            self.refresh_data()

        self.app.push_screen(form, saved)

    def action_new(self) -> None:
        from .workspace_forms import new_member_form, project_form

        if self.list_in_focus == "projects":
            if self._may_manage("project.manage"):
                self._open(project_form(self.store, None))
        elif self._may_manage("member.manage"):
            self._open(new_member_form())

    def action_edit(self) -> None:
        from .workspace_forms import member_form, name_form, project_form

        kind, row = self.selected()
        if row is None:
            return
        if kind == "projects":
            if self._may_manage("project.manage"):
                self._open(project_form(self.store, row))
        elif permissions.is_lead(self.store):
            self._open(member_form(row))
        elif self._may_manage("member.rename", subject=row["login"]):
            self._open(name_form(row, row["login"]))

    def action_rename_me(self) -> None:
        from .workspace_forms import name_form

        self._open(name_form(members.get(self.store, self.store.user), self.store.user))

    def palette_commands(self):
        return [
            command(N_("New project"), N_("Add a client project (leads)"), self._new_project),
            command(N_("Add a member"), N_("Add a teammate by their login (leads)"), self._new_member),
            command(N_("Set my display name"), N_("How the team sees you"), self.action_rename_me),
        ]

    def _new_project(self) -> None:
        self.query_one("#workspace-projects", DataTable).focus()
        self.list_in_focus = "projects"
        self.action_new()

    def _new_member(self) -> None:
        self.query_one("#workspace-members", DataTable).focus()
        self.list_in_focus = "members"
        self.action_new()
