"""Who may do what: one table, enforced in the store (never only in a screen).

Real access control is the workspace file's permissions (whoever can write the file can
write any row with `sqlite3`); roles decide what Huddle itself lets a person do. Every
store function that needs a lead calls `require(store, ACTION)`; the workflow's lead-only
moves (`workflow.LEAD_ONLY`) are read from `MOVES` below, and the README's table is this
table.

A *lead* is an active member whose role is `lead`. Everyone else who opens the workspace is
a *member* (they join as one the first time). An inactive member keeps their history but
counts for nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PermissionDenied
from .messages import N_, _

LEAD = "lead"
ANYONE = "anyone"
SELF_OR_LEAD = "self_or_lead"


@dataclass(frozen=True)
class Permission:
    action: str
    who: str  # LEAD | ANYONE | SELF_OR_LEAD
    what: str  # English msgid: the verb phrase, "approve or reject a change request"


TABLE: tuple[Permission, ...] = (
    # What any member may do.
    Permission("standup.write", ANYONE, N_("write and edit standup notes; run the standup meeting")),
    Permission("item.add", ANYONE, N_("add and edit requirements, change requests, feedback and commitments")),
    Permission("item.move", ANYONE, N_("move items along their workflow, except the moves below")),
    Permission("change.assess", ANYONE, N_("assess a change request's impact")),
    Permission("member.rename", SELF_OR_LEAD, N_("set their own display name (a lead may set anyone's)")),
    # What needs a lead.
    Permission("change.decide", LEAD, N_("approve or reject a change request")),
    Permission("requirement.accept", LEAD, N_("accept a requirement at a milestone")),
    Permission("item.reopen", LEAD, N_("reopen a decided item: change what the client signed off, undo an approval or a rejection")),
    Permission("project.manage", LEAD, N_("add, edit and archive projects")),
    Permission("member.manage", LEAD, N_("add members, change roles, deactivate and reactivate members")),
    Permission("workspace.import", LEAD, N_("import a whole workspace from an export (huddle import)")),
)

BY_ACTION: dict[str, Permission] = {rule.action: rule for rule in TABLE}

MOVES: dict[tuple[str, str], str] = {
    # (workflow kind, target status) → the action it is
    ("requirement", "accepted"): "requirement.accept",
    ("change_request", "approved"): "change.decide",
    ("change_request", "rejected"): "change.decide",
}
"""The workflow moves that need a lead; `workflow.LEAD_ONLY` is built from this."""


def lead_only_moves(kind: str) -> frozenset[str]:
    return frozenset(target for (of, target), action in MOVES.items() if of == kind and BY_ACTION[action].who == LEAD)


def role_of(store, login: str | None = None) -> str | None:
    """'lead', 'member', or None (not a member, or inactive)."""
    row = store.query_one("SELECT role, active FROM members WHERE login = ?", (login or store.user,))
    if row is None or not row["active"]:
        return None
    return row["role"]


def is_lead(store, login: str | None = None) -> bool:
    return role_of(store, login) == LEAD


def allowed(store, action: str, *, subject: str | None = None) -> bool:
    """May the store's user do `action` (on member `subject`, for SELF_OR_LEAD)?"""
    rule = BY_ACTION[action]
    if rule.who == ANYONE:
        return True
    if rule.who == SELF_OR_LEAD and subject is not None and subject == store.user:
        return True
    return is_lead(store)


def require(store, action: str, *, subject: str | None = None) -> None:
    """Raise `PermissionDenied` (a sentence naming the action) unless `allowed`."""
    if not allowed(store, action, subject=subject):
        raise PermissionDenied(
            _("Only a lead may {what}. Ask a lead of this workspace.").format(what=_(BY_ACTION[action].what))
        )


def require_move(store, kind: str, target: str) -> None:
    action = MOVES.get((kind, target))
    if action is not None:
        require(store, action)


def rows() -> list[dict]:
    """The table in the active language: [{"action", "who", "what"}] (README, `huddle
    member list`'s footnote, the Workspace screen)."""
    return [{"action": rule.action, "who": rule.who, "what": _(rule.what)} for rule in TABLE]
