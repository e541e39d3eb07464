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
