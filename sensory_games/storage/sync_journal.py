"""What this device has to send to the clinic server, and where its last sync stopped.

The sync journal (schema step 15) is filled by triggers, not by the code that writes:
every record inserted or changed in the log (by playing, by an adult, by a merge) adds
one line `(seq, kind, record_id)`, in the order it happened. A sync sends the records
of the lines after the server's high-water mark for this device and kind, as they are
now, and moves the mark in the same server transaction (services/sync.py): a sync cut
off anywhere sends the rest next time, never twice (the server keeps one row per
version of a record).

The records are read here as rows; services/sync.py makes them the JSON export's
records. A profile's `changed_at` (its last settings change, UTC) is set by a trigger
when an adult edits it here, and taken as it came when a newer change from another
device is applied: so every device keeps the latest change made anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sensory_games.storage.goals import GOAL_COLUMNS, NOTE_COLUMNS, SessionNote, goal_of_row
from sensory_games.storage.goals import StoredGoal as StoredGoal
from sensory_games.storage.journal_schema import KINDS
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.queries import ATTEMPT_SELECT, CHECK_IN_SELECT
from sensory_games.storage.rows import LevelChange, StoredAttempt, StoredCheckIn
from sensory_games.storage.transfer import RecordStore

#: Where the last down sync from each server stopped (meta key + the server's id).
DOWN_MARK_KEY = "server_down_mark:"
#: The children a conflict held back, and those matched to a child here by --match-alias,
#: per server (meta key + the server's id; a JSON list of profile ids).
HELD_BACK_KEY = "server_held_back:"
MATCHED_KEY = "server_matched:"
#: What the last sync did or why it failed (JSON, services/sync.py writes it).
LAST_SYNC_KEY = "server_last_sync"


def _marks(count: int) -> str:
    return ",".join("?" * count)


class SyncJournal(OpenLog):
    """The journal and the by-id reads a sync needs."""

    def journal(self, kind: str, after: int, limit: int) -> list[tuple[int, str, str]]:
        """(seq, record id, token) of `kind`'s journal lines after `after`, oldest first,
        at most `limit` lines read; a record journaled twice in them is given once, at its
        last line. The last one given is the last line read (the mark to move to), from
        the same read: a line the game adds meanwhile is left for the next chunk."""
        rows = self.connection.execute(
            "SELECT MAX(seq), record_id, token FROM ("
            " SELECT seq, record_id, token FROM sync_journal WHERE kind = ? AND seq > ?"
            " ORDER BY seq LIMIT ?) GROUP BY record_id ORDER BY MAX(seq)",
            (kind, after, limit),
        ).fetchall()
        return [(int(seq), record_id, token) for seq, record_id, token in rows]

    def journal_token(self, kind: str, seq: int) -> str | None:
        """The token of journal line `seq`, if it is a line of `kind`: random for each line,
        so a log restored from a backup, whose new lines take numbers again, is told from
        the log the server read."""
        row = self.connection.execute(
            "SELECT token FROM sync_journal WHERE seq = ? AND kind = ?", (seq, kind)
        ).fetchone()
        return row[0] if row else None

    def waiting(self, marks: dict[str, tuple[int, str]]) -> int:
        """How many journal lines lie after the marks (kind -> (seq, record), as the
        server keeps them): what a sync would still send (a record changed twice counts
        twice)."""
        return sum(
            self.connection.execute(
                "SELECT COUNT(*) FROM sync_journal WHERE kind = ? AND seq > ?",
                (kind, marks.get(kind, (0, ""))[0]),
            ).fetchone()[0]
            for kind in KINDS
        )

    # -- the records of journal lines -------------------------------------------------------

    def profile_changes(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        """Profile id -> (its last settings change here or taken from another device,
        its session plan)."""
        chosen = sorted(set(ids))
        return {
            profile_id: (changed_at, plan)
            for profile_id, changed_at, plan in self.connection.execute(
                f"SELECT id, changed_at, plan FROM profiles WHERE id IN ({_marks(len(chosen))})",
                chosen,
            )
        }

    def session_owners(self, ids: Iterable[str]) -> dict[str, str]:
        """Session id -> its child's profile id."""
        chosen = sorted(set(ids))
        return dict(
            self.connection.execute(
                f"SELECT id, profile_id FROM sessions WHERE id IN ({_marks(len(chosen))})", chosen
            ).fetchall()
        )

    def attempts_with_data(
        self, ids: list[str]
    ) -> list[tuple[StoredAttempt, bytes | None, int, str | None]]:
        """Each attempt with its packed samples (storage/samples.py), their count, and
        its target as stored (JSON text), in start order."""
        rows = self.connection.execute(
            f"{ATTEMPT_SELECT} WHERE a.id IN ({_marks(len(ids))}) ORDER BY a.started_at, a.id",
            ids,
        ).fetchall()
        blobs = {
            attempt_id: (data, count)
            for attempt_id, data, count in self.connection.execute(
                "SELECT attempt_id, data, sample_count FROM attempt_samples"
                f" WHERE attempt_id IN ({_marks(len(ids))})",
                ids,
            )
        }
        targets = dict(
            self.connection.execute(
                "SELECT attempt_id, data_json FROM attempt_targets"
                f" WHERE attempt_id IN ({_marks(len(ids))})",
                ids,
            ).fetchall()
        )
        found = []
        for row in rows:
            attempt = StoredAttempt._make(row)
            data, count = blobs.get(attempt.id, (None, 0))
            found.append((attempt, data, count, targets.get(attempt.id)))
        return found

    def check_ins_by_id(self, ids: list[str]) -> list[StoredCheckIn]:
        return [
            StoredCheckIn(*row)
            for row in self.connection.execute(
                f"{CHECK_IN_SELECT} WHERE c.id IN ({_marks(len(ids))}) ORDER BY c.asked_at", ids
            )
        ]

    def level_changes_by_id(self, ids: list[str]) -> list[LevelChange]:
        return self._rows(
            LevelChange,
            "SELECT id, device_id, profile_id, activity, from_level, to_level, reason,"
            f" changed_at FROM level_changes WHERE id IN ({_marks(len(ids))})",
            ids,
        )

    def goals_by_id(self, ids: list[str]) -> list[StoredGoal]:
        return self._rows(
            goal_of_row, f"SELECT {GOAL_COLUMNS} FROM goals WHERE id IN ({_marks(len(ids))})", ids
        )

    def notes_by_id(self, ids: list[str]) -> list[SessionNote]:
        return self._rows(
            SessionNote,
            f"SELECT {NOTE_COLUMNS} FROM session_notes n JOIN sessions s ON s.id = n.session_id"
            f" WHERE n.id IN ({_marks(len(ids))})",
            ids,
        )

    def audit_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        columns = ("audit_id", "device_id", "at", "action", "profile_id", "detail")
        return [
            dict(zip(columns, row, strict=True))
            for row in self.connection.execute(
                "SELECT id, device_id, at, action, profile_id, detail FROM audit"
                f" WHERE id IN ({_marks(len(ids))})",
                ids,
            )
        ]

    def difficulty_by_key(self, keys: list[str]) -> list[dict[str, Any]]:
        """Ranges and rules by `profile_id/activity`."""
        columns = ("profile_id", "activity", "lowest_level", "highest_level", "rule")
        found = []
        for row in self.connection.execute(
            "SELECT profile_id, activity, lowest_level, highest_level, rule_json, device_id,"
            " updated_at FROM difficulty WHERE profile_id || '/' || activity"
            f" IN ({_marks(len(keys))})",
            keys,
        ):
            record = dict(zip(columns, row[:5], strict=True))
            record["rule"] = json.loads(record["rule"]) if record["rule"] else None
            found.append({**record, "device_id": row[5], "updated_at": row[6]})
        return found

    # -- what came from the server ----------------------------------------------------------

    def take_profile_settings(self, record: dict[str, Any], changed_at: str) -> None:
        """Store another device's newer settings of a profile here (PROFILE_SETTINGS,
        `archived` and `plan`; in the caller's transaction), with the time they were
        changed there."""
        RecordStore(self.connection).update_profile(record)
        self.connection.execute(
            "UPDATE profiles SET archived = ?, plan = ?, changed_at = ? WHERE id = ?",
            (int(bool(record["archived"])), record["plan"], changed_at, record["profile_id"]),
        )

    def take_difficulty(self, record: dict[str, Any]) -> bool:
        """Store another device's range and rule for a child and activity when it is newer
        than this device's (in the caller's transaction); whether it was."""
        row = self.connection.execute(
            "SELECT updated_at FROM difficulty WHERE profile_id = ? AND activity = ?",
            (record["profile_id"], record["activity"]),
        ).fetchone()
        if row is not None and row[0] >= record["updated_at"]:
            return False
        self.connection.execute(
            "INSERT OR REPLACE INTO difficulty (profile_id, activity, lowest_level,"
            " highest_level, rule_json, device_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record["profile_id"],
                record["activity"],
                record["lowest_level"],
                record["highest_level"],
                json.dumps(record["rule"], sort_keys=True) if record["rule"] else None,
                record["device_id"],
                record["updated_at"],
            ),
        )
        return True

    def down_mark(self, server_id: str) -> tuple[int, list[str] | None]:
        """How far this device has read the server `server_id`: (the version number, that
        version's [kind, record id, version]: a server restored from a backup no longer
        has it under that number)."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (DOWN_MARK_KEY + server_id,)
        ).fetchone()
        mark: dict[str, Any] = json.loads(row[0]) if row else {"seq": 0, "key": None}
        return int(mark["seq"]), mark["key"]

    def set_down_mark(self, server_id: str, seq: int, key: list[str] | None) -> None:
        """Move the down mark (in the caller's transaction, with what it covers)."""
        self.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (DOWN_MARK_KEY + server_id, json.dumps({"seq": seq, "key": key})),
        )

    def children_kept(self, key: str, server_id: str) -> set[str]:
        """Profile ids a sync keeps under `key` (HELD_BACK_KEY: whose records a conflict
        held back; MATCHED_KEY: matched to a child here by --match-alias) for the server
        `server_id`."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (key + server_id,)
        ).fetchone()
        return set(json.loads(row[0])) if row else set()

    def keep_children(self, key: str, server_id: str, profile_ids: set[str]) -> None:
        """Keep them (in the caller's transaction, with what was merged)."""
        self.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (key + server_id, json.dumps(sorted(profile_ids))),
        )

    def last_sync(self) -> dict[str, Any] | None:
        """What the last sync said about itself (written by record_last_sync), if any."""
        row = self.connection.execute(
            "SELECT value FROM meta WHERE key = ?", (LAST_SYNC_KEY,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def record_last_sync(self, summary: dict[str, Any]) -> None:
        """Keep what the last sync did (when, what moved, conflicts, or why it failed).
        `last_ok_at` is added: the last time a sync worked (its `at`), kept across failed
        ones, so the adult reads "not reached since 13:40"."""
        with self.transaction():
            before = self.last_sync() or {}
            worked = before.get("at") if before.get("ok") else before.get("last_ok_at")
            last_ok_at = summary["at"] if summary.get("ok") else worked
            summary = {**summary, "last_ok_at": last_ok_at}
            self.connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (LAST_SYNC_KEY, json.dumps(summary, ensure_ascii=False, sort_keys=True)),
            )
