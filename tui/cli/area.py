"""The command-line kit of the list areas: the commands every area has, built once.

Requirements, Changes, Feedback and Commitments each declare an `AreaCommands` subclass
whose class body says what is its own, as their screens do (`tui/screens/list_area.py`):
the store (`AREA`, an `AreaStore`), the field labels, the help texts, the list's options,
columns and empty sentence, what `move` takes and calls, and what `show` prints. `install()`
adds to the area's group the commands every area has alike:

* `list [--status S] … [--json]`: the rows as aligned columns, or the empty sentence;
* `move KEY STATUS … [--json]`: the area's move, then the item's JSON or one line saying
  where it is now;
* `show KEY [--json]`: the fields, long texts, links and history (`show_item`), or the
  item's JSON with its `links` and `history`;
* `undo [--json]`, where the area declares `UNDO_HELP`.

The area's module keeps the rest (`add`, `cr assess`, `req edit`, `req milestone …`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import click

from ..i18n import _
from ..store import undo as undoing
from ..text import one_line
from . import (
    common_options,
    describe_entry,
    echo,
    emit_json,
    history_json,
    json_list_option,
    json_option,
    options,
    print_table,
    show_item,
    status_label,
)
from .help import TranslatedGroup

if TYPE_CHECKING:
    from ..store.area import AreaStore
    from ..store.db import Store


@dataclass
class Shown:
    """The item `show` prints, with what its fields are worded from."""

    store: Store
    row: dict
    names: dict[str, str]

    def person(self, login: str | None) -> str | None:
        """A login as the member's name (the login itself for someone unknown)."""
        return self.names.get(login, login) if login else None


def stack(callback: Callable, *decorators: Callable) -> Any:
    """`callback` under `decorators`, as if they were written above it, top first."""
    for decorator in reversed(decorators):
        callback = decorator(callback)
    return callback


class AreaCommands:
    """An area's command-line declaration; `install()` makes its shared commands."""

    AREA: ClassVar[AreaStore]
    FIELD_LABELS: ClassVar[Mapping[str, str]]
    """field → msgid of its label, for `show` and the history."""
    JSON_HELP: ClassVar[str]
    """msgid of `move --json` (and of the area's own commands): "Print the request as JSON."."""

    LIST_HELP: ClassVar[str]
    STATUS_HELP: ClassVar[str]
    """msgid of `list --status`."""
    LIST_OPTIONS: ClassVar[tuple[Callable, ...]] = ()
    """`list`'s options after `--status` (click decorators, top first), given to `list_rows`."""
    EMPTY: ClassVar[str]
    """msgid of what an empty list says: "No change requests."."""
    LIMITS: ClassVar[dict[int, int]] = {}
    """Widest cells of the list's columns (`format_table`)."""

    MOVE_HELP: ClassVar[str]
    MOVE_OPTIONS: ClassVar[tuple[Callable, ...]] = ()
    """`move`'s options after KEY STATUS (click decorators, top first), given to `move`."""

    SHOW_HELP: ClassVar[str]
    TEXTS: ClassVar[tuple[str, ...]] = ()
    """The long texts `show` prints below the fields, by column."""

    UNDO_HELP: ClassVar[str | None] = None
    """msgid of `undo`'s help; None: the area has no `undo` command."""

    # -- what the area says (override) -----------------------------------------------

    def as_json(self, row: dict) -> dict:
        """The item as `--json` prints it (DESIGN.md's column names)."""
        raise NotImplementedError

    def list_rows(self, store: Store, status: str | None, **given: Any) -> list[dict]:
        raise NotImplementedError

    def list_json(self, row: dict) -> dict:
        """A row of `list --json`."""
        return self.as_json(row)

    def list_row(self, store: Store, row: dict) -> list:
        """A row of the list's columns; the last is the title (it takes what the width leaves)."""
        raise NotImplementedError

    def move(self, store: Store, key: str, status: str, **given: Any) -> dict:
        raise NotImplementedError

    def history(self, store: Store, key: str) -> list[dict]:
        return self.AREA.history(store, key)

    def show_json(self, store: Store, row: dict) -> dict:
        return self.as_json(row)

    def title(self, row: dict) -> str:
        return row["title"]

    def fields(self, item: Shown) -> list[tuple[str, object]]:
        """`show`'s fields in order, as (field, value shown); an empty value is left out."""
        raise NotImplementedError

    def value(self, item: Shown, field: str, raw: str) -> str:
        """A field's stored value in a line of the history."""
        return one_line(raw, 60)

    def hidden(self, entry: dict) -> bool:
        """Whether the history leaves out an entry: by default a move's stamps (the
        move's own line says it)."""
        return undoing.is_derived(entry)

    def describe(self, item: Shown, entry: dict) -> str | None:
        """A line of the history in words (None leaves the entry out)."""
        if self.hidden(entry):
            return None
        return describe_entry(entry, self.field_label, lambda field, raw: self.value(item, field, raw))

    # -- the kit ---------------------------------------------------------------------

    def field_label(self, field: str) -> str:
        return _(self.FIELD_LABELS[field]) if field in self.FIELD_LABELS else field

    def report(self, row: dict, as_json: bool, line: str) -> None:
        """What a command that wrote one item prints: the item as JSON, or `line`."""
        if as_json:
            emit_json(self.as_json(row))
        else:
            echo(line)

    def install(self, group: TranslatedGroup) -> None:
        """Add `list`, `move`, `show` (and `undo`) to the area's group."""

        def list_(ctx: click.Context, status: str | None, as_json: bool, **given: Any) -> None:
            store = options(ctx).open()
            rows = self.list_rows(store, status, **given)
            if as_json:
                emit_json([self.list_json(row) for row in rows])
                return
            print_table([self.list_row(store, row) for row in rows], empty=_(self.EMPTY), limits=self.LIMITS)

        def move(ctx: click.Context, key: str, status: str, as_json: bool, **given: Any) -> None:
            row = self.move(options(ctx).open(), key, status, **given)
            status = status_label(row["status"])
            self.report(row, as_json, _("{key} is now {status}.").format(key=row["key"], status=status))

        def show(ctx: click.Context, key: str, as_json: bool) -> None:
            from ..store import links, members

            store = options(ctx).open()
            row = self.AREA.require(store, key)
            history = self.history(store, row["key"])
            related = links.related(store, row["key"])
            if as_json:
                emit_json({**self.show_json(store, row), "links": related, "history": history_json(history)})
                return
            item = Shown(store, row, members.names(store))
            show_item(
                row["key"], self.title(row),
                [(self.field_label(field), value) for field, value in self.fields(item)],
                [(self.field_label(column), row[column]) for column in self.TEXTS],
                related, history, lambda entry: self.describe(item, entry),
            )

        def undo(ctx: click.Context, as_json: bool) -> None:
            row = self.AREA.undo(options(ctx).open())
            status = status_label(row["status"])
            self.report(row, as_json, _("{key} is back to {status}.").format(key=row["key"], status=status))

        stack(list_, group.command("list", help=self.LIST_HELP), common_options,
              click.option("--status", default=None, metavar="S", help=self.STATUS_HELP), *self.LIST_OPTIONS,
              json_list_option, click.pass_context)
        stack(move, group.command("move", help=self.MOVE_HELP), common_options,
              click.argument("key"), click.argument("status"), *self.MOVE_OPTIONS,
              click.option("--json", "as_json", is_flag=True, help=self.JSON_HELP), click.pass_context)
        stack(show, group.command("show", help=self.SHOW_HELP), common_options, click.argument("key"),
              json_option, click.pass_context)
        if self.UNDO_HELP:
            stack(undo, group.command("undo", help=self.UNDO_HELP), common_options, json_option, click.pass_context)
