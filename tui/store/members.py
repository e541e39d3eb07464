"""The team: who is in the workspace and who is a lead.

Identity is the OS login. Whoever creates a workspace is its first lead; anyone else who
opens it joins as a member the first time they do.
"""

from __future__ import annotations

from ..i18n import _
from .db import Store
from .errors import PermissionDenied, ValidationError

ROLES = ("member", "lead")


def get(store: Store, login: str) -> dict | None:
    return store.query_one("SELECT * FROM members WHERE login = ?", (login,))


def ensure(store: Store, login: str | None = None, display_name: str | None = None) -> dict:
    """The member row for `login` (default: the store's user), adding it if new.

    The first member of an empty workspace becomes a lead.
    """
    login = login or store.user
    row = get(store, login)
    if row is not None:
        return row
    with store.write() as conn:
        row = get(store, login)
        if row is None:
            first = conn.execute("SELECT count(*) FROM members").fetchone()[0] == 0
            values = {
                "login": login,
                "display_name": display_name or login,
                "role": "lead" if first else "member",
                **store.audit_insert(),
            }
            store.db["members"].insert(values)
            store.record("member", login, "create", new=values["role"])
            row = get(store, login)
    return row


def add(store: Store, login: str, display_name: str, role: str = "member") -> dict:
    login = login.strip()
    if not login:
        raise ValidationError(_("A login is required."), "login")
    if role not in ROLES:
        raise ValidationError(_("Role must be member or lead."), "role")
    with store.write():
        if get(store, login) is not None:
            raise ValidationError(_("{login} is already in the team.").format(login=login), "login")
        store.db["members"].insert(
            {"login": login, "display_name": display_name.strip() or login, "role": role, **store.audit_insert()}
        )
        store.record("member", login, "create", new=role)
    return get(store, login)


def active(store: Store) -> list[dict]:
    """Active members, in a stable order for boards and meetings."""
    return store.query(
        "SELECT * FROM members WHERE active = 1 ORDER BY display_name COLLATE NOCASE, login"
    )


def display_name(store: Store, login: str | None) -> str:
    if not login:
        return ""
    row = get(store, login)
    return row["display_name"] if row else login


def names(store: Store) -> dict[str, str]:
    """login → display name, for screens that show many logins."""
    return {row["login"]: row["display_name"] for row in store.query("SELECT login, display_name FROM members")}


def is_lead(store: Store, login: str | None = None) -> bool:
    row = get(store, login or store.user)
    return bool(row and row["role"] == "lead")


def require_lead(store: Store, what: str) -> None:
    """Raise `PermissionDenied` unless the user is a lead; `what` is the translated action."""
    if not is_lead(store):
        raise PermissionDenied(
            _("Only a lead may {what}. Ask a lead of this workspace.").format(what=what)
        )
