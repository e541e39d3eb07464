"""The Feedback area's dialogs: an item (new / edit), closing it with the follow-up outcome,
scheduling the follow-up (回访), and linking to a requirement or change request.

Each is a `FormScreen` (drafts, validation in the active language, conflicts); the `save`
callbacks call the store and nothing else.
"""

from __future__ import annotations

from datetime import timedelta

from ..i18n import N_, _
from ..store import feedback, members, projects
from ..text import one_line
from ..widgets.form import Field, FormScreen

CSAT_CHOICES = tuple((str(n), label) for n, label in feedback.CSAT_LABELS.items())
CHANNEL_CHOICES = tuple((channel, feedback.CHANNEL_LABELS[channel]) for channel in feedback.CHANNELS)
SENTIMENT_CHOICES = tuple((s, feedback.SENTIMENT_LABELS[s]) for s in feedback.SENTIMENTS)


def item_fields(store) -> list[Field]:
    project_choices = tuple((p["key"], f"{p['key']} · {p['name']}") for p in projects.active(store))
    member_choices = tuple((m["login"], m["display_name"]) for m in members.active(store))
    return [
        Field("summary", N_("What the client said"), "text", height=3, required=True,
              placeholder=N_("The feedback, in the client's words")),
        Field("contact", N_("Client contact"), placeholder=N_("e.g. ACME 刘总")),
        Field("channel", N_("Channel"), "choice", choices=CHANNEL_CHOICES, translate_choices=True, allow_blank=False),
        Field("project", N_("Project"), "choice", choices=project_choices),
        Field("received_on", N_("Received on"), "date"),
        Field("csat", N_("Satisfaction (CSAT)"), "choice", choices=CSAT_CHOICES, translate_choices=True),
        Field("sentiment", N_("Sentiment"), "choice", choices=SENTIMENT_CHOICES, translate_choices=True),
        Field("owner", N_("Owner"), "choice", choices=member_choices),
        Field("follow_up_on", N_("Follow up on"), "date"),
    ]


def item_form(store, row: dict | None, *, project: str | None = None) -> FormScreen:
    """New feedback (row None; `project` preselected) or an edit of `row`."""
    fields = item_fields(store)
    if row is None:
        values = {
            "summary": "", "contact": "", "channel": "meeting",
            "project": project or projects.resolve(store, None) or "",
            "received_on": store.today().isoformat(), "csat": "", "sentiment": "", "owner": "", "follow_up_on": "",
        }

        def save(store, values: dict, _version):
            return feedback.add(
                store, values["summary"], project=values["project"] or None, contact=values["contact"],
                channel=values["channel"] or "meeting", received_on=values["received_on"], csat=values["csat"],
                sentiment=values["sentiment"] or None, owner=values["owner"] or None,
                follow_up_on=values["follow_up_on"],
            )

        return FormScreen(lambda: _("New feedback"), fields, values, save, draft_key="feedback/new", id="feedback-form")

    key = row["key"]

    def save_edit(store, values: dict, version):
        return feedback.edit(store, key, values, version)

    return FormScreen(lambda: _("Edit {key}").format(key=key), fields, feedback.form_values(row), save_edit,
                      version=row["version"], draft_key=f"feedback/{key}/edit",
                      subtitle=one_line(row["summary"], 80), id="feedback-form")


OUTCOME_FIELDS = [
    Field("outcome", N_("How did the follow-up go?"), "text", height=4, required=True,
          placeholder=N_("What the client said when we followed up (回访)")),
]


def close_form(store, row: dict) -> FormScreen:
    key = row["key"]

    def save(store, values: dict, version):
        return feedback.move(store, key, "closed", outcome=values["outcome"], version=version)

    return FormScreen(lambda: _("Close {key}").format(key=key), OUTCOME_FIELDS, {"outcome": row["follow_up_outcome"] or ""},
                      save, version=row["version"], draft_key=f"feedback/{key}/close",
                      subtitle=one_line(row["summary"], 80), id="feedback-close-form")


FOLLOW_UP_FIELDS = [
    Field("follow_up_on", N_("Follow up on"), "date", placeholder="YYYY-MM-DD"),
]


def follow_up_form(store, row: dict) -> FormScreen:
    key = row["key"]
    default = row["follow_up_on"] or (store.today() + timedelta(days=7)).isoformat()

    def save(store, values: dict, version):
        return feedback.schedule_follow_up(store, key, values["follow_up_on"], version=version)

    return FormScreen(lambda: _("Schedule the follow-up of {key}").format(key=key), FOLLOW_UP_FIELDS,
                      {"follow_up_on": default}, save, version=row["version"],
                      subtitle=_("Empty clears it. {summary}").format(summary=one_line(row["summary"], 60)),
                      id="feedback-follow-up-form")


LINK_FIELDS = [
    Field("target", N_("Requirement or change request"), required=True, placeholder=N_("REQ-n or CR-n")),
]


def link_form(store, row: dict) -> FormScreen:
    key = row["key"]

    def save(store, values: dict, version):
        return feedback.link(store, key, values["target"], version=version)

    return FormScreen(lambda: _("Link {key}").format(key=key), LINK_FIELDS, {"target": ""}, save,
                      version=row["version"], subtitle=one_line(row["summary"], 80), id="feedback-link-form")
