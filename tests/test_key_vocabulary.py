"""One key vocabulary (issue 13): a key means one verb in every area; every key can be
rebound in the settings file, and what the app shows follows; `huddle keys` lists them."""

from __future__ import annotations

import json
import re
from importlib import import_module
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_app
from tui.app import HuddleApp
from tui.config import Settings
from tui.screens import AREAS
from tui.screens.keys import VERBS
from tui.store import changes

ROOT = Path(__file__).resolve().parent.parent


def area_screens() -> list[tuple[str, type]]:
    """Every area's screen, and the screens reached from them. Meeting mode is left out:
    the facilitator types there, and its single keys are a mode of their own (README)."""
    screens = []
    for area in AREAS:
        module, name = area.screen.split(":")
        screens.append((area.mode, getattr(import_module("tui.screens" + module), name)))
    from tui.screens.meetings import MeetingNotesScreen
    from tui.screens.milestones import MilestoneReviewScreen, MilestonesScreen
    from tui.screens.report import ReportScreen

    return [*screens, ("milestones", MilestonesScreen), ("review", MilestoneReviewScreen),
            ("meeting notes", MeetingNotesScreen), ("weekly report", ReportScreen)]


def verb(binding_id: str) -> str:
    """`list.approve` → approve, `changes.assess` → assess, `area.changes` → changes."""
    return binding_id.split(".", 1)[1] if "." in binding_id else binding_id


# Keys that screens owned by others still bind to a verb of their own, and what they
# should become (the README's vocabulary): a new disagreement fails this test, and one that
# is fixed must be taken out of here.
PENDING: dict[tuple[str, str], str] = {}
NOT_VERBS = {"enter", "escape"}
"""`enter` opens what the cursor is on, whatever that is (a form, a review); `escape` backs
out of what you are in (the filter, then the marks; a screen; a dialog)."""


def test_one_key_one_verb_across_areas():
    uses: dict[str, dict[str, set[str]]] = {}  # key -> verb -> screens
    for name, cls in [("app", HuddleApp), *area_screens()]:
        for key, bindings in cls._merged_bindings.key_to_bindings.items():
            for binding in bindings:
                if binding.id and key not in NOT_VERBS:
                    uses.setdefault(key, {}).setdefault(verb(binding.id), set()).add(name)
    clashes = {
        (key, other): sorted(screens)
        for key, verbs in uses.items() if len(verbs) > 1
        for other, screens in verbs.items()
        if (key, other) in PENDING
    }
    unexplained = {
        key: {v: sorted(s) for v, s in verbs.items()}
        for key, verbs in uses.items()
        if len({v for v in verbs if (key, v) not in PENDING}) > 1
    }
    assert not unexplained, f"one key, several verbs: {unexplained}"
    assert set(clashes) == set(PENDING), "a pending clash was fixed: take it out of PENDING"


def test_the_list_areas_bind_each_verb_to_its_key():
    """Every vocabulary verb an area has is on the vocabulary's key, with the shared id."""
    from tui.screens.list_area import ListAreaScreen

    for _name, cls in area_screens():
        if not issubclass(cls, ListAreaScreen):
            continue
        for bindings in cls._merged_bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id and binding.id.startswith("list."):
                    assert binding.key == VERBS[verb(binding.id)].key, (cls.__name__, binding.id)


def test_the_readme_table_is_the_vocabulary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for item in VERBS.values():
        key = item.key_display or item.key
        assert re.search(rf"^\| `{re.escape(key)}` \| `{re.escape(item.id)}` \|", readme, re.MULTILINE), item.id


@pytest.fixture
def queue(store):
    """CR-1 submitted, CR-2 assessing with its impact assessed."""
    changes.add(store, "First")
    second = changes.add(store, "Second")
    changes.assess(store, second["key"], {"effort_days": "3", "risk": "low"}, expected_version=None)
    return store


def footer_text(app) -> str:
    return str(app.screen.query_one("HuddleFooter").render())


async def test_a_rebound_move_works_and_every_word_shows_its_key(queue):
    settings = Settings(keymap={"changes.assess": "S", "list.approve": "y"})
    app = HuddleApp(queue.path, store=queue, settings=settings, language="en", live=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        assert screen.table.move_to_key("CR-1")
        await pilot.pause()
        await pilot.press("s")  # the old key does nothing now
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "submitted"
        footer = footer_text(app)
        assert " S Assess " in footer and " s Assess " not in footer and " y Approve " in footer
        assert "Next: S Assess" in str(screen.query_one("#changes-detail-text").render())
        assert "S assess" in screen.HELP and "y approve" in screen.HELP
        await pilot.press("S")
        await pilot.pause()
        assert changes.get(queue, "CR-1")["status"] == "assessing"
        assert screen.table.move_to_key("CR-2")
        await pilot.pause()
        assert "y Approve" in str(screen.query_one("#changes-detail-text").render())
        await pilot.press("y")
        await pilot.pause()
        assert changes.get(queue, "CR-2")["status"] == "approved"
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys")
        rows = {str(table.get_row_at(i)[1]): str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert rows["Assess"] == "S" and rows["Approve"] == "y"


async def test_every_area_says_its_keys_in_words_not_letters(demo_store):
    """Placeholders, empty lists, hints and help name the key bound now: rebind `new` and
    `filter`, and the words follow."""
    settings = Settings(keymap={"list.new": "N", "list.filter": "ctrl+f"})
    app = HuddleApp(demo_store.path, store=demo_store, settings=settings, language="en", live=False)
    async with app.run_test(size=(120, 30)) as pilot:
        for number, area in (("3", "requirements"), ("4", "changes"), ("5", "feedback"), ("6", "commitments")):
            await pilot.press(number)
            await pilot.pause()
            screen = app.screen
            assert screen.query_one(f"#{area}-filter").placeholder.startswith("^f ")
            assert "{" not in screen.HELP and re.search(r"\b[a-zA-Z] (assess|documented|acknowledge|kept)", screen.HELP)
            if area in ("requirements", "changes"):
                assert "^f filters" in screen.HELP
            assert "N to add" in screen.empty_text() or "N to record" in screen.empty_text()


def invoke(*args: str):
    from tui.__main__ import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_huddle_keys_lists_every_binding_id_with_its_key_and_meaning(tmp_path, monkeypatch):
    result = invoke("keys")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(re.match(r"\s+changes\.assess\s+s\s+Assess$", line) for line in lines)
    assert any(re.match(r"\s+list\.approve\s+a\s+Accept$", line) for line in lines)  # in Requirements
    assert any(re.match(r"\s+form\.save\s+\^s\s+Save$", line) for line in lines)
    settings = Path(tmp_path / "config")
    settings.mkdir(exist_ok=True)
    monkeypatch.setenv("HUDDLE_CONFIG_DIR", str(settings))
    (settings / "settings.json").write_text(json.dumps({"keymap": {"changes.assess": "S"}}), encoding="utf-8")
    rows = json.loads(invoke("keys", "--json").output)
    assess = [row for row in rows if row["id"] == "changes.assess"]
    assert assess == [{"section": "Changes", "id": "changes.assess", "keys": ["S"], "description": "Assess"}]
    chinese = invoke("--lang", "zh_CN", "keys").output
    assert re.search(r"changes\.assess\s+S\s+评估", chinese) and "变更" in chinese


def test_a_keymap_that_is_not_ids_to_keys_is_refused(tmp_path, monkeypatch):
    from tui.config import SettingsError

    monkeypatch.setenv("HUDDLE_CONFIG_DIR", str(tmp_path))
    for bad in ({"list.approve": 1}, ["a"], {"list.approve": ""}, {"list.approve": "a\x1b"}):
        (tmp_path / "settings.json").write_text(json.dumps({"keymap": bad}), encoding="utf-8")
        with pytest.raises(SettingsError):
            Settings.load()
    (tmp_path / "settings.json").write_text(json.dumps({"keymap": {"list.approve": "y"}}), encoding="utf-8")
    assert Settings.load().keymap == {"list.approve": "y"}


async def test_make_app_has_the_default_keys(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert " s Assess " in footer_text(app)


async def test_an_empty_workspaces_first_steps_show_the_rebound_keys(tmp_path, clock):
    """The getting-started box names the Workspace area's keys as the user bound them."""
    from conftest import make_store
    from tui.store import members

    store = make_store(tmp_path / "new.db", clock)
    members.ensure(store, "wangfang", "王芳")
    settings = Settings(keymap={"area.workspace": "9", "workspace.new": "plus"})
    app = HuddleApp(store.path, store=store, settings=settings, language="en", live=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from conftest import visible_text

        shown = visible_text(app)
        assert "Add a project, the client you deliver to: 9, then +." in shown, shown
