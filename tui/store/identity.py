"""Who the person running Huddle is: the OS account of the process, never the environment.

`$USER` and `$LOGNAME` are whatever the caller sets (`USER=lead huddle cr move CR-1
approved` would otherwise approve as the lead and sign the trail with the lead's name), so
the login is looked up from the process's real uid (`pwd.getpwuid(os.getuid())`), which is
what SSH gives each person. A login that is not a plain name (letters, digits, `.`, `_`,
`-`; at most 32) is refused, so it cannot carry markup or control characters into the
trail, the screens or an export.

Acting as another login (`$HUDDLE_AS_LOGIN`) is for tests and scripted demos, and is
honoured only where it gives nobody anything they could not do already:

* for root, who can become any user (`su`) and write any file anyway;
* in a private workspace: the file (or, before it exists, its folder) and its folder are
  owned by the caller and writable by nobody else, so no teammate shares it.

Anywhere else (a team workspace) setting it is an error, never silently ignored.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
from pathlib import Path

from .errors import StoreError
from .messages import _

ENV_AS_LOGIN = "HUDDLE_AS_LOGIN"
PLAIN_LOGIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")
"""What `members.LOGIN` accepts too: a login Huddle records is one it can list."""


def is_plain(login: str) -> bool:
    return PLAIN_LOGIN.fullmatch(login or "") is not None


def check_login(login: str) -> str:
    """`login` if it is a plain name; a StoreError saying so otherwise."""
    if not is_plain(login):
        shown = ascii(login)[1:-1] if login else ""
        raise StoreError(
            _("The login “{login}” is not a plain name (letters, digits, . _ -): Huddle cannot record who you are. Ask your administrator.").format(
                login=shown
            )
        )
    return login


def os_login() -> str:
    """The login of the process's real uid, from the password database."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise StoreError(
            _("Your user id {uid} has no login name on this host: Huddle cannot record who you are.").format(uid=uid)
        ) from None


def _private_to_me(path: Path) -> bool:
    uid = os.getuid()
    try:
        info = os.stat(path)
    except OSError:
        return False
    return info.st_uid == uid and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def may_act_as_another(workspace: str | os.PathLike | None) -> bool:
    """Whether `$HUDDLE_AS_LOGIN` may be honoured for `workspace` (see the module)."""
    if os.getuid() == 0:
        return True
    if workspace is None:
        return False
    path = Path(os.path.realpath(workspace))
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent  # folders still to be made will be mine: check the nearest one there is
    if not _private_to_me(folder):
        return False
    return _private_to_me(path) if os.path.lexists(path) else True


def current_login(workspace: str | os.PathLike | None = None) -> str:
    """The login Huddle records for this process, working on `workspace`."""
    requested = os.environ.get(ENV_AS_LOGIN)
    if requested:
        if not may_act_as_another(workspace):
            raise StoreError(
                _("${name} is honoured only for root or in a workspace only you can write, and {path} is shared: unset it.").format(
                    name=ENV_AS_LOGIN, path=workspace
                )
            )
        return check_login(requested)
    return check_login(os_login())
