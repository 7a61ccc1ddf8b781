"""The window the games are drawn in: opening it (kiosk fullscreen, a resizable window, or
headless for tests and recordings), its size in millimetres (screen metrics) and resizing.

A kiosk window holds the keyboard (KioskWindowHold) so a child cannot leave it; elsewhere
the window holds nothing. `needs_redraw` is set by anything that may have changed the
picture of a still screen (input, a new scene, a resize, the window exposed);
`redraw_whole` also says the screen no longer shows the last frame drawn (a resize, the
window exposed, new colours): the next frame is drawn and sent whole, not in dirty
rectangles (`damage`, ui/damage.py).
"""

from __future__ import annotations

import os
import sys

import pygame

from sensory_games.domain.config import DisplayConfig
from sensory_games.engine.kiosk_window import KioskWindowHold, display_window, set_kiosk_hints
from sensory_games.ui.damage import Damage
from sensory_games.ui.screen import ScreenMetrics, sdl_display_dpi


class NoDisplayError(RuntimeError):
    """There is no screen to open a window on."""


def display_available() -> bool:
    """False when SDL would have nowhere to show a window (no X/Wayland, dummy driver).

    On a Linux console without X or Wayland a kiosk may still run on KMS/DRM: SDL is
    asked to open that driver, and the app then keeps using it."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return False
    if driver or not sys.platform.startswith("linux"):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    os.environ["SDL_VIDEODRIVER"] = "kmsdrm"
    try:
        pygame.display.init()
        pygame.display.quit()
    except pygame.error:
        del os.environ["SDL_VIDEODRIVER"]
        return False
    return True


def touchscreen_present() -> bool:
    """True when SDL reports a touch device (some report theirs only once touched: the
    first finger event sets it too)."""
    try:
        from pygame._sdl2 import touch

        return touch.get_num_devices() > 0
    except (ImportError, pygame.error):
        return False


class Window:
    """The open window: its surface, its metrics (mm on this screen), whether a touch
    screen is known, whether the next frame must be drawn (and whole), and the frame's
    dirty rectangles (`damage`)."""

    def __init__(
        self,
        display: DisplayConfig,
        *,
        kiosk: bool,
        headless: bool,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.display = display
        self.kiosk = kiosk
        self.headless = headless
        pygame.display.init()
        pygame.font.init()
        self.hold: KioskWindowHold | None = None
        self.surface = self._open(size)
        self.metrics = self._measure()
        self.touch_available = touchscreen_present()
        self.needs_redraw = True
        self.whole_frame = True
        self.damage = Damage()

    def redraw_whole(self) -> None:
        """The next frame is drawn, and whole: the screen may not show the last one."""
        self.needs_redraw = True
        self.whole_frame = True

    def _open(self, size: tuple[int, int] | None) -> pygame.Surface:
        """Fullscreen and holding the keyboard in kiosk mode; a resizable window that
        holds nothing otherwise."""
        if self.kiosk and not self.headless:
            set_kiosk_hints()
            surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
            window = display_window()
            self.hold = None if window is None else KioskWindowHold(window)
        else:
            size = size or (self.display.window_width, self.display.window_height)
            surface = pygame.display.set_mode(size, 0 if self.headless else pygame.RESIZABLE)
        pygame.display.set_caption("Sensory games")
        return surface

    def _measure(self) -> ScreenMetrics:
        """Millimetres on this screen, from the configured or reported DPI and diagonal."""
        size = self.surface.get_size()
        desktops = pygame.display.get_desktop_sizes()
        desktop = size if self.headless or not desktops else desktops[0]
        dpi = self.display.dpi or (None if self.headless else sdl_display_dpi())
        return ScreenMetrics.for_display(
            size, desktop, self.display.screen_diagonal_in, (dpi or 0.0) / 25.4
        )

    def resize(self, size: tuple[int, int]) -> ScreenMetrics:
        """The window is now `size` (px): the new surface and metrics (returned)."""
        if self.headless:
            self.surface = pygame.display.set_mode(size)
        else:
            surface = pygame.display.get_surface()
            assert surface is not None  # (the window is open: it is the one resized)
            self.surface = surface
        self.metrics = self._measure()
        self.redraw_whole()
        return self.metrics
