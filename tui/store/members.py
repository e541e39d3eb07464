"""The team: who is in the workspace, their display name, role (lead or member) and whether
they are active.

Identity is the OS login (`store.user`). Whoever creates a workspace (`huddle init` or
`huddle demo`; the store records its creator when it makes the file) is its first lead;
anyone else who opens it joins as a member the first time they do, and is never made a lead
silently. Managing members needs a lead (`permissions`); anyone may set their own display
name. A workspace always keeps at least one active lead.
"""

from __future__ import annotations

from . import permissions
from .db import Store
from .errors import ConflictError, NotFound, PermissionDenied, ValidationError
from .fields import check_line, is_one_line
from .identity import PLAIN_LOGIN
from .messages import N_, _, join_list

ROLES = ("member", "lead")
ENTITY = "member"
MAX_NAME = 80
LOGIN = PLAIN_LOGIN
"""An OS login as Huddle accepts one (`identity.PLAIN_LOGIN`: letters, digits, . _ - @)."""


def get(store: Store, login: str) -> dict | None:
    return store.query_one("SELECT * FROM members WHERE login = ?", (login,))


def require(store: Store, login: str) -> dict:
    row = get(store, (login or "").strip())
    if row is None:
        known = join_list(sorted(names(store))) or "—"
        raise NotFound(_("No team member “{login}”. Members: {known}.").format(login=login, known=known))
    return row


def check_login(login: str | None) -> str:
    login = (login or "").strip()
    if not login:
        raise ValidationError(_("A login is required."), "login")
    if not LOGIN.fullmatch(login):
        raise ValidationError(
            _("“{login}” is not a login: use the person's account name on this host (letters, digits, . _ -).").format(
                login=login
            ),
            "login",
        )
    return login


def check_name(name: str | None, field: str = "display_name") -> str:
    """A display name: one line, no control characters, at most MAX_NAME characters."""
    text = (name or "").strip()
    if not text:
        raise ValidationError(_("A display name is required."), field)
    check_line(text, field, N_("Display name"))
    if len(text) > MAX_NAME:
        raise ValidationError(_("The display name is too long: at most {limit} characters.").format(limit=MAX_NAME), field)
    return text


def check_role(role: str | None) -> str:
    role = (role or "").strip().lower()
    if role not in ROLES:
        raise ValidationError(_("Role must be member or lead."), "role")
    return role


def founder(store: Store) -> str | None:
    """The login that created the workspace file (recorded by the store), if known."""
    return store.get_meta("created_by")


def ensure(store: Store, login: str | None = None, display_name: str | None = None) -> dict:
    """The member row for `login` (default: the store's user), adding it as a member if new.

    Only the workspace's creator joins as a lead, and only while it has no active lead
    (that is `huddle init` / `huddle demo` making a new file): nobody becomes a lead by
    being the first to open a workspace someone else made. An inactive member stays
    inactive.
    """
    login = login or store.user
    row = get(store, login)
    if row is not None:
        return row
    with store.write():
        row = get(store, login)
        if row is None:
            lead = login == founder(store) and active_lead_count(store) == 0
            name = (display_name or "").strip()
            values = {
                "login": login,
                "display_name": name if name and is_one_line(name) and len(name) <= MAX_NAME else login,
                "role": "lead" if lead else "member",
                **store.audit_insert(),
            }
            store.db["members"].insert(values)
            store.record(ENTITY, login, "create", new=values["role"])
    return require(store, login)


def active_lead_count(store: Store, *, besides: str | None = None) -> int:
    return store.scalar(
        "SELECT count(*) FROM members WHERE role = 'lead' AND active = 1 AND login IS NOT ?", (besides,)
    ) or 0


def add(store: Store, login: str, display_name: str, role: str = "member") -> dict:
    """A lead adds someone (by their OS login) before they first open the workspace."""
    login = check_login(login)
    name = check_name(display_name or login)
    role = check_role(role)
    with store.write():
        permissions.require(store, "member.manage")
        existing = get(store, login)
        if existing is not None:
            if not existing["active"]:
                raise ValidationError(
                    _("{login} is in the team but inactive: reactivate them instead.").format(login=login), "login"
                )
            raise ValidationError(_("{login} is already in the team.").format(login=login), "login")
        store.db["members"].insert({"login": login, "display_name": name, "role": role, **store.audit_insert()})
        store.record(ENTITY, login, "create", new=role)
    return require(store, login)


def form_values(row: dict) -> dict:
    return {"login": row["login"], "display_name": row["display_name"], "role": row["role"],
            "active": "active" if row["active"] else "inactive"}


def edit(store: Store, login: str, values: dict, version: int | None = None) -> dict:
    """Change a member's display name, role and/or active flag (whichever `values` holds),
    based on `version` (None: whatever is there now). Renaming yourself needs no lead;
    everything else does. The last active lead can be neither demoted nor deactivated."""
    changes: dict = {}
    with store.write():
        row = require(store, login)
        if version is not None and row["version"] != version:
            raise ConflictError(
                _("{name} changed {login} while you were editing.").format(
                    name=display_name(store, row["updated_by"]), login=row["login"]
                ),
                dict(row),
            )
        if "display_name" in values:
            name = check_name(values["display_name"])
            if name != row["display_name"]:
                changes["display_name"] = name
        if "role" in values and values["role"] not in (None, ""):
            role = check_role(values["role"])
            if role != row["role"]:
                changes["role"] = role
        if "active" in values and values["active"] not in (None, ""):
            active = 1 if str(values["active"]).strip().lower() in ("1", "true", "yes", "active") else 0
            if active != row["active"]:
                changes["active"] = active
        if not changes:
            return row
        if set(changes) == {"display_name"}:
            permissions.require(store, "member.rename", subject=row["login"])
        else:
            permissions.require(store, "member.manage")
        still_lead = changes.get("role", row["role"]) == "lead" and changes.get("active", row["active"])
        if row["role"] == "lead" and row["active"] and not still_lead and active_lead_count(store, besides=row["login"]) == 0:
            raise PermissionDenied(
                _("{name} is the last active lead: make someone else a lead first.").format(name=row["display_name"])
            )
        assignments = ", ".join(f"{column} = ?" for column in changes)
        updated = store.conn.execute(
            f"UPDATE members SET {assignments}, updated_at = ?, updated_by = ?, version = version + 1"
            " WHERE login = ? AND version = ?",
            (*changes.values(), store.clock(), store.user, row["login"], row["version"]),
        ).rowcount
        if updated != 1:  # pragma: no cover - we hold the write lock
            raise ConflictError(_("{login} changed while saving; try again.").format(login=row["login"]), get(store, login))
        for field, value in changes.items():
            store.record(ENTITY, row["login"], "edit", field=field, old=row[field], new=value)
    return require(store, login)


def set_role(store: Store, login: str, role: str, *, version: int | None = None) -> dict:
    return edit(store, login, {"role": check_role(role)}, version)


def rename(store: Store, login: str | None, display_name: str, *, version: int | None = None) -> dict:
    """Set a display name: your own (anyone), or someone else's (a lead)."""
    login = login or store.user
    if login == store.user:
        ensure(store)
    return edit(store, login, {"display_name": display_name}, version)


def deactivate(store: Store, login: str, *, version: int | None = None) -> dict:
    return edit(store, login, {"active": "0"}, version)


def activate(store: Store, login: str, *, version: int | None = None) -> dict:
    return edit(store, login, {"active": "1"}, version)


def active(store: Store) -> list[dict]:
    """Active members, in a stable order for boards, meetings and pickers."""
    return store.query(
        "SELECT * FROM members WHERE active = 1 ORDER BY display_name COLLATE NOCASE, login"
    )


def all_rows(store: Store) -> list[dict]:
    """Everyone, active first, then by display name (the Workspace screen, `member list`)."""
    return store.query(
        "SELECT login, display_name, role, active, version, created_at, created_by, updated_at, updated_by"
        " FROM members ORDER BY active DESC, role = 'lead' DESC, display_name COLLATE NOCASE, login"
    )


def display_name(store: Store, login: str | None) -> str:
    if not login:
        return ""
    row = get(store, login)
    return row["display_name"] if row else login


def names(store: Store) -> dict[str, str]:
    """login → display name, for screens that show many logins (inactive ones too: their
    names stay on what they wrote)."""
    return {row["login"]: row["display_name"] for row in store.query("SELECT login, display_name FROM members")}


def is_lead(store: Store, login: str | None = None) -> bool:
    """An active member whose role is lead."""
    return permissions.is_lead(store, login)
