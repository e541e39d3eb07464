"""Consistent copies of a live workspace, with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..i18n import _
from .db import Store, friendly_error
from .errors import StoreError


def backup(source: Path, target: Path) -> None:
    """Copy `source` to `target` page by page; writers keep working meanwhile.

    The copy is written to a temporary file next to the target and renamed into place, so
    a failed backup never leaves a half-written file behind.
    """
    store = Store(source, create=False)
    if not target.parent.is_dir():
        raise StoreError(_("The folder {folder} does not exist.").format(folder=target.parent))
    partial = target.with_name(target.name + ".partial")
    try:
        destination = sqlite3.connect(str(partial))
        try:
            store.conn.backup(destination, pages=1024)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        os.replace(partial, target)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise friendly_error(error, target) from None
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(_("Cannot write {path}: {reason}").format(path=target, reason=error.strerror)) from None
    finally:
        store.close()
