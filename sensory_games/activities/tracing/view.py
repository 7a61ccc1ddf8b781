"""Drawing of tracing: the band and guide, the start dot and arrow, the trail (all from
:mod:`sensory_games.ui.trace_layers`, shared with mirror drawing) and the progress dots.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.ui.art import draw_background, mix
from sensory_games.ui.shapes import thick_line
from sensory_games.ui.trace_layers import (
    Guide,
    TrailView,
    draw_done,
    draw_start,
    start_dot_radius_mm,
)
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TracingActivity


class TracingView(TrailView):
    """The cached layer of the shape being traced; `draw` blits it and adds small marks.
    The trail is in tracing's colours: a contact that counts ("counted") on or off the
    line, or one that does not ("ignored")."""

    def __init__(self, activity: TracingActivity) -> None:
        self.activity = activity
        super().__init__()

    def _paint_backdrop(self, base: pygame.Surface) -> None:
        draw_background(base, self.activity.context.palette)

    def _guides(self) -> list[Guide]:
        item = self.activity.item
        return [Guide.of(item.strokes, item.target.tolerance_mm, item.guide)]

    def draw(self, surface: pygame.Surface) -> None:
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, context.palette
        now = context.clock.now()
        self.canvas.blit(surface, metrics, palette)
        draw_progress_dots(surface, metrics, palette, len(activity.scores), len(activity.plan))
        item = activity.item
        if activity.copy_mode is not None:
            activity.copy_mode.draw(surface, item)
        demo = activity.demo_path(now)
        if demo is not None:
            radius = metrics.px(start_dot_radius_mm(activity.tolerance_mm))
            points = [metrics.to_px(float(x), float(y)) for x, y in demo[1]]
            if len(points) > 1:  # the part shown so far, painted in the dot's colour as
                band = metrics.px(2 * activity.item.target.tolerance_mm)  # wide as the band
                thick_line(surface, palette.accents[4], points, min(2 * radius, band))
            pygame.draw.circle(surface, palette.accents[4], points[-1], radius)
            return
        if item.completed_at is not None:  # (a copy: its model lights up, not the ideal copy)
            copy_mode = activity.copy_mode
            done = item.strokes if copy_mode is None else copy_mode.layout_of(item).model
            draw_done(surface, metrics, palette, done)
            return
        current = item.current_stroke
        if (
            current is not None and activity.copy_mode is None
        ):  # always shown: hiding it per touch would make it blink
            draw_start(
                surface,
                metrics,
                palette,
                item.target,
                current,
                context.sensory.intensity.motion,
                now,
            )


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
