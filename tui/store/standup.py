"""Daily standup notes: one note per member per day (yesterday / today / blockers), and
who was absent.

Notes are written during the meeting itself, often by two people at once (the speaker and
the facilitator), so every save is version-checked: a save based on an old version raises
`ConflictError` with the other person's text and changes nothing. `update()` changes only
the fields it is given (the CLI and meeting mode name just what was typed), so a save never
writes back a field its author did not touch.

**Absence** is its own fact, stored per date and member in `attendance` (never as a note):
`toggle_absent()` marks or unmarks it, with a line in the activity trail. An absent member
is neither "posted" nor "not posted yet": counts read "3 of 5 posted · 1 absent". Inactive
members (`members.active = 0`) are on no board and in no count.

**Open blockers** follow one rule: a member's open blocker is the `blockers` text of their
latest note (up to the day looked at), if it is not empty. It stays open, however old, until
a later note of theirs saves an empty `blockers` field. Nothing clears it by accident,
because every way of starting a new day's note begins from the open blocker:

* the note form and meeting mode prefill `blockers` with it (so clearing is an explicit
  edit, and merely visiting someone in a meeting writes nothing at all);
* `huddle standup add` on a new day without `--blockers` carries it over
  (`--blockers ""` clears it).

Editing an older day's note never reopens or clears today's blocker: only the latest note
counts.

**A blocker that waits on the client** goes into that client's weekly report ("Waiting for
you"); every other blocker stays internal. A note has no project, so marking one records
which project's client it waits on (`blockers_project`): `mark_waits_on_client()` names it
(the app offers `suggested_project()`, the report's old guess, as the default),
`unmark_waits_on_client()` makes it internal again and forgets the project. A new day's note
that carries the same open blocker forward carries the mark and its project with it; a note
whose blockers are cleared drops them (a later blocker there starts internal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from . import members, projects
from .db import Store, local_today
from .errors import ConflictError, ValidationError
from .messages import _, join_list

FIELDS = ("yesterday", "today", "blockers")
MAX_FIELD_CHARS = 20_000


class _Current:
    """`expected_version=CURRENT`: no editor base; the note as it is inside the write."""

    def __repr__(self) -> str:
        return "CURRENT"


CURRENT = _Current()


def parse_day(value: str | date | None, store: Store | None = None) -> date:
    """`YYYY-MM-DD` (or `today`/`yesterday`) → date; anything else is a clear error."""
    if isinstance(value, date):
        return value
    today = store.today() if store else local_today()
    if value is None or value.strip().lower() in ("", "today"):
        return today
    text = value.strip().lower()
    if text == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a date: use YYYY-MM-DD, for example {example}.").format(
                value=value, example=today.isoformat()
            ),
            "date",
        ) from None


@dataclass(frozen=True)
class Note:
    yesterday: str = ""
    today: str = ""
    blockers: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, field).strip() for field in FIELDS)


def validate(note: Note) -> None:
    for field in FIELDS:
        if len(getattr(note, field)) > MAX_FIELD_CHARS:
            raise ValidationError(
                _("{field} is too long: at most {limit} characters.").format(
                    field=field_label(field), limit=MAX_FIELD_CHARS
                ),
                field,
            )
    if note.is_empty():
        raise ValidationError(_("The note is empty: write at least what you do today."), "today")


def field_label(field: str) -> str:
    return {
        "yesterday": _("Yesterday"),
        "today": _("Today"),
        "blockers": _("Blockers"),
    }[field]


def get(store: Store, day: date, login: str) -> dict | None:
    return store.query_one(
        "SELECT * FROM standups WHERE date = ? AND login = ?", (day.isoformat(), login)
    )


def _written(store: Store, day: date, login: str) -> dict:
    """The note just written (inside the write: it is there)."""
    return cast(dict, get(store, day, login))


def previous_today(store: Store, login: str, day: date) -> str:
    """What `login` said they would do on their last note before `day` ("yesterday" prefill)."""
    return (
        store.scalar(
            "SELECT today FROM standups WHERE login = ? AND date < ? ORDER BY date DESC LIMIT 1",
            (login, day.isoformat()),
        )
        or ""
    )


def open_blocker(store: Store, login: str, day: date) -> str:
    """`login`'s open blocker as of `day`: the blockers of their latest note up to `day`
    (empty if that note has none). See the module docstring for the rule."""
    return (
        store.scalar(
            "SELECT blockers FROM standups WHERE login = ? AND date <= ? ORDER BY date DESC LIMIT 1",
            (login, day.isoformat()),
        )
        or ""
    )


def prefill(store: Store, day: date, login: str) -> dict[str, str]:
    """A new note for `login` on `day` starts from their last "today" (as "yesterday") and
    their open blocker, so that leaving it as is keeps the blocker open."""
    before = day - timedelta(days=1)
    return {
        "yesterday": previous_today(store, login, day),
        "today": "",
        "blockers": open_blocker(store, login, before),
    }


def editor_values(store: Store, day: date, login: str) -> tuple[dict[str, str], int | None]:
    """What an editor of `login`'s note for `day` starts from: the note and its version,
    or the prefill and None when there is no note yet."""
    row = get(store, day, login)
    if row is None:
        return prefill(store, day, login), None
    return {field: row[field] or "" for field in FIELDS}, row["version"]


def board(store: Store, day: date) -> list[dict]:
    """Every active member with their note for `day` (note columns are None if not posted)
    and `absent` (1 if marked absent that day, else 0)."""
    return store.query(
        """SELECT m.login, m.display_name, m.role,
                  s.id, s.yesterday, s.today, s.blockers, s.version,
                  s.updated_at, s.updated_by, s.blockers_wait_on_client, s.blockers_project,
                  COALESCE(a.absent, 0) AS absent
           FROM members m
           LEFT JOIN standups s ON s.login = m.login AND s.date = ?1
           LEFT JOIN attendance a ON a.login = m.login AND a.date = ?1
           WHERE m.active = 1
           ORDER BY m.display_name COLLATE NOCASE, m.login""",
        (day.isoformat(),),
    )


def _conflict(store: Store, current: dict | None) -> ConflictError:
    return ConflictError(
        _("{name} saved this note while you were editing it.").format(
            name=members.display_name(store, current["updated_by"]) if current else "?"
        ),
        current,
    )


def update(
    store: Store,
    day: date,
    login: str,
    changes: Mapping[str, str],
    *,
    expected_version: int | None | _Current = CURRENT,
) -> dict:
    """Set only the named fields of `login`'s note for `day`; the others stay as stored.

    With no note yet, the note is created from `prefill()` plus `changes` (so a new day
    carries the open blocker over unless `changes` says otherwise). `expected_version` is
    the version the editor started from (None: there was no note); if the stored note has
    moved on, nothing is written and `ConflictError` carries the stored row. `CURRENT`
    (the CLI's case) takes the note as it is inside the same `BEGIN IMMEDIATE` write, which
    is safe because only the named fields change. Returns the stored row.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"not a note field: {sorted(unknown)}")
    key = f"{day.isoformat()}/{login}"
    with store.write() as conn:
        members.ensure(store, login)
        current = get(store, day, login)
        if expected_version is not CURRENT and (current["version"] if current else None) != expected_version:
            raise _conflict(store, current)
        before = {f: current[f] or "" for f in FIELDS} if current else prefill(store, day, login)
        after = {**before, **{f: changes[f] for f in FIELDS if f in changes}}
        validate(Note(**after))
        now = store.clock()
        if current is None:
            waits, project = _carried_wait(store, login, day, after["blockers"])
            conn.execute(
                "INSERT INTO standups (date, login, yesterday, today, blockers,"
                " blockers_wait_on_client, blockers_project,"
                " created_at, created_by, updated_at, updated_by, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (day.isoformat(), login, after["yesterday"], after["today"], after["blockers"],
                 waits, project, now, store.user, now, store.user),
            )
            store.record("standup", key, "create")
            return _written(store, day, login)
        changed = [f for f in FIELDS if after[f] != before[f]]
        if not changed:
            return current
        assignments = {f: after[f] for f in changed}
        dropped = {}
        if not after["blockers"].strip():  # no blocker left: nothing waits on the client
            dropped = {f: current[f] for f in WAIT_FIELDS if current[f]}
            assignments |= {f: 0 if f == "blockers_wait_on_client" else None for f in dropped}
        conn.execute(
            f"UPDATE standups SET {', '.join(f'{f} = ?' for f in assignments)},"
            " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?",
            (*assignments.values(), now, store.user, current["id"]),
        )
        for field in changed:
            store.record("standup", key, "edit", field=field, old=before[field], new=after[field])
        for field, old in dropped.items():
            store.record("standup", key, "edit", field=field, old=old, new=assignments[field])
        return _written(store, day, login)


WAIT_FIELDS = ("blockers_wait_on_client", "blockers_project")


def _carried_wait(store: Store, login: str, day: date, blockers: str) -> tuple[int, str | None]:
    """(waits on the client, project) for a new note of `login` on `day` saying `blockers`:
    those of their previous note when it is the same open blocker carried forward."""
    row = store.query_one(
        "SELECT blockers, blockers_wait_on_client, blockers_project FROM standups"
        " WHERE login = ? AND date < ? ORDER BY date DESC LIMIT 1",
        (login, day.isoformat()),
    )
    if row is None or not blockers.strip() or row["blockers"] != blockers or not row["blockers_wait_on_client"]:
        return 0, None
    return 1, row["blockers_project"]


def save(
    store: Store,
    day: date,
    login: str,
    note: Note,
    *,
    expected_version: int | None,
) -> dict:
    """Create or update `login`'s note for `day` with all three fields of `note`.

    `expected_version` is the version the editor started from (None: there was no note).
    If the stored note has moved on, nothing is written and `ConflictError` carries the
    stored row, so the caller can show both versions.
    """
    return update(
        store, day, login,
        {field: getattr(note, field) for field in FIELDS},
        expected_version=expected_version,
    )


# -- absence ---------------------------------------------------------------------------------


def is_absent(store: Store, day: date, login: str) -> bool:
    return bool(store.scalar(
        "SELECT absent FROM attendance WHERE date = ? AND login = ?", (day.isoformat(), login)
    ))


def absent_logins(store: Store, day: date) -> set[str]:
    return {row["login"] for row in store.query(
        "SELECT login FROM attendance WHERE date = ? AND absent = 1", (day.isoformat(),))}


def set_absent(store: Store, day: date, login: str, absent: bool) -> bool:
    """Mark (or unmark) `login` absent on `day`; a change is recorded in the trail.
    Returns the stored state. Setting what is already stored writes nothing."""
    key = f"{day.isoformat()}/{login}"
    with store.write() as conn:
        members.ensure(store, login)
        row = store.query_one(
            "SELECT * FROM attendance WHERE date = ? AND login = ?", (day.isoformat(), login))
        was = bool(row and row["absent"])
        if was == absent:
            return was
        now = store.clock()
        if row is None:
            conn.execute(
                "INSERT INTO attendance (date, login, absent, created_at, created_by,"
                " updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                (day.isoformat(), login, int(absent), now, store.user, now, store.user),
            )
        else:
            conn.execute(
                "UPDATE attendance SET absent = ?, updated_at = ?, updated_by = ?,"
                " version = version + 1 WHERE date = ? AND login = ?",
                (int(absent), now, store.user, day.isoformat(), login),
            )
        store.record("attendance", key, "absent" if absent else "present",
                     field="absent", old=int(was), new=int(absent))
    return absent


def suggested_project(store: Store, day: date, login: str) -> str | None:
    """The project to offer when `login`'s blocker on `day` is marked as waiting on the
    client: the one already recorded, else the report's guess from its text and its writer
    (`reports.guess_project`), else None."""
    from .reports import guess_project

    row = get(store, day, login)
    if row is None:
        return None
    return row["blockers_project"] or guess_project(store, login, row["blockers"] or "")


def mark_waits_on_client(
    store: Store, day: date, login: str, project: str | None,
    *, expected_version: int | None | _Current = CURRENT,
) -> dict:
    """Mark `login`'s blocker on `day` as waiting on the client of `project` (a project key,
    any case; None: the only active project), in one version-checked write; returns the
    stored row. Only such a blocker appears in a client report, and only in that project's."""
    with store.write():
        key = projects.resolve(store, project)
        if key is None:
            known = join_list(row["key"] for row in projects.active(store))
            if not known:
                raise ValidationError(
                    _("There is no active project: a blocker can only wait on a project's client."), "project")
            raise ValidationError(
                _("Which project's client does it wait on? Projects: {known}.").format(known=known), "project")
        return _set_wait(store, day, login, key, expected_version)


def unmark_waits_on_client(
    store: Store, day: date, login: str, *, expected_version: int | None | _Current = CURRENT,
) -> dict:
    """Make `login`'s blocker on `day` internal again (it leaves every client report) and
    forget its project, in one version-checked write; returns the stored row."""
    return _set_wait(store, day, login, None, expected_version)


def _set_wait(store: Store, day: date, login: str, project: str | None,
              expected_version: int | None | _Current) -> dict:
    key = f"{day.isoformat()}/{login}"
    with store.write() as conn:
        current = get(store, day, login)
        if expected_version is not CURRENT and (current["version"] if current else None) != expected_version:
            raise _conflict(store, current)
        if current is None or not (current["blockers"] or "").strip():
            raise ValidationError(_("There is no blocker in this note to mark."), "blockers")
        after = {"blockers_wait_on_client": int(project is not None), "blockers_project": project}
        changed = {f: v for f, v in after.items() if current[f] != v}
        if not changed:
            return current
        conn.execute(
            f"UPDATE standups SET {', '.join(f'{f} = ?' for f in changed)},"
            " updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?",
            (*changed.values(), store.clock(), store.user, current["id"]),
        )
        for field, new in changed.items():
            store.record("standup", key, "edit", field=field, old=current[field], new=new)
        return _written(store, day, login)


def toggle_absent(store: Store, day: date, login: str) -> bool:
    """Flip `login`'s absence on `day` in one write (the same key undoes it); returns the
    new state."""
    with store.write():
        return set_absent(store, day, login, not is_absent(store, day, login))


def summary(store: Store, day: date) -> dict:
    """Who posted, who was absent, who has not posted yet (and is not absent), and the
    blockers raised on `day`. Only active members count."""
    return summary_of(board(store, day), day)


def summary_of(rows: list[dict], day: date) -> dict:
    """`summary()` of rows already read with `board()`."""
    posted = [row for row in rows if row["id"] is not None]
    return {
        "date": day,
        "total": len(rows),
        "posted": posted,
        "present": [row for row in posted if not row["absent"]],
        "absent": [row for row in rows if row["absent"]],
        "missing": [row for row in rows if row["id"] is None and not row["absent"]],
        "blockers": [row for row in posted if (row["blockers"] or "").strip()],
    }


def count_line(info: dict) -> str:
    """"3 of 5 posted · 1 absent" (the absent part only when someone is)."""
    text = _("{posted} of {total} posted").format(posted=len(info["posted"]), total=info["total"])
    if info["absent"]:
        text += " · " + _("{count} absent").format(count=len(info["absent"]))
    return text


def open_blockers(store: Store, day: date) -> list[dict]:
    """Every active member's open blocker as of `day` (see the module docstring), however
    old, with `date` (their latest note) and `since` (the first of the run of notes that
    carried the same blocker)."""
    return store.query(
        """SELECT s.date, s.login, m.display_name, s.blockers,
                  (SELECT min(x.date) FROM standups x
                   WHERE x.login = s.login AND x.date <= s.date
                     AND x.date > COALESCE((SELECT max(y.date) FROM standups y
                                            WHERE y.login = s.login AND y.date < s.date
                                              AND y.blockers <> s.blockers), '')) AS since
           FROM members m
           JOIN standups s ON s.login = m.login
           WHERE m.active = 1
             AND s.date = (SELECT max(l.date) FROM standups l
                           WHERE l.login = m.login AND l.date <= ?)
             AND trim(s.blockers) <> ''
           ORDER BY since, m.display_name COLLATE NOCASE""",
        (day.isoformat(),),
    )


def as_json_rows(store: Store, day: date) -> list[dict]:
    """`huddle standup show --json`: the day's notes with the DESIGN.md column names."""
    return store.query(
        """SELECT date, login, yesterday, today, blockers, blockers_wait_on_client, blockers_project,
                  version, created_at, created_by, updated_at, updated_by
           FROM standups WHERE date = ? ORDER BY login""",
        (day.isoformat(),),
    )
