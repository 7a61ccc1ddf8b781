"""The calming scenes as drawn: the breathing guide's in/out cue besides size, small
varied glitter inside the jar's own shape, drifting bubbles spread out, a real wash."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import build_activity, step

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.breathing_view import draw_breath_cue
from sensory_games.activities.calming.glitter_view import FLAKE_RADII_MM, fitted, flake_sizes
from sensory_games.activities.calming.view import draw_wash
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(1600, 1000, 4.0)  # 400 x 250 mm


def make(variant: str, motion: float = 1.0, **params: object):  # type: ignore[no-untyped-def]
    return build_activity(
        CalmingActivity,
        {"variant": variant, **params},
        metrics=METRICS,
        preset_name="alerting",
        channels={"motion": motion},
        seed=4,
    )


def chevron_tip(phase: str, motion: float = 1.0) -> str:
    """Which way the cue's chevron points: "up" or "down" (its tip at the middle's x)."""
    palette = SensoryProfile(preset("balanced")).palette
    surface = pygame.Surface((200, 300))
    surface.fill((255, 255, 255))
    gauge = pygame.Rect(80, 120, 40, 160)
    draw_breath_cue(surface, gauge, palette, 0.5, phase, motion)
    pixels = pygame.surfarray.pixels3d(surface)[:, : gauge.y]
    xs, ys = np.nonzero(np.all(pixels == np.array(palette.ink_soft), axis=2))
    top, bottom = ys.min(), ys.max()
    width_at_top, width_at_bottom = np.ptp(xs[ys <= top + 2]), np.ptp(xs[ys >= bottom - 2])
    if width_at_top < 20 < width_at_bottom:  # a tip above, two ends below: ^
        return "up"
    if width_at_bottom < 20 < width_at_top:
        return "down"
    return "flat"


@pytest.mark.parametrize("motion", [1.0, 0.0])
def test_the_breath_cue_points_up_breathing_in_and_down_breathing_out(motion: float) -> None:
    assert chevron_tip("in", motion) == "up"
    assert chevron_tip("out", motion) == "down"
    assert chevron_tip("hold_in", motion) == "flat"


def test_the_guide_tells_its_phase_through_a_whole_breath() -> None:
    activity, clock = make("breathing", pattern="3-0-3-0", cycles=2)
    scene = activity.scene
    seen = []
    while clock.now() < scene.end_s + 0.5:
        step(activity, clock, 0.25)
        seen.append(scene.phase(activity.play_time()))
    phases = [p for p in seen if p is not None]
    assert "in" in phases and "out" in phases
    assert seen[-1] is None  # after the last breath: no cue


def test_glitter_is_small_and_of_several_sizes() -> None:
    sizes = flake_sizes(260)
    assert set(sizes.tolist()) == {0, 1, 2}
    assert np.mean(sizes == 0) > 0.4  # most are the smallest
    assert max(FLAKE_RADII_MM) <= 1.0


def test_every_flake_is_drawn_inside_the_jars_shape() -> None:
    inside = pygame.Rect(0, 0, 300, 500)
    rng = np.random.default_rng(3)
    shown = np.column_stack((rng.uniform(-20, 320, 2000), rng.uniform(-20, 520, 2000)))
    shown[:50] = [[0, 500]] * 25 + [[300, 500]] * 25  # right in the bottom corners
    radius = rng.choice([2.0, 3.0, 4.0], 2000)
    corner = 28.0
    points = fitted(shown, radius, inside, corner)
    x, y = points.T
    assert np.all(x - radius >= -1e-9) and np.all(x + radius <= inside.w + 1e-9)
    assert np.all(y - radius >= -1e-9) and np.all(y + radius <= inside.h + 1e-9)  # on the floor
    for cx in (corner, inside.w - corner):  # inside the rounded bottom corners
        low = y > inside.h - corner
        side = (x < cx) if cx == corner else (x > cx)
        near = low & side
        distance = np.hypot(x[near] - cx, y[near] - (inside.h - corner))
        assert np.all(distance + radius[near] <= corner + 1e-6)
    still = (shown[:, 0] > 40) & (shown[:, 0] < 260) & (shown[:, 1] > 40) & (shown[:, 1] < 460)
    assert np.allclose(points[still], shown[still])  # flakes clear of the glass stay put


def test_drifting_bubbles_spread_out_instead_of_stacking() -> None:
    activity, clock = make("bubbles", duration_s=120.0)
    scene = activity.scene
    for _ in range(60):
        step(activity, clock, 0.5)
        play = activity.play_time()
        young = [b for b in scene.alive(play) if play - b.born_s < 1.0]
        for bubble in young:
            for other in scene.alive(play):
                if other is bubble:
                    continue
                (x, y), (ox, oy) = bubble.centre_mm(play), other.centre_mm(play)
                if abs(y - oy) < bubble.radius_mm + other.radius_mm:
                    assert abs(x - ox) >= bubble.radius_mm + other.radius_mm - 6.0


def test_the_colour_wash_is_a_real_wash_not_an_empty_gradient() -> None:
    """Across the screen (not only top to bottom) the wash changes colour clearly."""
    activity, clock = make("wash")
    step(activity, clock, 3.0)
    surface = pygame.Surface(METRICS.size_px)
    draw_wash(surface, activity.scene, clock.now())
    pixels = pygame.surfarray.pixels3d(surface).astype(int)
    row = pixels[:, METRICS.height_px // 2]
    assert np.ptp(row, axis=0).max() >= 25  # left to right: the clouds
    column = pixels[METRICS.width_px // 2]
    assert np.ptp(column, axis=0).max() >= 25  # top to bottom: the gradient
