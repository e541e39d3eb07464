"""The weekly progress report (定期汇报) as a document, in the report's language.

`document(report, language)` words the figures of `tui.store.reports.weekly()` for the
client: plain language, not internal statuses ("waiting for your decision", never
"assessing"), each section only when it has something. `internal(report, language)` is
what the report leaves out (blockers not marked as waiting on the client, assessment
notes): only the preview shows it, marked as internal; no renderer of the report does.
"""

from __future__ import annotations

from ..i18n import N_
from ..store.feedback import CHANNEL_LABELS
from ..store.reports import Blocker, MilestoneProgress, WeeklyReport
from .document import (
    PLAIN,
    Block,
    Bullets,
    Document,
    Heading,
    Line,
    Paragraph,
    Run,
    Table,
    fill,
    line,
    plain,
    user,
    user_lines,
)
from .words import Words

MILESTONE_STATES = {
    "accepted": (N_("Accepted"), "good"),
    "overdue": (N_("Overdue"), "bad"),
    "at_risk": (N_("At risk"), "warn"),
    "on_track": (N_("On track"), "good"),
    "no_due": (N_("No due date yet"), "muted"),
    "empty": (N_("Not started"), "muted"),
    "closed": (N_("Closed"), "muted"),
}

FEEDBACK_ANSWERS = {
    "new": N_("Received; we will get back to you shortly."),
    "acknowledged": N_("Acknowledged; we are looking into it."),
    "in_progress": N_("We are working on it."),
    "resolved": N_("Resolved; we will check with you that it works for you."),
    "closed": N_("Closed after our follow-up with you."),
}

SEPARATOR = " · "


def _state(words: Words, milestone: MilestoneProgress) -> Run:
    label, style = MILESTONE_STATES[milestone.state]
    return plain(words._(label), style)


def item(words: Words, row: dict, field: str = "title") -> list[Run]:
    """`REQ-3 Title`: the key, then the text in the report's language (or the other)."""
    return [user(row["key"], "strong"), plain(" "), user(words.pick(row, field))]


def joined(parts: list[list[Run]], style: str = "muted") -> list[Run]:
    """Parts separated by " · "."""
    out: list[Run] = []
    for index, part in enumerate(parts):
        if index:
            out.append(plain(SEPARATOR, style))
        out += part
    return out


def impact(words: Words, row: dict) -> list[list[Run]]:
    """[effort], [schedule] of a change request, whichever were assessed."""
    _ = words._
    parts = []
    if row.get("effort_days") is not None:
        parts.append([plain(_("effort {days}").format(days=words.person_days(row["effort_days"])), PLAIN)])
    if row.get("schedule_days") is not None:
        days = row["schedule_days"]
        parts.append([plain(_("schedule {sign}{days}").format(
            sign="+" if days >= 0 else "−", days=words.days(abs(days))), PLAIN)])
    return parts


def document(report: WeeklyReport, language: str | None = None) -> Document:
    """The report as the client receives it."""
    words = Words(language or report.language)
    _ = words._
    project = report.project
    doc = Document(words.language, _("Weekly progress report: {project}").format(project=project["name"]))
    doc.add(Heading(1, tuple(fill(_("Weekly progress report: {project}"), project=user(project["name"])))))
    meta: list[Line] = []
    if (project.get("client") or "").strip():
        meta.append(tuple(fill(_("Client: {client}"), "strong", client=user(project["client"], PLAIN))))
    meta.append(tuple(fill(_("Week: {week}"), "strong", week=plain(_("{week} ({dates})").format(
        week=words.week(report.week), dates=words.week_span(report.week)), PLAIN))))
    if report.today <= report.week.sunday:
        prepared = _("Prepared on {date}; the week is not over yet: every status is as of that day.")
    else:
        prepared = _("Prepared on {date}; every status is as of the end of the week.")
    meta.append(line(plain(prepared.format(date=words.date(report.today)), "muted")))
    doc.add(Paragraph(meta))

    if report.is_empty:
        doc.add(Paragraph([line(_("Nothing to report for this week."))]))
        return doc
    if report.has_progress:
        _progress(doc, words, report)
    if report.has_requirements:
        _requirements(doc, words, report)
    if report.has_changes or report.approved.count:
        _changes(doc, words, report)
    if report.has_commitments or report.on_time.closed:
        _commitments(doc, words, report)
    if report.has_feedback:
        _feedback(doc, words, report)
    if report.has_waiting:
        _waiting(doc, words, report)
    return doc


def _progress(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("Progress against milestones"))))
    rows = []
    for milestone in report.milestones:
        accepted = _("{accepted} of {total} ({percent})").format(
            accepted=words.number(milestone.accepted), total=words.number(milestone.total),
            percent=words.percent(milestone.accepted / milestone.total)) if milestone.total else "—"
        rows.append([line(user(milestone.name)), line(words.date(milestone.due) or "—"), line(accepted),
                     (_state(words, milestone),)])
    doc.add(Table([_("Milestone"), _("Due"), _("Accepted"), _("Status")], rows, numeric=(2,)))
    nxt = report.due_next
    if nxt is None:
        return
    runs = fill(_("Due next: {milestone}, {date} (in {days})."), label="strong", milestone=user(nxt.name, "strong"),
                date=words.date(nxt.due), days=words.days(nxt.days_left or 0))
    if nxt.state == "at_risk":
        runs += [plain(words.gap), *fill(words.ngettext(
            "At risk: {count} requirement is not delivered yet.", "At risk: {count} requirements are not delivered yet.",
            nxt.not_delivered), label="warn", count=words.number(nxt.not_delivered))]
    elif nxt.state == "on_track":
        runs += [plain(words.gap), plain(_("On track."), "good")]
    doc.add(Paragraph([tuple(runs)]))


def _requirements(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("Requirements"))))
    for heading, rows in ((_("Confirmed by you this week"), report.confirmed),
                          (_("Delivered this week"), report.delivered),
                          (_("Accepted this week"), report.accepted)):
        if not rows:
            continue
        doc.add(Heading(3, line(heading)))
        items = []
        for row in rows:
            details: list[list[Run]] = []
            if row.get("milestone"):
                details.append([user(row["milestone"], "muted")])
            if row["moved_to"] == "confirmed" and row.get("confirmed_by"):
                details.append(fill(_("confirmed by {contact}, {date}"), "muted",
                                    contact=user(row["confirmed_by"]), date=words.day(row["moved_at"])))
            else:
                details.append([plain(words.day(row["moved_at"]), "muted")])
            items.append([(*item(words, row), plain(SEPARATOR, "muted"), *joined(details))])
        doc.add(Bullets(items))


def _changes(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("Change requests"))))
    if report.decisions:
        doc.add(Heading(3, line(_("Decided this week"))))
        items = []
        for row in report.decisions:
            approved = row["moved_to"] == "approved"
            decision = plain(_("Approved") if approved else _("Not approved"), "good" if approved else "bad")
            lines: list[Line] = [(*item(words, row), plain(SEPARATOR, "muted"), decision,
                                  plain(SEPARATOR + words.day(row["moved_at"]), "muted"))]
            parts = impact(words, row)
            if parts:
                lines.append(tuple(fill(_("Impact: {impact}"), "strong", impact=joined(parts, PLAIN))))
            if (row.get("move_note") or "").strip():
                lines.append(tuple(fill(_("Reason: {reason}"), "strong", reason=user(row["move_note"], PLAIN))))
            items.append(lines)
        doc.add(Bullets(items))
    schedule = report.approved
    if schedule.count:
        text = words.ngettext(
            "Approved changes so far: {count} change, adding {days} to the schedule and {effort} of effort.",
            "Approved changes so far: {count} changes, adding {days} to the schedule and {effort} of effort.",
            schedule.count,
        ).format(count=words.number(schedule.count), days=words.days(schedule.schedule_days),
                 effort=words.person_days(schedule.effort_days))
        doc.add(Paragraph([line(plain(text))]))


def _commitments(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("Our commitments to you"))))
    items: list[list[Line]] = []
    for row in report.kept:
        when = (_("on time") if row["on_time"] else words.ngettext(
            "{count} day late", "{count} days late", row["days_late"]).format(count=words.number(row["days_late"])))
        items.append([(*fill("✓ " + _("Kept: {promise}"), "good", promise=user(words.pick(row, "promise"), PLAIN)),
                       plain(SEPARATOR + when + SEPARATOR + words.day(row["moved_at"]), "muted"))])
    for row in report.missed:
        lines: list[Line] = [(*fill("✗ " + _("Missed: {promise}"), "bad",
                                    promise=user(words.pick(row, "promise"), PLAIN)),
                              plain(SEPARATOR + _("was due {date}").format(date=words.day(row["due"])), "muted"))]
        if (row.get("move_note") or "").strip():
            lines.append(tuple(fill(_("Reason: {reason}"), "strong", reason=user(row["move_note"], PLAIN))))
        items.append(lines)
    for row in report.moved:
        lines = [(*fill("→ " + _("Moved: {promise}"), "warn", promise=user(words.pick(row, "promise"), PLAIN)),
                  plain(SEPARATOR + _("from {old} to {new}").format(
                      old=words.day(row["due_from"]), new=words.day(row["due_to"])), "muted"))]
        if (row.get("move_note") or "").strip():
            lines.append(tuple(fill(_("Reason: {reason}"), "strong", reason=user(row["move_note"], PLAIN))))
        items.append(lines)
    if items:
        doc.add(Bullets(items))
    rate = report.on_time
    if rate.closed:
        runs = fill(_("On-time rate: {rate} ({on_time} of {closed} commitments kept on time)."), label="strong",
                    rate=plain(words.percent(rate.rate), PLAIN), on_time=words.number(rate.on_time),
                    closed=words.number(rate.closed))
        week = report.on_time_week
        if week.closed:
            runs.append(plain(words.gap + _("This week: {on_time} of {closed}.").format(
                on_time=words.number(week.on_time), closed=words.number(week.closed))))
        doc.add(Paragraph([tuple(runs)]))


def _feedback(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("Your feedback and our answers"))))
    items = []
    for row in report.feedback:
        head: list[list[Run]] = [[plain(words.day(row["received_at"]), "strong")]]
        if (row.get("contact") or "").strip():
            head.append([user(row["contact"])])
        if row.get("channel") in CHANNEL_LABELS:
            head.append([plain(_(CHANNEL_LABELS[row["channel"]]))])
        if row.get("csat"):
            head.append([plain(_("satisfaction {score}/5").format(score=row["csat"]), "muted")])
        lines: list[Line] = [tuple(joined(head, "")), *user_lines(words.pick(row, "summary"), "em")]
        answer = fill(_("Our answer: {answer}"), "strong", answer=plain(_(FEEDBACK_ANSWERS[row["answer"]]), PLAIN)) \
            if row["answer"] in FEEDBACK_ANSWERS else []
        if row["became"]:
            answer.append(plain(words.gap + _("Recorded as {keys}.").format(keys=words.list(row["became"]))))
        if answer:
            lines.append(tuple(answer))
        if (row.get("outcome") or "").strip():
            lines.append(tuple(fill(_("Follow-up: {outcome}"), "strong", outcome=user(row["outcome"], PLAIN))))
        items.append(lines)
    doc.add(Bullets(items))


def _waiting(doc: Document, words: Words, report: WeeklyReport) -> None:
    _ = words._
    doc.add(Heading(2, line(_("What we need from you"))))
    if report.waiting_decisions:
        doc.add(Heading(3, line(_("Waiting for your decision"))))
        items = []
        for row in report.waiting_decisions:
            lines: list[Line] = [tuple(item(words, row))]
            parts = impact(words, row)
            if parts:
                lines.append(tuple(fill(_("Impact if approved: {impact}"), "strong", impact=joined(parts, PLAIN))))
            lines += discussed(words, row)
            items.append(lines)
        doc.add(Bullets(items))
    if report.waiting_confirmation:
        doc.add(Heading(3, line(_("Waiting for your confirmation"))))
        items = []
        for row in report.waiting_confirmation:
            first = item(words, row)
            if row.get("milestone"):
                first += [plain(SEPARATOR, "muted"), user(row["milestone"], "muted")]
            items.append([tuple(first), *discussed(words, row)])
        doc.add(Bullets(items))
    if report.waiting_blockers:
        doc.add(Heading(3, line(_("Holding us up until we hear from you"))))
        doc.add(Bullets([blocker_lines(words, blocker) for blocker in report.waiting_blockers]))


def discussed(words: Words, row: dict) -> list[Line]:
    """The latest meeting decision about a waiting item, if any: "At the meeting of
    Nov 19: …"."""
    decision = row.get("discussed")
    if not decision:
        return []
    return [tuple(fill(words._("At the meeting of {date}: {decision}"), label="muted",
                       date=plain(words.day(decision["date"]), "muted"), decision=user(decision["text"])))]


def blocker_lines(words: Words, blocker: Blocker) -> list[Line]:
    lines = user_lines(blocker.text)
    since = plain(SEPARATOR + words._("since {date}").format(date=words.day(blocker.since)), "muted")
    first = (*fill(words._("{name}: {blocker}"), name=user(blocker.name, "strong"),
                   blocker=list(lines[0] if lines else ())), since)
    return [first, *lines[1:]]


def internal(report: WeeklyReport, language: str | None = None) -> list[Block]:
    """What the report leaves out, for the preview only (blocks, as in a document)."""
    words = Words(language or report.language)
    _ = words._
    blocks: list[Block] = []
    if report.internal_blockers:
        blocks.append(Heading(3, line(_("Blockers not marked as waiting on the client"))))
        blocks.append(Bullets([blocker_lines(words, blocker) for blocker in report.internal_blockers]))
    if report.assessment_notes:
        blocks.append(Heading(3, line(_("Assessment notes"))))
        blocks.append(Bullets([[tuple(item(words, row)), *user_lines(row["assessment_note"], "muted")]
                               for row in report.assessment_notes]))
    return blocks
