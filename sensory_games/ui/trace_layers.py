"""Drawing shared by everything traced with a finger (tracing, mirror drawing): the soft
band and guide, the child's trail and a finished shape's colour (the start dot and the
other marks over the trail: ui/trace_marks.py).

The still parts (background, band, guide) are painted once into a layer; the trail is
drawn segment by segment onto a copy of it as fingers move, and the rectangles painted
are noted, so a frame drawn in parts (ui/trail_frame.py) copies only those, whatever
the length of the trail.

Everything is drawn anti-aliased with ui/shapes.py's discs and thick round-capped lines,
so the trail reads as one smooth stroke, never as a row of blobs. Every step of the
guide keeps a contrast floor (GUIDE_CONTRAST_FLOOR) against the background, so a faded
guide is paler but never gone.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import pygame

from sensory_games.domain.geometry import resample
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import mix, with_contrast
from sensory_games.ui.damage import Damage
from sensory_games.ui.guide_patches import GuidePatches
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc, segment, thick_line
from sensory_games.ui.spare_time import SpareTime
from sensory_games.ui.trail_frame import Mark, TrailFrame

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
    origin: tuple[int, int] = (0, 0),
) -> None:
    """The band (as wide as the tolerance either side) and the guide: "full" (band and
    centre line), "faded" (a paler band), "dots" (dotted centre line) or "none".
    `surface` is the part of the screen whose top left corner is `origin` (px)."""
    band, line = guide_colours(palette, guide)
    ox, oy = origin

    def to_px(x: float, y: float) -> tuple[int, int]:
        px, py = metrics.to_px(x, y)
        return px - ox, py - oy

    for stroke in strokes:
        if band is not None:
            width = metrics.px(2 * band_half_width_mm(stroke, tolerance_mm))
            thick_line(surface, band, [to_px(x, y) for x, y in stroke], width)
    for stroke in strokes:
        if line is None:
            continue
        if guide == "dots":
            for x, y in evenly_spaced(stroke, DOT_SPACING_MM):
                disc(surface, line, to_px(x, y), metrics.px(1.2))
        else:
            points = [to_px(x, y) for x, y in stroke]
            thick_line(surface, line, points, metrics.px(centre_line_mm(guide)))


def centre_line_mm(guide: str) -> float:
    """The width (mm) of the centre line at a guide step: thinner once faded."""
    return CENTRE_LINE_MM if guide == "full" else CENTRE_LINE_MM * 0.6


Points = tuple[tuple[tuple[float, float], ...], ...]


def points_of(strokes: Sequence[np.ndarray]) -> Points:
    """Strokes (mm) as tuples of points: compared and hashed by value (a cache key)."""
    return tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in strokes)


@dataclass(frozen=True)
class Guide:
    """One path's band and guide as painted on a traced activity's layer: its strokes
    (points in mm), the tolerance (mm either side) and the guide step ("full", "faded",
    "dots", "none"). Compared and hashed by value: the key of its painted patch."""

    strokes: Points
    tolerance_mm: float
    step: str

    @classmethod
    def of(cls, strokes: Sequence[np.ndarray], tolerance_mm: float, step: str) -> Guide:
        return cls(points_of(strokes), float(tolerance_mm), step)

    def arrays(self) -> list[np.ndarray]:
        return [np.array(stroke, dtype=float).reshape(-1, 2) for stroke in self.strokes]

    def box(self, metrics: ScreenMetrics) -> pygame.Rect:
        """The pixels its painting can touch: its points, grown by the widest of band,
        centre line and dots, and a few px for the smoothed edges."""
        strokes = self.arrays()
        widest = max(
            [metrics.px(2 * band_half_width_mm(s, self.tolerance_mm)) for s in strokes]
            + [metrics.px(centre_line_mm(self.step)), 2 * metrics.px(1.2)]
        )
        pad = widest // 2 + 4
        every = np.vstack(strokes) * metrics.px_per_mm
        (x0, y0), (x1, y1) = every.min(axis=0), every.max(axis=0)
        left, top = math.floor(x0) - pad, math.floor(y0) - pad
        return pygame.Rect(left, top, math.ceil(x1) + pad - left + 1, math.ceil(y1) + pad - top + 1)


@lru_cache(maxsize=16)  # (the contrast search: about 9 ms a guide, painted or finished)
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
    surface.blit(*done_look(strokes, metrics, palette))


def done_look(
    strokes: Sequence[np.ndarray], metrics: ScreenMetrics, palette: Palette
) -> tuple[pygame.Surface, tuple[int, int]]:
    """A finished shape's sprite and where (px) its top left corner goes."""
    return done_sprite(strokes_key(strokes), metrics, palette), _done_corner(strokes, metrics)


#: Finished shapes' sprites kept (bytes of pixels): the next shapes', drawn ahead
#: (TrailView.prepare: about 5 ms a copy of a spiral at 1920x1080).
DONE_BYTES = 8 * 1024 * 1024


def strokes_key(strokes: Sequence[np.ndarray]) -> tuple[bytes, ...]:
    """Strokes (mm) as the bytes of their points: a cache key quick to make every frame."""
    return tuple(np.asarray(stroke, dtype=float).tobytes() for stroke in strokes)


def _done_width(metrics: ScreenMetrics) -> int:
    return metrics.px(CENTRE_LINE_MM * 1.5)


def _done_corner(strokes: Sequence[np.ndarray], metrics: ScreenMetrics) -> tuple[int, int]:
    """The top left corner (px) of a finished shape's sprite: its points' least pixel
    (as ScreenMetrics.to_px rounds them) less the line's width."""
    x, y = np.vstack(strokes).min(axis=0)
    width = _done_width(metrics)
    return round(float(x) * metrics.px_per_mm) - width, round(float(y) * metrics.px_per_mm) - width


@kept_by_bytes(DONE_BYTES, scope=SCENE)
def done_sprite(key: tuple[bytes, ...], metrics: ScreenMetrics, palette: Palette) -> pygame.Surface:
    """A finished shape (its strokes_key) drawn on a clear sprite just big enough, to be
    blitted at _done_corner."""
    strokes = [np.frombuffer(points).reshape(-1, 2) for points in key]
    width = _done_width(metrics)
    lines = [[metrics.to_px(x, y) for x, y in stroke] for stroke in strokes]
    every = [point for line in lines for point in line]
    left, top = _done_corner(strokes, metrics)
    right = max(x for x, _ in every) + width
    bottom = max(y for _, y in every) + width
    sprite = pygame.Surface((right - left + 1, bottom - top + 1), pygame.SRCALPHA)
    sprite.fill((*palette.success, 0))
    for line in lines:
        thick_line(sprite, palette.success, [(x - left, y - top) for x, y in line], width)
    return sprite


#: A bit of trail: from, to (mm), whether it is within tolerance, and its kind (a name
#: the canvas's colour function understands, e.g. "counted" or a hand).
Segment = tuple[tuple[float, float], tuple[float, float], bool, str]
TrailColour = Callable[[Palette, bool, str], Colour]


class TrailCanvas:
    """A still layer with the trail drawn onto it: a backdrop (painted by
    `paint_backdrop`: the same for every shape of the level) with the guides of the
    shape on screen (`guides()`) laid over it.

    Each guide is painted once into a patch (GuidePatches), an opaque copy of the
    backdrop under it with the band and guide on: :meth:`prepare` paints the next shapes'
    ahead, so showing one costs a copy of the backdrop and a blit per guide. Backdrop and
    patches are repainted, the trail replayed, when the window size or the palette (a
    live intensity change) changes; otherwise a new segment costs one short line."""

    def __init__(
        self,
        paint_backdrop: Callable[[pygame.Surface], None],
        colour: TrailColour = trail_colour,
        guides: Callable[[], Sequence[Guide]] = tuple,
    ) -> None:
        self.paint_backdrop = paint_backdrop
        self.colour = colour
        self.guides = guides
        self._backdrop: pygame.Surface | None = None
        self._canvas: pygame.Surface | None = None
        self._spare: pygame.Surface | None = None  # (the last shape's layer, to reuse)
        self._palette: Palette | None = None
        self._metrics: ScreenMetrics | None = None
        self._patches = GuidePatches(self._paint_patch)
        self.segments: list[Segment] = []
        #: The rectangles (px) of trail painted onto the layer since it was last drawn
        #: (None: the layer is to be laid out, or was since).
        self.fresh: list[pygame.Rect] | None = None

    def clear(self) -> None:
        """A new shape: forget the trail; its layer is laid out again when drawn (on the
        same surface: a new 8 MB one took over 10 ms of the frame that showed the shape)."""
        self._spare, self._canvas, self.fresh = self._canvas, None, None
        self.segments.clear()

    @property
    def layer_bytes(self) -> int:
        """Memory held by the backdrop, the layer and the painted guides now (bytes; 0
        once dropped)."""
        layers = (x for x in (self._backdrop, self._canvas, self._spare) if x is not None)
        held = sum(layer.get_pitch() * layer.get_height() for layer in layers)
        return held + self._patches.kept_bytes

    def invalidate(self) -> None:
        """Drop the backdrop, the layer and the painted guides (freed now): the layout
        changed, or the screen has closed. They are repainted if drawn again."""
        self._backdrop = self._canvas = self._spare = self.fresh = None
        self._patches.clear()

    def add_segment(
        self, start: tuple[float, float], end: tuple[float, float], inside: bool, kind: str
    ) -> None:
        self.segments.append((start, end, inside, kind))
        if self._canvas is not None and self._metrics is not None and self._palette is not None:
            piece = self.segments[-1]
            painted = self._paint_segment(self._canvas, self._metrics, self._palette, piece)
            if self.fresh is not None:
                self.fresh.append(painted)

    def _paint_segment(
        self, surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, piece: Segment
    ) -> pygame.Rect:
        """Paint a bit of trail; returns the rectangle (px) it can have touched."""
        start, end, inside, kind = piece
        width = metrics.px(TRAIL_MM)
        colour = self.colour(palette, inside, kind)
        a, b = metrics.to_px(*start), metrics.to_px(*end)
        disc(surface, colour, a, width / 2)  # the round join (or a new touch's cap)
        segment(surface, colour, a, b, width)
        spanned = pygame.Rect(min(a[0], b[0]), min(a[1], b[1]), abs(a[0] - b[0]) + 1, 0)
        spanned.h = abs(a[1] - b[1]) + 1
        return spanned.inflate(width + 4, width + 4)  # (round caps, smoothed edges)

    def _backdrop_for(
        self, size: tuple[int, int], metrics: ScreenMetrics, palette: Palette
    ) -> pygame.Surface:
        """The backdrop at this size and palette (repainted, the patches dropped, when
        either changed)."""
        stale = (
            self._backdrop is None
            or self._backdrop.get_size() != size
            or self._palette != palette
            or self._metrics != metrics
        )
        if stale:
            self._backdrop = pygame.Surface(size)
            self.paint_backdrop(self._backdrop)
            self._palette, self._metrics = palette, metrics
            self._patches.clear()
            self._canvas = self.fresh = None
        assert self._backdrop is not None
        return self._backdrop

    def _paint_patch(self, guide: Guide) -> pygame.Surface:
        """`guide` painted on a copy of the backdrop under it (its box within the
        backdrop)."""
        assert self._backdrop is not None and self._metrics is not None
        assert self._palette is not None
        box = guide.box(self._metrics).clip(self._backdrop.get_rect())
        patch = self._backdrop.subsurface(box).copy()
        metrics, palette, origin = self._metrics, self._palette, box.topleft
        strokes, tolerance_mm = guide.arrays(), guide.tolerance_mm
        paint_guide(patch, metrics, palette, strokes, tolerance_mm, guide.step, origin)
        return patch

    def prepare(
        self,
        guides: Sequence[Guide],
        size: tuple[int, int],
        metrics: ScreenMetrics,
        palette: Palette,
        spare_time: SpareTime | None = None,
        now: int = 0,
    ) -> None:
        """Paint `guides` (of the shape on screen, then of those to come, in the order they
        are shown) before they are shown: now, or with `spare_time` between frames but
        for the first `now` (the shape on screen's, painted now); the patches of any
        other (shapes already shown) are dropped."""
        backdrop = self._backdrop_for(size, metrics, palette)
        area, depth = backdrop.get_rect(), backdrop.get_bytesize()

        def patch_bytes(guide: Guide) -> int:
            box = guide.box(metrics).clip(area)
            return box.w * box.h * depth

        self._patches.keep(guides, patch_bytes, spare_time, now)

    def paint(
        self,
        guides: Sequence[Guide],
        size: tuple[int, int],
        metrics: ScreenMetrics,
        palette: Palette,
    ) -> None:
        """Paint the patches of `guides` that are not painted yet (the shape on screen's),
        dropping none."""
        self._backdrop_for(size, metrics, palette)
        for guide in guides:
            self._patches(guide)

    def layer(
        self, size: tuple[int, int], metrics: ScreenMetrics, palette: Palette
    ) -> tuple[pygame.Surface, list[pygame.Rect] | None]:
        """The layer with the trail (laid out first if needed) and the rectangles (px) of
        it painted since the last call (None: it was laid out anew)."""
        backdrop = self._backdrop_for(size, metrics, palette)
        if self._canvas is None:
            canvas, self._spare = self._spare, None
            if canvas is None or canvas.get_size() != backdrop.get_size():
                canvas = backdrop.copy()
            else:
                canvas.blit(backdrop, (0, 0))
            self._canvas = canvas
            for guide in self.guides():
                box = guide.box(metrics).clip(backdrop.get_rect())
                if box.w and box.h:
                    self._canvas.blit(self._patches(guide), box)
            for piece in self.segments:
                self._paint_segment(self._canvas, metrics, palette, piece)
        fresh, self.fresh = self.fresh, []
        return self._canvas, fresh


class TrailView(ABC):
    """Base of a traced activity's view: its backdrop, painted by :meth:`_paint_backdrop`,
    with the guides of the shape on screen (:meth:`_guides`) and the trail on it (a
    :class:`TrailCanvas` whose trail takes its colour from `colour`), cleared for each
    new shape and dropped when the layout changes or the screen closes."""

    def __init__(self, colour: TrailColour = trail_colour) -> None:
        self.canvas = TrailCanvas(self._paint_backdrop, colour, self._guides)
        self.frame = TrailFrame()

    def draw_frame(
        self,
        surface: pygame.Surface,
        damage: Damage,
        metrics: ScreenMetrics,
        palette: Palette,
        reserved_mm: Sequence[tuple[float, float, float, float]],
        marks: dict[str, Mark],
    ) -> None:
        """The layer with `marks` over it (ui/trail_frame.py), whole or what changed; the
        engine draws over the `reserved_mm` corners (the calm-down button's)."""
        layer, fresh = self.canvas.layer(surface.get_size(), metrics, palette)
        covered = [metrics.rect_mm(*box).inflate(2, 2) for box in reserved_mm]  # (1 px spare)
        self.frame.draw(surface, damage, layer, fresh, marks, covered)

    def new_item(self) -> None:
        """A new shape is shown: its layer is laid out afresh, with no trail."""
        self.canvas.clear()

    def paint_shown(self, metrics: ScreenMetrics, palette: Palette) -> None:
        """Paint the guides of the shape on screen now, if they are not, and lay the layer
        out (the frame that shows it then only draws it: a new screen-sized layer took up
        to 6 ms of an attempt's first frame here, its memory fresh from the system)."""
        self.canvas.paint(self._guides(), metrics.size_px, metrics, palette)
        self.canvas.layer(metrics.size_px, metrics, palette)

    def prepare(
        self,
        guides: Sequence[Guide],
        metrics: ScreenMetrics,
        palette: Palette,
        spare_time: SpareTime | None = None,
    ) -> None:
        """Paint the guides of the shape on screen and of those to come (`guides`, in the
        order they are shown), and how each looks finished, before the frames that show
        them: now, or with `spare_time` (but the shape on screen's guides) a chore each
        between frames (a level's dozen shapes took 30-70 ms at 1920x1080, in the frame
        that opened it); finished looks nearest first while their bounds (a guide's box
        at 4 bytes a pixel: more than the sprite) fit DONE_BYTES: none pushes a nearer
        out."""
        shown = self._guides()  # (painted now: the next frame shows them)
        every = [*shown, *guides]
        self.canvas.prepare(every, metrics.size_px, metrics, palette, spare_time, len(shown))
        room = DONE_BYTES
        for guide in dict.fromkeys(every):
            box = guide.box(metrics)
            room -= box.w * box.h * 4
            if room < 0:
                break
            finished = partial(done_sprite, strokes_key(guide.arrays()), metrics, palette)
            if spare_time is None:
                finished()
            else:
                spare_time.add(finished)

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
    def _paint_backdrop(self, base: pygame.Surface) -> None:
        """Paint what every shape of the level stands on: background, dividing lines."""

    @abstractmethod
    def _guides(self) -> Sequence[Guide]:
        """The band and guide of each path of the shape on screen."""
