"""Drawing of tracing: the band and guide with the trail on them (one layer from
:mod:`sensory_games.ui.trace_layers`, shared with mirror drawing), and over it the progress
dots, copy mode's boxes and model, then the demonstration, the finished shape's colour or
the start dot (:mod:`sensory_games.ui.trace_marks`). A frame drawn in parts
(:mod:`sensory_games.ui.trail_frame`) draws only the new trail and the marks that changed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.ui.art import draw_background, mix
from sensory_games.ui.shapes import thick_line
from sensory_games.ui.trace_layers import Guide, TrailView
from sensory_games.ui.trace_marks import (
    StartDot,
    done_mark,
    progress_mark,
    start_dot_radius_mm,
)
from sensory_games.ui.trail_frame import Mark
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TracingActivity


class TracingView(TrailView):
    """The cached layer of the shape being traced; `draw` copies it (or what changed of it)
    and adds small marks. The trail is in tracing's colours: a contact that counts
    ("counted") on or off the line, or one that does not ("ignored")."""

    def __init__(self, activity: TracingActivity) -> None:
        self.activity = activity
        super().__init__()

    def _paint_backdrop(self, base: pygame.Surface) -> None:
        draw_background(base, self.activity.context.palette)

    def _guides(self) -> list[Guide]:
        item = self.activity.item
        return [Guide.of(item.strokes, item.target.tolerance_mm, item.guide)]

    def draw(self, surface: pygame.Surface) -> None:
        context = self.activity.context
        metrics, palette = context.metrics, context.palette
        marks = self.marks(surface.get_size())
        self.draw_frame(surface, context.damage, metrics, palette, context.reserved_mm, marks)

    def marks(self, size: tuple[int, int]) -> dict[str, Mark]:
        """What is drawn over the layer now, bottom first."""
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, context.palette
        now = context.clock.now()
        done, total = len(activity.scores), len(activity.plan)
        marks = {
            "progress": progress_mark(
                metrics, done, total, lambda s: draw_progress_dots(s, metrics, palette, done, total)
            )
        }
        item = activity.item
        copy_mode = activity.copy_mode
        if copy_mode is not None:
            marks["copy"] = copy_mode.mark(item)
        demo = activity.demo_path(now)
        if demo is not None:
            marks["demo"] = self._demo_mark(demo[0], demo[1])
        elif item.completed_at is not None:  # (a copy: its model lights up, not the ideal copy)
            strokes = item.strokes if copy_mode is None else copy_mode.layout_of(item).model
            marks["done"] = done_mark(metrics, palette, strokes)
        elif item.current_stroke is not None and copy_mode is None:
            # always shown: hiding it per touch would make it blink
            motion = context.sensory.intensity.motion
            dot = StartDot(metrics, palette, item.target, item.current_stroke, motion, now)
            marks["start"] = dot.mark()
        return marks

    def _demo_mark(self, stroke: int, shown_mm: np.ndarray) -> Mark:
        """The demonstration: the stroke shown so far, painted in the dot's colour as wide
        as the band (at most the dot), and the dot at its head."""
        activity = self.activity
        metrics, palette = activity.context.metrics, activity.context.palette
        radius = metrics.px(start_dot_radius_mm(activity.tolerance_mm))
        points = [metrics.to_px(float(x), float(y)) for x, y in shown_mm]
        width = min(2 * radius, metrics.px(2 * activity.item.target.tolerance_mm))
        xs, ys = [x for x, _ in points], [y for _, y in points]
        reach = radius + 3  # (the dot, or half the line and its smoothed edge)
        rect = pygame.Rect(min(xs) - reach, min(ys) - reach, 0, 0)
        rect.size = (max(xs) - min(xs) + 2 * reach + 1, max(ys) - min(ys) + 2 * reach + 1)

        def draw(surface: pygame.Surface) -> None:
            if len(points) > 1:
                thick_line(surface, palette.accents[4], points, width)
            pygame.draw.circle(surface, palette.accents[4], points[-1], radius)

        return Mark(("demo", stroke, tuple(points)), rect, draw, blits_only=False)


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a dotted wave with a start dot and a trail along its first half."""
    points = [
        (
            rect.x + rect.w * (0.15 + 0.7 * i / 40),
            rect.y + rect.h * (0.5 - 0.18 * math.sin(i / 40 * 2 * math.pi)),
        )
        for i in range(41)
    ]
    width = max(3, rect.w // 14)
    thick_line(
        surface,
        mix(palette.calm, palette.background, 0.35),
        [(round(x), round(y)) for x, y in points],
        width * 2,
    )
    thick_line(
        surface,
        mix(palette.accents[0], palette.ink, 0.3),
        [(round(x), round(y)) for x, y in points[:22]],
        width,
    )
    pygame.draw.circle(surface, palette.success, (round(points[0][0]), round(points[0][1])), width)
