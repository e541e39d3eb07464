"""`huddle doctor`: what could stop a team from sharing this file, in plain words."""

from __future__ import annotations

import grp
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from .db import SQLITE_HEADER
from .schema import APPLICATION_ID, SCHEMA_VERSION

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "glusterfs", "ceph"}


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem holding `path`, from /proc/mounts (Linux)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def diagnose(path: Path) -> list[Finding]:
    findings: list[Finding] = []
    add = lambda ok, message: findings.append(Finding(ok, message))  # noqa: E731
    folder = path.parent
    if not folder.is_dir():
        add(False, _("The folder {folder} does not exist. Create the workspace with: huddle init --db {path}").format(folder=folder, path=path))
        return findings
    if not path.exists():
        add(False, _("No workspace at {path}. Create it with: huddle init --db {path}").format(path=path))
        return findings
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != SQLITE_HEADER:
        add(False, _("{path} is not a SQLite database: it is not a Huddle workspace.").format(path=path))
        return findings
    add(True, _("{path} is a SQLite database.").format(path=path))

    fs_type = filesystem_type(path)
    if fs_type in NETWORK_FILESYSTEMS:
        add(False, _("The file is on a network filesystem ({fs}): SQLite's WAL locking is unsafe there. Move it to a local disk of the shared host.").format(fs=fs_type))
    elif fs_type:
        add(True, _("Filesystem: {fs} (local).").format(fs=fs_type))

    if os.access(path, os.R_OK | os.W_OK):
        add(True, _("You can read and write the file."))
    else:
        add(False, _("You cannot write {path}. Ask its owner to run: chmod g+rw {path} (and add you to its group).").format(path=path))
    if not os.access(folder, os.W_OK):
        add(False, _("You cannot write the folder {folder}: SQLite needs it to create the -wal and -shm files. Fix: chmod g+w {folder}").format(folder=folder))

    info = path.stat()
    folder_info = folder.stat()
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    if info.st_mode & stat.S_IWGRP:
        add(True, _("The file is group-writable (group {group}).").format(group=group))
    else:
        add(False, _("The file is not group-writable: teammates cannot save. For a team file run: huddle init --shared --db {path}").format(path=path))
    if not folder_info.st_mode & stat.S_ISGID or not folder_info.st_mode & stat.S_IWGRP:
        add(False, _("The folder is not setgid and group-writable, so new -wal/-shm files may lock teammates out. Fix: chmod 2775 {folder}").format(folder=folder))
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists() and not os.access(side, os.R_OK | os.W_OK):
            add(False, _("You cannot write {side}: ask its owner to run chmod g+rw {side}.").format(side=side))

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as error:
        add(False, _("SQLite cannot read the file: {error}. Restore it from a backup (see README).").format(error=error))
        return findings
    if app_id != APPLICATION_ID and version:
        add(False, _("This SQLite database is not a Huddle workspace."))
    elif version > SCHEMA_VERSION:
        add(False, _("Written by a newer Huddle (schema {found}; this one knows {known}): upgrade Huddle.").format(found=version, known=SCHEMA_VERSION))
    elif version < SCHEMA_VERSION:
        add(False, _("Schema {found} is older than {known}: run huddle init to migrate it.").format(found=version, known=SCHEMA_VERSION))
    else:
        add(True, _("Schema version {version} (current).").format(version=version))
    if journal == "wal":
        add(True, _("Journal mode is WAL: readers and writers do not block each other."))
    else:
        add(False, _("Journal mode is {mode}, not WAL: run huddle init to switch it.").format(mode=journal))
    if check == "ok":
        add(True, _("Integrity check passed."))
    else:
        add(False, _("Integrity check failed ({detail}): restore from a backup (see README).").format(detail=check))
    return findings
