"""The one row source every list uses: a query, its order, and pages of it out of SQLite.

`ItemTable` (the virtual list) asks a row source for a count, for pages of rows and for
the position of a key, so that the cursor stays on its item after a reload. `SQLSource`
answers those questions in SQL, never holding more than the rows asked for:

* **count** — `SELECT count(*)`, and in the same pass the position of the item the cursor
  was on (`cursor_key`), which the table asks for right after;
* **bounded count** (`bound`) — a filter keystroke reads only the first `bound` matches, in
  order (they are the first page, so the table's first fetch costs nothing), and
  `full_count()` counts the rest once typing pauses; until then `exact` is False and only
  those first rows have a position;
* **pages** — `LIMIT/OFFSET` in the list's order; a page in the second half is read in the
  reverse order with a small OFFSET and flipped back (the last page of 100,000 rows:
  130 ms → 0.3 ms);
* **position of a key** — the number of rows that sort before it: its sort values are
  read through the key's unique index, then one `count(*)` over the rows whose sort values
  come first (`a < ? OR (a = ? AND (b > ? OR …))`, with SQLite's NULL placement: first in
  ASC, last in DESC).

An *index hint* (`Query.index`) names a covering index to scan for counts and positions
(the change queue has one that holds every filtered column in queue order, so a
keystroke's count never touches the table); lookups by key never use it. Without a
covering index, rows are picked by key first (`WHERE key IN (SELECT key … LIMIT)`), so
skipped rows come from an index rather than the table (a mid-list page 60 ms → 12 ms).

The SQL is written by the program (column names, `COLLATE`, `ASC`/`DESC`); user values only
travel as parameters. Plain data code: no Textual, no Rich, no translations. A `decorate`
callback (given by a screen) adds display columns to each fetched row, so only the rows
shown pay for them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["OrderTerm", "Query", "SQLSource"]

_DIRECTION = re.compile(r"\s+(ASC|DESC)\s*$", re.IGNORECASE)
_NULLS = re.compile(r"\bNULLS\s+(FIRST|LAST)\b", re.IGNORECASE)

Params = Sequence[Any] | Mapping[str, Any]


@dataclass(frozen=True)
class OrderTerm:
    """One ORDER BY term: an SQL expression over the query's columns."""

    expr: str
    descending: bool = False

    @classmethod
    def parse(cls, term: str) -> OrderTerm:
        """`"expr"`, `"expr ASC"` or `"expr DESC"`; `NULLS FIRST/LAST` is refused (positions
        rely on SQLite's default NULL placement)."""
        if _NULLS.search(term):
            raise ValueError(f"NULLS FIRST/LAST is not supported: {term!r}")
        match = _DIRECTION.search(term)
        if match is None:
            return cls(term.strip(), False)
        return cls(term[: match.start()].strip(), match.group(1).upper() == "DESC")

    @property
    def sql(self) -> str:
        return f"{self.expr} {'DESC' if self.descending else 'ASC'}"

    @property
    def reversed_sql(self) -> str:
        """The exact reverse order (SQLite's NULL placement flips with it)."""
        return f"{self.expr} {'ASC' if self.descending else 'DESC'}"


@dataclass(frozen=True)
class Query:
    """A list as SQL: `SELECT columns FROM source WHERE where`, in `order_by` order.

    `columns` must include a unique `key`. `index` names a covering index of `source` (one
    table) to scan when counting and locating rows; `unique_order` says the order is
    already total (its last term is unique), so the key is not appended as a tie-break
    (which could keep SQLite from reading the order straight out of the index).
    """

    columns: str
    source: str
    where: str = "1"
    params: Params = field(default_factory=dict)
    order_by: tuple[str, ...] = ()
    index: str | None = None
    unique_order: bool = False

    @property
    def select(self) -> str:
        return f"SELECT {self.columns} FROM {self.source} WHERE {self.where}"

    @property
    def scan(self) -> str:
        """The select that counts and locates: through the covering index, if any."""
        if self.index is None:
            return self.select
        return f"SELECT {self.columns} FROM {self.source} INDEXED BY {self.index} WHERE {self.where}"


class SQLSource:
    """A `RowSource` over one query (see the module docstring).

    Args:
        conn: An open connection, used from the thread that made it.
        query: A `Query`, or a plain base `SELECT` (no ORDER BY or LIMIT) returning a
            unique column `key` (a plain column, so lookups use its index); then
            `params` and `order_by` go with it.
        bound: Count only the first `bound` rows (a filter keystroke); see `full_count`.
        cursor_key: The item the cursor is on: its position is found by the count.
        decorate: Called with each fetched row (adds display columns).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        query: Query | str,
        params: Params = (),
        *,
        order_by: Sequence[str] = (),
        bound: int | None = None,
        cursor_key: str | None = None,
        decorate: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.conn = conn
        if isinstance(query, str):
            self.select = self._scan = query.strip().rstrip(";")
            self.params: Params = params
            terms_sql: Sequence[str] = order_by
            unique = False
        else:
            self.select, self._scan, self.params = query.select, query.scan, query.params
            terms_sql, unique = query.order_by, query.unique_order
        terms = [OrderTerm.parse(term) for term in terms_sql]
        if not unique and not any(term.expr == "key" for term in terms):
            terms.append(OrderTerm("key"))
        self.order: tuple[OrderTerm, ...] = tuple(terms)
        self._order_sql = ", ".join(term.sql for term in self.order)
        self._reversed_sql = ", ".join(term.reversed_sql for term in self.order)
        self._direct = not isinstance(query, str) and query.index is not None
        """A covering index: read pages straight from it (no pick-by-key step)."""
        self.bound = bound
        self.cursor_key = cursor_key
        self.decorate = decorate
        self.exact = bound is None
        """False while only the first `bound` rows have been read (see `count`)."""
        self._count: int | None = None
        self._first: list[dict[str, Any]] = []
        self._positions: dict[str, int | None] = {}

    # -- RowSource ----------------------------------------------------------------------

    def count(self) -> int:
        """Rows of the query, counted afresh (and the cursor item's position with them).

        With `bound`, the first call reads only the first `bound` rows (one more tells
        whether there are others): `exact` stays False until `full_count()`.
        """
        if self.bound is not None and self._count is None:
            return self._bounded_count(self.bound)
        key = self.cursor_key
        values = self._sort_values(key) if key else None
        if values is None:
            total = self.conn.execute(f"SELECT count(*) FROM ({self._scan})", self._params()).fetchone()[0]
            self._positions = {key: None} if key else {}
        else:
            predicate, extra = self._before(values)
            # The predicate's placeholders come before the query's in this statement.
            params = self._params(**extra) if self._named() else (*extra.values(), *self.params)
            total, before = self.conn.execute(
                f"SELECT count(*), sum({predicate}) FROM ({self._scan})", params
            ).fetchone()
            self._positions = {key: int(before or 0)}  # type: ignore[dict-item]
        self._count = int(total)
        self.exact = True
        return self._count

    def _bounded_count(self, bound: int) -> int:
        self._first = self._read(self._order_sql, bound + 1, 0)
        self.exact = len(self._first) <= bound
        del self._first[bound:]
        self._count = len(self._first)
        self._positions = {row["key"]: index for index, row in enumerate(self._first)}
        return self._count

    def full_count(self) -> int:
        """Count every row after a bounded count; the rows read stay valid."""
        if not self.exact or self._count is None:
            self.bound = None
            self.cursor_key = None
            first, positions = self._first, self._positions
            self.count()
            self._first, self._positions = first, positions
        return self._count or 0

    def index_of(self, key: str) -> int | None:
        """Position of `key` in the order, or None if it is not there (or, after a bounded
        count, not among the rows read so far)."""
        if key in self._positions:
            return self._positions[key]
        if not self.exact:
            return None
        values = self._sort_values(key)
        if values is None:
            return None
        predicate, extra = self._before(values)
        sql = f"SELECT count(*) FROM ({self._scan}) WHERE {predicate}"
        return int(self.conn.execute(sql, self._params(**extra)).fetchone()[0])

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Rows `offset` .. `offset + limit - 1` in order (decorated)."""
        total = self._count if self._count is not None else self.count()
        offset, limit = max(0, int(offset)), max(0, int(limit))
        if limit == 0 or offset >= total:
            return []
        limit = min(limit, total - offset)
        if offset + limit <= len(self._first):
            rows = [dict(row) for row in self._first[offset : offset + limit]]
        elif self.exact and offset > total // 2:
            rows = self._read(self._reversed_sql, limit, total - offset - limit)
            rows.reverse()
        else:
            rows = self._read(self._order_sql, limit, offset)
        if self.decorate is not None:
            for row in rows:
                self.decorate(row)
        return rows

    # -- helpers ------------------------------------------------------------------------

    def _read(self, order_sql: str, limit: int, offset: int) -> list[dict[str, Any]]:
        lim, off = self._ph("lim"), self._ph("off")
        if self._direct:
            sql = f"{self.select} ORDER BY {order_sql} LIMIT {lim} OFFSET {off}"
            params = self._params(lim=limit, off=offset)
        else:
            sql = (
                f"SELECT * FROM ({self.select}) WHERE key IN "
                f"(SELECT key FROM ({self.select}) ORDER BY {order_sql} LIMIT {lim} OFFSET {off}) "
                f"ORDER BY {order_sql}"
            )
            if self._named():
                params = self._params(lim=limit, off=offset)
            else:
                params = (*self.params, *self.params, limit, offset)
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        for row in rows:
            row["key"] = str(row["key"])
        return rows

    def _sort_values(self, key: str) -> tuple[Any, ...] | None:
        """The sort values of `key`'s row, read through the key's index."""
        exprs = ", ".join(term.expr for term in self.order)
        sql = f"SELECT {exprs} FROM ({self.select}) WHERE key = {self._ph('key')}"
        found = self.conn.execute(sql, self._params(key=key)).fetchone()
        return None if found is None else tuple(found)

    def _named(self) -> bool:
        return isinstance(self.params, Mapping)

    def _ph(self, name: str) -> str:
        """Placeholder for one of our own parameters, in the query's style."""
        return f":__{name}" if self._named() else "?"

    def _params(self, **extra: Any) -> Params:
        """The query's parameters followed by ours (in order of appearance for `?`)."""
        if self._named():
            merged = dict(self.params)
            merged.update({f"__{name}": value for name, value in extra.items()})
            return merged
        return (*self.params, *extra.values())

    def _before(self, values: tuple[Any, ...]) -> tuple[str, dict[str, Any]]:
        """SQL true for rows sorting strictly before `values`, and our parameters in the
        order their placeholders appear."""
        parts: list[tuple[str, str]] = []
        extra: dict[str, Any] = {}
        for index, (term, value) in enumerate(zip(self.order, values, strict=True)):
            # Unary + keeps SQLite from walking an index range and looking up every row in
            # it (100 ms deep into a filtered list); it keeps the collation and drops
            # affinity, which matches ORDER BY.
            expr = f"+({term.expr})"
            if value is None:
                # ASC: nothing sorts before NULL. DESC: every non-NULL does.
                parts.append((f"{expr} IS NOT NULL" if term.descending else "0", f"{expr} IS NULL"))
                continue
            before_name, equal_name = f"b{index}", f"e{index}"
            extra[before_name] = value
            extra[equal_name] = value
            if term.descending:
                before = f"{expr} > {self._ph(before_name)}"
            else:
                before = f"({expr} IS NULL OR {expr} < {self._ph(before_name)})"
            parts.append((before, f"{expr} = {self._ph(equal_name)}"))
        clause = "0"  # equal on every term, key included: the row itself
        for before, equal in reversed(parts):
            clause = f"({before} OR ({equal} AND {clause}))"
        return clause, extra
