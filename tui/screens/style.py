"""Colours from the theme, for text drawn in code (list cells, detail panes).

Styles are written like Rich styles, with theme variables in place of colour names:
`"bold $text-error"`, `"$text-success"`, `"dim italic"`. `themed(app, spec)` reads the
variables of the app's current theme, so a light theme gets colours that read on a light
background (Textual's `text-*` variables are made for text on the theme's own background)
and a theme switch recolours everything on the next paint. Fixed Rich colour names
(`"red"`, `"yellow"`) never appear in a screen.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError

# What a status or a fact means, as a style: the areas map their statuses to these.
TONES = {
    "new": "bold",
    "waiting": "$text-warning",
    "active": "$text-primary",
    "review": "$text-accent",
    "good": "$text-success",
    "bad": "$text-error",
    "muted": "dim",
    "urgent": "bold $text-error",
    "note": "italic",
}

PRIORITY_TONES = {"P0": "urgent", "P1": "waiting", "P3": "muted"}

REQUIREMENT_TONES = {
    "draft": "muted",
    "documented": "active",
    "confirmed": "bold $text-primary",
    "in_progress": "waiting",
    "delivered": "review",
    "accepted": "good",
    "deferred": "dim italic",
    "dropped": "dim strike",
}
"""The register's statuses (the register, the milestones and their review)."""


_CACHE: dict[tuple[str, str], Style] = {}


def themed(app: App, spec: str | None) -> Style:
    """`spec` (a Rich style with `$variables`, or a name of `TONES`) as a Rich style in
    the app's current theme (remembered per theme: a paint pays for a dict lookup)."""
    if not spec:
        return Style.null()
    cache_key = (app.theme, spec)
    style = _CACHE.get(cache_key)
    if style is None:
        style = _CACHE[cache_key] = _parse(app.theme_variables, TONES.get(spec, spec))
    return style


def _parse(values: dict[str, str], spec: str) -> Style:
    words, color = [], None
    for word in spec.split():
        if word.startswith("$"):
            value = values.get(word[1:])
            if value:
                try:
                    color = Color.parse(value).rich_color
                except ColorParseError:  # a variable that is not a colour ("auto 60%")
                    color = None
        else:
            words.append(word)
    style = Style.parse(" ".join(words)) if words else Style.null()
    return style + Style(color=color) if color is not None else style
