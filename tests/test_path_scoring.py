"""Unit and property tests of sensory_games/domain/path_scoring.py: tracing scores (accuracy,
coverage, deviation, pen lifts, order and direction errors, NCV), live coverage and
combining scores."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinematics_cases import hesitating, speed_profile

from sensory_games.domain.config import DEFAULT_CONFIG_DIR
from sensory_games.domain.geometry import cumulative_length, resample
from sensory_games.domain.glyphs import load_library
from sensory_games.domain.path_scoring import (
    Contact,
    LiveCoverage,
    TargetPath,
    TraceScore,
    _stroke_order_errors,
    combine_scores,
    score_trace,
)

LIBRARY = load_library(DEFAULT_CONFIG_DIR / "glyphs")

# -- helpers ----------------------------------------------------------------------------


def contact(points: np.ndarray, dt: float = 0.01, times: Sequence[float] | None = None) -> Contact:
    """A contact through `points` (mm), one sample every `dt` s unless `times` are given."""
    result = Contact()
    stamps = times if times is not None else [i * dt for i in range(len(points))]
    for t, (x, y) in zip(stamps, np.asarray(points, float), strict=True):
        result.add(float(t), float(x), float(y))
    return result


def densify(points: np.ndarray, step: float) -> np.ndarray:
    """Every vertex of a polyline plus points every <= `step` mm between them, so the
    samples trace exactly the same polyline."""
    points = np.asarray(points, float)
    if len(points) == 1:
        return points.copy()
    parts = [points[:1]]
    for a, b in pairwise(points):
        pieces = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        parts.append(a + (b - a) * np.linspace(0.0, 1.0, pieces + 1)[1:, None])
    return np.vstack(parts)


def circle(radius: float = 40.0, centre=(50.0, 50.0), clockwise: bool = False) -> np.ndarray:
    """A closed circle from the top, anticlockwise on screen (y down) like the glyph."""
    sweep = 2 * np.pi if clockwise else -2 * np.pi
    angles = -np.pi / 2 + np.linspace(0.0, sweep, 181)
    return np.column_stack(
        (centre[0] + radius * np.cos(angles), centre[1] + radius * np.sin(angles))
    )


def line(a, b) -> np.ndarray:
    return np.array([a, b], dtype=float)


def brute_covered(target: TargetPath, trace: np.ndarray, tolerance: float) -> np.ndarray:
    """Target points within `tolerance` of some resampled trace point (straight target)."""
    points = resample(trace, 1.0)
    gap = target.points[:, None, :] - points[None, :, :]
    return np.sqrt((gap**2).sum(axis=2)).min(axis=1) <= tolerance


CROSS = (line((50, 10), (50, 90)), line((10, 50), (90, 50)))  # vertical first, as in the glyph


# -- a perfect trace ----------------------------------------------------------------------

# every shipped glyph but "u", whose second stroke retraces the first (see the xfail below)
GLYPH_NAMES = sorted(name for name in LIBRARY.glyphs if name != "u")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(GLYPH_NAMES),
    size=st.floats(30, 150),
    tolerance=st.floats(3, 14),
    step=st.floats(0.05, 6.0),
    gaps=st.lists(st.floats(0.001, 0.2), min_size=1, max_size=8),
)
def test_exact_trace_of_any_glyph_scores_perfectly(name, size, tolerance, step, gaps):
    strokes = LIBRARY.get(name).layout(size, (200.0, 150.0))
    target = TargetPath(strokes, tolerance)
    contacts, now = [], 0.0
    for stroke in strokes:
        points = densify(stroke, step)
        times = now + np.cumsum([gaps[i % len(gaps)] for i in range(len(points))])
        now = float(times[-1]) + 0.5
        contacts.append(contact(points, times=times))
    score = score_trace(target, contacts)
    assert score.accuracy == 1.0
    assert score.coverage == 1.0
    assert score.stroke_coverage == (1.0,) * len(strokes)
    assert score.deviation_mean_mm < 0.01
    assert score.deviation_max_mm < 0.01
    assert score.deviation_rms_mm < 0.01
    assert score.contacts == len(strokes)
    assert score.extra_lifts == 0  # one finger-down per stroke is what the shape needs
    assert score.in_air_time_s == pytest.approx((len(strokes) - 1) * (0.5 + gaps[0]))
    assert score.stroke_order_errors == 0
    assert score.direction_errors == 0
    assert score.path_length_mm == pytest.approx(float(target.lengths_mm.sum()))


@pytest.mark.parametrize(("size", "tolerance"), [(60.0, 5.0), (30.0, 3.0)])
def test_exact_trace_of_lowercase_u_covers_its_stroke_up_and_back_down(size, tolerance):
    """u is one stroke (Learning Without Tears): down, round, up and back down the same
    line; both passes along that line count as covered (before each point was credited to
    the nearer pass only: 0.954 at 60 mm, short of the 0.95 needed at 20 mm for a)."""
    strokes = LIBRARY.get("u").layout(size, (200.0, 150.0))
    target = TargetPath(strokes, tolerance)
    score = score_trace(target, [contact(densify(s, 0.5)) for s in strokes])
    live = LiveCoverage(target)
    for k, stroke in enumerate(strokes):  # stroke order enforced, as in level 8
        samples = densify(stroke, 0.5)
        for a, b in pairwise(samples):
            live.add_segment(tuple(a), tuple(b), {k})
    assert min(score.stroke_coverage) >= 0.99
    assert min(live.stroke_coverage(k) for k in range(len(strokes))) >= 0.99


@pytest.mark.parametrize("name", ["a", "b", "d", "g", "h", "m", "n", "p", "q", "r", "u"])
@pytest.mark.parametrize(("size", "tolerance"), [(60.0, 5.0), (30.0, 4.5), (20.0, 3.0)])
def test_an_exact_trace_of_a_letter_that_goes_back_along_its_line_covers_all_of_it(
    name, size, tolerance
):
    strokes = LIBRARY.get(name).layout(size, (200.0, 150.0))
    target = TargetPath(strokes, tolerance)
    score = score_trace(target, [contact(densify(s, 0.5)) for s in strokes])
    assert min(score.stroke_coverage) == 1.0
    assert score.direction_errors == 0


def test_no_contacts_scores_nothing():
    target = TargetPath(CROSS, 5.0)
    for contacts in ([], [Contact(), Contact()]):
        score = score_trace(target, contacts)
        assert score.accuracy is None
        assert score.coverage == 0.0
        assert score.stroke_coverage == (0.0, 0.0)
        assert score.deviation_mean_mm is None
        assert score.contacts == 0
        assert score.extra_lifts == 0
        assert score.in_air_time_s == 0.0
        assert score.speed_mean_mm_s is None
        assert score.ncv_per_stroke is None


# -- deviation and the tolerance band -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    offset=st.floats(0.0, 20.0),
    tolerance=st.floats(2.0, 12.0),
    angle=st.floats(0.0, 2 * np.pi),
    step=st.floats(0.2, 5.0),
)
def test_sideways_offset_is_the_mean_deviation(offset, tolerance, angle, step):
    if abs(offset - tolerance) < 0.01:
        return  # right on the edge of the band
    direction = np.array([np.cos(angle), np.sin(angle)])
    normal = np.array([-direction[1], direction[0]])
    a, b = np.array([100.0, 100.0]), np.array([100.0, 100.0]) + 100.0 * direction
    target = TargetPath((line(a, b),), tolerance)
    trace = densify(line(a + offset * normal, b + offset * normal), step)
    score = score_trace(target, [contact(trace)])
    assert score.deviation_mean_mm == pytest.approx(offset, abs=0.05)
    assert score.deviation_max_mm == pytest.approx(offset, abs=0.05)
    assert score.deviation_rms_mm == pytest.approx(offset, abs=0.05)
    inside = offset < tolerance
    assert score.accuracy == (1.0 if inside else 0.0)
    if not inside:
        assert score.coverage == 0.0
    elif tolerance**2 - offset**2 >= 0.25:
        # each trace point (1 mm apart) covers at least 1 mm of the line: no gaps
        assert score.coverage == 1.0


def test_half_the_trace_outside_the_band_is_half_accuracy():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    trace = np.array([[0.0, 0.0], [50.0, 0.0], [50.0, 10.0], [100.0, 10.0]])
    score = score_trace(target, [contact(trace)])
    # 50 mm on the line, 10 mm crossing (half inside), 50 mm at 10 mm: 55 / 110 inside
    assert score.accuracy == pytest.approx(55 / 110, abs=0.02)
    # the line is covered up to x = 50 and 5 mm further by the crossing
    assert score.coverage == pytest.approx(55 / 100, abs=0.02)
    assert score.deviation_max_mm == pytest.approx(10.0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0.0, 100.0), st.floats(-12.0, 12.0)), min_size=1, max_size=15),
    st.floats(2.0, 10.0),
)
def test_coverage_of_a_straight_line_is_exact(vertices, tolerance):
    """Every target point within tolerance of the (resampled) trace is covered, no other,
    as long as the trace stays alongside the line (not beyond its ends)."""
    target = TargetPath((line((0, 0), (100, 0)),), tolerance)
    trace = np.array(vertices, float)
    covered = target.covered_points(resample(trace, 1.0))
    assert np.all(covered <= brute_covered(target, trace, tolerance + 1e-6))
    assert np.all(covered >= brute_covered(target, trace, tolerance - 1e-6))
    assert score_trace(target, [contact(trace)]).coverage == pytest.approx(covered.mean())


def test_trace_beyond_the_end_covers_only_what_is_within_tolerance():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    trace = np.array([[104.0, 0.0], [104.5, 0.0]])
    covered = target.covered_points(resample(trace, 1.0))
    assert covered.tolist() == brute_covered(target, trace, 5.0).tolist()  # x = 99, 100


def test_partial_trace_of_a_zigzag_covers_up_to_tolerance_past_its_end():
    teeth = np.column_stack((np.arange(21) * 5.0, np.where(np.arange(21) % 2, 40.0, 0.0)))
    target = TargetPath((teeth,), 5.0)
    path = densify(teeth, 0.05)
    reached = 600.0
    trace = path[cumulative_length(path) <= reached]
    score = score_trace(target, [contact(trace)])
    # target points are every (length / (n - 1)) mm along the path
    along = np.linspace(0.0, target.lengths_mm[0], len(target.points))
    expected = float(np.mean(along <= cumulative_length(trace)[-1] + 5.0))
    assert abs(score.coverage - expected) * len(target.points) <= 1.0


def test_target_arc_positions_match_locate_on_straight_strokes():
    target = TargetPath(CROSS, 5.0)
    distance, stroke, arc = target.locate(target.points)
    assert distance.max() < 1e-9
    on_own_stroke = stroke == target.point_stroke
    assert on_own_stroke.mean() > 0.95  # all but the crossing point
    assert np.allclose(arc[on_own_stroke], target.point_arc[on_own_stroke])


# -- speed invariance and scribbles -----------------------------------------------------


def wobbly_circle(amplitude: float, waves: int, phase: float, fraction: float = 1.0) -> np.ndarray:
    angles = -np.pi / 2 - np.linspace(0.0, 2 * np.pi * fraction, 4000)
    radius = 40.0 + amplitude * np.sin(waves * angles + phase)
    return np.column_stack((50 + radius * np.cos(angles), 50 + radius * np.sin(angles)))


def wobbly_polygon(amplitude: float, waves: int, phase: float, fraction: float) -> np.ndarray:
    """A polygon round the circle with vertices about 6 mm apart, wobbling in and out."""
    angles = -np.pi / 2 - np.linspace(0.0, 2 * np.pi * fraction, int(42 * fraction) + 1)
    radius = 40.0 + amplitude * np.sin(waves * angles + phase)
    return np.column_stack((50 + radius * np.cos(angles), 50 + radius * np.sin(angles)))


@settings(max_examples=25, deadline=None)
@given(
    amplitude=st.floats(0.0, 9.0),
    waves=st.integers(1, 6),
    phase=st.floats(0.0, 2 * np.pi),
    fraction=st.floats(0.3, 1.0),
    split=st.floats(0.1, 0.9),
    pause_at=st.floats(0.0, 1.0),
)
def test_accuracy_does_not_depend_on_sampling_speed(
    amplitude, waves, phase, fraction, split, pause_at
):
    """The same path, sampled slowly, fast, or both with a pause, scores the same."""
    target = TargetPath((circle(),), 5.0)
    path = wobbly_polygon(amplitude, waves, phase, fraction)
    reference = score_trace(target, [contact(densify(path, 1.0))])
    slow = densify(path, 0.2)  # many samples close together
    fast = densify(path, 3.0)  # few samples far apart
    # slow over one part, fast over the rest, and a pause (300 samples in one place)
    cut = max(1, int(split * (len(path) - 1)))
    mixed = np.vstack((densify(path[: cut + 1], 0.2), densify(path[cut:], 3.0)[1:]))
    stop = int(pause_at * (len(mixed) - 1))
    mixed = np.vstack((mixed[:stop], np.repeat(mixed[stop : stop + 1], 300, axis=0), mixed[stop:]))
    for samples in (slow, fast, mixed):
        score = score_trace(target, [contact(samples, dt=0.01)])
        assert score.accuracy == pytest.approx(reference.accuracy, abs=0.02)
        assert score.coverage == pytest.approx(reference.coverage, abs=0.02)
        assert score.deviation_mean_mm == pytest.approx(reference.deviation_mean_mm, abs=0.05)
        assert score.path_length_mm == pytest.approx(reference.path_length_mm)
    # the same samples per second over a longer distance: faster in mm/s
    slow_score = score_trace(target, [contact(slow, dt=0.01)])
    fast_score = score_trace(target, [contact(fast, dt=0.01)])
    ratio = (len(slow) - 1) / (len(fast) - 1)
    assert ratio > 10
    assert fast_score.speed_mean_mm_s == pytest.approx(ratio * slow_score.speed_mean_mm_s)
    # timestamps alone change nothing but speed and timing
    retimed = score_trace(target, [contact(slow, dt=0.003)])
    assert retimed.accuracy == slow_score.accuracy
    assert retimed.coverage == slow_score.coverage
    assert retimed.deviation_mean_mm == slow_score.deviation_mean_mm
    assert retimed.speed_mean_mm_s == pytest.approx(slow_score.speed_mean_mm_s / 0.3)


def test_random_scribbles_inside_the_bounding_box_score_low():
    target = TargetPath((circle(),), 5.0)
    perfect = score_trace(target, [contact(densify(circle(), 1.0))])
    assert (perfect.accuracy, perfect.coverage) == (1.0, 1.0)
    accuracies, coverages = [], []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        scribble = rng.uniform(10.0, 90.0, (8, 2))  # the circle's bounding box
        score = score_trace(target, [contact(densify(scribble, 2.0))])
        accuracies.append(score.accuracy)
        coverages.append(score.coverage)
    assert max(accuracies) < 0.5
    assert max(coverages) < 0.5
    assert np.mean(accuracies) < 0.25
    assert np.mean(coverages) < 0.25


# -- contacts, lifts, direction and order -----------------------------------------------


def test_extra_lifts_are_finger_downs_beyond_the_strokes_needed():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    pieces = [line((0, 0), (30, 0)), line((30, 0), (60, 0)), line((60, 0), (100, 0))]
    contacts = [contact(densify(p, 1.0)) for p in pieces]
    score = score_trace(target, [*contacts[:2], Contact(), contacts[2]])  # an empty touch
    assert score.contacts == 3
    assert score.extra_lifts == 2  # one stroke needed, three finger-downs
    assert score.coverage == 1.0
    assert score.direction_errors == 0
    assert score.path_length_mm == pytest.approx(100.0)
    single = score_trace(target, [contact(densify(line((0, 0), (100, 0)), 1.0))])
    assert (single.contacts, single.extra_lifts, single.in_air_time_s) == (1, 0, 0.0)


def test_a_perfect_cross_has_no_extra_lift_and_its_in_air_time():
    vertical = contact(densify(CROSS[0], 1.0), dt=0.02)  # down 0, up 1.6 s
    horizontal = contact(densify(CROSS[1], 1.0), times=2.1 + 0.02 * np.arange(81))
    score = score_trace(TargetPath(CROSS, 5.0), [vertical, horizontal])
    assert score.extra_lifts == 0  # the old pen_lifts said 1 for every correct X or +
    assert score.in_air_time_s == pytest.approx(2.1 - 1.6)
    assert score.drawing_time_s == pytest.approx(1.6 + 1.6)


def test_an_e_with_ten_finger_downs_has_six_extra_lifts_restarts_included():
    """The issue's E: 10 finger-downs, of which 4 restarts away from the start dot were
    left out of the path's measures (start enforced): every one is a finger-down."""
    strokes = LIBRARY.get("E").layout(60.0, (200.0, 150.0))
    target = TargetPath(strokes, 5.0)
    t = 0.0
    traced, restarts = [], []
    for k in range(10):
        if k % 2 and len(restarts) < 4:  # a touch somewhere else, soon lifted
            restarts.append(
                contact(densify(line((20, 20), (22, 20)), 1.0), times=[t, t + 0.1, t + 0.2])
            )
            t += 0.2 + 0.3
            continue
        stroke = strokes[len(traced) % len(strokes)]
        points = densify(stroke, 1.0)
        traced.append(contact(points, times=t + 0.02 * np.arange(len(points))))
        t += 0.02 * (len(points) - 1) + 0.3
    assert len(traced) + len(restarts) == 10
    score = score_trace(target, traced, restarts)
    assert score.contacts == 6
    assert score.extra_lifts == 10 - 4
    assert score.in_air_time_s == pytest.approx(9 * 0.3)
    without = score_trace(target, traced)  # what the old count saw
    assert without.extra_lifts == 6 - 4


def test_overlapping_fingers_leave_no_time_in_the_air():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    one = contact(densify(line((0, 0), (50, 0)), 1.0), dt=0.02)  # 0 to 1 s
    palm = contact(np.array([[5.0, 30.0], [5.0, 30.0]]), times=[0.5, 1.5])
    two = contact(densify(line((50, 0), (100, 0)), 1.0), times=2.0 + 0.02 * np.arange(51))
    score = score_trace(target, [one, palm, two])
    assert score.in_air_time_s == pytest.approx(0.5)  # 1.5 (palm up) to 2.0
    assert score.drawing_time_s == pytest.approx(1.5 + 1.0)
    assert score.extra_lifts == 2


def test_a_stroke_traced_backwards_is_a_direction_error():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    forwards = densify(line((0, 0), (100, 0)), 1.0)
    assert score_trace(target, [contact(forwards)]).direction_errors == 0
    backwards = score_trace(target, [contact(forwards[::-1])])
    assert backwards.direction_errors == 1
    assert backwards.coverage == 1.0
    # a short slip backwards (under 5 mm) is not a direction error
    slip = densify(line((50, 0), (47, 0)), 0.5)
    assert score_trace(target, [contact(slip)]).direction_errors == 0
    assert (
        score_trace(target, [contact(forwards[::-1]), contact(forwards[::-1])]).direction_errors
        == 2
    )


@pytest.mark.parametrize("start", [0, 45, 90, 170])
def test_a_circle_traced_the_wrong_way_round_is_a_direction_error(start):
    target = TargetPath((circle(),), 5.0)
    assert target.closed == (True,)
    right = np.roll(circle()[:-1], -start, axis=0)
    right = np.vstack((right, right[:1]))  # a full turn from another starting point
    wrong = right[::-1]
    assert score_trace(target, [contact(right)]).direction_errors == 0
    assert score_trace(target, [contact(wrong)]).direction_errors == 1
    # half a circle each way
    assert score_trace(target, [contact(right[:90])]).direction_errors == 0
    assert score_trace(target, [contact(wrong[:90])]).direction_errors == 1


def test_clockwise_circle_target_is_not_confused_by_the_seam():
    target = TargetPath((circle(clockwise=True),), 5.0)
    trace = circle(clockwise=True)
    # across the seam: the last quarter then the first quarter
    across = np.vstack((trace[135:], trace[1:46]))
    assert score_trace(target, [contact(across)]).direction_errors == 0
    assert score_trace(target, [contact(across[::-1])]).direction_errors == 1


def test_cross_traced_horizontal_first_is_a_stroke_order_error():
    target = TargetPath(CROSS, 5.0)
    vertical, horizontal = (contact(densify(s, 1.0)) for s in CROSS)
    in_order = score_trace(target, [vertical, horizontal])
    assert in_order.stroke_order_errors == 0
    assert in_order.coverage == 1.0
    swapped = score_trace(target, [horizontal, vertical])
    assert swapped.stroke_order_errors == 1
    assert swapped.direction_errors == 0
    assert swapped.coverage == 1.0


def test_contacts_far_from_the_target_are_not_attempts_at_a_stroke():
    target = TargetPath(CROSS, 5.0)
    far = contact(densify(line((150, 150), (190, 150)), 1.0))
    vertical, horizontal = (contact(densify(s, 1.0)) for s in CROSS)
    score = score_trace(target, [far, vertical, far, horizontal])
    assert score.stroke_order_errors == 0
    assert score.extra_lifts == 2  # four finger-downs, two strokes
    assert score.accuracy < 1.0


@pytest.mark.parametrize(
    ("sequence", "errors"),
    [
        ([], 0),
        ([0], 0),
        ([0, 1, 2], 0),
        ([0, 0, 1, 1, 2], 0),  # repeated strokes count once
        ([1, 0], 1),
        ([2, 0, 1], 1),
        ([0, 2, 1], 1),
        ([3, 2, 1, 0], 3),
        ([1, 0, 1, 0], 1),
        ([0, 2, 1, 3], 1),
        ([1, 3], 0),  # skipping a stroke is not an order error
    ],
)
def test_stroke_order_errors_of_sequences(sequence, errors):
    assert _stroke_order_errors(sequence) == errors


# -- NCV (the kinematics themselves: tests/test_handwriting_kinematics.py) -------------


def test_score_trace_reports_ncv_per_stroke_and_its_mean():
    """A single bell in one contact; a contact with a hesitation (3); their mean (2)."""
    target = TargetPath((line((0, 0), (400, 0)),), 5.0)
    t1, xy1 = speed_profile(lambda t: 40.0 * np.sin(np.pi * t / 2) ** 2, 2.0)
    t3, xy3 = speed_profile(hesitating(40.0, 3.0), 3.0)
    score = score_trace(target, [contact(xy1, times=t1), contact(xy3, times=t3 + 5.0)])
    assert score.ncv_counts == (1, 3)
    assert score.ncv_per_stroke == 2.0
    assert score.contact_time_s == pytest.approx(t1[-1] + t3[-1])
    length = cumulative_length(xy1)[-1] + cumulative_length(xy3)[-1]
    assert score.speed_mean_mm_s == pytest.approx(length / (t1[-1] + t3[-1]))


# -- LiveCoverage -------------------------------------------------------------------------


def feed(live: LiveCoverage, contacts: Sequence[np.ndarray], strokes=None) -> None:
    """Sample by sample, as the activity does: the first sample, then each new segment."""
    for samples in contacts:
        live.add_segment(tuple(samples[0]), tuple(samples[0]), strokes)
        for a, b in pairwise(samples):
            live.add_segment(tuple(a), tuple(b), strokes)


@settings(max_examples=25, deadline=None)
@given(
    amplitude=st.floats(0.0, 8.0),
    waves=st.integers(1, 6),
    phase=st.floats(0.0, 2 * np.pi),
    fraction=st.floats(0.1, 1.0),
    spacing=st.floats(0.3, 6.0),
)
def test_live_coverage_ends_like_score_trace(amplitude, waves, phase, fraction, spacing):
    target = TargetPath((circle(),), 5.0)
    samples = resample(wobbly_circle(amplitude, waves, phase, fraction), spacing)
    live = LiveCoverage(target)
    feed(live, [samples])
    score = score_trace(target, [contact(samples)])
    assert live.coverage() == pytest.approx(score.coverage, abs=0.02)
    assert live.stroke_coverage(0) == pytest.approx(score.stroke_coverage[0], abs=0.02)


def test_live_coverage_of_two_strokes_and_restricted_strokes():
    target = TargetPath(CROSS, 5.0)
    vertical, horizontal = (densify(s, 2.0) for s in CROSS)
    score = score_trace(target, [contact(vertical), contact(horizontal)])

    free = LiveCoverage(target)
    feed(free, [vertical])
    assert free.stroke_coverage(0) == 1.0
    assert free.stroke_coverage(1) <= 11 / 81  # at most round the crossing
    feed(free, [horizontal])
    assert free.coverage() == pytest.approx(score.coverage, abs=0.02)
    assert free.coverage() == 1.0

    only_first = LiveCoverage(target)
    feed(only_first, [vertical, horizontal], strokes={0})
    assert only_first.stroke_coverage(0) == 1.0
    assert only_first.stroke_coverage(1) == 0.0
    assert only_first.coverage() == pytest.approx(0.5, abs=0.01)

    only_second = LiveCoverage(target)
    feed(only_second, [vertical], strokes={1})  # the wrong stroke: only the crossing counts
    assert only_second.stroke_coverage(0) == 0.0
    assert only_second.stroke_coverage(1) <= 11 / 81
    feed(only_second, [horizontal], strokes={1})
    assert only_second.stroke_coverage(1) == 1.0

    nothing = LiveCoverage(target)
    feed(nothing, [vertical, horizontal], strokes=set())
    assert nothing.coverage() == 0.0


def test_live_coverage_reset_stroke_forgets_one_stroke():
    target = TargetPath(CROSS, 5.0)
    live = LiveCoverage(target)
    feed(live, [densify(s, 1.0) for s in CROSS])
    assert live.coverage() == 1.0
    live.reset_stroke(0)
    assert live.stroke_coverage(0) == 0.0
    assert live.stroke_coverage(1) == 1.0
    assert live.coverage() == pytest.approx(0.5, abs=0.01)
    feed(live, [densify(CROSS[0], 1.0)[:41]])  # the top half again
    assert live.stroke_coverage(0) == pytest.approx(46 / 81, abs=0.02)


def test_live_coverage_returns_the_distance_of_each_new_point():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    live = LiveCoverage(target)
    distance = live.add_segment((10.0, 3.0), (14.0, 3.0))
    assert len(distance) == 5
    assert distance == pytest.approx(np.full(5, 3.0))
    touch = live.add_segment((20.0, 8.0), (20.0, 8.0))  # a touch without a move
    assert len(touch) >= 1
    assert np.allclose(touch, 8.0)
    assert live.coverage() == pytest.approx(13 / 101)  # x = 6..18 (reach 4 mm), none at 8 mm


def test_live_coverage_of_a_dot():
    target = TargetPath((np.array([[50.0, 50.0]]), line((0, 0), (0, 40))), 5.0)
    live = LiveCoverage(target)
    assert live.stroke_coverage(0) == 0.0
    live.add_segment((52.0, 51.0), (52.0, 51.0))
    assert live.stroke_coverage(0) == 1.0
    assert live.stroke_coverage(1) == 0.0


# -- combine_scores ---------------------------------------------------------------------


def made_score(**values) -> TraceScore:
    base = dict(
        accuracy=None,
        coverage=0.0,
        stroke_coverage=(),
        deviation_mean_mm=None,
        deviation_rms_mm=None,
        deviation_max_mm=None,
        path_length_mm=0.0,
        contacts=0,
        extra_lifts=0,
        in_air_time_s=0.0,
        stroke_order_errors=0,
        direction_errors=0,
        speed_mean_mm_s=None,
        ncv_per_stroke=None,
    )
    base.update(values)
    return TraceScore(**base)


def test_combine_scores_weights_and_sums():
    first = made_score(
        accuracy=1.0,
        coverage=1.0,
        stroke_coverage=(1.0,),
        deviation_mean_mm=1.0,
        deviation_rms_mm=1.0,
        deviation_max_mm=2.0,
        path_length_mm=30.0,
        contacts=1,
        direction_errors=1,
        resampled_points=30,
        contact_time_s=1.0,
        ncv_counts=(1,),
    )
    second = made_score(
        accuracy=0.4,
        coverage=0.5,
        stroke_coverage=(0.25, 0.75),
        deviation_mean_mm=5.0,
        deviation_rms_mm=3.0,
        deviation_max_mm=9.0,
        path_length_mm=10.0,
        contacts=3,
        extra_lifts=2,
        in_air_time_s=0.75,
        stroke_order_errors=1,
        resampled_points=10,
        contact_time_s=3.0,
        drawing_time_s=3.5,
        ncv_counts=(2, 6),
    )
    total = combine_scores([first, second], [100.0, 300.0])
    assert total.accuracy == pytest.approx((1.0 * 30 + 0.4 * 10) / 40)  # by points
    assert total.coverage == pytest.approx((1.0 * 100 + 0.5 * 300) / 400)  # by length
    assert total.deviation_mean_mm == pytest.approx((1.0 * 30 + 5.0 * 10) / 40)
    assert total.deviation_rms_mm == pytest.approx(np.sqrt((1.0 * 30 + 9.0 * 10) / 40))
    assert total.deviation_max_mm == 9.0
    assert total.stroke_coverage == (1.0, 0.25, 0.75)
    assert total.path_length_mm == 40.0
    assert (total.contacts, total.extra_lifts, total.in_air_time_s) == (4, 2, 0.75)
    assert total.drawing_time_s == 3.5
    assert (total.stroke_order_errors, total.direction_errors) == (1, 1)
    assert total.resampled_points == 40
    assert total.contact_time_s == 4.0
    assert total.speed_mean_mm_s == pytest.approx(10.0)
    assert total.ncv_counts == (1, 2, 6)
    assert total.ncv_per_stroke == pytest.approx(3.0)


def test_combine_scores_skips_undrawn_items_for_accuracy_but_not_coverage():
    drawn = made_score(accuracy=0.8, coverage=1.0, deviation_mean_mm=2.0, resampled_points=50)
    skipped = made_score()  # nothing drawn: accuracy None, coverage 0
    total = combine_scores([drawn, skipped], [100.0, 100.0])
    assert total.accuracy == pytest.approx(0.8)
    assert total.deviation_mean_mm == pytest.approx(2.0)
    assert total.coverage == pytest.approx(0.5)
    assert total.speed_mean_mm_s is None
    assert total.ncv_per_stroke is None
    nothing = combine_scores([skipped, skipped], [50.0, 50.0])
    assert nothing.accuracy is None
    assert nothing.deviation_mean_mm is None
    assert nothing.deviation_rms_mm is None
    assert nothing.deviation_max_mm is None
    assert nothing.coverage == 0.0


def test_combine_scores_of_real_traces_matches_one_long_trace():
    target = TargetPath((line((0, 0), (100, 0)),), 5.0)
    good = score_trace(target, [contact(densify(line((0, 0), (100, 0)), 1.0))])
    off = score_trace(target, [contact(densify(line((0, 8), (100, 8)), 1.0))])
    total = combine_scores([good, off], [100.0, 100.0])
    assert total.accuracy == pytest.approx(0.5)
    assert total.coverage == pytest.approx(0.5)
    assert total.deviation_mean_mm == pytest.approx(4.0)
    assert total.deviation_max_mm == pytest.approx(8.0)
    assert total.contacts == 2


def test_combine_nothing_is_an_error():
    with pytest.raises(ValueError):
        combine_scores([], [])


def test_a_perfect_l_t_h_e_run_has_no_extra_lift():
    """The issue's case: the old pen_lifts (contacts - 1 per shape) said 6 for a perfect
    L T H E, the lifts the letters need; extra_lifts counts only those beyond."""
    scores, lengths = [], []
    for name in "LTHE":
        strokes = LIBRARY.get(name).layout(60.0, (200.0, 150.0))
        target = TargetPath(strokes, 5.0)
        scores.append(score_trace(target, [contact(densify(s, 1.0)) for s in strokes]))
        lengths.append(float(target.lengths_mm.sum()))
    total = combine_scores(scores, lengths)
    assert total.contacts - len(scores) == 6  # what pen_lifts reported
    assert total.extra_lifts == 0
