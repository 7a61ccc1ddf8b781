"""A child's goals and the therapists' notes on sessions, set and read in one place.

The command line (`sensory-games goals`, `sensory-games notes`) and the console call this
module, so a goal is checked by the same rules (domain/goals.py), stored the same way and
put on the audit list with the same words whichever screen an adult used; and each
goal's attainment is computed here from the child's attempts, never typed in.

Which attempts count for a goal: the child's completed attempts of the goal's activity
at the goal's level, started on or after its start date (UTC) and, for an ended goal,
before it ended; the value of each is the goal's metric (`accuracy` and
`completion_time_s` are the attempt's own columns, every other name one of its metrics).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Literal

from sensory_games.domain import records
from sensory_games.domain.clock import utc_iso
from sensory_games.domain.goals import (
    DEFAULT_ATTEMPTS,
    MAX_AUTHOR,
    MAX_NOTE,
    Attainment,
    GoalError,
    GoalScale,
    attainment,
    check_goal_plan,
    check_metric,
    check_scale,
    is_note_text,
)
from sensory_games.domain.report_spec import Showing, shown
from sensory_games.storage import Repository, Selection
from sensory_games.storage.goals import SessionNote, StoredGoal
from sensory_games.storage.rows import StoredAttempt

#: Where an adult made the change (said on the audit list).
Source = Literal["command line", "console"]
#: The shortest start of a goal's id that names it (`goals end 3f2a9c1d`).
SHORTEST_ID = 4


@dataclass(frozen=True)
class GoalRequest:
    """What an adult asks for: the scale, the GAS level the child starts at, how many of
    the latest attempts the attainment is the median of, the dates and a description."""

    scale: GoalScale
    baseline: int
    start: date
    review: date | None = None
    attempts: int = DEFAULT_ATTEMPTS
    description: str = ""


@dataclass(frozen=True)
class GoalShown:
    """A goal with its scale and its attainment now."""

    goal: StoredGoal
    scale: GoalScale
    attainment: Attainment


class ChildGoals:
    """Sets, ends and scores children's goals in the activities of `counts` (slug -> how
    many levels its file has) on the metrics `showing` says they record, and keeps the
    notes on their sessions."""

    def __init__(self, repository: Repository, counts: Mapping[str, int], showing: Showing) -> None:
        self.repository = repository
        self.counts = dict(counts)
        self.showing = showing

    def add(self, profile_id: str, request: GoalRequest, source: Source) -> StoredGoal:
        """Check the goal whole, store it and put it on the audit list; GoalError (nothing
        stored) when any part is not allowed."""
        scale = request.scale
        if scale.activity not in self.counts:
            known = ", ".join(self.counts)
            raise GoalError("activity", scale.activity, f"known activities: {known}")
        check_scale(scale)
        count = self.counts[scale.activity]
        if scale.level > count:
            raise GoalError("level", scale.level, f"{scale.activity} has levels 1 to {count}")
        check_metric(scale, shown(self.showing, scale.activity))
        check_goal_plan(
            request.baseline, request.attempts, request.start, request.review, request.description
        )
        goal = StoredGoal(
            id=str(uuid.uuid4()),
            device_id=self.repository.device_id,
            profile_id=profile_id,
            activity=scale.activity,
            level=scale.level,
            metric=scale.metric,
            thresholds=tuple(float(v) for v in scale.thresholds),
            baseline=request.baseline,
            attempts=request.attempts,
            description=request.description.strip(),
            start_date=request.start.isoformat(),
            review_date=request.review.isoformat() if request.review else None,
            created_at=utc_iso(datetime.now(timezone.utc)),
            ended_at=None,
        )
        self.repository.add_goal(goal)
        scale_text = " / ".join(f"{v:g}" for v in goal.thresholds)
        self.repository.audit(
            "goal set",
            f"{goal.id[:8]}: {goal.activity} level {goal.level} {goal.metric} "
            f"({scale_text}), baseline {goal.baseline}; from the {source}",
            profile_id,
        )
        return goal

    def end(self, profile_id: str, goal_id: str, source: Source) -> StoredGoal:
        """End the child's open goal whose id starts with `goal_id` (at least SHORTEST_ID
        characters); GoalError when none or several match."""
        goal = self.find(profile_id, goal_id)
        self.repository.end_goal(goal.id, utc_iso(datetime.now(timezone.utc)))
        self.repository.audit("goal ended", f"{goal.id[:8]}; from the {source}", profile_id)
        return goal

    def find(self, profile_id: str, goal_id: str) -> StoredGoal:
        """The child's one open goal whose id starts with `goal_id`."""
        if len(goal_id) < SHORTEST_ID:
            raise GoalError("goal", goal_id, f"give at least {SHORTEST_ID} characters of its id")
        found = [
            g
            for g in self.repository.goals(profile_id, open_only=True)
            if g.id.startswith(goal_id.lower())
        ]
        if len(found) != 1:
            what = "no open goal of this child has that id" if not found else "several goals do"
            raise GoalError("goal", goal_id, f"{what} (goals list shows them)")
        return found[0]

    def shown(self, profile_id: str, *, open_only: bool = True) -> list[GoalShown]:
        """The child's goals (open ones, or all) with their attainment now."""
        return [
            self.scored(goal) for goal in self.repository.goals(profile_id, open_only=open_only)
        ]

    def scored(self, goal: StoredGoal) -> GoalShown:
        """The goal with its attainment from the attempts that count (module docstring)."""
        scale = scale_of(goal)
        chosen = Selection(
            activity=goal.activity,
            since=goal.start_date,
            before=goal.ended_at,
            profile_id=goal.profile_id,
        )
        values = [
            value
            for attempt in self.repository.attempts(selection=chosen)
            if attempt.completed
            and attempt.level == goal.level
            and (value := metric_value(attempt, goal.metric)) is not None
        ]
        return GoalShown(goal, scale, attainment(scale, values, goal.attempts))

    def add_note(self, session_id: str, author: str, text: str, source: Source) -> SessionNote:
        """Store a therapist's note on a session (its id or a start of it) and audit it (without
        its words: the audit list never holds a child's data itself)."""
        session_id, profile_id = self.find_session(session_id)
        text = text.strip()
        if not is_note_text(text):
            raise GoalError("note", text[:40], f"must be plain text, 1 to {MAX_NOTE} characters")
        if not records.plain_text(MAX_AUTHOR)(author):
            raise GoalError("author", author, f"must be one line, at most {MAX_AUTHOR} characters")
        note = self.repository.add_session_note(session_id, profile_id, author.strip(), text)
        self.repository.audit(
            "session note", f"on session {session_id}; from the {source}", profile_id
        )
        return note

    def find_session(self, session_id: str) -> tuple[str, str]:
        """(id, child's profile id) of the one session whose id starts with `session_id`
        (at least SHORTEST_ID characters); GoalError when none or several match."""
        found = self.repository.sessions_starting(session_id.strip().lower())
        if len(session_id.strip()) < SHORTEST_ID or len(found) != 1:
            what = "no session in this log has that id" if not found else "give more of its id"
            raise GoalError("session", session_id, what)
        return found[0]

    def whose_session(self, session_id: str) -> tuple[str, str]:
        """(child's alias, start UTC ISO) of the one session whose id starts with
        `session_id`: a confirmation names them, so a mistyped id is noticed."""
        found, profile_id = self.find_session(session_id)
        aliases = {p.id: p.alias for p in self.repository.list_profiles(include_archived=True)}
        started = dict(self.repository.sessions_of(profile_id))[found]
        return aliases.get(profile_id, profile_id[:8]), started

    def notes(
        self, profile_id: str | None = None, session_id: str | None = None
    ) -> list[SessionNote]:
        """Notes in the order written, of one child or one session."""
        return self.repository.session_notes(profile_id, session_id)


def scale_of(goal: StoredGoal) -> GoalScale:
    """The stored goal's scale."""
    t = goal.thresholds
    return GoalScale(goal.activity, goal.level, goal.metric, (t[0], t[1], t[2], t[3], t[4]))


def metric_value(attempt: StoredAttempt, metric: str) -> float | None:
    """The attempt's value of `metric` (a column or one of its metrics), None without one."""
    if metric == "accuracy":
        return attempt.accuracy
    if metric == "completion_time_s":
        return attempt.completion_time_s
    return attempt.metric(metric)
