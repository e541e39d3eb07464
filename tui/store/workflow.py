"""The workflows, as tables of allowed moves. Pure: no I/O.

The UI, the CLI and the tests all ask these tables, so a move that one refuses, all refuse.
Status values are stored in English (`in_progress`); `label()` gives the words a person
reads, in the active language.
"""

from __future__ import annotations

from .errors import WorkflowError
from .messages import N_, _, join_list, with_note
from .permissions import lead_only_moves

REQUIREMENT = "requirement"
CHANGE_REQUEST = "change_request"
FEEDBACK = "feedback"
COMMITMENT = "commitment"

_REQUIREMENT_OPEN = ("draft", "documented", "confirmed", "in_progress", "delivered")

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    REQUIREMENT: {
        "draft": ("documented", "deferred", "dropped"),
        "documented": ("confirmed", "draft", "deferred", "dropped"),
        "confirmed": ("in_progress", "deferred", "dropped"),
        "in_progress": ("delivered", "deferred", "dropped"),
        "delivered": ("accepted", "in_progress", "deferred", "dropped"),
        "accepted": (),
        "deferred": ("draft",),
        "dropped": (),
    },
    CHANGE_REQUEST: {
        "submitted": ("assessing", "withdrawn"),
        "assessing": ("approved", "rejected", "withdrawn"),
        "approved": ("implementing",),
        "rejected": (),
        "implementing": ("verifying",),
        "verifying": ("done", "implementing"),
        "done": (),
        "withdrawn": (),
    },
    FEEDBACK: {
        "new": ("acknowledged",),
        "acknowledged": ("in_progress", "resolved"),
        "in_progress": ("resolved",),
        "resolved": ("closed", "in_progress"),
        "closed": (),
    },
    COMMITMENT: {
        "open": ("kept", "missed", "renegotiated"),
        "renegotiated": ("kept", "missed", "renegotiated"),
        "kept": (),
        "missed": (),
    },
}

INITIAL = {
    REQUIREMENT: "draft",
    CHANGE_REQUEST: "submitted",
    FEEDBACK: "new",
    COMMITMENT: "open",
}

# Moves only a lead may make: read from the one table of who may do what.
LEAD_ONLY: dict[str, frozenset[str]] = {
    kind: lead_only_moves(kind) for kind in (REQUIREMENT, CHANGE_REQUEST, FEEDBACK, COMMITMENT)
}

STATUS_LABELS = {
    "draft": N_("draft"),
    "documented": N_("documented"),
    "confirmed": N_("confirmed"),
    "in_progress": N_("in progress"),
    "delivered": N_("delivered"),
    "accepted": N_("accepted"),
    "deferred": N_("deferred"),
    "dropped": N_("dropped"),
    "submitted": N_("submitted"),
    "assessing": N_("assessing"),
    "approved": N_("approved"),
    "rejected": N_("rejected"),
    "implementing": N_("implementing"),
    "verifying": N_("verifying"),
    "done": N_("done"),
    "withdrawn": N_("withdrawn"),
    "new": N_("new"),
    "acknowledged": N_("acknowledged"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
    "open": N_("open"),
    "kept": N_("kept"),
    "missed": N_("missed"),
    "renegotiated": N_("renegotiated"),
}


def statuses(kind: str) -> tuple[str, ...]:
    return tuple(TRANSITIONS[kind])


def allowed(kind: str, status: str) -> tuple[str, ...]:
    return TRANSITIONS[kind].get(status, ())


def normalize(value: str | None) -> str:
    """What a person types (`In progress`, `in-progress`) → the stored status."""
    return (value or "").strip().lower().replace("-", "_").replace(" ", "_")


def is_final(kind: str, status: str) -> bool:
    return not allowed(kind, status)


def label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def check_move(kind: str, current: str, target: str) -> None:
    """Raise `WorkflowError` naming the allowed moves if `current → target` is illegal."""
    if kind not in TRANSITIONS:
        raise ValueError(kind)
    if target not in TRANSITIONS[kind]:
        known = join_list(TRANSITIONS[kind])
        raise WorkflowError(
            _("Unknown status “{target}”. Statuses: {known}.").format(target=target, known=known),
            allowed(kind, current),
        )
    moves = allowed(kind, current)
    if target in moves:
        return
    if moves:
        names = join_list(move if label(move) == move else with_note(label(move), move) for move in moves)
        message = _("Cannot move from {current} to {target}. Allowed now: {moves}.").format(
            current=label(current), target=label(target), moves=names
        )
    else:
        message = _("Cannot move from {current}: it is final.").format(current=label(current))
    raise WorkflowError(message, moves)


def needs_lead(kind: str, target: str) -> bool:
    return target in LEAD_ONLY[kind]


OPEN_REQUIREMENT_STATUSES = _REQUIREMENT_OPEN
