"""Procedural art helpers: the cached background and colour matching."""

from __future__ import annotations

import pytest

from sensory_games.domain.intensity import relative_luminance
from sensory_games.ui.art import vertical_gradient, with_luminance


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
