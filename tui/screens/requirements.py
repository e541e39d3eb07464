"""The Requirements area: the register, moved along its workflow with single keys.

A declaration read by the list-area kit (`list_area.py`): the register's columns, its
moves with their verbs (the client's sign-off asks who signed off; accepting is a lead's
and asks first; dropping asks why), and what the register adds to the kit's filter:
a milestone, a project, grouping by milestone. `M` opens the milestones (staged
acceptance) and their review.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text

from ..i18n import N_, _, format_relative, labelled, ngettext, with_note
from ..store import milestones, projects, requirements, workflow
from ..text import clean, one_line
from .list_area import Command, Key, ListAreaScreen, Move
from .requirements_forms import open_requirement_form, open_sign_off_form
from .style import PRIORITY_TONES, REQUIREMENT_TONES, themed

STATUS_TONES = REQUIREMENT_TONES


def has_milestone(row: dict) -> bool:
    return row.get("milestone_id") is not None


class RequirementsScreen(ListAreaScreen):
    """The register: list, filter, detail pane; single keys for workflow moves."""

    AREA = "requirements"
    AREA_STORE = requirements.AREA
    TITLE = N_("Requirements")
    COLUMNS = (
        ("key", N_("ID"), 7),
        ("title_shown", N_("Title"), None),
        ("priority", N_("Pri"), 6),
        ("status_label", N_("Status"), 11),
        ("owner_name", N_("Owner"), 10),
        ("milestone", N_("Milestone"), 14),
    )
    MOVES = (
        Move("document", N_("Documented"), "documented", key="w", show=False),
        Move("confirm", N_("Confirm"), "confirmed", key="c", ask="sign_off"),
        Move("start", N_("Begin"), {"confirmed": "in_progress"}, show=False),
        Move("deliver", N_("Delivered"), "delivered", show=False),
        Move("approve", N_("Accept"), "accepted", ask="confirm", ready=has_milestone),
        Move("later", N_("Defer"), "deferred", show=False),
        Move("reject", N_("Drop"), "dropped", ask="reason", show=False, reason=N_("Why is it dropped?"),
             placeholder=N_("What the client decided, and when")),
        Move("back", N_("Send back"), {"documented": "draft", "deferred": "draft", "delivered": "in_progress"},
             show=False),
    )
    KEYS = (
        Key("milestones", "milestones", N_("Milestones"), key="M", show=True),
        Key("milestone_filter", "cycle_milestone", N_("Milestone filter"), key="L"),
        Key("project_filter", "cycle_project", N_("Project filter"), key="P"),
        Key("group", "toggle_group", N_("Group by milestone"), key="b"),
        Key("export", "export_document", N_("Requirements document"), key="E"),
    )
    COMMON_SHOWN = ("new", "edit", "filter")
    VIEWS = ("all", "open")
    STATUS_TONES: ClassVar[dict[str, str]] = STATUS_TONES
    SEARCHES = N_("key, title, owner or source")
    EMPTY = N_("No requirements here. Press {new} to add one, {views} to change the filter.")
    HELP_TEXT = N_(
        "The requirement register. {filter} filters as you type; {views} cycles open / all / each "
        "status; {milestone_filter} and {project_filter} narrow to a milestone or a project; {group} "
        "groups by milestone. {document} documented, {confirm} confirm (asks who signed off), "
        "{start} begin, {deliver} delivered, {approve} accept (leads), {later} defer, {reject} drop "
        "(asks why), {back} one step back. {mark} marks several for one move. {milestones} opens "
        "the milestones and their review."
    )
    PALETTE = (
        Command(N_("New requirement"), N_("Add a requirement to the register"), "new", "new"),
        Command(N_("Milestones"), N_("Staged acceptance: progress and review"), "milestones", "milestones"),
        Command(N_("Filter requirements"), N_("Filter the register as you type"), "filter", "filter"),
        Command(N_("Group requirements by milestone"), N_("Toggle grouping"), "toggle_group", "group"),
        Command(N_("Requirements document"), N_("Export the project's requirements for the client's sign-off"),
                "export_document", "export"),
    )
    FIELD_LABELS = requirements.FIELD_LABELS
    LONG_FIELDS = ("detail", "acceptance_criteria")
    SHOWN_STAMPS = ("confirmed_by",)
    PRIORITY_SETTER = staticmethod(requirements.set_priority)

    def __init__(self) -> None:
        super().__init__()
        self.milestone_id: int | None = None
        self.project: str | None = None
        self.group_by_milestone = False

    # -- the list ------------------------------------------------------------------------

    def list_query(self):
        return requirements.list_query(
            text=self.flt.text, project=self.project, milestone_id=self.milestone_id,
            view=self.flt.view, group_by_milestone=self.group_by_milestone, store=self.store,
        )

    def decorate(self, row: dict[str, Any]) -> None:
        super().decorate(row)
        row["owner_name"] = self.names.get(row["owner"], row["owner"]) if row["owner"] else ""

    def row_style(self, row: dict[str, Any]):
        return themed(self.app, "muted") if row["status"] in ("dropped", "deferred") else None

    def count_text(self, n: int) -> str:
        return ngettext("{n} requirement", "{n} requirements", n)

    def heading(self) -> str:
        parts = [super().heading()]
        if self.project:
            parts.append(self.project)
        if self.milestone_id == requirements.NO_MILESTONE:
            parts.append(_("no milestone"))
        elif self.milestone_id is not None:
            milestone = milestones.get(self.store, self.milestone_id)
            parts.append(one_line(milestone["name"], 30) if milestone else "?")
        if self.group_by_milestone:
            parts.append(_("by milestone"))
        return " · ".join(parts)

    # -- the detail pane -----------------------------------------------------------------

    def detail_head(self, row: dict) -> Text:
        return head_text(self, row)

    def detail_body(self, text: Text, row: dict) -> None:
        body_text(self, text, row)

    def history_line(self, entry: dict) -> str | None:
        if entry["field"] == "confirmed_by" and entry["action"] == "edit":
            return _("recorded the client sign-off by {contact}").format(contact=one_line(entry["new"], 100))
        return super().history_line(entry)

    # -- filters ---------------------------------------------------------------------------

    def action_cycle_milestone(self) -> None:
        options: list[int | None] = [None]
        options += [m["id"] for m in milestones.all_milestones(self.store, self.project)]
        options.append(requirements.NO_MILESTONE)
        index = options.index(self.milestone_id) if self.milestone_id in options else 0
        self.milestone_id = options[(index + 1) % len(options)]
        self.refresh_data()

    def action_cycle_project(self) -> None:
        options: list[str | None] = [None] + [p["key"] for p in projects.all(self.store)]
        index = options.index(self.project) if self.project in options else 0
        self.project = options[(index + 1) % len(options)]
        if self.milestone_id not in (None, requirements.NO_MILESTONE):
            milestone = milestones.get(self.store, self.milestone_id)
            if milestone is None or (self.project and milestone["project"] != self.project):
                self.milestone_id = None
        self.refresh_data()

    def action_export_document(self) -> None:
        """The requirements document for sign-off (需求文档), in the client's language: of the
        project filtered to, or of the cursor's item's project, or of the only project."""
        from ..store import projects
        from .report import export_requirements_document

        row = self.current()
        project = self.project or (row["project"] if row and row.get("project") else None)
        project = project or projects.resolve(self.store, None)
        if project is None:
            self.app.notify(_("Choose a project first (the project filter)."), markup=False, timeout=4)
            return
        export_requirements_document(self, project, milestone=self.milestone_id)

    def action_toggle_group(self) -> None:
        self.group_by_milestone = not self.group_by_milestone
        self.refresh_data()

    def show_milestone(self, milestone_id: int | None) -> None:
        """Called from the milestones view: narrow the register to one milestone."""
        self.milestone_id = milestone_id
        if milestone_id:
            milestone = milestones.get(self.store, milestone_id)
            if milestone and self.project and milestone["project"] != self.project:
                self.project = None
        self.refresh_data()

    # -- forms and moves -------------------------------------------------------------------

    def _saved(self, row: dict) -> None:
        self.after_form(row)

    def action_new(self) -> None:
        defaults = {"project": self.project}
        if self.milestone_id:
            milestone = milestones.get(self.store, self.milestone_id)
            if milestone:
                defaults = {"project": milestone["project"], "milestone_id": milestone["id"]}
        open_requirement_form(self, None, defaults, self._saved)

    def action_edit(self) -> None:
        key = self.table.cursor_key
        if key is None:
            self.app.notify(_("Nothing to edit: press {key} to add one.").format(key=self.key("new")),
                            markup=False, timeout=3)
            return
        open_requirement_form(self, key, None, self._saved)

    def ask_sign_off(self, keys: list[str], move: Move) -> None:
        """Confirming records the client contact who signed off (one dialog for all)."""
        ready = [k for k in keys if (requirements.get(self.store, k) or {}).get("status") == "documented"]
        if not ready:
            self.bulk(keys[:1], _confirm_without_contact)  # the store says why, in the report
            return
        open_sign_off_form(self, ready, lambda done: self.report((done, [])))

    def action_milestones(self) -> None:
        from .milestones import MilestonesScreen

        self.app.push_screen(MilestonesScreen(self.project))


def _confirm_without_contact(store, key: str) -> dict:
    return requirements.move(store, key, "confirmed")


def head_text(screen: ListAreaScreen, row: dict) -> Text:
    """The first lines of a requirement: key, title, status, priority and the facts."""
    app = screen.app
    text = Text()
    text.append(f"{row['key']} ", style="bold")
    text.append(clean(row["title"]), style="bold")
    text.append("\n")
    status = row["status"]
    text.append(workflow.label(status), style=themed(app, STATUS_TONES.get(status)))
    text.append(f"  {row['priority']}", style=themed(app, PRIORITY_TONES.get(row["priority"])))
    facts = []
    if row["project"]:
        facts.append(labelled(_("Project"), row["project"]))
    facts.append(labelled(_("Owner"), screen.member_name(row["owner"])))
    milestone = one_line(row["milestone"], 60) if row["milestone"] else "—"
    if row.get("milestone_due"):
        milestone = with_note(milestone, row["milestone_due"])
    facts.append(labelled(_("Milestone"), milestone))
    text.append("  ·  " + "  ·  ".join(facts))
    return text


def body_text(screen: ListAreaScreen, text: Text, row: dict) -> None:
    """Description, acceptance criteria, source, the sign-off and what is linked."""
    app, store = screen.app, screen.store
    now = store.now()
    screen.section(text, _("Description"), row["detail"])
    screen.section(text, _("Acceptance criteria"), row["acceptance_criteria"])
    screen.section(text, _("Source"), row["source"])
    text.append(f"\n\n{_('Sign-off')}\n", style="bold")
    if row["confirmed_by"]:
        text.append(_("Confirmed by {contact}, {when}").format(
            contact=one_line(row["confirmed_by"], 200), when=format_relative(row["confirmed_at"], now)))
    else:
        text.append(_("Not confirmed by the client yet."), style=themed(app, "muted"))
    if row["accepted_by"]:
        text.append("\n" + _("Accepted by {who}, {when}").format(
            who=screen.member_name(row["accepted_by"]), when=format_relative(row["accepted_at"], now)),
            style=themed(app, "good"))
    reopened = requirements.reopen_history(store, row["key"]) if row["status"] in requirements.DECIDED else []
    if reopened:
        # The sign-off above was for the wording before this: say so, with who and why.
        latest = reopened[0]
        text.append("\n" + _("Re-opened by {who}, {when}: changed after the sign-off").format(
            who=one_line(latest["actor_name"], 40), when=format_relative(latest["at"], now)), style=themed(app, "waiting"))
        if latest["note"]:
            text.append(" — " + one_line(latest["note"], 200), style=themed(app, "note"))
    changes = requirements.linked_changes(store, row["key"])
    feedback = requirements.linked_feedback(store, row["key"])
    others = requirements.linked_other(store, row["key"])
    if changes or feedback or others:
        text.append(f"\n\n{_('Linked')}\n", style="bold")
        for item in changes:
            text.append(f"{item['key']}  ", style="bold")
            text.append(one_line(item["title"], 120))
            text.append(f"  [{workflow.label(item['status'])}]\n", style=themed(app, "muted"))
        for item in feedback:
            text.append(f"{item['key']}  ", style="bold")
            text.append(one_line(item["summary"], 120))
            text.append(f"  [{workflow.label(item['status'])}]\n", style=themed(app, "muted"))
        for key in others:
            text.append(one_line(key, 40) + "\n")
        text.rstrip()
