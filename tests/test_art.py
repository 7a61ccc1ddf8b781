"""Procedural art helpers: the cached background and colour matching."""

from __future__ import annotations

import pygame
import pytest

from sensory_games.domain.intensity import SensoryProfile, preset, relative_luminance
from sensory_games.ui.art import (
    background_colour,
    fill_background,
    vertical_gradient,
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


def test_the_flat_background_leaves_out_only_the_areas_kept_on_one_row() -> None:
    """Two pads side by side are left unfilled (the caller paints them whole); areas
    that are not on one row do not leave holes: the whole screen is filled."""
    palette = SensoryProfile(preset("balanced")).palette
    colour = background_colour(palette)
    marker = (1, 2, 3)
    pads = [pygame.Rect(20, 30, 40, 40), pygame.Rect(100, 30, 40, 40)]
    surface = pygame.Surface((200, 120))
    surface.fill(marker)
    fill_background(surface, palette, keep=pads)
    for x, y in ((40, 50), (120, 50)):
        assert surface.get_at((x, y))[:3] == marker  # inside a pad: left as it was
    for x, y in ((5, 50), (80, 50), (180, 50), (40, 10), (40, 100), (199, 119)):
        assert surface.get_at((x, y))[:3] == colour  # around, between, above, below
    surface.fill(marker)
    fill_background(surface, palette, keep=[pads[0], pads[1].move(0, 5)])  # not one row
    assert surface.get_at((40, 50))[:3] == surface.get_at((120, 50))[:3] == colour
