"""Drawing shared by everything traced with a finger (tracing, mirror drawing): the soft
band and guide, the start dot with its arrow, and the child's trail.

The still parts (background, band, guide) are painted once into a layer; the trail is
drawn segment by segment onto a copy of it as fingers move, so a frame is one blit plus
a few small marks, whatever the length of the trail.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

import numpy as np
import pygame

from sensory_games.domain.geometry import resample
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.domain.path_scoring import TargetPath
from sensory_games.ui.art import mix
from sensory_games.ui.screen import ScreenMetrics

#: Width (mm) of the child's trail and of the guide's centre line.
TRAIL_MM = 3.0
CENTRE_LINE_MM = 1.6
#: Distance (mm) between the dots of a dotted guide.
DOT_SPACING_MM = 7.0


def thick_line(
    surface: pygame.Surface, colour: Colour, points: Sequence[tuple[float, float]], width: int
) -> None:
    """A polyline (px) with round joins and ends."""
    radius = max(1, width // 2)
    if len(points) > 1:
        pygame.draw.lines(surface, colour, False, points, width)
    for point in points:
        pygame.draw.circle(surface, colour, point, radius)


def evenly_spaced(stroke: np.ndarray, spacing_mm: float) -> np.ndarray:
    """Points every `spacing_mm` along a stroke (a single point stays as it is)."""
    return resample(stroke, spacing_mm) if len(stroke) > 1 else stroke


def trail_colour(palette: Palette, inside: bool, kind: str) -> Colour:
    """Tracing's trail colour: on the line, off it (gentle, never red), or a contact that
    does not count (`kind` "ignored"; otherwise "counted")."""
    if kind == "ignored":
        return palette.ink_soft
    if inside:
        return mix(palette.accents[0], palette.ink, 0.3)
    return mix(palette.accents[3], palette.background, 0.15)


def paint_guide(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    strokes: Sequence[np.ndarray],
    tolerance_mm: float,
    guide: str,
) -> None:
    """The band (as wide as the tolerance either side) and the guide: "full" (band and
    centre line), "faded" (a paler band), "dots" (dotted centre line) or "none"."""
    band_width = metrics.px(2 * tolerance_mm)
    band = mix(palette.calm, palette.background, 0.35)
    line = mix(palette.ink_soft, palette.background, 0.2)
    if guide == "faded":
        band = mix(band, palette.background, 0.65)
    for stroke in strokes:
        if guide in ("full", "faded"):
            thick_line(surface, band, [metrics.to_px(x, y) for x, y in stroke], band_width)
    for stroke in strokes:
        if guide == "full":
            points = [metrics.to_px(x, y) for x, y in stroke]
            thick_line(surface, line, points, metrics.px(CENTRE_LINE_MM))
        elif guide == "dots":
            for x, y in evenly_spaced(stroke, DOT_SPACING_MM):
                pygame.draw.circle(surface, line, metrics.to_px(x, y), metrics.px(1.2))


def draw_done(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    strokes: Sequence[np.ndarray],
) -> None:
    """A finished shape: its strokes drawn over in the success colour."""
    for stroke in strokes:
        points = [metrics.to_px(x, y) for x, y in stroke]
        thick_line(surface, palette.success, points, metrics.px(CENTRE_LINE_MM * 1.5))


def start_dot_radius_mm(tolerance_mm: float) -> float:
    return max(4.0, tolerance_mm * 0.7)


def draw_start(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    target: TargetPath,
    stroke_index: int,
    motion: float,
    now: float,
) -> None:
    """The start dot of the stroke to trace next and an arrow showing which way it goes.
    With motion on, a pale halo behind the dot breathes slowly; the dot itself keeps its
    size, so its sharp edge never moves (a moving edge over the band would shimmer)."""
    radius_mm = start_dot_radius_mm(target.tolerance_mm)
    stroke = target.strokes[stroke_index]
    centre = metrics.to_px(*stroke[0])
    if motion > 0:
        breath = 0.5 + 0.5 * math.sin(now * 2 * math.pi / 2.0)
        halo = mix(palette.success, palette.background, 0.75)
        pygame.draw.circle(
            surface, halo, centre, metrics.px(radius_mm * (1.2 + 0.2 * breath * motion))
        )
    pygame.draw.circle(surface, palette.success, centre, metrics.px(radius_mm))
    if len(stroke) < 2:
        return
    direction = target.point_at(stroke_index, radius_mm * 2.2) - stroke[0]
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


#: A bit of trail: from, to (mm), whether it is within tolerance, and its kind (a name
#: the canvas's colour function understands, e.g. "counted" or a hand).
Segment = tuple[tuple[float, float], tuple[float, float], bool, str]
TrailColour = Callable[[Palette, bool, str], Colour]


class TrailCanvas:
    """A still layer (painted by `paint_base`) with the trail drawn onto a copy of it.

    The layer is repainted, and the trail replayed, when the window size or the palette
    changes (a live intensity change); otherwise each new segment costs one short line.
    """

    def __init__(
        self, paint_base: Callable[[pygame.Surface], None], colour: TrailColour = trail_colour
    ) -> None:
        self.paint_base = paint_base
        self.colour = colour
        self._base: pygame.Surface | None = None
        self._canvas: pygame.Surface | None = None
        self._palette: Palette | None = None
        self._metrics: ScreenMetrics | None = None
        self.segments: list[Segment] = []

    def clear(self) -> None:
        """A new shape: forget the layer and the trail."""
        self._base = self._canvas = None
        self.segments.clear()

    @property
    def layer_bytes(self) -> int:
        """Memory held by the layer and its copy now (bytes; 0 once dropped)."""
        layers = (layer for layer in (self._base, self._canvas) if layer is not None)
        return sum(layer.get_pitch() * layer.get_height() for layer in layers)

    def invalidate(self) -> None:
        """Drop the layer and its copy (two window-sized surfaces, freed now): the layout
        changed, or the screen has closed. They are repainted if drawn again."""
        self._base = self._canvas = None

    def add_segment(
        self, start: tuple[float, float], end: tuple[float, float], inside: bool, kind: str
    ) -> None:
        self.segments.append((start, end, inside, kind))
        if self._canvas is not None and self._metrics is not None and self._palette is not None:
            self._paint_segment(self._canvas, self._metrics, self._palette, self.segments[-1])

    def _paint_segment(
        self, surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, segment: Segment
    ) -> None:
        start, end, inside, kind = segment
        width = metrics.px(TRAIL_MM)
        colour = self.colour(palette, inside, kind)
        a, b = metrics.to_px(*start), metrics.to_px(*end)
        if a != b:
            pygame.draw.line(surface, colour, a, b, width)
        pygame.draw.circle(surface, colour, b, width // 2)

    def blit(self, surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette) -> None:
        """Draw the layer and trail onto `surface` (repainting them first if needed)."""
        size = surface.get_size()
        stale = (
            self._base is None
            or self._base.get_size() != size
            or self._palette != palette
            or self._metrics != metrics
        )
        if stale:
            self._base = pygame.Surface(size)
            self.paint_base(self._base)
            self._palette, self._metrics = palette, metrics
            self._canvas = None
        if self._canvas is None:
            assert self._base is not None
            self._canvas = self._base.copy()
            for segment in self.segments:
                self._paint_segment(self._canvas, metrics, palette, segment)
        surface.blit(self._canvas, (0, 0))


class TrailView(ABC):
    """Base of a traced activity's view: its still layer, painted by :meth:`_paint_base`,
    with the trail on it (a :class:`TrailCanvas` whose trail takes its colour from
    `colour`), cleared for each new shape and dropped when the layout changes or the
    screen closes."""

    def __init__(self, colour: TrailColour = trail_colour) -> None:
        self.canvas = TrailCanvas(self._paint_base, colour)

    def new_item(self) -> None:
        """A new shape is shown: its layer is painted afresh, with no trail."""
        self.canvas.clear()

    def resize(self) -> None:
        self.canvas.invalidate()

    def close(self) -> None:
        """The screen has closed: free the layers now (the trail stays for scoring)."""
        self.canvas.invalidate()

    def add_segment(
        self, start: tuple[float, float], end: tuple[float, float], inside: bool, kind: str
    ) -> None:
        """A bit of trail from `start` to `end` (mm); `kind` is what `colour` is told."""
        self.canvas.add_segment(start, end, inside, kind)

    @abstractmethod
    def _paint_base(self, base: pygame.Surface) -> None:
        """Paint the still layer: background, band and guide."""
