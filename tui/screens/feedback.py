"""The Feedback area: what clients said, how satisfied they were, what we did about it and
when we follow up (回访). Satisfaction per week per project is charted above the list.

A declaration read by the list-area kit (`list_area.py`): the list's columns (a detractor
waiting for a reply and a follow-up date that has passed are flagged), the moves with
their verbs (closing asks how the follow-up went), the follow-up date, links, and turning
a piece of feedback into a requirement or a change request (each opens that area's form,
prefilled from the feedback).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult

from ..i18n import N_, _, format_relative, join_list, label_prefix, ngettext
from ..store import feedback, trust, workflow
from ..text import clean, one_line
from ..widgets.csat_chart import CsatChart
from .list_area import Command, Key, ListAreaScreen, Move
from .style import themed

STATUS_TONES = {
    "new": "new",
    "acknowledged": "waiting",
    "in_progress": "active",
    "resolved": "good",
    "closed": "muted",
    "open": "new",
    "kept": "good",
    "missed": "bad",
    "renegotiated": "waiting",
}


def short_day(value: str | None) -> str:
    """`11-27` for a day or timestamp (the list has no room for the year)."""
    return (value or "")[5:10]


class FeedbackScreen(ListAreaScreen):
    """Client feedback with CSAT over time, follow-ups and conversion to requirements."""

    AREA = "feedback"
    AREA_STORE = feedback.AREA
    TITLE = N_("Feedback")
    COLUMNS = (
        ("key", N_("ID"), 6),
        ("received", N_("Date"), 5),
        ("project", N_("Proj"), 5),
        ("csat_text", N_("Score"), 5),
        ("status_label", N_("Status"), 12),
        ("owner_name", N_("Owner"), 8),
        ("follow_text", N_("F-up"), 5),
        ("summary_shown", N_("Summary"), None),
    )
    MOVES = (
        Move("acknowledge", N_("Acknowledge"), "acknowledged", key="h"),
        Move("start", N_("Start"), {"acknowledged": "in_progress"}, show=False),
        Move("deliver", N_("Resolve"), "resolved"),
        Move("done", N_("Close"), "closed", ask="close"),
        Move("back", N_("Re-open"), {"resolved": "in_progress"}, show=False),
    )
    KEYS = (
        Key("later", "follow_up", N_("Follow-up"), show=True),
        Key("link", "link", N_("Link"), key="l"),
        Key("to_requirement", "to_requirement", N_("→ Requirement"), key="R", show=True),
        Key("to_change_request", "to_change_request", N_("→ Change request"), key="C"),
    )
    VIEWS = ("all", "open")
    STATUS_TONES: ClassVar[dict[str, str]] = STATUS_TONES
    SEARCHES = N_("summary, contact, key, owner, project")
    EMPTY = N_("No feedback here. Press {new} to record what a client said.")
    HELP_TEXT = N_(
        "What clients said, how satisfied they were (CSAT 1–5), what we did and when we follow up. "
        "{mark} marks items for one move. {acknowledge} acknowledge, {start} start, {deliver} resolve, "
        "{done} close (asks how the follow-up went), {back} re-open, {assign} assign to me, {later} "
        "schedule the follow-up, {link} link to REQ/CR, {to_requirement} make a requirement, "
        "{to_change_request} make a change request. Red: a detractor (1–2) not acknowledged within "
        "48 hours, or a follow-up date that has passed. The chart: per project and ISO week, the "
        "share of 4–5 and the mean score."
    )
    PALETTE = (
        Command(N_("New feedback"), N_("Record what a client said"), "new", "new"),
        Command(N_("Feedback: make a requirement"), N_("Turn the current feedback into a requirement"),
                "to_requirement", "to_requirement"),
        Command(N_("Feedback: make a change request"), N_("Turn the current feedback into a change request"),
                "to_change_request", "to_change_request"),
        Command(N_("Feedback: schedule the follow-up"), N_("Set the follow-up date"), "follow_up", "later"),
    )
    FIELD_LABELS: ClassVar[dict[str, str]] = {
        "summary": N_("Summary"), "contact": N_("Client contact"), "channel": N_("Channel"),
        "received_at": N_("Received on"), "csat": N_("CSAT"), "sentiment": N_("Sentiment"),
        "owner": N_("Owner"), "follow_up_on": N_("Follow up on"), "linked_key": N_("Linked"),
        "project": N_("Project"),
    }

    def compose_top(self) -> ComposeResult:
        yield CsatChart(title=False, id="feedback-chart")

    def refresh_top(self) -> None:
        for chart in self.query(CsatChart):
            today = self.store.today()
            rows = feedback.csat_rows(self.store, trust.chart_since(today, chart.weeks))
            chart.show(trust.csat_weeks(rows, today, chart.weeks))

    # -- the list ------------------------------------------------------------------------

    def make_source(self, bound: int | None = None):
        self._now, self._today = self.store.now(), self.store.today()
        return super().make_source(bound)

    def decorate(self, row: dict[str, Any]) -> None:
        super().decorate(row)
        row["received"] = short_day(row["received_at"])
        score = row["csat"]
        flagged = trust.detractor_flagged(row, self._now)
        row["csat_text"] = "" if score is None else (f"{score}!" if flagged else str(score))
        row["_flag_csat_text"] = flagged
        row["owner_name"] = self.names.get(row["owner"], row["owner"]) if row["owner"] else ""
        row["follow_text"] = short_day(row["follow_up_on"])
        row["_flag_follow_text"] = trust.follow_up_overdue(row, self._today)
        row["project"] = row["project"] or ""

    def count_text(self, n: int) -> str:
        return ngettext("{n} item", "{n} items", n)

    def item_title(self, row: dict) -> str:
        return row.get("summary") or ""

    # -- the detail pane -------------------------------------------------------------------

    def detail_head(self, row: dict) -> Text:
        store = self.store
        now = store.now()
        urgent = themed(self.app, "urgent")
        text = Text()
        text.append(f"{row['key']} ", style="bold")
        text.append(workflow.label(row["status"]), style=self.status_style(row["status"]))
        if row["project"]:
            text.append(f" · {row['project']}")
        text.append(" · " + feedback.channel_label(row["channel"]))
        text.append(" · " + _("received {when}").format(when=format_relative(row["received_at"], now)),
                    style=themed(self.app, "muted"))
        text.append("\n" + label_prefix(_("Client contact")), style="bold")
        text.append(one_line(row["contact"], 200) or "—")
        text.append("  " + label_prefix(_("CSAT")), style="bold")
        text.append(feedback.csat_label(row["csat"]))
        if row["sentiment"]:
            text.append("  " + label_prefix(_("Sentiment")), style="bold")
            text.append(feedback.sentiment_label(row["sentiment"]))
        text.append("  " + label_prefix(_("Owner")), style="bold")
        text.append(self.member_name(row["owner"]))
        if trust.detractor_flagged(row, now):
            text.append("\n" + _("Detractor waiting over 48 hours for a reply: acknowledge with {key}, then follow up.").format(
                key=self.key("acknowledge")), style=urgent)
        text.append("\n" + label_prefix(_("Follow up on")), style="bold")
        if row["follow_up_on"]:
            overdue = trust.follow_up_overdue(row, store.today())
            text.append(row["follow_up_on"], style=urgent if overdue else "")
            if overdue:
                text.append(" " + _("(overdue)"), style=urgent)
        else:
            text.append(_("not scheduled ({key})").format(key=self.key("later")), style=themed(self.app, "muted"))
        linked = feedback.links(store, row["key"])
        if linked:
            text.append("  " + label_prefix(_("Linked")), style="bold")
            text.append(join_list(linked))
        return text

    def detail_body(self, text: Text, row: dict) -> None:
        text.append("\n\n")
        text.append(clean(row["summary"]))
        if row["follow_up_outcome"]:
            self.section(text, _("Follow-up outcome"), row["follow_up_outcome"])

    # -- the area's own keys -------------------------------------------------------------------

    def form(self, row: dict | None):
        from .feedback_forms import item_form

        current = self.current()
        if row is None:
            return item_form(self.store, None, project=current["project"] if current else None)
        return item_form(self.store, row)

    def ask_close(self, keys: list[str], move: Move) -> None:
        """Closing asks how the follow-up went (one item at a time: each has its own)."""
        from .feedback_forms import close_form

        row = self.AREA_STORE.get(self.store, keys[0]) if len(keys) == 1 else None
        if row is None:
            self.app.notify(_("Close one item at a time: each says how its follow-up went."), markup=False, timeout=4)
            return
        self.app.push_screen(close_form(self.store, row), lambda result: self.moved(row, result))

    def action_follow_up(self) -> None:
        from .feedback_forms import follow_up_form

        row = self.current()
        if row is not None:
            self.app.push_screen(follow_up_form(self.store, row), self.after_form)

    def action_link(self) -> None:
        from .feedback_forms import link_form

        row = self.current()
        if row is not None:
            self.app.push_screen(link_form(self.store, row), self.after_form)

    def action_to_requirement(self) -> None:
        """The Requirements area's new-requirement form, prefilled from the feedback; saving
        creates it through the Requirements store, links both ways and acknowledges."""
        from .requirements_forms import requirement_form

        row = self.current()
        if row is None:
            return
        key = row["key"]

        def create(store, values: dict) -> dict:
            return feedback.to_requirement(store, key, values)

        form = requirement_form(
            self.store, None, feedback.requirement_values(row), create=create,
            title=_("New requirement from {key}").format(key=key), subtitle=one_line(row["summary"], 80),
            draft_key=f"requirement/from/{key}",
        )
        self.app.push_screen(form, lambda created: self._raised(key, created, _("Created requirement {new} from {key}.")))

    def action_to_change_request(self) -> None:
        """The Changes area's new-request form, prefilled from the feedback (title, project,
        requester = the contact, details); saved through the Changes store, so the request
        is found and ordered like any other; linked both ways and acknowledged."""
        from .changes_forms import request_form

        row = self.current()
        if row is None:
            return
        key = row["key"]

        def create(store, values: dict) -> dict:
            return feedback.to_change_request(store, key, values)

        form = request_form(
            self.store, None, values=feedback.change_request_values(row), create=create,
            title=_("New change request from {key}").format(key=key), subtitle=one_line(row["summary"], 80),
            draft_key=f"changes/from/{key}",
        )
        self.app.push_screen(form, lambda created: self._raised(key, created, _("Created change request {new} from {key}.")))

    def _raised(self, key: str, created: dict | None, message: str) -> None:
        if created:
            self.app.notify(message.format(new=created["key"], key=key), markup=False, timeout=4)
        self.refresh_data()
