"""Procedural art helpers: the cached background, colour matching and colour contrast."""

from __future__ import annotations

import pytest

from sensory_games.domain.intensity import relative_luminance
from sensory_games.ui.art import (
    contrast_ratio,
    vertical_gradient,
    with_contrast,
    with_luminance,
)


def test_the_background_gradient_is_painted_once_per_size_and_colours() -> None:
    """Every child screen stands on it: repainting it each frame would cost a whole
    frame's budget on a large screen."""
    first = vertical_gradient((640, 360), (200, 210, 220), (180, 190, 200))
    assert vertical_gradient((640, 360), (200, 210, 220), (180, 190, 200)) is first
    assert vertical_gradient((640, 360), (200, 210, 221), (180, 190, 200)) is not first


@pytest.mark.parametrize("colour", [(90, 160, 220), (240, 140, 60), (30, 30, 30)])
@pytest.mark.parametrize("target", [0.2, 0.5, 0.8])
def test_with_luminance_changes_brightness_to_the_target(colour, target) -> None:
    assert relative_luminance(with_luminance(colour, target)) == pytest.approx(target, abs=0.01)


def test_contrast_ratio_runs_from_1_for_one_brightness_to_21_for_black_on_white() -> None:
    """The WCAG figures the hold ring (3:1) and the guide's floors are measured in."""
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21.0)  # either order
    assert contrast_ratio((120, 80, 200), (120, 80, 200)) == pytest.approx(1.0)
    assert contrast_ratio((118, 118, 118, 255), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_a_colour_with_enough_contrast_is_left_as_it_is() -> None:
    assert with_contrast((20, 40, 90), [(250, 250, 245)], 4.5, (0, 0, 0)) == (20, 40, 90)


@pytest.mark.parametrize("ratio", [1.8, 3.0, 4.5])
def test_a_pale_colour_is_moved_towards_the_ink_just_far_enough(ratio: float) -> None:
    """Against both ends of a gradient at once; barely past the floor, not all the way to
    the ink (a faded guide must stay paler than the full one)."""
    pale, ink = (225, 228, 235), (20, 30, 60)
    backdrop = [(245, 246, 250), (228, 232, 240)]
    shade = with_contrast(pale, backdrop, ratio, ink)
    shown = min(contrast_ratio(shade, other) for other in backdrop)
    assert ratio <= shown < ratio * 1.02  # (whole RGB steps: a hair over is all it can be)
    assert contrast_ratio(shade, ink) > 1.5  # still well short of the ink itself
