"""Drawing of "pop the bubbles": soft glossy bubbles, a gentle pop ring, progress dots."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from sensory_games.intensity import Colour, Palette
from sensory_games.ui.art import WHITE, fill_background, mix
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.bubbles.activity import BubblesActivity


@lru_cache(maxsize=64)
def bubble_sprite(colour: Colour, edge: Colour, radius_px: int) -> pygame.Surface:
    """A bubble of `radius_px`: filled, a faint sheen and a small highlight, a thin edge
    (cached). The inner shading stays within a few percent of the body's luminance, so a
    bubble floating past any spot changes it twice (arriving, leaving), never flickers."""
    size = 2 * radius_px + 2
    sprite = pygame.Surface((size, size), pygame.SRCALPHA)
    centre = (radius_px + 1, radius_px + 1)
    pygame.draw.circle(sprite, colour, centre, radius_px)
    pygame.draw.circle(sprite, mix(colour, WHITE, 0.08), centre, round(radius_px * 0.8))
    pygame.draw.circle(
        sprite,
        colour,
        (centre[0] + radius_px * 0.08, centre[1] + radius_px * 0.08),
        round(radius_px * 0.72),
    )
    pygame.draw.circle(
        sprite,
        mix(colour, WHITE, 0.35),
        (centre[0] - radius_px * 0.35, centre[1] - radius_px * 0.35),
        max(1, round(radius_px * 0.12)),
    )
    pygame.draw.circle(sprite, edge, centre, radius_px, max(1, radius_px // 14))
    return sprite


def draw_bubbles(surface: pygame.Surface, activity: BubblesActivity) -> None:
    """Render the activity at the current game time (reads state, changes nothing)."""
    context = activity.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    now = context.clock.now()
    fade = sensory.fade_s()
    fill_background(surface, palette)
    draw_progress_dots(
        surface, metrics, palette, activity.popped, activity.parameters["bubbles_to_pop"]
    )
    for bubble in activity.bubbles:
        colour = palette.accents[bubble.colour_index % len(palette.accents)]
        radius_px = metrics.px(bubble.radius_mm)
        x_mm = bubble.x_mm + activity.wobble_mm(bubble, now)
        centre = metrics.to_px(x_mm, bubble.y_mm)
        if bubble.popped_at is None:
            opacity = min(1.0, (now - bubble.appeared_at) / fade)
        else:
            progress = min(1.0, (now - bubble.popped_at) / fade)
            opacity = 1.0 - progress
            if bubble.ring:
                grow = 1.0 + 0.5 * progress * sensory.intensity.motion
                pygame.draw.circle(
                    surface,
                    mix(colour, palette.background, progress),
                    centre,
                    round(radius_px * grow),
                    max(1, radius_px // 10),
                )
        sprite = bubble_sprite(colour, palette.surface_edge, radius_px)
        sprite.set_alpha(round(255 * opacity))
        surface.blit(sprite, sprite.get_rect(center=centre))


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: three bubbles."""
    r = min(rect.w, rect.h)
    for (fx, fy, fr), colour in zip(
        ((0.38, 0.58, 0.2), (0.64, 0.4, 0.15), (0.66, 0.7, 0.1)), palette.accents, strict=False
    ):
        sprite = bubble_sprite(colour, palette.surface_edge, max(2, round(r * fr)))
        sprite.set_alpha(255)
        surface.blit(sprite, sprite.get_rect(center=(rect.x + rect.w * fx, rect.y + rect.h * fy)))
