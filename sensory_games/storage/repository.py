"""The attempt log: one SQLite file, the only code in the app that speaks SQL.

- WAL journal, ``synchronous=FULL``, foreign keys on: a committed attempt survives a
  power cut. One finished or aborted attempt = one transaction.
- Every key is a UUID and every row carries the device id, so kiosks merge cleanly.
- Times are UTC ISO-8601 strings plus monotonic durations in seconds.
- A damaged file, or one from a newer version of the app, is moved aside (never
  deleted) and a fresh log is started; :attr:`Repository.notices` says what happened.
- The file is created readable by its owner only.
- Several processes may share one data folder (a kiosk app, an autoplay, the console):
  the first-time set-up and each schema step run under SQLite's write lock, a new
  profile's alias check and insert are one transaction, writes wait for each other up
  to :data:`WRITE_BUSY_TIMEOUT_S`, and opening waits for a log another program holds
  locked up to :data:`DEFAULT_LOCK_WAIT_S` (``$SENSORY_GAMES_LOCK_WAIT_S``).
- A data folder (or log) that cannot be written, e.g. a backup on read-only media, is
  opened for reading only (:attr:`Repository.read_only`): reads work, writes raise
  :class:`StorageError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sensory_games import __version__
from sensory_games.domain import records
from sensory_games.domain.aliases import normalise_alias, refuse_look_alike
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.intensity import Intensity, preset
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pin import KeypadState, is_pin_hash
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import GUEST_ALIAS, PROFILE_SCHEMA, Profile
from sensory_games.domain.schema import SchemaError
from sensory_games.services.private_files import aside_name
from sensory_games.storage import metric_pack
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.metric_pack import MetricLayout
from sensory_games.storage.migrations import LATEST_VERSION, migrate
from sensory_games.storage.pin_store import AdultPin, PinStore

if TYPE_CHECKING:
    from sensory_games.storage.transfer import RecordStore

DATABASE_NAME = "sensory_games.db"
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
#: The longest therapist's note on a child (characters).
MAX_NOTES = 2000
#: Each attempt's latest "before" check-in feeling (SQLite takes the bare `feeling`
#: from the row with the largest asked_at).
LATEST_FEELING = (
    "SELECT attempt_id, feeling, MAX(asked_at) FROM check_ins"
    " WHERE moment = 'before' AND attempt_id IS NOT NULL GROUP BY attempt_id"
)


class StorageError(Exception):
    """The log cannot be opened or written; the message says why in plain words."""


@dataclass(frozen=True)
class AttemptRecord:
    """Everything saved about one attempt of one activity by one child."""

    session_id: str
    profile_id: str
    activity: str
    variant: str
    level: int
    parameters: dict[str, Any]
    intensity: dict[str, Any]
    started_at: datetime
    result: Result
    samples: Sequence[PointerEvent] = ()
    samples_start: float = 0.0
    px_per_mm: float | None = None
    origin: str = "child"
    dominant_hand: str = "unknown"
    pointer: str = "unknown"  # finger or stylus, from the child's profile
    #: Check-ins already saved (e.g. "before" a calm attempt) to link to this attempt.
    check_in_ids: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))


#: The attempts table's columns as StoredAttempt's fields (field name -> column): the one
#: list every INSERT of an attempt follows (write_attempt: this device's and merged ones).
ATTEMPT_COLUMNS: dict[str, str] = {
    "id": "id",
    "device_id": "device_id",
    "session_id": "session_id",
    "profile_id": "profile_id",
    "activity": "activity",
    "variant": "variant",
    "level": "level",
    "parameters_json": "parameters_json",
    "intensity_json": "intensity_json",
    "started_at": "started_at",
    "duration_s": "duration_s",
    "completion_time_s": "completion_time_s",
    "accuracy": "accuracy",
    "completed_flag": "completed",
    "abort_reason": "abort_reason",
    "app_version": "app_version",
    "px_per_mm": "px_per_mm",
    "origin": "origin",
    "dominant_hand": "dominant_hand",
    "metric_layout_json": "metric_layout",
    "metric_values_blob": "metric_values",
    "pointer": "pointer",
}


class StoredAttempt(NamedTuple):
    """An attempt read back for export and the therapist's views: the row plus the
    child's alias and the check-in feelings around it.

    A plain named tuple of the columns as read (a 100,000-row CSV export makes one per
    attempt, so nothing is parsed until asked for): `intensity`, `parameters`, `metrics`
    (by name, with units), `metric(name)`, `metric_layout` and `metric_values` (in the
    layout's order) decode their columns on use."""

    id: str
    device_id: str
    session_id: str
    profile_id: str
    profile_alias: str
    activity: str
    variant: str
    level: int
    parameters_json: str
    intensity_json: str
    started_at: str
    duration_s: float
    completion_time_s: float | None
    accuracy: float | None
    completed_flag: int  # 1 completed, 0 aborted
    abort_reason: str | None
    px_per_mm: float | None
    origin: str
    dominant_hand: str
    feeling_before: int | None  # the check-in before / after (1..5), if answered
    feeling_after: int | None
    app_version: str
    metric_layout_json: str
    metric_values_blob: bytes
    pointer: str  # finger, stylus, or unknown (attempts saved before schema step 11)

    @property
    def completed(self) -> bool:
        return bool(self.completed_flag)

    @property
    def intensity(self) -> dict[str, Any]:
        """The sensory settings in force (preset, channels, changes during the attempt)."""
        return json.loads(self.intensity_json)

    @property
    def parameters(self) -> dict[str, Any]:
        """The level's parameters as the activity ran them."""
        return json.loads(self.parameters_json)

    @property
    def metric_layout(self) -> MetricLayout:
        return metric_pack.layout_of(self.metric_layout_json)

    @property
    def metric_values(self) -> tuple[float, ...]:
        return metric_pack.values_of(self.metric_values_blob)

    @property
    def metrics(self) -> dict[str, Metric]:
        """Every metric with its unit, by name."""
        layout = self.metric_layout
        return {
            name: Metric(value, unit)
            for name, unit, value in zip(
                layout.names, layout.units, self.metric_values, strict=True
            )
        }

    def metric(self, name: str) -> float | None:
        """One metric's value, or None when this attempt does not have it."""
        index = self.metric_layout.index.get(name)
        return None if index is None else self.metric_values[index]


def stored_attempt(
    attempt: AttemptRecord,
    device_id: str,
    alias: str = "",
    feelings: tuple[int | None, int | None] = (None, None),
) -> StoredAttempt:
    """An attempt as the log stores it (and as an export reads it back): what
    `save_attempt` writes, and what the fallback file of unsaved attempts holds."""
    result = attempt.result
    layout, values = metric_pack.pack({n: (m.value, m.unit) for n, m in result.metrics.items()})
    return StoredAttempt(
        id=attempt.id,
        device_id=device_id,
        session_id=attempt.session_id,
        profile_id=attempt.profile_id,
        profile_alias=alias,
        activity=attempt.activity,
        variant=attempt.variant,
        level=attempt.level,
        parameters_json=json.dumps(attempt.parameters, sort_keys=True),
        intensity_json=json.dumps(attempt.intensity, sort_keys=True),
        started_at=utc_iso(attempt.started_at),
        duration_s=result.duration_s,
        completion_time_s=result.completion_time_s,
        accuracy=result.accuracy,
        completed_flag=int(result.completed),
        abort_reason=result.abort_reason,
        px_per_mm=attempt.px_per_mm,
        origin=attempt.origin,
        dominant_hand=attempt.dominant_hand,
        feeling_before=feelings[0],
        feeling_after=feelings[1],
        app_version=__version__,
        metric_layout_json=layout,
        metric_values_blob=values,
        pointer=attempt.pointer,
    )


def stored_check_in(check_in: CheckIn, device_id: str, alias: str = "") -> StoredCheckIn:
    """A check-in as the log stores it (what `save_check_in` writes)."""
    return StoredCheckIn(
        id=check_in.id,
        device_id=device_id,
        session_id=check_in.session_id,
        profile_alias=alias,
        attempt_id=check_in.attempt_id,
        moment=check_in.moment,
        feeling=check_in.feeling,
        asked_at=utc_iso(check_in.asked_at),
        answer_s=check_in.answer_s,
        profile_id=check_in.profile_id,
    )


@dataclass(frozen=True)
class StoredCheckIn:
    """A check-in read back for export and the therapist's views."""

    id: str
    device_id: str
    session_id: str
    profile_alias: str
    attempt_id: str | None
    moment: str
    feeling: int | None
    asked_at: str
    answer_s: float | None
    profile_id: str = ""


@dataclass(frozen=True)
class LevelChange:
    """A child's level of an activity set by an adult or a profile bundle, with why."""

    id: str
    device_id: str
    profile_id: str
    activity: str
    from_level: int | None
    to_level: int
    reason: str
    changed_at: str


@dataclass(frozen=True)
class AuditEntry:
    """One thing an adult did: when (UTC), what (`action`), about whom, the details."""

    at: str
    action: str
    profile_alias: str | None
    detail: str


@dataclass(frozen=True)
class Difficulty:
    """What a therapist allows one child in one activity: the levels the mastery rule
    may move between (`highest` None: up to the activity's last) and the child's own
    rule as a mapping (None: the clinic's)."""

    lowest: int = 1
    highest: int | None = None
    rule: dict[str, Any] | None = None


@dataclass(frozen=True)
class Selection:
    """Which attempts and check-ins an export or report reads; None means "all".

    `since` is inclusive and `before` exclusive, both UTC ISO-8601 dates or times
    (`2026-11-01`, `2026-11-01T09:30:00.000Z`): they compare as text, as stored."""

    profile_alias: str | None = None
    activity: str | None = None
    since: str | None = None
    before: str | None = None
    session_id: str | None = None
    profile_id: str | None = None

    def where(self, time: str, session: str, activity: str | None) -> tuple[str, list[Any]]:
        """SQL conditions and parameters for rows with these column expressions (the
        profile table is `p`); `activity` None: the rows have no activity (e.g. a session
        check-in), so an activity filter keeps none of them."""
        key = alias_key(self.profile_alias) if self.profile_alias is not None else None
        conditions = [
            "(? IS NULL OR p.alias_key = ?)",
            f"(? IS NULL OR {time} >= ?)",
            f"(? IS NULL OR {time} < ?)",
            f"(? IS NULL OR {session} = ?)",
            f"(? IS NULL OR {activity or 'NULL'} = ?)",
            "(? IS NULL OR p.id = ?)",
        ]
        values = (key, self.since, self.before, self.session_id, self.activity, self.profile_id)
        return " AND ".join(conditions), [v for value in values for v in (value, value)]


@dataclass(frozen=True)
class DeviceLatency:
    """This device's constant touch/sound delay from the tap-along calibration."""

    offset_ms: float
    spread_ms: float
    taps: int
    measured_at: str


def alias_key(alias: str) -> str:
    """How aliases are compared: trimmed and case-folded (Unicode-aware, unlike SQLite's
    NOCASE), so "Zoë" and "ZOË" are the same child."""
    return alias.strip().casefold()


def insert_level_change(connection: sqlite3.Connection, change: LevelChange) -> None:
    """Write one level change (inside the caller's transaction)."""
    connection.execute(
        "INSERT INTO level_changes (id, device_id, profile_id, activity, from_level, to_level,"
        " reason, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            change.id,
            change.device_id,
            change.profile_id,
            change.activity,
            change.from_level,
            change.to_level,
            change.reason,
            change.changed_at,
        ),
    )


def write_attempt(
    connection: sqlite3.Connection,
    row: StoredAttempt,
    metrics: Mapping[str, tuple[float, str]],
    samples: tuple[int, bytes] | None,
    target: Any,
) -> None:
    """Write one attempt (inside the caller's transaction): its row (ATTEMPT_COLUMNS),
    its metrics (name -> value, unit), its packed raw samples (how many, the blob; None:
    none kept) and its target (None: none recorded). The one way an attempt, this
    device's or a merged one, goes into the log."""
    connection.execute(
        f"INSERT INTO attempts ({', '.join(ATTEMPT_COLUMNS.values())})"
        f" VALUES ({', '.join('?' * len(ATTEMPT_COLUMNS))})",
        [getattr(row, name) for name in ATTEMPT_COLUMNS],
    )
    connection.executemany(
        "INSERT INTO attempt_metrics (attempt_id, device_id, name, value, unit)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (row.id, row.device_id, name, float(value), unit)
            for name, (value, unit) in sorted(metrics.items())
        ],
    )
    if samples is not None:
        connection.execute(
            "INSERT INTO attempt_samples (attempt_id, device_id, sample_count, format, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (row.id, row.device_id, samples[0], sample_blob.FORMAT, samples[1]),
        )
    if target is not None:
        connection.execute(
            "INSERT INTO attempt_targets (attempt_id, device_id, data_json) VALUES (?, ?, ?)",
            (row.id, row.device_id, json.dumps(target, sort_keys=True)),
        )


def level_change_record(change: LevelChange) -> dict[str, Any]:
    """A level change as exported and merged (records.LEVEL_CHANGE)."""
    return {
        "level_change_id": change.id,
        "device_id": change.device_id,
        "activity": change.activity,
        "from_level": change.from_level,
        "to_level": change.to_level,
        "reason": change.reason,
        "changed_at": change.changed_at,
    }


def check_level_change_record(change: LevelChange) -> None:
    """SchemaError for a level change the log may not hold (the same checks a merged one
    passes: a reason of one plain line, a real level, a UTC time)."""
    records.check_own_record("level change", level_change_record(change), records.LEVEL_CHANGE)


def checked_alias(alias: str, key: str = "alias") -> str:
    """The alias as it is stored (NFC, trimmed, single spaces); SchemaError if empty, too
    long or not plain text: control, invisible, direction and blank-looking characters
    could hide or disguise a name on screen and in exports (sensory_games.domain.aliases)."""
    return normalise_alias(alias, key)


def _now_iso() -> str:
    return utc_iso(datetime.now(timezone.utc))


def _keypad_from_log(rows: dict[str, str]) -> KeypadState:
    """The keypad state as earlier versions kept it in the log's meta table (unreadable
    values: a fresh keypad, as those versions read them)."""
    try:
        until = rows.get("keypad_locked_until")
        locked_until = datetime.fromisoformat(until) if until else None
        if locked_until is not None and locked_until.tzinfo is None:
            locked_until = locked_until.replace(tzinfo=timezone.utc)
        wrong, lockouts = int(rows.get("keypad_wrong", 0)), int(rows.get("keypad_lockouts", 0))
        return KeypadState(max(0, wrong), max(0, lockouts), locked_until)
    except ValueError:
        return KeypadState()


def _create_private(path: Path) -> None:
    """Create an empty file readable by the owner only (SQLite keeps these permissions
    for its -wal and -shm files), unless another process has just created it."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
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
        raise StorageError(f"{LOCK_WAIT_ENV}={text!r}: must be a number of seconds, 0 to 3600")
    return seconds


def _problem_in(connection: sqlite3.Connection, name: str) -> tuple[str, str] | None:
    """(label, sentence) when the log on `connection` is damaged or from a newer app,
    else None; lock errors (sqlite3.OperationalError) are left to the caller."""
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.OperationalError:  # locked, busy, unreadable: not damaged
        raise
    except sqlite3.DatabaseError as error:
        return ("damaged", f"the log {name} could not be read ({error})")
    if check != "ok":
        return ("damaged", f"the log {name} is damaged ({check})")
    if version > LATEST_VERSION:
        return (
            "newer",
            f"the log {name} comes from a newer version of the app "
            f"(schema {version}, this app knows {LATEST_VERSION})",
        )
    return None


def _meta(connection: sqlite3.Connection, key: str, path: Path) -> str:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise StorageError(f"the log {path} has no {key} in its meta table: not this app's log")
    return row[0]


class Repository:
    """Opens (creating or repairing) the log in `data_dir` and reads/writes its records.

    `lock_wait_s`: how long opening waits for a log another program holds locked, in
    seconds (None: :func:`resolve_lock_wait_s`); `sleep` makes the pauses between tries
    (tests pass their own)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        lock_wait_s: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DATABASE_NAME
        self.notices: list[str] = []
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StorageError(f"cannot create the data folder {self.data_dir}: {error}") from None
        #: Why nothing can be saved here (the folder or the log is not writable), or "".
        self.read_only_reason = self._read_only_reason()
        #: True when the log was opened for reading only: every write raises StorageError.
        self.read_only = bool(self.read_only_reason)
        if self.read_only:
            self.notices.append(f"{self.read_only_reason}: the log was opened for reading only")
        self.connection, self.device_id = self._open_waiting(lock_wait_s, sleep)
        self.pin_store = PinStore(self.data_dir, self.notices)
        self._take_over_pin_from_log()
        self.pin_store.read()  # a damaged PIN file is moved aside (and noticed) now

    # -- opening -------------------------------------------------------------------------

    def _read_only_reason(self) -> str:
        """Why this folder's log cannot be written ("" when it can): the folder, or the log
        or one of its -wal/-shm files, refuses writes (permissions, read-only media)."""
        if not os.access(self.data_dir, os.W_OK):
            return f"the data folder {self.data_dir} is read-only"
        for suffix in ("", "-wal", "-shm"):
            file = Path(f"{self.path}{suffix}")
            if file.exists() and not os.access(file, os.W_OK):
                return f"the log {file} is read-only"
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
                    raise self._locked(error, f"waited {wait_s:g} s") from None
                sleep(min(pause, left))
                pause = min(pause * 2, 1.0)

    def _open_for_reading_after(self, error: Exception) -> tuple[sqlite3.Connection, str]:
        """The log could not be opened for writing (a full disk: SQLite cannot grow its
        write-ahead files, "disk I/O error"): open it for reading, so its data can still be
        exported and the app can keep what it cannot write in its fallback file."""
        reason = getattr(error, "strerror", None) or str(error)
        if self.read_only or not self.path.exists():
            raise StorageError(
                f"cannot open the log {self.path}: {reason}; it was left as it is"
            ) from None
        self.read_only_reason = (
            f"the log {self.path} could not be opened for writing ({reason}: is the disk full?)"
        )
        self.read_only = True
        self.notices.append(f"{self.read_only_reason}; it was opened for reading only")
        try:
            return self._open_read_only()
        except sqlite3.Error as second:
            raise StorageError(
                f"cannot open the log {self.path}: {reason}; nor for reading ({second}); "
                "it was left as it is"
            ) from None

    def _locked(self, error: sqlite3.Error, waited: str) -> StorageError:
        """The one line for a log another program holds locked."""
        return StorageError(
            f"the log {self.path} is locked by another program ({error}, {waited}); "
            "close it and try again"
        )

    def _open(self) -> tuple[sqlite3.Connection, str]:
        """Open the log for writing, first moving a damaged or newer one aside, creating
        and upgrading it as needed (SQLite's write lock makes that safe when several
        processes open the same folder at once)."""
        problem = self._problem_with_existing_file()
        if problem:
            moved = self._move_aside(problem[0])
            self.notices.append(f"{problem[1]}; it was moved to {moved.name} and a new log started")
        _create_private(self.path)
        connection = self._connect()
        try:
            migrate(connection, _now_iso())
            device_id = _meta(connection, "device_id", self.path)
            connection.execute(f"PRAGMA busy_timeout = {round(WRITE_BUSY_TIMEOUT_S * 1000)}")
        except BaseException:
            connection.close()
            raise
        return connection, device_id

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=OPEN_TRY_BUSY_S)
        try:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":  # once per log, by whichever process comes first
                mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            connection.close()
            raise
        if str(mode).lower() != "wal":
            self.notices.append(f"the log could not use WAL journaling (got {mode})")
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
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def _open_read_only(self) -> tuple[sqlite3.Connection, str]:
        """Open the log of a folder that cannot be written, for reading only: nothing is
        moved aside or upgraded (StorageError in one line when it would have to be)."""
        if not self.path.exists():
            raise StorageError(f"{self.read_only_reason} and holds no log ({DATABASE_NAME}) yet")
        try:
            connection = self._connect_read_only(immutable=False)
        except sqlite3.OperationalError as error:
            if is_lock_error(error):
                raise
            connection = self._connect_read_only(immutable=True)  # WAL, -shm cannot be made
            self.notices.append(self._immutable_notice())
        try:
            self._refuse_unreadable(connection)
            device_id = _meta(connection, "device_id", self.path)
            connection.execute(f"PRAGMA busy_timeout = {round(WRITE_BUSY_TIMEOUT_S * 1000)}")
        except BaseException:
            connection.close()
            raise
        return connection, device_id

    def _immutable_notice(self) -> str:
        """What a log read without SQLite's shared-memory file may not show."""
        wal = Path(f"{self.path}-wal")
        unread = wal.exists() and wal.stat().st_size > 0
        return (
            f"the log {self.path.name} is read as it is on disk (immutable: SQLite's "
            "shared-memory file cannot be made in that folder), so changes another program "
            "makes meanwhile are not seen"
            + (
                f", nor the latest changes in {wal.name} (copy the folder somewhere writable "
                "to read those too)"
                if unread
                else ""
            )
        )

    def _refuse_unreadable(self, connection: sqlite3.Connection) -> None:
        """StorageError when the read-only log is damaged, newer, or older than this app
        (it cannot be moved aside or upgraded where it is)."""
        problem = _problem_in(connection, self.path.name)
        if problem:
            raise StorageError(
                f"{problem[1]}; {self.read_only_reason}, so it was "
                "left as it is: copy the folder somewhere writable and open it there "
                "(--data-dir)"
            )
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version < LATEST_VERSION:
            raise StorageError(
                f"the log {self.path.name} is at schema version {version} and this app needs "
                f"{LATEST_VERSION}; {self.read_only_reason}, so it cannot be upgraded there: "
                "copy the folder somewhere writable and open it there (--data-dir)"
            )

    def _problem_with_existing_file(self) -> tuple[str, str] | None:
        """(label, sentence) when the existing file must be moved aside, else None."""
        if not self.path.exists():
            return None
        try:
            connection = self._connect_read_only(immutable=False)
        except sqlite3.OperationalError:  # locked, busy, unreadable: not damaged
            raise
        except sqlite3.DatabaseError as error:
            return ("damaged", f"the log {self.path.name} could not be read ({error})")
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

    def close(self) -> None:
        self.connection.close()

    # -- this device -----------------------------------------------------------------------

    _LATENCY_KEYS = ("latency_offset_ms", "latency_spread_ms", "latency_taps", "latency_at")

    def device_latency(self) -> DeviceLatency | None:
        """The stored tap-along calibration of this device, if one was made."""
        rows = dict(
            self.connection.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?)", self._LATENCY_KEYS
            ).fetchall()
        )
        if len(rows) != len(self._LATENCY_KEYS):
            return None
        try:
            return DeviceLatency(
                float(rows["latency_offset_ms"]),
                float(rows["latency_spread_ms"]),
                int(rows["latency_taps"]),
                rows["latency_at"],
            )
        except ValueError:
            return None

    def set_device_latency(self, latency: DeviceLatency | None) -> None:
        """Store (or with None forget) this device's latency calibration."""
        with self._transaction():
            self.connection.execute(
                "DELETE FROM meta WHERE key IN (?, ?, ?, ?)", self._LATENCY_KEYS
            )
            if latency is not None:
                self.connection.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    zip(
                        self._LATENCY_KEYS,
                        (
                            repr(float(latency.offset_ms)),
                            repr(float(latency.spread_ms)),
                            str(int(latency.taps)),
                            latency.measured_at,
                        ),
                        strict=True,
                    ),
                )

    # -- the audit list of what adults did ---------------------------------------------------

    def audit(
        self, action: str, detail: str, profile_id: str | None = None, at: datetime | None = None
    ) -> None:
        """Add one line to the audit list (never the PIN, never a child's data itself);
        `detail` is made one line of plain text and cut to records.MAX_AUDIT_DETAIL; the
        entry is checked as records.AUDIT_ENTRY defines it (SchemaError otherwise)."""
        entry = {
            "audit_id": str(uuid.uuid4()),
            "device_id": self.device_id,
            "at": utc_iso(at) if at is not None else _now_iso(),
            "action": action,
            "profile_id": profile_id,
            "detail": records.one_line(detail, records.MAX_AUDIT_DETAIL),
        }
        records.check_own_record("audit entry", entry, records.AUDIT_ENTRY)
        with self._transaction():
            self.connection.execute(
                "INSERT INTO audit (id, device_id, at, action, profile_id, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                tuple(entry.values()),
            )

    def audit_entries(self, since: str | None = None) -> list[AuditEntry]:
        """The audit list in time order, from a UTC ISO date or time on."""
        rows = self.connection.execute(
            "SELECT a.at, a.action, p.alias, a.detail FROM audit a"
            " LEFT JOIN profiles p ON p.id = a.profile_id"
            " WHERE ? IS NULL OR a.at >= ? ORDER BY a.at, a.id",
            (since, since),
        ).fetchall()
        return [AuditEntry(*row) for row in rows]

    # -- the adults' PIN (only its hash) and the keypad's lockout ---------------------------
    # Kept in their own file beside the log (storage/pin_store.py), so that a damaged log
    # moved aside does not take the PIN with it.

    _LOG_PIN_KEYS = ("pin_hash", "keypad_wrong", "keypad_lockouts", "keypad_locked_until")

    def _take_over_pin_from_log(self) -> None:
        """Logs made by earlier versions kept the PIN in their meta table: move it to the
        PIN file (the file first, then the keys removed, so a crash in between loses
        nothing). When the file is already there, the keys in the log are stale (a crash
        after the move, or a log copied from another device) and are only removed."""
        rows = dict(
            self.connection.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?)", self._LOG_PIN_KEYS
            ).fetchall()
        )
        if not rows:
            return
        if not self.pin_store.exists():
            hashed = rows.get("pin_hash")
            if hashed is not None and not is_pin_hash(hashed):
                self.notices.append(
                    "the PIN kept in the log was not a salted scrypt hash and was dropped: "
                    "the next hold of the corner chooses a new one"
                )
                hashed = None
            taken = AdultPin(hashed, _keypad_from_log(rows))
            try:
                self.pin_store.write(taken)
            except OSError as error:
                self.pin_store.keep_in_memory(taken)
                self.notices.append(
                    f"the PIN could not be moved from the log to {self.pin_store.path.name} "
                    f"({error.strerror or error}); it stays in the log for now"
                )
                return
        # The file is there and wins; if the log refuses now, the keys go at the next opening.
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute(
                "DELETE FROM meta WHERE key IN (?, ?, ?, ?)", self._LOG_PIN_KEYS
            )

    def pin_hash(self) -> str | None:
        """The stored hash of the adults' PIN, or None when none was set (or its file was
        damaged and moved aside: see notices)."""
        return self.pin_store.read().pin_hash

    def set_pin_hash(self, hashed: str | None) -> None:
        """Store a new PIN hash (None: remove the PIN); the keypad's lockout is cleared."""
        self._write_pin(AdultPin(hashed))

    def keypad_state(self) -> KeypadState:
        """Wrong PINs and lockouts so far (kept across restarts and a damaged log)."""
        return self.pin_store.read().keypad

    def set_keypad_state(self, state: KeypadState) -> None:
        self._write_pin(replace(self.pin_store.read(), keypad=state))

    def _write_pin(self, pin: AdultPin) -> None:
        self.refuse_if_read_only()
        try:
            self.pin_store.write(pin)
        except OSError as error:
            raise StorageError(
                f"the PIN file {self.pin_store.path} could not be written "
                f"({error.strerror or error}); it was left as it was"
            ) from None

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def transaction(self) -> _Transaction:
        """All-or-nothing writes through :meth:`transfer` (e.g. one merged file, one
        profile bundle)."""
        return _Transaction(self)

    def transfer(self) -> RecordStore:
        """Whole records of this log, in and out (storage.transfer.RecordStore): what
        exports, merges, profile bundles and the fallback file read and write; group its
        writes in :meth:`transaction`."""
        from sensory_games.storage.transfer import RecordStore  # (it builds on this module)

        return RecordStore(self.connection)

    def set_write_wait(self, seconds: float) -> None:
        """How long a write waits for another program's write to finish before it is
        refused (default WRITE_BUSY_TIMEOUT_S; the app waits less: a child's screen must
        not freeze, and what is refused is kept and written later)."""
        self.connection.execute(f"PRAGMA busy_timeout = {round(max(0.0, seconds) * 1000)}")

    def refuse_if_read_only(self) -> None:
        """StorageError when nothing can be saved here (every write goes through this)."""
        if self.read_only:
            raise StorageError(
                f"{self.read_only_reason}: nothing can be saved to its log "
                "(copy the folder somewhere writable to make changes there)"
            )

    def integrity_check(self) -> str:
        return self.connection.execute("PRAGMA integrity_check").fetchone()[0]

    # -- profiles ------------------------------------------------------------------------

    def add_profile(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        """Create a profile; raises SchemaError for a bad value or a taken alias.
        `intensity_overrides` sets channels away from the preset (e.g. motion 0 where the
        clinic reduces motion for everyone). The alias check and the insert are one
        transaction, so two processes adding the same alias at once get one profile and
        one SchemaError."""
        with self._transaction(), _alias_taken_is_schema_error(values.get("alias")):
            return self._add_profile(intensity_overrides, **values)

    def _add_profile(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        checked = PROFILE_SCHEMA.validate(values)
        alias = checked_alias(checked["alias"])
        if self.profile_by_alias(alias, include_archived=True) is not None:
            raise SchemaError("alias", alias, "is already used by another profile")
        if alias != GUEST_ALIAS:  # the Guest is always there, made when first needed
            everyone = [p.alias for p in self.list_profiles(include_archived=True)]
            refuse_look_alike(alias, [*everyone, GUEST_ALIAS])
        profile = Profile(
            id=str(uuid.uuid4()),
            alias=alias,
            animal=checked["animal"],
            colour=checked["colour"],
            age_band=checked["age_band"],
            dominant_hand=checked["dominant_hand"],
            intensity_preset=checked["intensity_preset"],
            intensity=preset(checked["intensity_preset"], intensity_overrides),
            pointer=checked["pointer"],
        )
        with self._transaction():
            self.connection.execute(
                "INSERT INTO profiles (id, device_id, alias, alias_key, animal, colour, age_band,"
                " dominant_hand, intensity_preset, intensity_json, created_at, pointer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile.id,
                    self.device_id,
                    profile.alias,
                    alias_key(profile.alias),
                    profile.animal,
                    profile.colour,
                    profile.age_band,
                    profile.dominant_hand,
                    profile.intensity_preset,
                    json.dumps(profile.intensity.as_dict(), sort_keys=True),
                    _now_iso(),
                    profile.pointer,
                ),
            )
        return profile

    _PROFILE_COLUMNS = (
        "id, alias, animal, colour, age_band, dominant_hand, intensity_preset,"
        " intensity_json, archived, notes, plan, pointer"
    )

    @staticmethod
    def _profile(row: Sequence[Any]) -> Profile:
        values = json.loads(row[7])
        return Profile(
            row[0],
            row[1],
            row[2],
            int(row[3]),
            row[4],
            row[5],
            row[6],
            Intensity(**values),
            bool(row[8]),
            row[9],
            row[10],
            row[11],
        )

    def set_plan(self, profile_id: str, plan: str | None) -> None:
        """Give the child a session plan by name (None: no plan)."""
        with self._transaction():
            self.connection.execute("UPDATE profiles SET plan = ? WHERE id = ?", (plan, profile_id))

    def update_profile(self, profile: Profile) -> Profile:
        """Store a profile's edited settings and notes (by id); raises SchemaError for a
        bad value or an alias another child has or that looks like another child's. An
        alias kept as stored is not checked again (a log from before these checks may
        hold one they refuse: the child's settings can still be edited, or archived).
        The profile as stored is returned."""
        checked = PROFILE_SCHEMA.validate(profile.settings())
        everyone = self.list_profiles(include_archived=True)
        stored = next((p.alias for p in everyone if p.id == profile.id), None)
        alias = profile.alias if profile.alias == stored else checked_alias(checked["alias"])
        if alias != stored:
            holder = self.profile_by_alias(alias, include_archived=True)
            if holder is not None and holder.id != profile.id:
                raise SchemaError("alias", alias, "is already used by another profile")
            others = [p.alias for p in everyone if p.id != profile.id]
            refuse_look_alike(alias, [*others, GUEST_ALIAS] if stored != GUEST_ALIAS else others)
        if len(profile.notes) > MAX_NOTES:
            raise SchemaError(
                "notes", profile.notes[:20] + "...", f"at most {MAX_NOTES} characters"
            )
        with self._transaction(), _alias_taken_is_schema_error(alias):
            self.connection.execute(
                "UPDATE profiles SET alias = ?, alias_key = ?, animal = ?, colour = ?,"
                " age_band = ?, dominant_hand = ?, pointer = ?, intensity_preset = ?,"
                " intensity_json = ?,"
                " archived = ?, notes = ? WHERE id = ?",
                (
                    alias,
                    alias_key(alias),
                    checked["animal"],
                    checked["colour"],
                    checked["age_band"],
                    checked["dominant_hand"],
                    checked["pointer"],
                    checked["intensity_preset"],
                    json.dumps(profile.intensity.as_dict(), sort_keys=True),
                    int(profile.archived),
                    profile.notes,
                    profile.id,
                ),
            )
        return replace(profile, alias=alias)

    def list_profiles(self, include_archived: bool = False) -> list[Profile]:
        rows = self.connection.execute(
            f"SELECT {self._PROFILE_COLUMNS} FROM profiles"
            " WHERE archived = 0 OR ? ORDER BY alias_key",
            (int(include_archived),),
        ).fetchall()
        return [self._profile(row) for row in rows]

    def profile_by_alias(self, alias: str, include_archived: bool = False) -> Profile | None:
        row = self.connection.execute(
            f"SELECT {self._PROFILE_COLUMNS} FROM profiles"
            " WHERE alias_key = ? AND (archived = 0 OR ?)",
            (alias_key(alias), int(include_archived)),
        ).fetchone()
        return self._profile(row) if row else None

    def guest_profile(self, intensity_overrides: dict[str, float] | None = None) -> Profile:
        """The shared "Guest" profile, created the first time it is needed."""
        return self.profile_or_new(intensity_overrides, alias=GUEST_ALIAS, animal="owl", colour=0)

    def profile_or_new(
        self, intensity_overrides: dict[str, float] | None = None, **values: Any
    ) -> Profile:
        """The profile called `values["alias"]`, added with `values` if there is none yet.
        Several processes asking at once all get the same one profile. SchemaError as
        add_profile's (e.g. an archived profile holds the alias)."""
        alias = str(values["alias"])
        found = self.profile_by_alias(alias)
        if found is not None:
            return found  # the usual case: no write lock needed
        with self._transaction():  # another process may have added it since: look again
            return self.profile_by_alias(alias) or self.add_profile(intensity_overrides, **values)

    # -- sessions and attempts -----------------------------------------------------------

    def start_session(
        self, profile_id: str, started_at: datetime, session_id: str | None = None
    ) -> str:
        """Store a new session (`session_id`: one made before the log could take it;
        saving it again changes nothing) and return its id."""
        session_id = session_id or str(uuid.uuid4())
        with self._transaction():
            self.connection.execute(
                "INSERT OR IGNORE INTO sessions (id, device_id, profile_id, started_at)"
                " VALUES (?, ?, ?, ?)",
                (session_id, self.device_id, profile_id, utc_iso(started_at)),
            )
        return session_id

    def has_attempt(self, attempt_id: str) -> bool:
        """Whether the attempt is in the log (committed)."""
        row = self.connection.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,))
        return row.fetchone() is not None

    def end_session(self, session_id: str, ended_at: datetime) -> None:
        with self._transaction():
            self.connection.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", (utc_iso(ended_at), session_id)
            )

    def save_attempt(self, attempt: AttemptRecord) -> bool:
        """Write the attempt, its metrics, raw samples and target in one transaction.
        Saving the same attempt again changes nothing (False)."""
        result = attempt.result
        row = stored_attempt(attempt, self.device_id)
        with self._transaction():
            if self.connection.execute(
                "SELECT 1 FROM attempts WHERE id = ?", (attempt.id,)
            ).fetchone():
                return False
            write_attempt(
                self.connection,
                row,
                {name: (m.value, m.unit) for name, m in result.metrics.items()},
                (len(attempt.samples), sample_blob.pack(attempt.samples, attempt.samples_start)),
                result.target,
            )
            self.connection.executemany(
                "UPDATE check_ins SET attempt_id = ? WHERE id = ? AND attempt_id IS NULL",
                [(attempt.id, check_in_id) for check_in_id in attempt.check_in_ids],
            )
        return True

    def save_check_in(self, check_in: CheckIn) -> bool:
        """Write one check-in (its own transaction). Saving it again changes nothing."""
        with self._transaction():
            cursor = self.connection.execute(
                "INSERT OR IGNORE INTO check_ins (id, device_id, session_id, profile_id,"
                " attempt_id, moment, feeling, asked_at, answer_s)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    check_in.id,
                    self.device_id,
                    check_in.session_id,
                    check_in.profile_id,
                    check_in.attempt_id,
                    check_in.moment,
                    check_in.feeling,
                    utc_iso(check_in.asked_at),
                    check_in.answer_s,
                ),
            )
        return cursor.rowcount == 1

    def check_ins(
        self,
        profile_alias: str | None = None,
        since: str | None = None,
        *,
        selection: Selection | None = None,
    ) -> Iterator[StoredCheckIn]:
        """Check-ins in the order asked: all, or one alias's from a UTC ISO date, or as
        `selection` says (an activity filter keeps the check-ins around its attempts)."""
        selection = selection or Selection(profile_alias, since=since)
        where, values = selection.where(
            "c.asked_at", "c.session_id", "(SELECT activity FROM attempts WHERE id = c.attempt_id)"
        )
        for row in self.connection.execute(
            "SELECT c.id, c.device_id, c.session_id, p.alias, c.attempt_id, c.moment,"
            " c.feeling, c.asked_at, c.answer_s, c.profile_id"
            " FROM check_ins c JOIN profiles p ON p.id = c.profile_id"
            f" WHERE {where} ORDER BY c.asked_at, c.id",
            values,
        ):
            yield StoredCheckIn(*row)

    def last_level(self, profile_id: str, activity: str) -> int | None:
        """The child's current level of `activity`: the level of their most recent attempt,
        or the level an adult or a profile bundle set after it; None if neither exists."""
        row = self.connection.execute(
            "SELECT level FROM ("
            " SELECT level, started_at AS at FROM attempts WHERE profile_id = ? AND activity = ?"
            " UNION ALL SELECT to_level, changed_at FROM level_changes"
            " WHERE profile_id = ? AND activity = ?"
            ") ORDER BY at DESC LIMIT 1",
            (profile_id, activity, profile_id, activity),
        ).fetchone()
        return int(row[0]) if row else None

    def current_levels(self, profile_id: str) -> dict[str, int]:
        """The child's current level of every activity they have one for (see last_level)."""
        activities = self.connection.execute(
            "SELECT activity FROM attempts WHERE profile_id = ?"
            " UNION SELECT activity FROM level_changes WHERE profile_id = ?",
            (profile_id, profile_id),
        ).fetchall()
        levels = {name: self.last_level(profile_id, name) for (name,) in sorted(activities)}
        return {name: level for name, level in levels.items() if level is not None}

    def set_level(
        self, profile_id: str, activity: str, level: int, reason: str, at: datetime | None = None
    ) -> LevelChange:
        """Record that the child's level of `activity` is now `level`, and why (the
        launcher starts them there next time); `at`: when (default now, UTC)."""
        change = LevelChange(
            id=str(uuid.uuid4()),
            device_id=self.device_id,
            profile_id=profile_id,
            activity=activity,
            from_level=self.last_level(profile_id, activity),
            to_level=level,
            reason=reason,
            changed_at=utc_iso(at) if at is not None else _now_iso(),
        )
        check_level_change_record(change)
        with self._transaction():
            insert_level_change(self.connection, change)
        return change

    def difficulty(self, profile_id: str, activity: str) -> Difficulty:
        """The child's allowed range and rule in `activity` (defaults when never set)."""
        row = self.connection.execute(
            "SELECT lowest_level, highest_level, rule_json FROM difficulty"
            " WHERE profile_id = ? AND activity = ?",
            (profile_id, activity),
        ).fetchone()
        if row is None:
            return Difficulty()
        return Difficulty(row[0], row[1], json.loads(row[2]) if row[2] else None)

    def set_difficulty(self, profile_id: str, activity: str, difficulty: Difficulty) -> None:
        """Store the child's allowed range and rule in `activity`."""
        with self._transaction():
            self.connection.execute(
                "INSERT OR REPLACE INTO difficulty (profile_id, activity, lowest_level,"
                " highest_level, rule_json, device_id, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    profile_id,
                    activity,
                    difficulty.lowest,
                    difficulty.highest,
                    json.dumps(difficulty.rule, sort_keys=True) if difficulty.rule else None,
                    self.device_id,
                    _now_iso(),
                ),
            )

    def attempts_since_level_set(self, profile_id: str, activity: str) -> list[StoredAttempt]:
        """The child's attempts of `activity` after their level was last set by a stored
        level change (all of them if it never was), oldest first: what the mastery rule
        reads."""
        row = self.connection.execute(
            "SELECT MAX(changed_at) FROM level_changes WHERE profile_id = ? AND activity = ?",
            (profile_id, activity),
        ).fetchone()
        since = row[0] if row and row[0] else None
        chosen = Selection(activity=activity, since=since, profile_id=profile_id)
        return [a for a in self.attempts(selection=chosen) if since is None or a.started_at > since]

    def level_changes(self, profile_id: str | None = None) -> list[LevelChange]:
        """Recorded level changes in time order, of one child or of everyone."""
        rows = self.connection.execute(
            "SELECT id, device_id, profile_id, activity, from_level, to_level, reason,"
            " changed_at FROM level_changes WHERE ? IS NULL OR profile_id = ?"
            " ORDER BY changed_at, id",
            (profile_id, profile_id),
        ).fetchall()
        return [LevelChange(*row) for row in rows]

    def attempts(
        self,
        profile_alias: str | None = None,
        since: str | None = None,
        *,
        selection: Selection | None = None,
    ) -> Iterator[StoredAttempt]:
        """Attempts in start order: all, or one alias's from a UTC ISO date on, or as
        `selection` says."""
        selection = selection or Selection(profile_alias, since=since)
        where, values = selection.where("a.started_at", "a.session_id", "a.activity")
        query = (
            "SELECT a.id, a.device_id, a.session_id, a.profile_id, p.alias, a.activity,"
            " a.variant, a.level, a.parameters_json, a.intensity_json, a.started_at,"
            " a.duration_s, a.completion_time_s, a.accuracy, a.completed, a.abort_reason,"
            " a.px_per_mm, a.origin, a.dominant_hand, before.feeling, after.feeling,"
            " a.app_version, a.metric_layout, a.metric_values, a.pointer"
            " FROM attempts a JOIN profiles p ON p.id = a.profile_id"
            f" LEFT JOIN ({LATEST_FEELING}) before ON before.attempt_id = a.id"
            f" LEFT JOIN ({LATEST_FEELING.replace('before', 'after')}) after"
            " ON after.attempt_id = a.id"
            f" WHERE {where} ORDER BY a.started_at, a.id"
        )
        return map(StoredAttempt._make, self.connection.execute(query, values))

    def selected_profiles(self, selection: Selection) -> list[str]:
        """Ids of the profiles with an attempt or a check-in in `selection`."""
        attempts_where, values = selection.where("a.started_at", "a.session_id", "a.activity")
        check_ins_where, more = selection.where(
            "c.asked_at", "c.session_id", "(SELECT activity FROM attempts WHERE id = c.attempt_id)"
        )
        rows = self.connection.execute(
            "SELECT a.profile_id FROM attempts a JOIN profiles p ON p.id = a.profile_id"
            f" WHERE {attempts_where}"
            " UNION SELECT c.profile_id FROM check_ins c JOIN profiles p ON p.id = c.profile_id"
            f" WHERE {check_ins_where}",
            [*values, *more],
        ).fetchall()
        return [profile_id for (profile_id,) in rows]

    def metric_layouts(self, selection: Selection) -> list[str]:
        """The distinct metric_layout texts of the selected attempts (a CSV export's
        metric columns, known before its rows are read)."""
        where, values = selection.where("a.started_at", "a.session_id", "a.activity")
        rows = self.connection.execute(
            "SELECT DISTINCT a.metric_layout FROM attempts a JOIN profiles p ON p.id = a.profile_id"
            f" WHERE {where}",
            values,
        ).fetchall()
        return [text for (text,) in rows]

    def target(self, attempt_id: str) -> dict[str, Any] | None:
        """What the child was asked to do in this attempt (e.g. the paths traced), if the
        activity recorded it."""
        row = self.connection.execute(
            "SELECT data_json FROM attempt_targets WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def samples(self, attempt_id: str) -> list[dict[str, object]]:
        """The raw pointer samples of one attempt (t_s from the attempt's start)."""
        row = self.connection.execute(
            "SELECT data FROM attempt_samples WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()
        return sample_blob.unpack(row[0]) if row else []


@contextmanager
def _alias_taken_is_schema_error(alias: object) -> Iterator[None]:
    """A profile write that lost a race for its alias to another process (the UNIQUE
    alias_key) ends in add_profile's usual SchemaError, never an IntegrityError."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        if "alias_key" not in str(error):
            raise
        raise SchemaError("alias", alias, "is already used by another profile") from None


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (all-or-nothing); inside a
    transaction already open on the connection it joins that one (the outer one commits).

    A read-only log refuses before anything is tried. Another process's write lock is
    waited for up to the connection's busy timeout (WRITE_BUSY_TIMEOUT_S, BEGIN
    IMMEDIATE waits on it); still locked after that is a StorageError in one line."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.connection = repository.connection
        self.joined = False

    def __enter__(self) -> None:
        self.repository.refuse_if_read_only()
        if self.connection.in_transaction:
            self.joined = True
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if is_lock_error(error):
                raise self.repository._locked(error, "nothing was saved") from None
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
                    raise self.repository._locked(failure, "nothing was saved") from None
                raise
        else:
            self._rollback()
            if isinstance(error, sqlite3.OperationalError) and is_lock_error(error):
                raise self.repository._locked(error, "nothing was saved") from None

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
