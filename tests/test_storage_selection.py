"""A Selection reads the rows it names, whichever filters are set, and one child's
attempts are found through the profile index, not by reading every attempt of the log
(a report of one child in a 100,000-attempt log)."""

from __future__ import annotations

from records import T0, at, log_attempt

from sensory_games.storage import Repository, Selection
from sensory_games.storage.queries import ATTEMPT_FILTER, ATTEMPT_SELECT

DAY_MIN = 24 * 60


def fill(repository: Repository) -> dict[str, list[str]]:
    """Mia and Noah, three attempts each a day apart; their attempt ids by alias."""
    ids: dict[str, list[str]] = {}
    for alias in ("Mia", "Noah"):
        child = repository.add_profile(alias=alias, animal="cat", colour=1)
        session = repository.start_session(child.id, T0)
        for number in range(3):
            minutes = number * DAY_MIN
            ids.setdefault(alias, []).append(log_attempt(repository, child, session, minutes))
    return ids


def day(number: int) -> str:
    """The UTC date of day `number` (0: T0's), as a Selection takes it."""
    return at(number * DAY_MIN).date().isoformat()


def chosen(repository: Repository, selection: Selection) -> list[str]:
    return [a.id for a in repository.attempts(selection=selection)]


def test_each_filter_and_none_keep_the_rows_they_name(repository: Repository) -> None:
    ids = fill(repository)
    assert sorted(chosen(repository, Selection())) == sorted(ids["Mia"] + ids["Noah"])
    assert chosen(repository, Selection("mia")) == ids["Mia"]  # (whatever the case)
    mia = repository.profile_by_alias("Mia")
    assert mia is not None
    assert chosen(repository, Selection(profile_id=mia.id)) == ids["Mia"]
    assert chosen(repository, Selection("Noah", since=day(1))) == ids["Noah"][1:]
    first_day = chosen(repository, Selection(before=day(1)))
    assert sorted(first_day) == sorted([ids["Mia"][0], ids["Noah"][0]])
    assert chosen(repository, Selection("Mia", activity="bubbles")) == ids["Mia"]
    assert chosen(repository, Selection("Mia", activity="tracing")) == []
    assert chosen(repository, Selection("Nobody")) == []


def test_one_childs_attempts_are_found_through_the_profile_index(
    repository: Repository,
) -> None:
    where, values = Selection("Mia", since=day(1)).where(*ATTEMPT_FILTER)
    plan = repository.connection.execute(
        f"EXPLAIN QUERY PLAN {ATTEMPT_SELECT} WHERE {where} ORDER BY a.started_at, a.id", values
    ).fetchall()
    steps = [row[-1] for row in plan]
    assert any("attempts_by_profile" in step for step in steps), steps
    assert not any(step.startswith("SCAN a") for step in steps), steps


def test_the_feelings_of_the_attempts_read_are_looked_up_by_attempt(
    repository: Repository,
) -> None:
    """The feelings around the attempts a selection reads come from an index look-up per
    attempt, never from a pass over the whole clinic's check-ins (grouped, they cost each
    save's mastery check and each sync of one attempt 0.1-0.2 s in a year's log)."""
    where, values = Selection("Mia", activity="tracing").where(*ATTEMPT_FILTER)
    plan = repository.connection.execute(
        f"EXPLAIN QUERY PLAN {ATTEMPT_SELECT} WHERE {where} ORDER BY a.started_at, a.id", values
    ).fetchall()
    steps = [row[-1] for row in plan]
    check_ins = [step for step in steps if "check_ins" in step]
    assert check_ins and all("USING INDEX" in step for step in check_ins), steps
    assert not any(step.startswith(("MATERIALIZE", "SCAN check_ins")) for step in steps), steps


def test_of_two_feelings_asked_at_the_same_moment_the_one_saved_first_counts_everywhere(
    repository: Repository,
) -> None:
    """Two check-ins of one attempt and moment with the same time (merged from two
    devices, say): the exports' one pass over the check-ins and the views' look-up per
    attempt pick the same one, the one saved first; a later one counts over both."""
    from records import log_check_in

    child = repository.add_profile(alias="Tie")
    session = repository.start_session(child.id, at(0))
    attempt = log_attempt(repository, child, session, 1, activity="calming")
    log_check_in(repository, child, session, "before", 2, 0.5, attempt)
    log_check_in(repository, child, session, "before", 4, 0.5, attempt)  # (the same time)
    log_check_in(repository, child, session, "after", None, 3.0, attempt)  # (unanswered)
    log_check_in(repository, child, session, "after", 5, 2.0, attempt)  # (asked earlier)
    (read,) = [a for a in repository.attempts() if a.id == attempt]
    assert (read.feeling_before, read.feeling_after) == (2, None)
    assert repository.latest_feelings()[attempt] == (2, None)
    log_check_in(repository, child, session, "before", 3, 0.75, attempt)
    (read,) = [a for a in repository.attempts() if a.id == attempt]
    assert read.feeling_before == 3 == repository.latest_feelings()[attempt][0]
