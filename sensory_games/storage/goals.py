"""A child's goals (Goal Attainment Scaling, domain/goals.py) and the therapists' notes on
a session: the goals and session_notes tables (schema step 13).

A goal is stored as the therapist set it (its scale, baseline, dates) and ended rather
than deleted, so a progress note written last term can still be traced; its attainment is
never stored, it is computed from the attempts each time (services/goals.py). A note
belongs to one session, with who wrote it and when (UTC)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sensory_games.storage.opening import OpenLog
from sensory_games.storage.rows import now_iso

GOAL_COLUMNS = (
    "id, device_id, profile_id, activity, level, metric, thresholds_json, baseline, attempts,"
    " description, start_date, review_date, created_at, ended_at"
)
NOTE_COLUMNS = "n.id, n.device_id, n.session_id, s.profile_id, n.author, n.written_at, n.text"
#: The statements that store a goal (GOAL_COLUMNS' values in order) and a session note:
#: one each for a goal set here and one merged from another device (storage/transfer.py).
INSERT_GOAL = (
    f"INSERT INTO goals ({GOAL_COLUMNS}) VALUES ({', '.join('?' * (GOAL_COLUMNS.count(',') + 1))})"
)
INSERT_NOTE = (
    "INSERT INTO session_notes (id, device_id, session_id, author, written_at, text)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class StoredGoal:
    """One goal as stored: `thresholds` for GAS levels -2..+2, `start_date` and
    `review_date` as YYYY-MM-DD, `ended_at` a UTC time (None while the goal is open)."""

    id: str
    device_id: str
    profile_id: str
    activity: str
    level: int
    metric: str
    thresholds: tuple[float, ...]
    baseline: int
    attempts: int
    description: str
    start_date: str
    review_date: str | None
    created_at: str
    ended_at: str | None


@dataclass(frozen=True)
class SessionNote:
    """A therapist's note on one session of one child: who wrote it, when (UTC), what."""

    id: str
    device_id: str
    session_id: str
    profile_id: str
    author: str
    written_at: str
    text: str


def goal_of_row(*row: object) -> StoredGoal:
    """A goal from its GOAL_COLUMNS row."""
    values = list(row)
    values[6] = tuple(float(v) for v in json.loads(str(values[6])))
    return StoredGoal(*values)  # type: ignore[arg-type]


class GoalsAndNotes(OpenLog):
    """The goals and session_notes tables."""

    def add_goal(self, goal: StoredGoal) -> None:
        """Store a goal already checked (domain.goals) by the service that made it."""
        with self.transaction():
            self.connection.execute(
                INSERT_GOAL,
                (
                    goal.id,
                    goal.device_id,
                    goal.profile_id,
                    goal.activity,
                    goal.level,
                    goal.metric,
                    json.dumps(list(goal.thresholds)),
                    goal.baseline,
                    goal.attempts,
                    goal.description,
                    goal.start_date,
                    goal.review_date,
                    goal.created_at,
                    goal.ended_at,
                ),
            )

    def goals(self, profile_id: str | None = None, *, open_only: bool = False) -> list[StoredGoal]:
        """The goals of one child (None: everyone's) in the order they were set; with
        `open_only`, only those not ended."""
        return self._rows(
            goal_of_row,
            f"SELECT {GOAL_COLUMNS} FROM goals WHERE (? IS NULL OR profile_id = ?)"
            " AND (? = 0 OR ended_at IS NULL) ORDER BY created_at, rowid",
            (profile_id, profile_id, int(open_only)),
        )

    def end_goal(self, goal_id: str, at: str) -> bool:
        """Mark an open goal ended at `at` (UTC); False if no open goal has that id."""
        with self.transaction():
            cursor = self.connection.execute(
                "UPDATE goals SET ended_at = ? WHERE id = ? AND ended_at IS NULL", (at, goal_id)
            )
        return cursor.rowcount == 1

    def sessions_starting(self, prefix: str) -> list[tuple[str, str]]:
        """(session id, child's profile id) of every session whose id starts with `prefix`."""
        rows = self.connection.execute(
            "SELECT id, profile_id FROM sessions WHERE substr(id, 1, ?) = ? ORDER BY id",
            (len(prefix), prefix),
        ).fetchall()
        return [(str(a), str(b)) for a, b in rows]

    def sessions_of(self, profile_id: str) -> list[tuple[str, str]]:
        """(session id, started at, UTC) of the child's sessions, oldest first."""
        rows = self.connection.execute(
            "SELECT id, started_at FROM sessions WHERE profile_id = ? ORDER BY started_at, id",
            (profile_id,),
        ).fetchall()
        return [(str(a), str(b)) for a, b in rows]

    def add_session_note(
        self, session_id: str, profile_id: str, author: str, text: str
    ) -> SessionNote:
        """Store a note (already checked) on the child's session, written now by `author`."""
        note = SessionNote(
            str(uuid.uuid4()), self.device_id, session_id, profile_id, author, now_iso(), text
        )
        with self.transaction():
            self.connection.execute(
                INSERT_NOTE,
                (note.id, note.device_id, session_id, author, note.written_at, text),
            )
        return note

    def session_notes(
        self, profile_id: str | None = None, session_id: str | None = None
    ) -> list[SessionNote]:
        """Notes in the order written: of one child, one session, or everyone's."""
        return self._rows(
            SessionNote,
            f"SELECT {NOTE_COLUMNS} FROM session_notes n JOIN sessions s ON s.id = n.session_id"
            " WHERE (? IS NULL OR s.profile_id = ?) AND (? IS NULL OR n.session_id = ?)"
            " ORDER BY n.written_at, n.rowid",
            (profile_id, profile_id, session_id, session_id),
        )


def goal_record(goal: StoredGoal, *, pseudonymised: bool = False) -> dict[str, object]:
    """The goal as the JSON export carries it (domain.goals.GOAL_RECORD's fields); a
    pseudonymised export keeps the scale and dates but not the description (free text)."""
    return {
        "goal_id": goal.id,
        "device_id": goal.device_id,
        "activity": goal.activity,
        "level": goal.level,
        "metric": goal.metric,
        "thresholds": list(goal.thresholds),
        "baseline": goal.baseline,
        "attempts": goal.attempts,
        "description": None if pseudonymised else goal.description,
        "start_date": goal.start_date,
        "review_date": goal.review_date,
        "created_at": goal.created_at,
        "ended_at": goal.ended_at,
    }


def note_record(note: SessionNote) -> dict[str, object]:
    """The note as the identified JSON export carries it (SESSION_NOTE_RECORD's fields)."""
    return {
        "note_id": note.id,
        "device_id": note.device_id,
        "author": note.author,
        "written_at": note.written_at,
        "text": note.text,
    }
