"""The Changes area's dialogs: a request, its impact assessment, a snooze date and the
request a duplicate repeats (the reason and priority dialogs are the kit's, shared by
every area: `list_area.py`).

Each is a `FormScreen` (drafts, validation in the active language, conflicts). The `save`
callbacks call the store and nothing else, on the store thread (`save(store, values,
version)`).
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import N_, _
from ..store import changes, projects, workflow
from ..text import one_line
from ..widgets.form import Field, FormScreen
from .list_area import one_value_save

PRIORITY_CHOICES = tuple((p, p) for p in changes.PRIORITIES)
RISK_CHOICES = tuple((risk, changes.RISK_LABELS[risk]) for risk in changes.RISKS)

REQUEST_FIELDS = [
    Field("title", N_("Title"), required=True, placeholder=N_("What the client asks to change")),
    Field("requested_by", N_("Requested by"), placeholder=N_("Client contact, e.g. ACME 张经理")),
    Field("priority", N_("Priority"), "choice", choices=PRIORITY_CHOICES, allow_blank=False),
    Field("detail", N_("Request details"), "text", height=4),
]

REOPEN_FIELD = Field("reason", N_("Why re-open it?"), "text", height=2,
                     placeholder=N_("Decided already: needed to change the title or the details"))


def new_request_fields(store) -> list[Field]:
    """A new request's fields: the request's, and its project."""
    project_choices = tuple((p["key"], f"{p['key']} · {one_line(p['name'], 40)}") for p in projects.active(store))
    return [*REQUEST_FIELDS[:2], Field("project", N_("Project"), "choice", choices=project_choices), *REQUEST_FIELDS[2:]]

ASSESSMENT_FIELDS = [
    Field("effort_days", N_("Effort (person-days)"), "number", required=True),
    Field("schedule_days", N_("Schedule impact (days)"), "number"),
    Field("cost", N_("Cost"), "number"),
    Field("risk", N_("Risk"), "choice", choices=RISK_CHOICES, translate_choices=True, required=True),
    Field("requirement", N_("Affected requirement"), placeholder=N_("REQ-n (optional)")),
    Field("assessment_note", N_("Notes"), "text", height=3),
]


def _number_text(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def request_form(
    store,
    row: dict | None,
    *,
    values: dict | None = None,
    create: Callable[..., dict] | None = None,
    title: str | None = None,
    subtitle: str = "",
    draft_key: str | None = None,
) -> FormScreen:
    """A new request (row None; `values` prefill it, `create(store, values)` saves it,
    default `changes.add`) or an edit of `row`. Editing a decided request also asks why
    it is re-opened (the store wants the reason, and a lead, if the title or details
    change)."""
    if row is None:
        start = {"title": "", "requested_by": "", "project": projects.resolve(store, None) or "", "priority": "P2",
                 "detail": ""}
        start.update({k: v for k, v in (values or {}).items() if v not in (None, "")})

        def add(store, values: dict) -> dict:
            return changes.add(
                store, values["title"], project=values.get("project") or None, priority=values["priority"] or "P2",
                detail=values["detail"], requested_by=values["requested_by"],
            )

        def save(store, values: dict, _version):
            return (create or add)(store, values)

        return FormScreen(title or (lambda: _("New change request")), new_request_fields(store), start, save,
                          draft_key=draft_key or "changes/new", subtitle=subtitle, id="changes-request-form")

    key = row["key"]
    fields = list(REQUEST_FIELDS)
    start = {name: row[name] or "" for name in ("title", "requested_by", "priority", "detail")}
    subtitle = one_line(row["title"], 80)
    if row["status"] in changes.DECIDED:
        fields.append(REOPEN_FIELD)
        start["reason"] = ""
        subtitle += "\n" + _("{status}: changing the title or the details re-opens the decision (a lead, with a reason).").format(
            status=workflow.label(row["status"]))

    def save_edit(store, values: dict, version):
        return changes.edit(store, key, values, expected_version=version, reason=values.get("reason") or None)

    return FormScreen(lambda: _("Edit {key}").format(key=key), fields, start, save_edit,
                      version=row["version"], draft_key=f"changes/{key}/edit",
                      subtitle=subtitle, id="changes-request-form")


def assessment_values(row: dict) -> dict:
    """A request's impact as the assessment form shows it (also their row, on a conflict)."""
    return {
        "effort_days": _number_text(row.get("effort_days")),
        "schedule_days": _number_text(row.get("schedule_days")),
        "cost": _number_text(row.get("cost")),
        "risk": row.get("risk") or "",
        "requirement": row.get("requirement") or "",
        "assessment_note": row.get("assessment_note") or "",
    }


def assessment_form(store, row: dict) -> FormScreen:
    key = row["key"]
    values = assessment_values(row)

    def save(store, values: dict, version):
        return changes.assess(store, key, values, expected_version=version)

    return FormScreen(lambda: _("Impact assessment of {key}").format(key=key), ASSESSMENT_FIELDS, values, save,
                      version=row["version"], draft_key=f"changes/{key}/assess", to_values=assessment_values,
                      subtitle=one_line(row["title"], 80), id="changes-assessment-form")


def snooze_form(subtitle: str, apply: Callable[..., object]) -> FormScreen:
    fields = [Field("until", N_("Snooze until"), "date", required=True,
                    placeholder=N_("YYYY-MM-DD, or +7 for a week from today"))]
    return FormScreen(lambda: _("Snooze"), fields, {"until": ""}, one_value_save(apply, "until"),
                      subtitle=subtitle, id="changes-snooze-form")


def duplicate_form(subtitle: str, apply: Callable[..., object]) -> FormScreen:
    fields = [Field("duplicate_of", N_("Duplicate of"), required=True, placeholder=N_("CR-n"))]
    return FormScreen(lambda: _("Mark as duplicate"), fields, {"duplicate_of": ""}, one_value_save(apply, "duplicate_of"),
                      subtitle=subtitle, id="changes-duplicate-form")
