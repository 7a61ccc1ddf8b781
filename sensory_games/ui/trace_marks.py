"""The marks a traced activity (tracing, mirror drawing) draws over its trail layer: the
start dot with its arrow, a finished shape in the success colour and the progress dots,
each as a :class:`sensory_games.ui.trail_frame.Mark` (what it looks like, where it can
touch, how it is drawn), so a frame drawn in parts draws one again only when it changed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.domain.path_scoring import TargetPath
from sensory_games.ui.art import mix
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc
from sensory_games.ui.trace_layers import band_half_width_mm, done_look
from sensory_games.ui.trail_frame import Mark

#: The strip (mm) at the top of the screen the progress dots are drawn in.
DOTS_STRIP_MM = 12.0
#: How far (times the dot's radius) the start mark reaches from the dot's centre: the
#: arrow's tip (2.4); the breathing halo reaches 1.2 + 0.2 x motion.
START_REACH = 2.4


def start_dot_radius_mm(tolerance_mm: float) -> float:
    return max(4.0, tolerance_mm * 0.7)


def start_radius_mm(target: TargetPath, stroke_index: int) -> float:
    """The start dot's radius (mm) on stroke `stroke_index`: as wide as a small ring's
    band at most."""
    radius_mm = start_dot_radius_mm(target.tolerance_mm)
    drawn_band_mm = band_half_width_mm(target.strokes[stroke_index], target.tolerance_mm)
    if drawn_band_mm < target.tolerance_mm:  # a small ring: a dot as wide as its band
        radius_mm = min(radius_mm, drawn_band_mm)
    return radius_mm


def halo_px(metrics: ScreenMetrics, radius_mm: float, motion: float, now: float) -> int:
    """The breathing halo's radius (px) at clock time `now` (s): a 2 s breath."""
    breath = 0.5 + 0.5 * math.sin(now * 2 * math.pi / 2.0)
    return metrics.px(radius_mm * (1.2 + 0.2 * breath * motion))


@dataclass(frozen=True)
class StartDot:
    """The start dot of stroke `stroke_index` of `target` (the stroke to trace next) and
    an arrow showing which way it goes, at clock time `now` (s). With `motion` on, a
    pale halo behind the dot breathes slowly; the dot itself keeps its size, so its sharp
    edge never moves (a moving edge over the band would shimmer)."""

    metrics: ScreenMetrics
    palette: Palette
    target: TargetPath
    stroke_index: int
    motion: float
    now: float

    def draw(self, surface: pygame.Surface) -> None:
        metrics, palette, target = self.metrics, self.palette, self.target
        stroke = target.strokes[self.stroke_index]
        radius_mm = start_radius_mm(target, self.stroke_index)
        centre = metrics.to_px(*stroke[0])
        if self.motion > 0:
            halo = mix(palette.success, palette.background, 0.75)
            disc(surface, halo, centre, halo_px(metrics, radius_mm, self.motion, self.now))
        disc(surface, palette.success, centre, metrics.px(radius_mm))
        if len(stroke) < 2:
            return
        direction = target.point_at(self.stroke_index, radius_mm * 2.2) - stroke[0]
        length = float(np.hypot(*direction))
        if length == 0:
            return
        unit = direction / length
        normal = np.array([-unit[1], unit[0]])
        tip = stroke[0] + unit * radius_mm * START_REACH
        base = stroke[0] + unit * radius_mm * 1.4
        corners = [tip, base + normal * radius_mm * 0.6, base - normal * radius_mm * 0.6]
        arrow = [metrics.to_px(x, y) for x, y in corners]
        pygame.draw.polygon(surface, mix(palette.success, palette.ink, 0.35), arrow)
        pygame.draw.aalines(surface, mix(palette.success, palette.ink, 0.35), True, arrow)

    def mark(self) -> Mark:
        """As a mark (drawn whole: smooth polygon edges); it changes its look only when
        the halo's radius in px does."""
        metrics, motion = self.metrics, self.motion
        radius_mm = start_radius_mm(self.target, self.stroke_index)
        centre = metrics.to_px(*self.target.strokes[self.stroke_index][0])
        reach = metrics.px(radius_mm * START_REACH) + 3  # (the arrow's tip: past the halo)
        halo = halo_px(metrics, radius_mm, motion, self.now) if motion > 0 else 0
        return Mark(
            ("start", id(self.target), self.stroke_index, halo, motion),
            pygame.Rect(centre[0] - reach, centre[1] - reach, 2 * reach + 1, 2 * reach + 1),
            self.draw,
            blits_only=False,
        )


def done_mark(metrics: ScreenMetrics, palette: Palette, strokes: Sequence[np.ndarray]) -> Mark:
    """A finished shape in the success colour (a sprite: drawn clipped where needed)."""
    sprite, corner = done_look(strokes, metrics, palette)
    return Mark(
        ("done", id(sprite)),
        sprite.get_rect(topleft=corner),
        lambda surface: surface.blit(sprite, corner),
    )


def progress_mark(
    metrics: ScreenMetrics, done: int, total: int, draw: Callable[[pygame.Surface], object]
) -> Mark:
    """The progress dots (`done` of `total`), drawn by `draw` (a sprite blitted) within
    the DOTS_STRIP_MM strip at the top."""
    strip = pygame.Rect(0, 0, metrics.width_px, metrics.px(DOTS_STRIP_MM))
    return Mark(("progress", done, total), strip, draw)
