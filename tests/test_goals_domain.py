"""Goal Attainment Scaling from measured values (domain/goals.py), with hand-computed
cases: rising and falling scales, the median of the last N, the T-score."""

from __future__ import annotations

import math
from datetime import date

import pytest

from sensory_games.domain.goals import (
    GoalError,
    GoalScale,
    attainment,
    check_goal_plan,
    check_scale,
    t_score,
)

ACCURACY = GoalScale("tracing", 3, "accuracy", (0.5, 0.65, 0.8, 0.9, 0.95))
EXTRA_LIFTS = GoalScale("tracing", 4, "extra_lifts", (6.0, 4.0, 2.0, 1.0, 0.0))


@pytest.mark.parametrize(
    ("value", "level"),
    [(0.2, -2), (0.5, -2), (0.64, -2), (0.65, -1), (0.79, -1), (0.8, 0), (0.9, 1), (0.97, 2)],
)
def test_a_rising_scale_gives_the_highest_level_whose_threshold_is_reached(value, level):
    assert ACCURACY.higher_is_better
    assert ACCURACY.band(value) == level


@pytest.mark.parametrize(
    ("value", "level"), [(9.0, -2), (5.0, -2), (4.0, -1), (3.0, -1), (2.0, 0), (1.0, 1), (0.0, 2)]
)
def test_a_falling_scale_is_lower_is_better(value, level):
    assert not EXTRA_LIFTS.higher_is_better
    assert EXTRA_LIFTS.band(value) == level


def test_attainment_is_the_median_of_the_last_n_values():
    # last 5 of 7: 0.70 0.95 0.82 0.85 0.60 -> sorted 0.60 0.70 0.82 0.85 0.95 -> 0.82: level 0
    values = [0.1, 0.2, 0.70, 0.95, 0.82, 0.85, 0.60]
    shown = attainment(ACCURACY, values, 5)
    assert shown.median == pytest.approx(0.82)
    assert shown.level == 0
    assert shown.values == (0.70, 0.95, 0.82, 0.85, 0.60)
    assert shown.wanted == 5


def test_an_even_count_takes_the_mean_of_the_middle_two_and_lower_is_better_bands_it():
    # extra lifts 5, 1, 3, 2 -> sorted 1 2 3 5 -> median 2.5: reaches -1 (<= 4), not 0 (<= 2)
    shown = attainment(EXTRA_LIFTS, [5, 1, 3, 2], 5)
    assert shown.median == 2.5
    assert shown.level == -1
    # 5, 1, 0, 2 -> median 1.5: at or below 0's 2.0, above +1's 1.0 -> level 0
    assert attainment(EXTRA_LIFTS, [5, 1, 0, 2], 5).level == 0


def test_no_values_is_no_attainment_yet():
    shown = attainment(ACCURACY, [], 5)
    assert shown.level is None and shown.median is None and shown.values == ()
    assert attainment(ACCURACY, [math.nan], 3).level is None


@pytest.mark.parametrize(
    ("thresholds", "says"),
    [
        ((0.5, 0.6, 0.6, 0.8, 0.9), "no two equal"),
        ((0.5, 0.7, 0.6, 0.8, 0.9), "must rise"),
        ((0.5, 0.6, 0.7, 0.8), "five numbers"),
        ((0.5, 0.6, math.inf, 0.8, 0.9), "five numbers"),
    ],
)
def test_thresholds_must_be_five_numbers_in_one_direction(thresholds, says):
    with pytest.raises(GoalError, match=says) as raised:
        check_scale(GoalScale("tracing", 1, "accuracy", thresholds))
    assert str(raised.value).startswith("thresholds = ")


def test_a_bad_metric_or_level_is_refused_by_name():
    with pytest.raises(GoalError, match=r"^metric = 'Accuracy!'"):
        check_scale(GoalScale("tracing", 1, "Accuracy!", (1, 2, 3, 4, 5)))
    with pytest.raises(GoalError, match=r"^level = 0"):
        check_scale(GoalScale("tracing", 0, "accuracy", (1, 2, 3, 4, 5)))
    check_scale(EXTRA_LIFTS)  # sound: no error


def test_the_plan_of_a_goal_is_checked():
    start = date(2026, 12, 1)
    check_goal_plan(-1, 5, start, date(2027, 3, 1), "trace the square with one lift")
    with pytest.raises(GoalError, match=r"^baseline = 0: must be -2 or -1"):
        check_goal_plan(0, 5, start, None, "")
    with pytest.raises(GoalError, match=r"^attempts = 0: must be a whole number 1 to 20"):
        check_goal_plan(-2, 0, start, None, "")
    with pytest.raises(GoalError, match=r"^review = '2026-11-30': must be after the start"):
        check_goal_plan(-2, 5, start, date(2026, 11, 30), "")
    with pytest.raises(GoalError, match=r"^description = .*one line"):
        check_goal_plan(-2, 5, start, None, "two\nlines")


def test_the_t_score_follows_kiresuk_and_sherman():
    assert t_score([]) is None
    assert t_score([0, 0, 0]) == 50.0
    # one goal at +1: 50 + 10 * 1 / sqrt(0.7 + 0.3) = 60
    assert t_score([1]) == pytest.approx(60.0)
    # three goals -1, 0, +2: 50 + 10 * 1 / sqrt(0.7*3 + 0.3*9) = 50 + 10 / sqrt(4.8)
    assert t_score([-1, 0, 2]) == pytest.approx(50 + 10 / math.sqrt(4.8))
    assert t_score([-2, -2]) == pytest.approx(50 - 40 / math.sqrt(0.7 * 2 + 0.3 * 4))
