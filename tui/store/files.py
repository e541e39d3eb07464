"""Every file Huddle writes goes through `write_file()`.

Huddle runs on shared hosts where teammates can write into the same folders, so a file is
never written in place:

* the data goes to a temporary file in the same folder, created with
  `O_CREAT | O_EXCL | O_NOFOLLOW` (a name planted in advance, or a symlink at it, makes
  the open fail instead of writing through it), is flushed and `fsync`ed, and is then
  moved into place with `os.replace` (or `os.link`, when nothing may be replaced);
* a symlink at the final name is refused (and never followed: a rename replaces the
  directory entry, not what it points at), as is anything that is not a regular file;
* an existing file is replaced only when the caller says so (`replace=True`: the CLI's
  `--force`, or the user's answer in the app), and keeps its mode; a new file gets 0600
  when it is private (drafts, settings, the catalog cache) and 0644 (less the umask)
  otherwise;
* the folder is opened once and every step works relative to it, so a folder renamed
  or swapped meanwhile cannot redirect the write;
* on any failure (a full disk, above all) the temporary file is removed and a
  `WriteError` says what happened; nothing half-written is left behind.

It is part of the store (it imports neither Textual, Rich nor the interface's
translations): the store, the settings, the drafts and the command line use it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from .errors import StoreError
from .messages import _

PRIVATE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
PUBLIC_MODE = 0o644


class WriteError(StoreError):
    """A file could not be written; nothing was changed. `path` is the file's name."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class TargetExists(WriteError):
    """The file exists and the caller did not ask to replace it."""


class UnsafeTarget(WriteError):
    """The name is a symlink, a folder, a FIFO or a device: Huddle will not write there."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(error: OSError, path: Path) -> WriteError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteError(_("The disk is full: {path} was not written.").format(path=path), path)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteError(
            _("Cannot write {path}: you may not write in that folder.").format(path=path), path
        )
    if error.errno == errno.ELOOP:
        return UnsafeTarget(_symlink_message(path), path)
    return WriteError(
        _("Cannot write {path}: {reason}").format(path=path, reason=error.strerror or error), path
    )


def _symlink_message(path: Path) -> str:
    return _("{path} is a symbolic link: Huddle does not write through links. Choose another name.").format(
        path=path
    )


def check_target(path: str | os.PathLike, *, replace: bool = False) -> bool:
    """Whether `path` exists (a regular file); raises `UnsafeTarget` for a symlink or
    anything else that is not a regular file, and `TargetExists` if it exists and
    `replace` is false. Dialogs call it to decide whether to ask before replacing."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _reason(error, path) from None
    _check_existing(info, path, replace)
    return True


def _check_existing(info: os.stat_result, path: Path, replace: bool) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeTarget(_symlink_message(path), path)
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeTarget(_("{path} is a folder: give the name of a file.").format(path=path), path)
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeTarget(
            _("{path} is not a regular file (a device or a pipe): Huddle will not write there.").format(
                path=path
            ),
            path,
        )
    if not replace:
        raise TargetExists(_("{path} already exists.").format(path=path), path)


def write_file(
    path: str | os.PathLike,
    data: str | bytes,
    *,
    replace: bool = False,
    private: bool = False,
    mode: int | None = None,
    make_folder: bool = False,
) -> Path:
    """Write `data` (text is UTF-8) to `path` safely, as the module says; returns the path.

    `replace`: an existing regular file may be replaced (keeping its mode).
    `private`: a new file is 0600 (and a folder made for it 0700).
    `mode`: the mode of a new file, when neither default fits (a backup copies the
    workspace's). `make_folder`: create missing folders first.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise UnsafeTarget(_("{path} is a folder: give the name of a file.").format(path=path), path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    folder = path.parent
    if make_folder:
        try:
            folder.mkdir(mode=PRIVATE_FOLDER_MODE if private else 0o777, parents=True, exist_ok=True)
        except OSError as error:
            raise _reason(error, path) from None
    try:
        folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise WriteError(_("The folder {folder} does not exist.").format(folder=folder), path) from None
    except NotADirectoryError:
        raise WriteError(_("{folder} is not a folder.").format(folder=folder), path) from None
    except OSError as error:
        raise _reason(error, path) from None
    try:
        return _write_in(folder_fd, path, payload, replace=replace, private=private, mode=mode)
    finally:
        os.close(folder_fd)


def _write_in(folder_fd: int, path: Path, payload: bytes, *, replace: bool, private: bool, mode: int | None) -> Path:
    name = path.name
    existing: os.stat_result | None
    try:
        existing = os.lstat(name, dir_fd=folder_fd)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _reason(error, path) from None
    if existing is not None:
        _check_existing(existing, path, replace)
        final_mode = stat.S_IMODE(existing.st_mode)
    elif mode is not None:
        final_mode = mode
    elif private:
        final_mode = PRIVATE_MODE
    else:
        final_mode = PUBLIC_MODE & ~_umask()

    temp = f".{name[:64]}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(temp, flags, PRIVATE_MODE, dir_fd=folder_fd)
    except OSError as error:
        raise _reason(error, path) from None
    placed = False
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fchmod(fd, final_mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if existing is not None:
            # The name may have changed since it was checked: check again, then rename
            # (a rename replaces a symlink itself, never what it points at).
            try:
                _check_existing(os.lstat(name, dir_fd=folder_fd), path, replace)
            except FileNotFoundError:
                pass
            os.replace(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            placed = True
        else:
            placed = _place_new(folder_fd, temp, name, path)
        try:
            os.fsync(folder_fd)
        except OSError:
            pass  # some filesystems cannot sync a folder; the file itself is synced
    except WriteError:
        raise
    except OSError as error:
        raise _reason(error, path) from None
    finally:
        if not placed:
            try:
                os.unlink(temp, dir_fd=folder_fd)
            except OSError:
                pass
    return path


def _place_new(folder_fd: int, temp: str, name: str, path: Path) -> bool:
    """Give the temporary file its final name without replacing anything that appeared
    there meanwhile: a hard link fails if the name exists. Returns whether `temp` is
    gone (renamed) rather than still to be removed."""
    try:
        os.link(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd, follow_symlinks=False)
    except FileExistsError:
        info = os.lstat(name, dir_fd=folder_fd)
        _check_existing(info, path, replace=False)
        raise  # unreachable: _check_existing raised
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # A filesystem without hard links: check, then rename.
        try:
            _check_existing(os.lstat(name, dir_fd=folder_fd), path, replace=False)
        except FileNotFoundError:
            pass
        os.replace(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        return True
    return False
