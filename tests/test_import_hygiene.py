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
