"""Copy mode's score: shape similarity after removing place, size and a small turn."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sensory_games.domain.shape_similarity import (
    D0,
    aligned_distance,
    modified_hausdorff,
    normalised,
    resampled,
    shape_similarity,
)

SQUARE = [np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)]
PLUS = [np.array([[0, -1], [0, 1]], dtype=float), np.array([[-1, 0], [1, 0]], dtype=float)]
CROSS_X = [np.array([[-1, -1], [1, 1]], dtype=float), np.array([[1, -1], [-1, 1]], dtype=float)]
_T = np.linspace(0, 2 * math.pi, 200)
CIRCLE = [np.column_stack((0.5 + 0.5 * np.cos(_T), 0.5 + 0.5 * np.sin(_T)))]


def turned(strokes: list[np.ndarray], degrees: float) -> list[np.ndarray]:
    a = math.radians(degrees)
    rotation = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return [s @ rotation.T for s in strokes]


def test_resampling_spreads_points_by_arc_length_across_strokes() -> None:
    # two strokes of length 3 and 1: 128 points shared 96 / 32, each stroke's ends kept
    points = resampled([np.array([[0, 0], [3, 0]]), np.array([[0, 5], [0, 6]])])
    assert len(points) == 128
    assert (points[:, 1] == 0).sum() == 96
    assert points[0].tolist() == [0, 0] and points[95].tolist() == [3, 0]
    assert points[-1].tolist() == [0, 6]


def test_normalising_removes_place_and_size() -> None:
    # the square's corners: centroid (0.5, 0.5), each corner sqrt(0.5) from it
    corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    unit = normalised(corners)
    assert unit is not None
    assert np.allclose(unit, (corners - 0.5) / math.sqrt(0.5))
    assert normalised(np.array([[2.0, 3.0], [2.0, 3.0]])) is None  # a tap has no size


def test_modified_hausdorff_takes_the_worse_direction() -> None:
    # a: one point at 0; b: points at 0 and 4 -> a to b: 0; b to a: (0 + 4) / 2 = 2
    a = np.array([[0.0, 0.0]])
    b = np.array([[0.0, 0.0], [4.0, 0.0]])
    assert modified_hausdorff(a, b) == pytest.approx(2.0)
    assert modified_hausdorff(b, a) == pytest.approx(2.0)


def test_an_exact_copy_elsewhere_and_bigger_scores_one() -> None:
    copy = [s * 3.0 + np.array([40.0, -7.0]) for s in SQUARE]
    assert shape_similarity(SQUARE, copy) == pytest.approx(1.0)


def test_a_copy_askew_within_the_allowed_turn_still_scores_one() -> None:
    # 14 degrees is one of the turns tried (every 2 degrees up to 20)
    assert shape_similarity(SQUARE, turned(SQUARE, 14.0)) == pytest.approx(1.0)


def test_stroke_order_and_direction_do_not_matter() -> None:
    backwards = [s[::-1] for s in PLUS[::-1]]
    assert shape_similarity(PLUS, backwards) == pytest.approx(1.0)


def test_a_square_copied_as_a_circle_scores_clearly_lower() -> None:
    # d about 0.10 RMS radii -> 1 - 0.10 / 0.25 = about 0.6
    score = shape_similarity(SQUARE, CIRCLE)
    assert 0.5 < score < 0.7


def test_a_plus_copied_as_an_x_scores_low() -> None:
    # 45 degrees: after the best allowed turn (20) the arms are still 25 degrees apart
    assert aligned_distance(PLUS, CROSS_X) > D0
    assert shape_similarity(PLUS, CROSS_X) == 0.0
    assert shape_similarity(PLUS, turned(PLUS, 30.0)) < 0.5


def test_a_scribble_over_the_box_scores_about_zero() -> None:
    rows = []
    for i, y in enumerate(np.linspace(0, 1, 12)):
        rows += [[0, y], [1, y]] if i % 2 == 0 else [[1, y], [0, y]]
    assert shape_similarity(SQUARE, [np.array(rows)]) < 0.1
    walk = np.cumsum(np.random.default_rng(3).normal(size=(300, 2)), axis=0)
    assert shape_similarity(SQUARE, [walk]) < 0.1


def test_a_wobbly_but_faithful_copy_scores_high() -> None:
    t = np.linspace(0, 4, 400)
    corners = SQUARE[0]
    edge = np.column_stack(
        (np.interp(t, range(5), corners[:, 0]), np.interp(t, range(5), corners[:, 1]))
    )
    wobble = 0.04 * np.column_stack((np.sin(7 * t), np.cos(5 * t)))
    assert 0.75 < shape_similarity(SQUARE, [edge + wobble]) < 1.0


def test_nothing_drawn_or_a_tap_scores_zero() -> None:
    assert shape_similarity(SQUARE, []) == 0.0
    assert shape_similarity(SQUARE, [np.array([[5.0, 5.0]])]) == 0.0


def test_modified_hausdorff_is_its_definition_pair_by_pair() -> None:
    """The nearest point is found on squared distances (one root per point): the same as
    every pair's distance measured, to rounding."""
    rng = np.random.default_rng(11)
    for _ in range(50):
        a, b = (
            rng.normal(0, 1, (rng.integers(1, 60), 2)),
            rng.normal(0, 1, (rng.integers(1, 60), 2)),
        )
        gaps = [[math.dist(p, q) for q in b] for p in a]
        a_to_b = sum(min(row) for row in gaps) / len(a)
        b_to_a = sum(min(col) for col in zip(*gaps, strict=True)) / len(b)
        assert modified_hausdorff(a, b) == pytest.approx(max(a_to_b, b_to_a), abs=1e-12)
