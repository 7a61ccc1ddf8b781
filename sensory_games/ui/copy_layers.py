"""Drawing of copy mode (tracing's `mode: copy`): the model in its box, the empty box the
child draws in, and the "I have finished" target: a green disc with a tick, no words.

The model is printed, not traced: one plain ink line, no band, no dots, no start mark.
Both boxes have the same thin soft frame, so the child sees two equal places.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pygame

from sensory_games.domain.geometry import RectMM
from sensory_games.domain.intensity import Palette
from sensory_games.ui.art import mix
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import thick_line

#: The model's line (mm wide): a printed figure's stroke, as on a VMI form but bolder.
MODEL_LINE_MM = 1.6
#: The boxes' frame (mm wide) and the rounding of their corners (mm).
FRAME_MM = 0.6
CORNER_MM = 3.0


def box_rect(metrics: ScreenMetrics, box: RectMM) -> pygame.Rect:
    """Where a box's frame lies on the screen (px)."""
    x, y, w, h = box
    return pygame.Rect(metrics.px(x), metrics.px(y), metrics.px(w), metrics.px(h))


def model_rect(metrics: ScreenMetrics, strokes: Sequence[np.ndarray]) -> pygame.Rect:
    """Where the model's lines may draw on the screen (px): its points' box, grown by
    the line's width."""
    drawn = [stroke for stroke in strokes if len(stroke)]
    if not drawn:
        return pygame.Rect(0, 0, 0, 0)  # (nothing to draw)
    points = np.vstack(drawn)
    low = metrics.to_px(float(points[:, 0].min()), float(points[:, 1].min()))
    high = metrics.to_px(float(points[:, 0].max()), float(points[:, 1].max()))
    width = max(2, metrics.px(MODEL_LINE_MM))
    box = pygame.Rect(low, (high[0] - low[0] + 1, high[1] - low[1] + 1))
    return box.inflate(2 * width + 2, 2 * width + 2)


def finished_rect(
    metrics: ScreenMetrics, centre_mm: tuple[float, float], diameter_mm: float
) -> pygame.Rect:
    """Where the finished target lies on the screen (px)."""
    x, y = metrics.to_px(*centre_mm)
    radius = metrics.px(diameter_mm / 2)
    return pygame.Rect(x - radius - 1, y - radius - 1, 2 * radius + 3, 2 * radius + 3)


def draw_box(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    box: RectMM,
    offset: tuple[int, int] = (0, 0),
) -> None:
    """One box's frame: thin, soft, rounded; `offset` (px) is where `surface`'s corner
    lies on the screen."""
    colour = mix(palette.ink_soft, palette.background, 0.3)
    pygame.draw.rect(
        surface,
        colour,
        box_rect(metrics, box).move(-offset[0], -offset[1]),
        max(1, metrics.px(FRAME_MM)),
        border_radius=metrics.px(CORNER_MM),
    )


def draw_model(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    strokes: Sequence[np.ndarray],
    offset: tuple[int, int] = (0, 0),
) -> None:
    """The model's strokes (mm) as plain ink lines; a dot as a filled disc (`offset` as
    for draw_box)."""
    width = max(2, metrics.px(MODEL_LINE_MM))
    ox, oy = offset
    for stroke in strokes:
        points = [metrics.to_px(float(x), float(y)) for x, y in stroke]
        points = [(x - ox, y - oy) for x, y in points]
        if len(points) == 1 or len(set(points)) == 1:
            pygame.draw.circle(surface, palette.ink, points[0], width)
        else:
            thick_line(surface, palette.ink, points, width)


def draw_finished_target(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    centre_mm: tuple[float, float],
    diameter_mm: float,
    offset: tuple[int, int] = (0, 0),
) -> None:
    """The "I have finished" target: a soft green disc with a white tick, the same all the
    time (no flicker as copies begin and are handed in); `offset` as for draw_box."""
    x, y = metrics.to_px(*centre_mm)
    centre = (x - offset[0], y - offset[1])
    radius = metrics.px(diameter_mm / 2)
    pygame.draw.circle(surface, mix(palette.success, palette.background, 0.3), centre, radius)
    cx, cy = centre
    tick = [
        (cx - radius * 0.45, cy + radius * 0.02),
        (cx - radius * 0.12, cy + radius * 0.35),
        (cx + radius * 0.48, cy - radius * 0.3),
    ]
    thick_line(surface, palette.background, tick, max(2, radius // 4))


def paint_copy_page(
    metrics: ScreenMetrics,
    palette: Palette,
    boxes: Sequence[RectMM],
    model: Sequence[np.ndarray],
    finished: tuple[tuple[float, float], float],
) -> tuple[pygame.Surface, tuple[int, int]]:
    """The boxes, the model and the finished target (centre mm, diameter mm) on a clear
    surface just their size, and where (px) its corner goes on the screen: the area is
    worked out from what they are, so no screen-sized surface is made and searched for
    them (over 10 ms at 1920x1080)."""
    rects = [box_rect(metrics, box) for box in boxes]
    rects += [model_rect(metrics, model), finished_rect(metrics, *finished)]
    area = rects[0].unionall(rects[1:])
    page = pygame.Surface(area.size, pygame.SRCALPHA)
    for box in boxes:
        draw_box(page, metrics, palette, box, area.topleft)
    draw_model(page, metrics, palette, model, area.topleft)
    draw_finished_target(page, metrics, palette, *finished, area.topleft)
    return page, area.topleft
