"""Opening the log: one SQLite file in the data folder, and the transactions written to it.

- WAL journal, ``synchronous=FULL``, foreign keys on: a committed attempt survives a
  power cut. One finished or aborted attempt = one transaction. The running app flushes
  its commits to the disk beside its frames instead (:meth:`OpenLog.flush_commits_behind`,
  storage.flush_behind: a power cut in the milliseconds before the flush can lose the
  last commit; a crash or a kill loses nothing).
- A damaged file, or one from a newer version of the app, is moved aside (never
  deleted) and a fresh log is started; :attr:`OpenLog.notices` says what happened.
  An older one is upgraded step by step (storage.migrations).
- The file is created readable by its owner only.
- Several processes may share one data folder (a kiosk app, an autoplay, the console):
  the first-time set-up and each schema step run under SQLite's write lock, writes wait
  for each other up to :data:`WRITE_BUSY_TIMEOUT_S`, and opening waits for a log another
  program holds locked up to :data:`DEFAULT_LOCK_WAIT_S` (``$SENSORY_GAMES_LOCK_WAIT_S``).
- A data folder (or log) that cannot be written, e.g. a backup on read-only media, is
  opened for reading only (:attr:`OpenLog.read_only`): reads work, writes raise
  :class:`StorageError`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence
from sensory_games.storage import log_sentences as said
from sensory_games.storage.files import OWNER_ONLY_FILE, aside_name, new_file_flags
from sensory_games.storage.flush_behind import FlushBehind
from sensory_games.storage.migrations import LATEST_VERSION, migrate
from sensory_games.storage.rows import StorageError, now_iso

DATABASE_NAME = "sensory_games.db"
#: What a write raises when the log refuses every record alike (locked past the wait, a
#: full disk, read-only): the outbox stops its flush at the first one. Another backend
#: names its own.
REFUSALS: tuple[type[Exception], ...] = (sqlite3.OperationalError, StorageError)
#: Anything the log raises while reading or writing (a merge rolls back on one).
LOG_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, StorageError)
#: How long opening waits for a log another program holds locked before it gives up (s).
DEFAULT_LOCK_WAIT_S = 10.0
#: The environment variable that changes that wait (seconds, 0 to 3600; 0: no wait).
LOCK_WAIT_ENV = "SENSORY_GAMES_LOCK_WAIT_S"
#: How long one write waits for another process's write to finish before it is refused (s).
WRITE_BUSY_TIMEOUT_S = 5.0
#: How long one try at opening waits inside SQLite (s); opening then pauses and tries again.
OPEN_TRY_BUSY_S = 0.2
#: SQLite's primary result codes for "another connection holds the lock".
SQLITE_BUSY, SQLITE_LOCKED = 5, 6

Row = TypeVar("Row")


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only (SQLite keeps these permissions
    for its -wal and -shm files), unless another process has just created it."""
    try:
        descriptor = os.open(path, new_file_flags(), OWNER_ONLY_FILE)
    except FileExistsError:
        return  # another process opening the same new folder got there first
    os.close(descriptor)


def is_lock_error(error: sqlite3.Error) -> bool:
    """True when SQLite refused because another connection holds the log locked (busy)
    rather than because something is wrong with it."""
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11 on
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def resolve_lock_wait_s(given: float | None = None) -> float:
    """How long opening waits for a locked log (s): `given`, else $SENSORY_GAMES_LOCK_WAIT_S,
    else DEFAULT_LOCK_WAIT_S."""
    if given is not None:
        return max(0.0, given)
    text = os.environ.get(LOCK_WAIT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_WAIT_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0.0 <= seconds <= 3600.0:  # also refuses nan
        raise StorageError(
            Sentence(
                N_("{variable}={value}: must be a number of seconds, 0 to 3600"),
                variable=LOCK_WAIT_ENV,
                value=repr(text),
            )
        )
    return seconds


def _problem_in(connection: sqlite3.Connection, name: str) -> tuple[str, Sentence] | None:
    """(label, sentence) when the log on `connection` is damaged or from a newer app,
    else None; lock errors (sqlite3.OperationalError) are left to the caller."""
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.OperationalError:  # locked, busy, unreadable: not damaged
        raise
    except sqlite3.DatabaseError as error:
        return ("damaged", said.unreadable(name, error))
    if check != "ok":
        return ("damaged", said.damaged(name, check))
    if version > LATEST_VERSION:
        return ("newer", said.newer(name, version, LATEST_VERSION))
    return None


@contextmanager
def _closed_on_failure(connection: sqlite3.Connection) -> Iterator[None]:
    """Close `connection` if the block fails (an interrupt too), then let the error go on:
    a half-opened connection would hold the log's file open."""
    try:
        yield
    except BaseException:
        connection.close()
        raise


def _meta(connection: sqlite3.Connection, key: str, path: Path) -> str:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise StorageError(
            Sentence(
                N_("the log {file} has no {key} in its meta table: not this app's log"),
                file=path,
                key=key,
            )
        )
    value: str = row[0]
    return value


class OpenLog:
    """The log in `data_dir`, open (created, upgraded or moved aside and started afresh as
    needed) on :attr:`connection`, with this device's id and the notices of what opening
    found; the table groups (storage.profiles, .sessions, .levels, .adults, .queries)
    read and write through it.

    `lock_wait_s`: how long opening waits for a log another program holds locked, in
    seconds (None: :func:`resolve_lock_wait_s`); `sleep` makes the pauses between tries
    (tests pass their own)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        lock_wait_s: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        opened_here: bool = False,
    ) -> None:
        #: A second connection to a log this process has opened and checked already (the
        #: clinic server's sync thread): not checked again, and never moved aside under
        #: the connection that writes the child's attempts.
        self.opened_here = opened_here
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DATABASE_NAME
        self.notices: list[str] = []  # (Sentences: English, said in the reader's language)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            blocked = next(
                (p for p in (self.data_dir, *self.data_dir.parents) if p.is_file()), None
            )
            if blocked is not None:  # (FileExistsError / NotADirectoryError say it less plainly)
                raise StorageError(said.blocked_folder(self.data_dir, blocked)) from None
            raise StorageError(
                Sentence(
                    N_("cannot create the data folder {folder}: {error}"),
                    folder=self.data_dir,
                    error=error.strerror or str(error),
                )
            ) from None
        #: Why nothing can be saved here (the folder or the log is not writable), or "".
        self.read_only_reason = self._read_only_reason()
        #: True when the log was opened for reading only: every write raises StorageError.
        self.read_only = bool(self.read_only_reason)
        if self.read_only:
            self.notices.append(
                Sentence(
                    N_("{reason}: the log was opened for reading only"),
                    reason=self.read_only_reason,
                )
            )
        self.connection, self.device_id = self._open_waiting(lock_wait_s, sleep)
        #: Flushes commits to the disk on its own thread (flush_commits_behind), or None.
        self.flush_behind: FlushBehind | None = None
        self._flush_problem: str | None = None  # (a failed flush not yet told)
        self._after_opening()

    def _after_opening(self) -> None:
        """What a table group must do once the log is open (storage.adults takes over and
        reads the PIN file); nothing here."""

    def _read_only_reason(self) -> str:
        """Why this folder's log cannot be written ("" when it can): the folder, or the log
        or one of its -wal/-shm files, refuses writes (permissions, read-only media)."""
        if not os.access(self.data_dir, os.W_OK):
            return Sentence(N_("the data folder {folder} is read-only"), folder=self.data_dir)
        for suffix in ("", "-wal", "-shm"):
            file = Path(f"{self.path}{suffix}")
            if file.exists() and not os.access(file, os.W_OK):
                return Sentence(N_("the log {file} is read-only"), file=file)
        return ""

    def _open_waiting(
        self, wait_s: float | None, sleep: Callable[[float], None]
    ) -> tuple[sqlite3.Connection, str]:
        """Open the log; while another program holds it locked, pause (growing from 0.05
        to 1 s) and try again, for up to `wait_s` seconds in all; then one StorageError."""
        wait_s = resolve_lock_wait_s(wait_s)
        deadline = time.monotonic() + wait_s
        pause = 0.05
        while True:
            try:
                return self._open_read_only() if self.read_only else self._open()
            except (sqlite3.Error, OSError) as error:
                if isinstance(error, OSError) or not is_lock_error(error):
                    return self._open_for_reading_after(error)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._locked(error, said.waited(wait_s)) from None
                sleep(min(pause, left))
                pause = min(pause * 2, 1.0)

    def _open_for_reading_after(self, error: Exception) -> tuple[sqlite3.Connection, str]:
        """The log could not be opened for writing (a full disk: SQLite cannot grow its
        write-ahead files, "disk I/O error"): open it for reading, so its data can still be
        exported and the app can keep what it cannot write in its fallback file."""
        reason = getattr(error, "strerror", None) or str(error)
        if self.read_only or not self.path.exists():
            raise StorageError(said.cannot_open(self.path, reason)) from None
        self.read_only_reason = Sentence(
            N_("the log {file} could not be opened for writing ({reason}: is the disk full?)"),
            file=self.path,
            reason=reason,
        )
        self.read_only = True
        self.notices.append(
            Sentence(N_("{reason}; it was opened for reading only"), reason=self.read_only_reason)
        )
        try:
            return self._open_read_only()
        except sqlite3.Error as second:
            raise StorageError(said.cannot_open(self.path, reason, second)) from None

    def _locked(self, error: sqlite3.Error, waited: str) -> StorageError:
        """The one line for a log another program holds locked."""
        return StorageError(said.locked(self.path, error, waited))

    def _open(self) -> tuple[sqlite3.Connection, str]:
        """Open the log for writing, first moving a damaged or newer one aside, creating
        and upgrading it as needed (SQLite's write lock makes that safe when several
        processes open the same folder at once)."""
        problem = None if self.opened_here else self._problem_with_existing_file()
        if problem:
            moved = self._move_aside(problem[0])
            self.notices.append(
                Sentence(
                    N_("{problem}; it was moved to {file} and a new log started"),
                    problem=problem[1],
                    file=moved.name,
                )
            )
        _create_private(self.path)
        return self._ready(self._connect(), lambda connection: migrate(connection, now_iso()))

    def _ready(
        self, connection: sqlite3.Connection, check: Callable[[sqlite3.Connection], object]
    ) -> tuple[sqlite3.Connection, str]:
        """The opened connection and this device's id, once `check` has upgraded (or
        refused) the log and writes are set to wait WRITE_BUSY_TIMEOUT_S for each other;
        the connection is closed if any of that fails."""
        with _closed_on_failure(connection):
            check(connection)
            device_id = _meta(connection, "device_id", self.path)
            connection.execute(f"PRAGMA busy_timeout = {round(WRITE_BUSY_TIMEOUT_S * 1000)}")
        return connection, device_id

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=OPEN_TRY_BUSY_S)
        with _closed_on_failure(connection):
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":  # once per log, by whichever process comes first
                mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
        if str(mode).lower() != "wal":
            self.notices.append(
                Sentence(N_("the log could not use WAL journaling (got {mode})"), mode=mode)
            )
        return connection

    def _connect_read_only(self, immutable: bool) -> sqlite3.Connection:
        """A read-only connection; `immutable`: without SQLite's locks and shared-memory
        file (-shm), for a WAL log in a folder where that file cannot be made."""
        query = "mode=ro&immutable=1" if immutable else "mode=ro"
        connection = sqlite3.connect(
            f"{self.path.resolve().as_uri()}?{query}",
            uri=True,
            isolation_level=None,
            timeout=OPEN_TRY_BUSY_S,
        )
        with _closed_on_failure(connection):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection

    def _open_read_only(self) -> tuple[sqlite3.Connection, str]:
        """Open the log of a folder that cannot be written, for reading only: nothing is
        moved aside or upgraded (StorageError in one line when it would have to be)."""
        if not self.path.exists():
            raise StorageError(
                Sentence(
                    N_("{reason} and holds no log ({file}) yet"),
                    reason=self.read_only_reason,
                    file=DATABASE_NAME,
                )
            )
        try:
            connection = self._connect_read_only(immutable=False)
        except sqlite3.OperationalError as error:
            if is_lock_error(error):
                raise
            connection = self._connect_read_only(immutable=True)  # WAL, -shm cannot be made
            self.notices.append(self._immutable_notice())
        return self._ready(connection, self._refuse_unreadable)

    def _immutable_notice(self) -> Sentence:
        """What a log read without SQLite's shared-memory file may not show."""
        wal = Path(f"{self.path}-wal")
        unread = wal.exists() and wal.stat().st_size > 0
        return said.read_as_on_disk(self.path.name, wal.name if unread else None)

    def _refuse_unreadable(self, connection: sqlite3.Connection) -> None:
        """StorageError when the read-only log is damaged, newer, or older than this app
        (it cannot be moved aside or upgraded where it is)."""
        problem = _problem_in(connection, self.path.name)
        if problem:
            raise StorageError(said.left_where_it_is(problem[1], self.read_only_reason))
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version == 0 and tables == 0:  # (never set up: the file was made, then no more)
            raise StorageError(said.not_made(self.path.name, self.read_only_reason))
        if version < LATEST_VERSION:
            raise StorageError(
                said.not_upgradable(self.path.name, version, LATEST_VERSION, self.read_only_reason)
            )

    def _problem_with_existing_file(self) -> tuple[str, Sentence] | None:
        """(label, sentence) when the existing file must be moved aside, else None."""
        if not self.path.exists():
            return None
        try:
            connection = self._connect_read_only(immutable=False)
        except sqlite3.OperationalError:  # locked, busy, unreadable: not damaged
            raise
        except sqlite3.DatabaseError as error:
            return ("damaged", said.unreadable(self.path.name, error))
        try:
            return _problem_in(connection, self.path.name)
        finally:
            connection.close()

    def _move_aside(self, label: str) -> Path:
        target = aside_name(self.path, label)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(Path(f"{target}{suffix}"))
        return target

    def flush_commits_behind(self) -> None:
        """Commit without waiting for the disk; a thread flushes each commit right after
        (storage.flush_behind: the running app, whose frames must not wait on the disk).
        Nothing changes for a log opened for reading only."""
        if self.read_only or self.flush_behind is not None:
            return
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.flush_behind = FlushBehind(Path(f"{self.path}-wal"))

    def _flush_inside_commits_if_failed(self) -> None:
        """When a flush beside the commits failed (kept for take_flush_problem): back to
        flushing inside each commit, not waiting for the flush thread (this is a frame's
        save): SQLite then reports a disk that fails to the writer, whose records wait in
        the outbox."""
        behind = self.flush_behind
        if behind is None or behind.problem is None:
            return
        self._flush_problem = behind.problem
        behind.stop()
        self.flush_behind = None
        self.connection.execute("PRAGMA synchronous=FULL")

    def take_flush_problem(self) -> str | None:
        """What made a flush beside the commits fail since the last call (the commits
        before it may not be on the disk), or None; asked after each save."""
        self._flush_inside_commits_if_failed()
        problem, self._flush_problem = self._flush_problem, None
        return problem

    def close(self) -> str | None:
        """Close the log, once the last commit is flushed to the disk; what went wrong
        with that flush (it failed, or the disk did not answer in time), else None."""
        problem = None
        if self.flush_behind is not None:
            flushed = self.flush_behind.close()
            problem = self.flush_behind.problem or (None if flushed else "the disk did not answer")
            self.flush_behind = None
        self.connection.close()
        return problem

    def transaction(self) -> _Transaction:
        """All-or-nothing writes: every write of the table groups, and those through
        :meth:`Repository.transfer` (e.g. one merged file, one profile bundle)."""
        return _Transaction(self)

    def set_write_wait(self, seconds: float) -> None:
        """How long a write waits for another program's write to finish before it is
        refused (default WRITE_BUSY_TIMEOUT_S; the app waits less: a child's screen must
        not freeze, and what is refused is kept and written later)."""
        self.connection.execute(f"PRAGMA busy_timeout = {round(max(0.0, seconds) * 1000)}")

    def refuse_if_read_only(self) -> None:
        """StorageError when nothing can be saved here (every write goes through this)."""
        if self.read_only:
            raise StorageError(said.nothing_can_be_saved(self.read_only_reason))

    def integrity_check(self) -> str:
        verdict: str = self.connection.execute("PRAGMA integrity_check").fetchone()[0]
        return verdict

    def _rows(self, make: Callable[..., Row], query: str, values: Sequence[Any]) -> list[Row]:
        """Every row `query` selects, each made into a record by `make` (its columns in
        the record's field order)."""
        return [make(*row) for row in self.connection.execute(query, values)]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (all-or-nothing); inside a
    transaction already open on the connection it joins that one (the outer one commits).

    A read-only log refuses before anything is tried. Another process's write lock is
    waited for up to the connection's busy timeout (WRITE_BUSY_TIMEOUT_S, BEGIN
    IMMEDIATE waits on it); still locked after that is a StorageError in one line."""

    def __init__(self, repository: OpenLog) -> None:
        self.repository = repository
        self.connection = repository.connection
        self.joined = False

    def __enter__(self) -> None:
        self.repository.refuse_if_read_only()
        if self.connection.in_transaction:
            self.joined = True
            return
        self.repository._flush_inside_commits_if_failed()
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if is_lock_error(error):
                raise self.repository._locked(error, said.NOTHING_SAVED) from None
            raise

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self.joined:
            return
        if kind is None:
            try:
                self.connection.execute("COMMIT")
            except sqlite3.Error as failure:
                self._rollback()  # never leave the connection inside a failed transaction
                if is_lock_error(failure):
                    raise self.repository._locked(failure, said.NOTHING_SAVED) from None
                raise
            if self.repository.flush_behind is not None:
                self.repository.flush_behind.committed()
        else:
            self._rollback()
            if isinstance(error, sqlite3.OperationalError) and is_lock_error(error):
                raise self.repository._locked(error, said.NOTHING_SAVED) from None

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
