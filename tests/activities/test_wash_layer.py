"""The colour wash's gradient and clouds, composed once a wash step into one layer and
copied to the screen between steps: the same picture as drawing them afresh."""

from __future__ import annotations

import numpy as np
import pygame
from helpers import build_activity, step

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.view import (
    WASH_LAYER,
    WASH_STEPS,
    draw_wash,
    draw_wash_layer,
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


def test_the_layer_is_redrawn_only_when_the_wash_moved_a_step() -> None:
    activity, clock = make()
    step(activity, clock, 1.0)
    drawn(activity, clock)
    layer, shows = WASH_LAYER.surface, WASH_LAYER.shows
    pixels = pygame.surfarray.array3d(layer)
    layer.fill((0, 0, 0))  # (a redraw would paint over this)
    assert np.all(drawn(activity, clock) == 0)  # the same step: copied as it is
    layer.blit(pygame.surfarray.make_surface(pixels), (0, 0))
    step(activity, clock, 0.5)  # at full motion many steps on: the clouds have moved
    moved = drawn(activity, clock)
    assert WASH_LAYER.surface is layer  # reused, not a new screen-sized surface
    assert WASH_LAYER.shows != shows
    assert not np.array_equal(moved, pixels)
