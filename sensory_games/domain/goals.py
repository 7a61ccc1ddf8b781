"""A child's goals, scored by Goal Attainment Scaling (Kiresuk & Sherman 1968).

A therapist writes a goal as a scale of five outcomes, the GAS levels: -2 much less than
expected, -1 less than expected, 0 the expected outcome, +1 more, +2 much more. Here each
level is tied to a number the app measures: one metric of one activity at one level
(`tracing`, level 3, `accuracy`), with the value the child must reach for each GAS level
(the scale's five thresholds). The thresholds run the same way as the metric: rising for
a metric where more is better (accuracy 0.5 / 0.65 / 0.8 / 0.9 / 0.95), falling where
less is better (extra_lifts 6 / 4 / 2 / 1 / 0); their order says which, so no list of
metrics is kept here.

The attainment is computed, never typed in: the median of the metric over the child's
last `attempts` completed attempts of that activity at that level since the goal started
(and before it ended), and the GAS level is the highest whose threshold that median
reaches (at or above a rising threshold, at or below a falling one). A median worse than
even the -2 threshold is -2 too: the scale has nothing below "much less than expected".
The median, not the mean, so that one distracted attempt does not move a goal a band.

Across goals, Kiresuk & Sherman's summary T-score (unweighted goals, inter-goal
correlation rho = 0.3 as they assumed): T = 50 + 10 * sum(x) / sqrt(0.7 * n + 0.3 * n^2),
where x is each goal's attainment level and n the number of goals scored; 50 means the
goals were met as expected on average.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sensory_games.domain import records
from sensory_games.domain.report_spec import SHARE, ShownActivity
from sensory_games.domain.schema import SchemaError

#: The five GAS levels, from much less than expected to much more.
GAS_LEVELS: tuple[int, ...] = (-2, -1, 0, 1, 2)
#: A baseline below the expected outcome: the goal is a change from where the child starts.
BASELINES: tuple[int, ...] = (-2, -1)
#: How many of the latest completed attempts the attainment is the median of, by default,
#: and the range a therapist may choose.
DEFAULT_ATTEMPTS = 5
ATTEMPTS_RANGE = (1, 20)
#: The longest description of a goal (one line of plain text).
MAX_DESCRIPTION = 200
#: Kiresuk & Sherman's assumed correlation between a child's goals.
GOAL_CORRELATION = 0.3
#: Metric names: lower-case words with underscores (accuracy, extra_lifts).
METRIC_NAME = re.compile(r"[a-z][a-z0-9_]{0,59}", re.ASCII)
#: A day as goals keep it (UTC): 2026-12-01.
DAY = re.compile(r"(20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", re.ASCII)
#: The longest note on a session (new lines allowed), and the longest author's name.
MAX_NOTE = 4000
MAX_AUTHOR = 100


class GoalError(SchemaError):
    """A goal that may not be set: the key, the value, what is allowed (one line)."""


@dataclass(frozen=True)
class GoalScale:
    """What a goal measures and its five thresholds, for GAS levels -2..+2 in order."""

    activity: str
    level: int
    metric: str
    thresholds: tuple[float, float, float, float, float]

    @property
    def higher_is_better(self) -> bool:
        """True when the thresholds rise from -2 to +2 (more of the metric is better)."""
        return self.thresholds[-1] > self.thresholds[0]

    def band(self, value: float) -> int:
        """The GAS level `value` reaches: the highest whose threshold it meets (-2 when
        it meets none)."""
        reached = -2
        for gas, threshold in zip(GAS_LEVELS, self.thresholds, strict=True):
            if (value >= threshold) if self.higher_is_better else (value <= threshold):
                reached = gas
        return reached


@dataclass(frozen=True)
class Attainment:
    """A goal's attainment now: the GAS level (None before any attempt counts), the median
    it comes from and the values behind it (oldest first), out of `wanted` attempts."""

    level: int | None
    median: float | None
    values: tuple[float, ...]
    wanted: int


def check_scale(scale: GoalScale) -> None:
    """Raise GoalError unless the scale's activity, level, metric and thresholds are sound:
    five finite numbers, strictly rising or strictly falling."""
    if not (isinstance(scale.metric, str) and METRIC_NAME.fullmatch(scale.metric)):
        raise GoalError("metric", scale.metric, "must be a metric name like accuracy")
    if isinstance(scale.level, bool) or not isinstance(scale.level, int) or scale.level < 1:
        raise GoalError("level", scale.level, "must be a level number, 1 or more")
    values = scale.thresholds
    if len(values) != len(GAS_LEVELS) or not all(_finite(v) for v in values):
        raise GoalError("thresholds", list(values), "must be five numbers, for -2 -1 0 +1 +2")
    steps = [b - a for a, b in itertools.pairwise(values)]
    if not (all(s > 0 for s in steps) or all(s < 0 for s in steps)):
        raise GoalError(
            "thresholds",
            list(values),
            "must rise from -2 to +2 (more is better) or fall (less is better), no two equal",
        )


def check_metric(scale: GoalScale, shown: ShownActivity) -> None:
    """Raise GoalError unless the activity records the scale's metric (shown.recorded) and
    every threshold lies in its unit's range: a share 0..1, any other amount (a count,
    seconds, millimetres) not below 0 unless the metric is a signed one."""
    if scale.metric not in shown.recorded:
        allowed = ", ".join(sorted(shown.recorded))
        raise GoalError("metric", scale.metric, f"{scale.activity} records: {allowed}")
    unit = shown.recorded[scale.metric]
    values = list(scale.thresholds)
    if unit == SHARE and not all(0.0 <= v <= 1.0 for v in values):
        raise GoalError(
            "thresholds", values, f"{scale.metric} is a share: each must be 0 to 1 (0.8 = 80 %)"
        )
    if scale.metric not in shown.signed and any(v < 0 for v in values):
        raise GoalError("thresholds", values, f"{scale.metric} ({unit}) is never below 0")


def check_goal_plan(
    baseline: int, attempts: int, start: date, review: date | None, description: str
) -> None:
    """Raise GoalError unless the baseline, attempt count, dates and description fit."""
    if baseline not in BASELINES:
        raise GoalError("baseline", baseline, "must be -2 or -1 (below the expected outcome)")
    low, high = ATTEMPTS_RANGE
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not low <= attempts <= high:
        raise GoalError("attempts", attempts, f"must be a whole number {low} to {high}")
    if review is not None and review <= start:
        raise GoalError("review", review.isoformat(), f"must be after the start {start}")
    text = description if isinstance(description, str) else None
    if text is None or len(text) > MAX_DESCRIPTION or any(c in text for c in "\r\n\t\x00"):
        raise GoalError(
            "description",
            description,
            f"must be one line of plain text, at most {MAX_DESCRIPTION} characters",
        )


def attainment(scale: GoalScale, values: Sequence[float], attempts: int) -> Attainment:
    """The attainment from the metric's values in the completed attempts that count,
    oldest first: the median of the last `attempts` of them and its GAS level."""
    last = tuple(float(v) for v in values if _finite(v))[-attempts:] if attempts > 0 else ()
    if not last:
        return Attainment(None, None, (), attempts)
    median = statistics.median(last)
    return Attainment(scale.band(median), median, last, attempts)


def t_score(levels: Sequence[int]) -> float | None:
    """Kiresuk & Sherman's summary T-score of unweighted goals' attainment levels (50:
    as expected on average); None without any goal."""
    n = len(levels)
    if n == 0:
        return None
    rho = GOAL_CORRELATION
    return 50.0 + 10.0 * sum(levels) / math.sqrt((1.0 - rho) * n + rho * n * n)


def _finite(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def is_note_text(value: object) -> bool:
    """A note's text: plain text, new lines allowed, 1 to MAX_NOTE characters."""
    return (
        isinstance(value, str)
        and len(value.strip()) > 0
        and records.plain_text(MAX_NOTE)(value.replace("\n", " "))
    )


def _is_day(value: object) -> bool:
    return isinstance(value, str) and DAY.fullmatch(value) is not None


#: A goal as the JSON export carries it (beside records.py's kinds; the description is
#: null in a pseudonymised export: free text may name people).
GOAL_RECORD: records.Fields = {
    "goal_id": (records.is_id, "must be a goal id"),
    "device_id": (records.is_id, "must be a device id"),
    "activity": (records.is_word, "must be an activity's name"),
    "level": (records.whole(1, records.LARGEST_LEVEL), "must be a level"),
    "metric": (
        lambda v: isinstance(v, str) and METRIC_NAME.fullmatch(v) is not None,
        "must be a metric name like accuracy",
    ),
    "thresholds": (
        lambda v: isinstance(v, list) and len(v) == 5 and all(_finite(x) for x in v),
        "must be five numbers, for GAS levels -2 -1 0 +1 +2",
    ),
    "baseline": (records.one_of(BASELINES), "must be -2 or -1"),
    "attempts": (records.whole(*ATTEMPTS_RANGE), "must be a whole number 1 to 20"),
    "description": (
        records.optional(records.plain_text(MAX_DESCRIPTION)),
        f"must be one line of plain text, at most {MAX_DESCRIPTION} characters, or null",
    ),
    "start_date": (_is_day, "must be a day like 2026-12-01"),
    "review_date": (records.optional(_is_day), "must be a day like 2026-12-01 or null"),
    "created_at": (records.is_utc_time, records.UTC_EXAMPLE),
    "ended_at": (records.optional(records.is_utc_time), "must be a UTC time or null"),
}
#: A note on a session as the identified JSON export carries it (never a pseudonymised one).
SESSION_NOTE_RECORD: records.Fields = {
    "note_id": (records.is_id, "must be a note id"),
    "device_id": (records.is_id, "must be a device id"),
    "author": (
        records.plain_text(MAX_AUTHOR),
        f"must be one line, at most {MAX_AUTHOR} characters",
    ),
    "written_at": (records.is_utc_time, records.UTC_EXAMPLE),
    "text": (is_note_text, f"must be plain text (new lines allowed), 1 to {MAX_NOTE} characters"),
}


def check_goals_and_notes(
    document: Mapping[str, Any], level_counts: Mapping[str, int] | None = None
) -> None:
    """Raise records.RecordError at the first goal or session note of a JSON export that
    may not be stored (run after records.check_document, which checked the rest): each
    goal (check_goals), each note's fields, no id twice."""
    seen: dict[tuple[str, str], str] = {}
    for p, profile in enumerate(document["profiles"]):
        check_goals(f"profiles[{p}].goals", profile["goals"], level_counts, seen)
        for s, session in enumerate(profile["sessions"]):
            here = f"profiles[{p}].sessions[{s}]"
            for n, note in enumerate(records.checked_list(f"{here}.notes", session["notes"])):
                records.check_record(f"{here}.notes[{n}]", note, SESSION_NOTE_RECORD)
                _once(seen, "note", note["note_id"], f"{here}.notes[{n}].note_id")


def check_goals(
    where: str,
    goals: Any,
    level_counts: Mapping[str, int] | None,
    seen: dict[tuple[str, str], str] | None = None,
) -> list[dict[str, Any]]:
    """`goals` (a list of GOAL_RECORDs: an export's or a profile bundle's) once checked:
    each goal's fields, a scale that rises or falls, a level this device has, no goal id
    twice (in `seen`, shared across a file). Raises records.RecordError at the first
    value refused, named by its place (`where[0].thresholds`)."""
    seen = {} if seen is None else seen
    for g, goal in enumerate(records.checked_list(where, goals)):
        place = f"{where}[{g}]"
        records.check_record(place, goal, GOAL_RECORD)
        try:
            check_scale(
                GoalScale(goal["activity"], goal["level"], goal["metric"], goal["thresholds"])
            )
        except GoalError as error:
            raise records.RecordError(f"{place}.{error.key}", error.value, error.allowed) from None
        records.check_level(f"{place}.level", goal["activity"], goal["level"], level_counts)
        _once(seen, "goal", goal["goal_id"], f"{place}.goal_id")
    return list(goals)


def _once(seen: dict[tuple[str, str], str], kind: str, key: str, where: str) -> None:
    first = seen.setdefault((kind, key), where)
    if first != where:
        raise records.RecordError(where, key, f"is the id of another {kind} too ({first})")
