"""Physical screen metrics: pixels <-> millimetres, so layouts hold from 800x600 to 4K.

Children's touch targets are sized in millimetres (at least :data:`MIN_TOUCH_MM`), not
pixels, and positions are fractions of the screen, so a resize or rotation keeps the
layout and a 15 mm target stays 15 mm on every display.
"""

from __future__ import annotations

import ctypes
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pygame

#: Smallest touch target a child is offered (mm); SAFETY/CLINIC: at least 15 mm.
MIN_TOUCH_MM = 15.0


@dataclass(frozen=True)
class ScreenMetrics:
    """Window size in pixels and the display's density in pixels per millimetre."""

    width_px: int
    height_px: int
    px_per_mm: float

    @classmethod
    def for_display(
        cls,
        size_px: tuple[int, int],
        desktop_px: tuple[int, int],
        diagonal_in: float,
        px_per_mm: float = 0.0,
    ) -> ScreenMetrics:
        """Metrics of a window on a display whose physical diagonal is `diagonal_in` inches.

        `px_per_mm` > 0 overrides the estimate (set it in app.yaml when known).
        """
        if px_per_mm <= 0:
            px_per_mm = math.hypot(*desktop_px) / (diagonal_in * 25.4)
        return cls(max(1, size_px[0]), max(1, size_px[1]), px_per_mm)

    @property
    def size_px(self) -> tuple[int, int]:
        return (self.width_px, self.height_px)

    @property
    def width_mm(self) -> float:
        return self.width_px / self.px_per_mm

    @property
    def height_mm(self) -> float:
        return self.height_px / self.px_per_mm

    @property
    def portrait(self) -> bool:
        return self.height_px > self.width_px

    def px(self, mm: float) -> int:
        """A length in mm as whole pixels (at least 1)."""
        return max(1, round(mm * self.px_per_mm))

    def to_px(self, x_mm: float, y_mm: float) -> tuple[int, int]:
        return (round(x_mm * self.px_per_mm), round(y_mm * self.px_per_mm))

    def to_mm(self, x_px: float, y_px: float) -> tuple[float, float]:
        return (x_px / self.px_per_mm, y_px / self.px_per_mm)

    def rect_mm(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> pygame.Rect:
        """A pygame.Rect in pixels from a rectangle in millimetres."""
        left, top = self.to_px(x_mm, y_mm)
        return pygame.Rect(left, top, self.px(w_mm), self.px(h_mm))

    def font_px(self, mm: float) -> int:
        """Font size in pixels for text whose capitals are about `mm` tall."""
        return max(10, round(mm * self.px_per_mm * 1.4))


def sdl_display_dpi(display_index: int = 0) -> float | None:
    """The diagonal DPI the display reports to SDL, or None when it reports none.

    pygame-ce has no call for SDL_GetDisplayDPI, so it is called in the SDL library that
    pygame loaded. Hardware reports are not always right: app.yaml `display.dpi`
    overrides this, and every attempt records the density it used.
    """
    if not pygame.display.get_init():
        return None
    folder = Path(pygame.__file__).resolve().parent
    candidates = [*folder.parent.glob("pygame_ce.libs/libSDL2-*.so*"), *folder.glob("SDL2*.dll")]
    names = [str(c) for c in candidates] + (["libSDL2-2.0.so.0"] if sys.platform == "linux" else [])
    for name in names:
        try:
            library = ctypes.CDLL(name)
            diagonal = ctypes.c_float()
            if library.SDL_GetDisplayDPI(display_index, ctypes.byref(diagonal), None, None) == 0:
                value = float(diagonal.value)
                return value if 30.0 <= value <= 1200.0 else None
            return None
        except (OSError, AttributeError):
            continue
    return None
