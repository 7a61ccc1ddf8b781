"""A goal said as a reader of the report or the console list reads it: the metric by its
label (the report's own title for a measure it follows, else the metric's name in words),
each number with its unit (a 0..1 share as a percentage), the GAS level signed with a
real minus sign and the dates as the report writes dates.

The minus is U+2212, not a hyphen: in a right-to-left line (Arabic) a hyphen-minus is a
weak character that the bidirectional algorithm may move to the far side of its digit
("1-"), while U+2212 keeps "−1" together.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sensory_games.domain.language import N_, Words
from sensory_games.domain.report_spec import DEFAULT_FOLLOWED, SHARE, ShownActivity
from sensory_games.services.goals import GoalShown
from sensory_games.services.report.data import day_text
from sensory_games.services.report.names import plain_key

#: U+2212 MINUS SIGN (module docstring).
MINUS = "\u2212"
#: The recorded units (docs/metrics.md) as printed after a number (most as they are
#: recorded); a count and a share have none.
UNIT_WORDS: dict[str, str] = {unit: unit for unit in (N_("s"), N_("ms"), N_("mm"), N_("mm/s"))}
UNIT_WORDS["1/min"] = N_("per minute")


def gas_level(level: int) -> str:
    """A GAS level as printed: `−2`, `−1`, `0`, `+1`, `+2`."""
    return f"{MINUS}{-level}" if level < 0 else f"{level:+d}" if level else "0"


def metric_label(shown: ShownActivity, metric: str, said: Words) -> str:
    """The metric in `said`'s language: the title the report charts it under when the
    activity follows it (or accuracy and completion time, which every report charts),
    else its stored name in words (`extra lifts`)."""
    measure = shown.measure(metric) or next(
        (m for m in DEFAULT_FOLLOWED if m.value == metric), None
    )
    return said.tr(measure.title) if measure is not None else plain_key(metric)


def amount(shown: ShownActivity, metric: str, value: float, said: Words) -> str:
    """`value` of `metric` with its unit: `80%` (a share), `2.5 s`, `35 ms`, `3`; a signed
    value below 0 with U+2212."""
    unit = shown.recorded.get(metric, "")
    if unit == SHARE:
        return f"{round(value * 100)}%"
    number = f"{abs(value):.3g}"
    number = f"{MINUS}{number}" if value < 0 and number.strip("0.") else number
    words = UNIT_WORDS.get(unit)
    return f"{number} {said.tr(words)}" if words else number


def day(iso_day: str, said: Words) -> str:
    """A stored day (2026-12-01) as the report writes a date (`1 Dec 2026`)."""
    moment = datetime.combine(date.fromisoformat(iso_day), datetime.min.time(), timezone.utc)
    return day_text(moment, language=said.language)


def heading(item: GoalShown, shown: ShownActivity, said: Words) -> str:
    """`Trace the path, level 3: Extra lifts`."""
    return said.tr(
        "{activity}, level {level}: {metric}",
        activity=said.tr(shown.title),
        level=item.goal.level,
        metric=metric_label(shown, item.goal.metric, said),
    )


def scale_text(item: GoalShown, shown: ShownActivity, said: Words) -> str:
    """The five thresholds: `−2: ≤ 6   −1: ≤ 4   0: ≤ 2   +1: ≤ 1   +2: ≤ 0`."""
    sign = "≥" if item.scale.higher_is_better else "≤"
    return "   ".join(
        f"{gas_level(gas)}: {sign} {amount(shown, item.goal.metric, value, said)}"
        for gas, value in zip((-2, -1, 0, 1, 2), item.goal.thresholds, strict=True)
    )


def dates_text(item: GoalShown, said: Words) -> str:
    """`Baseline −1, since 2 Mar 2026; review on 1 Jun 2026` (no review date: the first
    part only)."""
    goal = item.goal
    since = said.tr(
        "Baseline {baseline}, since {day}",
        baseline=gas_level(goal.baseline),
        day=day(goal.start_date, said),
    )
    if goal.review_date is None:
        return since
    return said.tr("{since}; review on {day}", since=since, day=day(goal.review_date, said))


def attainment_text(item: GoalShown, shown: ShownActivity, said: Words) -> str:
    """`Now +1: median 85% of the latest 3 (80%, 85%, 90%)`, or that none counts yet."""
    now = item.attainment
    if now.level is None or now.median is None:
        return said.tr("Not scored yet: no completed attempt at this level.")
    metric = item.goal.metric
    return said.tr(
        "Now {level}: median {median} of the latest {count} ({values})",
        level=gas_level(now.level),
        median=amount(shown, metric, now.median, said),
        count=len(now.values),
        values=", ".join(amount(shown, metric, v, said) for v in now.values),
    )
