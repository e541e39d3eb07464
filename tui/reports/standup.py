"""A day's standup minutes as Markdown (`huddle standup export`, `x` on the board), in the
active language. The facts come from `tui.store.standup`. No Textual, no Rich.
"""

from __future__ import annotations

from datetime import date

from ..i18n import _, format_weekday_date, join_list, labelled, with_note
from ..store import standup
from ..store.db import Store
from ..text import markdown_block, markdown_inline


def minutes_markdown(store: Store, day: date) -> str:
    """The day's minutes as Markdown, in the active language. Names and logins go through
    `markdown_inline` and notes into fenced code blocks (`markdown_block`), so nothing a
    member typed can become a heading, a list item, a link or a table row."""
    md, block = markdown_inline, markdown_block

    info = standup.summary(store, day)

    out = [f"# {_('Standup minutes')} — {format_weekday_date(day)}", ""]
    for label, rows in ((_("Present"), info["present"]), (_("Absent"), info["absent"]),
                        (_("Not posted"), info["missing"])):
        out.append(labelled(with_note(f"**{label}**", len(rows)),
                            join_list(md(row["display_name"]) for row in rows) or "—"))
        out.append("")
    out.append(f"## {_('Blockers')}")
    out.append("")
    if info["blockers"]:
        for row in info["blockers"]:
            out.append(f"- **{md(row['display_name'])}**")
            out.append("")
            out.extend(block(row["blockers"], indent="  "))
    else:
        out.append(_("No blockers."))
    out.append("")
    out.append(f"## {_('Notes')}")
    for row in info["posted"]:
        out.append("")
        name, login = md(row["display_name"]), md(row["login"])
        heading = "### " + (name if name == login else with_note(name, login))
        if row["absent"]:
            heading += f" · {_('absent')}"
        out.append(heading)
        for field in standup.FIELDS:
            if (row[field] or "").strip():
                out.append("")
                out.append(f"*{standup.field_label(field)}*")
                out.append("")
                out.extend(block(row[field]))
    out.append("")
    return "\n".join(out)
