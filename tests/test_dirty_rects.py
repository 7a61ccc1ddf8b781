"""Redrawing only what changed (ui/damage.py): for every activity played by its bot, each
frame drawn in parts is the very picture a whole redraw gives, and every pixel that
changed since the last frame lies inside the rectangles sent to the display."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import on_the_menu

from sensory_games.activities import REGISTRY
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.ui.damage import Damage, MovingParts, flat_backdrop

SIZE = (800, 480)
#: Activities whose views do not yet draw in parts (each is taken off as it does).
NOT_YET = {
    "bilateral_both",
    "bilateral_drum",
    "bilateral_hold",
    "calming",
}


def pixels(surface: pygame.Surface) -> np.ndarray:
    return pygame.surfarray.array3d(surface).copy()


def outside(changed: np.ndarray, rects: list[pygame.Rect]) -> int:
    """How many changed pixels (a W x H mask) no rectangle covers."""
    covered = np.zeros_like(changed)
    for rect in rects:
        covered[rect.left : rect.right, rect.top : rect.bottom] = True
    return int((changed & ~covered).sum())


def whole_picture(app, scene) -> np.ndarray:
    """What the scene draws when told the screen shows nothing of it (into a spare
    surface: the window keeps its frame)."""
    spare = pygame.Surface(app.surface.get_size()).convert(app.surface)
    damage = app.window.damage
    damage.start(spare.get_size(), still_on_screen=False)
    scene.draw(spare)
    return pixels(spare)


#: Levels played besides 1 and 3, for variants those do not show (tracing: guides fading
#: shape by shape, copy mode's boxes and model, the name in copy mode).
MORE_LEVELS = {"tracing": [13, 15, 18]}


def levels_of(slug: str) -> list[int]:
    return [1, 3, *MORE_LEVELS.get(slug, [])] if slug != "calming" else [1, 2, 3, 4]


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_frames_drawn_in_parts_match_the_whole_picture(slug, make_app, clock, repository):
    if slug in NOT_YET:
        pytest.skip("draws whole frames")
    app = make_app(SIZE)
    on_the_menu(app, repository)
    drawn_in_parts = 0
    for level in levels_of(slug):
        if level > len(app.child.levels(slug)):
            continue
        scene = ActivityScene(app.stage, slug, level, seed=level)
        app.push(scene)
        bot = scene.activity.bot_class(scene.activity, level, 0.6)
        before = None
        for frame in range(150):
            clock.advance(app.step_s)
            for event in bot.events(clock.now()):
                pygame.event.post(event)
            if not app.frame() or scene is not app.top:
                break
            now = pixels(app.surface)
            rects = app.window.damage.rects()
            if rects is not None and before is not None:
                drawn_in_parts += 1
                changed = (now != before).any(axis=2)
                assert outside(changed, rects) == 0, f"{slug} {level} frame {frame}"
                if frame % 10 == 0:  # (a whole redraw of the same moment, compared)
                    assert (whole_picture(app, scene) == now).all(), f"{slug} {level} {frame}"
                    app.request_redraw()  # (the window's frame is whole again next)
            before = now
        app.stack.pop_to(ActivityMenuScene)
    assert drawn_in_parts > 0, f"{slug} never drew a frame in parts"


def test_a_new_scene_a_resize_or_new_colours_draw_the_whole_frame(make_app, clock, repository):
    app = make_app(SIZE)
    on_the_menu(app, repository)
    app.push(ActivityScene(app.stage, "bubbles", 1, seed=1))
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None  # a scene's first frame
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is not None  # then only what moved
    app.resize((640, 480))
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None
    app.stage.open_overlay()
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None


def test_a_screen_that_never_asks_is_sent_whole():
    damage = Damage()
    damage.start((100, 100), still_on_screen=True)
    damage.add(pygame.Rect(0, 0, 10, 10))  # (a scene that draws whole adds nothing)
    assert damage.rects() is None


def test_rects_clip_to_the_screen_and_most_of_it_is_sent_whole():
    damage = Damage()
    damage.start((100, 100), still_on_screen=True)
    assert damage.drawing_parts()
    damage.add(pygame.Rect(-5, -5, 10, 10))
    damage.add(pygame.Rect(200, 0, 10, 10))  # (off the screen: nothing)
    assert damage.rects() == [pygame.Rect(0, 0, 5, 5)]
    damage.add(pygame.Rect(0, 0, 90, 90))
    assert damage.rects() is None


def test_moving_parts_paint_last_frames_parts_over():
    surface = pygame.Surface((50, 50))
    damage, parts = Damage(), MovingParts()
    backdrop = flat_backdrop((0, 0, 0))
    damage.start((50, 50), still_on_screen=False)
    assert parts.begin(surface, damage, backdrop)  # whole
    parts.drew(surface.fill((255, 0, 0), pygame.Rect(5, 5, 5, 5)))
    parts.end()
    damage.start((50, 50), still_on_screen=True)
    assert not parts.begin(surface, damage, backdrop)
    parts.drew(surface.fill((255, 0, 0), pygame.Rect(20, 20, 5, 5)))
    parts.end()
    assert surface.get_at((6, 6))[:3] == (0, 0, 0)  # the old part is gone
    assert damage.rects() == [pygame.Rect(5, 5, 5, 5), pygame.Rect(20, 20, 5, 5)]
