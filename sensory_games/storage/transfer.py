"""Whole records in and out of the log, for exports, merges and profile bundles.

Reading: profile and session rows as plain dicts (the JSON export's fields). Writing:
another device's records inserted with their own ids and device ids, never over a row
that is already here (the caller decides what a difference means; see merge.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from sensory_games.storage import metric_pack
from sensory_games.storage import samples as sample_blob
from sensory_games.storage.repository import alias_key

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
)
PROFILE_FIELDS: tuple[str, ...] = (
    "profile_id",
    "device_id",
    *PROFILE_SETTINGS,
    "archived",
    "created_at",
)
SESSION_FIELDS: tuple[str, ...] = ("session_id", "device_id", "started_at", "ended_at")


def _chunks(ids: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    batch: list[str] = []
    for value in ids:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def profile_records(
    connection: sqlite3.Connection, ids: Iterable[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Profile id -> its row (PROFILE_FIELDS), in alias order; every profile when `ids`
    is None."""
    columns = (
        "id, device_id, alias, animal, colour, age_band, dominant_hand, pointer, intensity_preset,"
        " intensity_json, archived, created_at"
    )
    if ids is None:
        rows = connection.execute(f"SELECT {columns} FROM profiles ORDER BY alias_key").fetchall()
    else:
        rows = []
        for batch in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(batch))
            rows += connection.execute(
                f"SELECT {columns} FROM profiles WHERE id IN ({marks})", batch
            ).fetchall()
    records = {}
    for row in sorted(rows, key=lambda row: (alias_key(row[2]), row[0])):
        record = dict(zip(PROFILE_FIELDS, row, strict=True))
        record["intensity"] = json.loads(record["intensity"])
        record["archived"] = bool(record["archived"])
        records[record["profile_id"]] = record
    return records


def session_records(connection: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict]:
    """Session id -> its row (SESSION_FIELDS)."""
    records: dict[str, dict[str, Any]] = {}
    for batch in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(batch))
        for row in connection.execute(
            f"SELECT id, device_id, started_at, ended_at FROM sessions WHERE id IN ({marks})",
            batch,
        ):
            records[row[0]] = dict(zip(SESSION_FIELDS, row, strict=True))
    return records


# -- writing another device's records ----------------------------------------------------


def profile_by_key(connection: sqlite3.Connection, alias: str) -> str | None:
    """The id of the profile (archived or not) with this alias, compared as aliases are."""
    row = connection.execute(
        "SELECT id FROM profiles WHERE alias_key = ?", (alias_key(alias),)
    ).fetchone()
    return row[0] if row else None


def _settings(record: dict[str, Any]) -> tuple[Any, ...]:
    """alias, alias_key, animal, colour, age_band, dominant_hand, pointer, intensity_preset,
    intensity_json: the columns PROFILE_SETTINGS fill."""
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
    )


_SETTING_COLUMNS = (
    "alias, alias_key, animal, colour, age_band, dominant_hand, pointer, intensity_preset,"
    " intensity_json"
)


def insert_profile(connection: sqlite3.Connection, record: dict[str, Any]) -> None:
    """Insert a profile row as it came (PROFILE_FIELDS)."""
    connection.execute(
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


def update_profile(connection: sqlite3.Connection, record: dict[str, Any]) -> None:
    """Overwrite a profile's settings (PROFILE_SETTINGS) by id."""
    assignments = ", ".join(f"{column.strip()} = ?" for column in _SETTING_COLUMNS.split(","))
    connection.execute(
        f"UPDATE profiles SET {assignments} WHERE id = ?",
        (*_settings(record), record["profile_id"]),
    )


def insert_session(connection: sqlite3.Connection, record: dict[str, Any], profile_id: str) -> None:
    connection.execute(
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


def end_session(connection: sqlite3.Connection, session_id: str, ended_at: str) -> None:
    """Fill in the end of a session that this device had left open."""
    connection.execute(
        "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        (ended_at, session_id),
    )


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


def attempt_summary(connection: sqlite3.Connection, attempt_id: str) -> dict[str, Any] | None:
    """What decides whether two copies of an attempt are the same one (see merge.py)."""
    row = connection.execute(
        "SELECT started_at, activity, level, completed, accuracy, completion_time_s, duration_s"
        " FROM attempts WHERE id = ?",
        (attempt_id,),
    ).fetchone()
    if row is None:
        return None
    summary = dict(zip(ATTEMPT_IDENTITY, row, strict=True))
    summary["completed"] = bool(summary["completed"])
    return summary


def insert_attempt(
    connection: sqlite3.Connection,
    record: dict[str, Any],
    session_id: str,
    profile_id: str,
) -> None:
    """Insert an attempt as exported in JSON (with metrics, and samples and target when
    the export had them)."""
    connection.execute(
        "INSERT INTO attempts (id, device_id, session_id, profile_id, activity, variant,"
        " level, parameters_json, intensity_json, started_at, duration_s,"
        " completion_time_s, accuracy, completed, abort_reason, app_version,"
        " px_per_mm, origin, dominant_hand, metric_layout, metric_values, pointer)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record["attempt_id"],
            record["device_id"],
            session_id,
            profile_id,
            record["activity"],
            record["variant"],
            int(record["level"]),
            json.dumps(record["parameters"], sort_keys=True),
            json.dumps(record["intensity"], sort_keys=True),
            record["started_at"],
            float(record["duration_s"]),
            record["completion_time_s"],
            record["accuracy"],
            int(bool(record["completed"])),
            record["abort_reason"],
            record.get("app_version") or "unknown",
            record["px_per_mm"],
            record["origin"],
            record["dominant_hand"],
            *metric_pack.pack({n: (m["value"], m["unit"]) for n, m in record["metrics"].items()}),
            record["pointer"],
        ),
    )
    connection.executemany(
        "INSERT INTO attempt_metrics (attempt_id, device_id, name, value, unit)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (record["attempt_id"], record["device_id"], name, float(m["value"]), m["unit"])
            for name, m in sorted(record["metrics"].items())
        ],
    )
    if "samples" in record:
        connection.execute(
            "INSERT INTO attempt_samples (attempt_id, device_id, sample_count, format, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                record["attempt_id"],
                record["device_id"],
                len(record["samples"]),
                sample_blob.FORMAT,
                sample_blob.pack_records(record["samples"]),
            ),
        )
    if record.get("target") is not None:
        connection.execute(
            "INSERT INTO attempt_targets (attempt_id, device_id, data_json) VALUES (?, ?, ?)",
            (
                record["attempt_id"],
                record["device_id"],
                json.dumps(record["target"], sort_keys=True),
            ),
        )


def check_in_state(connection: sqlite3.Connection, check_in_id: str) -> tuple | None:
    """(feeling, moment, attempt_id) of a check-in already here, or None."""
    return connection.execute(
        "SELECT feeling, moment, attempt_id FROM check_ins WHERE id = ?", (check_in_id,)
    ).fetchone()


def insert_check_in(
    connection: sqlite3.Connection, record: dict[str, Any], session_id: str, profile_id: str
) -> None:
    connection.execute(
        "INSERT INTO check_ins (id, device_id, session_id, profile_id, attempt_id, moment,"
        " feeling, asked_at, answer_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        ),
    )


def link_check_in(connection: sqlite3.Connection, check_in_id: str, attempt_id: str) -> None:
    """Link a check-in this device had left unlinked to its attempt."""
    connection.execute(
        "UPDATE check_ins SET attempt_id = ? WHERE id = ? AND attempt_id IS NULL",
        (attempt_id, check_in_id),
    )


def has_row(connection: sqlite3.Connection, table: str, row_id: str) -> bool:
    """Whether `table` (sessions, attempts, level_changes) has a row with this id."""
    if table not in ("sessions", "attempts", "level_changes"):
        raise ValueError(f"has_row: unknown table {table!r}")
    return (
        connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None
    )


def owners(connection: sqlite3.Connection, table: str, row_id: str) -> tuple[str, str] | None:
    """(profile id, session id) of a session, attempt or check-in here (a session's own
    id as its session), or None when there is none: whose a merged record's twin is."""
    queries = {
        "sessions": "SELECT profile_id, id FROM sessions WHERE id = ?",
        "attempts": "SELECT profile_id, session_id FROM attempts WHERE id = ?",
        "check_ins": "SELECT profile_id, session_id FROM check_ins WHERE id = ?",
    }
    if table not in queries:
        raise ValueError(f"owners: unknown table {table!r}")
    row = connection.execute(queries[table], (row_id,)).fetchone()
    return (row[0], row[1]) if row else None
