"""The team workspace's rules, in the store: who becomes a lead (only the creator), the last
active lead, inactive members, archived projects, version-checked edits with activity rows,
and the one table of what needs a lead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import TODAY, make_store
from tui.store import (
    changes,
    members,
    permissions,
    projects,
    requirements,
    standup,
    workflow,
)
from tui.store.db import Store
from tui.store.errors import ConflictError, NotFound, PermissionDenied, ValidationError

DATA = Path(__file__).parent / "data"


def as_user(store: Store, login: str) -> Store:
    """Another person's connection to the same workspace."""
    return make_store(store.path, store.clock, user=login)


def activity(store: Store, key: str) -> list[tuple]:
    return [(r["action"], r["field"], r["old"], r["new"], r["actor"])
            for r in store.query("SELECT * FROM activity WHERE key = ? ORDER BY id", (key,))]


# -- who becomes a lead ------------------------------------------------------------------------


def test_the_creator_is_the_first_lead_and_nobody_else_by_opening_first(tmp_path, clock):
    path = tmp_path / "w.db"
    made = make_store(path, clock, user="ann")  # `huddle init` as ann: creates the file
    made.close()
    # bob opens the new workspace before ann ever joins: he is a member, not its lead
    bob = make_store(path, clock, user="bob")
    assert members.ensure(bob)["role"] == "member"
    ann = make_store(path, clock, user="ann")
    assert members.ensure(ann)["role"] == "lead"
    assert members.ensure(ann)["role"] == "lead"  # idempotent
    assert members.ensure(as_user(ann, "cai"))["role"] == "member"


def test_an_upgraded_workspace_makes_no_one_a_lead(tmp_path, clock):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "workspace-v1.db", path)
    store = make_store(path, clock, user="newcomer")
    assert store.get_meta("created_by") is None
    assert members.ensure(store)["role"] == "member"


def test_a_workspace_with_no_lead_left_does_not_promote_its_creator_twice(store):
    """The creator joins as lead only while there is no active lead; once they were made a
    member by a lead, opening again changes nothing."""
    other = as_user(store, "liming")
    members.add(store, "liming", "李明", "lead")
    members.set_role(other, "wangfang", "member")
    assert members.ensure(store)["role"] == "member"


# -- managing members ----------------------------------------------------------------------------


def test_a_lead_adds_members_and_a_member_may_not(store):
    row = members.add(store, "liming", "李明")
    assert (row["login"], row["display_name"], row["role"], row["active"]) == ("liming", "李明", "member", 1)
    liming = as_user(store, "liming")
    with pytest.raises(PermissionDenied, match="Only a lead"):
        members.add(liming, "alice", "Alice")
    with pytest.raises(PermissionDenied):
        members.set_role(liming, "liming", "lead")
    with pytest.raises(PermissionDenied):
        members.deactivate(liming, "wangfang")
    assert members.get(store, "alice") is None


@pytest.mark.parametrize("login", ["", "has space", "a/b", "x" * 40, "-rf", "名字"])
def test_a_login_is_a_plain_account_name(store, login):
    with pytest.raises(ValidationError) as error:
        members.add(store, login, "Someone")
    assert error.value.field == "login"


@pytest.mark.parametrize("name", ["line\nbreak", "esc\x1b[2J", "bidi\u202egnp", "x" * 81, "   "])
def test_a_display_name_is_one_clean_line(store, name):
    with pytest.raises(ValidationError) as error:
        members.add(store, "liming", name)
    assert error.value.field == "display_name"
    members.add(store, "liming", "李明")
    with pytest.raises(ValidationError):
        members.rename(store, "liming", name)


def test_adding_twice_or_an_inactive_member_is_refused(store):
    members.add(store, "liming", "李明")
    with pytest.raises(ValidationError, match="already"):
        members.add(store, "liming", "李明")
    members.deactivate(store, "liming")
    with pytest.raises(ValidationError, match="inactive"):
        members.add(store, "liming", "李明")


def test_the_last_active_lead_can_be_neither_demoted_nor_deactivated(store):
    with pytest.raises(PermissionDenied, match="last active lead"):
        members.set_role(store, "wangfang", "member")
    with pytest.raises(PermissionDenied, match="last active lead"):
        members.deactivate(store, "wangfang")
    members.add(store, "liming", "李明", "lead")
    members.set_role(store, "wangfang", "member")  # now fine: liming is a lead
    liming = as_user(store, "liming")
    with pytest.raises(PermissionDenied, match="last active lead"):
        members.deactivate(liming, "liming")
    assert members.is_lead(liming) and not members.is_lead(store)


def test_an_inactive_lead_is_not_a_lead_and_does_not_count(store):
    members.add(store, "liming", "李明", "lead")
    members.deactivate(store, "liming")
    liming = as_user(store, "liming")
    assert not members.is_lead(liming)
    assert members.active_lead_count(store) == 1
    with pytest.raises(PermissionDenied, match="last active lead"):
        members.set_role(store, "wangfang", "member")
    members.activate(store, "liming")
    assert members.is_lead(liming)


def test_inactive_members_drop_out_of_boards_and_pickers_but_keep_their_names(store):
    members.add(store, "liming", "李明")
    standup.save(as_user(store, "liming"), TODAY, "liming", standup.Note(today="写接口"), expected_version=None)
    members.deactivate(store, "liming")
    assert [m["login"] for m in members.active(store)] == ["wangfang"]
    assert members.names(store)["liming"] == "李明"
    board = [row["login"] for row in standup.board(store, TODAY)]
    assert "liming" not in board
    # opening the workspace again does not bring them back
    assert members.ensure(as_user(store, "liming"))["active"] == 0


def test_anyone_renames_themselves_a_lead_renames_others(store):
    members.add(store, "liming", "liming")
    liming = as_user(store, "liming")
    assert members.rename(liming, None, "李明")["display_name"] == "李明"
    with pytest.raises(PermissionDenied):
        members.rename(liming, "wangfang", "王老板")
    assert members.rename(store, "liming", "李明 (后端)")["display_name"] == "李明 (后端)"
    # a newcomer who renames before anything else joins (as a member) with the name
    cai = as_user(store, "cai")
    row = members.rename(cai, None, "蔡文")
    assert (row["display_name"], row["role"]) == ("蔡文", "member")


def test_member_edits_are_version_checked_and_recorded(store):
    row = members.add(store, "liming", "李明")
    members.edit(store, "liming", {"display_name": "李明明", "role": "lead"}, row["version"])
    with pytest.raises(ConflictError) as conflict:
        members.edit(store, "liming", {"display_name": "李"}, row["version"])
    assert conflict.value.current["display_name"] == "李明明"
    assert members.get(store, "liming")["display_name"] == "李明明"
    assert activity(store, "liming") == [
        ("create", None, None, "member", "wangfang"),
        ("edit", "display_name", "李明", "李明明", "wangfang"),
        ("edit", "role", "member", "lead", "wangfang"),
    ]
    with pytest.raises(NotFound):
        members.set_role(store, "nobody", "lead")
    with pytest.raises(ValidationError):
        members.set_role(store, "liming", "boss")


# -- projects ---------------------------------------------------------------------------------


def test_a_lead_adds_a_project_with_its_client(store):
    row = projects.add(store, "acme", "ACME 客户门户", "ACME 集团", client_lang="zh_cn",
                       contacts=["刘总 (信息部)", "赵经理"], start_on="2026-09-01", end_on="2027-03-31")
    assert row["key"] == "ACME" and row["client_lang"] == "zh_CN"
    assert row["contacts"] == "刘总 (信息部)\n赵经理"
    assert (row["start_on"], row["end_on"], row["archived"]) == ("2026-09-01", "2027-03-31", 0)
    assert activity(store, "ACME") == [("create", None, None, None, "wangfang")]
    members.add(store, "liming", "李明")
    liming = as_user(store, "liming")
    for write in (lambda: projects.add(liming, "NOVA", "Nova"),
                  lambda: projects.edit(liming, "ACME", {"name": "x"}),
                  lambda: projects.archive(liming, "ACME")):
        with pytest.raises(PermissionDenied, match="Only a lead may add, edit and archive projects"):
            write()
    assert projects.get(store, "ACME")["name"] == "ACME 客户门户"


@pytest.mark.parametrize("values, field", [
    ({"key": "A B"}, "key"), ({"key": ""}, "key"), ({"key": "X" * 17}, "key"),
    ({"name": ""}, "name"), ({"name": "two\nlines"}, "name"), ({"client": "\x1b]52;c;x\x07"}, "client"),
    ({"client_lang": "fr"}, "client_lang"), ({"start_on": "2026-13-01"}, "start_on"),
    ({"end_on": "next week"}, "end_on"), ({"start_on": "2027-01-01", "end_on": "2026-12-31"}, "end_on"),
    ({"contacts": "ok\nbad\x07bell"}, "contacts"),
])
def test_project_fields_are_checked(store, values, field):
    arguments = {"key": "ACME", "name": "ACME", **values}
    with pytest.raises(ValidationError) as error:
        projects.add(store, arguments.pop("key"), arguments.pop("name"), **arguments)
    assert error.value.field == field
    assert projects.all(store) == []


def test_project_edits_are_version_checked_and_recorded(store):
    row = projects.add(store, "ACME", "ACME portal")
    edited = projects.edit(store, "acme", {"client": "ACME 集团", "end_on": "2027-01-31"}, row["version"])
    assert (edited["client"], edited["end_on"], edited["version"]) == ("ACME 集团", "2027-01-31", 2)
    with pytest.raises(ConflictError) as conflict:
        projects.edit(store, "ACME", {"client": "mine"}, row["version"])
    assert conflict.value.current["client"] == "ACME 集团"
    unchanged = projects.edit(store, "ACME", {"client": "ACME 集团"}, edited["version"])
    assert unchanged["version"] == 2
    assert activity(store, "ACME")[1:] == [
        ("edit", "client", "", "ACME 集团", "wangfang"),
        ("edit", "end_on", None, "2027-01-31", "wangfang"),
    ]
    with pytest.raises(ValidationError, match="before the start"):
        projects.edit(store, "ACME", {"start_on": "2027-02-01"})


def test_archived_projects_drop_out_of_pickers_but_keep_their_history(store):
    projects.add(store, "ACME", "ACME portal")
    projects.add(store, "OLD", "Old client")
    req = requirements.create(store, {"title": "旧需求", "project": "OLD"})
    assert projects.resolve(store, None) is None  # two active projects: no default
    archived = projects.archive(store, "old")
    assert archived["archived"] == 1
    assert [p["key"] for p in projects.active(store)] == ["ACME"]
    assert projects.resolve(store, None) == "ACME"  # the only active one
    assert projects.resolve(store, "old") == "OLD"  # its items still name it
    assert requirements.get(store, req["key"])["project"] == "OLD"
    assert projects.counts(store, "OLD")["requirements"] == 1
    assert [r["key"] for r in projects.list_rows(store, include_archived=False)] == ["ACME"]
    assert projects.unarchive(store, "OLD")["archived"] == 0
    assert [(a, f, o, n) for a, f, o, n, _who in activity(store, "OLD")][-2:] == [
        ("edit", "archived", "0", "1"), ("edit", "archived", "1", "0")]


# -- the one table ------------------------------------------------------------------------------


def test_the_workflow_reads_its_lead_only_moves_from_the_permissions_table():
    for (kind, target), action in permissions.MOVES.items():
        assert workflow.needs_lead(kind, target)
        assert permissions.BY_ACTION[action].who == permissions.LEAD
    lead_moves = {(kind, target) for kind, targets in workflow.LEAD_ONLY.items() for target in targets}
    assert lead_moves == set(permissions.MOVES)
    whats = {row["action"]: row["who"] for row in permissions.rows()}
    assert whats["project.manage"] == whats["member.manage"] == whats["change.decide"] == "lead"
    assert whats["item.reopen"] == whats["requirement.accept"] == "lead"
    assert whats["standup.write"] == "anyone" and whats["member.rename"] == "self_or_lead"


def test_a_member_may_not_approve_and_an_inactive_lead_may_not_either(store):
    members.add(store, "liming", "李明", "lead")
    row = changes.add(store, "短信登录")
    changes.move(store, row["key"], "assessing")
    changes.assess(store, row["key"], {"effort_days": 2, "schedule_days": 1, "cost": 0, "risk": "low"}, expected_version=None)
    members.deactivate(store, "liming")
    with pytest.raises(PermissionDenied):
        changes.move(as_user(store, "liming"), row["key"], "approved")
    assert changes.move(store, row["key"], "approved")["status"] == "approved"


def test_the_readme_lists_the_permissions_table_as_the_store_enforces_it():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    who = {permissions.ANYONE: "any member", permissions.SELF_OR_LEAD: "any member", permissions.LEAD: "a lead"}
    expected = [f"| {who[rule.who]} | {rule.what} |" for rule in permissions.TABLE]
    rows = [line for line in readme.splitlines() if line.startswith(("| any member |", "| a lead |"))]
    assert rows == expected
