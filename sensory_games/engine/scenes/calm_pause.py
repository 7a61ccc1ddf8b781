"""The quiet screen: one soft shape breathing slowly, and a way home when ready.

The calm-down button opens it before a child has picked their avatar (with a child, it
opens their calming activity, which is logged). At motion 0 the shape does not move;
only its colour changes, slowly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scenes.base import Scene
from sensory_games.ui.art import draw_home_icon, mix
from sensory_games.ui.damage import MovingParts, layer_backdrop
from sensory_games.ui.gradients import vertical_gradient
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.widgets import EDGE_MARGIN_MM, Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: One slow breath (s): in and out.
BREATH_S = 8.0
HOME_BUTTON_MM = 24.0


class CalmPauseScene(Scene):
    """A quiet screen with a slowly breathing circle and a home button."""

    for_the_child = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.started_at = stage.clock.now()
        self.home = self._home_button(stage.metrics)
        self.parts = MovingParts()  # (the breathing circle as drawn last frame)

    def _home_button(self, metrics: ScreenMetrics) -> Button:
        rect = metrics.rect_mm(
            metrics.width_mm - EDGE_MARGIN_MM - HOME_BUTTON_MM,
            metrics.height_mm - EDGE_MARGIN_MM - HOME_BUTTON_MM,
            HOME_BUTTON_MM,
            HOME_BUTTON_MM,
        )
        return Button(rect, draw_home_icon, self.stage.pop, label="home")

    def resize(self, metrics: ScreenMetrics) -> None:
        self.home = self._home_button(metrics)

    def handle(self, pointer: PointerEvent) -> bool:
        return self.home.handle(pointer, self.stage.metrics)

    def layout_boxes(self) -> list[LayoutBox]:
        return self.home.layout_boxes("child", self.stage.metrics)

    def breath(self) -> float:
        """0..1..0 over one slow breath."""
        phase = (self.stage.clock.now() - self.started_at) / BREATH_S
        return 0.5 - 0.5 * math.cos(2 * math.pi * phase)

    def draw(self, surface: pygame.Surface) -> None:
        metrics, sensory = self.stage.metrics, self.stage.child.sensory
        palette, damage = sensory.palette, self.stage.damage
        backdrop = vertical_gradient(metrics.size_px, palette.background, palette.background_edge)
        damage.keep_fresh(self.home.rect)
        parts = self.parts
        parts.begin(surface, damage, layer_backdrop(backdrop), backdrop)
        breath = self.breath()
        base = min(metrics.width_px, metrics.height_px) * 0.22
        radius = base * (1.0 + 0.25 * breath * sensory.intensity.motion)
        colour = mix(palette.calm, palette.accents[1], 0.35 * breath)
        centre = (metrics.width_px // 2, metrics.height_px // 2)
        parts.drew(
            pygame.draw.circle(
                surface, mix(colour, palette.background, 0.6), centre, round(radius * 1.15)
            )
        )
        pygame.draw.circle(surface, colour, centre, round(radius))
        parts.end()
        self.home.draw(surface, palette, metrics)
        damage.add(self.home.rect)
