"""The words a family reads: the report's opening summary, and each activity page's lines
about its followed measures (report_spec.Measure) and its early stops.

Everything is computed from the attempts (no canned praise): how much the child played,
and for each measure the activity follows whether it improved, stayed about the same or
slipped *within the child's latest level* (a new level is a harder task, so a comparison
across a level change would mix two tasks). Numbers are rounded as a person says them:
a share as a whole percentage, a time to whole seconds, a count as a whole number. No
drawing here.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sensory_games.domain.check_in import BeforeAfter
from sensory_games.domain.language import Words
from sensory_games.domain.report_spec import COMPLETION_TIME, Measure, Showing, shown
from sensory_games.services.report.data import Series, count_changes
from sensory_games.services.report.names import abort_reason
from sensory_games.storage import StoredAttempt

#: A change is told only from this many values of a measure at the latest level.
LEAST_TO_COMPARE = 4
#: The change compares the median of the first and of the last this-many values (at most
#: half of them, so the two never overlap).
COMPARED = 3


@dataclass(frozen=True)
class Change:
    """How `measure` moved at `level`: the medians of its first and last values there."""

    measure: Measure
    level: int
    before: float
    after: float

    @property
    def direction(self) -> str:
        """ "better", "same" or "worse": a move smaller than the measure's step is "same"."""
        moved = self.after - self.before
        if abs(moved) < self.measure.step:
            return "same"
        up = moved > 0
        return "better" if up == (self.measure.better == "higher") else "worse"


def _completed_only(measure: Measure) -> bool | None:
    """A completion time exists only for completed attempts; every other measure is read
    from every attempt that has it."""
    return True if measure.value == COMPLETION_TIME.value else None


def latest_change(series: Series, measure: Measure) -> Change | None:
    """`measure`'s change within the latest level run, or None: the series has fewer than
    :data:`LEAST_TO_COMPARE` values of it there (or none at all: a metric the attempts do
    not have yet)."""
    if not series.attempts:
        return None
    run = series.runs[-1]
    xs, ys = series.points(measure.value, _completed_only(measure))
    values = [y for x, y in zip(xs, ys, strict=True) if run.first <= x <= run.last]
    if len(values) < LEAST_TO_COMPARE:
        return None
    width = min(COMPARED, len(values) // 2)
    return Change(
        measure,
        run.level,
        statistics.median(values[:width]),
        statistics.median(values[-width:]),
    )


def amount(measure: Measure, value: float, said: Words) -> str:
    """`value` as a person says it: `62%`, `14 s`, `3`, `2.5 ms`."""
    if measure.percent:
        return f"{round(value * 100)}%"
    number = f"{value:.{measure.digits}f}"
    return f"{number} {said.tr(measure.unit)}" if measure.unit else number


def trend_text(series: Series, measure: Measure, said: Words) -> str:
    """`at level 5: +0.04 per 10 attempts`: `measure`'s trend in the latest level run."""
    trends = series.trends(measure.value, _completed_only(measure))
    unit = "" if measure.percent or not measure.unit else said.tr(measure.unit)
    digits = 2 if measure.percent else max(1, measure.digits)
    return trends[-1].label(unit, digits, said)


def stopped_text(attempts: Sequence[StoredAttempt], said: Words) -> str | None:
    """`Stopped early: 3 attempts (calm-down break: 2, time ran out: 1)`, or None."""
    reasons: dict[str, int] = {}
    for attempt in attempts:
        if not attempt.completed:
            why = abort_reason(attempt.abort_reason, said)
            reasons[why] = reasons.get(why, 0) + 1
    if not reasons:
        return None
    count = sum(reasons.values())
    return said.tr_n(
        "Stopped early: {count} attempt ({reasons})",
        "Stopped early: {count} attempts ({reasons})",
        count,
        count=count,
        reasons=", ".join(f"{why}: {n}" for why, n in sorted(reasons.items())),
    )


def change_sentence(title: str, change: Change, said: Words) -> str:
    """One short sentence: how a measure of activity `title` moved at its latest level."""
    measure = change.measure
    values = {
        "activity": title,
        "what": said.tr(measure.plain),
        "before": amount(measure, change.before, said),
        "after": amount(measure, change.after, said),
        "level": change.level,
    }
    if change.direction == "better":
        return said.tr(
            "{activity}: {what} improved, from {before} to {after} (level {level}).", **values
        )
    if change.direction == "worse":
        return said.tr(
            "{activity}: {what} slipped, from {before} to {after} (level {level}).", **values
        )
    return said.tr(
        "{activity}: {what} stayed about the same, around {after} (level {level}).", **values
    )


def family_summary(
    name: str,
    series: Sequence[Series],
    pairs: Sequence[BeforeAfter],
    showing: Showing,
    said: Words,
) -> list[str]:
    """The report's opening sentences: what `name` did (sessions, activities, minutes of
    play), then per activity its level and how each followed measure moved at its latest
    level, then the check-ins; `series` titled in `said`'s language already."""
    attempts = [a for s in series for a in s.attempts]
    if not attempts:
        return []
    sessions = len({a.session_id for a in attempts})
    minutes = round(sum(a.duration_s or 0.0 for a in attempts) / 60)
    lines = [
        said.tr(
            "{name} played {times} in {sessions}: {minutes} of play in all.",
            name=name,
            times=said.tr_n("{count} time", "{count} times", len(attempts), count=len(attempts)),
            sessions=said.tr_n("{count} session", "{count} sessions", sessions, count=sessions),
            minutes=said.tr_n(
                "about {count} minute",
                "about {count} minutes",
                max(1, minutes),
                count=max(1, minutes),
            ),
        )
    ]
    changes: list[str] = []
    for item in series:
        first, last = item.attempts[0].level, item.attempts[-1].level
        times = said.tr_n(
            "{count} time", "{count} times", len(item.attempts), count=len(item.attempts)
        )
        played = (
            said.tr("{activity}: played {times}, at level {last}.")
            if first == last
            else said.tr("{activity}: played {times}, from level {first} to level {last}.")
        )
        lines.append(played.format(activity=item.title, times=times, first=first, last=last))
        for measure in shown(showing, item.slug).followed:
            change = latest_change(item, measure)
            if change is not None:
                changes.append(change_sentence(item.title, change, said))
                lines.append(changes[-1])  # (under its activity's line)
    if changes:
        lines.append(
            said.tr(
                "Each change compares the first and the last few attempts at the latest level "
                "(a new level is a harder task)."
            )
        )
    else:
        lines.append(
            said.tr(
                "Too few attempts at one level yet to tell a change (it takes {count}).",
                count=LEAST_TO_COMPARE,
            )
        )
    if pairs:
        counts = count_changes(pairs)
        lines.append(
            said.tr_n(
                "Asked how they felt before and after calming down ({count} time): better "
                "after {better}, the same {same}, less settled {worse}.",
                "Asked how they felt before and after calming down ({count} times): better "
                "after {better}, the same {same}, less settled {worse}.",
                len(pairs),
                count=len(pairs),
                better=counts.improved,
                same=counts.same,
                worse=counts.worse,
            )
        )
    return lines
