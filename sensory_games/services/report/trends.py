"""Trend lines of one activity's attempts, one per level.

A level change resets the difficulty: a child who moves up scores lower at first, so one
straight line across levels makes steady progress look like a decline. A trend is
therefore fitted only within a *level run* (consecutive attempts of one activity at one
level), and the report and the console state the trend at the latest level. Pure numbers
(numpy only); x values are attempt numbers 1..n, y values are in the series' unit.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

import numpy as np

from sensory_games.domain.language import SOURCE_LANGUAGE, Words, words

ENGLISH = words(SOURCE_LANGUAGE)

#: Trends are given per this many attempts of one activity.
TREND_PER_ATTEMPTS = 10

#: A trend line needs at least this many points (within one level run).
MIN_TREND_POINTS = 3


@dataclass(frozen=True)
class Trend:
    """A least-squares line y = slope · x + intercept through `n` points (x in attempt
    numbers, y in the series' unit)."""

    slope: float
    intercept: float
    n: int

    def at(self, x: float) -> float:
        return self.slope * x + self.intercept

    def per(self, attempts: int = TREND_PER_ATTEMPTS) -> float:
        """Change over `attempts` attempts, in the series' unit."""
        return self.slope * attempts


def trend(xs: Sequence[float], ys: Sequence[float]) -> Trend | None:
    """numpy.polyfit of degree 1, or None with fewer than MIN_TREND_POINTS points or a
    single x."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} x values for {len(ys)} y values")
    if len(xs) < MIN_TREND_POINTS or len(set(xs)) < 2:
        return None
    slope, intercept = np.polyfit(np.asarray(xs, float), np.asarray(ys, float), 1)
    return Trend(float(slope), float(intercept), len(xs))


def change_text(fit: Trend | None, unit: str, digits: int, words: Words = ENGLISH) -> str:
    """`+0.04 per 10 attempts` (`unit`, already in `words`' language, after the number if
    any), or `no trend (fewer than 3 points)`."""
    if fit is None:
        return words.tr_n(
            "no trend (fewer than {count} point)",
            "no trend (fewer than {count} points)",
            MIN_TREND_POINTS,
            count=MIN_TREND_POINTS,
        )
    change = fit.per()
    if round(change, digits) == 0:
        change = 0.0  # never print -0.00
    amount = f"{change:+.{digits}f}" + (f" {unit}" if unit else "")
    return words.tr_n(
        "{change} per {count} attempt",
        "{change} per {count} attempts",
        TREND_PER_ATTEMPTS,
        change=amount,
        count=TREND_PER_ATTEMPTS,
    )


@dataclass(frozen=True)
class LevelRun:
    """Consecutive attempts of one activity at one `level`: attempt numbers `first` to
    `last` (1-based, inclusive)."""

    level: int
    first: int
    last: int


def level_runs(levels: Sequence[int]) -> list[LevelRun]:
    """The runs of equal levels in one activity's attempts (their levels in start order);
    a level played again after another is a new run. (One LevelRun made per run, not one
    per attempt: a report asks for an activity's runs once per chart.)"""
    runs: list[LevelRun] = []
    first = 1
    for level, same in groupby(levels):
        count = sum(1 for _ in same)
        runs.append(LevelRun(level, first, first + count - 1))
        first += count
    return runs


@dataclass(frozen=True)
class LevelTrend:
    """The trend of one level run: `xs` the attempt numbers of its points, `fit` their
    least-squares line (None: fewer than MIN_TREND_POINTS points)."""

    level: int
    xs: tuple[float, ...]
    fit: Trend | None

    @property
    def segment(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The line to draw: (x, y) at the run's first and last point, or None."""
        if self.fit is None:
            return None
        x0, x1 = min(self.xs), max(self.xs)
        return (x0, self.fit.at(x0)), (x1, self.fit.at(x1))

    def label(self, unit: str, digits: int, words: Words = ENGLISH) -> str:
        """`at level 5: +0.04 per 10 attempts` (in `words`' language)."""
        change = change_text(self.fit, unit, digits, words)
        return words.tr("at level {level}: {change}", level=self.level, change=change)


def level_trends(
    runs: Sequence[LevelRun], xs: Sequence[float], ys: Sequence[float]
) -> list[LevelTrend]:
    """One trend per run, fitted only to the points (xs: attempt numbers in ascending
    order, as :meth:`Series.points` gives them; ys: values) inside that run.

    Each run's points are found by bisection, not by looking at every point for every run:
    a child with 1,000 attempts and frequent level changes has thousands of runs."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} x values for {len(ys)} y values")
    if any(later < earlier for earlier, later in pairwise(xs)):
        raise ValueError("the x values (attempt numbers) must be in ascending order")
    found = []
    for run in runs:
        first, end = bisect_left(xs, run.first), bisect_right(xs, run.last)
        run_xs = tuple(xs[first:end])
        found.append(LevelTrend(run.level, run_xs, trend(run_xs, ys[first:end])))
    return found
