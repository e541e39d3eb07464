"""One store call for several items (the marked rows of a list): each item in its own
transaction, so one refusal does not undo the others; the refusals come back with their
reasons for one report. Runs wherever it is called: the app calls it on its store thread."""

from __future__ import annotations

from collections.abc import Callable

from .db import Store
from .errors import StoreError


def each(store: Store, keys: list[str], fn: Callable[..., dict], *args, **kwargs) -> tuple[list[dict], list[tuple[str, StoreError]]]:
    """`fn(store, key, *args, **kwargs)` for every key: (rows done, [(key, error) refused])."""
    done: list[dict] = []
    refused: list[tuple[str, StoreError]] = []
    for key in keys:
        try:
            done.append(fn(store, key, *args, **kwargs))
        except StoreError as error:
            refused.append((key, error))
    return done, refused
