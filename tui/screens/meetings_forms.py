"""The Meetings area's dialogs: a meeting (new / edit: who came, when, what kind), a
decision (with the requirements and change requests it concerns) and an action item (a
team task, or a promise to the client that becomes a commitment).

Each is a `FormScreen` (drafts, validation in the active language, conflicts); the `save`
callbacks run on the store thread and call the Meetings store, nothing else.
"""

from __future__ import annotations

from datetime import timedelta

from ..i18n import N_, _
from ..store import meetings, members, projects
from ..text import one_line
from ..widgets.form import Field, FormScreen

KIND_CHOICES = tuple((kind, meetings.KIND_LABELS[kind]) for kind in meetings.KINDS)
TASK, PROMISE = "task", "promise"
ACTION_KIND_CHOICES = ((TASK, N_("Team task")), (PROMISE, N_("Promise to the client (becomes a commitment)")))


def meeting_fields(store) -> list[Field]:
    project_choices = tuple((p["key"], f"{p['key']} · {p['name']}") for p in projects.active(store))
    return [
        Field("title", N_("What the meeting is about"), required=True,
              placeholder=N_("e.g. 报表模块需求调研 / weekly review")),
        Field("project", N_("Project"), "choice", choices=project_choices, required=True),
        Field("date", N_("Date"), "date", required=True),
        Field("kind", N_("Meeting type"), "choice", choices=KIND_CHOICES, translate_choices=True, allow_blank=False),
        Field("attendees", N_("Team attendees (logins, one per line)"), "text", height=2,
              placeholder=N_("e.g. wangfang")),
        Field("client_attendees", N_("Client attendees, one per line"), "text", height=2,
              placeholder=N_("e.g. 刘总 (ACME 信息部)")),
    ]


def meeting_form(store, row: dict | None, *, project: str | None = None) -> FormScreen:
    """A new meeting (row None; `project` preselected; I am an attendee) or an edit of `row`."""
    fields = meeting_fields(store)
    if row is None:
        values = {"title": "", "project": project or projects.resolve(store, None) or "",
                  "date": store.today().isoformat(), "kind": "weekly", "attendees": store.user,
                  "client_attendees": ""}

        def save(store, values: dict, _version):
            return meetings.add(store, values["title"], project=values["project"] or None, day=values["date"],
                                kind=values["kind"] or "weekly", attendees=values["attendees"],
                                client_attendees=values["client_attendees"])

        return FormScreen(lambda: _("New meeting"), fields, values, save, draft_key="meetings/new", id="meetings-form")
    key = row["key"]

    def save_edit(store, values: dict, version):
        return meetings.edit(store, key, values, version)

    return FormScreen(lambda: _("Edit {key}").format(key=key), fields, meetings.form_values(row), save_edit,
                      version=row["version"], to_values=meetings.form_values, draft_key=f"meetings/{key}/edit",
                      subtitle=one_line(row["title"], 80), id="meetings-form")


DECISION_FIELDS = [
    Field("text", N_("What was decided"), required=True, placeholder=N_("One sentence the client agreed to")),
    Field("links", N_("Concerns (requirements, change requests)"), placeholder=N_("e.g. REQ-3, CR-7")),
]


def decision_form(store, meeting: dict) -> FormScreen:
    """A decision of `meeting`; it shows in the history of each item it concerns."""
    key = meeting["key"]

    def save(store, values: dict, _version):
        return meetings.decide(store, key, values["text"], values["links"])

    return FormScreen(lambda: _("Decision in {key}").format(key=key), DECISION_FIELDS, {"text": "", "links": ""}, save,
                      draft_key=f"meetings/{key}/decision", subtitle=one_line(meeting["title"], 80),
                      id="meetings-decision-form")


def action_fields(store) -> list[Field]:
    member_choices = tuple((m["login"], m["display_name"]) for m in members.active(store))
    return [
        Field("text", N_("What will be done"), required=True, placeholder=N_("e.g. send the minutes to the client")),
        Field("owner", N_("Owner"), "choice", choices=member_choices, required=True),
        Field("due", N_("Due"), "date", required=True),
        Field("kind", N_("Type"), "choice", choices=ACTION_KIND_CHOICES, translate_choices=True, allow_blank=False),
    ]


def action_form(store, meeting: dict, *, promise: bool = False) -> FormScreen:
    """An action item of `meeting`: a team task, or a promise to the client, which is saved
    as a commitment (CM-n) in the same step."""
    key = meeting["key"]
    values = {"text": "", "owner": store.user, "due": (store.today() + timedelta(days=7)).isoformat(),
              "kind": PROMISE if promise else TASK}

    def save(store, values: dict, _version):
        return meetings.add_action(store, key, values["text"], owner=values["owner"] or None, due=values["due"],
                                   promise=values["kind"] == PROMISE)

    return FormScreen(lambda: _("Action item in {key}").format(key=key), action_fields(store), values, save,
                      draft_key=f"meetings/{key}/action", subtitle=one_line(meeting["title"], 80),
                      id="meetings-action-form")


PROMISE_FIELDS = [
    Field("to_whom", N_("Promised to (the client side)"), placeholder=N_("e.g. 刘总 (ACME 信息部)")),
]


def promise_form(store, meeting: dict, action: dict) -> FormScreen:
    """Turn team task `action` of `meeting` into a promise to the client: asks to whom it is
    made (the meeting's client attendees, else the client, by default); it is saved as a
    commitment (CM-n) due when the task was, through the Commitments store."""
    action_id = action["id"]
    values = {"to_whom": meetings.promise_to(store, meeting)}

    def save(store, values: dict, version):
        return meetings.make_promise(store, action_id, to_whom=values["to_whom"].strip(), version=version)

    def their_values(_row: dict) -> dict:
        # Someone changed the task meanwhile (its text, its due date, done it): whom it is
        # promised to is asked only here, so the merge keeps what was typed, and the store
        # says if the task cannot be promised any more.
        return dict(values)

    return FormScreen(lambda: _("Promise to the client, from {key}").format(key=meeting["key"]), PROMISE_FIELDS,
                      values, save, version=action["version"], to_values=their_values,
                      subtitle=one_line(action["text"], 80), save_label=N_("Make it a promise"),
                      id="meetings-promise-form")
