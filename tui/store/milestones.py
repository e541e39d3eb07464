"""Milestones: staged acceptance (阶段验收).

A milestone belongs to one project, has a name and a due date, and groups the
requirements the client will accept at that stage. Its progress is accepted / total
(dropped requirements do not count); what is still open at the due date is what the team
has to talk about in the acceptance meeting. `review()` gives, for that meeting, each
requirement's state and what changed since the previous milestone of the same project.
"""

from __future__ import annotations

from datetime import date, timedelta

from . import activity, area, projects
from .db import Store
from .errors import ConflictError, NotFound, ValidationError
from .fields import check_line
from .messages import N_, _, join_list, labelled, with_note

STATUSES = ("open", "closed")
FIELDS = ("project", "name", "due")
MAX_NAME = 200
DUE_SOON_DAYS = 14

# Requirement statuses that no longer count towards a milestone's total.
NOT_COUNTED = ("dropped", "deferred")


def parse_due(value: str | date | None) -> str | None:
    """`YYYY-MM-DD` (or empty for no due date) → the stored text; a clear error otherwise."""
    return area.parse_day(None if value is None else value if isinstance(value, date) else str(value), "due")


def key_of(row: dict) -> str:
    """The activity-trail key of a milestone."""
    return f"MS-{row['id']}"


def get(store: Store, milestone_id: int | str) -> dict | None:
    try:
        ident = int(milestone_id)
    except (TypeError, ValueError):
        return None
    return store.query_one("SELECT * FROM milestones WHERE id = ?", (ident,))


def require(store: Store, milestone_id: int | str) -> dict:
    row = get(store, milestone_id)
    if row is None:
        raise NotFound(_("No milestone {id}.").format(id=milestone_id))
    return row


def find(store: Store, name: str, project: str | None = None) -> dict:
    """A milestone by name (any case), within `project` if given; the id works too."""
    text = (name or "").strip()
    if text.upper().startswith("MS-") and text[3:].isdigit():
        text = text[3:]
    if text.isdigit():
        row = get(store, text)
        if row is not None:
            return row
    params: list = [text]
    sql = "SELECT * FROM milestones WHERE lower(name) = lower(?)"
    if project:
        sql += " AND project = ?"
        params.append(project)
    rows = store.query(sql + " ORDER BY due, id", tuple(params))
    if len(rows) == 1:
        return rows[0]
    known = join_list(row["name"] for row in all_milestones(store, project)) or "—"
    if not rows:
        raise ValidationError(
            _("No milestone “{name}”. Milestones: {known}.").format(name=name, known=known), "milestone"
        )
    raise ValidationError(
        _("Several projects have a milestone “{name}”: give --project.").format(name=name), "milestone"
    )


def all_milestones(store: Store, project: str | None = None) -> list[dict]:
    """Milestones in due order (no due date last), with their progress counts."""
    where, params = "", ()  # type: tuple[str, tuple]
    if project:
        where, params = "WHERE m.project = ?", (project,)
    return store.query(
        f"""SELECT m.*,
                  (SELECT count(*) FROM requirements r WHERE r.milestone_id = m.id
                     AND r.status NOT IN ('dropped', 'deferred')) AS total,
                  (SELECT count(*) FROM requirements r WHERE r.milestone_id = m.id
                     AND r.status = 'accepted') AS accepted
           FROM milestones m {where}
           ORDER BY m.due IS NULL, m.due, m.project, m.id""",
        params,
    )


def validate(store: Store, values: dict) -> dict:
    name = str(values.get("name") or "").strip()
    if not name:
        raise ValidationError(_("A milestone needs a name."), "name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The name is too long: at most {limit} characters.").format(limit=MAX_NAME), "name"
        )
    check_line(name, "name", N_("Name"))
    project = projects.resolve(store, str(values.get("project") or "") or None)
    if project is None:
        raise ValidationError(_("Choose the project of this milestone."), "project")
    return {"project": project, "name": name, "due": parse_due(values.get("due"))}


def create(store: Store, project: str | None, name: str, due: str | date | None = None) -> dict:
    values = validate(store, {"project": project, "name": name, "due": due})
    with store.write() as conn:
        _check_unique(store, values)
        cursor = conn.execute(
            "INSERT INTO milestones (project, name, due, status, created_at, created_by,"
            " updated_at, updated_by, version) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, 1)",
            (values["project"], values["name"], values["due"], *_stamps(store)),
        )
        row = require(store, int(cursor.lastrowid or 0))
        store.record("milestone", key_of(row), "create", new=values["name"])
    return row


def update(store: Store, milestone_id: int, values: dict, *, expected_version: int | None) -> dict:
    """Save an edit made from version `expected_version`; ConflictError if it moved on."""
    clean_values = validate(store, values)
    with store.write() as conn:
        current = require(store, milestone_id)
        if expected_version is not None and current["version"] != expected_version:
            raise ConflictError(
                _("{name} saved this milestone while you were editing it.").format(name=current["updated_by"]),
                current,
            )
        changed = [f for f in FIELDS if (current[f] or None) != (clean_values[f] or None)]
        if not changed:
            return current
        if "name" in changed or "project" in changed:
            _check_unique(store, clean_values, exclude=current["id"])
        if "project" in changed and store.scalar(
            "SELECT count(*) FROM requirements WHERE milestone_id = ?", (current["id"],)
        ):
            raise ValidationError(
                _("This milestone has requirements: it cannot move to another project."), "project"
            )
        now = store.clock()
        conn.execute(
            "UPDATE milestones SET project = ?, name = ?, due = ?, updated_at = ?, updated_by = ?,"
            " version = version + 1 WHERE id = ? AND version = ?",
            (clean_values["project"], clean_values["name"], clean_values["due"], now, store.user,
             current["id"], current["version"]),
        )
        for field in changed:
            store.record("milestone", key_of(current), "edit", field=field,
                         old=current[field], new=clean_values[field])
    return require(store, milestone_id)


def set_status(store: Store, milestone_id: int, status: str) -> dict:
    """Close a milestone after its acceptance meeting (or reopen it)."""
    if status not in STATUSES:
        raise ValidationError(_("A milestone is open or closed."), "status")
    with store.write() as conn:
        current = require(store, milestone_id)
        if current["status"] == status:
            return current
        conn.execute(
            "UPDATE milestones SET status = ?, updated_at = ?, updated_by = ?, version = version + 1"
            " WHERE id = ?",
            (status, store.clock(), store.user, current["id"]),
        )
        store.record("milestone", key_of(current), "move", old=current["status"], new=status)
    return require(store, milestone_id)


def _stamps(store: Store) -> tuple:
    now = store.clock()
    return (now, store.user, now, store.user)


def _check_unique(store: Store, values: dict, exclude: int | None = None) -> None:
    found = store.scalar(
        "SELECT id FROM milestones WHERE project = ? AND lower(name) = lower(?) AND id IS NOT ?",
        (values["project"], values["name"], exclude),
    )
    if found is not None:
        raise ValidationError(
            _("Project {project} has a milestone “{name}” already.").format(
                project=values["project"], name=values["name"]
            ),
            "name",
        )


# -- progress and review ---------------------------------------------------------------


def progress(store: Store, milestone_id: int) -> dict:
    """accepted / total (dropped and deferred requirements are not counted), per status."""
    rows = store.query(
        "SELECT status, count(*) AS n FROM requirements WHERE milestone_id = ? GROUP BY status",
        (milestone_id,),
    )
    by_status = {row["status"]: row["n"] for row in rows}
    total = sum(n for status, n in by_status.items() if status not in NOT_COUNTED)
    accepted = by_status.get("accepted", 0)
    return {
        "accepted": accepted,
        "total": total,
        "open": total - accepted,
        "by_status": by_status,
        "percent": round(100 * accepted / total) if total else 0,
    }


def open_requirements(store: Store, milestone_id: int) -> list[dict]:
    """What still stands between the milestone and its acceptance (not accepted, not
    dropped or deferred), most important first."""
    return store.query(
        """SELECT key, title, priority, status, owner FROM requirements
           WHERE milestone_id = ? AND status NOT IN ('accepted', 'dropped', 'deferred')
           ORDER BY priority, number""",
        (milestone_id,),
    )


def previous(store: Store, milestone: dict) -> dict | None:
    """The milestone of the same project due just before this one."""
    if not milestone.get("due"):
        return None
    return store.query_one(
        """SELECT * FROM milestones WHERE project = ? AND id <> ? AND due IS NOT NULL
           AND (due < ? OR (due = ? AND id < ?))
           ORDER BY due DESC, id DESC LIMIT 1""",
        (milestone["project"], milestone["id"], milestone["due"], milestone["due"], milestone["id"]),
    )


def review(store: Store, milestone_id: int) -> dict:
    """For the client meeting: the milestone, its progress, and each requirement with its
    state and the changes since the previous milestone's due date (or ever, for the first)."""
    milestone = require(store, milestone_id)
    before = previous(store, milestone)
    since = before["due"] if before else None
    requirements = store.query(
        """SELECT r.key, r.title, r.priority, r.status, r.owner, r.confirmed_by, r.confirmed_at,
                  r.accepted_by, r.accepted_at
           FROM requirements r WHERE r.milestone_id = ?
           ORDER BY CASE r.status WHEN 'accepted' THEN 1 WHEN 'dropped' THEN 3
                    WHEN 'deferred' THEN 3 ELSE 2 END, r.priority, r.number""",
        (milestone_id,),
    )
    # Timestamps are UTC ISO text: "after the due day" is "from the next day on".
    after = (date.fromisoformat(since) + timedelta(days=1)).isoformat() if since else ""
    for row in requirements:
        row["changes"] = store.query(
            # A move's stamps (edit rows noted "#<move id>", see undo.py) are part of the
            # move; only who signed off is worth a line of its own.
            f"""SELECT a.action, a.field, a.old, a.new, {activity.SHOWN_NOTE} AS note, a.actor, a.at,
                      COALESCE(m.display_name, a.actor) AS actor_name
               FROM activity a LEFT JOIN members m ON m.login = a.actor
               WHERE a.key = ? AND a.at >= ? AND NOT ({activity.DERIVED} AND a.field <> 'confirmed_by')
               ORDER BY a.id""",
            (row["key"], after),
        )
    return {
        "milestone": milestone,
        "previous": before,
        "progress": progress(store, milestone_id),
        "requirements": requirements,
    }


def due_soon(store: Store, today: date, days: int = DUE_SOON_DAYS) -> list[dict]:
    """Open milestones due from today to `days` ahead, and open ones already overdue."""
    until = (today + timedelta(days=days)).isoformat()
    return [
        row
        for row in all_milestones(store)
        if row["status"] == "open" and row["due"] and row["due"] <= until
    ]


def as_json_rows(store: Store, project: str | None = None) -> list[dict]:
    return [
        {
            "id": row["id"],
            "project": row["project"],
            "name": row["name"],
            "due": row["due"],
            "status": row["status"],
            "accepted": row["accepted"],
            "total": row["total"],
            "version": row["version"],
        }
        for row in all_milestones(store, project)
    ]


def review_markdown(store: Store, milestone_id: int) -> str:
    """The milestone review as Markdown, in the active language, for the client meeting.
    User text (names, titles, logins, notes) goes through `markdown_inline`: folded to one
    line, controls made visible, and every character Markdown could read as structure
    escaped, so no title can become a heading, a list item, a link or a table row."""
    from ..text import markdown_inline as md
    from . import workflow
    from .requirement_fields import field_label

    info = review(store, milestone_id)
    milestone, before, done = info["milestone"], info["previous"], info["progress"]
    names = {row["login"]: row["display_name"] for row in store.query("SELECT login, display_name FROM members")}

    out = ["# " + labelled(_("Milestone review"), with_note(md(milestone["name"]), md(milestone["project"]))), ""]
    if milestone["due"]:
        out.append("- " + labelled(_("Due"), milestone["due"]))
    out.append("- " + _("Progress: {accepted} of {total} accepted ({percent}%)").format(**done))
    if before:
        out.append("- " + _("Changes since the previous milestone “{name}” ({date})").format(
            name=md(before["name"]), date=before["due"]))
    out.append("")
    out.append(f"| {_('ID')} | {_('Priority')} | {_('Title')} | {_('Status')} | {_('Owner')} |")
    out.append("|---|---|---|---|---|")
    for row in info["requirements"]:
        owner = md(names.get(row["owner"], row["owner"] or ""))
        out.append(f"| {md(row['key'])} | {md(row['priority'])} | {md(row['title'])} | "
                   f"{md(workflow.label(row['status']))} | {owner} |")
    changed = [row for row in info["requirements"] if row["changes"]]
    if changed:
        out += ["", f"## {_('What changed')}", ""]
        for row in changed:
            out.append(f"- **{md(row['key'])}** {md(row['title'])}")
            for change in row["changes"]:
                who = md(change["actor_name"])
                if change["action"] == "move":
                    what = f"{md(workflow.label(change['old'] or ''))} → {md(workflow.label(change['new'] or ''))}"
                elif change["action"] == "create":
                    what = _("created")
                elif change["field"] == "confirmed_by":
                    what = _("client sign-off by {contact}").format(contact=md(change["new"]))
                else:
                    what = _("changed {field}").format(field=md(field_label(change["field"] or "")))
                note = f" — {md(change['note'])}" if change["note"] else ""
                out.append(f"    - {md(change['at'][:10])} " + labelled(who, what) + note)
    out.append("")
    return "\n".join(out)
