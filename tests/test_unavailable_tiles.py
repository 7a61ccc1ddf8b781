"""An activity the device cannot play (two fingers on a touchscreen, on a mouse-only
device) keeps its tile, faded to grey with its badge; a press shows the badge large and
opens nothing; a touchscreen that speaks up later makes it playable."""

from __future__ import annotations

import pygame
from helpers import run_frames, tap_rect

from sensory_games.activities import REGISTRY
from sensory_games.engine.scenes.activity_menu import (
    NEEDS_TOUCH,
    SHOW_BADGE_S,
    ActivityMenuScene,
)
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene

MIRROR = "bilateral_mirror"


def mouse_only_menu(make_app, repository, touch: bool = False):  # type: ignore[no-untyped-def]
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.guest_profile())
    app.window.touch_available = touch
    menu = ActivityMenuScene(app.stage)
    app.push(menu)
    return app, menu


def show_tile(app, menu, slug: str) -> pygame.Surface:  # type: ignore[no-untyped-def]
    """The tile of `slug` as drawn now (its page turned to)."""
    index = menu.tile_slugs.index(slug)
    page = (
        0
        if menu.pages is None
        else next(p for p in range(menu.pages.pages) if index in menu.pages.indices_on(p))
    )
    menu.turn_to(page)
    app.request_redraw()
    app.frame()
    return app.surface.subsurface(menu.tile(slug).rect).copy()


def colourfulness(picture: pygame.Surface) -> float:
    """Mean spread between a pixel's strongest and weakest channel (0: all grey)."""
    pixels = pygame.surfarray.pixels3d(picture)
    return float((pixels.max(axis=2).astype(int) - pixels.min(axis=2)).mean())


def click(app, clock, rect: pygame.Rect) -> None:  # type: ignore[no-untyped-def]
    """A mouse click on the middle of `rect` (px)."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))
    run_frames(app, clock, 0.1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=rect.center, button=1))
    run_frames(app, clock, 0.05)


def test_every_tile_stays_and_only_touch_activities_are_unplayable(make_app, repository):
    _app, menu = mouse_only_menu(make_app, repository)
    assert menu.tile_slugs == list(REGISTRY)  # nothing dropped
    unplayable = [slug for slug in REGISTRY if not menu.playable(slug)]
    assert MIRROR in unplayable
    assert unplayable == [s for s in REGISTRY if REGISTRY[s].input_needs in NEEDS_TOUCH]


def test_an_unplayable_tile_is_faded_to_grey_never_red(make_app, repository) -> None:
    app, menu = mouse_only_menu(make_app, repository)
    faded = show_tile(app, menu, MIRROR)
    app_touch, menu_touch = mouse_only_menu(make_app, repository, touch=True)
    bright = show_tile(app_touch, menu_touch, MIRROR)
    assert colourfulness(faded) < colourfulness(bright) / 2
    pixels = pygame.surfarray.pixels3d(faded).astype(int)
    reddish = (pixels[..., 0] - pixels[..., 1:].max(axis=2)) > 40
    assert not reddish.any()


def test_a_click_on_it_shows_its_badge_and_opens_nothing(make_app, repository, clock) -> None:
    app, menu = mouse_only_menu(make_app, repository)
    before = show_tile(app, menu, MIRROR)
    click(app, clock, menu.tile(MIRROR).rect)
    assert app.top is menu  # no game that cannot be finished
    shown = app.surface.subsurface(menu.tile(MIRROR).rect).copy()
    assert pygame.image.tobytes(shown, "RGB") != pygame.image.tobytes(before, "RGB")
    run_frames(app, clock, SHOW_BADGE_S + 0.1)
    after = app.surface.subsurface(menu.tile(MIRROR).rect)
    assert pygame.image.tobytes(after, "RGB") == pygame.image.tobytes(before, "RGB")


def test_a_click_on_a_playable_tile_still_opens_it(make_app, repository, clock) -> None:
    app, menu = mouse_only_menu(make_app, repository)
    show_tile(app, menu, "bilateral_drum")
    click(app, clock, menu.tile("bilateral_drum").rect)
    assert type(app.top).__name__ == "ActivityScene" and app.top.slug == "bilateral_drum"


def test_a_touchscreen_that_speaks_up_opens_it(make_app, repository, clock) -> None:
    """Its first touch reveals it: the tile is playable and that touch opens it."""
    app, menu = mouse_only_menu(make_app, repository)
    show_tile(app, menu, MIRROR)
    tap_rect(app, clock, menu.tile(MIRROR).rect)
    assert app.window.touch_available
    assert type(app.top).__name__ == "ActivityScene" and app.top.slug == MIRROR
