"""What a child's session writes: the session itself, each finished or aborted attempt
(its row, metrics, raw samples and target in one transaction) and each check-in. Saving
the same attempt, check-in or session again changes nothing, so a fallback file of
unsaved records can be written later without doubling anything."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import utc_iso
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.csv_cells import NEW_LAYOUT, NEW_ROW, stored_cells
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.rows import ATTEMPT_COLUMNS, AttemptRecord, StoredAttempt, stored_attempt

#: An attempt's row, its values named by their columns (ATTEMPT_COLUMNS).
_INSERT_ATTEMPT = (
    f"INSERT INTO attempts ({', '.join(ATTEMPT_COLUMNS.values())})"
    f" VALUES ({', '.join(':' + name for name in ATTEMPT_COLUMNS.values())})"
)


def write_attempt(
    connection: sqlite3.Connection,
    row: StoredAttempt,
    metrics: Mapping[str, tuple[float, str]],
    samples: tuple[int, bytes] | None,
    target: Any,
) -> None:
    """Write one attempt (inside the caller's transaction): its row (ATTEMPT_COLUMNS) and
    its attempts-CSV cells (storage/csv_cells.py), its metrics (name -> value, unit), its
    packed raw samples (how many, the blob; None: none kept) and its target (None: none
    recorded). The one way an attempt, this device's or a merged one, goes into the log.
    Its CSV row is written first: should a write fail, the caller's transaction must be
    rolled back (every caller's is)."""
    head, own, tail = stored_cells(row)
    columns = {name: getattr(row, field) for field, name in ATTEMPT_COLUMNS.items()}
    named = {**columns, "head": head, "own": own, "tail": tail}
    connection.execute(NEW_LAYOUT, named)
    connection.execute(NEW_ROW, named)  # (its CSV row first: the attempt's trigger keeps it)
    connection.execute(_INSERT_ATTEMPT, columns)
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


class Sessions(OpenLog):
    """The sessions, attempts (with their metrics, samples and targets) and check-ins
    tables, as a session writes them."""

    def start_session(
        self, profile_id: str, started_at: datetime, session_id: str | None = None
    ) -> str:
        """Store a new session (`session_id`: one made before the log could take it;
        saving it again changes nothing) and return its id."""
        session_id = session_id or str(uuid.uuid4())
        with self.transaction():
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
        with self.transaction():
            self.connection.execute(
                "UPDATE sessions SET ended_at = ? WHERE id = ?", (utc_iso(ended_at), session_id)
            )

    def save_attempt(self, attempt: AttemptRecord) -> bool:
        """Write the attempt, its metrics, raw samples and target in one transaction.
        Saving the same attempt again changes nothing (False)."""
        result = attempt.result
        row = stored_attempt(attempt, self.device_id)
        with self.transaction():
            if self.has_attempt(attempt.id):
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
        with self.transaction():
            cursor = self.connection.execute(
                "INSERT OR IGNORE INTO check_ins (id, device_id, session_id, profile_id,"
                " attempt_id, moment, feeling, asked_at, answer_s, scale)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    check_in.scale,
                ),
            )
        return cursor.rowcount == 1
