"""The adult menu, opened by holding the top-right corner for 3 s.

Continue, the live sensory sliders, the tap-along timing check, change child, or close
the app; storage warnings are listed here, never on a child's screen. (A PIN in front
of this menu comes with the therapist console.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.input import PointerEvent
from sensory_games.intensity import Palette
from sensory_games.scenes.base import Scene
from sensory_games.screen import ScreenMetrics
from sensory_games.ui import art
from sensory_games.ui.text import blit_centred
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.app import App

BUTTON_MM = (72.0, 20.0)


#: Continue, Sensory settings, Timing check, Change child, Close the app.
ENTRY_COUNT = 5


def menu_rects(metrics: ScreenMetrics, count: int = ENTRY_COUNT) -> list[pygame.Rect]:
    """Big buttons stacked in the middle of the screen, 6 mm apart."""
    width, height = BUTTON_MM
    left = metrics.width_mm / 2 - width / 2
    top = max(20.0, metrics.height_mm / 2 - count / 2 * height - 6)
    return [
        metrics.rect_mm(left, top + index * (height + 6), width, height) for index in range(count)
    ]


class AdultMenuScene(Scene):
    """Large labelled buttons for adults, plus any warnings."""

    animated = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.menu: list[Button] = []
        self.layout(app.metrics)

    def resize(self, metrics: ScreenMetrics) -> None:
        self.layout(metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        entries = (
            ("Continue", art.draw_back_icon, self.app.pop),
            ("Sensory settings", art.draw_sliders_icon, self.sensory_settings),
            ("Timing check", art.draw_timing_icon, self.timing_check),
            ("Change child", art.draw_home_icon, self.app.change_child),
            ("Close the app", art.draw_exit_icon, self.app.quit),
        )
        self.menu = [
            Button(rect, labelled(icon, label), action, label=label)
            for rect, (label, icon, action) in zip(menu_rects(metrics), entries, strict=True)
        ]

    def sensory_settings(self) -> None:
        """Back to the child's screen with the live sensory sliders open over it."""
        self.app.pop()
        self.app.open_overlay()

    def timing_check(self) -> None:
        """The tap-along that measures this device's touch and sound delay."""
        from sensory_games.scenes.calibration import CalibrationScene

        self.app.push(CalibrationScene(self.app))

    def handle(self, pointer: PointerEvent) -> bool:
        return any(button.handle(pointer, self.app.metrics) for button in self.menu)

    def draw(self, surface: pygame.Surface) -> None:
        metrics, palette = self.app.metrics, self.app.sensory.palette
        surface.fill(palette.background_edge)
        blit_centred(
            surface,
            "Adult menu",
            metrics.font_px(4.5),
            palette.ink,
            (metrics.width_px // 2, metrics.px(10)),
        )
        for button in self.menu:
            button.draw(surface, palette, metrics)
        y = self.menu[-1].rect.bottom + metrics.px(8)
        for warning in self.app.warnings[-4:]:
            blit_centred(
                surface,
                warning[:110],
                metrics.font_px(2.6),
                palette.ink,
                (metrics.width_px // 2, y),
            )
            y += metrics.px(5)


def labelled(icon: art.IconDrawer, label: str) -> art.IconDrawer:
    """A button face: icon on the left, words on the right (adults read)."""

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        icon_rect = pygame.Rect(rect.x, rect.y, rect.h, rect.h)
        icon(surface, icon_rect, palette)
        size = max(12, rect.h * 2 // 7)
        blit_centred(
            surface,
            label,
            size,
            palette.ink,
            (rect.x + rect.h + (rect.w - rect.h) // 2, rect.centery),
        )

    return face
