"""The calming scenes drawn in parts (ui/damage.py): a frame whose picture would not
change draws and sends nothing, one that changes sends only what it drew, and a frame
drawn in parts is the whole picture."""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame
from helpers import build_activity, step

from sensory_games.activities.calming import CalmingActivity
from sensory_games.activities.calming.glitter_view import flake_centres, jar_rect
from sensory_games.activities.calming.view import BLOOM_RADIUS_MM
from sensory_games.domain.pointer import PointerEvent
from sensory_games.ui.screen import ScreenMetrics

METRICS = ScreenMetrics(800, 500, 4.0)
AREA = 800 * 500


def make(parameters: dict[str, Any], **channels: float):  # type: ignore[no-untyped-def]
    return build_activity(
        CalmingActivity,
        parameters,
        metrics=METRICS,
        preset_name="alerting",
        channels=channels or None,
        seed=3,
    )


def frame(activity, surface, still: bool = True) -> list[pygame.Rect] | None:  # type: ignore[no-untyped-def]
    """Draw one frame as the engine does: `still`: the surface holds the last one."""
    damage = activity.context.damage
    damage.start(surface.get_size(), still_on_screen=still)
    activity.draw(surface)
    return damage.rects()


def whole(activity) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The same moment drawn whole into a fresh surface (the activity's canvas is then
    whole again: the caller's next frame draws whole too)."""
    spare = pygame.Surface(METRICS.size_px)
    frame(activity, spare, still=False)
    return pygame.surfarray.array3d(spare)


def sent_area(rects: list[pygame.Rect] | None) -> int:
    return AREA if rects is None else sum(r.w * r.h for r in rects)


def test_a_settled_jar_draws_nothing_and_a_stir_redraws_only_the_jar() -> None:
    activity, clock = make({"variant": "jar", "settle_s": 5, "jar_end": "time", "duration_s": 60})
    surface = pygame.Surface(METRICS.size_px)
    assert frame(activity, surface, still=False) is None  # the first frame: whole
    step(activity, clock, 20.0)  # the glitter has sunk into the pile
    assert activity.scene.glitter.settled_share > 0.95
    frame(activity, surface)
    assert frame(activity, surface) == []  # nothing moved: nothing drawn or sent
    inside = jar_rect(activity.scene)
    clock.advance(1 / 60)
    for phase, x in (("down", 0.2), ("move", 0.5), ("up", 0.8)):
        x_mm, y_mm, w_mm, h_mm = activity.scene.jar_mm()
        where = (x_mm + w_mm * x, y_mm + h_mm * 0.9)
        activity.handle(PointerEvent(1, phase, *where, clock.now(), "touch"))
        clock.advance(0.05)
    step(activity, clock, 0.2)
    assert set(map(tuple, frame(activity, surface))) == {tuple(inside)}  # the jar's inside
    assert np.array_equal(pygame.surfarray.array3d(surface), whole(activity))


def test_the_flakes_are_worked_out_in_one_array_reused_every_frame() -> None:
    activity, clock = make({"variant": "jar"})
    inside = jar_rect(activity.scene)
    first = flake_centres(activity.scene, 200, 1.0, inside)
    step(activity, clock, 0.5)
    again = flake_centres(activity.scene, 200, 1.0, inside)
    assert again is first  # (the canvas's buffer, not a new array)
    assert inside.collidepoint(*again.min(axis=0)) and inside.collidepoint(*again.max(axis=0))


def test_the_breathing_guide_draws_nothing_while_the_breath_is_held() -> None:
    activity, clock = make({"variant": "breathing", "pattern": "2 2 2 2", "cycles": 3})
    surface = pygame.Surface(METRICS.size_px)
    frame(activity, surface, still=False)
    step(activity, clock, 1.0 + 0.5)  # breathing in
    assert activity.scene.phase(activity.play_time()) == "in"
    growing = frame(activity, surface)
    assert growing and 0 < sent_area(growing) < AREA / 2  # the shape and gauge only
    assert np.array_equal(pygame.surfarray.array3d(surface), whole(activity))
    step(activity, clock, 2.0)  # holding the breath in
    assert activity.scene.phase(activity.play_time()) == "hold_in"
    frame(activity, surface, still=False)
    step(activity, clock, 0.5)
    assert frame(activity, surface) == []


def test_the_wash_draws_nothing_until_its_colours_or_clouds_move() -> None:
    activity, clock = make({"variant": "wash"}, motion=0.0, complexity=0.0)
    surface = pygame.Surface(METRICS.size_px)
    frame(activity, surface, still=False)
    sent = []
    for _ in range(120):
        step(activity, clock, 1 / 60)
        sent.append(frame(activity, surface))
    # at motion 0 the wash moves an 8-bit colour unit only every few frames: the
    # frames between send nothing; the others the whole screen
    assert sent.count([]) > 60
    assert all(rects in ([], None) for rects in sent)
    assert np.array_equal(pygame.surfarray.array3d(surface), whole(activity))


def test_a_bloom_over_a_still_wash_sends_only_its_square() -> None:
    activity, clock = make({"variant": "wash"}, motion=0.0, complexity=1.0)
    surface = pygame.Surface(METRICS.size_px)
    step(activity, clock, 1.0)
    activity.handle(PointerEvent(1, "down", 100.0, 60.0, clock.now(), "touch"))
    frame(activity, surface, still=False)
    largest = 2 * METRICS.px(BLOOM_RADIUS_MM) + 2  # (a full-grown bloom's square, px)
    sent = []
    for _ in range(60):
        step(activity, clock, 1 / 60)
        sent.append(frame(activity, surface))
    blooms = [rect for rects in sent if rects for rect in rects]
    assert blooms and all(rect.w == rect.h <= largest for rect in blooms)
    assert np.array_equal(pygame.surfarray.array3d(surface), whole(activity))


def test_overlapping_blooms_redraw_only_where_one_changed_and_match_the_whole_picture() -> None:
    activity, clock = make({"variant": "wash"}, motion=0.0, complexity=1.0)
    surface = pygame.Surface(METRICS.size_px)
    step(activity, clock, 1.0)
    for finger, x in enumerate((60.0, 95.0, 130.0)):  # (25 mm apart: their squares overlap)
        activity.handle(PointerEvent(finger + 1, "down", x, 60.0, clock.now(), "touch"))
        step(activity, clock, 0.7)
    frame(activity, surface, still=False)
    assert len(activity.scene.blooms) == 3
    square = (2 * METRICS.px(BLOOM_RADIUS_MM) + 2) ** 2  # (a full-grown bloom's, px)
    sent, all_blooms, fewer = 0, 0, 0
    for count in range(240):  # (four seconds: they grow, fade and go one by one)
        step(activity, clock, 1 / 60)
        showing = len(activity.scene.blooms)
        rects = frame(activity, surface)
        if rects:
            sent += sent_area(rects)
            all_blooms += showing * square
            fewer += len(rects) < showing
        if count % 30 == 0:
            assert np.array_equal(pygame.surfarray.array3d(surface), whole(activity)), count
            frame(activity, surface, still=False)  # (whole drew into a spare: draw again)
    assert fewer > 30  # frames where a bloom that did not change was left alone
    assert sent < 0.6 * all_blooms
