"""The key bound to a binding id now, as the footer shows it.

Every hint, button, help line and message that names a key asks here, so a key the user
rebound in the settings file (`keymap`) shows as it is bound, never as a letter written
into a string. Widgets, screens and the app all use it.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.binding import Binding
from textual.dom import DOMNode


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
