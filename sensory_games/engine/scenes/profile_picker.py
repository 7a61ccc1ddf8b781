"""Who is playing? Big animal avatars in each child's colour; no reading needed.

The alias is printed small under each avatar for the adult. The shared Guest avatar is
always there, so a first run works before any profile is created.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.profile import Profile
from sensory_games.domain.prompts import WHO_IS_PLAYING
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.base import TITLE_CAPITALS_MM, TileScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.ui import avatars, guide
from sensory_games.ui.layout_rules import LayoutBox, line_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import measure
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: The title's middle, from the top (mm).
TITLE_Y_MM = 8.0


#: Pip's size (mm) greeting beside the title (the title's line is at 8 mm from the top).
GREETING_MM = 14.0


class ProfilePickerScene(TileScene):
    """The root scene: one tile per child profile plus Guest, paged when many."""

    largest_tile_mm = 50.0

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.profiles: list[Profile] = []

    def enter(self) -> None:
        self.reload()
        self.stage.voice.say(WHO_IS_PLAYING)

    def resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the profiles again (they may have changed) and lay out."""
        try:
            others = [p for p in self.stage.repository.list_profiles() if p.alias != "Guest"]
        except Exception as error:  # a log that cannot be read now: the children shown before
            self.stage.errors.warn(
                self.stage.clinic_words.tr(
                    "the children's profiles could not be read ({error})", error=error
                )
            )
            others = [p for p in self.profiles if p.alias != "Guest"]
        try:
            guest = [self.stage.repository.guest_profile(self.stage.config.new_profile_overrides())]
        except Exception as error:  # a new log that cannot be written yet: no Guest for now
            guest = [p for p in self.profiles if p.alias == "Guest"]
            self.stage.errors.warn(
                self.stage.clinic_words.tr(
                    "the Guest could not be added to the log ({error})", error=error
                )
            )
        self.profiles = [*others, *guest]
        self.layout(self.stage.metrics)

    def layout(self, metrics: ScreenMetrics) -> None:
        rects = self.lay_out_pages(metrics, len(self.profiles))
        self.all_tiles = [
            Button(
                rect,
                avatars.avatar_face(profile.animal, profile.colour),
                partial(self.choose, profile),
                label=self.shown_alias(profile),
                show_label=True,  # (an alias alone: its own letters' direction)
            )
            for rect, profile in zip(rects, self.profiles, strict=True)
        ]

    def shown_alias(self, profile: Profile) -> str:
        """The name under an avatar: the child's alias as the clinic wrote it; the shared
        Guest's in the language of the screen."""
        if profile.alias == "Guest":
            return self.stage.child_words.tr("Guest")
        return profile.alias

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
        self.draw_still(surface, self._paint)

    @property
    def title(self) -> str:
        """The line above the avatars, in the child's words: with no child playing yet,
        those are the clinic's language (Stage.child_words)."""
        return self.stage.child_words.tr("Who is playing?")

    def layout_boxes(self) -> list[LayoutBox]:
        """The tiles, arrows and corners, and the title's line (it must fit in every
        language)."""
        metrics = self.stage.metrics
        title = line_box(
            "title", self.title, metrics.font_px(TITLE_CAPITALS_MM), metrics.px(TITLE_Y_MM), metrics
        )
        return [*super().layout_boxes(), title]

    def _paint(self, layer: pygame.Surface) -> None:
        self.paint_titled(layer, self.title, TITLE_Y_MM)
        metrics = self.stage.metrics
        box = pygame.Rect((0, 0), measure(self.title, metrics.font_px(TITLE_CAPITALS_MM)))
        box.center = (metrics.width_px // 2, metrics.px(TITLE_Y_MM))
        guide.draw_greeting(layer, self.stage.child.sensory.palette, box, metrics.px(GREETING_MM))
        self.draw_page_dots(layer)
