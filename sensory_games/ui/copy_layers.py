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


def draw_box(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, box: RectMM
) -> None:
    """One box's frame: thin, soft, rounded."""
    x, y, w, h = box
    rect = pygame.Rect(metrics.px(x), metrics.px(y), metrics.px(w), metrics.px(h))
    colour = mix(palette.ink_soft, palette.background, 0.3)
    pygame.draw.rect(
        surface, colour, rect, max(1, metrics.px(FRAME_MM)), border_radius=metrics.px(CORNER_MM)
    )


def draw_model(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, strokes: Sequence[np.ndarray]
) -> None:
    """The model's strokes (mm) as plain ink lines; a dot as a filled disc."""
    width = max(2, metrics.px(MODEL_LINE_MM))
    for stroke in strokes:
        points = [metrics.to_px(float(x), float(y)) for x, y in stroke]
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
) -> None:
    """The "I have finished" target: a soft green disc with a white tick, the same all the
    time (no flicker as copies begin and are handed in)."""
    centre = metrics.to_px(*centre_mm)
    radius = metrics.px(diameter_mm / 2)
    pygame.draw.circle(surface, mix(palette.success, palette.background, 0.3), centre, radius)
    cx, cy = centre
    tick = [
        (cx - radius * 0.45, cy + radius * 0.02),
        (cx - radius * 0.12, cy + radius * 0.35),
        (cx + radius * 0.48, cy - radius * 0.3),
    ]
    thick_line(surface, palette.background, tick, max(2, radius // 4))
