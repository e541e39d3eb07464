"""The store never imports Textual or Rich (checked in a fresh interpreter)."""

import subprocess
import sys


def test_store_imports_no_ui():
    code = (
        "import sys, tui.store.db, tui.store.standup, tui.store.workflow, tui.store.members, "
        "tui.store.demo, tui.store.doctor, tui.store.backup, tui.store.watch, tui.store.activity, tui.cli;"
        "import pkgutil, importlib, tui.store;"
        "[importlib.import_module('tui.store.' + m.name) for m in pkgutil.iter_modules(tui.store.__path__)];"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_start_up_imports_only_what_the_first_frame_needs():
    """Opening the app imports the dashboard, not the other areas' screens, the command
    line's subcommands, sqlite-utils, babel's locale data or Textual's DataTable."""
    code = (
        "import sys, tui.__main__, tui.app, tui.screens.dashboard;"
        "heavy = ('tui.screens.changes', 'tui.screens.standup', 'tui.screens.requirements', "
        "'tui.screens.feedback', 'tui.screens.commitments', 'tui.cli.changes', 'tui.cli.workspace', "
        "'sqlite_utils', 'babel.numbers', 'babel.dates', 'babel.messages', 'textual.widgets._data_table');"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
