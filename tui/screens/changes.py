"""The Changes area: the change-request queue, triaged with single keys.

A declaration read by the list-area kit (`list_area.py`): the queue's columns and quick
filters, the triage moves with their verbs, the impact assessment, duplicates, snoozing,
and the detail pane's sections. The queue is filtered, sorted and paged by SQLite over a
covering index (`changes.queue_query`), so 100,000 requests stay instant.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text

from ..i18n import N_, _, days_short, format_number, format_relative, join_list, ngettext, parse_timestamp
from ..store import batch, changes, workflow
from ..store.errors import StoreError
from ..text import clean, one_line
from . import changes_forms as forms
from .list_area import Command, Key, ListAreaScreen, Move
from .style import PRIORITY_TONES, themed


def assessed(row: dict) -> bool:
    return bool(row.get("assessed_at"))


class ChangesScreen(ListAreaScreen):
    """The change-request queue with single-key triage."""

    AREA = "changes"
    AREA_STORE = changes.AREA
    TITLE = N_("Changes")
    COLUMNS = (
        ("key", N_("ID"), 8),
        ("title_shown", N_("Title"), None),
        ("priority", N_("Pri"), 6),
        ("status_label", N_("Status"), 12),
        ("requested_by", N_("Requester"), 12),
        ("assignee_name", N_("Assignee"), 10),
        ("age", N_("Days"), 5),
    )
    MOVES = (
        Move("assess", N_("Assess"), "assessing", key="s"),
        Move("approve", N_("Approve"), "approved", ready=assessed),
        Move("reject", N_("Reject"), "rejected", ask="reason"),
        Move("start", N_("Implement"), "implementing"),
        Move("deliver", N_("Verify"), "verifying"),
        Move("done", N_("Done"), "done"),
        Move("back", N_("Back to implementing"), {"verifying": "implementing"}, show=False),
        Move("withdraw", N_("Withdraw"), "withdrawn", key="X", show=False),
    )
    KEYS = (
        Key("impact", "assess_form", N_("Impact"), key="A", show=True),
        Key("duplicate", "duplicate", N_("Duplicate"), key="D"),
        Key("later", "snooze", N_("Snooze")),
        Key("decision", "decision_view", N_("Needs my decision"), key="F"),
    )
    COMMON_SHOWN = ("undo", "filter", "views")
    VIEWS = changes.VIEWS
    STATUS_TONES: ClassVar[dict[str, str]] = {
        "submitted": "new", "assessing": "waiting", "approved": "good", "rejected": "bad",
        "implementing": "active", "verifying": "review", "done": "good", "withdrawn": "muted",
    }
    SEARCHES = N_("title, key, requester")
    EMPTY = N_("No change requests here. Press {new} to add one, {views} to change the filter.")
    HELP_TEXT = N_(
        "The change-request queue. Single keys move the current request, or every request "
        "marked with {mark}: {assess} assess, {approve} approve, {reject} reject (asks why), "
        "{start} implement, {deliver} verify, {done} done, {withdraw} withdraw. {impact} records "
        "the impact assessment; {priority} priority, {assign} assign to me, {duplicate} duplicate, "
        "{later} snooze, {undo} undo your last move. {filter} filters as you type; {views} cycles "
        "the quick filters, {decision} shows what needs your decision."
    )
    PALETTE = (
        Command(N_("New change request"), N_("Submit a change the client asked for"), "new", "new"),
        Command(N_("Changes: needs my decision"), N_("Show what waits for your decision"), "set_view('decision')",
                "decision"),
        Command(N_("Changes: open requests"), N_("The default queue"), "set_view('open')"),
        Command(N_("Changes: all requests"), N_("Every request, closed ones too"), "set_view('all')"),
        Command(N_("Changes: snoozed"), N_("Requests hidden until a date"), "set_view('snoozed')"),
        Command(N_("Undo my last move"), N_("Take back your last change-request move"), "undo", "undo"),
    )
    FIELD_LABELS: ClassVar[dict[str, str]] = {
        "title": N_("Title"), "detail": N_("Request details"), "requested_by": N_("Requested by"),
        "priority": N_("Priority"), "assignee": N_("Assignee"), "effort_days": N_("Effort (person-days)"),
        "schedule_days": N_("Schedule impact (days)"), "cost": N_("Cost"), "risk": N_("Risk"),
        "requirement": N_("Affected requirement"), "assessment_note": N_("Notes"),
        "assessed_at": N_("Impact assessment"), "snoozed_until": N_("Snooze until"),
        "duplicates": N_("Duplicates"),
    }
    LONG_FIELDS = ("detail", "assessment_note", "title")
    PRIORITY_SETTER = staticmethod(changes.set_priority)

    # -- the list ------------------------------------------------------------------------

    def list_query(self):
        return changes.queue_query(self.store, changes.QueueFilter(self.flt.view, self.flt.text))

    def decorate(self, row: dict[str, Any]) -> None:
        super().decorate(row)
        row["assignee_name"] = self.names.get(row["assignee"], row["assignee"]) if row["assignee"] else ""
        try:
            days = max(0, (self._now - parse_timestamp(row["created_at"])).days)
        except (TypeError, ValueError):
            days = 0
        row["age"] = days_short(days)

    def make_source(self, bound: int | None = None):
        self._now = self.store.now()
        return super().make_source(bound)

    def count_text(self, n: int) -> str:
        return ngettext("{n} request", "{n} requests", n)

    # -- the detail pane -------------------------------------------------------------------

    def detail_head(self, row: dict) -> Text:
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(clean(row["title"], multiline=False), style="bold")
        text.append("\n")
        text.append(workflow.label(row["status"]), style=self.status_style(row["status"]))
        text.append(" · ")
        text.append(row["priority"], style=themed(self.app, PRIORITY_TONES.get(row["priority"])))
        text.append(" · " + _("requested by {who}").format(who=one_line(row["requested_by"], 60) or "—"))
        text.append(" · " + _("assignee {who}").format(who=self.member_name(row["assignee"])))
        text.append(" · " + format_relative(row["created_at"], self.store.now()), style=themed(self.app, "muted"))
        return text

    def detail_body(self, text: Text, row: dict) -> None:
        store, now = self.store, self.store.now()
        note = themed(self.app, "note")
        if row["snoozed_until"] and row["snoozed_until"] > store.today().isoformat():
            text.append("\n" + _("Snoozed until {date}").format(date=row["snoozed_until"]), style=note)
        if row["duplicate_of"]:
            text.append("\n" + _("Duplicate of {key}").format(key=row["duplicate_of"]), style=note)
        dupes = changes.duplicates_of(store, row["key"])
        if dupes:
            text.append("\n" + _("Duplicates: {keys}").format(keys=join_list(dupes)), style=note)
        if row["detail"].strip():
            self.section(text, _("Request details"), row["detail"])
        text.append("\n\n" + _("Impact assessment") + "\n", style="bold")
        if row["assessed_at"]:
            parts = [
                _("effort {n} person-days").format(n=format_number(row["effort_days"] or 0, 1)),
                _("schedule +{n} days").format(n=format_number(row["schedule_days"] or 0, 1)),
                _("cost {n}").format(n=format_number(row["cost"] or 0)),
                _("risk {risk}").format(risk=_(changes.RISK_LABELS.get(row["risk"], "")) if row["risk"] else "—"),
            ]
            text.append(" · ".join(parts))
            if row["requirement"]:
                title = changes.requirement_title(store, row["requirement"])
                text.append("\n" + _("Affects {key}").format(key=row["requirement"]))
                if title:
                    text.append(" " + one_line(title, 80))
            if row["assessment_note"].strip():
                text.append("\n" + clean(row["assessment_note"]))
            text.append(
                "\n" + _("Assessed by {who}, {when}").format(
                    who=self.member_name(row["assessed_by"]), when=format_relative(row["assessed_at"], now)),
                style=themed(self.app, "muted"),
            )
        elif row["status"] in changes.WAITING:
            text.append(_("Not assessed yet. Press {key} to record effort, schedule, cost and risk.").format(
                key=self.key("impact")), style=themed(self.app, "dim italic"))
        else:
            text.append("—", style=themed(self.app, "muted"))
        if row["decided_at"]:
            text.append("\n\n" + _("Decision") + "\n", style="bold")
            reopened = changes.reopen_history(store, row["key"]) if row["status"] in changes.DECIDED else []
            if reopened and reopened[0]["at"] == row["decided_at"]:
                # The decider is the lead who re-opened it; who decided first is in the history.
                text.append(_("Re-opened and decided again by {who}, {when}").format(
                    who=self.member_name(row["decided_by"]), when=format_relative(row["decided_at"], now)),
                    style=themed(self.app, "waiting"))
            else:
                text.append(_("{status} by {who}, {when}").format(
                    status=workflow.label(row["status"]) if row["status"] in ("approved", "rejected") else _("decided"),
                    who=self.member_name(row["decided_by"]), when=format_relative(row["decided_at"], now)))
            if row["decision_note"].strip():
                text.append("\n" + clean(row["decision_note"]))

    def history_line(self, entry: dict) -> str | None:
        if entry["action"] == "create":
            return _("submitted")
        return super().history_line(entry)

    def history_value(self, field_name: str, raw: str | None) -> str:
        if raw not in (None, "") and field_name == "risk":
            return _(changes.RISK_LABELS.get(raw, raw))
        if raw not in (None, "") and field_name in ("effort_days", "schedule_days", "cost"):
            try:
                return format_number(float(raw), 0 if float(raw).is_integer() else 1)
            except ValueError:
                pass
        return super().history_value(field_name, raw)

    # -- the area's own keys -------------------------------------------------------------------

    def form(self, row: dict | None):
        return forms.request_form(self.store, row)

    def action_new(self) -> None:
        def saved(row: dict | None) -> None:
            if row:
                self.app.notify(_("Submitted {key}.").format(key=row["key"]), markup=False, timeout=3)
            self.after_form(row)

        self.app.push_screen(self.form(None), saved)

    def action_assess_form(self) -> None:
        row = self.current()
        if row is None:
            return
        if row["status"] not in changes.WAITING:
            self.app.show_error(StoreError(
                _("{key} is {status}: its assessment can no longer change.").format(
                    key=row["key"], status=workflow.label(row["status"]))
            ))
            return
        self.app.push_screen(forms.assessment_form(self.store, row), self.after_form)

    def action_duplicate(self) -> None:
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            def apply_one(store, of_key: str) -> dict:
                return changes.mark_duplicate(store, keys[0], of_key)

            def done(result: dict | None) -> None:
                if result is not None:
                    self.app.notify(
                        _("{key} closed as a duplicate of {other}.").format(key=keys[0], other=result["duplicate_of"]),
                        markup=False, timeout=4,
                    )
                self.refresh_data()

            self.app.push_screen(forms.duplicate_form(self.subtitle(keys), apply_one), done)
            return

        def apply_all(store, of_key: str):
            changes.normalize_key(of_key)  # a bad key keeps the dialog open with the reason
            return batch.each(store, keys, changes.mark_duplicate, of_key)

        self.app.push_screen(forms.duplicate_form(self.subtitle(keys), apply_all), self.report)

    def action_snooze(self) -> None:
        keys = self.targets()
        if not keys:
            return
        if len(keys) == 1:
            def apply_one(store, until: str) -> dict:
                return changes.snooze(store, keys[0], changes.parse_future_date(store, until))

            def done(result: dict | None) -> None:
                if result is not None:
                    self.app.notify(_("{key} is snoozed until {date}.").format(key=keys[0], date=result["snoozed_until"]),
                                    markup=False, timeout=4)
                self.refresh_data()

            self.app.push_screen(forms.snooze_form(self.subtitle(keys), apply_one), done)
            return

        def apply_all(store, until: str):
            day = changes.parse_future_date(store, until)
            return batch.each(store, keys, changes.snooze, day)

        self.app.push_screen(forms.snooze_form(self.subtitle(keys), apply_all),
                             lambda outcome: self.report(outcome, "changed"))

    def action_decision_view(self) -> None:
        self.set_filter(view="open" if self.flt.view == "decision" else "decision")
