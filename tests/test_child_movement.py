"""Tests of sensory_games/domain/child_movement.py: the movements the tracing and mirror bots
make (minimum-jerk speed, corners, hesitations, correlated jitter, lifts), seeded."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sensory_games.domain.child_movement import (
    SAMPLE_HZ,
    corner_arcs,
    correlated_jitter,
    plan_stroke,
    progress_profile,
    reaction_s,
)
from sensory_games.domain.geometry import cumulative_length
from sensory_games.domain.handwriting_kinematics import stroke_velocity_changes

LINE = np.array([[0.0, 0.0], [90.0, 0.0]])
SQUARE = np.array([[0.0, 0.0], [40.0, 0.0], [40.0, 40.0], [0.0, 40.0], [0.0, 0.0]])


def test_a_minimum_jerk_movement_peaks_at_1_875_times_its_mean_speed_half_way():
    times, share = progress_profile(2.0, [])
    assert times[-1] == pytest.approx(2.0)
    speed = np.diff(share) / np.diff(times)
    assert speed.max() == pytest.approx(1.875 / 2.0, rel=0.01)
    assert times[np.argmax(speed)] == pytest.approx(1.0, abs=2 / SAMPLE_HZ)
    assert share[0] == 0.0 and share[-1] == pytest.approx(1.0)


def test_a_hesitation_slows_the_middle_and_makes_the_stroke_longer():
    times, share = progress_profile(2.0, [(0.5, 0.8, 0.15)])
    speed = np.diff(share) / np.diff(times)
    middle = np.argmin(np.abs(times[:-1] - times[-1] / 2))
    assert times[-1] > 2.0
    assert speed[middle] < 0.4 * speed.max()  # a dip between two peaks


def test_corners_are_where_the_path_turns_sharply():
    assert corner_arcs(SQUARE, cumulative_length(SQUARE)).tolist() == [40.0, 80.0, 120.0]
    circle = np.column_stack((np.cos(np.linspace(0, 6.28, 60)), np.sin(np.linspace(0, 6.28, 60))))
    assert len(corner_arcs(circle * 30, cumulative_length(circle * 30))) == 0


def test_jitter_is_correlated_and_as_large_as_asked():
    offsets = correlated_jitter(6000, 0.3, np.random.default_rng(1))
    assert offsets.std() == pytest.approx(0.3, rel=0.05)
    lag1 = np.corrcoef(offsets[:-1, 0], offsets[1:, 0])[0, 1]
    assert lag1 > 0.9  # not white noise per sample


def test_the_same_seed_moves_the_same_way():
    first = plan_stroke(SQUARE, 0.4, random.Random(7), 1.0, 2.0)
    again = plan_stroke(SQUARE, 0.4, random.Random(7), 1.0, 2.0)
    assert len(first) == len(again)
    for a, b in zip(first, again, strict=True):
        assert np.array_equal(a.times, b.times) and np.array_equal(a.points, b.points)


def test_a_skilled_child_traces_a_square_fluently_corner_to_corner():
    (touch,) = plan_stroke(SQUARE, 1.0, random.Random(3))
    assert stroke_velocity_changes(touch.times, touch.points) == [1, 1, 1, 1]
    assert np.abs(touch.points - np.round(touch.points / 40) * 40).min(axis=1).max() < 1.0
    duration = touch.times[-1]
    assert 160 / 92 < duration < 160 / 68 + 4 * 0.2  # about 80 mm/s, +-15 %


def test_less_skill_is_slower_hesitates_and_lifts_more():
    def figures(skill: float) -> tuple[float, float, float]:
        lifts, ncv, duration = [], [], []
        for seed in range(40):
            touches = plan_stroke(LINE, skill, random.Random(seed))
            lifts.append(len(touches) - 1)
            duration.append(touches[-1].times[-1])
            for touch in touches:
                ncv += stroke_velocity_changes(touch.times, touch.points)
        return float(np.mean(lifts)), float(np.mean(ncv)), float(np.mean(duration))

    novice, expert = figures(0.1), figures(1.0)
    assert expert[0] == 0.0 and novice[0] > 0.25
    assert expert[1] == pytest.approx(1.0) and novice[1] > expert[1] + 0.2
    assert novice[2] > 2.5 * expert[2]


def test_a_lift_comes_back_down_behind_where_it_lifted_after_a_pause():
    for seed in range(200):
        touches = plan_stroke(LINE, 0.0, random.Random(seed))
        if len(touches) == 2:
            break
    first, second = touches
    assert 0.2 <= second.times[0] - first.times[-1] <= 0.6
    assert 3.0 - 2.0 < first.points[-1, 0] - second.points[0, 0] < 5.0 + 2.0  # jitter


def test_reaction_time_is_longer_with_less_skill():
    assert 0.25 <= reaction_s(1.0, random.Random(1)) <= 0.5
    assert 0.375 <= reaction_s(0.0, random.Random(1)) <= 0.75
