"""A client meeting's minutes (MT-n), as Markdown and as one self-contained HTML page, in
the client's language whatever the interface speaks (`huddle meeting export`, `x` in the
Meetings area).

The facts come from `tui.store.meetings`; this module words and renders them. User text is
returned as typed by `minutes_facts` and escaped by each renderer: `markdown_inline` (and
the notes in a fenced block) for Markdown, `clean` then `html.escape` for HTML. No Textual,
no Rich.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from .. import i18n
from ..i18n import _, format_date, format_weekday_date, join_list, normalize_language, with_note
from ..store import meetings, members, projects
from ..store.db import Store
from ..store.errors import ValidationError
from ..text import clean, markdown_block, markdown_inline


@contextmanager
def in_language(language: str | None) -> Iterator[str]:
    """Word what is built inside in `language` (the minutes go out in the client's
    language, whatever the interface speaks), then switch back. Callers build text
    synchronously inside, so nothing else is drawn in the other language meanwhile."""
    previous = i18n.get_language()
    chosen = i18n.normalize_language(language) or previous
    i18n.set_language(chosen)
    try:
        yield chosen
    finally:
        i18n.set_language(previous)


def minutes_language(store: Store, meeting: dict, language: str | None = None) -> str:
    """The language of the minutes: the one asked for, else the client's (the project's
    `client_lang`), else English."""
    if language:
        chosen = normalize_language(language)
        if chosen is None:
            raise ValidationError(_("The language is en or zh_CN."), "lang")
        return chosen
    project = projects.get(store, meeting["project"]) if meeting["project"] else None
    return (project or {}).get("client_lang") or "en"


def _format_day(value: str | None) -> str:
    if not value:
        return "—"
    try:
        return format_date(date.fromisoformat(value[:10]), "long")
    except ValueError:
        return value


def minutes_facts(store: Store, key: str, language: str | None = None) -> dict:
    """Everything the minutes show, worded in `language` (or the client's): the same facts
    for Markdown and HTML. User text is returned as typed; each renderer escapes it."""
    meeting = meetings.require(store, key)
    lang = minutes_language(store, meeting, language)
    names = members.names(store)
    project = projects.get(store, meeting["project"]) if meeting["project"] else None
    the_decisions = meetings.decisions(store, meeting["key"])
    the_actions = meetings.actions(store, meeting["key"])
    titles = meetings.item_titles(store, sorted({k for d in the_decisions for k in d["links"]}), lang)
    with in_language(lang):
        project_text = ""
        if project:
            project_text = f"{project['key']} · {project['name']}"
            if project["client"]:
                project_text = with_note(project_text, project["client"])
        facts = {
            "language": lang,
            "key": meeting["key"],
            "title": meeting["title"],
            "heading": _("Meeting minutes"),
            "fields": [
                (_("Project"), project_text or "—"),
                (_("Date"), format_weekday_date(date.fromisoformat(meeting["date"]))),
                (_("Meeting type"), meetings.kind_label(meeting["kind"])),
                (_("Team attendees"), join_list(names.get(login, login) for login in meetings.entries(meeting["attendees"])) or "—"),
                (_("Client attendees"), join_list(meetings.entries(meeting["client_attendees"])) or "—"),
            ],
            "decisions_heading": _("Decisions"),
            "decisions": [
                {"text": d["text"], "concerns": [(k, titles.get(k, "")) for k in d["links"]]} for d in the_decisions
            ],
            "concerns_label": _("Concerns"),
            "no_decisions": _("No decisions were recorded."),
            "actions_heading": _("Action items"),
            "action_columns": (_("Action item"), _("Owner"), _("Due"), _("Type")),
            "actions": [
                {
                    "text": a["text"],
                    "done": bool(a["done_at"]) and not a["commitment"],
                    "owner": names.get(a["owner"], a["owner"] or "—"),
                    "due": _format_day(a["commitment_due"] or a["due"]),
                    "kind": (_("Our commitment {key}").format(key=a["commitment"]) if a["commitment"]
                             else _("Team task") + (" · " + _("done") if a["done_at"] else "")),
                }
                for a in the_actions
            ],
            "no_actions": _("No action items were recorded."),
            "notes_heading": _("Meeting notes"),
            "colon": "：" if lang == "zh_CN" else ": ",
            "list_sep": _(", "),
            "notes": meeting["notes"] or "",
            "footer": _("Minutes of {key}, written {day} with Huddle.").format(
                key=meeting["key"], day=_format_day(store.today().isoformat())),
        }
    return facts


def minutes_markdown(store: Store, key: str, language: str | None = None) -> str:
    """The minutes as Markdown, in the client's language (or `language`). Titles, names
    and decisions go through `markdown_inline` and the notes into a fenced block
    (`markdown_block`), so nothing anyone typed becomes a heading, a list or a link."""
    md = markdown_inline
    facts = minutes_facts(store, key, language)
    colon = facts["colon"]
    out = [f"# {md(facts['heading'])}{colon}{md(facts['title'])}", ""]
    for label, value in facts["fields"]:
        out.append(f"- **{md(label)}{colon.strip()}** {md(value)}")
    out += ["", f"## {md(facts['decisions_heading'])}", ""]
    if facts["decisions"]:
        for number, decision in enumerate(facts["decisions"], start=1):
            out.append(f"{number}. {md(decision['text'])}")
            if decision["concerns"]:
                concerns = facts["list_sep"].join(md(f"{k} {title}".strip()) for k, title in decision["concerns"])
                out.append(f"   *{md(facts['concerns_label'])}{colon.strip()}* {concerns}")
    else:
        out.append(md(facts["no_decisions"]))
    out += ["", f"## {md(facts['actions_heading'])}", ""]
    if facts["actions"]:
        _item, owner, due, _kind = facts["action_columns"]
        for number, item in enumerate(facts["actions"], start=1):
            mark = "✓ " if item["done"] else ""
            out.append(f"{number}. {mark}{md(item['text'])}  ")
            out.append(f"   {md(owner)}{colon}{md(item['owner'])} · {md(due)}{colon}{md(item['due'])} · {md(item['kind'])}")
    else:
        out.append(md(facts["no_actions"]))
    out += ["", f"## {md(facts['notes_heading'])}", ""]
    if facts["notes"].strip():
        out.extend(markdown_block(facts["notes"]))
    else:
        out.append("—")
    out += ["", "---", "", f"*{md(facts['footer'])}*", ""]
    return "\n".join(out)


_CSS = """
body { font-family: -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #1f2328; margin: 0; background: #fff; }
main { max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.55; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 1.8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #eaeef2; }
table.facts th { width: 11rem; color: #57606a; font-weight: 600; }
thead th { background: #f6f8fa; }
ol li { margin: .3rem 0; }
.concerns { color: #57606a; font-size: .92rem; }
.notes { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border-radius: 6px; padding: .8rem 1rem; }
.empty { color: #57606a; }
tr.done td { color: #57606a; }
footer { margin-top: 2.5rem; color: #57606a; font-size: .85rem; }
@media print { main { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, li { break-inside: avoid; } }
"""


def _h(text: str | None) -> str:
    """User (or translated) text as HTML text: control characters made visible, then
    escaped, so nothing typed becomes markup."""
    return html.escape(clean(text or ""), quote=True)


def minutes_html(store: Store, key: str, language: str | None = None) -> str:
    """The minutes as one self-contained, printable HTML page (inline CSS, no scripts, no
    outside resources; a content security policy forbids any), in the client's language."""
    facts = minutes_facts(store, key, language)
    lang = "zh-CN" if facts["language"] == "zh_CN" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(facts['heading'])}{_h(facts['colon'])}{_h(facts['title'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_h(facts['heading'])}{_h(facts['colon'])}{_h(facts['title'])}</h1>",
        '<table class="facts">',
    ]
    for label, value in facts["fields"]:
        out.append(f"<tr><th>{_h(label)}</th><td>{_h(value)}</td></tr>")
    out += ["</table>", f"<h2>{_h(facts['decisions_heading'])}</h2>"]
    if facts["decisions"]:
        out.append("<ol>")
        for decision in facts["decisions"]:
            line = f"<li>{_h(decision['text'])}"
            if decision["concerns"]:
                concerns = facts["list_sep"].join(_h(f"{k} {title}".strip()) for k, title in decision["concerns"])
                line += f'<div class="concerns">{_h(facts["concerns_label"])}{_h(facts["colon"])}{concerns}</div>'
            out.append(line + "</li>")
        out.append("</ol>")
    else:
        out.append(f'<p class="empty">{_h(facts["no_decisions"])}</p>')
    out.append(f"<h2>{_h(facts['actions_heading'])}</h2>")
    if facts["actions"]:
        out.append("<table><thead><tr><th>#</th>"
                   + "".join(f"<th>{_h(column)}</th>" for column in facts["action_columns"]) + "</tr></thead><tbody>")
        for number, item in enumerate(facts["actions"], start=1):
            done = ' class="done"' if item["done"] else ""
            mark = "✓ " if item["done"] else ""
            out.append(f"<tr{done}><td>{number}</td><td>{mark}{_h(item['text'])}</td><td>{_h(item['owner'])}</td>"
                       f"<td>{_h(item['due'])}</td><td>{_h(item['kind'])}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f'<p class="empty">{_h(facts["no_actions"])}</p>')
    out.append(f"<h2>{_h(facts['notes_heading'])}</h2>")
    if facts["notes"].strip():
        out.append(f'<div class="notes">{_h(facts["notes"].strip())}</div>')
    else:
        out.append('<p class="empty">—</p>')
    out += [f"<footer>{_h(facts['footer'])}</footer>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def minutes(store: Store, key: str, language: str | None = None, fmt: str = "md") -> str:
    """The minutes in `fmt` ("md" or "html")."""
    if fmt == "html":
        return minutes_html(store, key, language)
    if fmt in ("md", "markdown"):
        return minutes_markdown(store, key, language)
    raise ValidationError(_("The format is md or html."), "format")


def minutes_filename(meeting: dict, fmt: str = "md") -> str:
    """`MT-3-2026-11-24.md`: a default name made only of the key and the date."""
    return f"{meeting['key']}-{meeting['date']}.{'html' if fmt == 'html' else 'md'}"
