"""One store base for the list areas: requirements, change requests, feedback, commitments.

Each area's store module declares what is its own (`AreaStore` subclass: table, key prefix,
workflow kind, the columns a move stamps, what its filter searches, its quick filters,
and hooks for what its moves check and stamp) and keeps its module-level functions
(`get`, `move`, `undo`, …) as the command line and the app call them. What every area does
the same way lives here, once:

* key normalisation (`cr-7`, `CR7`, ` 7 ` → `CR-7`; anything else is a clear error);
* the filter: every word somewhere in the item's stored search text (`search`, kept by
  SQLite triggers: see `schema.SEARCHED`), `instr` over one column (every character
  literal; ASCII letters match either case), which a trigram index (`<table>_fts`) narrows
  to a few rows first when the words are rare;
* dates as people type them (`YYYY-MM-DD`, `+7` for a week from today);
* version checks and the conflict a stale save raises (with their row, as the edit form
  shows it, for the three-way merge);
* `UPDATE … WHERE id AND version`, stamping who and when;
* a workflow move: the table's check, who may make it, the area's own checks and stamps,
  the trail (`undo.record_move`, so that `undo` can restore the stamps);
* undo of the user's last move (`tui/store/undo.py`), assigning, the history, and the
  list as a `rows.Query` for the one row source.

Pure store code: no Textual, no Rich.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from . import activity, members, permissions, workflow
from . import undo as undoing
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .messages import _, join_list
from .rows import Query

# -- what people type ------------------------------------------------------------------

_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")
MAX_WORDS = 8


def _phrase(text: str) -> str:
    """`text` as one FTS5 string (its characters literal)."""
    return '"' + text.replace('"', '""') + '"'


def words(text: str | None) -> list[str]:
    """The words of a filter (control characters are spaces; at most `MAX_WORDS`)."""
    return _CONTROLS.sub(" ", text or "").split()[:MAX_WORDS]


def parse_day(value: str | date | None, field: str, *, required: bool = False) -> str | None:
    """`YYYY-MM-DD` → the same string; empty → None (or an error if `required`)."""
    if isinstance(value, date):
        return value.isoformat()
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(_("A date is required: use YYYY-MM-DD."), field)
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date: use YYYY-MM-DD, for example 2026-11-27.").format(value=text), field
        ) from None


def parse_future_day(store: Store, value: str | date | None, field: str = "until") -> date:
    """A date after today: `YYYY-MM-DD`, or `+N` (`+7`, `+7d`) days from today."""
    today = store.today()
    if isinstance(value, date):
        day = value
    else:
        text = (value or "").strip()
        plus = re.fullmatch(r"\+(\d{1,4})d?", text)
        if plus:
            day = today + timedelta(days=int(plus.group(1)))
        else:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise ValidationError(
                    _("“{value}” is not a date: use YYYY-MM-DD, for example {example}.").format(
                        value=value, example=(today + timedelta(days=7)).isoformat()
                    ),
                    field,
                ) from None
    if day <= today:
        raise ValidationError(_("Choose a date in the future (after {today}).").format(today=today.isoformat()), field)
    return day


def parse_owner(store: Store, value: str | None, field: str = "owner") -> str | None:
    """A team member's login, as typed (empty: nobody)."""
    text = (value or "").strip()
    if not text:
        return None
    if members.get(store, text) is None:
        known = join_list(sorted(members.names(store)))
        raise ValidationError(_("No team member “{login}”. Members: {known}.").format(login=text, known=known), field)
    return text


# -- the base --------------------------------------------------------------------------


class AreaStore:
    """A list area's store: what is declared here is read by every method below."""

    TABLE: ClassVar[str]
    ENTITY: ClassVar[str]
    """The activity trail's `entity` for this area's items."""
    PREFIX: ClassVar[str]
    """Keys are PREFIX-number: REQ-3, CR-7, FB-2, CM-5."""
    KIND: ClassVar[str]
    """The workflow (`workflow.TRANSITIONS`)."""
    NOT_FOUND: ClassVar[str]
    """msgid: "There is no change request {key}."."""
    BAD_KEY: ClassVar[str]
    """msgid: "“{key}” is not a change request key: use CR-<number>, for example CR-7."."""
    MOVE_FIELDS: ClassVar[tuple[str, ...]] = ()
    """Columns a move may change besides the status (its stamps, restored by undo)."""
    BLANK: ClassVar[dict[str, Any]] = {}
    """Undo: the value a NOT NULL stamp takes back when it was NULL before the move."""
    OWNER: ClassVar[str | None] = "owner"
    """The column "assign to me" sets (None: the area has no owner)."""
    ROW_SQL: ClassVar[str] = "SELECT * FROM {table} WHERE key = ?"
    """One item by key, as `get` returns it."""

    # The list, for the one row source.
    LIST_COLUMNS: ClassVar[str] = "*"
    LIST_SOURCE: ClassVar[str] = ""
    """FROM clause of the list (default: the table)."""
    ORDER: ClassVar[tuple[str, ...]] = ("number",)
    UNIQUE_ORDER: ClassVar[bool] = False
    SEARCH: ClassVar[str] = "search"
    """The column the filter looks in (`schema.SEARCHED` says what it holds)."""
    ROWID: ClassVar[str] = "id"
    """The table's rowid in the list's FROM clause (what its full-text index gives)."""
    VIEWS: ClassVar[Mapping[str, str]] = {"all": "1"}
    """Quick filters: name → WHERE clause (`:today` and `:me` are bound)."""
    VIEW_LABELS: ClassVar[Mapping[str, str]] = {}
    """msgids of the quick filters (a status's name is its label)."""

    # -- keys and rows ---------------------------------------------------------------

    def normalize_key(self, key: str | None) -> str:
        """`cr-7`, `CR7`, ` 7 ` → `CR-7`; anything else is a `ValidationError`."""
        match = re.fullmatch(rf"\s*(?:{self.PREFIX}\s*-?\s*)?(\d+)\s*", key or "", re.IGNORECASE)
        if not match:
            raise ValidationError(_(self.BAD_KEY).format(key=(key or "").strip()), "key")
        return f"{self.PREFIX}-{int(match.group(1))}"

    def get(self, store: Store, key: str | None) -> dict | None:
        """The item, or None (also for text that is not a key of this area)."""
        try:
            key = self.normalize_key(key)
        except ValidationError:
            return None
        return store.query_one(self.ROW_SQL.format(table=self.TABLE), (key,))

    def require(self, store: Store, key: str | None) -> dict:
        row = self.get(store, key)
        if row is None:
            raise NotFound(_(self.NOT_FOUND).format(key=self.normalize_key(key)))
        return row

    def history(self, store: Store, key: str, limit: int = 200) -> list[dict]:
        """The item's trail, newest first, with display names."""
        return activity.for_key(store, self.normalize_key(key), limit)

    # -- writing -------------------------------------------------------------------------

    def conflict_values(self, row: dict) -> dict:
        """Their row, as the area's edit form shows it (the conflict's payload)."""
        return row

    def conflict(self, store: Store, row: dict) -> ConflictError:
        """Someone saved `row` since the version the user started from."""
        return ConflictError(
            _("{name} changed {key} while you were editing it.").format(
                name=members.display_name(store, row["updated_by"]), key=row["key"]
            ),
            self.conflict_values(row) | {"version": row["version"], "updated_by": row["updated_by"]},
        )

    def check_version(self, store: Store, row: dict, expected: int | None) -> dict:
        if expected is not None and row["version"] != expected:
            raise self.conflict(store, row)
        return row

    def update(self, store: Store, row: dict, values: Mapping[str, Any]) -> None:
        """`UPDATE … WHERE id AND version` (inside `store.write()`), stamping who and when."""
        values = dict(values, updated_at=store.clock(), updated_by=store.user)
        sets = ", ".join(f"{column} = ?" for column in values)
        updated = store.conn.execute(
            f"UPDATE {self.TABLE} SET {sets}, version = version + 1 WHERE id = ? AND version = ?",
            (*values.values(), row["id"], row["version"]),
        ).rowcount
        if updated != 1:  # we hold the write lock and just read the row: cannot happen
            raise self.conflict(store, self.require(store, row["key"]))

    def record_edits(self, store: Store, row: dict, changes: Mapping[str, Any]) -> None:
        for column, value in changes.items():
            store.record(self.ENTITY, row["key"], "edit", field=column, old=row.get(column), new=value)

    def move(
        self,
        store: Store,
        key: str,
        target: str,
        *,
        note: str | None = None,
        expected_version: int | None = None,
        **extra: Any,
    ) -> dict:
        """Move an item along its workflow, in one transaction. Refused, with nothing
        written, when the table does not allow it (the message names what it allows), when
        it needs a lead, or when the area's own checks (`move_values`) refuse it."""
        target = workflow.normalize(target)
        with store.write():
            row = self.check_version(store, self.require(store, key), expected_version)
            self._move(store, row, target, note, extra)
        return self.require(store, row["key"])

    def _move(self, store: Store, row: dict, target: str, note: str | None, extra: dict) -> dict:
        """A move inside the caller's transaction; returns the values written."""
        workflow.check_move(self.KIND, row["status"], target)
        permissions.require_move(store, self.KIND, target)
        values = {"status": target, **self.move_values(store, row, target, note, **extra)}
        self.update(store, row, values)
        undoing.record_move(store, self.ENTITY, row["key"], row["status"], target, note=self.move_note(values, note),
                            before=row, after=values, derived=self.MOVE_FIELDS)
        return values

    def move_values(self, store: Store, row: dict, target: str, note: str | None, **extra: Any) -> dict:
        """What a move to `target` writes besides the status (its stamps), after the
        area's own checks (raise to refuse). Override."""
        return {}

    def move_note(self, values: dict, note: str | None) -> str | None:
        """The move's note in the trail (the reason)."""
        return (note or "").strip() and note or None

    def undo(self, store: Store) -> dict:
        """Take back the user's own last move in this area: the status and what the move
        stamped, as they were. Refused when the item changed since (nothing anyone did
        after the move is overwritten); undoing a lead's decision is a lead's."""
        with store.write():
            plan = undoing.plan(store, self.ENTITY, lambda key: self.get(store, key), blank=self.BLANK)
            if workflow.needs_lead(self.KIND, plan.move["new"]):
                permissions.require(store, "item.reopen")
            self.update(store, plan.row, self.undo_values(store, plan))
            undoing.record_undo(store, self.ENTITY, plan)
            self.after_undo(store, plan)
        return self.require(store, plan.row["key"])

    def undo_values(self, store: Store, plan: undoing.Plan) -> dict:
        return dict(plan.values)

    def after_undo(self, store: Store, plan: undoing.Plan) -> None:
        """Anything else the undone move had done (a link). Override."""

    def last_move(self, store: Store) -> dict | None:
        """The user's latest move in this area that is not undone."""
        return undoing.last_move(store, self.ENTITY)

    def assign(self, store: Store, key: str, login: str | None = None, *, expected_version: int | None = None) -> dict:
        """Give the item to `login` (default: the user); a login not in the team is refused."""
        column = self.OWNER
        if column is None:
            raise ValidationError(_("Items here have no owner."), "owner")
        login = (login or store.user).strip()
        with store.write():
            if members.get(store, login) is None:
                raise ValidationError(_("{login} is not in the team.").format(login=login), column)
            row = self.check_version(store, self.require(store, key), expected_version)
            if row[column] != login:
                self.update(store, row, {column: login})
                store.record(self.ENTITY, row["key"], "edit", field=column, old=row[column], new=login)
        return self.require(store, key)

    # -- the list ------------------------------------------------------------------------

    def view_where(self, store: Store | None, view: str, params: dict) -> str:
        """The WHERE clause of a quick filter (`VIEWS`, or one per status). Without a store,
        the views that need today or the user are not available."""
        if store is not None:
            params["today"] = store.today().isoformat()
            params["me"] = store.user
        if view in self.VIEWS:
            return self.VIEWS[view]
        if view in workflow.statuses(self.KIND):
            params["status"] = view
            return "status = :status"
        raise ValidationError(
            _("Unknown filter “{view}”. Use one of: {views}.").format(
                view=view, views=join_list((*self.VIEWS, *workflow.statuses(self.KIND)))
            ),
            "status",
        )

    def view_label(self, view: str) -> str:
        """A quick filter's name, in the active language."""
        if view in self.VIEW_LABELS:
            return _(self.VIEW_LABELS[view])
        return workflow.label(view)

    def search_where(self, text: str, params: dict, store: Store | None = None) -> str:
        """Every word of `text` somewhere in the item's search text (any substring, Chinese
        included, either language; ASCII letters in either case, every character literal):
        `instr` over the one column, which holds the text in lower case, as `lower()` makes
        the word.

        With a store, the trigram index narrows that first when the words are rare: a word
        of 3 or more characters is looked up as all of its trigrams, a shorter one by the index's
        terms that begin with it (`terms`); when at most `RARE` items hold them all, the
        list reads only those (`rowid IN (… MATCH …)`; `instr` still decides, the index
        only narrows: it folds case as much as `lower()` or more), so a filter matching
        almost nothing reads almost nothing. Common words are left to the scan in the
        list's order, which finds a page of matches in the first rows it reads."""
        clauses = []
        matches = []
        for number, word in enumerate(words(text)):
            name = f"w{number}"
            params[name] = word
            clauses.append(f"instr({self.SEARCH}, lower(:{name})) > 0")
            if store is None:
                continue
            indexed = json.dumps(word, ensure_ascii=False)[1:-1]  # as the index has it (schema.py)
            if len(indexed) >= 3:
                trigrams = dict.fromkeys(indexed[i : i + 3] for i in range(len(indexed) - 2))
                matches.append(" AND ".join(_phrase(trigram) for trigram in trigrams))
            elif all(char.isascii() or char.lower() == char.upper() for char in indexed):
                # (the index folds case as `lower()` does for these: ASCII, and characters
                # without case, such as Chinese)
                terms = self.terms(store, indexed.lower())
                if terms == []:
                    matches.append(_phrase(indexed))  # no item holds it: nor this query (no trigram)
                elif terms is not None:
                    matches.append("(" + " OR ".join(_phrase(term) for term in terms) + ")")
        if matches and store is not None:
            params["phrase"] = " AND ".join(matches)
            if self.rare(store, params["phrase"]):
                fts = f"{self.TABLE}_fts"
                clauses.insert(0, f"{self.ROWID} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :phrase)")
            else:
                del params["phrase"]
        return " AND ".join(clauses)

    RARE: ClassVar[int] = 2000
    """At most this many items hold the words: the list reads them through the index."""
    MAX_TERMS: ClassVar[int] = 100
    """A short word begins more of the index's terms than this: it is common, scan."""

    def rare(self, store: Store, phrase: str) -> bool:
        """Whether at most `RARE` items match the full-text query `phrase` (reads at most
        `RARE + 1` entries of the index)."""
        fts = f"{self.TABLE}_fts"
        found = store.scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT ?)", (phrase, self.RARE + 1)
        )
        return int(found or 0) <= self.RARE

    def terms(self, store: Store, prefix: str) -> list[str] | None:
        """The index's terms (trigrams) that begin with `prefix` (one or two characters,
        case folded): every item holding it holds one of them, since its search text ends
        with two line ends. None when they are many, or held by more than `RARE` items
        (counted as the terms are read, which stops there)."""
        cursor = store.conn.execute(
            f"SELECT term, doc FROM {self.TABLE}_terms WHERE term >= ? AND term < ?", (prefix, prefix + "\U0010ffff")
        )
        terms: list[str] = []
        held = 0
        try:
            for term, doc in cursor:
                terms.append(term)
                held += doc
                if held > self.RARE or len(terms) > self.MAX_TERMS:
                    return None
        finally:
            cursor.close()
        return terms

    def list_query(self, store: Store | None, *, view: str = "all", text: str = "", where: str = "", params: dict | None = None) -> Query:
        """The list, filtered by a quick filter, the filter's words and `where`."""
        params = dict(params or {})
        parts = [f"({self.view_where(store, view, params)})"]
        search = self.search_where(text, params, store)
        if search:
            parts.append(f"({search})")
        if where:
            parts.append(f"({where})")
        return Query(
            columns=self.LIST_COLUMNS,
            source=self.LIST_SOURCE or self.TABLE,
            where=" AND ".join(parts),
            params=params,
            order_by=self.ORDER,
            index=self.index_for(parts),
            unique_order=self.UNIQUE_ORDER,
        )

    def index_for(self, where: list[str]) -> str | None:
        """A covering index to scan for this WHERE clause, if the area has one. Override."""
        return None
