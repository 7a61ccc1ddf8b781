"""Hand-built attempt logs for the export, merge, bundle and report tests: exact values,
no bots, so every figure a test asserts is known."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.intensity import PRESETS
from sensory_games.domain.outcome import Metric, Result
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import Profile
from sensory_games.storage import AttemptRecord, Repository

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def at(minutes: float) -> datetime:
    """T0 (a Monday, 09:00 UTC) + `minutes`."""
    return T0 + timedelta(minutes=minutes)


def trace_target(tolerance_mm: float = 8.0) -> dict[str, Any]:
    """A tracing target as the tracing activity stores it: one 100 mm line."""
    return {
        "kind": "trace",
        "tolerance_mm": tolerance_mm,
        "px_per_mm": 4.0,
        "items": [
            {
                "shape": "line_h",
                "repetition": 1,
                "guide": "full",
                "shown_at_s": 0.0,
                "strokes": [[[50.0, 80.0], [150.0, 80.0]]],
            }
        ],
    }


def contact(
    points: list[tuple[float, float]], start: float, pointer_id: int = 1
) -> tuple[PointerEvent, ...]:
    """One finger down on the first point, moving through the rest, up on the last,
    0.1 s apart from clock time `start`."""
    phases = ["down", *["move"] * (len(points) - 2), "up"]
    return tuple(
        PointerEvent(pointer_id, phase, x, y, start + 0.1 * k, "touch")  # type: ignore[arg-type]
        for k, (phase, (x, y)) in enumerate(zip(phases, points, strict=True))
    )


def trace_samples(start: float, wobble_mm: float = 2.0) -> tuple[PointerEvent, ...]:
    """One contact along the line of trace_target, `wobble_mm` off it every other point."""
    return contact(
        [(50.0 + 10 * k, 80.0 + (wobble_mm if k % 2 else 0.0)) for k in range(11)], start
    )


def log_attempt(repository: Repository, *args: Any, **kwargs: Any) -> str:
    """Save `attempt(*args, **kwargs)`; returns its id."""
    record = attempt(*args, **kwargs)
    assert repository.save_attempt(record)
    return record.id


def attempt(
    profile: Profile,
    session_id: str,
    minutes: float,
    *,
    activity: str = "bubbles",
    level: int = 1,
    accuracy: float | None = 0.75,
    completion_time_s: float | None = 20.0,
    abort_reason: str = "calm_down",
    metrics: dict[str, Metric] | None = None,
    tracing: bool = False,
    check_in_ids: tuple[str, ...] = (),
    attempt_id: str | None = None,
    origin: str = "child",
    started_at: datetime | None = None,
) -> AttemptRecord:
    """One attempt started at T0 + `minutes`. `tracing` gives it a trace target and
    samples; `completion_time_s` None makes it aborted (`abort_reason`); `started_at`
    instead of `minutes` (e.g. an app's clock)."""
    completed = completion_time_s is not None
    result = Result(
        completed=completed,
        duration_s=completion_time_s if completed else 7.5,
        completion_time_s=completion_time_s,
        accuracy=accuracy,
        metrics=metrics if metrics is not None else {"taps": Metric(8, "count")},
        abort_reason=None if completed else abort_reason,
        target=trace_target() if tracing else None,
    )
    extra = {"id": attempt_id} if attempt_id else {}
    return AttemptRecord(
        session_id=session_id,
        profile_id=profile.id,
        activity=activity,
        variant="standard",
        level=level,
        parameters={"level_note": f"level {level}"},
        intensity={"preset": "balanced", **PRESETS["balanced"].as_dict()},
        started_at=started_at or at(minutes),
        result=result,
        samples=trace_samples(100.0) if tracing else (),
        samples_start=100.0,
        px_per_mm=4.0,
        origin=origin,
        dominant_hand=profile.dominant_hand,
        check_in_ids=check_in_ids,
        **extra,
    )


def log_check_in(
    repository: Repository,
    profile: Profile,
    session_id: str,
    moment: str,
    feeling: int | None,
    minutes: float,
    attempt_id: str | None = None,
) -> CheckIn:
    """Save a check-in asked at T0 + `minutes`."""
    check_in = CheckIn(session_id, profile.id, moment, feeling, at(minutes), 2.0, attempt_id)
    assert repository.save_check_in(check_in)
    return check_in


def fill_device(repository: Repository, alias: str, day: int = 0) -> Profile:
    """A device's log: `alias` with two sessions on day `day` (a bubbles attempt, an
    aborted one, a traced line, a calm framed by check-ins), and a Guest attempt."""
    child = repository.add_profile(alias=alias, animal="cat", colour=2, dominant_hand="left")
    start = day * 24 * 60
    first = repository.start_session(child.id, at(start))
    log_attempt(repository, child, first, start + 1, accuracy=0.6)
    log_attempt(repository, child, first, start + 3, level=2, accuracy=None, completion_time_s=None)
    log_attempt(repository, child, first, start + 5, activity="tracing", tracing=True)
    repository.end_session(first, at(start + 10))
    second = repository.start_session(child.id, at(start + 60))
    before = log_check_in(repository, child, second, "before", 2, start + 60)
    calm = log_attempt(
        repository,
        child,
        second,
        start + 61,
        activity="calming",
        accuracy=None,
        check_in_ids=(before.id,),
    )
    log_check_in(repository, child, second, "after", 4, start + 62, calm)
    guest = repository.guest_profile()
    visit = repository.start_session(guest.id, at(start + 120))
    log_attempt(repository, guest, visit, start + 121, accuracy=0.9)
    return child


def two_children(folder: Path) -> Repository:
    """A kiosk log at `folder` with two children's days (fill_device: Mia, then Noor the
    next day)."""
    log = Repository(folder)
    fill_device(log, "Mia")
    fill_device(log, "Noor", day=1)
    return log


def table_counts(repository: Repository, tables: Iterable[str]) -> dict[str, int]:
    """Rows in each of `tables` of the log."""
    return {
        table: repository.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in tables
    }
