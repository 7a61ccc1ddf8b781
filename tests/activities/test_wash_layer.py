"""The colour wash's gradient and clouds, painted straight onto the screen: whole at a
wash step, only a part where a bloom changed; the same picture as drawing them afresh."""

from __future__ import annotations

import numpy as np
import pygame
from helpers import build_activity, step

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.view import (
    WASH_STEPS,
    draw_wash,
    draw_wash_layer,
    wash_backdrop,
    wash_look,
)
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(800, 500, 4.0)


def make():  # type: ignore[no-untyped-def]
    return build_activity(
        CalmingActivity,
        {"variant": "wash"},
        metrics=METRICS,
        preset_name="alerting",
        channels={"motion": 1.0, "complexity": 0.0},  # no blooms: only the layer shows
        seed=4,
    )


def drawn(activity, clock) -> np.ndarray:  # type: ignore[no-untyped-def]
    surface = pygame.Surface(METRICS.size_px)
    draw_wash(surface, activity.scene, clock.now())
    return pygame.surfarray.array3d(surface).astype(int)


def test_the_wash_shows_the_gradient_and_clouds_of_its_current_step() -> None:
    activity, clock = make()
    for _ in range(3):
        step(activity, clock, 1.7)
        shown = drawn(activity, clock)
        fresh = pygame.Surface(METRICS.size_px)
        at = round(activity.scene.phase * WASH_STEPS) % WASH_STEPS
        draw_wash_layer(fresh, activity.context.palette, 1.0, at / WASH_STEPS)
        assert np.array_equal(shown, pygame.surfarray.array3d(fresh))


def test_a_part_of_the_wash_is_painted_as_the_whole_wash_shows_it_there_and_nowhere_else() -> None:
    activity, _ = make()
    palette = activity.context.palette
    look = wash_look(palette, 1.0, 0.3, METRICS.size_px)
    whole = pygame.Surface(METRICS.size_px)
    wash_backdrop(palette, look)(whole, None)
    part = pygame.Surface(METRICS.size_px)
    part.fill((1, 2, 3))
    area = pygame.Rect(333, 41, 170, 301)  # (over a cloud's edge and several bands)
    wash_backdrop(palette, look)(part, area)
    painted, expected = pygame.surfarray.array3d(part), pygame.surfarray.array3d(whole)
    inside = np.zeros(painted.shape[:2], bool)
    inside[area.left : area.right, area.top : area.bottom] = True
    assert np.array_equal(painted[inside], expected[inside])
    assert np.all(painted[~inside] == (1, 2, 3))
    assert part.get_clip() == part.get_rect()  # (the clip is given back)
