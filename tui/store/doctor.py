"""`huddle doctor`: what could stop this person, or a team, from using this file, in plain
words.

Each finding is `ok`, a `note` (worth knowing, nothing wrong: a personal workspace that
only its owner can write is fine) or a `problem` (something to fix; `huddle doctor` exits 1).
A personal workspace Huddle made itself has no problems.

Reading the file never leaves anything behind for its owner to trip over: someone who may
only read it would, with a normal (or `?mode=ro`) SQLite connection, create `-wal`/`-shm`
files the owner cannot write. So such a reader looks through the `-wal`/`-shm` that are
already there (the owner has it open), or opens the file `immutable` (nothing created),
and removes anything of theirs that still appeared.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .db import SQLITE_HEADER, missing_sqlite_features
from .messages import _
from .schema import APPLICATION_ID, SCHEMA_VERSION
from .sharing import folder_problems, group_name, my_groups, owner_name

NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afs", "glusterfs", "ceph"}
OK, NOTE, PROBLEM = "ok", "note", "problem"


@dataclass(frozen=True)
class Finding:
    level: str
    message: str

    @property
    def ok(self) -> bool:
        """Nothing to fix (a note is fine)."""
        return self.level != PROBLEM


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


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}-wal"), Path(f"{path}-shm")]


def read_facts(path: Path, login: str | None = None) -> dict:
    """user_version, application_id, journal mode, quick_check and (for `login`) the
    member row and the number of active leads, read without leaving files behind."""
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    existed = {side: side.exists() for side in _sidecars(path)}
    if writable:
        # SQLite removes its -wal/-shm itself when this (last) connection closes.
        uri = f"file:{quote(str(path))}?mode=rw"
    elif all(existed.values()):
        uri = f"file:{quote(str(path))}?mode=ro"  # through the owner's -wal/-shm
    else:
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"  # nobody has it open: create nothing
    facts: dict = {}
    conn = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        conn.row_factory = sqlite3.Row
        facts["version"] = conn.execute("PRAGMA user_version").fetchone()[0]
        facts["app_id"] = conn.execute("PRAGMA application_id").fetchone()[0]
        facts["journal"] = conn.execute("PRAGMA journal_mode").fetchone()[0]
        facts["check"] = conn.execute("PRAGMA quick_check").fetchone()[0]
        has_members = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'members'").fetchone()[0]
        if has_members and facts["app_id"] == APPLICATION_ID:
            row = conn.execute("SELECT role, active FROM members WHERE login = ?", (login,)).fetchone()
            facts["me"] = dict(row) if row else None
            facts["leads"] = conn.execute("SELECT count(*) FROM members WHERE role = 'lead' AND active = 1").fetchone()[0]
            facts["members"] = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        conn.close()
        if not writable:
            me = os.geteuid()
            for side, was_there in existed.items():
                try:
                    if not was_there and side.exists() and side.stat().st_uid == me:
                        side.unlink()
                except OSError:
                    pass
    return facts


def diagnose(path: Path, login: str | None = None) -> list[Finding]:
    findings: list[Finding] = []

    def add(level: str, message: str) -> None:
        findings.append(Finding(level, message))

    folder = path.parent
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        add(PROBLEM, _("No workspace at {path}. Create one with: huddle init --db {path}").format(path=path))
        return findings
    if not path.is_file():
        add(PROBLEM, _("{path} is not a regular file: it is not a Huddle workspace.").format(path=path))
        return findings
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except PermissionError:
        add(PROBLEM, _("Cannot read {path}: permission denied. Ask the file's owner for access.").format(path=path))
        return findings
    if header != SQLITE_HEADER:
        add(PROBLEM, _("{path} is not a SQLite database: it is not a Huddle workspace.").format(path=path))
        return findings
    add(OK, _("{path} is a SQLite database.").format(path=path))

    fs_type = filesystem_type(path)
    if fs_type in NETWORK_FILESYSTEMS:
        add(PROBLEM, _("The file is on a network filesystem ({fs}): SQLite's WAL locking is unsafe there. Move it to a local disk of the shared host.").format(fs=fs_type))
    elif fs_type:
        add(OK, _("Filesystem: {fs} (local).").format(fs=fs_type))

    me = os.geteuid()
    info = path.stat()
    folder_info = folder.stat()
    owner, group = owner_name(info.st_uid), group_name(info.st_gid)
    shared = bool(info.st_mode & stat.S_IWGRP)
    if os.access(path, os.R_OK | os.W_OK):
        add(OK, _("You can read and write the file."))
    elif info.st_uid == me:
        add(PROBLEM, _("You cannot write your own file {path}. Fix: chmod u+w {path}").format(path=path))
    else:
        add(PROBLEM, _("You can only read {path}: Huddle will not open it (you would leave files that lock its owner out). Ask {owner} to run: huddle init --shared --db {path}, and to add you to group {group}.").format(
            path=path, owner=owner, group=group))
    if not os.access(folder, os.W_OK | os.X_OK):
        add(PROBLEM, _("You cannot write the folder {folder}: SQLite needs it to create the -wal and -shm files. Ask its owner to run: chmod g+w {folder}").format(folder=folder))

    if shared:
        add(OK, _("The file is group-writable (group {group}).").format(group=group))
        problems = folder_problems(folder_info, membership=False)
        if problems:
            add(PROBLEM, _("The folder {folder} is not ready for a team ({problems}): -wal/-shm files teammates create may lock others out. Fix (its owner or an admin): chmod 2775 {folder}").format(
                folder=folder, problems="; ".join(problems)))
        elif folder_info.st_gid != info.st_gid:
            add(NOTE, _("The file's group ({group}) is not its folder's ({folder_group}): teammates need to be in {group}.").format(
                group=group, folder_group=group_name(folder_info.st_gid)))
        if info.st_gid not in my_groups() and info.st_uid != me:
            add(NOTE, _("You are not in the file's group {group}.").format(group=group))
    elif info.st_uid == me:
        add(NOTE, _("This is a personal workspace: only you can write it. To share it with a team, move it to a team folder and run: huddle init --shared --db PATH (huddle doctor then checks it)."))
    for side in _sidecars(path):
        if side.exists() and not os.access(side, os.R_OK | os.W_OK):
            side_owner = owner_name(side.stat().st_uid)
            add(PROBLEM, _("You cannot write {side} (it is {owner}'s): it locks you out while it is there. Ask {owner} to run: chmod g+rw {side}").format(
                side=side, owner=side_owner))

    try:
        facts = read_facts(path, login)
    except sqlite3.Error as error:
        add(PROBLEM, _("SQLite cannot read the file: {error}. Restore it from a backup (see README).").format(error=error))
        return findings
    version = facts["version"]
    if facts["app_id"] != APPLICATION_ID and version:
        add(PROBLEM, _("This SQLite database is not a Huddle workspace."))
        return findings
    if version > SCHEMA_VERSION:
        add(PROBLEM, _("Written by a newer Huddle (schema {found}; this one knows {known}): upgrade Huddle.").format(found=version, known=SCHEMA_VERSION))
    elif version < SCHEMA_VERSION:
        add(PROBLEM, _("Schema {found} is older than {known}: run huddle init to migrate it.").format(found=version, known=SCHEMA_VERSION))
    else:
        add(OK, _("Schema version {version} (current).").format(version=version))
    missing = missing_sqlite_features()
    if missing:
        add(PROBLEM, missing)
    else:
        add(OK, _("SQLite {version} with full-text search (FTS5 trigrams).").format(version=sqlite3.sqlite_version))
    if facts["journal"] == "wal":
        add(OK, _("Journal mode is WAL: readers and writers do not block each other."))
    else:
        add(PROBLEM, _("Journal mode is {mode}, not WAL: run huddle init to switch it.").format(mode=facts["journal"]))
    if facts["check"] == "ok":
        add(OK, _("Integrity check passed."))
    else:
        add(PROBLEM, _("Integrity check failed ({detail}): restore from a backup (see README).").format(detail=facts["check"]))
    if "leads" in facts:
        if facts["members"] and not facts["leads"]:
            add(PROBLEM, _("The workspace has no active lead: nobody can approve changes or manage projects and members. Restore a backup, or ask whoever can write the file to make someone a lead."))
        me_row = facts.get("me")
        if login and me_row is None:
            add(NOTE, _("You ({login}) are not a member yet: you join as a member when you first open it.").format(login=login))
        elif login and me_row is not None and not me_row["active"]:
            add(NOTE, _("You ({login}) are an inactive member: a lead can reactivate you.").format(login=login))
        elif login and me_row is not None:
            role = _("lead") if me_row["role"] == "lead" else _("member")
            add(OK, _("You are {login} ({role}).").format(login=login, role=role))
    return findings
