"""A generic SQLite-backed row source for `ItemTable`.

This module deliberately imports neither Textual nor Rich: it is plain data code
that can be tested, reused and run in a worker thread on its own.

`SQLSource` wraps a *base query* (any ``SELECT`` that returns a column named
``key`` plus whatever the table shows) and an ordering.  The table asks it for a
row count, for pages of rows (``LIMIT ? OFFSET ?``), and for the position of a
key in the current order, so that the cursor can stay on the same item after a
reload.

How ``index_of`` works (and why):
    SQLite has no "rank of this row" operation that is cheaper than counting, so
    the position of a key is the number of rows that sort before it.  We read the
    sort values of the key's row, then run one
    ``SELECT count(*) FROM (base) WHERE <row sorts before those values>``.
    The predicate is the lexicographic expansion of the ORDER BY terms
    (``a < ? OR (a = ? AND (b > ? OR (b = ? AND key < ?)))``), written so that
    NULLs sort the way SQLite sorts them (first for ASC, last for DESC) and so
    that each term keeps its own direction and collation.  The key is always
    the last sort term, which makes the order total and the count exact.  With
    an index on the leading sort column SQLite counts a range of that index,
    which measured ~5 ms at 100,000 rows (see tests/bench/bench_item_table.py),
    against ~40-60 ms for a ``row_number() OVER (...)`` window query that has
    to number every row.

The sort terms are SQL written by the program (column names, ``COLLATE``,
``ASC``/``DESC``), never user input; user values only ever travel as
parameters.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["OrderTerm", "SQLSource"]

_DIRECTION = re.compile(r"\s+(ASC|DESC)\s*$", re.IGNORECASE)
_NULLS = re.compile(r"\bNULLS\s+(FIRST|LAST)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OrderTerm:
    """One ORDER BY term: an SQL expression over the base query's columns."""

    expr: str
    descending: bool = False

    @classmethod
    def parse(cls, term: str) -> "OrderTerm":
        """Parse ``"expr"``, ``"expr ASC"`` or ``"expr DESC"``.

        ``NULLS FIRST/LAST`` is refused: ``index_of`` relies on SQLite's default
        NULL placement.
        """
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


class SQLSource:
    """A `RowSource` over one SQL query.

    Args:
        conn: An open connection, used from the thread that made it.
        select: The base query, e.g.
            ``"SELECT id AS key, title, status FROM items WHERE title LIKE ?"``.
            It must return a column called ``key`` that is unique per row (keep
            it a plain column reference, not ``CAST(...)``, so lookups use the
            primary key).  No ORDER BY or LIMIT here.
        params: Parameters of the base query: a sequence for ``?`` or a mapping
            for ``:name`` placeholders.
        order_by: ORDER BY terms such as ``"updated_at DESC"`` or
            ``"title COLLATE NOCASE"``, over the base query's column names.  The
            key is appended as a final tie-break if it is not already there.

    Rows are returned as dicts of the base query's columns; ``row["key"]`` is
    always converted to ``str``.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        select: str,
        params: Sequence[Any] | Mapping[str, Any] = (),
        *,
        order_by: Sequence[str] = (),
        bound: int | None = None,
    ) -> None:
        self.conn = conn
        self.bound = bound
        self.exact = bound is None
        """False while only the first `bound` rows have been counted (see `count`)."""
        self.select = select.strip().rstrip(";")
        self.params = params
        terms = [OrderTerm.parse(term) for term in order_by]
        if not any(term.expr == "key" for term in terms):
            terms.append(OrderTerm("key"))
        self.order: tuple[OrderTerm, ...] = tuple(terms)
        self._order_sql = ", ".join(term.sql for term in self.order)
        self._count: int | None = None

    # -- RowSource -------------------------------------------------------

    def count(self) -> int:
        """Number of rows the base query returns, counted afresh every call.

        The result is remembered for `fetch`, which needs the total to read
        the second half backwards; `ItemTable` re-counts on every reload.

        With `bound`, the first call stops at `bound` rows (a filter keystroke
        should not pay for counting 100,000): if there are more, `exact` stays
        False until `full_count()`, which `ItemTable` calls once typing pauses.
        """
        if self.bound is not None and self._count is None:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM ({self.select}) LIMIT {self._ph('bound')})"
            found = int(self.conn.execute(sql, self._params(bound=self.bound + 1)).fetchone()[0])
            self.exact = found <= self.bound
            self._count = min(found, self.bound)
            return self._count
        sql = f"SELECT count(*) FROM ({self.select})"
        self._count = int(self.conn.execute(sql, self._params()).fetchone()[0])
        self.exact = True
        return self._count

    def full_count(self) -> int:
        """Count every row after a bounded first count."""
        if not self.exact or self._count is None:
            self.bound = None
            return self.count()
        return self._count

    def fetch(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Rows ``offset`` .. ``offset + limit - 1`` in the current order.

        Two measured tricks keep deep pages cheap (100,000 rows, index on the
        sort column): pages in the second half are read in *reversed* order with
        a small OFFSET and flipped back (last page 130 ms -> 0.3 ms); and rows
        are picked by key first (``WHERE key IN (SELECT key ... LIMIT OFFSET)``),
        so skipped rows can come from a covering index instead of the table
        (mid-list page 60 ms -> 12 ms).
        """
        offset, limit = max(0, int(offset)), max(0, int(limit))
        total = self._count if self._count is not None else self.count()
        if limit == 0 or offset >= total:
            return []
        limit = min(limit, total - offset)
        reverse = self.exact and offset > total // 2
        if reverse:
            order_sql = ", ".join(term.reversed_sql for term in self.order)
            offset = total - offset - limit
        else:
            order_sql = self._order_sql
        sql = (
            f"SELECT * FROM ({self.select}) WHERE key IN "
            f"(SELECT key FROM ({self.select}) ORDER BY {order_sql} "
            f"LIMIT {self._ph('lim')} OFFSET {self._ph('off')}) "
            f"ORDER BY {order_sql}"
        )
        if self._named():
            params: Sequence[Any] | Mapping[str, Any] = self._params(lim=limit, off=offset)
        else:
            params = (*self.params, *self.params, limit, offset)  # type: ignore[misc]
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, values)) for values in cursor.fetchall()]
        if reverse:
            rows.reverse()
        for row in rows:
            row["key"] = str(row["key"])
        return rows

    def index_of(self, key: str) -> int | None:
        """Position of ``key`` in the current order, or None if it is not there."""
        exprs = ", ".join(term.expr for term in self.order)
        sql = f"SELECT {exprs} FROM ({self.select}) WHERE key = {self._ph('key')}"
        found = self.conn.execute(sql, self._params(key=key)).fetchone()
        if found is None:
            return None
        predicate, extra = self._before(tuple(found))
        if not self.exact:  # only the first `bound` rows are known
            sql = f"SELECT count(*) FROM (SELECT 1 FROM ({self.select}) WHERE {predicate} LIMIT {self._ph('bound')})"
            before = int(self.conn.execute(sql, self._params(**extra, bound=self.bound)).fetchone()[0])
            return None if before >= (self._count or 0) else before
        sql = f"SELECT count(*) FROM ({self.select}) WHERE {predicate}"
        return int(self.conn.execute(sql, self._params(**extra)).fetchone()[0])

    # -- helpers -----------------------------------------------------------

    def _named(self) -> bool:
        return isinstance(self.params, Mapping)

    def _ph(self, name: str) -> str:
        """Placeholder for one of our own parameters, in the base query's style."""
        return f":__{name}" if self._named() else "?"

    def _params(self, **extra: Any) -> Sequence[Any] | Mapping[str, Any]:
        """Base parameters followed by ours (in insertion order for ``?``)."""
        if self._named():
            merged = dict(self.params)  # type: ignore[arg-type]
            merged.update({f"__{name}": value for name, value in extra.items()})
            return merged
        return (*self.params, *extra.values())  # type: ignore[misc]

    def _before(self, values: tuple[Any, ...]) -> tuple[str, dict[str, Any]]:
        """SQL that is true for rows sorting strictly before ``values``.

        ``before_0 OR (equal_0 AND (before_1 OR (equal_1 AND ... 0)))``, where
        SQLite puts NULL first in ASC order and last in DESC order.  Returns the
        SQL and our parameters in the order their placeholders appear.
        """
        parts: list[tuple[str, str]] = []
        extra: dict[str, Any] = {}
        for index, (term, value) in enumerate(zip(self.order, values)):
            # Unary + stops SQLite from walking an index range and looking up
            # every row in it (100 ms deep into a filtered list); a plain scan
            # of the filtered rows is 4-10 ms wherever the key is.  It keeps
            # the collation and drops affinity, which matches ORDER BY.
            expr = f"+({term.expr})"
            if value is None:
                # ASC: nothing sorts before NULL.  DESC: every non-NULL does.
                before = f"{expr} IS NOT NULL" if term.descending else "0"
                parts.append((before, f"{expr} IS NULL"))
                continue
            # ``?`` placeholders are positional, so each use gets its own entry.
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
