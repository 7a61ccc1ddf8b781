"""Whole records in and out of the log, for exports, merges and profile bundles.

:class:`RecordStore` is what :meth:`Repository.transfer` hands out: the only way code
outside storage/ reads or writes whole records. Reading: profile and session rows as
plain dicts (the JSON export's fields). Writing: another device's records inserted with
their own ids and device ids, never over a row that is already here (the caller decides
what a difference means; see merge.py), grouped in ``repository.transaction()``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from sensory_games.storage import metric_pack
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.goals import (
    GOAL_COLUMNS,
    INSERT_GOAL,
    INSERT_NOTE,
    goal_of_row,
    goal_record,
)
from sensory_games.storage.levels import insert_level_change as write_level_change
from sensory_games.storage.rows import LevelChange, StoredAttempt, alias_key
from sensory_games.storage.sessions import write_attempt

#: What a therapist sets on a profile (compared when two copies meet).
PROFILE_SETTINGS: tuple[str, ...] = (
    "alias",
    "animal",
    "colour",
    "age_band",
    "dominant_hand",
    "pointer",
    "intensity_preset",
    "intensity",
    "language",
    "voice",
    "check_in_scale",
)
PROFILE_FIELDS: tuple[str, ...] = (
    "profile_id",
    "device_id",
    *PROFILE_SETTINGS,
    "archived",
    "created_at",
)
SESSION_FIELDS: tuple[str, ...] = ("session_id", "device_id", "started_at", "ended_at")

#: The fields two copies of one attempt must agree on to be the same attempt.
ATTEMPT_IDENTITY: tuple[str, ...] = (
    "started_at",
    "activity",
    "level",
    "completed",
    "accuracy",
    "completion_time_s",
    "duration_s",
)

_SETTING_COLUMNS = (
    "alias, alias_key, animal, colour, age_band, dominant_hand, pointer, intensity_preset,"
    " intensity_json, language, voice, check_in_scale"
)


def _chunks(ids: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    """`ids` in lists of at most `size` (SQLite's limit on parameters in one query)."""
    batch: list[str] = []
    for value in ids:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _settings(record: dict[str, Any]) -> tuple[Any, ...]:
    """alias, alias_key, animal, colour, age_band, dominant_hand, pointer, intensity_preset,
    intensity_json, language, voice, check_in_scale: the columns PROFILE_SETTINGS fill."""
    return (
        record["alias"],
        alias_key(record["alias"]),
        record["animal"],
        int(record["colour"]),
        record["age_band"],
        record["dominant_hand"],
        record["pointer"],
        record["intensity_preset"],
        json.dumps(record["intensity"], sort_keys=True),
        record["language"],
        int(bool(record["voice"])),
        record["check_in_scale"],
    )


def stored_attempt_of(record: dict[str, Any], session_id: str, profile_id: str) -> StoredAttempt:
    """An attempt as exported in JSON (records.ATTEMPT) as the log stores it, in
    `session_id` of `profile_id` here (an app version the export lacks is "unknown")."""
    layout, values = metric_pack.pack(
        {name: (m["value"], m["unit"]) for name, m in record["metrics"].items()}
    )
    return StoredAttempt(
        id=record["attempt_id"],
        device_id=record["device_id"],
        session_id=session_id,
        profile_id=profile_id,
        profile_alias="",
        activity=record["activity"],
        variant=record["variant"],
        level=int(record["level"]),
        parameters_json=json.dumps(record["parameters"], sort_keys=True),
        intensity_json=json.dumps(record["intensity"], sort_keys=True),
        started_at=record["started_at"],
        duration_s=float(record["duration_s"]),
        completion_time_s=record["completion_time_s"],
        accuracy=record["accuracy"],
        completed_flag=int(bool(record["completed"])),
        abort_reason=record["abort_reason"],
        px_per_mm=record["px_per_mm"],
        origin=record["origin"],
        dominant_hand=record["dominant_hand"],
        feeling_before=None,
        feeling_after=None,
        app_version=record.get("app_version") or "unknown",
        metric_layout_json=layout,
        metric_values_blob=values,
        pointer=record["pointer"],
    )


class RecordStore:
    """Whole records of one log, read and written on its connection (from
    :meth:`Repository.transfer`). Writes join the transaction the caller opened with
    ``repository.transaction()``: one merged file or one bundle is all or nothing."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    # -- reading ---------------------------------------------------------------------------

    def profile_records(self, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """Profile id -> its row (PROFILE_FIELDS), in alias order; every profile when
        `ids` is None."""
        columns = (
            "id, device_id, alias, animal, colour, age_band, dominant_hand, pointer,"
            " intensity_preset, intensity_json, language, voice, check_in_scale, archived,"
            " created_at"
        )
        if ids is None:
            rows = self._connection.execute(
                f"SELECT {columns} FROM profiles ORDER BY alias_key"
            ).fetchall()
        else:
            rows = []
            for batch in _chunks(sorted(set(ids))):
                marks = ",".join("?" * len(batch))
                rows += self._connection.execute(
                    f"SELECT {columns} FROM profiles WHERE id IN ({marks})", batch
                ).fetchall()
        records = {}
        for row in sorted(rows, key=lambda row: (alias_key(row[2]), row[0])):
            record = dict(zip(PROFILE_FIELDS, row, strict=True))
            record["intensity"] = json.loads(record["intensity"])
            record["archived"] = bool(record["archived"])
            record["voice"] = bool(record["voice"])
            records[record["profile_id"]] = record
        return records

    def session_records(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Session id -> its row (SESSION_FIELDS)."""
        records: dict[str, dict[str, Any]] = {}
        for batch in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(batch))
            for row in self._connection.execute(
                f"SELECT id, device_id, started_at, ended_at FROM sessions WHERE id IN ({marks})",
                batch,
            ):
                records[row[0]] = dict(zip(SESSION_FIELDS, row, strict=True))
        return records

    def profile_by_key(self, alias: str) -> str | None:
        """The id of the profile (archived or not) with this alias, compared as aliases
        are."""
        row = self._connection.execute(
            "SELECT id FROM profiles WHERE alias_key = ?", (alias_key(alias),)
        ).fetchone()
        return row[0] if row else None

    def attempt_summary(self, attempt_id: str) -> dict[str, Any] | None:
        """What decides whether two copies of an attempt are the same one
        (ATTEMPT_IDENTITY; see merge.py), or None when the attempt is not here."""
        row = self._connection.execute(
            f"SELECT {', '.join(ATTEMPT_IDENTITY)} FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        if row is None:
            return None
        summary = dict(zip(ATTEMPT_IDENTITY, row, strict=True))
        summary["completed"] = bool(summary["completed"])
        return summary

    def check_in_state(self, check_in_id: str) -> tuple[Any, ...] | None:
        """(feeling, moment, attempt_id, scale) of a check-in already here, or None."""
        state: tuple[Any, ...] | None = self._connection.execute(
            "SELECT feeling, moment, attempt_id, scale FROM check_ins WHERE id = ?",
            (check_in_id,),
        ).fetchone()
        return state

    def has_row(self, table: str, row_id: str) -> bool:
        """Whether `table` (sessions, attempts, level_changes) has a row with this id."""
        if table not in ("sessions", "attempts", "level_changes"):
            raise ValueError(f"has_row: unknown table {table!r}")
        query = f"SELECT 1 FROM {table} WHERE id = ?"
        return self._connection.execute(query, (row_id,)).fetchone() is not None

    def owners(self, table: str, row_id: str) -> tuple[str, str] | None:
        """(profile id, session id) of a session, attempt or check-in here (a session's
        own id as its session), or None when there is none: whose a merged record's twin
        is."""
        queries = {
            "sessions": "SELECT profile_id, id FROM sessions WHERE id = ?",
            "attempts": "SELECT profile_id, session_id FROM attempts WHERE id = ?",
            "check_ins": "SELECT profile_id, session_id FROM check_ins WHERE id = ?",
        }
        if table not in queries:
            raise ValueError(f"owners: unknown table {table!r}")
        row = self._connection.execute(queries[table], (row_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def goal_here(self, goal_id: str) -> tuple[str, dict[str, Any]] | None:
        """(profile id, the goal as the JSON export carries it) of a goal here, or None."""
        row = self._connection.execute(
            f"SELECT {GOAL_COLUMNS} FROM goals WHERE id = ?", (goal_id,)
        ).fetchone()
        if row is None:
            return None
        goal = goal_of_row(*row)
        return goal.profile_id, goal_record(goal)

    def note_here(self, note_id: str) -> tuple[str, dict[str, Any]] | None:
        """(session id, the note as the JSON export carries it) of a note here, or None."""
        row = self._connection.execute(
            "SELECT session_id, id, device_id, author, written_at, text FROM session_notes"
            " WHERE id = ?",
            (note_id,),
        ).fetchone()
        if row is None:
            return None
        keys = ("note_id", "device_id", "author", "written_at", "text")
        return row[0], dict(zip(keys, row[1:], strict=True))

    # -- writing another device's records --------------------------------------------------

    def insert_profile(self, record: dict[str, Any]) -> None:
        """Insert a profile row as it came (PROFILE_FIELDS)."""
        self._connection.execute(
            f"INSERT INTO profiles (id, device_id, {_SETTING_COLUMNS}, created_at, archived)"
            f" VALUES ({', '.join('?' * (len(PROFILE_SETTINGS) + 5))})",
            (
                record["profile_id"],
                record["device_id"],
                *_settings(record),
                record["created_at"],
                int(bool(record["archived"])),
            ),
        )

    def update_profile(self, record: dict[str, Any]) -> None:
        """Overwrite a profile's settings (PROFILE_SETTINGS) by id."""
        assignments = ", ".join(f"{column.strip()} = ?" for column in _SETTING_COLUMNS.split(","))
        self._connection.execute(
            f"UPDATE profiles SET {assignments} WHERE id = ?",
            (*_settings(record), record["profile_id"]),
        )

    def insert_session(self, record: dict[str, Any], profile_id: str) -> None:
        """Insert a session as it came (SESSION_FIELDS), as `profile_id`'s here."""
        self._connection.execute(
            "INSERT INTO sessions (id, device_id, profile_id, started_at, ended_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                record["session_id"],
                record["device_id"],
                profile_id,
                record["started_at"],
                record["ended_at"],
            ),
        )

    def end_session(self, session_id: str, ended_at: str) -> None:
        """Fill in the end (UTC ISO-8601) of a session that this device had left open."""
        self._connection.execute(
            "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
            (ended_at, session_id),
        )

    def insert_attempt(self, record: dict[str, Any], session_id: str, profile_id: str) -> None:
        """Insert an attempt as exported in JSON (with metrics, and samples and target
        when the export had them), as the app saves one of its own."""
        samples = record.get("samples")
        write_attempt(
            self._connection,
            stored_attempt_of(record, session_id, profile_id),
            {name: (m["value"], m["unit"]) for name, m in record["metrics"].items()},
            None if samples is None else (len(samples), sample_blob.pack_records(samples)),
            record.get("target"),
        )

    def insert_check_in(self, record: dict[str, Any], session_id: str, profile_id: str) -> None:
        """Insert a check-in as exported (records.CHECK_IN), in `session_id` of
        `profile_id` here."""
        self._connection.execute(
            "INSERT INTO check_ins (id, device_id, session_id, profile_id, attempt_id, moment,"
            " feeling, asked_at, answer_s, scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record["check_in_id"],
                record["device_id"],
                session_id,
                profile_id,
                record["attempt_id"],
                record["moment"],
                record["feeling"],
                record["asked_at"],
                record["answer_s"],
                record["scale"],
            ),
        )

    def link_check_in(self, check_in_id: str, attempt_id: str) -> None:
        """Link a check-in this device had left unlinked to its attempt."""
        self._connection.execute(
            "UPDATE check_ins SET attempt_id = ? WHERE id = ? AND attempt_id IS NULL",
            (attempt_id, check_in_id),
        )

    def insert_level_change(self, change: LevelChange) -> None:
        """Write one level change (a merged one, or a bundle's) as it is."""
        write_level_change(self._connection, change)

    def insert_goal(self, record: dict[str, Any], profile_id: str) -> None:
        """Insert a goal as exported (goals.GOAL_RECORD), as `profile_id`'s here."""
        self._connection.execute(
            INSERT_GOAL,
            (
                record["goal_id"],
                record["device_id"],
                profile_id,
                record["activity"],
                record["level"],
                record["metric"],
                json.dumps([float(v) for v in record["thresholds"]]),
                record["baseline"],
                record["attempts"],
                record["description"] or "",
                record["start_date"],
                record["review_date"],
                record["created_at"],
                record["ended_at"],
            ),
        )

    def end_goal(self, goal_id: str, ended_at: str) -> None:
        """End (UTC) a goal this device still had open: an ended goal stays ended."""
        self._connection.execute(
            "UPDATE goals SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (ended_at, goal_id)
        )

    def insert_note(self, record: dict[str, Any], session_id: str) -> None:
        """Insert a session note as exported (goals.SESSION_NOTE_RECORD) on `session_id`."""
        self._connection.execute(
            INSERT_NOTE,
            (
                record["note_id"],
                record["device_id"],
                session_id,
                record["author"],
                record["written_at"],
                record["text"],
            ),
        )
