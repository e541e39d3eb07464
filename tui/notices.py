"""Sentences about the activity trail: "王芳 approved CR-12" / "王芳 批准了 CR-12"."""

from __future__ import annotations

from .i18n import N_, _
from .store import workflow
from .text import one_line

# What a move *to* a status reads like, where a verb says it better than "moved to".
MOVE_VERBS = {
    "approved": N_("{actor} approved {key}"),
    "rejected": N_("{actor} rejected {key}"),
    "accepted": N_("{actor} accepted {key}"),
    "confirmed": N_("{actor} confirmed {key}"),
    "done": N_("{actor} finished {key}"),
    "withdrawn": N_("{actor} withdrew {key}"),
    "closed": N_("{actor} closed {key}"),
    "kept": N_("{actor} kept {key}"),
}


def describe(row: dict, names: dict[str, str] | None = None) -> str:
    """One activity row as a sentence in the active language. `names` (login → display
    name) names the member a standup or attendance row is about; without it, the login."""
    actor = one_line(row.get("actor_name") or row["actor"], 40)
    key = one_line(row["key"], 40)
    entity, action = row["entity"], row["action"]
    if entity == "standup":
        day, _slash, login = key.partition("/")
        member = one_line((names or {}).get(login, login), 40)
        if action == "create":
            return _("{actor} posted a standup note for {day}").format(actor=actor, day=day)
        if login == row["actor"]:
            return _("{actor} updated their standup note for {day}").format(actor=actor, day=day)
        return _("{actor} updated the standup note of {login} for {day}").format(actor=actor, login=member, day=day)
    if entity == "attendance":
        day, _slash, login = key.partition("/")
        member = one_line((names or {}).get(login, login), 40)
        if action == "absent":
            return _("{actor} marked {login} absent for {day}").format(actor=actor, login=member, day=day)
        return _("{actor} marked {login} present for {day}").format(actor=actor, login=member, day=day)
    if entity == "meeting":
        if action == "decide":
            return _("{actor} recorded a decision in {key}").format(actor=actor, key=key)
        if action == "action":
            return _("{actor} added an action item to {key}").format(actor=actor, key=key)
        if action == "done":
            return _("{actor} marked an action item of {key} done").format(actor=actor, key=key)
        if action == "reopen":
            return _("{actor} marked an action item of {key} not done").format(actor=actor, key=key)
        if action == "promise":
            return _("{actor} made an action item of {key} a promise: {commitment}").format(
                actor=actor, key=key, commitment=one_line(row.get("new") or "", 20))
        if action == "edit" and row.get("field") == "notes":
            return _("{actor} is taking the notes of {key}").format(actor=actor, key=key)
    if action == "decision":
        return _("{actor} recorded a decision about {key} in {meeting}").format(
            actor=actor, key=key, meeting=one_line(row.get("new") or "", 40))
    if action == "create":
        return _("{actor} added {key}").format(actor=actor, key=key)
    if action == "move":
        template = MOVE_VERBS.get(row.get("new") or "")
        if template:
            return _(template).format(actor=actor, key=key)
        return _("{actor} moved {key} to {status}").format(
            actor=actor, key=key, status=workflow.label(row.get("new") or "")
        )
    return _("{actor} edited {key}").format(actor=actor, key=key)
