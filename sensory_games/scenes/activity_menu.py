"""A child's games: one big picture tile per activity, the child's avatar to go back."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities import REGISTRY
from sensory_games.scenes.base import ChildScene
from sensory_games.scenes.play import ActivityScene
from sensory_games.screen import ScreenMetrics
from sensory_games.ui import art
from sensory_games.ui.widgets import CALM_BUTTON_MM, EDGE_MARGIN_MM, Button, grid_rects

if TYPE_CHECKING:
    from sensory_games.app import App

AVATAR_BUTTON_MM = 20.0


class ActivityMenuScene(ChildScene):
    """Activity tiles for the current child; the avatar (top-left) goes back to "who"."""

    animated = False

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.tiles: list[Button] = []
        self.avatar_button: Button | None = None
        self.layout(app.metrics)

    def resize(self, metrics: ScreenMetrics) -> None:
        super().resize(metrics)
        self.layout(metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        top = AVATAR_BUTTON_MM + 2 * EDGE_MARGIN_MM
        bottom = CALM_BUTTON_MM + 2 * EDGE_MARGIN_MM
        area = metrics.rect_mm(
            EDGE_MARGIN_MM * 2,
            top,
            metrics.width_mm - 4 * EDGE_MARGIN_MM,
            metrics.height_mm - top - bottom,
        )
        slugs = list(REGISTRY)
        rects = grid_rects(area, len(slugs), metrics, max_tile_mm=60.0)
        self.tiles = [
            Button(
                rect, REGISTRY[slug].draw_icon, partial(self.play, slug), label=REGISTRY[slug].title
            )
            for rect, slug in zip(rects, slugs, strict=False)
        ]
        rect = metrics.rect_mm(EDGE_MARGIN_MM, EDGE_MARGIN_MM, AVATAR_BUTTON_MM, AVATAR_BUTTON_MM)
        profile = self.app.profile
        face = art.avatar_face(profile.animal, profile.colour) if profile else art.draw_back_icon
        self.avatar_button = Button(rect, face, self.back, label="who is playing")

    def buttons(self) -> list[Button]:
        return [*self.tiles, *([self.avatar_button] if self.avatar_button else [])]

    def play(self, slug: str) -> None:
        self.app.push(ActivityScene(self.app, slug, self.app.level_for(slug)))

    def back(self) -> None:
        """Back to "who is playing?": this child's session ends."""
        self.app.reset_to_root()

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_still(surface, self._paint)

    def _paint(self, surface: pygame.Surface) -> None:
        art.draw_background(surface, self.app.sensory.palette)
        self.draw_buttons(surface)
