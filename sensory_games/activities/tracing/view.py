"""Drawing of tracing: the soft band, the guide, the start dot and arrow, the trail.

The still parts (background, band, guide) are painted once per shape into a layer; the
trail is drawn segment by segment onto a copy of it as the finger moves, so a frame is
one blit plus a few small marks, whatever the length of the trail.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from sensory_games.geometry import resample
from sensory_games.intensity import Colour, Palette
from sensory_games.ui.art import draw_background, mix
from sensory_games.ui.widgets import draw_progress_dots

if TYPE_CHECKING:
    from sensory_games.activities.tracing.activity import TraceItem, TracingActivity

#: Width (mm) of the child's trail and of the guide's centre line.
TRAIL_MM = 3.0
CENTRE_LINE_MM = 1.6
#: Distance (mm) between the dots of a dotted guide.
DOT_SPACING_MM = 7.0


def _thick_line(
    surface: pygame.Surface, colour: Colour, points: list[tuple[int, int]], width: int
) -> None:
    """A polyline with round joins and ends."""
    radius = max(1, width // 2)
    if len(points) > 1:
        pygame.draw.lines(surface, colour, False, points, width)
    for point in points:
        pygame.draw.circle(surface, colour, point, radius)


class TracingView:
    """Cached layers for one activity; `draw` only blits and adds small marks."""

    def __init__(self, activity: TracingActivity) -> None:
        self.activity = activity
        self._base: pygame.Surface | None = None
        self._canvas: pygame.Surface | None = None
        self._segments: list[tuple[tuple[float, float], tuple[float, float], bool, bool]] = []
        self._base_palette: Palette | None = None

    # -- colours --------------------------------------------------------------------------

    @property
    def palette(self) -> Palette:
        return self.activity.context.palette

    def trail_colour(self, inside: bool, counted: bool) -> Colour:
        palette = self.palette
        if not counted:
            colour = palette.ink_soft
        elif inside:
            colour = mix(palette.accents[0], palette.ink, 0.3)
        else:
            colour = mix(palette.accents[3], palette.background, 0.15)  # gentle, not red
        return colour

    # -- layers ---------------------------------------------------------------------------

    def new_item(self, item: TraceItem) -> None:
        self._base = self._canvas = None
        self._segments.clear()

    def resize(self) -> None:
        self._base = self._canvas = None

    def add_segment(
        self, start: tuple[float, float], end: tuple[float, float], inside: bool, counted: bool
    ) -> None:
        self._segments.append((start, end, inside, counted))
        if self._canvas is not None:
            self._paint_segment(self._canvas, start, end, inside, counted)

    def _paint_segment(
        self,
        surface: pygame.Surface,
        start: tuple[float, float],
        end: tuple[float, float],
        inside: bool,
        counted: bool,
    ) -> None:
        metrics = self.activity.context.metrics
        width = metrics.px(TRAIL_MM)
        colour = self.trail_colour(inside, counted)
        a, b = metrics.to_px(*start), metrics.to_px(*end)
        if a != b:
            pygame.draw.line(surface, colour, a, b, width)
        pygame.draw.circle(surface, colour, b, width // 2)

    def _paint_base(self, size: tuple[int, int]) -> pygame.Surface:
        context = self.activity.context
        metrics, palette = context.metrics, self.palette
        base = pygame.Surface(size)
        draw_background(base, palette)
        item = self.activity.item
        band_width = metrics.px(2 * self.activity.tolerance_mm)
        band = mix(palette.calm, palette.background, 0.35)
        line = mix(palette.ink_soft, palette.background, 0.2)
        if item.guide == "faded":
            band = mix(band, palette.background, 0.65)
        for stroke in item.strokes:
            points = [metrics.to_px(x, y) for x, y in stroke]
            if item.guide in ("full", "faded"):
                _thick_line(base, band, points, band_width)
        for stroke in item.strokes:
            points = [metrics.to_px(x, y) for x, y in stroke]
            if item.guide == "full":
                _thick_line(base, line, points, metrics.px(CENTRE_LINE_MM))
            elif item.guide == "dots":
                for x, y in _evenly_spaced(stroke, DOT_SPACING_MM):
                    pygame.draw.circle(base, line, metrics.to_px(x, y), metrics.px(1.2))
        return base

    def _ensure_canvas(self, size: tuple[int, int]) -> pygame.Surface:
        palette = self.palette
        if self._base is None or self._base.get_size() != size or self._base_palette != palette:
            self._base = self._paint_base(size)
            self._base_palette = palette  # a live intensity change repaints everything
            self._canvas = None
        if self._canvas is None:
            self._canvas = self._base.copy()
            for start, end, inside, counted in self._segments:
                self._paint_segment(self._canvas, start, end, inside, counted)
        return self._canvas

    # -- frame ----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        activity = self.activity
        context = activity.context
        metrics, palette = context.metrics, self.palette
        now = context.clock.now()
        surface.blit(self._ensure_canvas(surface.get_size()), (0, 0))
        draw_progress_dots(surface, metrics, palette, len(activity.scores), len(activity.plan))
        item = activity.item
        demo = activity.demo_point(now)
        if demo is not None:
            pygame.draw.circle(
                surface,
                palette.accents[4],
                metrics.to_px(*demo[1]),
                metrics.px(max(4.0, activity.tolerance_mm * 0.7)),
            )
            return
        if item.completed_at is not None:
            for stroke in item.strokes:
                _thick_line(
                    surface,
                    palette.success,
                    [metrics.to_px(x, y) for x, y in stroke],
                    metrics.px(CENTRE_LINE_MM * 1.5),
                )
            return
        current = item.current_stroke
        if current is not None:  # always shown: hiding it per touch would make it blink
            self._draw_start(surface, item, current, now)

    def _draw_start(self, surface: pygame.Surface, item: TraceItem, k: int, now: float) -> None:
        """The start dot of the stroke to trace next, and an arrow showing which way."""
        context = self.activity.context
        metrics, palette = context.metrics, self.palette
        motion = context.sensory.intensity.motion
        radius_mm = max(4.0, self.activity.tolerance_mm * 0.7)
        radius_mm *= 1.0 + 0.08 * motion * math.sin(now * 2 * math.pi / 2.0)
        stroke = item.strokes[k]
        start = metrics.to_px(*stroke[0])
        pygame.draw.circle(surface, palette.success, start, metrics.px(radius_mm))
        if len(stroke) < 2:
            return
        direction = item.target.point_at(k, radius_mm * 2.2) - stroke[0]
        length = float(np.hypot(*direction))
        if length == 0:
            return
        unit = direction / length
        normal = np.array([-unit[1], unit[0]])
        tip = stroke[0] + unit * radius_mm * 2.4
        base = stroke[0] + unit * radius_mm * 1.4
        corners = [tip, base + normal * radius_mm * 0.6, base - normal * radius_mm * 0.6]
        pygame.draw.polygon(
            surface,
            mix(palette.success, palette.ink, 0.35),
            [metrics.to_px(x, y) for x, y in corners],
        )


def _evenly_spaced(stroke: np.ndarray, spacing_mm: float) -> np.ndarray:
    return resample(stroke, spacing_mm) if len(stroke) > 1 else stroke


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
    _thick_line(
        surface,
        mix(palette.calm, palette.background, 0.35),
        [(round(x), round(y)) for x, y in points],
        width * 2,
    )
    _thick_line(
        surface,
        mix(palette.accents[0], palette.ink, 0.3),
        [(round(x), round(y)) for x, y in points[:22]],
        width,
    )
    pygame.draw.circle(surface, palette.success, (round(points[0][0]), round(points[0][1])), width)
