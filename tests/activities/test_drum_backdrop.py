"""The drums drawn once into the background layer the view copies each frame: the same
picture as the background filled and each drum laid on it, made once while a level plays."""

from __future__ import annotations

import numpy as np
import pygame
from helpers import build_activity, step

from sensory_games.activities.bilateral.drum import DrumActivity
from sensory_games.activities.bilateral.drum.view import drum_on_background, drums_backdrop
from sensory_games.ui.art import background_colour


def make():  # type: ignore[no-untyped-def]
    params = {"tempo_bpm": 60.0, "beats": 4, "count_in_beats": 2, "window_ms": 100.0}
    return build_activity(DrumActivity, params, dominant_hand="right")


def test_the_backdrop_is_the_background_with_each_drum_on_it_made_once() -> None:
    activity, clock = make()
    surface = pygame.Surface(
        (activity.context.metrics.width_px, activity.context.metrics.height_px)
    )
    drums_backdrop.cache_clear()
    for _ in range(5):
        step(activity, clock, 0.1)
        activity.draw(surface)
    assert drums_backdrop.cache_info().misses == 1  # not redrawn frame after frame
    metrics, palette = activity.context.metrics, activity.context.palette
    radius = metrics.px(activity.target_radius_mm())
    centres = {hand: metrics.to_px(*c) for hand, c in activity.centres_mm().items()}
    fmt = (surface.get_bitsize(), surface.get_masks())
    layer = pygame.surfarray.array3d(
        drums_backdrop(palette, surface.get_size(), fmt, radius, tuple(centres.items()))
    )
    assert tuple(layer[2, 2]) == background_colour(palette)  # a corner: the background
    for hand, (x, y) in centres.items():
        drum = pygame.surfarray.array3d(drum_on_background(palette, hand, radius))
        half_w, half_h = drum.shape[0] // 2, drum.shape[1] // 2
        on_layer = layer[
            x - half_w : x - half_w + drum.shape[0], y - half_h : y - half_h + drum.shape[1]
        ]
        assert np.array_equal(on_layer, drum), hand
