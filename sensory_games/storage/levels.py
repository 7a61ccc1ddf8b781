"""A child's levels: the current level of each activity (their latest attempt's, or the
one an adult or a profile bundle set after it), the level changes with their reasons,
and the range and rule a therapist allows in each activity (the difficulty table)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime

from sensory_games.domain.clock import utc_iso
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.rows import Difficulty, LevelChange, check_level_change_record, now_iso

#: The level changes (LevelChange's fields) in time order, of one child (None: everyone).
LEVEL_CHANGES = (
    "SELECT id, device_id, profile_id, activity, from_level, to_level, reason, changed_at"
    " FROM level_changes WHERE ? IS NULL OR profile_id = ? ORDER BY changed_at, id"
)


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


class Levels(OpenLog):
    """The level_changes and difficulty tables, and the levels attempts were played at."""

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
            changed_at=utc_iso(at) if at is not None else now_iso(),
        )
        check_level_change_record(change)
        with self.transaction():
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
        with self.transaction():
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
                    now_iso(),
                ),
            )

    def level_changes(self, profile_id: str | None = None) -> list[LevelChange]:
        """Recorded level changes in time order, of one child or of everyone."""
        return self._rows(LevelChange, LEVEL_CHANGES, (profile_id, profile_id))
