"""One key vocabulary, and the key actually bound.

A verb has one key in every area: `a` is a lead's yes (approve a change request, accept a
requirement), `x` a final no with the reason (reject, drop, missed), `u` undo… The list
areas bind these verbs with one binding id each (`list.<verb>`), so a user who rebinds a
verb in the settings file's `keymap` rebinds it everywhere at once. A move only one area
has gets a key that means nothing else anywhere, and an id of its own (`changes.assess`).
`tests/test_key_vocabulary.py` fails if two screens bind one key to different verbs.

Nothing shows a key written into a sentence: `key_of(node, binding_id)` says which key is
bound now, after the user's keymap, as the footer shows it (`/`, `^s`, `A`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_
from ..widgets.bound import bindings_of, display, find, key_of  # noqa: F401 - the vocabulary's lookups


@dataclass(frozen=True)
class Verb:
    """A verb of the vocabulary: its binding id is `list.<name>`."""

    name: str
    key: str
    meaning: str
    """msgid: what the verb means, for the README's table and `huddle keys`."""
    key_display: str | None = None

    @property
    def id(self) -> str:
        return f"list.{self.name}"


VERBS: dict[str, Verb] = {
    verb.name: verb
    for verb in (
        Verb("new", "n", N_("add an item")),
        Verb("edit", "e", N_("edit the item")),
        Verb("filter", "slash", N_("filter as you type"), "/"),
        Verb("clear", "escape", N_("clear the filter, then the marks")),
        Verb("views", "f", N_("the next quick filter")),
        Verb("undo", "u", N_("undo my last move")),
        Verb("assign", "o", N_("assign to me (own it)")),
        Verb("priority", "p", N_("set the priority")),
        Verb("approve", "a", N_("a lead's yes: approve a change, accept a requirement")),
        Verb("reject", "x", N_("a final no, with the reason: reject, drop, missed")),
        Verb("start", "i", N_("work starts: implement, begin, start")),
        Verb("deliver", "v", N_("handed over for checking: verify, delivered, resolved")),
        Verb("done", "d", N_("finished: done, closed, kept")),
        Verb("back", "r", N_("one step back: back to draft, re-open")),
        Verb("later", "z", N_("a later date: snooze, defer, follow-up date, move the due date")),
    )
}


def binding_id(area: str, verb: str) -> str:
    """`list.<verb>` for a verb of the vocabulary, else `<area>.<verb>`."""
    return VERBS[verb].id if verb in VERBS else f"{area}.{verb}"


