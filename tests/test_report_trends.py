"""Trend lines per level run: each run's points are found by bisection (a child with
1,000 attempts and frequent level changes has thousands of runs), with the same points
and lines as looking at every point for every run."""

from __future__ import annotations

import random

import pytest

from sensory_games.services.report.trends import level_runs, level_trends, trend


def test_each_run_has_exactly_its_own_points_even_with_gaps_and_many_runs():
    """A level changing often over 1,000 attempts, with a third of the attempts missing
    the value (gaps in the attempt numbers, some runs with no point at all): every run's
    points and line are the ones a look at every point gives."""
    rng = random.Random(3)
    levels = [rng.choice([1, 1, 1, 2, 3]) for _ in range(1000)]
    runs = level_runs(levels)
    xs = [x for x in range(1, 1001) if rng.random() > 0.33]
    ys = [rng.random() for _ in xs]
    found = level_trends(runs, xs, ys)
    assert len(found) == len(runs) > 300
    for run, got in zip(runs, found, strict=True):
        inside = [(x, y) for x, y in zip(xs, ys, strict=True) if run.first <= x <= run.last]
        assert got.level == run.level
        assert got.xs == tuple(x for x, _ in inside)
        expected = trend([x for x, _ in inside], [y for _, y in inside])
        if expected is None:
            assert got.fit is None
        else:
            assert got.fit is not None
            assert (got.fit.slope, got.fit.intercept) == pytest.approx(
                (expected.slope, expected.intercept)
            )
    assert any(not got.xs for got in found)  # (a run whose attempts all lack the value)


def test_attempt_numbers_out_of_order_are_refused_not_misread():
    with pytest.raises(ValueError, match="ascending"):
        level_trends(level_runs([1, 1, 2]), [2, 1, 3], [0.1, 0.2, 0.3])
