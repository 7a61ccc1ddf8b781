"""Who is playing? Big animal avatars in each child's colour; no reading needed.

The alias is printed small under each avatar for the adult. The shared Guest avatar is
always there, so a first run works before any profile is created.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.profile import Profile
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.base import TileScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.ui import art
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.widgets import CALM_BUTTON_MM, EDGE_MARGIN_MM, Button, grid_rects

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

PAGE_BUTTON_MM = 18.0


class ProfilePickerScene(TileScene):
    """The root scene: one tile per child profile plus Guest, paged when many."""

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.page = 0
        self.profiles: list[Profile] = []
        self.paging: list[Button] = []

    def enter(self) -> None:
        self.reload()

    def resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the profiles again (they may have changed) and lay out."""
        try:
            others = [p for p in self.stage.repository.list_profiles() if p.alias != "Guest"]
        except Exception as error:  # a log that cannot be read now: the children shown before
            self.stage.errors.warn(f"the children's profiles could not be read ({error})")
            others = [p for p in self.profiles if p.alias != "Guest"]
        try:
            guest = [self.stage.repository.guest_profile(self.stage.config.new_profile_overrides())]
        except Exception as error:  # a new log that cannot be written yet: no Guest for now
            guest = [p for p in self.profiles if p.alias == "Guest"]
            self.stage.errors.warn(f"the Guest could not be added to the log ({error})")
        self.profiles = [*others, *guest]
        self.layout(self.stage.metrics)

    def _area(self, metrics: ScreenMetrics) -> pygame.Rect:
        side = EDGE_MARGIN_MM * 2 + PAGE_BUTTON_MM
        bottom = CALM_BUTTON_MM + 2 * EDGE_MARGIN_MM
        return metrics.rect_mm(
            side, 14.0, metrics.width_mm - 2 * side, metrics.height_mm - 14.0 - bottom
        )

    def layout(self, metrics: ScreenMetrics) -> None:
        area = self._area(metrics)
        rects = grid_rects(area, len(self.profiles), metrics, max_tile_mm=50.0)
        per_page = max(1, len(rects))
        pages = -(-len(self.profiles) // per_page)
        self.page = min(self.page, pages - 1)
        shown = self.profiles[self.page * per_page : (self.page + 1) * per_page]
        self.tiles = [
            Button(
                rect,
                art.avatar_face(profile.animal, profile.colour),
                partial(self.choose, profile),
                label=profile.alias,
                show_label=True,
            )
            for rect, profile in zip(rects, shown, strict=False)
        ]
        self.paging = []
        mid_y = metrics.height_mm / 2 - PAGE_BUTTON_MM / 2
        if self.page > 0:
            rect = metrics.rect_mm(EDGE_MARGIN_MM, mid_y, PAGE_BUTTON_MM, PAGE_BUTTON_MM)
            self.paging.append(Button(rect, art.draw_back_icon, self.previous_page, "previous"))
        if self.page < pages - 1:
            rect = metrics.rect_mm(
                metrics.width_mm - EDGE_MARGIN_MM - PAGE_BUTTON_MM,
                mid_y,
                PAGE_BUTTON_MM,
                PAGE_BUTTON_MM,
            )
            self.paging.append(Button(rect, art.draw_forward_icon, self.next_page, "next"))

    def buttons(self) -> list[Button]:
        return [*self.tiles, *self.paging]

    def next_page(self) -> None:
        self.page += 1
        self.layout(self.stage.metrics)

    def previous_page(self) -> None:
        self.page = max(0, self.page - 1)
        self.layout(self.stage.metrics)

    def choose(self, profile: Profile) -> None:
        """A child tapped their avatar: start their session and show their games."""
        self.stage.start_session(profile)
        self.stage.push(ActivityMenuScene(self.stage))
        if self.stage.config.check_in_session:
            self.stage.push(CheckInScene(self.stage, "session_start", lambda _: self.stage.pop()))

    def back(self) -> None:
        """Escape on the first screen (windowed mode): close the app."""
        self.stage.quit()

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_still(surface, lambda layer: self.paint_titled(layer, "Who is playing?", 8))
