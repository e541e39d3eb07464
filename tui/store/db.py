"""Opening, creating and migrating the shared workspace file.

One SQLite file holds a team's workspace; many people open it at once over SSH. The rules
that keep that safe are all here:

* WAL journal, `synchronous=FULL` (nothing saved is lost on power failure), a generous busy
  timeout, foreign keys on.
* Every write is one short `BEGIN IMMEDIATE` transaction (`Store.write()`): a deferred
  transaction that reads and then writes fails at once with "database is locked" under
  concurrency, bypassing the busy timeout (see FACTS.md).
* The schema version lives in `PRAGMA user_version` and the file is tagged with
  `PRAGMA application_id`, so an older Huddle can tell a newer file, and Huddle can tell a
  database that is not its own, and refuse both without touching them.
* Migrations run forward, all pending ones in one transaction.

This package never imports Textual: the CLI, the app and the tests all use it directly.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache, cached_property
from pathlib import Path

from .errors import Cancelled, StoreError
from .messages import _
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
WAIT_STEP_MS = 100
"""While waiting for the write lock, SQLite's busy handler waits this long at a time, so a
person who stops waiting (`Store.cancel_wait`) is heard within a tenth of a second."""


ENV_NOW = "HUDDLE_NOW"
ENV_TODAY = "HUDDLE_TODAY"


def utc_now() -> str:
    """The current time as stored: UTC ISO-8601 to the second.

    `$HUDDLE_NOW` (ISO-8601) pins it: tests run the app, the store and every `huddle`
    subprocess on one frozen clock, whatever the machine's calendar says.
    """
    pinned = os.environ.get(ENV_NOW)
    if pinned:
        moment = datetime.fromisoformat(pinned)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_today() -> date:
    """Today's date where the user is; `$HUDDLE_TODAY` (YYYY-MM-DD) pins it, as above."""
    pinned = os.environ.get(ENV_TODAY)
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def current_login(workspace: str | os.PathLike | None = None) -> str:
    """The login of the process's uid (what SSH gives each person), never `$USER` or
    `$LOGNAME`; `tui.store.identity` says when a test may act as another."""
    from .identity import current_login as login

    return login(workspace)


def check_file(path: Path) -> None:
    """Refuse a file that is not SQLite, before SQLite gets a chance to touch it: a folder,
    a FIFO or a device (`/dev/null`) too, which SQLite would hang on or half-use. Opened
    without blocking, so a FIFO cannot hang the check either."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return
    except IsADirectoryError:
        raise StoreError(_("{path} is a folder, not a Huddle workspace file.").format(path=path)) from None
    except PermissionError:
        raise StoreError(
            _("Cannot read {path}: permission denied. Ask the file's owner for access.").format(
                path=path
            )
        ) from None
    except OSError as error:
        raise StoreError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise StoreError(_("{path} is a folder, not a Huddle workspace file.").format(path=path))
        if not stat.S_ISREG(mode):
            raise StoreError(
                _("{path} is not a regular file (a device or a pipe): choose a workspace file with --db.").format(
                    path=path
                )
            )
        header = os.read(fd, len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(_("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    finally:
        os.close(fd)
    if header and header != SQLITE_HEADER:
        raise StoreError(
            _("{path} is not a Huddle workspace (not a SQLite database). Choose another file with --db.").format(
                path=path
            )
        )


def check_writable(path: Path) -> None:
    """Refuse, before SQLite touches anything, a workspace this person may only read.

    SQLite in WAL mode creates `-wal`/`-shm` beside the file when nobody has it open, owned
    by whoever opens it, even read-only (`?mode=ro` too): a teammate who could only read
    the file would leave files that lock its owner out (tests/test_team_setup.py shows it
    with two OS users). So a workspace is opened only by people who may write it, its
    `-wal`/`-shm` and its folder.
    """
    if not os.access(path, os.W_OK):
        raise StoreError(
            _("You can only read {path}: Huddle opens a workspace only where you may write, or you would leave files that lock its owner out. Ask its owner to run: huddle init --shared --db {path}, and to add you to its group.").format(
                path=path
            )
        )
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists() and not os.access(side, os.R_OK | os.W_OK):
            raise StoreError(
                _("You cannot write {side}, which another member's Huddle created: ask its owner to run: chmod g+rw {side} (huddle doctor explains).").format(
                    side=side
                )
            )
    folder = path.parent
    if not Path(f"{path}-wal").exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            _("Cannot open {path}: SQLite keeps a -wal file beside it, and you cannot write the folder {folder}. Ask its owner to run: chmod g+w {folder}").format(
                path=path, folder=folder
            )
        )


def friendly_error(error: sqlite3.Error, path: Path) -> StoreError:
    """Turn SQLite's wording into a sentence that says what to do."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return StoreError(
            _("The workspace {path} is read-only for you: ask its owner to make it group-writable (huddle doctor explains).").format(
                path=path
            )
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            _("The workspace {path} is busy: someone is holding a long write. Try again in a moment.").format(
                path=path
            )
        )
    if "malformed" in text or "not a database" in text or "encrypted" in text:
        return StoreError(
            _("The workspace {path} is damaged. Restore it from a backup (see README).").format(path=path)
        )
    if "disk is full" in text or "full" in text:
        return StoreError(_("The disk holding {path} is full: nothing was saved.").format(path=path))
    if "unable to open" in text:
        return StoreError(
            _("Cannot open {path}: check that its folder exists and that you may write to it.").format(
                path=path
            )
        )
    return StoreError(_("Workspace error in {path}: {error}").format(path=path, error=error))


def _is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _remove_empty(path: Path) -> None:
    """A workspace this process created but could not set up (a full disk) leaves nothing
    behind: the file is removed while it is still empty, with its journal files."""
    try:
        if path.stat().st_size:
            return
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"), path):
            leftover.unlink(missing_ok=True)
    except OSError:
        pass


class Store:
    """One open connection to a workspace, acting as one person (`user`).

    A Store belongs to the thread that made it (sqlite3's rule); a worker thread opens its
    own with `clone()`. `clock` and `today` are injectable so tests and the demo can set
    the time.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        user: str | None = None,
        create: bool = True,
        clock: Callable[[], str] = utc_now,
        today: Callable[[], date] = local_today,
    ) -> None:
        self.path = Path(path)
        self.user = user or current_login(self.path)
        self.clock = clock
        self.today = today
        self.cancel_wait = threading.Event()
        """Set (from any thread) to give up a write that is waiting for the lock."""
        self.on_wait: Callable[[], None] | None = None
        """Called (on the store's thread) once a write has waited a moment for the lock."""
        self.conn = self._connect(create)

    @cached_property
    def db(self):
        """sqlite-utils on the same connection (imported on first use: it is slow to import,
        and start-up should not wait for it). Its calls nest as savepoints inside `write()`."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening -------------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection:
        path = self.path
        check_file(path)
        exists = path.exists() and path.stat().st_size > 0
        if not exists:
            if not create:
                raise StoreError(
                    _("No workspace at {path}. Create one with: huddle init --db {path}").format(path=path)
                )
            folder = path.parent
            if not folder.is_dir():
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError:
                    raise StoreError(
                        _("Cannot create the folder {folder}: check the path and your permissions.").format(
                            folder=folder
                        )
                    ) from None
            if not os.access(folder, os.W_OK):
                raise StoreError(
                    _("Cannot create {path}: the folder {folder} is not writable for you.").format(
                        path=path, folder=folder
                    )
                )
        else:
            check_writable(path)
        created = not os.path.lexists(path)
        try:
            conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as error:
            raise friendly_error(error, path) from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            self._check_identity(conn)
            self._enable_wal(conn)
            self._migrate(conn)
        except sqlite3.Error as error:
            conn.close()
            if created:
                _remove_empty(path)
            raise friendly_error(error, path) from None
        except StoreError:
            conn.close()
            if created:
                _remove_empty(path)
            raise
        return conn

    def _check_identity(self, conn: sqlite3.Connection) -> None:
        missing = missing_sqlite_features()
        if missing:
            raise StoreError(missing)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        if tables and app_id != APPLICATION_ID:
            raise StoreError(
                _("{path} is a SQLite database, but not a Huddle workspace. Choose another file with --db.").format(
                    path=self.path
                )
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                _("{path} was written by a newer Huddle (schema {found}, this one knows {known}). Upgrade Huddle to open it.").format(
                    path=self.path, found=version, known=SCHEMA_VERSION
                )
            )

    @staticmethod
    def _enable_wal(conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # read-only file: readers still work; `huddle doctor` explains

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS, start=1):
                if number > version:
                    for statement in script:
                        conn.execute(statement)
            if version == 0:
                # A new workspace: its creator (`huddle init` / `huddle demo`) becomes its
                # first lead when they join (members.ensure); nobody else ever does by
                # merely opening it first.
                conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_by', ?)", (self.user,))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite rolled back already (a full disk): keep the real error
            raise

    def now(self) -> datetime:
        """The store's clock as a datetime (for "3 minutes ago" against the same clock)."""
        return datetime.fromisoformat(self.clock())

    def clone(self) -> Store:
        """A new connection to the same workspace, for another thread."""
        return Store(self.path, user=self.user, create=False, clock=self.clock, today=self.today)

    def close(self) -> None:
        self.conn.close()

    # -- reading and writing ----------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        try:
            return [dict(row) for row in self.conn.execute(sql, params)]
        except sqlite3.Error as error:
            raise friendly_error(error, self.path) from None

    def query_one(self, sql: str, params: tuple | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: tuple | dict = ()):
        try:
            row = self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as error:
            raise friendly_error(error, self.path) from None
        return None if row is None else row[0]

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with `BEGIN IMMEDIATE` so it waits its turn.

        sqlite-utils calls made inside nest as savepoints. SQLite's errors leave as
        `StoreError` with a sentence a person can act on.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self._begin_immediate()
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise friendly_error(error, self.path) from None
        except BaseException:
            self._rollback()
            raise

    def _begin_immediate(self) -> None:
        """`BEGIN IMMEDIATE`, waiting up to the busy timeout for another writer to finish,
        in short steps: between steps the wait can be cancelled (`cancel_wait`) and the
        caller told that it is waiting (`on_wait`)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        told = False
        self.conn.execute(f"PRAGMA busy_timeout = {WAIT_STEP_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if not _is_busy(error) or time.monotonic() >= deadline:
                        raise friendly_error(error, self.path) from None
                except sqlite3.Error as error:
                    raise friendly_error(error, self.path) from None
                if self.cancel_wait.is_set():
                    raise Cancelled(_("Stopped waiting for the workspace: nothing was saved."))
                if not told and self.on_wait is not None:
                    told = True
                    self.on_wait()
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def get_meta(self, key: str) -> str | None:
        """A workspace-wide setting (the `meta` table), e.g. whether this is a demo."""
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def record(
        self,
        entity: str,
        key: str,
        action: str,
        *,
        field: str | None = None,
        old=None,
        new=None,
        note: str | None = None,
    ) -> None:
        """Append to the activity trail (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO activity (entity, key, action, field, old, new, note, actor, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity,
                key,
                action,
                field,
                None if old is None else str(old),
                None if new is None else str(new),
                note,
                self.user,
                self.clock(),
            ),
        )

    def audit_insert(self) -> dict:
        """The created/updated columns for a new row."""
        now = self.clock()
        return {
            "created_at": now,
            "created_by": self.user,
            "updated_at": now,
            "updated_by": self.user,
            "version": 1,
        }

    def next_number(self, table: str) -> int:
        """The next item number for `table` (REQ-n, CR-n…); call inside `write()`."""
        return self.conn.execute(
            f"SELECT COALESCE(MAX(number), 0) + 1 FROM {table}"
        ).fetchone()[0]


@cache
def _has_fts5() -> bool:
    """Whether this process's SQLite library was built with FTS5 (read once)."""
    memory = sqlite3.connect(":memory:")
    try:
        return any(row[0] == "ENABLE_FTS5" for row in memory.execute("PRAGMA compile_options"))
    finally:
        memory.close()


def missing_sqlite_features() -> str:
    """What this Python's SQLite lacks that Huddle needs, in words ("" when nothing): the
    list filters use FTS5's trigram tokenizer (SQLite 3.34 or newer, built with FTS5)."""
    if sqlite3.sqlite_version_info >= (3, 34, 0) and _has_fts5():
        return ""
    return _("This Python's SQLite ({version}) lacks full-text search with trigrams (FTS5, SQLite 3.34 or "
             "newer), which Huddle's list filters need. Use a Python built with a newer SQLite.").format(
        version=sqlite3.sqlite_version)

