"""A traced activity's frame drawn in parts (ui/trail_frame.py): the new trail and the
marks that changed are drawn again, giving the very picture a whole frame gives."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from sensory_games.ui.damage import Damage
from sensory_games.ui.trail_frame import Mark, TrailFrame, joined

SIZE = (200, 120)


def sprite(colour: tuple[int, int, int, int], size: int) -> pygame.Surface:
    """A half-transparent square: drawing it twice over itself would show."""
    square = pygame.Surface((size, size), pygame.SRCALPHA)
    square.fill(colour)
    return square


def blitted(key: object, picture: pygame.Surface, at: tuple[int, int]) -> Mark:
    return Mark(key, picture.get_rect(topleft=at), lambda s: s.blit(picture, at))


def circle(key: object, centre: tuple[int, int], radius: int) -> Mark:
    rect = pygame.Rect(centre[0] - radius - 1, centre[1] - radius - 1, 2 * radius + 3, 0)
    rect.h = rect.w
    return Mark(
        key,
        rect,
        lambda s: pygame.draw.aacircle(s, (200, 40, 40), centre, radius),
        blits_only=False,
    )


def frame(
    drawer: TrailFrame,
    surface: pygame.Surface,
    layer: pygame.Surface,
    fresh: list[pygame.Rect] | None,
    marks: dict[str, Mark],
    still: bool,
) -> list[pygame.Rect] | None:
    damage = Damage()
    damage.start(SIZE, still_on_screen=still)
    drawer.draw(surface, damage, layer, fresh, marks)
    return damage.rects()


def test_overlapping_rectangles_are_joined_until_none_overlap():
    rects = [pygame.Rect(0, 0, 10, 10), pygame.Rect(50, 50, 5, 5), pygame.Rect(8, 8, 10, 10)]
    rects.append(pygame.Rect(17, 17, 40, 2))  # (overlaps the first two's union only)
    out = joined(rects)
    assert sorted(map(tuple, out)) == [(0, 0, 57, 19), (50, 50, 5, 5)]
    assert all(a.colliderect(b) is False for a in out for b in out if a is not b)


def test_new_trail_and_a_changed_mark_give_the_whole_frames_picture():
    layer = pygame.Surface(SIZE)
    layer.fill((240, 240, 230))
    glass = sprite((0, 0, 255, 120), 40)
    drawer, surface = TrailFrame(), pygame.Surface(SIZE)
    marks = {"glass": blitted("glass", glass, (30, 30)), "dot": circle(1, (60, 50), 12)}
    assert frame(drawer, surface, layer, None, marks, still=True) is None  # laid out: whole
    trail = layer.fill((20, 20, 20), pygame.Rect(40, 40, 30, 4))  # (under both marks)
    marks["dot"] = circle(2, (62, 50), 12)  # (moved)
    rects = frame(drawer, surface, layer, [trail], marks, still=True)
    assert rects == [pygame.Rect(40, 37, 36, 27)]  # (the trail and the dot's old and new places)
    whole = pygame.Surface(SIZE)
    frame(TrailFrame(), whole, layer, None, marks, still=False)
    assert np.array_equal(pygame.surfarray.array3d(surface), pygame.surfarray.array3d(whole))


def test_nothing_changed_draws_nothing_and_a_corner_touched_is_drawn_whole():
    layer = pygame.Surface(SIZE)
    layer.fill((240, 240, 230))
    drawer, surface = TrailFrame(), pygame.Surface(SIZE)
    marks = {"dot": circle(1, (60, 50), 12)}
    frame(drawer, surface, layer, None, marks, still=True)
    assert frame(drawer, surface, layer, [], marks, still=True) == []
    damage = Damage()
    damage.start(SIZE, still_on_screen=True)
    corner = pygame.Rect(0, 80, 40, 40)
    drawer.draw(surface, damage, layer, [pygame.Rect(35, 75, 10, 10)], marks, [corner])
    assert damage.rects() == [pygame.Rect(0, 75, 45, 45)]


def test_marks_drawn_whole_must_come_after_the_blitted_ones():
    layer, surface = pygame.Surface(SIZE), pygame.Surface(SIZE)
    marks = {"dot": circle(1, (60, 50), 12), "glass": blitted("g", sprite((0, 0, 0, 9), 5), (0, 0))}
    with pytest.raises(ValueError, match="last"):
        frame(TrailFrame(), surface, layer, None, marks, still=True)
