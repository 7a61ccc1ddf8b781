"""The both-hands hold ring: its finished quarters blitted from a cached sprite, the
quarter filling now drawn, meeting without a gap and fading as the drawn band does."""

from __future__ import annotations

import math

import pygame
import pytest

from sensory_games.activities.bilateral.both.view import _ring, band_strips, ring_sprite
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(400, 400, 4.0)  # 100 x 100 mm
BACKDROP = (230, 235, 240)
FULL = (40, 110, 60)
CENTRE_MM, RADIUS_MM = (50.0, 50.0), 20.0


def drawn(share: float, strength: float = 1.0) -> pygame.Surface:
    surface = pygame.Surface((METRICS.width_px, METRICS.height_px))
    surface.fill(BACKDROP)
    _ring(surface, METRICS, FULL, BACKDROP, strength, CENTRE_MM, RADIUS_MM, share)
    return surface


def at(surface: pygame.Surface, degrees: float) -> tuple[int, int, int]:
    """The colour in the middle of the band, `degrees` clockwise from the top."""
    cx, cy = METRICS.to_px(*CENTRE_MM)
    radius = METRICS.px(RADIUS_MM)
    angle = math.radians(degrees)
    x, y = round(cx + radius * math.sin(angle)), round(cy - radius * math.cos(angle))
    return tuple(surface.get_at((x, y)))[:3]  # type: ignore[return-value]


def close(a: tuple[int, ...], b: tuple[int, ...], within: int = 3) -> bool:
    return all(abs(p - q) <= within for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("share", [0.1, 0.25, 0.6, 0.9, 1.0])
def test_the_filled_part_is_one_unbroken_band_and_the_rest_is_empty(share: float) -> None:
    surface = drawn(share)
    filled = share * 360
    for degrees in range(0, math.floor(filled) - 1):  # quarters blitted and drawn alike
        assert close(at(surface, degrees), FULL), degrees
    for degrees in range(math.ceil(filled) + 8, 352):  # past the round end: nothing
        assert at(surface, degrees) == BACKDROP, degrees


def test_a_fading_ring_is_the_same_colour_in_its_blitted_and_drawn_parts() -> None:
    surface = drawn(0.6, strength=0.5)
    half_way = tuple(round(b + (f - b) * 0.5) for b, f in zip(BACKDROP, FULL, strict=True))
    for degrees in (45, 135, 200):  # two quarters from the sprite, one drawn
        assert close(at(surface, degrees), half_way), degrees


def test_the_strips_hold_every_pixel_of_the_sprite_that_is_not_clear() -> None:
    radius, width = METRICS.px(RADIUS_MM), 18
    sprite = ring_sprite(FULL, radius, width)
    half = sprite.get_width() // 2
    covered = set()
    for quarter in ((1, 0), (1, 1), (0, 1), (0, 0)):
        for area in band_strips(half, radius, width, quarter):
            covered.update(
                (x, y) for x in range(area.left, area.right) for y in range(area.top, area.bottom)
            )
    side = sprite.get_width()
    painted = {(x, y) for x in range(side) for y in range(side) if sprite.get_at((x, y)).a}
    assert painted and painted <= covered
