"""A child's games: one big picture tile per activity, the child's avatar to go back.

The tiles come in the clinic's order (app.yaml `launcher.order`: the activities it names
first, every other after them in the registry's order); every installed activity has a
tile, on one page or another.

On a device with no touchscreen, the tiles of two-handed activities carry a small badge
for the adult: two key caps (play with the two hand keys; a mouse is only one hand) or
two fingertips (needs a touchscreen). An activity the device cannot play at all (it needs
two fingers on a touchscreen: :data:`NEEDS_TOUCH`) keeps its tile, so nothing vanishes
from the child's screen, but the tile is faded to grey (calm: never red, no words); a
press there does not open a game that cannot be finished, it shows the fingertips badge
large for :data:`SHOW_BADGE_S` instead. A touchscreen that speaks up later (its first
touch, which also presses the tile) makes every tile playable."""

from __future__ import annotations

from functools import lru_cache, partial
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities import REGISTRY
from sensory_games.domain.intensity import Palette
from sensory_games.domain.prompts import CHOOSE_A_GAME
from sensory_games.engine.scenes.base import TileScene
from sensory_games.ui import art, avatars, guide
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.tile_layout import Reserved
from sensory_games.ui.widgets import ADULT_CORNER_MM, CALM_BUTTON_MM, EDGE_MARGIN_MM, Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

AVATAR_BUTTON_MM = 20.0
#: The activities' `input_needs` that only a touchscreen meets (two fingers at once).
NEEDS_TOUCH = frozenset({"two_touch"})
#: How long (s) a press on a tile the device cannot play shows its badge large.
SHOW_BADGE_S = 1.5
#: How much of the surface colour fades an unplayable tile's picture (0..255).
FADE_ALPHA = 170


@lru_cache(maxsize=64)
def badged_face(
    slug: str, playable: bool, large_badge: bool, keys: tuple[str, str]
) -> art.IconDrawer:
    """A two-handed tile's picture on a device without a touchscreen: the activity's
    picture (faded to grey when it cannot be played here) with its badge, the two hand
    `keys` or two fingertips (`large_badge`: after a press). One face for each such look,
    so a tile laid out again finds its painted picture among the buttons' shared looks."""
    cls = REGISTRY[slug]
    picture = guide.tile_face(slug, cls.draw_icon)

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        picture(surface, rect, palette)
        if not playable:
            _fade(surface, rect, palette)
        badge = pygame.Rect(0, 0, rect.w // 3, rect.h // 6)
        badge.bottomright = (rect.right - rect.w // 14, rect.bottom - rect.h // 14)
        if large_badge:
            badge = pygame.Rect(0, 0, rect.w * 2 // 3, rect.h // 3)
            badge.center = rect.center
        if cls.input_needs == "two":
            art.draw_keys_badge(surface, badge, palette, keys)
        else:  # (two fingertips of radius h/4, 4 px apart: centred as drawn)
            art.draw_touch_badge(surface, badge.inflate(badge.h + 4 - badge.w, 0), palette)

    return face


class ActivityMenuScene(TileScene):
    """Activity tiles for the current child; the avatar (top-left) goes back to "who"."""

    largest_tile_mm = 60.0

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.tile_slugs: list[str] = []
        self.avatar_button: Button | None = None
        self._showing: tuple[str, float] | None = None  # (slug, until s) its badge shown
        self.layout(stage.metrics)

    def reserved(self, metrics: ScreenMetrics) -> Reserved:
        """The avatar's band at the top, the calm button's at the bottom, and the column
        of both on the left."""
        calm = CALM_BUTTON_MM + 2 * EDGE_MARGIN_MM
        top = AVATAR_BUTTON_MM + 2 * EDGE_MARGIN_MM
        return Reserved(top, calm, 2 * EDGE_MARGIN_MM, max(calm, top), ADULT_CORNER_MM)

    def layout(self, metrics: ScreenMetrics) -> None:
        self._touch_known = self.stage.touch_available
        self.then_rect: pygame.Rect | None = None
        self.arrow_rect: pygame.Rect | None = None
        progress = self.stage.child.plan_progress
        step = None if progress is None else progress.current
        if step is not None and self.playable(step.activity):  # (else never stuck: all)
            slugs = [step.activity]
            rects = self._first_then(self._plan_area(metrics), metrics)
            self.pages, self.paging = None, []
        else:
            slugs = self.stage.config.in_launcher_order(REGISTRY)  # (app.yaml launcher.order)
            rects = self.lay_out_pages(metrics, len(slugs))
        self.tile_slugs = slugs
        titles = self.stage.clinic_words  # (a tile's label is for the adults)
        self.all_tiles = [
            Button(
                rect, self._face(slug), partial(self.play, slug), titles.tr(REGISTRY[slug].title)
            )
            for rect, slug in zip(rects, slugs, strict=True)
        ]
        rect = metrics.rect_mm(EDGE_MARGIN_MM, EDGE_MARGIN_MM, AVATAR_BUTTON_MM, AVATAR_BUTTON_MM)
        profile = self.stage.child.profile
        face: art.IconDrawer = art.backward_icon(self.right_to_left)
        if profile is not None:
            face = avatars.avatar_face(profile.animal, profile.colour)
        self.avatar_button = Button(rect, face, self.back, label="who is playing")

    def _plan_area(self, metrics: ScreenMetrics) -> pygame.Rect:
        """The middle band for the plan's picture schedule (px)."""
        reserved = self.reserved(metrics)
        return metrics.rect_mm(
            reserved.side_mm,
            reserved.top_mm,
            metrics.width_mm - 2 * reserved.side_mm,
            metrics.height_mm - reserved.top_mm - reserved.bottom_mm,
        )

    def _first_then(self, area: pygame.Rect, metrics: ScreenMetrics) -> list[pygame.Rect]:
        """The plan's picture schedule: the step to play now as one big tile ("first"),
        an arrow, and the next step smaller ("then"; a tick when it is the last), read
        from the left, or from the right in a language read right to left."""
        size = min(area.h, int(area.w * 0.42), metrics.px(70.0))
        first_at, then_at = (0.7, 0.22) if self.right_to_left else (0.3, 0.78)
        first = pygame.Rect(0, 0, size, size)
        first.center = (area.x + int(area.w * first_at), area.centery)
        then_size = int(size * 0.6)
        self.then_rect = pygame.Rect(0, 0, then_size, then_size)
        self.then_rect.center = (area.x + int(area.w * then_at), area.centery)
        arrow = int(size * 0.3)
        self.arrow_rect = pygame.Rect(0, 0, arrow, arrow)
        if self.right_to_left:
            self.arrow_rect.center = ((self.then_rect.right + first.left) // 2, area.centery)
        else:
            self.arrow_rect.center = ((first.right + self.then_rect.left) // 2, area.centery)
        return [first]

    def enter(self) -> None:
        self.stage.voice.say(CHOOSE_A_GAME)

    def resume(self) -> None:
        """Back from an activity: the plan may have moved on."""
        super().resume()
        self.layout(self.stage.metrics)
        self._still.forget()  # (the "then" picture is not a button: repaint)
        self.stage.request_redraw()

    def playable(self, slug: str) -> bool:
        """Whether this device can play `slug`: one hand anywhere, two hands on a
        touchscreen or with the two hand keys, two fingers only on a touchscreen."""
        return self.stage.touch_available or REGISTRY[slug].input_needs not in NEEDS_TOUCH

    def _face(self, slug: str, large_badge: bool = False) -> art.IconDrawer:
        """The tile's picture; without a touchscreen, two-handed tiles carry a badge: the
        two hand keys (playable with them) or two fingertips (needs touch; the picture
        faded to grey, the badge `large_badge` after a press)."""
        cls = REGISTRY[slug]
        picture = guide.tile_face(slug, cls.draw_icon)  # (Pip showing the activity)
        if self.stage.touch_available or cls.input_needs == "one":
            return picture
        keys = (self.stage.config.input.left_hand_key, self.stage.config.input.right_hand_key)
        return badged_face(slug, self.playable(slug), large_badge, keys)

    def tile(self, slug: str) -> Button:
        """The tile that starts `slug`."""
        return self.all_tiles[self.tile_slugs.index(slug)]

    def buttons(self) -> list[Button]:
        return [*super().buttons(), *([self.avatar_button] if self.avatar_button else [])]

    def play(self, slug: str) -> None:
        """Open `slug`; on a device that cannot play it, show its badge large instead (see
        module)."""
        if self.playable(slug):
            self.stage.push(self.stage.activity_screen(slug))
            return
        self._show_badge(None)
        self._showing = (slug, self.stage.clock.now() + SHOW_BADGE_S)
        self.tile(slug).set_face(self._face(slug, large_badge=True))
        self.stage.request_redraw()

    def _show_badge(self, until: float | None) -> None:
        """Put back the small badge of the tile showing it large, when `until` (s) has
        passed (None: now)."""
        if self._showing is None or (until is not None and until < self._showing[1]):
            return
        slug = self._showing[0]
        self._showing = None
        if slug in self.tile_slugs:
            self.tile(slug).set_face(self._face(slug))
        self.stage.request_redraw()

    def update(self, dt: float) -> None:
        self._show_badge(self.stage.clock.now())

    def back(self) -> None:
        """Back to "who is playing?": this child's session ends (after the session's
        last check-in, when the clinic asks one)."""
        self.stage.change_child()

    def draw(self, surface: pygame.Surface) -> None:
        if self._touch_known != self.stage.touch_available:  # a touchscreen spoke up
            self._touch_known = self.stage.touch_available
            self._showing = None
            for slug, tile in zip(self.tile_slugs, self.all_tiles, strict=True):
                tile.set_face(self._face(slug))
        self.draw_still(surface, self._paint)

    def _paint(self, surface: pygame.Surface) -> None:
        palette = self.stage.child.sensory.palette
        art.draw_background(surface, palette)
        self.draw_buttons(surface)
        self.draw_page_dots(surface)
        progress = self.stage.child.plan_progress
        if self.then_rect is None or self.arrow_rect is None or progress is None:
            return
        arrow = art.onward_icon(self.right_to_left)
        art.draw_smooth(surface, self.arrow_rect, palette, arrow)  # first ... then
        following = progress.following
        if following is None:
            art.draw_smooth(surface, self.then_rect, palette, art.draw_done_icon)
        else:
            art.draw_smooth(surface, self.then_rect, palette, _then_card(following.activity))


@lru_cache(maxsize=16)
def _then_card(slug: str) -> art.IconDrawer:
    """The plan's next step: its tile's picture on a plain card (not a button)."""
    picture = guide.tile_face(slug, REGISTRY[slug].draw_icon)

    def card(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        pygame.draw.rect(surface, palette.surface, rect, border_radius=min(rect.size) // 6)
        picture(surface, rect, palette)

    return card


def _fade(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Fade the picture in `rect` towards grey: its own colours, greyed, under a veil of
    the tile's surface colour (inside the tile's rounded corners, see art.rounded_tile)."""
    area = surface.subsurface(rect.clip(surface.get_rect()))
    grey = pygame.transform.grayscale(area)
    veil = pygame.Surface(area.get_size(), pygame.SRCALPHA)
    radius = max(4, min(rect.w, rect.h) // 6)
    pygame.draw.rect(veil, (*palette.surface, FADE_ALPHA), veil.get_rect(), 0, radius)
    mask = pygame.Surface(area.get_size(), pygame.SRCALPHA)
    pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), 0, radius)
    grey.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    area.blit(grey, (0, 0))
    area.blit(veil, (0, 0))
