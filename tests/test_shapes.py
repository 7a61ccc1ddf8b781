"""Anti-aliased discs and thick lines (ui/shapes.py), the strokes the child views draw with:
smooth edges, the right size, round joins, and a disc sprite made once per colour and size."""

from __future__ import annotations

import math
from itertools import pairwise

import pygame

from sensory_games.ui.shapes import disc, disc_sprite, segment, thick_line

PAPER = (255, 255, 255)
INK = (20, 40, 90)


def test_a_disc_sprite_is_made_once_per_colour_and_radius() -> None:
    """Discs are drawn every frame: a new anti-aliased circle each time would cost tens of
    times more than the blit."""
    first = disc_sprite(INK, 12)
    assert disc_sprite(INK, 12) is first
    assert disc_sprite(INK, 13) is not first
    assert disc_sprite((20, 40, 91), 12) is not first
    assert first.get_size() == (25, 25)
    assert first.get_at((0, 0)).a == 0  # clear outside the circle


def test_a_disc_covers_its_radius_around_its_centre_with_a_smooth_edge() -> None:
    surface = pygame.Surface((100, 100))
    surface.fill(PAPER)
    disc(surface, INK, (50.4, 49.6), 20.0)
    for x, y in ((50, 50), (50, 32), (68, 50), (50, 68), (32, 50), (63, 63)):
        assert surface.get_at((x, y))[:3] == INK, (x, y)
    for x, y in ((50, 27), (73, 50), (66, 66), (5, 5)):
        assert surface.get_at((x, y))[:3] == PAPER, (x, y)
    between = {
        surface.get_at((50 + round(20 * math.cos(t / 20)), 50 + round(20 * math.sin(t / 20))))[:3]
        for t in range(126)
    }
    assert between - {INK, PAPER}, "the rim blends ink into paper (anti-aliased)"


def test_a_thick_line_has_its_width_and_round_caps_and_joins() -> None:
    surface = pygame.Surface((200, 200))
    surface.fill(PAPER)
    points = [(30.0, 40.0), (160.0, 40.0), (160.0, 170.0)]  # a right-angled corner
    thick_line(surface, INK, points, 16)
    for x, y in ((90, 40), (90, 34), (90, 46), (160, 100), (154, 100), (166, 100)):
        assert surface.get_at((x, y))[:3] == INK, (x, y)  # along both legs, across the width
    for x, y in ((90, 52), (90, 28), (148, 100), (172, 100)):
        assert surface.get_at((x, y))[:3] == PAPER, (x, y)  # not wider than asked
    assert surface.get_at((24, 40))[:3] == INK  # the start's round cap
    assert surface.get_at((160, 176))[:3] == INK  # the end's round cap
    assert surface.get_at((165, 35))[:3] == INK  # the corner's round join: no notch
    assert surface.get_at((168, 32))[:3] == PAPER  # ... and round, not a square corner


def test_a_line_drawn_segment_by_segment_leaves_no_gap_at_its_joins() -> None:
    """The trail is drawn piece by piece as the finger moves; it must read as one stroke."""
    whole, pieces = pygame.Surface((200, 120)), pygame.Surface((200, 120))
    whole.fill(PAPER)
    pieces.fill(PAPER)
    points = [(20 + 8 * k, 60 + 30 * math.sin(k / 3)) for k in range(21)]
    thick_line(whole, INK, points, 10)
    disc(pieces, INK, points[0], 5)
    for a, b in pairwise(points):
        segment(pieces, INK, a, b, 10)
    for x, y in points:
        assert pieces.get_at((round(x), round(y)))[:3] == INK
    assert pygame.image.tobytes(whole, "RGB") == pygame.image.tobytes(pieces, "RGB")
