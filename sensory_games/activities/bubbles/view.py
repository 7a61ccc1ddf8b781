"""Drawing of "pop the bubbles": soft glossy bubbles, a gentle pop ring, progress dots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.ui.art import background_colour, bubble_sprite, mix
from sensory_games.ui.damage import flat_backdrop
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.bubbles.activity import BubblesActivity


def draw_bubbles(surface: pygame.Surface, activity: BubblesActivity) -> None:
    """Render the activity at the current game time (reads its state, changes only which
    parts it drew): every bubble, ring and the progress dots are moving parts over a flat
    background, so a frame drawn in parts touches only them."""
    context = activity.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    now = context.clock.now()
    fade = sensory.fade_s()
    parts = activity.parts
    parts.begin(surface, context.damage, flat_backdrop(background_colour(palette)))
    parts.drew(
        draw_progress_dots(
            surface, metrics, palette, activity.popped, activity.parameters["bubbles_to_pop"]
        )
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
                ring = pygame.draw.circle(
                    surface,
                    mix(colour, palette.background, progress),
                    centre,
                    round(radius_px * grow),
                    max(1, radius_px // 10),
                )
                parts.drew(ring)
        sprite = bubble_sprite(colour, palette.surface_edge, radius_px)
        sprite.set_alpha(round(255 * opacity))
        parts.drew(surface.blit(sprite, sprite.get_rect(center=centre)))
    parts.end()


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: three bubbles."""
    r = min(rect.w, rect.h)
    for (fx, fy, fr), colour in zip(
        ((0.38, 0.58, 0.2), (0.64, 0.4, 0.15), (0.66, 0.7, 0.1)), palette.accents, strict=False
    ):
        sprite = bubble_sprite(colour, palette.surface_edge, max(2, round(r * fr)))
        sprite.set_alpha(255)
        surface.blit(sprite, sprite.get_rect(center=(rect.x + rect.w * fx, rect.y + rect.h * fy)))
