"""Daily standup notes: one note per member per day (yesterday / today / blockers).

Notes are written during the meeting itself, often by two people at once (the speaker and
the facilitator), so every save is version-checked: a save based on an old version raises
`ConflictError` with the other person's text and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..i18n import _
from . import members
from .db import Store, local_today
from .errors import ConflictError, ValidationError

FIELDS = ("yesterday", "today", "blockers")
MAX_FIELD_CHARS = 20_000
BLOCKER_WINDOW_DAYS = 7


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

    @classmethod
    def from_row(cls, row: dict | None) -> "Note":
        if row is None:
            return cls()
        return cls(**{field: row[field] or "" for field in FIELDS})

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


def previous_today(store: Store, login: str, day: date) -> str:
    """What `login` said they would do on their last note before `day` ("yesterday" prefill)."""
    return (
        store.scalar(
            "SELECT today FROM standups WHERE login = ? AND date < ? ORDER BY date DESC LIMIT 1",
            (login, day.isoformat()),
        )
        or ""
    )


def board(store: Store, day: date) -> list[dict]:
    """Every active member with their note for `day` (note columns are None if not posted)."""
    return store.query(
        """SELECT m.login, m.display_name, m.role,
                  s.id, s.yesterday, s.today, s.blockers, s.version,
                  s.updated_at, s.updated_by
           FROM members m
           LEFT JOIN standups s ON s.login = m.login AND s.date = ?
           WHERE m.active = 1
           ORDER BY m.display_name COLLATE NOCASE, m.login""",
        (day.isoformat(),),
    )


def save(
    store: Store,
    day: date,
    login: str,
    note: Note,
    *,
    expected_version: int | None,
) -> dict:
    """Create or update `login`'s note for `day`.

    `expected_version` is the version the editor started from (None: there was no note).
    If the stored note has moved on, nothing is written and `ConflictError` carries the
    stored row, so the caller can show both versions.
    """
    validate(note)
    members.ensure(store, login)
    key = f"{day.isoformat()}/{login}"
    with store.write() as conn:
        current = get(store, day, login)
        current_version = current["version"] if current else None
        if current_version != expected_version:
            raise ConflictError(
                _("{name} saved this note while you were editing it.").format(
                    name=members.display_name(store, current["updated_by"]) if current else "?"
                ),
                current,
            )
        now = store.clock()
        if current is None:
            conn.execute(
                "INSERT INTO standups (date, login, yesterday, today, blockers,"
                " created_at, created_by, updated_at, updated_by, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (day.isoformat(), login, note.yesterday, note.today, note.blockers,
                 now, store.user, now, store.user),
            )
            store.record("standup", key, "create")
        else:
            changed = [f for f in FIELDS if (current[f] or "") != getattr(note, f)]
            if not changed:
                return current
            updated = conn.execute(
                "UPDATE standups SET yesterday = ?, today = ?, blockers = ?,"
                " updated_at = ?, updated_by = ?, version = version + 1"
                " WHERE id = ? AND version = ?",
                (note.yesterday, note.today, note.blockers, now, store.user,
                 current["id"], current["version"]),
            ).rowcount
            assert updated == 1  # we hold the write lock and just read this version
            for field in changed:
                store.record("standup", key, "edit", field=field,
                             old=current[field], new=getattr(note, field))
    return get(store, day, login)


def summary(store: Store, day: date) -> dict:
    """Who posted, who has not, and the blockers raised on `day`."""
    rows = board(store, day)
    posted = [row for row in rows if row["id"] is not None]
    return {
        "date": day,
        "posted": posted,
        "missing": [row for row in rows if row["id"] is None],
        "blockers": [row for row in posted if (row["blockers"] or "").strip()],
    }


def open_blockers(store: Store, day: date) -> list[dict]:
    """Each member's latest blocker within the last week, until a later note clears it."""
    since = (day - timedelta(days=BLOCKER_WINDOW_DAYS)).isoformat()
    return store.query(
        """SELECT s.date, s.login, m.display_name, s.blockers
           FROM standups s JOIN members m ON m.login = s.login
           WHERE s.date = (SELECT max(date) FROM standups l
                           WHERE l.login = s.login AND l.date BETWEEN ? AND ?)
             AND trim(s.blockers) <> ''
           ORDER BY s.date DESC, m.display_name COLLATE NOCASE""",
        (since, day.isoformat()),
    )


def dates_with_notes(store: Store, limit: int = 60) -> list[str]:
    return [row["date"] for row in store.query(
        "SELECT DISTINCT date FROM standups ORDER BY date DESC LIMIT ?", (limit,))]


def as_json_rows(store: Store, day: date) -> list[dict]:
    """`huddle standup show --json`: the day's notes with the DESIGN.md column names."""
    return store.query(
        """SELECT date, login, yesterday, today, blockers, version,
                  created_at, created_by, updated_at, updated_by
           FROM standups WHERE date = ? ORDER BY login""",
        (day.isoformat(),),
    )


def minutes_markdown(store: Store, day: date) -> str:
    """The day's minutes as Markdown, in the active language. User text is kept as typed,
    indented under its heading so that it cannot break the document's structure."""
    from ..i18n import format_weekday_date

    info = summary(store, day)

    def block(text: str) -> list[str]:
        lines = (text or "").strip().splitlines() or [""]
        return ["    " + line for line in lines]

    out = [f"# {_('Standup minutes')} — {format_weekday_date(day)}", ""]
    out.append(f"**{_('Present')}** ({len(info['posted'])}): "
               + (", ".join(row["display_name"] for row in info["posted"]) or "—"))
    out.append("")
    out.append(f"**{_('Absent')}** ({len(info['missing'])}): "
               + (", ".join(row["display_name"] for row in info["missing"]) or "—"))
    out.append("")
    out.append(f"## {_('Blockers')}")
    out.append("")
    if info["blockers"]:
        for row in info["blockers"]:
            out.append(f"- **{row['display_name']}**")
            out.extend(block(row["blockers"]))
    else:
        out.append(_("No blockers."))
    out.append("")
    out.append(f"## {_('Notes')}")
    for row in info["posted"]:
        out.append("")
        out.append(f"### {row['display_name']} ({row['login']})")
        for field in FIELDS:
            if (row[field] or "").strip():
                out.append("")
                out.append(f"*{field_label(field)}*")
                out.append("")
                out.extend(block(row[field]))
    out.append("")
    return "\n".join(out)
