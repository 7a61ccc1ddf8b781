"""Blitting a round sprite without its empty corners.

A soft disc (a cloud, a bloom of colour) sits in a square sprite, and a blit reads and
blends every pixel of the square: the corners outside the disc (a fifth of the square)
and its faint rim that rounds to nothing cost as much as the middle. A large soft disc
blitted every frame is blitted here as a few horizontal strips, each only as wide as the
disc is at that height: the same pixels drawn, about a third fewer read.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

#: Strips a disc is blitted in: more cut the corners closer, each costs a blit call.
STRIPS = 10


@lru_cache(maxsize=64)
def disc_strips(side: int, reach_px: float) -> tuple[pygame.Rect, ...]:
    """The areas of a square sprite `side` px wide that hold its centred disc of radius
    `reach_px` (px: past it the sprite is empty, or draws nothing), as STRIPS rows."""
    middle = side / 2
    height = math.ceil(side / STRIPS)
    areas = []
    for top in range(0, side, height):
        bottom = min(side, top + height)
        nearest = 0.0 if top <= middle <= bottom else min(abs(top - middle), abs(bottom - middle))
        if nearest > reach_px:
            continue
        half = math.sqrt(reach_px**2 - nearest**2) + 1  # (a pixel to spare: rounding)
        left, right = max(0, math.floor(middle - half)), min(side, math.ceil(middle + half))
        areas.append(pygame.Rect(left, top, right - left, bottom - top))
    return tuple(areas)


def blit_disc(
    surface: pygame.Surface,
    sprite: pygame.Surface,
    topleft: tuple[int, int],
    reach_px: float,
    special_flags: int = 0,
) -> None:
    """Blit the square `sprite` at `topleft` as `surface.blit` would, reading only the
    strips that hold its disc of radius `reach_px` (px, about the sprite's middle)."""
    x, y = topleft
    for area in disc_strips(sprite.get_width(), reach_px):
        surface.blit(sprite, (x + area.x, y + area.y), area, special_flags)
