"""Feedback that teaches without punishing, as drawn: a continuous trail, a guide visible
at every fade step, a small ring that stays a ring, drum beats hit vs missed (and early vs
late), progress only for hits, a jar showing every ball put in, a high-contrast hold ring."""

from __future__ import annotations

import math
from itertools import combinations, pairwise

import numpy as np
import pygame
import pytest
from helpers import build_activity, step

from sensory_games.activities.bilateral.both.view import RING_CONTRAST, hold_ring_colour
from sensory_games.activities.bilateral.drum import DrumActivity
from sensory_games.activities.bilateral.drum.view import draw_beat_marks, hits_done
from sensory_games.activities.bilateral.hold.view import ball_centres, ball_colour, draw_jar
from sensory_games.activities.bilateral.view import hand_colour
from sensory_games.domain.intensity import PRESETS, SensoryProfile, preset
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.art import contrast_ratio, mix
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.trace_layers import (
    GUIDE_CONTRAST_FLOOR,
    TRAIL_MM,
    TrailCanvas,
    band_half_width_mm,
    paint_guide,
)

METRICS = ScreenMetrics(800, 600, 8.0)  # 100 x 75 mm
WHITE = (255, 255, 255)
INK = (20, 40, 90)


def palette_of(name: str):  # type: ignore[no-untyped-def]
    return SensoryProfile(preset(name)).palette


def test_the_trail_is_one_stroke_with_no_gap_between_consecutive_samples() -> None:
    canvas = TrailCanvas(lambda base: base.fill(WHITE), lambda palette, inside, kind: INK)
    samples = [(10 + 3.1 * k, 30 + 12 * math.sin(k / 2.3)) for k in range(25)]
    for start, end in pairwise(samples):
        canvas.add_segment(start, end, True, "counted")
    surface = pygame.Surface(METRICS.size_px)
    surface.blit(canvas.layer(surface.get_size(), METRICS, palette_of("balanced"))[0], (0, 0))
    half_px = METRICS.px(TRAIL_MM) / 2
    for (ax, ay), (bx, by) in pairwise(samples):
        (x0, y0), (x1, y1) = METRICS.to_px(ax, ay), METRICS.to_px(bx, by)
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        for k in range(int(length) + 1):
            for across in (-0.6 * half_px, 0.0, 0.6 * half_px):  # across the stroke, too
                x = x0 + (x1 - x0) * k / length + nx * across
                y = y0 + (y1 - y0) * k / length + ny * across
                colour = surface.get_at((round(x), round(y)))[:3]
                assert max(abs(a - b) for a, b in zip(colour, INK, strict=True)) <= 3, (k, across)
    # ... and it is drawn smooth: edge pixels blend between ink and paper
    colours = {tuple(surface.get_at((x, y)))[:3] for x in range(800) for y in range(150, 400, 3)}
    assert len(colours) > 10


def test_adding_one_segment_draws_only_the_new_bit_on_the_cached_layer() -> None:
    painted = []
    canvas = TrailCanvas(lambda base: painted.append(base.fill(WHITE)), lambda p, i, k: INK)
    surface = pygame.Surface(METRICS.size_px)
    palette = palette_of("calm")
    canvas.add_segment((10, 10), (20, 10), True, "counted")
    surface.blit(canvas.layer(surface.get_size(), METRICS, palette)[0], (0, 0))
    canvas.add_segment((20, 10), (30, 12), True, "counted")
    surface.blit(canvas.layer(surface.get_size(), METRICS, palette)[0], (0, 0))
    assert len(painted) == 1  # the still layer was painted once
    assert surface.get_at(METRICS.to_px(25, 11))[:3] == INK


@pytest.mark.parametrize("name", sorted(PRESETS))
@pytest.mark.parametrize("guide", ["full", "faded", "dots"])
def test_every_guide_step_keeps_its_contrast_floor_against_the_background(name, guide) -> None:
    """Level 7's faded "1" was light grey on light grey: now the strongest part of every
    guide step (centre line or dots) stands out from both ends of the background."""
    palette = palette_of(name)
    stroke = np.array([[50.0, 10.0], [50.0, 65.0]])  # a "1"
    for backdrop in (palette.background, palette.background_edge):
        surface = pygame.Surface(METRICS.size_px)
        surface.fill(backdrop)
        paint_guide(surface, METRICS, palette, [stroke], 6.0, guide)
        line = [surface.get_at(METRICS.to_px(50.0, y))[:3] for y in np.arange(12, 64, 0.5)]
        strongest = max(contrast_ratio(colour, backdrop) for colour in line)
        assert strongest >= GUIDE_CONTRAST_FLOOR, (guide, backdrop, strongest)
    assert GUIDE_CONTRAST_FLOOR >= 1.8


def test_the_faded_guide_is_paler_than_the_full_one_but_not_gone() -> None:
    palette = palette_of("calm")
    stroke = np.array([[50.0, 10.0], [50.0, 65.0]])
    shown = {}
    for guide in ("full", "faded"):
        surface = pygame.Surface(METRICS.size_px)
        surface.fill(palette.background)
        paint_guide(surface, METRICS, palette, [stroke], 6.0, guide)
        shown[guide] = contrast_ratio(surface.get_at(METRICS.to_px(50, 40))[:3], palette.background)
    assert GUIDE_CONTRAST_FLOOR <= shown["faded"] < shown["full"]


def test_a_small_circle_with_a_wide_band_is_drawn_as_a_ring_not_a_disc() -> None:
    """Mirror level 3: a circle of radius 8 mm with a 10 mm tolerance filled to a disc."""
    palette = palette_of("balanced")
    angles = np.linspace(0, 2 * math.pi, 60)
    circle = np.column_stack([40 + 8 * np.cos(angles), 35 + 8 * np.sin(angles)])
    assert band_half_width_mm(circle, 10.0) <= 4.0
    assert band_half_width_mm(np.array([[0.0, 0.0], [50.0, 0.0]]), 10.0) == 10.0  # a line
    surface = pygame.Surface(METRICS.size_px)
    surface.fill(palette.background)
    paint_guide(surface, METRICS, palette, [circle], 10.0, "full")
    assert surface.get_at(METRICS.to_px(40, 35))[:3] == palette.background  # the hole
    assert surface.get_at(METRICS.to_px(48, 35))[:3] != palette.background  # the ring


# -- drum -------------------------------------------------------------------------------


def make_drum(**params):  # type: ignore[no-untyped-def]
    defaults = {"tempo_bpm": 60.0, "beats": 4, "count_in_beats": 2, "window_ms": 100.0}
    return build_activity(
        DrumActivity, {**defaults, "pattern": "alternate", **params}, dominant_hand="right"
    )


def tap(activity: DrumActivity, hand: str, t: float) -> None:
    x, y = activity.centres_mm()[hand]
    activity.handle(PointerEvent(7, "down", x, y, t, "touch"))
    activity.handle(PointerEvent(7, "up", x, y, t + 0.08, "touch"))


def marks(activity: DrumActivity, hand: str) -> tuple[pygame.Surface, tuple[int, int, int]]:
    """`hand`'s beat marks alone on a blank surface, and the filled marks' colour."""
    surface = pygame.Surface(activity.context.metrics.size_px)
    surface.fill(WHITE)
    draw_beat_marks(surface, activity, hand, (400, 200), 80, activity.play_time())
    palette = activity.context.palette
    return surface, mix(hand_colour(palette, hand), palette.ink, 0.2)


def count(surface: pygame.Surface, colour: tuple[int, int, int]) -> int:
    pixels = pygame.surfarray.pixels3d(surface)
    return int(np.all(pixels == np.array(colour), axis=2).sum())


def test_progress_fills_only_for_beats_the_child_hit() -> None:
    activity, clock = make_drum()  # beats 0..3: L R L R
    tap(activity, "left", activity.beat_time(0) + 0.03)
    tap(activity, "left", activity.beat_time(2) - 0.05)
    step(activity, clock, activity.beat_time(3) + 0.6 - clock.now())
    assert activity.beats_done == 4  # every beat has gone by...
    assert hits_done(activity) == (2, 4)  # ...but only the two hit fill a dot
    idle, idle_clock = make_drum()
    step(idle, idle_clock, idle.beat_time(3) + 0.6 - idle_clock.now())
    assert hits_done(idle) == (0, 4)  # nothing tapped: nothing filled


def test_a_hit_beat_fills_its_mark_and_a_missed_one_stays_an_outline() -> None:
    activity, clock = make_drum()
    tap(activity, "left", activity.beat_time(0))
    tap(activity, "left", activity.beat_time(2))  # the right hand's beats 1 and 3 missed
    step(activity, clock, activity.beat_time(3) + 0.6 - clock.now())
    left, filled = marks(activity, "left")
    right, right_filled = marks(activity, "right")
    palette = activity.context.palette
    assert count(left, filled) > 0 and count(left, palette.ink_soft) == 0
    assert count(right, right_filled) == 0 and count(right, palette.ink_soft) > 0
    for surface in (left, right):  # never red
        pixels = pygame.surfarray.pixels3d(surface).reshape(-1, 3).astype(int)
        assert not np.any((pixels[:, 0] > 180) & (pixels[:, 1] < 90) & (pixels[:, 2] < 90))


def test_an_early_hit_leans_left_of_its_slot_and_a_late_one_right() -> None:
    centres = {}
    for name, offset in (("early", -0.15), ("late", 0.15)):
        activity, clock = make_drum()
        tap(activity, "left", activity.beat_time(0) + offset)
        step(activity, clock, activity.beat_time(0) + 0.6 - clock.now())
        surface, filled = marks(activity, "left")
        pixels = pygame.surfarray.pixels3d(surface)
        xs, _ = np.nonzero(np.all(pixels == np.array(filled), axis=2))
        centres[name] = xs.mean()
    assert centres["early"] < centres["late"] - 4


# -- hold and move, both together -------------------------------------------------------


@pytest.mark.parametrize("placed", [1, 3, 5])
def test_the_jar_shows_as_many_balls_as_went_in(placed: int) -> None:
    palette = palette_of("balanced")
    jar = pygame.Rect(100, 100, 160, 184)
    centres, radius = ball_centres(jar, 5, placed)
    assert len(centres) == placed
    assert len(set(centres)) == placed
    for x, y in centres:
        assert jar.collidepoint(x - radius, y - radius) and jar.collidepoint(x + radius, y + radius)
    for (ax, ay), (bx, by) in combinations(centres, 2):
        assert math.hypot(ax - bx, ay - by) >= 1.6 * radius  # side by side, not one on another
    surface = pygame.Surface((400, 400))
    surface.fill(WHITE)
    jar_colour = hand_colour(palette, "left")
    draw_jar(surface, jar, palette, jar_colour, True, placed, 5)
    for k, (x, y) in enumerate(centres):
        assert surface.get_at((x + radius // 3, y + radius // 3))[:3] == ball_colour(
            palette, k, jar_colour
        )


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_the_hold_ring_stands_out_at_least_3_to_1(name: str) -> None:
    palette = palette_of(name)
    ring = hold_ring_colour(palette)
    for backdrop in (
        palette.background,
        mix(palette.background, palette.background_edge, 0.5),
    ):
        assert contrast_ratio(ring, backdrop) >= RING_CONTRAST >= 3.0
