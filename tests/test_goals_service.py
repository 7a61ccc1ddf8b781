"""Goals and session notes through the service (services/goals.py) and the log
(storage/goals.py, schema step 13): checked, stored, audited, scored from attempts."""

from __future__ import annotations

from datetime import date

import pytest
from records import at, log_attempt

from sensory_games.activities import showing
from sensory_games.domain.goals import GoalError, GoalScale
from sensory_games.domain.outcome import Metric
from sensory_games.services.goals import ChildGoals, GoalRequest
from sensory_games.storage import Repository

COUNTS = {"tracing": 8, "bubbles": 5, "bilateral_drum": 8}
SHOWING = showing()
START = date(2026, 3, 2)  # the day of records.T0


@pytest.fixture
def child(repository: Repository):
    return repository.add_profile(alias="Sam")


def lifts_goal(**changes) -> GoalRequest:
    scale = GoalScale("tracing", 4, "extra_lifts", (6, 4, 2, 1, 0))
    return GoalRequest(
        scale, -2, changes.pop("start", START), description="square with few lifts", **changes
    )


def lifts(value: float) -> dict[str, Metric]:
    return {"extra_lifts": Metric(value, "count")}


def test_the_log_has_the_goal_and_note_tables(repository: Repository) -> None:
    tables = {r[0] for r in repository.connection.execute("SELECT name FROM sqlite_master")}
    assert {"goals", "session_notes"} <= tables


def test_a_goal_is_stored_audited_and_scored_from_the_attempts_that_count(repository, child):
    goals = ChildGoals(repository, COUNTS, SHOWING)
    goal = goals.add(child.id, lifts_goal(attempts=3), "command line")
    session = repository.start_session(child.id, at(0))
    # counted: level 4, completed -> the last 3 are 3, 1, 2 -> median 2 -> level 0
    for minute, value in ((1, 5), (2, 3), (3, 1), (5, 2)):
        log_attempt(
            repository, child, session, minute, activity="tracing", level=4, metrics=lifts(value)
        )
    # not counted: another level, an aborted attempt, another activity
    log_attempt(repository, child, session, 6, activity="tracing", level=3, metrics=lifts(9))
    log_attempt(
        repository,
        child,
        session,
        7,
        activity="tracing",
        level=4,
        metrics=lifts(9),
        completion_time_s=None,
    )
    shown = goals.shown(child.id)
    assert [s.goal.id for s in shown] == [goal.id]
    assert shown[0].attainment.values == (3.0, 1.0, 2.0)
    assert shown[0].attainment.median == 2.0
    assert shown[0].attainment.level == 0
    assert shown[0].goal.thresholds == (6.0, 4.0, 2.0, 1.0, 0.0)
    entry = repository.audit_entries()[-1]
    assert entry.action == "goal set" and goal.id[:8] in entry.detail
    assert "extra_lifts (6 / 4 / 2 / 1 / 0), baseline -2; from the command line" in entry.detail


def test_attempts_before_the_start_date_do_not_count(repository, child):
    goals = ChildGoals(repository, COUNTS, SHOWING)
    session = repository.start_session(child.id, at(0))
    log_attempt(repository, child, session, 1, activity="tracing", level=4, metrics=lifts(0))
    goals.add(child.id, lifts_goal(start=date(2026, 3, 3)), "console")
    assert goals.shown(child.id)[0].attainment.level is None


def test_accuracy_is_read_from_the_attempt_itself(repository, child):
    goals = ChildGoals(repository, COUNTS, SHOWING)
    scale = GoalScale("bubbles", 2, "accuracy", (0.5, 0.6, 0.7, 0.8, 0.9))
    goals.add(child.id, GoalRequest(scale, -1, START), "console")
    session = repository.start_session(child.id, at(0))
    for minute, accuracy in ((1, 0.85), (2, 0.55), (3, 0.82)):
        log_attempt(repository, child, session, minute, level=2, accuracy=accuracy)
    # median of 0.85, 0.55, 0.82 is 0.82: reaches +1 (0.8), not +2 (0.9)
    assert goals.shown(child.id)[0].attainment.level == 1


def test_a_goal_ends_by_a_short_id_and_leaves_the_open_list(repository, child):
    goals = ChildGoals(repository, COUNTS, SHOWING)
    goal = goals.add(child.id, lifts_goal(), "command line")
    with pytest.raises(GoalError, match="at least 4 characters"):
        goals.end(child.id, goal.id[:2], "command line")
    assert goals.end(child.id, goal.id[:8], "command line").id == goal.id
    assert goals.shown(child.id) == []
    assert [s.goal.ended_at is not None for s in goals.shown(child.id, open_only=False)] == [True]
    with pytest.raises(GoalError, match="no open goal of this child has that id"):
        goals.end(child.id, goal.id[:8], "command line")


@pytest.mark.parametrize(
    ("scale", "says"),
    [
        (GoalScale("painting", 1, "accuracy", (1, 2, 3, 4, 5)), "^activity = 'painting': known"),
        (GoalScale("bubbles", 6, "accuracy", (1, 2, 3, 4, 5)), "^level = 6: bubbles has levels"),
        (GoalScale("bubbles", 1, "taps", (1, 2, 2, 4, 5)), "^thresholds = "),
        # what a therapist typed: a typo, the old name, percent for a share, negative time
        (
            GoalScale("tracing", 3, "extra_lift", (6, 4, 2, 1, 0)),
            "^metric = 'extra_lift': tracing records: accuracy, completion_time_s, coverage, ",
        ),
        (GoalScale("tracing", 3, "pen_lifts", (6, 4, 2, 1, 0)), "^metric = 'pen_lifts': "),
        (
            GoalScale("tracing", 3, "accuracy", (5, 6.5, 8, 9, 9.5)),
            r"accuracy is a share: each must be 0 to 1 \(0.8 = 80 %\)$",
        ),
        (
            GoalScale("tracing", 3, "completion_time_s", (-1, 0, 1, 2, 3)),
            r"^thresholds = .*: completion_time_s \(s\) is never below 0$",
        ),
        (GoalScale("bubbles", 1, "taps", (-1, 0, 1, 2, 3)), r"taps \(count\) is never below 0"),
    ],
)
def test_a_bad_goal_is_refused_with_nothing_stored(repository, child, scale, says):
    session = repository.start_session(child.id, at(0))
    log_attempt(repository, child, session, 1)  # bubbles, recording "taps"
    with pytest.raises(GoalError, match=says):
        ChildGoals(repository, COUNTS, SHOWING).add(
            child.id, GoalRequest(scale, -1, START), "console"
        )
    assert repository.goals() == []


def test_a_goal_on_any_metric_the_activity_records_is_kept_before_it_is_recorded(repository, child):
    """The activity's declaration, not this log's attempts, says what may be measured:
    a goal on a signed time may go below 0, and counts from the first attempt with it."""
    goals = ChildGoals(repository, COUNTS, SHOWING)
    signed = GoalScale("bilateral_drum", 2, "asynchrony_mean_ms", (-80, -60, -40, -20, 0))
    goals.add(child.id, GoalRequest(signed, -1, START), "console")
    shares = GoalScale("tracing", 2, "coverage", (0, 0.25, 0.5, 0.75, 1))
    goals.add(child.id, GoalRequest(shares, -1, START), "console")
    assert [g.metric for g in repository.goals(child.id)] == ["asynchrony_mean_ms", "coverage"]


def test_a_session_note_is_kept_with_its_author_and_session(repository, child):
    goals = ChildGoals(repository, COUNTS, SHOWING)
    session = repository.start_session(child.id, at(0))
    other = repository.start_session(repository.add_profile(alias="Noor").id, at(5))
    note = goals.add_note(
        session, "J. Smith OT", "Tired after school;\nneeded two breaks.", "console"
    )
    goals.add_note(other, "", "Good focus.", "command line")
    assert (note.session_id, note.profile_id, note.author) == (session, child.id, "J. Smith OT")
    assert [n.text for n in goals.notes(child.id)] == ["Tired after school;\nneeded two breaks."]
    assert [n.text for n in goals.notes(session_id=other)] == ["Good focus."]
    audit = repository.audit_entries()[-2]
    assert audit.action == "session note" and "Tired" not in audit.detail
    with pytest.raises(GoalError, match=r"^session = 'nope': no session"):
        goals.add_note("nope", "", "text", "console")
    with pytest.raises(GoalError, match=r"^note = '': must be plain text"):
        goals.add_note(session, "", "   ", "console")
