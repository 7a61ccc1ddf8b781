"""Schema versions of the attempt log. Forward-only: version N runs scripts 1..N once.

The version lives in ``PRAGMA user_version``. Never edit a released step; add one. Each
step is a tuple of single statements (or functions of the connection, for data SQL
cannot convert), run in one transaction.
Child rows of an attempt (metrics, samples) carry the device id too, so rows from several
kiosks can be merged and traced to their tablet.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

from sensory_games.storage import csv_cells, journal_schema, metric_pack


def _pack_saved_metrics(connection: sqlite3.Connection) -> None:
    """Step 6 for the attempts already saved: their metrics packed from attempt_metrics."""
    grouped: dict[str, dict[str, tuple[float, str]]] = {}
    for attempt_id, name, value, unit in connection.execute(
        "SELECT attempt_id, name, value, unit FROM attempt_metrics"
    ):
        grouped.setdefault(attempt_id, {})[name] = (value, unit)
    connection.executemany(
        "UPDATE attempts SET metric_layout = ?, metric_values = ? WHERE id = ?",
        [(*metric_pack.pack(metrics), attempt_id) for attempt_id, metrics in grouped.items()],
    )


#: Step 14: the shipped tracing levels of before (by number, with the shapes each showed)
#: and the level of today (defaults/activities/tracing.yaml) that begins the same content.
#: Level 4 of before (diagonals, X, square, triangle at once) is today's 5 to 9, one new
#: form a level: a child there starts again at 5, the first of them.
TRACING_RENUMBERED: dict[int, tuple[str, int]] = {
    1: ("vertical_line", 1),
    2: ("vertical_line horizontal_line", 2),
    3: ("circle cross", 4),
    4: ("diagonal_down_right diagonal_down_left x_cross square triangle", 5),
    5: ("curves", 10),
    6: ("L T H E", 11),
    7: ("1 2 3 4 5", 12),
    8: ("a c o", 13),
}


def _renumber_tracing_levels(connection: sqlite3.Connection) -> None:
    """Step 14: stored tracing levels moved to today's numbers: the level of each attempt,
    the levels adults set and each child's level range. A log with a tracing attempt that
    did not show its level's shipped shapes played a clinic's own tracing.yaml, whose
    numbers still hold: it is left as it was."""
    played = connection.execute(
        "SELECT DISTINCT level, json_extract(parameters_json, '$.shapes') FROM attempts"
        " WHERE activity = 'tracing'"
    ).fetchall()
    if any(TRACING_RENUMBERED.get(level, ("",))[0] != shapes for level, shapes in played):
        return
    connection.execute("CREATE TEMP TABLE tracing_renumbered (old INTEGER, new INTEGER)")
    connection.executemany(
        "INSERT INTO tracing_renumbered VALUES (?, ?)",
        [(old, new) for old, (_, new) in TRACING_RENUMBERED.items()],
    )
    new = "COALESCE((SELECT new FROM tracing_renumbered WHERE old = {0}), {0})"
    for table, columns in (
        ("attempts", ("level",)),
        ("level_changes", ("from_level", "to_level")),
        ("difficulty", ("lowest_level", "highest_level")),
    ):
        moves = ", ".join(f"{column} = {new.format(column)}" for column in columns)
        connection.execute(f"UPDATE {table} SET {moves} WHERE activity = 'tracing'")
    connection.execute("DROP TABLE tracing_renumbered")


#: A step is SQL statements, or a function of the connection for what SQL cannot do.
Step = tuple[str | Callable[[sqlite3.Connection], None], ...]

MIGRATIONS: tuple[Step, ...] = (
    # 1: profiles, sessions, attempts, metrics, raw samples
    (
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE profiles (
            id               TEXT PRIMARY KEY,
            device_id        TEXT NOT NULL,
            alias            TEXT NOT NULL,
            alias_key        TEXT NOT NULL UNIQUE,  -- alias.casefold(): "Zoë" and "ZOË" clash
            animal           TEXT NOT NULL,
            colour           INTEGER NOT NULL,
            age_band         TEXT NOT NULL,
            dominant_hand    TEXT NOT NULL,
            intensity_preset TEXT NOT NULL,
            intensity_json   TEXT NOT NULL,
            created_at       TEXT NOT NULL,
            archived         INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE sessions (
            id          TEXT PRIMARY KEY,
            device_id   TEXT NOT NULL,
            profile_id  TEXT NOT NULL REFERENCES profiles(id),
            started_at  TEXT NOT NULL,
            ended_at    TEXT
        )
        """,
        """
        CREATE TABLE attempts (
            id                TEXT PRIMARY KEY,
            device_id         TEXT NOT NULL,
            session_id        TEXT NOT NULL REFERENCES sessions(id),
            profile_id        TEXT NOT NULL REFERENCES profiles(id),
            activity          TEXT NOT NULL,
            variant           TEXT NOT NULL,
            level             INTEGER NOT NULL,
            parameters_json   TEXT NOT NULL,
            intensity_json    TEXT NOT NULL,
            started_at        TEXT NOT NULL,
            duration_s        REAL NOT NULL,
            completion_time_s REAL,
            accuracy          REAL,
            completed         INTEGER NOT NULL,
            abort_reason      TEXT,
            app_version       TEXT NOT NULL
        )
        """,
        """
        CREATE INDEX attempts_by_profile ON attempts(profile_id, started_at)
        """,
        """
        CREATE TABLE attempt_metrics (
            attempt_id TEXT NOT NULL REFERENCES attempts(id),
            device_id  TEXT NOT NULL,
            name       TEXT NOT NULL,
            value      REAL NOT NULL,
            unit       TEXT NOT NULL,
            PRIMARY KEY (attempt_id, name)
        )
        """,
        """
        CREATE TABLE attempt_samples (
            attempt_id   TEXT PRIMARY KEY REFERENCES attempts(id),
            device_id    TEXT NOT NULL,
            sample_count INTEGER NOT NULL,
            format       TEXT NOT NULL,
            data         BLOB NOT NULL
        )
        """,
    ),
    # 2: the display density and origin of each attempt; what the child was asked to do
    (
        "ALTER TABLE attempts ADD COLUMN px_per_mm REAL",
        "ALTER TABLE attempts ADD COLUMN origin TEXT NOT NULL DEFAULT 'child'",
        """
        CREATE TABLE attempt_targets (
            attempt_id TEXT PRIMARY KEY REFERENCES attempts(id),
            device_id  TEXT NOT NULL,
            data_json  TEXT NOT NULL
        )
        """,
    ),
    # 3: the child's dominant hand at the time of each attempt (profiles can change)
    ("ALTER TABLE attempts ADD COLUMN dominant_hand TEXT NOT NULL DEFAULT 'unknown'",),
    # 4: the child's regulation check-ins (session start/end, before/after a calm attempt)
    (
        """
        CREATE TABLE check_ins (
            id          TEXT PRIMARY KEY,
            device_id   TEXT NOT NULL,
            session_id  TEXT NOT NULL REFERENCES sessions(id),
            profile_id  TEXT NOT NULL REFERENCES profiles(id),
            attempt_id  TEXT REFERENCES attempts(id),  -- before/after: the calm attempt
            moment      TEXT NOT NULL,                 -- session_start|before|after|session_end
            feeling     INTEGER,                       -- 1..5; NULL: no answer
            asked_at    TEXT NOT NULL,
            answer_s    REAL
        )
        """,
        "CREATE INDEX check_ins_by_session ON check_ins(session_id, asked_at)",
        "CREATE INDEX check_ins_by_attempt ON check_ins(attempt_id)",
    ),
    # 5: a child's level set by an adult or a profile bundle (not by playing), with why
    (
        """
        CREATE TABLE level_changes (
            id          TEXT PRIMARY KEY,
            device_id   TEXT NOT NULL,
            profile_id  TEXT NOT NULL REFERENCES profiles(id),
            activity    TEXT NOT NULL,
            from_level  INTEGER,                       -- NULL: the child had no level yet
            to_level    INTEGER NOT NULL,
            reason      TEXT NOT NULL,
            changed_at  TEXT NOT NULL
        )
        """,
        "CREATE INDEX level_changes_by_profile ON level_changes(profile_id, activity, changed_at)",
    ),
    # 6: each attempt's metrics also packed in its own row (storage/metric_pack.py), so an
    # export of 100,000 attempts reads one row per attempt instead of ten or more, in
    # start order from an index; attempts saved before this step are packed here.
    (
        "ALTER TABLE attempts ADD COLUMN metric_layout TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE attempts ADD COLUMN metric_values BLOB NOT NULL DEFAULT X''",
        "CREATE INDEX attempts_by_start ON attempts(started_at, id)",
        _pack_saved_metrics,
    ),
    # 7: what a therapist allows per child and activity: the level range the mastery rule
    # stays in, and the child's own rule (NULL: the clinic's, app.yaml mastery)
    (
        """
        CREATE TABLE difficulty (
            profile_id    TEXT NOT NULL REFERENCES profiles(id),
            activity      TEXT NOT NULL,
            lowest_level  INTEGER NOT NULL,
            highest_level INTEGER,                 -- NULL: the activity's last level
            rule_json     TEXT,                    -- NULL: the clinic's mastery rule
            device_id     TEXT NOT NULL,
            updated_at    TEXT NOT NULL,
            PRIMARY KEY (profile_id, activity)
        )
        """,
    ),
    # 8: what adults did (profile edits, level and rule changes, the PIN, exports,
    # merges, live sensory changes), with when: the therapist's audit list
    (
        """
        CREATE TABLE audit (
            id          TEXT PRIMARY KEY,
            device_id   TEXT NOT NULL,
            at          TEXT NOT NULL,
            action      TEXT NOT NULL,
            profile_id  TEXT,                      -- the child it was about, if one
            detail      TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_by_time ON audit(at)",
    ),
    # 9: the therapist's notes on a child (the console's profile page)
    ("ALTER TABLE profiles ADD COLUMN notes TEXT NOT NULL DEFAULT ''",),
    # 10: the child's session plan (a name in plans/; NULL: none)
    ("ALTER TABLE profiles ADD COLUMN plan TEXT",),
    # 11: finger or stylus: the child's usual way (profile) and what each attempt used
    (
        "ALTER TABLE profiles ADD COLUMN pointer TEXT NOT NULL DEFAULT 'finger'",
        "ALTER TABLE attempts ADD COLUMN pointer TEXT NOT NULL DEFAULT 'unknown'",
    ),
    # 12: the scale each check-in was asked on (its value means something only on it;
    # check-ins saved before were asked on the five faces), and the child's language,
    # spoken prompts on or off, and own check-in scale ('': the clinic's)
    (
        "ALTER TABLE check_ins ADD COLUMN scale TEXT NOT NULL DEFAULT 'faces'",
        "ALTER TABLE profiles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE profiles ADD COLUMN voice INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE profiles ADD COLUMN check_in_scale TEXT NOT NULL DEFAULT ''",
    ),
    # 13: a child's goals (Goal Attainment Scaling: a metric of an activity at a level,
    # five thresholds for -2..+2 as a JSON list) and the therapists' notes on a session
    (
        """
        CREATE TABLE goals (
            id              TEXT PRIMARY KEY,
            device_id       TEXT NOT NULL,
            profile_id      TEXT NOT NULL REFERENCES profiles(id),
            activity        TEXT NOT NULL,
            level           INTEGER NOT NULL,
            metric          TEXT NOT NULL,
            thresholds_json TEXT NOT NULL,          -- [t(-2), t(-1), t(0), t(+1), t(+2)]
            baseline        INTEGER NOT NULL,       -- the GAS level at the start
            attempts        INTEGER NOT NULL,       -- the median of this many latest
            description     TEXT NOT NULL,
            start_date      TEXT NOT NULL,          -- YYYY-MM-DD, UTC
            review_date     TEXT,
            created_at      TEXT NOT NULL,
            ended_at        TEXT                    -- NULL: the goal is open
        )
        """,
        "CREATE INDEX goals_by_profile ON goals(profile_id)",
        """
        CREATE TABLE session_notes (
            id          TEXT PRIMARY KEY,
            device_id   TEXT NOT NULL,
            session_id  TEXT NOT NULL REFERENCES sessions(id),
            author      TEXT NOT NULL,
            written_at  TEXT NOT NULL,
            text        TEXT NOT NULL
        )
        """,
        "CREATE INDEX session_notes_by_session ON session_notes(session_id)",
    ),
    # 14: tracing levels renumbered (pre-writing forms one a level, in Beery order):
    # stored tracing levels and level ranges moved to the level with the same content
    (_renumber_tracing_levels,),
    # 15: the sync journal (storage/sync_journal.py): every record made or changed here,
    # in order, for the clinic server; each profile's last settings change (the latest
    # change made on any device is the one every device keeps)
    (
        """
        CREATE TABLE sync_journal (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            kind      TEXT NOT NULL,
            record_id TEXT NOT NULL,
            token     TEXT NOT NULL DEFAULT (lower(hex(randomblob(8))))  -- this line's own
        )
        """,
        "CREATE INDEX sync_journal_by_kind ON sync_journal(kind, seq)",
        "ALTER TABLE profiles ADD COLUMN changed_at TEXT",
        *journal_schema.TRIGGERS,
        *journal_schema.JOURNAL_EXISTING,
    ),
    # 16: each attempt's attempts-CSV cells, formatted once when it is written, in a
    # narrow table in the export's order (storage/csv_cells.py): the attempts saved
    # before are formatted here, once
    (*csv_cells.TABLES, csv_cells.store_csv_rows, *csv_cells.INDEXES, *csv_cells.TRIGGERS),
    # 17: the attempts CSV's triggers made again (a log brought to step 16 by one of its
    # first builds kept an insert trigger that refuses the row write_attempt now writes);
    # a child's attempts in start order with their sessions read from the index alone,
    # and a child's sessions found by index (the JSON export, queries.py _child_rows and
    # CHILD_CHECK_INS: 0.13 s of 100,000 attempts' export)
    (
        *csv_cells.TRIGGERS_AGAIN,
        "DROP INDEX IF EXISTS attempts_by_profile",
        "CREATE INDEX attempts_by_profile ON attempts(profile_id, started_at, id, session_id)",
        "CREATE INDEX IF NOT EXISTS sessions_by_profile ON sessions(profile_id)",
    ),
)

LATEST_VERSION = len(MIGRATIONS)


def migrate(connection: sqlite3.Connection, now_iso: str) -> int:
    """Bring the database to LATEST_VERSION; returns the version. A new log is made in
    one transaction (one commit, each of which waits for the disk: 15 took 22 ms of a
    first start); an older log takes one transaction per step (a step that rewrites a big
    log keeps the steps before it).

    Several processes may open a new or older log at the same moment (two kiosk apps, an
    autoplay and a console): each transaction takes the write lock (BEGIN IMMEDIATE,
    which waits on the connection's busy timeout) before it reads the version, so a step
    another process has just run is skipped, never run twice."""
    if connection.execute("PRAGMA user_version").fetchone()[0] >= LATEST_VERSION:
        return LATEST_VERSION  # the usual case: no write lock needed at all
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            number = connection.execute("PRAGMA user_version").fetchone()[0] + 1
            if number > LATEST_VERSION:
                connection.execute("COMMIT")
                return LATEST_VERSION
            last = LATEST_VERSION if number == 1 else number
            for step in range(number, last + 1):
                for statement in MIGRATIONS[step - 1]:
                    if callable(statement):
                        statement(connection)
                    else:
                        connection.execute(statement)
                if step == 1:
                    connection.execute(
                        "INSERT INTO meta (key, value) VALUES ('device_id', ?), ('created_at', ?)",
                        (str(uuid.uuid4()), now_iso),
                    )
            connection.execute(f"PRAGMA user_version = {int(last)}")
            connection.execute("COMMIT")
            if last == LATEST_VERSION:
                return LATEST_VERSION
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
