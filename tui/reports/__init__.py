"""What Huddle sends the client: the weekly progress report and the requirements document.

    tui.store.reports     every figure, from the store (no wording)
    tui.reports.weekly    the weekly report as a document, in the report's language
    tui.reports.reqdoc    the requirements document, likewise
    tui.reports.document  the document model; its Markdown and HTML
    tui.reports.words     translation, dates and numbers in a given language (babel)

The command line (`huddle report weekly`, `huddle req doc`) and the app's preview and
export all go through the functions below, so what is previewed is what is written.
No Textual, no Rich.
"""

from __future__ import annotations

from ..store import reports
from ..store.db import Store
from .document import FORMATS, Document, render

__all__ = [
    "FORMATS",
    "Document",
    "render",
    "reqdoc_document",
    "reqdoc_filename",
    "reqdoc_text",
    "weekly_document",
    "weekly_filename",
    "weekly_text",
]


def weekly_document(store: Store, project: str | None, week=None, language: str | None = None) -> Document:
    from . import weekly

    report = reports.weekly(store, project, week)
    return weekly.document(report, language)


def weekly_text(store: Store, project: str | None, week=None, language: str | None = None, fmt: str = "md") -> str:
    """The weekly report of `project` for `week` (default: the last complete week), in
    `language` (default: the client's), as Markdown or HTML."""
    return render(weekly_document(store, project, week, language), fmt)


def reqdoc_document(store: Store, project: str | None, milestone=None, language: str | None = None) -> Document:
    from . import reqdoc

    return reqdoc.document(reports.requirements_document(store, project, milestone), language)


def reqdoc_text(store: Store, project: str | None, milestone=None, language: str | None = None,
                fmt: str = "md") -> str:
    """The requirements document of `project` (or of one milestone), in `language`
    (default: the client's), as Markdown or HTML."""
    return render(reqdoc_document(store, project, milestone, language), fmt)


def weekly_filename(project: str, week: reports.Week, language: str, fmt: str) -> str:
    """`weekly-ACME-2026-W47-zh_CN.md`."""
    return f"weekly-{project}-{week.label}-{language}.{fmt}"


def reqdoc_filename(project: str, language: str, fmt: str, milestone: dict | None = None) -> str:
    """`requirements-ACME-zh_CN.md` (`requirements-ACME-m3-zh_CN.md` for one milestone)."""
    part = f"-m{milestone['id']}" if milestone else ""
    return f"requirements-{project}{part}-{language}.{fmt}"
