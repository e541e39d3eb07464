"""Local drafts of open forms, so a crash or a dropped SSH connection loses no typing.

Each draft is a small JSON file under the user's state dir, named by a hash of the
workspace path and the item being edited. It is written on every change (a few hundred
bytes, atomically) and removed when the form saves or the user discards it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .config import drafts_dir


def _path(workspace: Path, key: str) -> Path:
    digest = hashlib.sha1(f"{Path(workspace).resolve()}\0{key}".encode()).hexdigest()[:20]
    return drafts_dir() / f"{digest}.json"


def save(workspace: Path, key: str, values: dict) -> None:
    path = _path(workspace, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "workspace": str(workspace),
            "key": key,
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "values": values,
        }
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
            json.dump(payload, handle, ensure_ascii=False)
        os.replace(handle.name, path)
    except OSError:
        pass  # a draft is a safety net; failing to write one must not break typing


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
