"""Drawing shared by everything traced with a finger (tracing, mirror drawing): the soft
band and guide, the start dot with its arrow, and the child's trail.

The still parts (background, band, guide) are painted once into a layer; the trail is
drawn segment by segment onto a copy of it as fingers move, so a frame is one blit plus
a few small marks, whatever the length of the trail.

Everything is drawn anti-aliased (pygame's aaline / aacircle): a thick line is a run of
anti-aliased thick segments with a disc at every join and end, so the trail reads as
one smooth stroke with round joins and caps, never as a row of blobs. Every step of the
guide keeps a contrast floor (GUIDE_CONTRAST_FLOOR) against the background, so a faded
guide is paler but never gone.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
import pygame

from sensory_games.domain.geometry import resample
from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.domain.path_scoring import TargetPath
from sensory_games.ui.art import mix
from sensory_games.ui.kept import kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics

#: Width (mm) of the child's trail and of the guide's centre line.
TRAIL_MM = 3.0
CENTRE_LINE_MM = 1.6
#: Distance (mm) between the dots of a dotted guide.
DOT_SPACING_MM = 7.0
#: The least contrast ratio (WCAG, against both ends of the background's gradient) of
#: the most visible part of every guide step: a faded guide is paler, never invisible.
GUIDE_CONTRAST_FLOOR = 1.8
#: ... and of the faded guide's pale band itself (the shape to stay inside).
FADED_BAND_FLOOR = 1.12


def contrast_ratio(a: Colour, b: Colour) -> float:
    """The WCAG contrast ratio of two colours (1 = the same brightness, 21 = black/white)."""
    dark, light = sorted((relative_luminance(a[:3]), relative_luminance(b[:3])))
    return (light + 0.05) / (dark + 0.05)


def with_contrast(colour: Colour, against: Sequence[Colour], ratio: float, ink: Colour) -> Colour:
    """`colour`, moved towards `ink` just as far as needed for a contrast of at least
    `ratio` with every colour in `against` (unchanged when it already has it)."""

    def enough(share: float) -> bool:
        shade = mix(colour, ink, share)
        return all(contrast_ratio(shade, other) >= ratio for other in against)

    if enough(0.0):
        return colour
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return mix(colour, ink, high)


def disc(
    surface: pygame.Surface, colour: Colour, centre: tuple[float, float], radius: float
) -> None:
    """A filled anti-aliased disc (px): a cached sprite blitted (an anti-aliased circle
    drawn afresh costs tens of times more, and discs are drawn every frame)."""
    sprite = disc_sprite((colour[0], colour[1], colour[2]), max(1, round(radius)))
    half = sprite.get_width() // 2
    surface.blit(sprite, (round(centre[0]) - half, round(centre[1]) - half))


#: Disc sprites are kept up to this many bytes of pixels: every dot, mark and trail
#: end a screen draws (a few KB each) stays; the few large ones (a pad's face, drawn
#: once into the pad's own sprite) are what is dropped first.
DISC_BYTES = 2 * 1024 * 1024


@kept_by_bytes(DISC_BYTES)
def disc_sprite(colour: Colour, radius: int) -> pygame.Surface:
    """An anti-aliased disc of `radius` px on a clear square (2 * radius + 1 px wide)."""
    sprite = pygame.Surface((2 * radius + 1, 2 * radius + 1), pygame.SRCALPHA)
    sprite.fill((*colour, 0))
    pygame.draw.aacircle(sprite, colour, (radius, radius), radius)
    return sprite


def thick_line(
    surface: pygame.Surface, colour: Colour, points: Sequence[tuple[float, float]], width: int
) -> None:
    """An anti-aliased polyline (px), `width` px thick, with round joins and ends: each
    segment a thick anti-aliased line, each point a disc as wide as the line."""
    for a, b in pairwise(points):
        segment(surface, colour, a, b, width)
    for point in points[:1]:
        disc(surface, colour, point, width / 2)


def segment(
    surface: pygame.Surface,
    colour: Colour,
    a: tuple[float, float],
    b: tuple[float, float],
    width: int,
) -> None:
    """One piece of a thick round-capped line from `a` to `b` (px): the disc at `a` is
    the previous piece's end, so a line drawn piece by piece has no gap at its joins."""
    (ax, ay), (bx, by) = a, b
    length = math.hypot(bx - ax, by - ay)
    if length > 0:  # a quad `width` wide across the segment, its long sides smoothed
        half = width / 2
        nx, ny = -(by - ay) / length * half, (bx - ax) / length * half
        left = ((ax + nx, ay + ny), (bx + nx, by + ny))
        right = ((bx - nx, by - ny), (ax - nx, ay - ny))
        pygame.draw.polygon(surface, colour, (*left, *right))
        pygame.draw.line(surface, colour, a, b, max(1, round(width * 0.7)))  # (thin quads)
        pygame.draw.aaline(surface, colour, *left)
        pygame.draw.aaline(surface, colour, *right)
    disc(surface, colour, b, width / 2)


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
    band, line = guide_colours(palette, guide)
    for stroke in strokes:
        if band is not None:
            width = metrics.px(2 * band_half_width_mm(stroke, tolerance_mm))
            thick_line(surface, band, [metrics.to_px(x, y) for x, y in stroke], width)
    for stroke in strokes:
        if line is None:
            continue
        if guide == "dots":
            for x, y in evenly_spaced(stroke, DOT_SPACING_MM):
                disc(surface, line, metrics.to_px(x, y), metrics.px(1.2))
        else:
            points = [metrics.to_px(x, y) for x, y in stroke]
            line_mm = CENTRE_LINE_MM if guide == "full" else CENTRE_LINE_MM * 0.6
            thick_line(surface, line, points, metrics.px(line_mm))


def guide_colours(palette: Palette, guide: str) -> tuple[Colour | None, Colour | None]:
    """The band's and the centre line's (or dots') colours at a guide step (None: not
    drawn). Each keeps its contrast floor against both ends of the background, so a
    faded guide (pale band, thin soft line) stays visible on every palette."""
    backdrop = (palette.background, palette.background_edge)
    band = mix(palette.calm, palette.background, 0.35)
    line = with_contrast(mix(palette.ink_soft, palette.background, 0.2), backdrop, 2.4, palette.ink)
    if guide == "full":
        return band, line
    if guide == "faded":
        pale_band = mix(band, palette.background, 0.5)
        pale_line = mix(line, palette.background, 0.5)
        return (
            with_contrast(pale_band, backdrop, FADED_BAND_FLOOR, palette.ink),
            with_contrast(pale_line, backdrop, GUIDE_CONTRAST_FLOOR, palette.ink),
        )
    if guide == "dots":
        return None, line
    return None, None


def band_half_width_mm(stroke: np.ndarray, tolerance_mm: float) -> float:
    """How wide (mm, either side of the line) the band is drawn: the tolerance, except
    round a small closed shape (a ring whose band would fill it to a disc), where it is
    drawn at most half the shape's inner radius wide so it still reads as a ring to
    trace. Only the drawing: what counts as on the line stays `tolerance_mm`."""
    if len(stroke) < 3 or float(np.hypot(*(stroke[0] - stroke[-1]))) > tolerance_mm:
        return tolerance_mm
    span = stroke.max(axis=0) - stroke.min(axis=0)
    return min(tolerance_mm, float(span.min()) / 4)


def draw_done(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    strokes: Sequence[np.ndarray],
) -> None:
    """A finished shape: its strokes drawn over in the success colour (drawn once into a
    sprite per shape, palette and screen, then blitted: the shape stays on screen for
    many frames and a smooth thick line costs several draw calls per point)."""
    key = (tuple(np.asarray(stroke, dtype=float).tobytes() for stroke in strokes), metrics)
    done = _DONE_SPRITES.pop(key, None)
    if done is None or done[0] != palette:
        done = (palette, *_done_sprite(metrics, palette, strokes))
        while len(_DONE_SPRITES) >= DONE_SPRITES_KEPT:
            del _DONE_SPRITES[next(iter(_DONE_SPRITES))]  # the least recently drawn
    _DONE_SPRITES[key] = done
    surface.blit(done[1], done[2])


#: Finished shapes kept as sprites (mirror drawing shows two at once): their palette,
#: sprite and top-left corner (px), by the shape's points and screen.
_DONE_SPRITES: dict[object, tuple[Palette, pygame.Surface, tuple[int, int]]] = {}
DONE_SPRITES_KEPT = 4


def _done_sprite(
    metrics: ScreenMetrics, palette: Palette, strokes: Sequence[np.ndarray]
) -> tuple[pygame.Surface, tuple[int, int]]:
    """A finished shape drawn on a clear sprite just big enough, and where it goes (px)."""
    width = metrics.px(CENTRE_LINE_MM * 1.5)
    lines = [[metrics.to_px(x, y) for x, y in stroke] for stroke in strokes]
    every = [point for line in lines for point in line] or [(0, 0)]
    left = min(x for x, _ in every) - width
    top = min(y for _, y in every) - width
    right = max(x for x, _ in every) + width
    bottom = max(y for _, y in every) + width
    sprite = pygame.Surface((right - left + 1, bottom - top + 1), pygame.SRCALPHA)
    sprite.fill((*palette.success, 0))
    for line in lines:
        thick_line(sprite, palette.success, [(x - left, y - top) for x, y in line], width)
    return sprite, (left, top)


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
    stroke = target.strokes[stroke_index]
    radius_mm = start_dot_radius_mm(target.tolerance_mm)
    drawn_band_mm = band_half_width_mm(stroke, target.tolerance_mm)
    if drawn_band_mm < target.tolerance_mm:  # a small ring: a dot as wide as its band
        radius_mm = min(radius_mm, drawn_band_mm)
    centre = metrics.to_px(*stroke[0])
    if motion > 0:
        breath = 0.5 + 0.5 * math.sin(now * 2 * math.pi / 2.0)
        halo = mix(palette.success, palette.background, 0.75)
        disc(surface, halo, centre, metrics.px(radius_mm * (1.2 + 0.2 * breath * motion)))
    disc(surface, palette.success, centre, metrics.px(radius_mm))
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
    arrow = [metrics.to_px(x, y) for x, y in corners]
    pygame.draw.polygon(surface, mix(palette.success, palette.ink, 0.35), arrow)
    pygame.draw.aalines(surface, mix(palette.success, palette.ink, 0.35), True, arrow)


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
        self, surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, piece: Segment
    ) -> None:
        start, end, inside, kind = piece
        width = metrics.px(TRAIL_MM)
        colour = self.colour(palette, inside, kind)
        a, b = metrics.to_px(*start), metrics.to_px(*end)
        disc(surface, colour, a, width / 2)  # the round join (or a new touch's cap)
        segment(surface, colour, a, b, width)

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
            for piece in self.segments:
                self._paint_segment(self._canvas, metrics, palette, piece)
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
