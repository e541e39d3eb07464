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

from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from ..i18n import N_


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


def bindings_of(node: DOMNode) -> Iterator[Binding]:
    """Every binding declared for `node`'s class (its own and inherited)."""
    merged = type(node)._merged_bindings
    if merged is None:
        return
    for bindings in merged.key_to_bindings.values():
        yield from bindings


def find(node: DOMNode, binding_id: str) -> Binding | None:
    """The binding with this id on `node`, else on the app."""
    for owner in (node, node.app):
        for binding in bindings_of(owner):
            if binding.id == binding_id:
                return binding
    return None


def key_of(node: DOMNode, binding_id: str) -> str:
    """The key bound to `binding_id` now (after the user's keymap), as the footer shows it;
    "" if nothing is bound to it."""
    binding = find(node, binding_id)
    if binding is None:
        return ""
    return display(node, binding)


def display(node: DOMNode, binding: Binding) -> str:
    """How `binding`'s first key shows, after the user's keymap."""
    app = node.app
    keys = app._keymap.get(binding.id) if binding.id else None
    if keys:
        binding = binding.with_key(keys.split(",")[0].strip(), key_display=None)
    elif "," in binding.key:
        binding = binding.with_key(binding.key.split(",")[0].strip(), key_display=binding.key_display)
    return app.get_key_display(binding)
