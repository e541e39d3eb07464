"""Consistent copies of a live workspace, with SQLite's online backup API.

The copy is made where nobody else can interfere: in a private folder (0700, created
fresh) named `<target>.partial` next to the target, so SQLite's own files (the copy and
its journal) cannot be redirected through a symlink a teammate planted in a shared
folder. A `.partial` that exists already (a symlink, or a backup interrupted earlier) is
refused, never used. The finished copy gets the workspace's mode, is synced, and takes
its final name without replacing anything unless asked to (`--force`); the private
folder is then removed. A failed backup leaves nothing behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

from .db import Store, friendly_error
from .errors import StoreError
from .messages import _


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(source: Path, target: Path, *, replace: bool) -> None:
    """Refuse a target that is the workspace or one of its `-wal`/`-shm` files, a folder,
    a symlink or a device, or an existing file unless `replace`."""
    from .files import TargetExists
    from .files import check_target as check_file_target

    for own in (source, Path(f"{source}-wal"), Path(f"{source}-shm"), Path(f"{source}-journal")):
        if _same(target, own):
            raise StoreError(
                _("The backup must go to another file than the workspace ({path}) and its -wal and -shm files.").format(
                    path=source
                )
            )
    if not target.parent.is_dir():
        raise StoreError(_("The folder {folder} does not exist.").format(folder=target.parent))
    try:
        check_file_target(target, replace=replace)
    except TargetExists:
        raise StoreError(_("{path} already exists: add --force to replace it.").format(path=target)) from None


def backup(source: Path, target: Path, *, replace: bool = False) -> Path:
    """Copy `source` to `target` page by page; writers keep working meanwhile."""
    source, target = Path(source), Path(target)
    check_target(source, target, replace=replace)
    store = Store(source, create=False)
    try:
        mode = stat.S_IMODE(os.stat(source).st_mode)
        partial = target.with_name(target.name + ".partial")
        try:
            os.mkdir(partial, 0o700)
        except FileExistsError:
            if os.path.islink(partial):
                raise StoreError(
                    _("{path} is a symbolic link: Huddle does not write through links. Remove it, then back up again.").format(
                        path=partial
                    )
                ) from None
            raise StoreError(
                _("{path} exists: another backup is running, or one was interrupted. Remove it, then back up again.").format(
                    path=partial
                )
            ) from None
        except OSError as error:
            raise StoreError(_("Cannot write {path}: {reason}").format(path=target, reason=error.strerror)) from None
        try:
            _copy_into(store, partial / "copy.db", target, mode, replace=replace)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    finally:
        store.close()
    return target


def _copy_into(store: Store, copy: Path, target: Path, mode: int, *, replace: bool) -> None:
    try:
        destination = sqlite3.connect(str(copy))
        try:
            store.conn.backup(destination, pages=1024)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        fd = os.open(copy, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        check_target(store.path, target, replace=replace)  # again: the name may have changed meanwhile
        if replace:
            os.replace(copy, target)  # a rename replaces a symlink itself, never what it points at
        else:
            try:
                os.link(copy, target, follow_symlinks=False)  # fails if the name appeared meanwhile
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                    raise
                os.replace(copy, target)  # a filesystem without hard links: checked just above
    except FileExistsError:
        raise StoreError(_("{path} already exists: add --force to replace it.").format(path=target)) from None
    except sqlite3.Error as error:
        raise friendly_error(error, target) from None
    except OSError as error:
        raise StoreError(_("Cannot write {path}: {reason}").format(path=target, reason=error.strerror)) from None
