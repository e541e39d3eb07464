"""The README's team set-up, run as written by real OS users; and what a member who may only
read the file can (not) do to its owner.

Needs root (to add a group and users, and to run commands as them with `runuser`): skipped
elsewhere, saying so. The README's names are swapped for throw-away ones (`team`, `alice`,
`bob` become `hdlt<pid>_team`, `hdlt<pid>_alice`, `hdlt<pid>_bob`; `/srv/huddle` a fresh
folder) so the test leaves the machine as it found it; every command line is otherwise the README's own,
`sudo` dropped (the test is root).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PREFIX = f"hdlt{os.getpid()}_"
"""Per process: tests run in parallel (pytest -n), each worker with its own users."""
USERS = ("alice", "bob", "carol")
NAMES = {"team": f"{PREFIX}team", **{user: f"{PREFIX}{user}" for user in USERS}}

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                       reason="needs root: adds a group and users and runs commands as them (runuser)"),
    pytest.mark.skipif(shutil.which("runuser") is None or shutil.which("useradd") is None,
                       reason="needs runuser, useradd and groupadd (util-linux, shadow) to act as other users"),
]


def readme_team_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### A team workspace"):]
    return re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)


def sections(block: str) -> list[tuple[str, list[str]]]:
    """[(who, [command lines])]: who is "admin" or the README's user name in parentheses."""
    result: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("# "):
            found = re.search(r"\((\w+)\)", line)
            result.append(("admin" if "admin" in line.lower() and not found else found.group(1), []))
        elif line.strip():
            result[-1][1].append(line)
    return result


def python_for_others() -> tuple[str, str]:
    """An interpreter other users may run, and the PYTHONPATH that finds Huddle and its
    dependencies (the tests' own may live under root's 0700 home)."""
    site = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    pythonpath = f"{ROOT}:{site}"
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, shutil.which(version), f"/usr/bin/{version}"):
        if not candidate or not os.path.exists(candidate):
            continue
        probe = subprocess.run(["runuser", "-u", "nobody", "--", "env", f"PYTHONPATH={pythonpath}", candidate,
                                "-c", "import tui.store.db, click, textual"], check=False, capture_output=True, cwd="/")
        if probe.returncode == 0:
            return candidate, pythonpath
    pytest.skip(f"no {version} that other users may run with Huddle's dependencies on this machine")


def remove_leftovers() -> None:
    """Users and groups of an earlier run that was interrupted (its process is gone)."""
    def gone(name: str) -> bool:
        match = re.fullmatch(r"hdlt(\d+)_\w+", name)
        if not match:
            return False
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    for entry in pwd.getpwall():
        if gone(entry.pw_name):
            subprocess.run(["userdel", "-f", "-r", entry.pw_name], check=False, capture_output=True)
    for entry in grp.getgrall():
        if gone(entry.gr_name):
            subprocess.run(["groupdel", entry.gr_name], check=False, capture_output=True)


@pytest.fixture(scope="module")
def machine():
    """A scratch folder others can reach (bin/huddle, homes, the team folder), and the
    test's group and users, removed afterwards."""
    python, pythonpath = python_for_others()
    base = Path(tempfile.mkdtemp(prefix="hdl-setup-", dir="/tmp"))
    os.chmod(base, 0o755)
    (base / "bin").mkdir()
    (base / "home").mkdir()
    os.chmod(base / "home", 0o755)
    huddle = base / "bin" / "huddle"
    huddle.write_text(f'#!/bin/sh\nPYTHONPATH={pythonpath} exec {python} -m tui "$@"\n')
    os.chmod(huddle, 0o755)
    os.chmod(base / "bin", 0o755)

    def cleanup() -> None:
        for user in USERS:
            subprocess.run(["userdel", "-f", NAMES[user]], check=False, capture_output=True)
        subprocess.run(["groupdel", NAMES["team"]], check=False, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)

    remove_leftovers()
    for user in USERS:
        home = base / "home" / user
        subprocess.run(["useradd", "-m", "-d", str(home), "-s", "/bin/sh", NAMES[user]], check=True)
    yield base, python, pythonpath
    cleanup()


def substitute(line: str, base: Path) -> str:
    for readme_name, test_name in NAMES.items():
        line = re.sub(rf"\b{readme_name}\b", test_name, line)
    return line.replace("/srv/huddle", str(base / "srv" / "huddle"))


def env_for(base: Path, user: str, **extra: str) -> list[str]:
    env = {
        "HOME": str(base / "home" / user),
        "PATH": f"{base / 'bin'}:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "HUDDLE_TODAY": os.environ["HUDDLE_TODAY"],
        "HUDDLE_NOW": os.environ["HUDDLE_NOW"],
        **extra,
    }
    return ["env", "-i", *(f"{key}={value}" for key, value in env.items())]


def as_user(base: Path, user: str, script: str, **extra: str) -> subprocess.CompletedProcess:
    """`script` in sh as the test's OS user for the README's `user` (a fresh login's groups)."""
    return subprocess.run(["runuser", "-u", NAMES[user], "--", *env_for(base, user, **extra), "sh", "-ec", script],
                          check=False, capture_output=True, text=True, timeout=120, cwd="/")


def as_root(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-ec", script], check=False, capture_output=True, text=True, timeout=60, cwd="/")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def sidecars(path: Path) -> list[Path]:
    return [side for side in (Path(f"{path}-wal"), Path(f"{path}-shm")) if side.exists()]


def test_the_readme_team_setup_works_as_written(machine):
    base, _python, _path = machine
    block = readme_team_block()
    steps = sections(block)
    assert [who for who, _lines in steps] == ["admin", "alice", "bob"], steps
    for who, lines in steps:
        script = "\n".join(substitute(line, base) for line in lines)
        if who == "admin":
            result = as_root(re.sub(r"\bsudo ", "", script))
        else:
            result = as_user(base, who, script)
        assert result.returncode == 0, f"{who}:\n{script}\n{result.stdout}\n{result.stderr}"
        if who == "bob":
            assert "!!" not in result.stdout and "No problems found" in result.stdout, result.stdout

    folder = base / "srv" / "huddle"
    db = folder / "acme.db"
    team = grp.getgrnam(NAMES["team"]).gr_gid
    assert mode(folder) == 0o2775 and folder.stat().st_gid == team
    assert mode(db) == 0o664 and db.stat().st_gid == team
    assert pwd.getpwuid(db.stat().st_uid).pw_name == NAMES["alice"]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    roles = dict(conn.execute("SELECT login, role FROM members"))
    assert roles == {NAMES["alice"]: "lead", NAMES["bob"]: "member"}
    assert conn.execute("SELECT key, client_lang FROM projects").fetchall() == [("ACME", "zh_CN")]
    conn.close()

    # Both write, while the other holds the workspace open: -wal/-shm made by either are the
    # team's, so nobody is locked out.
    env = {"HUDDLE_DB": str(db)}
    holder = subprocess.Popen(
        ["runuser", "-u", NAMES["bob"], "--", *env_for(base, "bob", **env), "sh", "-c",
         (f"huddle standup add --today 'bob holds it' >/dev/null && exec {_python} -c "
          f"\"import sqlite3, time; c = sqlite3.connect('{db}'); c.execute('SELECT count(*) FROM standups').fetchall();"
          f" print('open', flush=True); time.sleep(4)\"")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open", holder.stderr.read()
        assert sidecars(db), "bob's open connection has its -wal/-shm"
        alice = as_user(base, "alice", "huddle standup add --today '写周报' && huddle cr add 'SSO 登录'", **env)
        assert alice.returncode == 0, alice.stderr
        for side in sidecars(db):
            assert mode(side) == 0o664 and side.stat().st_gid == team, side
    finally:
        holder.wait(timeout=30)
    lead = as_user(base, "alice", "huddle cr move CR-1 assessing && huddle cr list --json", **env)
    assert lead.returncode == 0, lead.stderr
    member = as_user(base, "bob", f"huddle member role {NAMES['bob']} lead", **env)
    assert member.returncode == 1 and "Only a lead" in member.stderr
    # $USER is not who you are: bob cannot sign as alice
    spoof = as_user(base, "bob", "huddle project archive ACME", USER=NAMES["alice"], LOGNAME=NAMES["alice"], **env)
    assert spoof.returncode == 1 and "Only a lead" in spoof.stderr


def test_a_member_who_can_only_read_the_file_cannot_lock_its_owner_out(machine):
    """bob is in the team and may write the folder, but alice's file is private (a plain
    `huddle init`, 0644): SQLite itself, even read-only, would leave -wal/-shm that lock
    alice out; Huddle refuses bob first and creates nothing, and `init --shared` by alice
    then lets him in."""
    base, _python, _path = machine
    folder = base / "srv" / "private"
    as_root(f"mkdir -p {folder} && chgrp {NAMES['team']} {folder} && chmod 2775 {folder}")
    for user in ("alice", "bob"):
        as_root(f"usermod -aG {NAMES['team']} {NAMES[user]}")
    db = folder / "acme.db"
    made = as_user(base, "alice", f"huddle init --db {db} && huddle standup add --today mine --db {db}")
    assert made.returncode == 0, made.stderr
    assert mode(db) == 0o644 and not sidecars(db)

    # What SQLite does on its own: a read-only connection leaves files alice cannot write.
    probe = as_user(base, "bob", f"{_python} -c \"import sqlite3; c = sqlite3.connect('file:{db}?mode=ro', uri=True);"
                                 f" c.execute('SELECT count(*) FROM members').fetchall(); c.close()\"")
    assert probe.returncode == 0, probe.stderr
    left = sidecars(db)
    assert left and all(pwd.getpwuid(side.stat().st_uid).pw_name == NAMES["bob"] for side in left)
    locked = as_user(base, "alice", f"huddle standup add --today again --db {db}")
    assert locked.returncode == 1 and ("-wal" in locked.stderr or "-shm" in locked.stderr), locked.stderr
    for side in left:
        side.unlink()

    # Huddle as bob: every command refused in one line, nothing created.
    for command in ("standup show", "req list", "member list", "standup add --today x"):
        result = as_user(base, "bob", f"huddle {command} --db {db}")
        assert result.returncode == 1, result
        assert "You can only read" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert not sidecars(db)
    doctor = as_user(base, "bob", f"huddle doctor --db {db}")
    assert doctor.returncode == 1 and "You can only read" in doctor.stdout
    assert not sidecars(db)
    assert as_user(base, "alice", f"huddle standup add --today 'still mine' --db {db}").returncode == 0

    # alice makes it a team file; bob joins as a member
    shared = as_user(base, "alice", f"huddle init --shared --db {db}")
    assert shared.returncode == 0, shared.stderr
    assert mode(db) == 0o664
    joined = as_user(base, "bob", f"huddle standup add --today 'joined' --db {db} && huddle member list --json --db {db}")
    assert joined.returncode == 0, joined.stderr
    assert '"role": "member"' in joined.stdout


def test_init_shared_in_a_folder_that_is_not_ready_explains_and_creates_nothing(machine):
    base, _python, _path = machine
    folder = base / "srv" / "plain"
    as_root(f"mkdir -p {folder} && chmod 0755 {folder}")  # root's, not the team's
    db = folder / "acme.db"
    result = as_user(base, "alice", f"huddle init --shared --db {db}")
    assert result.returncode == 1
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "does not change it" in line and "sudo chmod 2775" in line and "group may not write" in line
    assert not db.exists() and mode(folder) == 0o755
    # an admin-made folder that is group-writable but not setgid: same
    as_root(f"chgrp {NAMES['team']} {folder} && chmod 0775 {folder}")
    as_root(f"usermod -aG {NAMES['team']} {NAMES['carol']}")
    result = as_user(base, "carol", f"huddle init --shared --db {db}")
    assert result.returncode == 1 and "not setgid" in result.stderr and not db.exists()
    # and one where the user is not in the group
    other = base / "srv" / "other"
    as_root(f"mkdir -p {other} && chgrp {NAMES['team']} {other} && chmod 2775 {other}")
    outsider = subprocess.run(["runuser", "-u", "nobody", "--", *env_for(base, "alice"), "sh", "-ec",
                               f"huddle init --shared --db {other}/x.db"], check=False, capture_output=True, text=True, cwd="/")
    assert outsider.returncode == 1 and "not in its group" in outsider.stderr
    assert not (other / "x.db").exists()


def test_a_missing_path_as_another_user_creates_no_folders(machine):
    base, _python, _path = machine
    typo = base / "home" / "alice" / "typo" / "acme.db"
    result = as_user(base, "alice", f"huddle standup show --db {typo}")
    assert result.returncode == 1 and f"No workspace at {typo}. Create one with: huddle init --db {typo}" in result.stderr
    assert not typo.parent.exists()
