"""A report as a small document model, and its Markdown and HTML.

The weekly report and the requirements document are built once as blocks (headings,
paragraphs, lists, tables) of runs of text; each run says whether it is text someone typed
(`user=True`). The renderers here (and the preview screen's, which uses Rich) treat user
text the same way everywhere:

* Markdown: `tui.text.markdown_inline` on every user run (control characters made
  visible, every character Markdown could read as structure escaped), so no title can
  become a heading, a list item, a link, an image or a table row;
* HTML: `tui.text.clean` then `html.escape` on every run, user text or not; one
  self-contained file: inline CSS, no script, no external resource (a Content Security
  Policy says so to the browser too), printable on A4.

Multi-line user text is split into lines first (`user_lines`), each shown as a line of its
own (a hard line break), never as Markdown.

No Textual, no Rich.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from ..text import clean, markdown_inline

PLAIN = "plain"
"""The style of a run that stays plain inside a styled sentence (`fill`)."""
STYLES = ("", PLAIN, "strong", "em", "muted", "good", "warn", "bad")


@dataclass(frozen=True)
class Run:
    """A piece of text: `style` is one of STYLES; `user` marks text someone typed."""

    text: str
    style: str = ""
    user: bool = False


Line = tuple[Run, ...]


def plain(text: str, style: str = "") -> Run:
    """Huddle's own words (already translated)."""
    return Run(text, style)


def user(text: str | None, style: str = "") -> Run:
    """Text from the workspace: escaped by every renderer."""
    return Run(text or "", style, True)


def line(*runs: Run | str) -> Line:
    return tuple(run if isinstance(run, Run) else plain(run) for run in runs)


_FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, style: str = "", *, label: str | None = None, **values: Run | list[Run] | str) -> list[Run]:
    """A translated sentence with `{placeholders}` as runs: a value that is a Run (user
    text, say) keeps its own kind and takes `style` unless it has one of its own (`PLAIN`
    keeps it plain); a string is Huddle's own words. The translation decides the word
    order; user text is never formatted into a string, so it stays marked as user text.
    `label`: the style of the words before the first placeholder (a label, "Due next:")."""
    runs: list[Run] = []
    position = 0
    for match in _FIELD.finditer(template):
        if match.start() > position:
            runs.append(Run(template[position:match.start()], label if label is not None and not position else style))
        value = values.get(match.group(1), match.group())
        if isinstance(value, (Run, list, tuple)):
            for run in [value] if isinstance(value, Run) else value:
                runs.append(Run(run.text, run.style or style, run.user))
        else:
            runs.append(Run(str(value), style))
        position = match.end()
    if position < len(template):
        runs.append(Run(template[position:], style))
    return runs


def user_lines(text: str | None, style: str = "") -> list[Line]:
    """Multi-line user text as lines (empty lines left out)."""
    cleaned = clean(text or "", multiline=True)
    return [(user(part.strip(), style),) for part in cleaned.split("\n") if part.strip()]


@dataclass
class Heading:
    level: int
    runs: Line


@dataclass
class Paragraph:
    lines: list[Line]


@dataclass
class Bullets:
    items: list[list[Line]]
    """Each item: its first line, then lines shown under it."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[Line]]
    numeric: tuple[int, ...] = ()
    """Columns aligned right (numbers)."""


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Document:
    language: str
    """`en` or `zh_CN`: the document's language (its words, dates and numbers)."""
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> None:
        self.blocks.append(block)


# -- Markdown ------------------------------------------------------------------------------

_MD_MARKERS = {"strong": "**", "good": "**", "warn": "**", "bad": "**", "em": "*"}
"""Muted text stays plain in Markdown (a viewer has no grey)."""


def _edge(char: str) -> bool:
    """Whitespace or punctuation (CommonMark counts Unicode symbols as punctuation too): an
    emphasis marker beside it may fail to open or close, so it stays outside the marker."""
    return char.isspace() or unicodedata.category(char)[0] in "PSZC"


def _plain_edges(text: str) -> bool:
    """User text that may go inside emphasis: it begins and ends with a letter or a digit
    (once escaped, anything else could leave the marker unable to close)."""
    stripped = text.strip()
    return bool(stripped) and not _edge(stripped[0]) and not _edge(stripped[-1])


def _md_piece(text: str, from_user: bool) -> str:
    """One run's text as Markdown, whitespace folded but a space at either end kept."""
    if not text:
        return ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and text.strip() else ""
    body = markdown_inline(text) if from_user else " ".join(text.split()).replace("|", "\\|")
    return lead + body + trail if body else lead


def _md_segment(marker: str, pieces: list[tuple[str, bool]]) -> str:
    """Runs of one style: the marker around them, with whitespace and punctuation of
    Huddle's own words at either end moved outside it."""
    if not marker:
        return "".join(_md_piece(text, from_user) for text, from_user in pieces)
    lead = trail = ""
    while pieces and not pieces[0][1]:
        text = pieces[0][0]
        cut = 0
        while cut < len(text) and _edge(text[cut]):
            cut += 1
        lead += text[:cut]
        pieces = ([(text[cut:], False)] if text[cut:] else []) + pieces[1:]
        if text[cut:]:
            break
    while pieces and not pieces[-1][1]:
        text = pieces[-1][0]
        cut = len(text)
        while cut > 0 and _edge(text[cut - 1]):
            cut -= 1
        trail = text[cut:] + trail
        pieces = pieces[:-1] + ([(text[:cut], False)] if text[:cut] else [])
        if text[:cut]:
            break
    body = "".join(_md_piece(text, from_user) for text, from_user in pieces)
    inner = f"{marker}{body.strip()}{marker}" if body.strip() else body
    return _md_piece(lead, False) + inner + _md_piece(trail, False)


def _md_line(runs: Line) -> str:
    segments: list[tuple[str, list[tuple[str, bool]]]] = []
    for run in runs:
        marker = _MD_MARKERS.get(run.style, "")
        if marker and run.user and not _plain_edges(run.text):
            marker = ""
        if segments and segments[-1][0] == marker:
            segments[-1][1].append((run.text, run.user))
        else:
            segments.append((marker, [(run.text, run.user)]))
    text = "".join(_md_segment(marker, pieces) for marker, pieces in segments)
    return re.sub(r" {2,}", " ", text).strip()


def _md_lines(lines: list[Line], indent: str = "") -> list[str]:
    """Lines joined by hard breaks (a backslash at the end of a line: CommonMark's, which
    no editor strips, unlike two trailing spaces)."""
    texts = [text for text in (_md_line(item) for item in lines) if text]
    return [indent * (number > 0) + text + ("\\" if number < len(texts) - 1 else "")
            for number, text in enumerate(texts)]


def _md_cell(runs: Line) -> str:
    return _md_line(runs) or " "


def to_markdown(document: Document) -> str:
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _md_line(block.runs), ""]
        elif isinstance(block, Paragraph):
            out += [*_md_lines(block.lines), ""]
        elif isinstance(block, Bullets):
            for item in block.items:
                lines = _md_lines(item, indent="  ")
                if lines:
                    out.append("- " + lines[0])
                    out += lines[1:]
            out.append("")
        elif isinstance(block, Table):
            out.append("| " + " | ".join(" ".join(title.split()) for title in block.header) + " |")
            out.append("|" + "|".join("---:" if index in block.numeric else "---"
                                      for index in range(len(block.header))) + "|")
            for row in block.rows:
                out.append("| " + " | ".join(_md_cell(cell) for cell in row) + " |")
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


# -- HTML ----------------------------------------------------------------------------------

_HTML_STYLE = {"strong": ("<strong>", "</strong>"), "em": ("<em>", "</em>"),
               "muted": ('<span class="muted">', "</span>"), "good": ('<strong class="good">', "</strong>"),
               "warn": ('<strong class="warn">', "</strong>"), "bad": ('<strong class="bad">', "</strong>")}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: #1f2328;
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
        "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans", Arial, sans-serif; }
main { max-width: 52rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff;
  border-radius: 6px; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; padding-bottom: .5rem; border-bottom: 3px solid #2b6cb0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; color: #2b6cb0; border-bottom: 1px solid #d0d7de;
  padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0 .8rem; }
ul { margin: .3rem 0 1rem; padding-left: 1.3rem; }
li { margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.blank { height: 2.6rem; }
.muted { color: #59636e; }
.good { color: #1a7f37; }
.warn { color: #9a6700; }
.bad { color: #cf222e; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { margin: 0; padding: 0; max-width: none; box-shadow: none; border-radius: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
}
""".strip()

_HTML_LANG = {"en": "en", "zh_CN": "zh-CN"}


def _html_text(text: str) -> str:
    return html.escape(clean(text, multiline=False), quote=True)


def _html_run(run: Run) -> str:
    text = _html_text(run.text)
    if not text:
        return ""
    start, end = _HTML_STYLE.get(run.style, ("", ""))
    return start + text + end


def _html_line(runs: Line) -> str:
    """Runs of the same style side by side share one element."""
    merged: list[Run] = []
    for run in runs:
        style = "" if run.style == PLAIN else run.style
        if merged and merged[-1].style == style:
            merged[-1] = Run(merged[-1].text + run.text, style)
        else:
            merged.append(Run(run.text, style))
    return "".join(_html_run(run) for run in merged).strip()


def _html_lines(lines: list[Line]) -> str:
    return "<br>\n".join(text for text in (_html_line(item) for item in lines) if text)


def _html_cell(table: Table, tag: str, index: int, content: str) -> str:
    classes = ["num"] if index in table.numeric else []
    if tag == "td" and not content:
        classes.append("blank")
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{attribute}>{content}</{tag}>"


def to_html(document: Document) -> str:
    body: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            body.append(f"<h{level}>{_html_line(block.runs)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_html_lines(block.lines)}</p>")
        elif isinstance(block, Bullets):
            items = "\n".join(f"<li>{_html_lines(item)}</li>" for item in block.items)
            body.append(f"<ul>\n{items}\n</ul>")
        elif isinstance(block, Table):
            head = "".join(_html_cell(block, "th", index, _html_text(title))
                           for index, title in enumerate(block.header))
            rows = "\n".join(
                "<tr>" + "".join(_html_cell(block, "td", index, _html_line(value)) for index, value in enumerate(row))
                + "</tr>"
                for row in block.rows
            )
            body.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")
    language = _HTML_LANG.get(document.language, "en")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_html_text(document.title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


FORMATS = ("md", "html")


def render(document: Document, fmt: str) -> str:
    """The document as `md` or `html`."""
    if fmt == "html":
        return to_html(document)
    if fmt == "md":
        return to_markdown(document)
    raise ValueError(f"unknown format {fmt!r}")
