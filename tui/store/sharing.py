"""Making a workspace file: personal, or shared by a team through a group folder.

A team workspace lives in a folder of the team's group that is group-writable and setgid
(`2775`), so every file created in it (the workspace, and the `-wal`/`-shm` files SQLite
makes beside it, owned by whoever opens it first) belongs to the team's group; the file
itself is `0664`. SQLite gives `-wal`/`-shm` the workspace file's mode, so a group-writable
workspace gets group-writable companions whoever creates them.

An admin usually makes the folder (`sudo mkdir /srv/huddle && sudo chgrp team /srv/huddle
&& sudo chmod 2775 /srv/huddle`); then any member of the group runs `huddle init --shared`.
Huddle changes the mode only of what the person running it owns; for anything else it
checks, and explains what its owner has to run, before creating anything.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from .errors import StoreError
from .messages import _

FILE_MODE = 0o664
FOLDER_BITS = stat.S_ISGID | stat.S_IRWXG  # setgid, group rwx


def workspace_exists(path: Path) -> bool:
    """A workspace is there: a file with something in it (`init` may have made it empty)."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def my_groups() -> set[int]:
    return {os.getegid(), *os.getgroups()}


def folder_problems(info: os.stat_result, *, membership: bool = True) -> list[str]:
    """What keeps a folder from holding a team workspace, in words (and, with
    `membership`, whether the person running this is in its group)."""
    problems = []
    if not info.st_mode & stat.S_IWGRP:
        problems.append(_("its group may not write in it"))
    if not info.st_mode & stat.S_ISGID:
        problems.append(_("it is not setgid, so files made in it would not all belong to its group"))
    if membership and info.st_gid not in my_groups():
        problems.append(_("you are not in its group {group}").format(group=group_name(info.st_gid)))
    return problems


def prepare(path: Path, *, shared: bool) -> list[str]:
    """Get `path`'s folder (and, for a team, the file) ready before the store opens it.

    Returns notes for the person; raises `StoreError` (nothing created) when something
    that is not theirs is not ready, saying who has to run what.
    """
    notes: list[str] = []
    folder = path.parent
    me = os.geteuid()
    if os.path.islink(path):
        raise StoreError(_("{path} is a symbolic link: give the workspace's real path.").format(path=path))
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError:
            raise StoreError(
                _("Cannot create the folder {folder}: check the path and your permissions (a team folder is made by an admin: sudo mkdir -p {folder} && sudo chgrp TEAM {folder} && sudo chmod 2775 {folder}).").format(
                    folder=folder
                )
            ) from None
        if shared:
            os.chmod(folder, 0o2775)
            notes.append(
                _("Made the folder {folder} (2775, group {group}): teammates must be in group {group}.").format(
                    folder=folder, group=group_name(folder.stat().st_gid)
                )
            )
    elif not folder.is_dir():
        raise StoreError(_("{folder} is not a folder.").format(folder=folder))
    elif shared:
        info = folder.stat()
        if info.st_uid == me:
            wanted = stat.S_IMODE(info.st_mode) | FOLDER_BITS
            if wanted != stat.S_IMODE(info.st_mode):
                os.chmod(folder, wanted)
                notes.append(_("The folder {folder} is now group-writable and setgid ({mode:o}).").format(
                    folder=folder, mode=wanted))
        else:
            problems = folder_problems(info)
            if problems:
                raise StoreError(
                    _("The folder {folder} belongs to {owner}, so Huddle does not change it, and it is not ready for a team: {problems}. Ask an admin to run: sudo chgrp TEAM {folder} && sudo chmod 2775 {folder} (TEAM: your team's group, with you in it).").format(
                        folder=folder, owner=owner_name(info.st_uid), problems="; ".join(problems)
                    )
                )
    if not os.access(folder, os.W_OK | os.X_OK) and not workspace_exists(path):
        raise StoreError(
            _("Cannot create {path}: the folder {folder} is not writable for you.").format(path=path, folder=folder)
        )
    if shared:
        _prepare_shared_file(path, folder)
    return notes


def _prepare_shared_file(path: Path, folder: Path) -> None:
    me = os.geteuid()
    folder_gid = folder.stat().st_gid
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except FileExistsError:
            raise StoreError(_("{path} appeared while preparing it: run the command again.").format(path=path)) from None
        try:
            os.fchmod(fd, FILE_MODE)  # whatever the umask
        finally:
            os.close(fd)
        return
    info = path.stat()
    if info.st_uid == me:
        wanted = stat.S_IMODE(info.st_mode) | 0o060
        if wanted != stat.S_IMODE(info.st_mode):
            os.chmod(path, wanted)
        if info.st_gid != folder_gid and folder_gid in my_groups():
            os.chown(path, -1, folder_gid)
        return
    if not (info.st_mode & stat.S_IWGRP and info.st_gid in my_groups()):
        raise StoreError(
            _("{path} belongs to {owner} and you cannot write it, so Huddle does not change it. Ask {owner} to run: huddle init --shared --db {path}, and to add you to its group {group}.").format(
                path=path, owner=owner_name(info.st_uid), group=group_name(info.st_gid)
            )
        )


def finish(path: Path) -> None:
    """After the store made or opened a team file: its `-wal`/`-shm`, where they are ours,
    get the file's mode and group (SQLite usually does this itself)."""
    me = os.geteuid()
    try:
        info = path.stat()
    except OSError:
        return
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        try:
            side_info = os.lstat(side)
        except OSError:
            continue
        if side_info.st_uid != me or not stat.S_ISREG(side_info.st_mode):
            continue
        if stat.S_IMODE(side_info.st_mode) != stat.S_IMODE(info.st_mode) & 0o666:
            os.chmod(side, stat.S_IMODE(info.st_mode) & 0o666)
        if side_info.st_gid != info.st_gid and info.st_gid in my_groups():
            os.chown(side, -1, info.st_gid)
