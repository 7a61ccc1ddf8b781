"""A child's six weeks of one activity for the progress page's tests and screenshots:
40 bubbles attempts, one a day or so, at levels 1 to 4 (ten each), rising within each
level, every seventh stopped early, every fourth framed by a before/after check-in."""

from __future__ import annotations

from records import at, log_attempt, log_check_in

from sensory_games.domain.profile import Profile
from sensory_games.storage import Repository

ATTEMPTS, PER_LEVEL = 40, 10
DAY_MIN = 24 * 60


def minutes_of(number: int) -> float:
    """Attempt `number` (1..40): day (number - 1) * 42 // 40 after T0, at 09:00 + number
    minutes (so two attempts share a day now and then)."""
    return (number - 1) * 42 // ATTEMPTS * DAY_MIN + number


def six_weeks(repository: Repository, alias: str = "Maximilian-Benedikt") -> Profile:
    child = repository.add_profile(alias=alias, animal="cat", colour=1, dominant_hand="right")
    session = repository.start_session(child.id, at(0))
    for number in range(1, ATTEMPTS + 1):
        level = (number - 1) // PER_LEVEL + 1
        within = (number - 1) % PER_LEVEL
        stopped = number % 7 == 0
        attempt_id = log_attempt(
            repository,
            child,
            session,
            minutes_of(number),
            level=level,
            accuracy=round(0.4 + 0.05 * within, 2),
            completion_time_s=None if stopped else 30.0 - within,
        )
        if number % 4 == 0:
            minutes = minutes_of(number)
            log_check_in(repository, child, session, "before", 2, minutes - 0.5, attempt_id)
            log_check_in(repository, child, session, "after", 4, minutes + 1, attempt_id)
    return child
