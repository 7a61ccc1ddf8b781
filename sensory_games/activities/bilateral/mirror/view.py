"""Drawing of mirror drawing: the two guides on one cached layer, each hand's trail in
its colour, the start marks, and the launcher picture."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.view import (
    draw_progress,
    hand_colour,
)
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import (
    draw_background,
    mix,
)
from sensory_games.ui.shapes import thick_line
from sensory_games.ui.trace_layers import (
    Guide,
    TrailView,
    draw_done,
    draw_start,
)

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.mirror.activity import MirrorActivity


class MirrorView(TrailView):
    """The two guides on one cached layer, both hands' trails drawn onto it (a trail
    bit's kind is its hand)."""

    def __init__(self, activity: MirrorActivity) -> None:
        self.activity = activity
        super().__init__(self._trail_colour)

    @staticmethod
    def _trail_colour(palette: Palette, inside: bool, hand: str) -> Colour:
        """Each hand's trail in its own colour: deep on the line, paler off it."""
        colour = hand_colour(palette, hand)
        return mix(colour, palette.ink, 0.3) if inside else mix(colour, palette.background, 0.45)

    def _paint_backdrop(self, base: pygame.Surface) -> None:
        """The background and the dashed line between the halves."""
        metrics, palette = self.activity.context.metrics, self.activity.context.palette
        draw_background(base, palette)
        middle = metrics.px(metrics.width_mm / 2)
        dash = metrics.px(4.0)
        line = mix(palette.surface_edge, palette.background, 0.3)
        for y in range(metrics.px(14.0), metrics.height_px, 2 * dash):
            pygame.draw.line(base, line, (middle, y), (middle, y + dash), max(1, metrics.px(0.6)))

    def _guides(self) -> list[Guide]:
        """Each hand's copy of the shape on screen, with the level's guide."""
        step = self.activity.parameters["guide"]
        sides = self.activity.item.sides.values()
        return [Guide.of(s.target.strokes, s.target.tolerance_mm, step) for s in sides]

    def draw(self, surface: pygame.Surface) -> None:
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, context.palette
        self.canvas.blit(surface, metrics, palette)
        draw_progress(
            surface,
            metrics,
            palette,
            len([i for i in activity.shown if i.completed_at is not None]),
            len(activity.plan),
        )
        item = activity.item
        required = activity.parameters["coverage_required"]
        for side in item.sides.values():
            if item.completed_at is not None:
                draw_done(surface, metrics, palette, side.target.strokes)
                continue
            stroke = side.next_stroke(required)
            if stroke is not None:
                draw_start(
                    surface,
                    metrics,
                    palette,
                    side.target,
                    stroke,
                    context.sensory.intensity.motion,
                    context.clock.now(),
                )


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two arcs bulging apart, mirror images, a dotted line between."""
    band = mix(palette.calm, palette.background, 0.35)
    width = max(4, rect.w // 12)
    for sign in (-1, 1):
        points = [
            (
                round(rect.centerx + sign * rect.w * (0.12 + 0.2 * math.sin(math.pi * i / 20))),
                round(rect.y + rect.h * (0.2 + 0.6 * i / 20)),
            )
            for i in range(21)
        ]
        thick_line(surface, band, points, width)
        colour = hand_colour(palette, "left" if sign < 0 else "right")
        thick_line(surface, colour, points[:12], max(2, width // 2))
        pygame.draw.circle(surface, palette.success, points[0], width // 2 + 2)
    for y in range(rect.y + rect.h // 6, rect.bottom - rect.h // 6, 8):
        pygame.draw.line(surface, palette.surface_edge, (rect.centerx, y), (rect.centerx, y + 4), 2)
