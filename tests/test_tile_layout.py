"""No tile is ever dropped: the picker and the launcher page or reflow at every screen.

The layout itself is pure arithmetic in mm (``ui.tile_layout``); the scenes are checked at
every common screen size and density with 40 children and the seven activities, and
driven with hand-built taps through the arrows to the last tile.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import pygame
import pytest
from helpers import tap_rect

from sensory_games.activities import REGISTRY
from sensory_games.engine.app import App
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.base import TileScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.ui.screen import MIN_TOUCH_MM
from sensory_games.ui.screen_matrix import SMALLEST_IN, clinic_screens
from sensory_games.ui.tile_layout import (
    COMFORTABLE_TILE_MM,
    MIN_DOT_MM,
    Reserved,
    balanced_rows,
    lay_out_tiles,
)
from sensory_games.ui.widgets import ADULT_CORNER_MM

SIZES = (
    (800, 480),
    (1024, 600),
    (1280, 800),
    (1920, 1080),
    (2560, 1600),
    (800, 1280),
    (1200, 1920),
)
DPIS = (96, 130, 160, 220, 300)
CHILDREN = 40
#: The launcher's reserved bands (as ActivityMenuScene keeps them), for the pure checks.
MENU = Reserved(top_mm=30.0, bottom_mm=32.0, side_mm=10.0, left_column_mm=32.0, corner_mm=18.0)


def make_clinic_app(config, repository, clock, dpi: float, children: int = CHILDREN) -> App:
    """A headless app at `dpi` whose log holds `children` profiles (Guest included)."""
    display = dataclasses.replace(config.display, dpi=float(dpi))
    app = App(
        dataclasses.replace(config, display=display),
        repository,
        clock,
        window_size=(1280, 800),
        headless=True,
    )
    for number in range(children - 1):
        repository.add_profile(alias=f"Child {number + 1:02d}", animal="cat", colour=number % 6)
    app.push(ProfilePickerScene(app.stage))
    return app


def may_be_crowded(size: tuple[int, int], dpi: float) -> bool:
    """Only a screen smaller than the clinic matrix's smallest (6.8 inches: 800x480 at 220
    dpi is 92 x 55 mm) may be too small for the tiles beside the calm button and the
    avatar; there tiles and arrows may lie over those."""
    return math.hypot(*size) / dpi < SMALLEST_IN


def check_every_page(scene: TileScene, expected: list[str], where: tuple) -> None:
    """Turn every page of `scene`: all `expected` tiles are met once, every tile and
    arrow is at least 15 mm, inside the screen, and overlaps nothing."""
    metrics = scene.stage.metrics
    screen = pygame.Rect((0, 0), metrics.size_px)
    corner = metrics.rect_mm(
        metrics.width_mm - ADULT_CORNER_MM, 0.0, ADULT_CORNER_MM, ADULT_CORNER_MM
    )
    assert scene.pages is not None
    apart = not scene.pages.crowded
    assert apart or may_be_crowded(*where[:2]), where
    seen: list[str] = []
    scene.turn_to(0)
    assert scene.pages is not None
    for page in range(scene.pages.pages):
        scene.turn_to(page)
        assert scene.page == page
        seen += [tile.label for tile in scene.tiles]
        movable = [*scene.tiles, *scene.paging]
        assert len(scene.paging) == (page > 0) + (page < scene.pages.pages - 1), where
        for button in movable:
            assert min(button.rect.size) >= metrics.px(MIN_TOUCH_MM), (where, button.label)
            assert screen.contains(button.rect), (where, button.label)
        for a, b in itertools.combinations(movable, 2):
            assert not a.rect.colliderect(b.rect), (where, page, a.label, b.label)
        fixed = [b for b in (*scene.buttons(), scene.calm_button) if b not in movable]
        for a, b in itertools.product(movable, fixed if apart else []):
            assert not a.rect.colliderect(b.rect), (where, page, a.label, b.label)
        if apart:
            assert not any(b.rect.colliderect(corner) for b in movable), (where, page)
    assert seen == expected, where


@pytest.mark.parametrize("dpi", DPIS)
def test_every_tile_is_reachable_at_every_size(config, repository, clock, dpi) -> None:
    app = make_clinic_app(config, repository, clock, dpi)
    picker = app.top
    assert isinstance(picker, ProfilePickerScene)
    aliases = [p.alias for p in picker.profiles]
    assert len(aliases) == CHILDREN
    app.stage.start_session(repository.guest_profile())
    menu = ActivityMenuScene(app.stage)
    titles = [REGISTRY[slug].title for slug in REGISTRY]
    for size in SIZES:
        app.resize(size)
        menu.resize(app.metrics)
        check_every_page(picker, aliases, (size, dpi, "picker"))
        check_every_page(menu, titles, (size, dpi, "launcher"))


def test_the_arrows_reach_the_last_child_and_tracing(config, repository, clock) -> None:
    """The issue's screen: 1280x800 on a dense display. Taps on the arrows reach the
    Guest (the last child) and "Trace the path" (the last activity), and they open."""
    app = make_clinic_app(config, repository, clock, 220)
    picker = app.top
    assert isinstance(picker, ProfilePickerScene)
    assert picker.pages is not None and picker.pages.pages > 1
    while "Guest" not in [t.label for t in picker.tiles]:
        before = picker.page
        [following] = [b for b in picker.paging if b.label == "next"]
        tap_rect(app, clock, following.rect)
        assert picker.page == before + 1
    [guest] = [t for t in picker.tiles if t.label == "Guest"]
    tap_rect(app, clock, guest.rect)
    menu = app.top
    assert isinstance(menu, ActivityMenuScene)
    assert menu.pages is not None and menu.pages.pages > 1
    assert menu.tile("tracing") not in menu.tiles
    [following] = [b for b in menu.paging if b.label == "next"]
    tap_rect(app, clock, following.rect)
    assert menu.tile("tracing") in menu.tiles
    [previous] = [b for b in menu.paging if b.label == "previous"]
    assert [b.label for b in menu.paging] == ["previous"]  # no "next" on the last page
    tap_rect(app, clock, menu.tile("tracing").rect)
    assert isinstance(app.top, ActivityScene) and app.top.slug == "tracing"
    assert previous.rect.w >= app.metrics.px(MIN_TOUCH_MM)


def test_the_issue_screen_pages_big_tiles_instead_of_six_small_ones() -> None:
    """1280x800 at 8.6 px/mm (148 x 93 mm): 22 mm tiles were too small and the seventh
    was dropped; now two pages of tiles at least the comfortable size."""
    pages = lay_out_tiles(1280 / 8.6, 800 / 8.6, 7, MENU, largest_mm=60.0)
    assert pages.pages == 2
    assert pages.tile_mm >= COMFORTABLE_TILE_MM
    assert [len(pages.tiles_on(p)) for p in range(2)] == [4, 3]
    assert pages.previous is not None and pages.following is not None
    assert len(pages.dots()) == 2


def test_a_roomy_screen_shows_all_tiles_on_one_page_without_arrows() -> None:
    pages = lay_out_tiles(1280 / 5.12, 800 / 5.12, 7, MENU, largest_mm=60.0)
    assert pages.pages == 1 and pages.previous is None and pages.dots() == []
    assert len(pages.tiles_on(0)) == 7 and pages.tile_mm >= 40.0


def test_portrait_rows_are_balanced() -> None:
    """800x1280 at 130 dpi: seven tiles in three rows of 3, 2, 2, none alone."""
    pages = lay_out_tiles(800 / 5.12, 1280 / 5.12, 7, MENU, largest_mm=60.0)
    rows: dict[float, int] = {}
    for box in pages.tiles_on(0):
        rows[round(box.y, 3)] = rows.get(round(box.y, 3), 0) + 1
    assert sorted(rows.values(), reverse=True) == [3, 2, 2]


@pytest.mark.parametrize(
    ("count", "columns", "rows"),
    [
        (7, 3, [3, 2, 2]),
        (7, 4, [4, 3]),
        (7, 7, [7]),
        (4, 3, [2, 2]),
        (5, 2, [2, 2, 1]),
        (1, 5, [1]),
    ],
)
def test_balanced_rows(count: int, columns: int, rows: list[int]) -> None:
    assert balanced_rows(count, columns) == rows


def test_no_tiles_is_one_empty_page() -> None:
    pages = lay_out_tiles(200.0, 120.0, 0, MENU, largest_mm=60.0)
    assert pages.pages == 1 and pages.tiles_on(0) == [] and pages.dots() == []


def test_a_toy_sized_screen_still_pages_every_tile_with_arrows() -> None:
    pages = lay_out_tiles(40.0, 25.0, 7, MENU, largest_mm=60.0)
    assert pages.pages * pages.per_page >= 7
    assert pages.following is not None


#: The picker's reserved bands (as TileScene keeps them by default), for the pure checks.
PICKER = Reserved(top_mm=20.0, bottom_mm=32.0, side_mm=10.0, left_column_mm=32.0, corner_mm=18.0)


@pytest.mark.parametrize("screen", clinic_screens(), ids=lambda screen: screen.name)
def test_page_dots_are_a_visible_size_with_40_children(screen) -> None:
    metrics = screen.metrics
    pages = lay_out_tiles(metrics.width_mm, metrics.height_mm, CHILDREN, PICKER, 50.0)
    assert pages.pages == 1 or pages.dot_mm >= MIN_DOT_MM, screen.name
    dots = pages.dots()
    assert len(dots) == (pages.pages if pages.pages > 1 else 0)
    for (x, _), (following, _) in itertools.pairwise(dots):
        assert following - x >= pages.dot_mm  # apart, not touching


@pytest.mark.parametrize(
    ("size", "reserved", "count"),
    [
        ((1280 / 8.66, 800 / 8.66), PICKER, CHILDREN),
        ((1280 / 8.66, 800 / 8.66), MENU, 7),
        ((800 / 5.12, 480 / 5.12), PICKER, CHILDREN),
    ],
)
def test_the_paged_grid_is_centred_on_the_screen(size, reserved, count) -> None:
    """The tester's short screens: the grid sits in the middle (within 1 mm), the arrows in
    the side columns, one each side, clear of the corners and the top and bottom bands."""
    width, height = size
    pages = lay_out_tiles(width, height, count, reserved, 60.0)
    assert pages.pages > 1 and pages.previous is not None and pages.following is not None
    for page in range(pages.pages):
        boxes = pages.tiles_on(page)
        middle = (min(b.x for b in boxes) + max(b.right for b in boxes)) / 2
        assert abs(middle - width / 2) <= 1.0, (size, page)
    assert abs((pages.previous.x + pages.following.right) / 2 - width / 2) <= 1.0
    assert pages.previous.right <= reserved.left_column_mm
    assert pages.previous.y >= reserved.top_mm
    assert pages.previous.bottom <= height - reserved.bottom_mm
    assert pages.following.y >= reserved.corner_mm
    sizes = {len(pages.tiles_on(page)) for page in range(pages.pages)}
    assert max(sizes) - min(sizes) <= 1  # pages balanced


@pytest.mark.parametrize("screen", clinic_screens(), ids=lambda screen: screen.name)
def test_the_launcher_leaves_no_tile_alone_when_three_columns_fit(screen) -> None:
    """Seven activities: a lone tile on the last row only where no 3-wide grid fits one
    page at the comfortable size (a 92 mm-wide portrait)."""
    metrics = screen.metrics
    pages = lay_out_tiles(metrics.width_mm, metrics.height_mm, 7, MENU, 60.0)
    rows = balanced_rows(len(pages.tiles_on(0)), pages.columns)
    if rows[-1] == 1 and len(rows) > 1:
        three_wide = 3 * COMFORTABLE_TILE_MM + 2 * 6.0 + 2 * MENU.side_mm
        assert metrics.width_mm - MENU.left_column_mm < three_wide, (screen.name, rows)
