"""Drawing of the breathing guide: a balloon, a flower or a wave that grows and shrinks.

With motion on the shape changes size; at motion 0 it keeps its size and only its colour
deepens and pales with the breath (a slow fade, seconds long, far from a flash). At
complexity 0 nothing but the shape is drawn (no breath dots).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.intensity import Colour, Palette
from sensory_games.ui.art import draw_background, mix
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.calming.activity import CalmingActivity


def shape_colour(palette: Palette, fullness: float) -> Colour:
    """The shape's colour: calm blue-green, a little deeper when full of air."""
    return mix(palette.calm, palette.accents[1], 0.35 * fullness)


def draw_shape(
    surface: pygame.Surface,
    shape: str,
    centre: tuple[int, int],
    radius: float,
    colour: Colour,
    palette: Palette,
) -> None:
    """One breathing shape of `radius` px around `centre`."""
    cx, cy = centre
    if shape == "flower":
        petal = radius * 0.42
        for k in range(6):
            angle = k * math.pi / 3
            pygame.draw.circle(
                surface,
                mix(colour, palette.surface, 0.25),
                (cx + math.cos(angle) * radius * 0.58, cy + math.sin(angle) * radius * 0.58),
                petal,
            )
        pygame.draw.circle(surface, mix(palette.accents[2], colour, 0.3), centre, radius * 0.38)
    elif shape == "wave":  # a soft band: overlapping discs make its edges smooth
        width = radius * 2.6
        band = max(3.0, radius * 0.25)
        for k in range(121):
            x = cx - width / 2 + width * k / 120
            y = cy + math.sin(k / 120 * 4 * math.pi) * radius * 0.35
            pygame.draw.circle(surface, colour, (x, y), band)
    else:  # balloon: a round body, a little knot, a string
        string = mix(palette.ink_soft, palette.background, 0.4)
        pygame.draw.line(
            surface, string, (cx, cy + radius), (cx - radius * 0.1, cy + radius * 1.5), 2
        )
        knot = [(cx, cy + radius * 0.95), (cx - 6, cy + radius + 8), (cx + 6, cy + radius + 8)]
        pygame.draw.polygon(surface, colour, knot)
        pygame.draw.circle(surface, colour, centre, radius)
        pygame.draw.circle(
            surface,
            mix(colour, palette.surface, 0.35),
            (cx - radius * 0.35, cy - radius * 0.35),
            max(2, radius * 0.14),
        )


def draw_breathing(surface: pygame.Surface, activity: CalmingActivity) -> None:
    context = activity.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    draw_background(surface, palette)
    if sensory.intensity.complexity > 0:
        draw_progress_dots(
            surface, metrics, palette, activity.cycles_done(), activity.parameters["cycles"]
        )
    fullness = activity.fullness()
    small, large = activity.radius_range_mm()
    radius_mm = small + (large - small) * fullness * sensory.intensity.motion
    draw_shape(
        surface,
        activity.parameters["shape"],
        metrics.to_px(*activity.centre_mm()),
        metrics.px(radius_mm),
        shape_colour(palette, fullness),
        palette,
    )


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a balloon with two soft rings around it (breathing out)."""
    centre = (rect.centerx, rect.centery - rect.h // 10)
    radius = min(rect.w, rect.h) * 0.22
    for k, share in ((2, 0.75), (1, 0.55)):
        pygame.draw.circle(
            surface, mix(palette.calm, palette.surface, share), centre, radius * (1 + 0.25 * k), 3
        )
    draw_shape(surface, "balloon", centre, radius, shape_colour(palette, 0.6), palette)
