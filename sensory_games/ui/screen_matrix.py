"""The clinic screens every layout is proven on: common tablet, kiosk and monitor sizes, in
landscape and portrait, at the densities those screens come in.

A window size alone does not say how big a target is: 1280x800 is a 10-inch tablet at
150 dpi and a 6.9-inch one at 220 dpi. So each size is taken at every density from
:data:`DENSITIES_DPI` at which the screen is a real device: at least :data:`SMALLEST_IN`
diagonal (the smallest screen the app supports: a 7-inch tablet or kiosk panel) and at
most :data:`LARGEST_IN` (a wall or desk monitor). `sensory-games layout-check` and
`make screenshots` both walk this matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sensory_games.ui.screen import ScreenMetrics

#: Window sizes (px): landscape tablets, kiosks and monitors, then portrait tablets.
SIZES: tuple[tuple[int, int], ...] = (
    (800, 480),
    (1024, 600),
    (1024, 768),
    (1280, 800),
    (1366, 768),
    (1920, 1080),
    (1920, 1200),
    (2048, 1536),
    (2560, 1600),
    (800, 1280),
    (1080, 1920),
    (1200, 1920),
)
#: Densities (dots per inch) from a kiosk monitor's to a high-density tablet's.
DENSITIES_DPI: tuple[int, ...] = (130, 160, 220, 300)
#: Physical diagonals (inches) a screen of the matrix may have.
SMALLEST_IN, LARGEST_IN = 6.8, 32.0
#: The size the app ships with (configs/app.yaml) and its usual density.
SHIPPED = (1280, 800)


@dataclass(frozen=True)
class ClinicScreen:
    """One screen of the matrix: a window size (px) at a density (dpi)."""

    width_px: int
    height_px: int
    dpi: int

    @property
    def name(self) -> str:
        """`1280x800@220dpi`: how reports and file names call it."""
        return f"{self.width_px}x{self.height_px}@{self.dpi}dpi"

    @property
    def diagonal_in(self) -> float:
        return math.hypot(self.width_px, self.height_px) / self.dpi

    @property
    def metrics(self) -> ScreenMetrics:
        return ScreenMetrics(self.width_px, self.height_px, self.dpi / 25.4)


def screens_of(size: tuple[int, int]) -> list[ClinicScreen]:
    """The densities at which a screen of `size` px is a real device (see module)."""
    screens = [ClinicScreen(size[0], size[1], dpi) for dpi in DENSITIES_DPI]
    return [s for s in screens if SMALLEST_IN <= s.diagonal_in <= LARGEST_IN]


def clinic_screens(sizes: tuple[tuple[int, int], ...] = SIZES) -> list[ClinicScreen]:
    """Every screen of the matrix, size by size."""
    return [screen for size in sizes for screen in screens_of(size)]
