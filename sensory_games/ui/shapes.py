"""Anti-aliased discs and thick round-capped lines, the strokes every child view draws
with (tracing's trail and guide, the drums' beat marks, the jar's balls, the both-hands
ring, the breathing path).

Shapes are drawn with pygame's anti-aliased primitives (aacircle, aaline): a thick line
is a run of smoothed quads with a disc at every join and end, so it reads as one stroke
with round joins and caps, never as a row of blobs. All sizes are pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import pygame

from sensory_games.domain.intensity import Colour
from sensory_games.ui.kept import kept_by_bytes


def disc(
    surface: pygame.Surface, colour: Colour, centre: tuple[float, float], radius: float
) -> None:
    """A filled anti-aliased disc (px): a cached sprite blitted (an anti-aliased circle
    drawn afresh costs tens of times more, and discs are drawn every frame)."""
    sprite = disc_sprite((colour[0], colour[1], colour[2]), max(1, round(radius)))
    half = sprite.get_width() // 2
    surface.blit(sprite, (round(centre[0]) - half, round(centre[1]) - half))


#: Disc sprites are kept up to this many bytes of pixels: every dot, mark and trail
#: end a screen draws (a few KB each) stays; the few large ones (a pad's face, drawn
#: once into the pad's own sprite) are what is dropped first.
DISC_BYTES = 2 * 1024 * 1024


@kept_by_bytes(DISC_BYTES)
def disc_sprite(colour: Colour, radius: int) -> pygame.Surface:
    """An anti-aliased disc of `radius` px on a clear square (2 * radius + 1 px wide)."""
    sprite = pygame.Surface((2 * radius + 1, 2 * radius + 1), pygame.SRCALPHA)
    sprite.fill((*colour, 0))
    pygame.draw.aacircle(sprite, colour, (radius, radius), radius)
    return sprite


def thick_line(
    surface: pygame.Surface, colour: Colour, points: Sequence[tuple[float, float]], width: int
) -> None:
    """An anti-aliased polyline (px), `width` px thick, with round joins and ends: each
    segment a thick anti-aliased line, each point a disc as wide as the line."""
    for a, b in pairwise(points):
        segment(surface, colour, a, b, width)
    for point in points[:1]:
        disc(surface, colour, point, width / 2)


def segment(
    surface: pygame.Surface,
    colour: Colour,
    a: tuple[float, float],
    b: tuple[float, float],
    width: int,
) -> None:
    """One piece of a thick round-capped line from `a` to `b` (px): the disc at `a` is
    the previous piece's end, so a line drawn piece by piece has no gap at its joins."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length > 0:  # a quad `width` wide across the segment, its long sides smoothed
        half = width / 2
        nx, ny = -(by - ay) / length * half, (bx - ax) / length * half
        left = ((ax + nx, ay + ny), (bx + nx, by + ny))
        right = ((bx - nx, by - ny), (ax - nx, ay - ny))
        pygame.draw.polygon(surface, colour, (*left, *right))
        pygame.draw.line(surface, colour, a, b, max(1, round(width * 0.7)))  # (thin quads)
        pygame.draw.aaline(surface, colour, *left)
        pygame.draw.aaline(surface, colour, *right)
    disc(surface, colour, b, width / 2)
