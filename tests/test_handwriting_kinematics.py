"""Tests of sensory_games/domain/handwriting_kinematics.py: the zero-lag low-pass filter, the
cutting of a contact into strokes, NCV per stroke and the drawing/in-air times, with the
cases of issue 20 (a smooth 90 mm / 4 s stroke with sensor noise, a fluent square, a
hesitation)."""

from __future__ import annotations

import numpy as np
import pytest
from kinematics_cases import fluent_square, hesitating, minimum_jerk, noisy, speed_profile

from sensory_games.domain.handwriting_kinematics import (
    CUTOFF_HZ,
    RATE_HZ,
    _filter_once,
    butterworth_coefficients,
    count_turns,
    filtered_motion,
    stroke_bounds,
    stroke_velocity_changes,
    touch_timing,
    zero_lag_lowpass,
)

# -- the filter -------------------------------------------------------------------------


def test_butterworth_passes_a_steady_value_unchanged_and_halves_power_at_the_cutoff():
    b, a = butterworth_coefficients(CUTOFF_HZ, RATE_HZ)
    assert b.sum() / a.sum() == pytest.approx(1.0)  # gain 1 at 0 Hz
    w = 2 * np.pi * CUTOFF_HZ / RATE_HZ
    z = np.exp(-1j * w * np.arange(3))
    assert abs((b @ z) / (a @ z)) == pytest.approx(1 / np.sqrt(2), abs=1e-9)  # -3 dB, once


def test_zero_lag_lowpass_keeps_slow_movement_in_place_and_removes_fast_jitter():
    t = np.arange(0.0, 4.0, 1 / RATE_HZ)
    slow = 20 * np.sin(2 * np.pi * 0.5 * t)
    fast = 1.0 * np.sin(2 * np.pi * 20 * t)
    out = zero_lag_lowpass(slow + fast, RATE_HZ, CUTOFF_HZ)
    middle = slice(100, -100)
    assert np.max(np.abs(out - slow)[middle]) < 0.05  # no lag, jitter gone
    assert np.argmax(out) == np.argmax(slow)
    line = zero_lag_lowpass(np.linspace(0.0, 50.0, 400), RATE_HZ, CUTOFF_HZ)
    assert line == pytest.approx(np.linspace(0.0, 50.0, 400), abs=0.01)  # ends: 0.01 mm


def filtered_sample_by_sample(values: np.ndarray, b: np.ndarray, a: np.ndarray) -> list[float]:
    """The filter as its definition reads (direct form II transposed), one sample at a
    time, its state settled on the first value."""
    b0, b1, b2 = (float(v) for v in b)
    _, a1, a2 = (float(v) for v in a)
    z2 = (b2 - a2) * float(values[0])
    z1 = (b1 - a1) * float(values[0]) + z2
    out = []
    for x in values.tolist():
        y = b0 * x + z1
        z1, z2 = b1 * x - a1 * y + z2, b2 * x - a2 * y
        out.append(y)
    return out


@pytest.mark.parametrize("count", [1, 2, 63, 64, 65, 129, 2000])
def test_the_filter_worked_in_blocks_gives_what_it_gives_sample_by_sample(count):
    rng = np.random.default_rng(count)
    trace = 120.0 + np.cumsum(rng.normal(0.0, 0.8, count))  # (mm: a wandering finger)
    b, a = butterworth_coefficients(CUTOFF_HZ, RATE_HZ)
    assert _filter_once(trace, b, a) == pytest.approx(
        filtered_sample_by_sample(trace, b, a), rel=0, abs=1e-9
    )


# -- NCV of one stroke ------------------------------------------------------------------


def test_count_turns_of_simple_profiles():
    t = np.arange(0.0, 3.0, 1 / RATE_HZ)
    assert count_turns(np.full_like(t, 80.0)) == 0
    assert count_turns(80.0 + 2.0 * np.sin(2 * np.pi * 3 * t)) == 0  # small wobble
    assert count_turns(100 * np.sin(np.pi * t / 3) ** 2) == 1  # one bell
    assert count_turns(100 * np.sin(np.pi * t) ** 2) == 5  # three bells: 3 peaks, 2 dips
    assert count_turns(100.0 * t) == 0  # steadily faster


@pytest.mark.parametrize("sigma_mm", [0.0, 0.1, 0.3])
@pytest.mark.parametrize("seed", range(8))
def test_a_smooth_90_mm_4_s_stroke_scores_one_whatever_the_sensor_noise(sigma_mm, seed):
    """The issue's case (the old per-contact NCV gave 1 / 15.6 / 61): a minimum-jerk
    stroke, 60 samples a second, with Gaussian noise on every sample."""
    t, points = speed_profile(minimum_jerk(90.0, 4.0), 4.0)
    assert stroke_velocity_changes(t, noisy(points, sigma_mm, seed)) == [1]


def test_a_fluent_square_in_one_contact_is_four_strokes_of_one():
    """The old per-contact NCV gave 7 (four bells in one contact); the finger stops at
    each corner, so each side is a stroke with a single bell."""
    t, points = fluent_square()
    assert stroke_velocity_changes(t, points) == [1, 1, 1, 1]
    assert stroke_velocity_changes(t, noisy(points, 0.3, 1)) == [1, 1, 1, 1]


def test_a_hesitation_scores_more_than_a_fluent_stroke():
    fluent = stroke_velocity_changes(*speed_profile(minimum_jerk(60.0, 3.0), 3.0))
    t, points = speed_profile(hesitating(40.0, 3.0), 3.0)
    assert fluent == [1]
    assert stroke_velocity_changes(t, points) == [3]  # peak, dip, peak
    assert stroke_velocity_changes(t, noisy(points, 0.3, 2)) == [3]
    slight = speed_profile(hesitating(40.0, 3.0, dip=0.15), 3.0)
    assert stroke_velocity_changes(*slight) == [1]  # a 15 % sag is not a hesitation


def test_a_circle_is_cut_where_the_finger_turns_from_down_to_up():
    """CSWin's segmentation: a stroke ends where the vertical velocity changes sign. An O
    traced once round from its top turns at its bottom (its top is where it starts and
    ends): a down-stroke and an up-stroke, cut half way round."""
    t = np.arange(0.0, 3.0 + 1e-9, 1 / 60)
    angle = 2 * np.pi * (10 * (t / 3) ** 3 - 15 * (t / 3) ** 4 + 6 * (t / 3) ** 5)
    points = np.column_stack((30 * np.sin(angle), -30 * np.cos(angle)))  # from the top
    motion = filtered_motion(t, points)
    assert motion is not None
    bounds = stroke_bounds(*motion)
    assert len(bounds) == 2
    cut = bounds[0][1] / RATE_HZ
    assert cut == pytest.approx(1.5, abs=0.05)  # the bottom, half way round
    assert len(stroke_velocity_changes(t, points)) == 2


def test_a_level_line_is_not_cut_by_jitter():
    t, points = speed_profile(minimum_jerk(90.0, 4.0), 4.0)
    for seed in range(5):
        motion = filtered_motion(t, noisy(points, 0.5, seed))
        assert motion is not None
        assert len(stroke_bounds(*motion)) == 1


def test_too_brief_or_too_short_contacts_have_no_stroke():
    assert stroke_velocity_changes(np.array([0.0]), np.zeros((1, 2))) == []
    assert stroke_velocity_changes(np.array([0.0, 0.05]), np.zeros((2, 2))) == []  # 50 ms
    resting = noisy(np.zeros((60, 2)), 0.05, 3)  # a finger resting for 1 s, trembling
    assert stroke_velocity_changes(np.arange(60) / 60, resting) == []


# -- drawing and in-air time ------------------------------------------------------------


def test_touch_timing_sums_contact_and_the_gaps_between_lifts_and_downs():
    assert touch_timing([]) == (0.0, 0.0)
    assert touch_timing([(1.0, 2.0)]) == (1.0, 0.0)
    drawing, in_air = touch_timing([(3.0, 4.5), (0.0, 1.0), (1.25, 2.0)])
    assert (drawing, in_air) == pytest.approx((3.25, 1.25))  # gaps 0.25 + 1.0
    drawing, in_air = touch_timing([(0.0, 2.0), (1.0, 3.0), (1.5, 2.5), (4.0, 5.0)])
    assert (drawing, in_air) == pytest.approx((4.0, 1.0))  # overlapping fingers


def test_a_stroke_cut_off_while_still_moving_is_judged_on_what_it_holds():
    """The shape was finished under the finger (coverage reached) and scoring stopped with
    the finger at speed: what there is of the stroke still counts (a fast child on a
    one-line level gets an NCV), a fluent piece scores 1 and a hesitation in it shows."""
    t, points = speed_profile(minimum_jerk(90.0, 4.0), 4.0)
    cut = t < 2.6  # past the peak, at about 70 % of it
    assert stroke_velocity_changes(t[cut], points[cut]) == [1]
    rising = t < 1.6  # before the peak: it only speeds up, no change in it
    assert stroke_velocity_changes(t[rising], points[rising]) == [1]
    t2, square = fluent_square()
    sides = t2 < 3.6  # three sides whole, the fourth cut off: judged on what there is
    assert stroke_velocity_changes(t2[sides], square[sides]) == [1, 1, 1, 1]
