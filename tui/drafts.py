"""Local drafts of open forms, so a crash or a dropped SSH connection loses no typing.

Each draft is a small JSON file under the user's state dir, named by a hash of the
workspace path and the item being edited. It is written on every change (a few hundred
bytes) through `tui.store.files.write_file` (private: the folder 0700, the file 0600; a
temporary file then a rename, so a full disk leaves neither a half draft nor an orphaned
temporary file) and removed when the form saves or the user discards it. When a draft
cannot be written, `save()` says so, and the form tells the user once.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from .config import drafts_dir
from .i18n import _


def _path(workspace: Path, key: str) -> Path:
    digest = hashlib.sha1(f"{Path(workspace).resolve()}\0{key}".encode()).hexdigest()[:20]
    return drafts_dir() / f"{digest}.json"


def save(workspace: Path, key: str, values: dict) -> str | None:
    """Keep `values` as the draft of `key`; None when kept, else a sentence for the user
    (a draft is a safety net: failing to write one must not break typing)."""
    from .store.errors import StoreError
    from .store.files import write_file

    payload = {
        "workspace": str(workspace),
        "key": key,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "values": values,
    }
    try:
        write_file(_path(workspace, key), json.dumps(payload, ensure_ascii=False), replace=True,
                   private=True, make_folder=True)
    except StoreError as error:
        return _("Drafts cannot be kept: {reason} Save soon, or copy what you typed.").format(reason=error)
    except (TypeError, ValueError):
        return _("Drafts cannot be kept: save soon, or copy what you typed.")
    return None


def load(workspace: Path, key: str) -> dict | None:
    try:
        data = json.loads(_path(workspace, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("values"), dict) else None


def discard(workspace: Path, key: str) -> None:
    try:
        _path(workspace, key).unlink()
    except OSError:
        pass
