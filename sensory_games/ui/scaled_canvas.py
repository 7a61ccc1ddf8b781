"""Drawing at a lower resolution for slow devices: a canvas a fraction of the window's size,
scaled up onto the window (only where it changed).

Only the activity's own picture goes through the canvas. Everything drawn over it (the
calm button, the caption, the adult's sliders) is drawn afterwards at the window's full
resolution, so text and touch targets stay sharp; sizes stay in millimetres because the
canvas has its own metrics (fewer pixels to the millimetre, the same millimetres), and
pointer positions are in millimetres already.

Each scale is a ratio of small whole numbers (3:4, 1:2), and the canvas is sized to whole
cells of it, so a rectangle scaled up on its own gives exactly the pixels the whole canvas
scaled up gives there (nearest-neighbour scaling): a frame sent in parts is the frame sent
whole.
"""

from __future__ import annotations

from fractions import Fraction

import pygame

from sensory_games.domain.render_scale import STEPS
from sensory_games.ui.damage import Damage
from sensory_games.ui.screen import ScreenMetrics


class ScaledCanvas:
    """A canvas `scale` (0.75 or 0.5) of `metrics`' window, with its own damage."""

    def __init__(self, metrics: ScreenMetrics, scale: float) -> None:
        ratio = Fraction(scale).limit_denominator(8)
        if ratio not in {Fraction(s).limit_denominator(8) for s in STEPS[1:]}:
            raise ValueError(f"render scale {scale}: one of {STEPS[1:]}")
        self.scale = float(ratio)
        self._cell = (ratio.numerator, ratio.denominator)  # (canvas px, window px) per cell
        cells_w = -(-metrics.width_px // ratio.denominator)
        cells_h = -(-metrics.height_px // ratio.denominator)
        size = (cells_w * ratio.numerator, cells_h * ratio.numerator)
        self.window_size = metrics.size_px
        #: The canvas's millimetres are the window's (its last cells may reach past them)
        self.metrics = ScreenMetrics(
            round(metrics.width_px * self.scale),
            round(metrics.height_px * self.scale),
            metrics.px_per_mm * self.scale,
        )
        self.surface = pygame.Surface(size).convert()
        self.damage = Damage()

    def start(self, window_damage: Damage) -> None:
        """A new frame: drawn in parts on the canvas when the window may be."""
        self.damage.start(self.surface.get_size(), window_damage.drawing_parts())
        for rect in window_damage.fresh:  # (in canvas px: whole cells around it)
            canvas_px, window_px = self._cell
            self.damage.keep_fresh(
                self._to_cells(
                    pygame.Rect(
                        rect.left * canvas_px // window_px,
                        rect.top * canvas_px // window_px,
                        -(-rect.w * canvas_px // window_px) + 1,
                        -(-rect.h * canvas_px // window_px) + 1,
                    )
                )
            )

    def present(self, window: pygame.Surface, window_damage: Damage) -> None:
        """Scale up what changed on the canvas this frame onto `window` (all of it for a
        whole frame) and add it to the window's damage."""
        rects = self.damage.rects()
        if rects is None:
            whole = self._up(self.surface.get_rect())
            if whole.size == window.get_size():  # (straight onto the window: no new surface)
                pygame.transform.scale(self.surface, whole.size, window)
            else:  # (the last cells reach past the window's edge)
                window.blit(pygame.transform.scale(self.surface, whole.size), (0, 0))
            window_damage.add(window.get_rect())
            return
        for rect in rects:
            cell_rect = self._to_cells(rect)
            shown = pygame.transform.scale(
                self.surface.subsurface(cell_rect), self._up(cell_rect).size
            )
            window_damage.add(window.blit(shown, self._up(cell_rect).topleft))

    def _to_cells(self, rect: pygame.Rect) -> pygame.Rect:
        """`rect` (canvas px) grown to whole cells, within the canvas."""
        n = self._cell[0]
        left, top = rect.left // n * n, rect.top // n * n
        right, bottom = -(-rect.right // n) * n, -(-rect.bottom // n) * n
        return pygame.Rect(left, top, right - left, bottom - top).clip(self.surface.get_rect())

    def _up(self, rect: pygame.Rect) -> pygame.Rect:
        """A whole-cell canvas rect in window px."""
        canvas_px, window_px = self._cell
        return pygame.Rect(
            rect.left * window_px // canvas_px,
            rect.top * window_px // canvas_px,
            rect.w * window_px // canvas_px,
            rect.h * window_px // canvas_px,
        )
