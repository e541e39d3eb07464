"""The requirements document for client confirmation (需求文档), in the report's language.

`document(doc, language)` words `tui.store.reports.requirements_document()`: the project's
requirements grouped by milestone (due order), each with its priority, description,
acceptance criteria and status in words a client reads; deferred and dropped ones apart;
the sign-off table (who on the client's side confirmed what, and when); and a blank block
for the client's signature on this version.
"""

from __future__ import annotations

from ..i18n import N_
from ..store.reports import RequirementsDocument
from .document import (
    PLAIN,
    Bullets,
    Document,
    Heading,
    Line,
    Paragraph,
    Table,
    fill,
    line,
    plain,
    user,
    user_lines,
)
from .words import Words

PRIORITIES = {
    "P0": N_("P0 (critical)"),
    "P1": N_("P1 (high)"),
    "P2": N_("P2 (normal)"),
    "P3": N_("P3 (low)"),
}

STATUSES = {
    "draft": (N_("Draft, still being discussed"), "muted"),
    "documented": (N_("Written up, waiting for your confirmation"), "warn"),
    "confirmed": (N_("Confirmed by you"), "good"),
    "in_progress": (N_("Confirmed by you; in development"), "good"),
    "delivered": (N_("Delivered, waiting for your acceptance"), "warn"),
    "accepted": (N_("Accepted"), "good"),
    "deferred": (N_("Deferred"), "muted"),
    "dropped": (N_("Dropped"), "muted"),
}


def status_words(words: Words, status: str) -> tuple[str, str]:
    label, style = STATUSES.get(status, (status, ""))
    return words._(label), style


def document(doc: RequirementsDocument, language: str | None = None) -> Document:
    words = Words(language or doc.language)
    _ = words._
    project = doc.project
    out = Document(words.language, _("Requirements for confirmation: {project}").format(project=project["name"]))
    out.add(Heading(1, tuple(fill(_("Requirements for confirmation: {project}"), project=user(project["name"])))))
    meta: list[Line] = []
    if (project.get("client") or "").strip():
        meta.append(tuple(fill(_("Client: {client}"), "strong", client=user(project["client"], PLAIN))))
    contacts = [text for text in (project.get("contacts") or "").split("\n") if text.strip()]
    if contacts:
        runs = []
        for index, contact in enumerate(contacts):
            if index:
                runs.append(plain(_(", "), PLAIN))
            runs.append(user(contact, PLAIN))
        meta.append(tuple(fill(_("Contacts: {contacts}"), "strong", contacts=runs)))
    if doc.milestone is not None:
        meta.append(tuple(fill(_("Milestone: {milestone}"), "strong", milestone=user(doc.milestone["name"], PLAIN))))
    meta.append(line(plain(words.ngettext(
        "Prepared on {date}: {count} requirement.", "Prepared on {date}: {count} requirements.", doc.count,
    ).format(date=words.date(doc.today), count=words.number(doc.count)), "muted")))
    out.add(Paragraph(meta))
    out.add(Paragraph([line(_("Please check each requirement below: what it is, its priority and how it will be "
                              "accepted. Tell us what to change, and confirm this version by signing at the end."))]))

    if not doc.groups and not doc.out_of_scope:
        out.add(Paragraph([line(_("No requirements yet."))]))
    for milestone, rows in doc.groups:
        if milestone is None:
            out.add(Heading(2, line(_("Not yet planned for a milestone"))))
        else:
            heading = [user(milestone["name"])]
            if milestone.get("due"):
                heading += [plain(" · "), plain(_("due {date}").format(date=words.date(milestone["due"])))]
            out.add(Heading(2, tuple(heading)))
        for row in rows:
            _requirement(out, words, row)

    if doc.out_of_scope:
        out.add(Heading(2, line(_("Deferred or dropped"))))
        items: list[list[Line]] = []
        for row in doc.out_of_scope:
            label, _style = status_words(words, row["status"])
            items.append([(user(row["key"], "strong"), plain(" "), user(words.pick(row, "title")),
                           plain(" · " + label, "muted"))])
        out.add(Bullets(items))

    out.add(Heading(2, line(_("Sign-off"))))
    if doc.sign_off:
        out.add(Table(
            [_("Requirement"), _("Title"), _("Confirmed by"), _("Date")],
            [[line(user(row["key"])), line(user(words.pick(row, "title"))), line(user(row["confirmed_by"])),
              line(words.date(row["confirmed_at"]))] for row in doc.sign_off],
        ))
    else:
        out.add(Paragraph([line(plain(_("Nothing has been confirmed yet."), "muted"))]))
    out.add(Paragraph([line(_("We confirm the requirements in this document, as of the date above."))]))
    out.add(Table([_("For"), _("Name of the signatory"), _("Signature"), _("Date")], [
        [line(_("The client")), (), (), ()],
        [line(_("The project team")), (), (), ()],
    ]))
    return out


def _requirement(out: Document, words: Words, row: dict) -> None:
    _ = words._
    out.add(Heading(3, (user(row["key"]), plain(" "), user(words.pick(row, "title")))))
    label, style = status_words(words, row["status"])
    facts: list[Line] = [
        tuple(fill(_("Priority: {priority}"), label="strong",
                   priority=_(PRIORITIES[row["priority"]]) if row["priority"] in PRIORITIES else row["priority"])),
        tuple(fill(_("Status: {status}"), label="strong", status=plain(label, style))),
    ]
    if row["status"] in ("confirmed", "in_progress", "delivered", "accepted") and row.get("confirmed_by"):
        facts.append(tuple(fill(_("Confirmed by {contact} on {date}."), "muted", contact=user(row["confirmed_by"]),
                                date=words.date(row["confirmed_at"]))))
    out.add(Paragraph(facts))
    detail = user_lines(words.pick(row, "detail"))
    out.add(Paragraph([line(plain(_("Description"), "strong")), *(detail or [line(plain(_("(none yet)"), "muted"))])]))
    criteria = user_lines(row.get("acceptance_criteria"))
    out.add(Paragraph([line(plain(_("Acceptance criteria"), "strong")),
                       *(criteria or [line(plain(_("(to be agreed)"), "muted"))])]))
