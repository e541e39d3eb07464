"""What importing Huddle pulls in, each checked in a fresh interpreter."""

import subprocess
import sys


def loaded_after(imports: str, names: str) -> list[str]:
    """Run `imports` in a fresh interpreter; of the modules then loaded, those that pass
    the expression `names` (over the module name `m`)."""
    code = f"import sys; {imports}; print(','.join(m for m in sys.modules if {names}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in out.stdout.strip().split(",") if name]


def test_store_imports_no_ui():
    """The store never imports Textual or Rich."""
    imports = (
        "import tui.store.db, tui.store.standup, tui.store.workflow, tui.store.members, "
        "tui.demo, tui.store.doctor, tui.store.backup, tui.store.watch, tui.store.activity, tui.cli;"
        "import pkgutil, importlib, tui.store;"
        "[importlib.import_module('tui.store.' + m.name) for m in pkgutil.iter_modules(tui.store.__path__)]"
    )
    assert loaded_after(imports, "m.split('.')[0] in ('textual', 'rich')") == []


def test_start_up_imports_only_what_the_first_frame_needs():
    """Opening the app imports the dashboard, not the other areas' screens, the command
    line's subcommands, sqlite-utils, babel's locale data or Textual's DataTable."""
    heavy = (
        "tui.screens.changes", "tui.screens.standup", "tui.screens.requirements", "tui.screens.feedback",
        "tui.screens.commitments", "tui.cli.changes", "tui.cli.workspace", "sqlite_utils", "babel.numbers",
        "babel.dates", "babel.messages", "textual.widgets._data_table",
    )
    assert loaded_after("import tui.__main__, tui.app, tui.screens.dashboard", f"m in {heavy!r}") == []


STORE_MODULES = (
    "import pkgutil, importlib, tui.store;"
    "[importlib.import_module('tui.store.' + m.name) for m in pkgutil.iter_modules(tui.store.__path__)]"
)


def test_the_store_loads_nothing_of_the_interface():
    """Every store module, imported alone, loads no interface module, not even the
    interface's translations (the store words its messages through tui.store.messages)."""
    interface = ("tui.i18n", "tui.app", "tui.screens", "tui.widgets", "tui.reports", "tui.demo", "tui.cli",
                 "tui.commands", "tui.notices", "tui.drafts", "babel")
    assert loaded_after(STORE_MODULES, f"m.split('.')[0] == 'babel' or m.startswith({interface!r})") == []


def test_the_store_speaks_english_alone_and_the_interface_language_once_it_is_loaded():
    alone = subprocess.run(
        [sys.executable, "-c", "from tui.store.messages import _; print(_('Date'))"],
        capture_output=True, text=True, check=True,
    )
    assert alone.stdout.strip() == "Date"
    from tui import i18n
    from tui.store import messages

    i18n.set_language("zh_CN")
    try:
        assert messages._("Date") == i18n._("Date") != "Date"
        one, many = "Added {rows} row from {path} to {db}.", "Added {rows} rows from {path} to {db}."
        assert messages.ngettext(one, many, 2) == i18n.ngettext(one, many, 2) != many
    finally:
        i18n.set_language("en")


def test_widgets_load_no_screen_and_no_store_module_that_reads_the_database():
    """What importing every widget pulls in: no screen, and of the store only its
    exceptions, the merge, the file writer and what those need."""
    imports = (
        "import pkgutil, importlib, tui.widgets;"
        "[importlib.import_module('tui.widgets.' + m.name) for m in pkgutil.iter_modules(tui.widgets.__path__)]"
    )
    allowed = ("tui.store", "tui.store.errors", "tui.store.merge", "tui.store.files", "tui.store.messages")
    loaded = loaded_after(imports, "m.startswith(('tui.screens', 'tui.store', 'tui.app'))")
    assert [m for m in loaded if m not in allowed] == []
