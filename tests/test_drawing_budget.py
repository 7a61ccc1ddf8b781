"""One byte budget for every drawing the app keeps, whichever function drew it, and the
drawings made for one scene gone when that scene leaves the stack (ui/kept.py)."""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pygame
import pytest

from sensory_games.activities.bilateral.drum import view as drum_view
from sensory_games.activities.calming import view as calming_view
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.engine.scene_stack import SceneStack
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.ui import art, gradients, kept, text
from sensory_games.ui.kept import SCENE, SHARED, DrawingBudget, KeptByBytes, pixel_bytes

PALETTE = SensoryProfile(preset("balanced")).palette
SQUARE_BYTES = 20 * 20 * 4


def square(side: int) -> pygame.Surface:
    return pygame.Surface((side, side), pygame.SRCALPHA)


def test_the_budget_bounds_every_cache_together_dropping_the_longest_unused() -> None:
    budget = DrawingBudget(4 * SQUARE_BYTES)
    drawn: list[tuple[str, int]] = []

    def drawer(name: str):
        def draw(shade: int) -> pygame.Surface:
            drawn.append((name, shade))
            return square(20)

        return draw

    icons = KeptByBytes(drawer("icons"), budget=budget)
    sprites = KeptByBytes(drawer("sprites"), scope=SCENE, budget=budget)
    first_icon = icons(0)
    for shade in range(3):
        sprites(shade)
    assert icons(0) is first_icon  # used again: the last to go
    sprites(3)  # a fifth drawing: the longest unused (sprite 0) goes, whoever drew it
    assert budget.kept_bytes == 4 * SQUARE_BYTES == icons.kept_bytes + sprites.kept_bytes
    assert len(sprites) == 3 and len(icons) == 1
    for shade in range(10, 30):  # fill it with drawings: it never holds more than its limit
        icons(shade)
        assert budget.kept_bytes <= budget.limit_bytes
    assert icons(29) is icons(29) and ("icons", 29) in drawn  # the latest is kept
    assert len(sprites) == 0  # (all of them older than what came since)


def test_the_latest_drawing_is_kept_even_past_the_budget() -> None:
    budget = DrawingBudget(100)
    kept_here = KeptByBytes(square, budget=budget)
    big = kept_here(50)
    assert kept_here(50) is big and budget.kept_bytes == pixel_bytes(big)


def test_a_cache_own_count_limit_holds_inside_the_budget() -> None:
    budget = DrawingBudget(10**9)
    backdrops = KeptByBytes(square, scope=SCENE, most=1, budget=budget)
    backdrops(10)
    backdrops(20)  # only the one in play is kept
    assert len(backdrops) == 1 and budget.kept_bytes == 20 * 20 * 4
    assert backdrops.cache_info().misses == 2 and backdrops.cache_info().maxsize == 1


def test_releasing_a_scope_drops_its_drawings_and_keeps_the_shared_ones() -> None:
    budget = DrawingBudget(10**9)
    shared = KeptByBytes(square, scope=SHARED, budget=budget)
    scene = KeptByBytes(square, scope=SCENE, budget=budget)
    icon, sprite = shared(30), scene(20)
    assert budget.release(SCENE) == pixel_bytes(sprite)
    assert len(scene) == 0 and shared(30) is icon
    assert budget.kept_bytes == pixel_bytes(icon)
    assert scene(20) is not sprite  # drawn afresh when asked for again


def test_the_apps_drawings_share_the_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text, gradients and an activity's sprites, all in kept.DRAWINGS: under its limit."""
    kept.DRAWINGS.clear()
    monkeypatch.setattr(kept.DRAWINGS, "limit_bytes", 12 * 2**20)
    for shade in range(4):  # four 1280x800 gradients: 16 MB
        art.vertical_gradient((1280, 800), (shade, 90, 90), (10, 10, 10))
    for size in range(20, 60):
        text.text_surface("Maximilian-Benedikt", size, (0, 0, 0))
    for radius in range(40, 200, 20):
        calming_view.bloom_sprite((200, 120, 90), radius)
    assert kept.DRAWINGS.kept_bytes <= 12 * 2**20
    counted = art.vertical_gradient.kept_bytes + text.text_surface.kept_bytes
    assert counted + calming_view.bloom_sprite.kept_bytes == kept.DRAWINGS.kept_bytes
    assert len(calming_view.bloom_sprite) > 0  # (the latest ones)
    kept.DRAWINGS.clear()


def test_a_scene_leaving_the_stack_takes_its_drawings_with_it() -> None:
    """The engine's stack releases the scene drawings when a scene leaves: an activity's
    sprites and the calming wash's clouds go, the shared text stays."""
    kept.DRAWINGS.clear()
    line = text.text_surface("Anna-Sophia Marie", 30, (0, 0, 0))
    drum_view.drum_on_background(PALETTE, "left", 60)
    screen = pygame.Surface((320, 200))
    look = calming_view.wash_look(PALETTE, 1.0, 0.3, screen.get_size())
    calming_view.wash_backdrop(PALETTE, look)(screen, None)
    assert len(calming_view.cloud_shade) == 2

    class Leaving:
        over_play = False

        def enter(self) -> None: ...
        def exit(self) -> None: ...
        def pause(self) -> None: ...
        def resume(self) -> None: ...

    class AdultOverPlay(Leaving):
        over_play = True  # (the PIN keypad, the adult menu: the play goes on under them)

    stack = SceneStack(lambda: None)
    stack.push(Leaving())  # type: ignore[arg-type]
    stack.push(Leaving())  # type: ignore[arg-type]
    stack.push(AdultOverPlay())  # type: ignore[arg-type]
    stack.pop()
    assert len(drum_view.drum_on_background) == 1  # (the activity under it keeps its own)
    stack.pop()
    assert len(drum_view.drum_on_background) == 0
    assert len(calming_view.cloud_shade) == 0
    assert text.text_surface("Anna-Sophia Marie", 30, (0, 0, 0)) is line
    kept.DRAWINGS.clear()


def test_an_activity_and_its_reward_leave_no_drawings_behind(make_app, repository, clock) -> None:
    """Played in the real app: while the drums are on screen their drawings are kept;
    once the activity and its reward have gone, nothing of either is."""
    app = make_app()
    app.push(ProfilePickerScene(app.stage))
    app.stage.start_session(repository.add_profile(alias="Oliver-Alexander"))
    app.push(ActivityMenuScene(app.stage))
    scene = ActivityScene(app.stage, "bilateral_drum", 1, seed=1)
    app.push(scene)
    for _ in range(5):
        clock.advance(app.step_s)
        app.frame()
    assert len(drum_view.drums_backdrop) == 1
    app.stage.replace(RewardScene(app.stage, 1, "bilateral_drum", 0.9))
    assert len(drum_view.drums_backdrop) == 0  # the drums went with their scene
    for _ in range(40):
        clock.advance(app.step_s)
        app.frame()
    assert len(gradients.glow_tile) > 0  # (the reward's own glow steps)
    app.stack.pop_to(ActivityMenuScene)
    assert len(gradients.glow_tile) == 0
    assert kept.DRAWINGS.release(SCENE) == 0


def test_no_lru_cache_keeps_surfaces() -> None:
    """Every cache of drawings counts in the budget: an lru_cache (counted by entries)
    only for small values, never for what is annotated to return a Surface."""
    import sensory_games.engine.app  # noqa: F401  (every screen and activity imported)

    counted_by_entries = [
        f"{name}.{attribute}"
        for name, module in list(sys.modules.items())
        if name.startswith("sensory_games.")
        for attribute, value in vars(module).items()
        if hasattr(value, "cache_info")
        and not isinstance(value, KeptByBytes)
        and "Surface" in str(getattr(value, "__annotations__", {}).get("return", ""))
    ]
    assert counted_by_entries == []


def test_freed_drawings_go_back_to_the_system_only_on_a_frame_with_nothing_to_draw(
    make_app, clock, monkeypatch
) -> None:
    """The heap's trim (up to ~15 ms) never lands in a frame of play: scene drawings are
    released as a scene leaves, and the memory given back when a still screen waits."""
    trims: list[int] = []
    monkeypatch.setattr(kept, "_trim_heap", trims.append)
    app = make_app((640, 400))
    app.push(ProfilePickerScene(app.stage))
    app.push(RewardScene(app.stage, 1, "bubbles", 0.5))
    clock.advance(app.step_s)
    app.frame()
    app.pop()  # (back to a still screen: the reward's drawings are released)
    clock.advance(app.step_s)
    assert app.frame()  # (the screen under it is drawn: no trim in a drawn frame)
    assert trims == []
    clock.advance(app.step_s)
    assert not app.frame()  # (nothing to draw)
    assert trims == [0]
    clock.advance(app.step_s)
    app.frame()
    assert trims == [0]  # (once per release)


def test_pictures_drawn_beside_the_frames_arrive_later_as_the_same_drawings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A drawing asked `ready` is made in the drawing thread (the frame goes on without
    it) and kept by the call that finds it done: the same pixels as drawn in the frame."""
    monkeypatch.setattr(kept.BESIDE, "on", True)
    budget = DrawingBudget(10_000_000)
    started = threading.Event()
    go_on = threading.Event()

    def draw(side: int) -> pygame.Surface:
        started.set()
        go_on.wait(5)
        picture = pygame.Surface((side, side))
        picture.fill((side, 2 * side, 3 * side))
        return picture

    cache = KeptByBytes(draw, scope=SCENE, budget=budget)
    assert not cache.ready(40)  # (started in the thread)
    assert started.wait(5) and not cache.ready(40) and len(cache) == 0
    go_on.set()
    deadline = time.monotonic() + 5
    while not cache.ready(40):
        assert time.monotonic() < deadline
        time.sleep(0.001)
    assert len(cache) == 1 and budget.kept_bytes == cache.kept_bytes > 0  # (counted)
    assert cache(40).get_at((39, 39))[:3] == draw(40).get_at((39, 39))[:3] == (40, 80, 120)
    monkeypatch.setattr(kept.BESIDE, "on", False)
    assert cache.ready(30) and len(cache) == 2  # (drawing beside off: drawn here and now)


@pytest.mark.parametrize("size", [(64, 48), (700, 30), (3, 5)])
def test_a_glow_step_is_painted_from_a_tile_as_its_full_screen_picture(size) -> None:
    """A glow step's backdrop copies a tile GRADIENT_TILE_PX wide across the screen: the
    pixels of the full-screen picture, whole and under a part, and nothing outside it."""
    top, bottom = (230, 200, 180), (20, 30, 40)
    backdrop = gradients.glow_backdrop(size, top, bottom)
    want = pygame.image.tobytes(gradients.glow_gradient_picture(size, top, bottom), "RGB")
    whole = pygame.Surface(size)
    backdrop(whole, None)
    assert pygame.image.tobytes(whole, "RGB") == want
    part = pygame.Surface(size)
    part.fill((1, 2, 3))
    area = pygame.Rect(size[0] // 3, size[1] // 4, size[0] // 2 + 1, size[1] // 2 + 1)
    backdrop(part, area)
    painted = pygame.surfarray.array3d(part)
    expected = pygame.surfarray.array3d(whole)
    inside = np.zeros(painted.shape[:2], bool)
    inside[area.left : area.right, area.top : area.bottom] = True
    assert (painted[inside] == expected[inside]).all()
    assert (painted[~inside] == (1, 2, 3)).all()
