"""Drawing of mirror drawing: the two guides on one cached layer, each hand's trail in
its colour, the start marks, and the launcher picture. A frame drawn in parts
(ui/trail_frame.py) draws only the new trail and the marks that changed."""

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
from sensory_games.ui.trace_layers import Guide, TrailView
from sensory_games.ui.trace_marks import StartDot, done_mark, progress_mark
from sensory_games.ui.trail_frame import Mark

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
        context = self.activity.context
        metrics, palette = context.metrics, context.palette
        marks = self.marks()
        self.draw_frame(surface, context.damage, metrics, palette, context.reserved_mm, marks)

    def marks(self) -> dict[str, Mark]:
        """What is drawn over the layer now, bottom first: the progress dots, then each
        side's finished colour or start dot (those drawn whole last)."""
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, context.palette
        done = len([i for i in activity.shown if i.completed_at is not None])
        total = len(activity.plan)
        marks = {
            "progress": progress_mark(
                metrics, done, total, lambda s: draw_progress(s, metrics, palette, done, total)
            )
        }
        item = activity.item
        if item.completed_at is not None:
            for hand, side in item.sides.items():
                marks[f"done {hand}"] = done_mark(metrics, palette, side.target.strokes)
            return marks
        required = activity.parameters["coverage_required"]
        motion, now = context.sensory.intensity.motion, context.clock.now()
        for hand, side in item.sides.items():
            stroke = side.next_stroke(required)
            if stroke is not None:
                dot = StartDot(metrics, palette, side.target, stroke, motion, now)
                marks[f"start {hand}"] = dot.mark()
        return marks


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
