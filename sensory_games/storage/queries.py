"""Reading the log for exports, reports and the therapist's views: attempts and
check-ins as a :class:`Selection` chooses them (with the child's alias and the feelings
around each attempt), the profiles and metric layouts they hold, and an attempt's raw
samples and target. Nothing here writes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from itertools import groupby
from typing import Any

from sensory_games.storage import samples as sample_blob
from sensory_games.storage.opening import OpenLog
from sensory_games.storage.record_sql import record_columns
from sensory_games.storage.rows import Selection, StoredAttempt, StoredCheckIn, latest_feeling

#: Every check-in before or after an attempt, in the order saved (latest_feelings).
FEELINGS_SAVED = (
    "SELECT attempt_id, moment, feeling, asked_at FROM check_ins"
    " WHERE attempt_id IS NOT NULL AND moment IN ('before', 'after') ORDER BY rowid"
)
#: The moments a feeling is asked around an attempt, in the order Feelings holds them.
MOMENTS = ("before", "after")
#: The column expressions a Selection filters attempts (`a`) and check-ins (`c`) by: the
#: time, the session, the activity (a check-in's is its attempt's).
ATTEMPT_FILTER = ("a.started_at", "a.session_id", "a.activity")
CHECK_IN_FILTER = (
    "c.asked_at",
    "c.session_id",
    "(SELECT activity FROM attempts WHERE id = c.attempt_id)",
)

#: The column expression of each of StoredAttempt's fields: the attempt (`a`), the
#: child's alias (`p`); {before} and {after} are the feelings' column expressions.
ATTEMPT_EXPRESSIONS: dict[str, str] = {
    **{name: f"a.{name}" for name in StoredAttempt._fields},
    "profile_alias": "p.alias",
    "completed_flag": "a.completed",
    "feeling_before": "{before}",
    "feeling_after": "{after}",
    "metric_layout_json": "a.metric_layout",
    "metric_values_blob": "a.metric_values",
}
#: The column expressions a Selection filters the attempts CSV's rows (csv_cells'
#: attempt_csv, `c`) by.
CSV_FILTER = ("c.started_at", "c.session_id", "c.activity")


def _csv_chosen(selection: Selection) -> tuple[str, list[Any]]:
    """FROM and WHERE of the attempts CSV's rows (csv_cells' attempt_csv, `c`) that
    `selection` picks, and their values. As everywhere, only the attempts of a child
    the log knows (a profile row deleted by hand leaves its attempts out). The child's
    profile (`p`) is joined only when the conditions ask for it (a child's export: read
    along the profile index); otherwise the rows are read in the table's order, each
    child looked up among the few children's ids: 0.22 s for 100,000 rows here, where
    the join took 0.24 s and its columns' list 0.19 s instead of 0.05 s, and the same
    look-up on the bare column (no `+`) read the rows along the profile index and
    sorted them again (0.46 s)."""
    where, values = selection.where(*CSV_FILTER)
    if "p." in where:
        return f" FROM attempt_csv c JOIN profiles p ON p.id = c.profile_id WHERE {where}", values
    known = "+c.profile_id IN (SELECT id FROM profiles)"
    return f" FROM attempt_csv c WHERE {known} AND {where}", values


#: Attempts (`a`) with the child's alias (`p`).
ATTEMPTS_FROM = " FROM attempts a JOIN profiles p ON p.id = a.profile_id"
#: StoredAttempt's columns, with {before} and {after} for the feelings' expressions.
ATTEMPT_COLUMNS = (
    "SELECT " + ", ".join(ATTEMPT_EXPRESSIONS[name] for name in StoredAttempt._fields)
) + ATTEMPTS_FROM
#: Attempts with the feelings around each (rows.latest_feeling: each save's mastery
#: check, each sync); the caller adds WHERE and ORDER BY.
ATTEMPT_SELECT = ATTEMPT_COLUMNS.format(
    **{moment: latest_feeling("a.id", moment) for moment in MOMENTS}
)
#: A child's attempts (child_attempts adds the rest), the feelings around each left to
#: latest_feelings.
CHILD_ATTEMPTS = ATTEMPT_COLUMNS.format(before="NULL", after="NULL")
#: The feelings around an attempt: (before, after), each the latest check-in's answer at
#: that moment, None when there is none or it went unanswered.
Feelings = tuple[int | None, int | None]
#: A child's attempts session by session, sessions in the order of their first attempt.
CHILD_ORDER = (
    " ORDER BY MIN(a.started_at) OVER (PARTITION BY a.session_id),"
    " FIRST_VALUE(a.id) OVER (PARTITION BY a.session_id ORDER BY a.started_at, a.id),"
    " a.started_at, a.id"
)
#: One child's check-ins found through the child's sessions (sessions_by_profile), along
#: check_ins_by_session: the filter alone (`p.id = ?`, no index on the check-ins' child)
#: reads every check-in of the clinic for each child an export writes. A check-in is
#: asked in its own child's session (the app saves it so; a merge refuses another
#: child's session).
CHILD_CHECK_INS = "c.session_id IN (SELECT s.id FROM sessions s WHERE s.profile_id = ?)"
#: Check-ins (StoredCheckIn's fields, `c`) with the child's alias (`p`).
CHECK_IN_SELECT = (
    "SELECT c.id, c.device_id, c.session_id, p.alias, c.attempt_id, c.moment,"
    " c.feeling, c.asked_at, c.answer_s, c.profile_id, c.scale"
    " FROM check_ins c JOIN profiles p ON p.id = c.profile_id"
)


class Queries(OpenLog):
    """The read-only queries over attempts and check-ins."""

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
        where, values = selection.where(*CHECK_IN_FILTER)
        if selection.profile_id is not None:  # (one child's: read along their sessions)
            where = f"{CHILD_CHECK_INS} AND {where}"
            values = [selection.profile_id, *values]
        for row in self.connection.execute(
            f"{CHECK_IN_SELECT} WHERE {where} ORDER BY c.asked_at, c.id", values
        ):
            yield StoredCheckIn(*row)

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

    def activities_played(self, profile_id: str) -> list[str]:
        """The activities the child has played, the latest played first (read along the
        attempts_by_profile index)."""
        rows = self.connection.execute(
            "SELECT activity FROM attempts WHERE profile_id = ?"
            " GROUP BY activity ORDER BY MAX(started_at) DESC, activity",
            (profile_id,),
        )
        return [activity for (activity,) in rows]

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
        where, values = selection.where(*ATTEMPT_FILTER)
        query = f"{ATTEMPT_SELECT} WHERE {where} ORDER BY a.started_at, a.id"
        return map(StoredAttempt._make, self.connection.execute(query, values))

    def csv_rows(self, selection: Selection) -> sqlite3.Cursor:
        """The selected attempts in start order as the attempts CSV prints them
        (services/export.py csv_lines), read from csv_cells' narrow table. Each row is
        the number of its metric layout, the child's profile id, the stored head and,
        in one blob, the own cells, a comma, the feelings' two cells, NUL and the tail.
        An attempt with no cells stored has a NULL head and its id (UTF-8) in place of
        the blob: the export makes its line from its row (csv_attempt)."""
        chosen, values = _csv_chosen(selection)
        return self.connection.execute(
            "SELECT c.layout, c.profile_id, c.head, CAST(CASE WHEN c.head IS NULL"
            " THEN c.attempt_id ELSE c.own || ',' || c.feelings || X'00' || c.tail END"
            f" AS BLOB){chosen} ORDER BY c.started_at, c.attempt_id",
            values,
        )

    def csv_attempt(self, attempt_id: str) -> StoredAttempt:
        """One attempt with the feelings around it, for an attempts CSV line made from
        its row (an attempt whose cells are not stored)."""
        row = self.connection.execute(f"{ATTEMPT_SELECT} WHERE a.id = ?", (attempt_id,))
        return StoredAttempt._make(row.fetchone())

    def aliases(self) -> dict[str, str]:
        """Every child's alias by profile id (archived children's too)."""
        return dict(self.connection.execute("SELECT id, alias FROM profiles"))

    def latest_feelings(self) -> dict[str, Feelings]:
        """The feelings around each attempt with a check-in before or after it, by the
        attempt's id: at each moment the one asked last, of two asked at the same time the
        one saved first, as rows.latest_feeling picks it (the exports and the therapist's views
        agree). Read in one pass over the check-ins, once per export: joined to 100,000
        attempts, or looked up for each by index, they took 0.2-0.8 s more of an export
        here; this pass takes about 0.1 s (SQLite's grouping took longer still)."""
        latest: dict[tuple[str, str], tuple[int | None, str]] = {}
        for attempt_id, moment, feeling, asked_at in self.connection.execute(FEELINGS_SAVED):
            held = latest.get((attempt_id, moment))
            if held is None or asked_at > held[1]:
                latest[(attempt_id, moment)] = (feeling, asked_at)
        feelings: dict[str, list[int | None]] = {}
        for (attempt_id, moment), (feeling, _) in latest.items():
            feelings.setdefault(attempt_id, [None, None])[MOMENTS.index(moment)] = feeling
        return {attempt_id: (before, after) for attempt_id, (before, after) in feelings.items()}

    def child_attempts(
        self, profile_id: str, selection: Selection, feelings: Mapping[str, Feelings]
    ) -> tuple[list[str], Iterator[StoredAttempt]]:
        """One child's selected attempts as the JSON export nests them: the ids of their
        sessions in the order of each session's first attempt, and the attempts session
        by session in that order, each session's in start order (read as they are used),
        each with its `feelings` (latest_feelings', read once for every child)."""
        sessions, rows = self._child_rows(profile_id, selection, CHILD_ATTEMPTS)
        return sessions, (_felt(StoredAttempt._make(row), feelings) for row in rows)

    def child_attempt_records(
        self, profile_id: str, selection: Selection, fields: tuple[str, ...]
    ) -> tuple[list[str], sqlite3.Cursor]:
        """child_attempts' sessions and attempts, each attempt read as its compact JSON
        record of `fields` with the values to fill it (record_sql.RECORD_ROW: the
        compact JSON export's rows)."""
        select = "SELECT " + record_columns(fields) + " FROM attempts a"
        return self._child_rows(profile_id, selection, select)

    def _child_rows(
        self, profile_id: str, selection: Selection, select: str
    ) -> tuple[list[str], sqlite3.Cursor]:
        """The sessions and rows of child_attempts, each row `select` (SELECT ... FROM
        the attempts, `a`, with or without their child, `p`) reads. The child is
        `profile_id`'s: `selection` chooses among their attempts by its time, session
        and activity (its child, chosen already, is not looked up again: 10% of a JSON
        export's time).

        Sessions one after another (the usual case) need no more than start order, read
        along the attempts_by_profile index (which holds each attempt's session: the
        sessions' order is read from it alone); only when two of the child's sessions
        overlap (merged from two kiosks) are the rows sorted by session."""
        theirs = replace(selection, profile_alias=None, profile_id=None)
        where, values = theirs.where(*ATTEMPT_FILTER)
        chosen = f" WHERE a.profile_id = ? AND {where}"
        runs = [
            session_id
            for session_id, _ in groupby(
                row[0]
                for row in self.connection.execute(
                    f"SELECT a.session_id FROM attempts a{chosen} ORDER BY a.started_at, a.id",
                    [profile_id, *values],
                )
            )
        ]
        sessions = list(dict.fromkeys(runs))
        order = " ORDER BY a.started_at, a.id" if len(runs) == len(sessions) else CHILD_ORDER
        rows = self.connection.execute(select + chosen + order, [profile_id, *values])
        return sessions, rows

    def target_text(self, attempt_id: str) -> str | None:
        """The target of an attempt as the JSON text the log stores (spliced into a JSON
        export as it is), or None."""
        row = self.connection.execute(
            "SELECT data_json FROM attempt_targets WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()
        return row[0] if row else None

    def selected_profiles(self, selection: Selection) -> list[str]:
        """Ids of the profiles with an attempt or a check-in in `selection`."""
        attempts_where, values = selection.where(*ATTEMPT_FILTER)
        check_ins_where, more = selection.where(*CHECK_IN_FILTER)
        rows = self.connection.execute(
            "SELECT a.profile_id FROM attempts a JOIN profiles p ON p.id = a.profile_id"
            f" WHERE {attempts_where}"
            " UNION SELECT c.profile_id FROM check_ins c JOIN profiles p ON p.id = c.profile_id"
            f" WHERE {check_ins_where}",
            [*values, *more],
        ).fetchall()
        return [profile_id for (profile_id,) in rows]

    @contextmanager
    def one_reading(self) -> Iterator[None]:
        """Every read inside sees the log as it was at the first one (one read
        transaction; inside a transaction already open, that one): an export reads its
        metric columns, then its rows, and an attempt of a new kind saved by another
        program between the two would have had no column."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")

    def metric_layouts(self, selection: Selection) -> dict[int, str]:
        """The distinct metric layouts of the selected attempts by their number
        (csv_cells' metric_layouts table): a CSV export's metric columns, known before
        its rows are read."""
        chosen, values = _csv_chosen(selection)
        rows = self.connection.execute(
            "SELECT number, layout FROM metric_layouts WHERE number IN"
            f" (SELECT c.layout{chosen}) ORDER BY number",
            values,
        ).fetchall()
        return dict(rows)

    def target(self, attempt_id: str) -> dict[str, Any] | None:
        """What the child was asked to do in this attempt (e.g. the paths traced), if the
        activity recorded it."""
        text = self.target_text(attempt_id)
        return None if text is None else json.loads(text)

    def samples(self, attempt_id: str) -> list[dict[str, object]]:
        """The raw pointer samples of one attempt (t_s from the attempt's start)."""
        row = self.connection.execute(
            "SELECT data FROM attempt_samples WHERE attempt_id = ?", (attempt_id,)
        ).fetchone()
        return sample_blob.unpack(row[0]) if row else []


def _felt(attempt: StoredAttempt, feelings: Mapping[str, Feelings]) -> StoredAttempt:
    """`attempt` with the feelings around it (as it is when there are none)."""
    felt = feelings.get(attempt.id)
    if felt is None:
        return attempt
    return attempt._replace(feeling_before=felt[0], feeling_after=felt[1])
