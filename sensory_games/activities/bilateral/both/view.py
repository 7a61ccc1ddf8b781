"""Drawing of both together: the two pads with their hand prints, the hold ring that
fills while both hands stay on, and the launcher picture.

Pads, dots and rings are moving parts over the flat background (ui/damage.py
MovingParts): a frame in parts paints over and redraws only them, and a frame that looks
like the last one (hands resting, nothing filling) draws nothing."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.view import (
    RIM_MM,
    draw_pad,
    draw_progress,
    hand_colour,
    hand_print,
)
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import (
    background_colour,
    mix,
    with_contrast,
)
from sensory_games.ui.damage import flat_backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.both.activity import BothTogetherActivity

#: Angle (radians) between the fixed points a hold ring is drawn through.
RING_STEP = math.radians(4.0)
#: How many of those steps one polygon of the ring's band covers.
RING_CHUNK = 15
#: The hold ring's width (mm) and its least contrast ratio against the background (WCAG
#: 3:1, the floor for graphics a child must see): ink on paper, never pale on pale.
RING_MM = 4.5
RING_CONTRAST = 3.0


def _ring(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    full: Colour,
    backdrop: Colour,
    strength: float,
    centre_mm: tuple[float, float],
    radius_mm: float,
    share: float,
) -> pygame.Rect | None:
    """A ring filling clockwise from the top (a hold's progress): the `full` ring colour
    faded `strength` 0..1 towards the flat `backdrop` under it. Its whole quarters are
    blitted from a cached ring sprite (faded by its alpha); only the quarter filling now
    is drawn, through points at fixed angles, so the part already filled is the same
    pixels every frame (an arc redrawn from a moving start angle shimmers at its edges).
    A quarter ends on a line through the middle along x or y: a sprite's rectangle cut
    there meets the drawn band edge to edge. Returns the box it may have drawn in (px),
    None if nothing."""
    if share <= 0:
        return None
    colour = mix(backdrop, full, strength)
    cx, cy = metrics.to_px(*centre_mm)
    radius = metrics.px(radius_mm)
    width = max(3, metrics.px(RING_MM))
    end = 2 * math.pi * min(share, 1.0)
    whole = min(4, int(end / QUARTER))
    if whole:
        sprite = ring_sprite(full, radius, width)
        sprite.set_alpha(round(255 * strength))
        half = sprite.get_width() // 2
        for quarter in QUARTERS[:whole]:
            for area in band_strips(half, radius, width, quarter):
                surface.blit(sprite, (cx - half + area.x, cy - half + area.y), area)
    start = whole * QUARTER
    if end - start > 1e-6:  # the quarter filling now, from its first edge to `end`
        first = int(start / RING_STEP) + 1  # the fixed points after `start`...
        last = int(end / RING_STEP) + 1  # ...up to `end`

        def arc(r: float) -> list[tuple[float, float]]:
            return [
                (cx + r * math.sin(start), cy - r * math.cos(start)),
                *circle_points(cx, cy, r)[first:last],
                (cx + r * math.sin(end), cy - r * math.cos(end)),
            ]

        _band(surface, colour, arc(radius + width / 2), arc(radius - width / 2))
    for angle in (0.0, end):  # round ends
        tip = (cx + radius * math.sin(angle), cy - radius * math.cos(angle))
        disc(surface, colour, tip, width / 2)
    return ring_box((cx, cy), radius, width)


def ring_box(centre: tuple[int, int], radius: int, width: int) -> pygame.Rect:
    """Where a hold ring of `radius` px, its band `width` px, about `centre` (px) may draw:
    its band, round ends and smoothed edges (ring_sprite's square)."""
    half = radius + width // 2 + 3
    return pygame.Rect(centre[0] - half, centre[1] - half, 2 * half + 1, 2 * half + 1)


def _band(
    surface: pygame.Surface,
    colour: Colour,
    outer: list[tuple[float, float]],
    inner: list[tuple[float, float]],
) -> None:
    """The band between two arcs of points (px): polygons RING_CHUNK steps at a time (a
    polygon costs its height times its corners: one round the whole ring, a lot), its
    two edges smoothed."""
    for start in range(0, len(outer) - 1, RING_CHUNK):
        piece = slice(start, start + RING_CHUNK + 1)
        pygame.draw.polygon(surface, colour, outer[piece] + inner[piece][::-1])
    pygame.draw.aalines(surface, colour, False, outer)
    pygame.draw.aalines(surface, colour, False, inner)


#: A quarter of a turn (radians), and the hold ring sprite's quarters clockwise from
#: the top as (column, row) halves of the sprite: the top right, the bottom right, the
#: bottom left, the top left (the middle column and row go with the right and the
#: bottom halves: the quarters that start at them).
QUARTER = math.pi / 2
QUARTERS = ((1, 0), (1, 1), (0, 1), (0, 0))
#: Hold ring sprites are kept up to this many bytes (one ring is under a megabyte at
#: 1920x1080; both pads share it).
RING_SPRITE_BYTES = 4 * 1024 * 1024


#: Rows of strips a quarter of the ring sprite is blitted in: each strip only as wide as
#: the band is in its rows (the sprite's empty middle and corners are not read).
QUARTER_STRIPS = 8


@lru_cache(maxsize=8)
def band_strips(
    half: int, radius: int, width: int, quarter: tuple[int, int]
) -> tuple[pygame.Rect, ...]:
    """The areas of a ring sprite (2 * `half` + 1 px square, its middle at pixel `half`)
    holding the band of `quarter` (see QUARTERS): QUARTER_STRIPS rows, each cut to where
    the band (`radius` px, `width` px wide, a pixel to spare for its smoothed edges) is."""
    column, row = quarter
    outer, inner = radius + width / 2 + 1, radius - width / 2 - 1
    top, bottom = (half, 2 * half + 1) if row else (0, half)
    step = math.ceil((bottom - top) / QUARTER_STRIPS)
    areas = []
    for y0 in range(top, bottom, step):
        y1 = min(bottom, y0 + step)
        near, far = sorted((abs(y0 - half), abs(y1 - 1 - half)))
        if near >= outer:
            continue
        reach = math.ceil(math.sqrt(outer**2 - near**2)) + 1
        hole = math.floor(math.sqrt(inner**2 - far**2)) - 1 if far < inner else 0
        hole = max(0, hole)
        if column:
            left, right = half + hole, min(2 * half + 1, half + reach + 1)
        else:
            left, right = max(0, half - reach), half - hole
        if right > left:
            areas.append(pygame.Rect(left, y0, right - left, y1 - y0))
    return tuple(areas)


@kept_by_bytes(RING_SPRITE_BYTES, scope=SCENE)
def ring_sprite(colour: Colour, radius: int, width: int) -> pygame.Surface:
    """The whole hold ring of `radius` px, its band `width` px, on a clear square with
    the ring's middle at the centre pixel: drawn once, blitted a quarter at a time."""
    half = radius + width // 2 + 3
    sprite = pygame.Surface((2 * half + 1, 2 * half + 1), pygame.SRCALPHA)
    sprite.fill((*colour, 0))
    outer = list(circle_points(half, half, radius + width / 2))
    inner = list(circle_points(half, half, radius - width / 2))
    _band(sprite, colour, outer + outer[:1], inner + inner[:1])
    return sprite


@lru_cache(maxsize=8)  # 2 pads x 3 circles (inner, outer edge, middle)
def circle_points(cx: float, cy: float, r: float) -> tuple[tuple[float, float], ...]:
    """Points round a circle of radius `r` px about (cx, cy), RING_STEP apart clockwise
    from the top: worked out once per ring, sliced every frame."""
    count = int(2 * math.pi / RING_STEP) + 1
    return tuple(
        (cx + r * math.sin(k * RING_STEP), cy - r * math.cos(k * RING_STEP)) for k in range(count)
    )


@lru_cache(maxsize=4)
def hold_ring_colour(palette: Palette) -> Colour:
    """The hold ring at its full strength: the success colour deepened towards the ink
    until it stands out from the background at RING_CONTRAST or more."""
    backdrop = (background_colour(palette), palette.background)
    return with_contrast(
        mix(palette.success, palette.ink, 0.4), backdrop, RING_CONTRAST, palette.ink
    )


def pad_state(activity: BothTogetherActivity, hand: str) -> str:
    """How `hand`'s pad looks now (bilateral/view.py draw_pad's states)."""
    if activity.waiting_for_lift:
        return "done" if hand in activity.on_pad else "dim"
    return "pressed" if hand in activity.on_pad else "lit"


def draw_both(surface: pygame.Surface, activity: BothTogetherActivity) -> None:
    """Render the activity at the current game time (reads its state; changes only
    what its parts remember of the frame on screen)."""
    context = activity.context
    metrics, palette = context.metrics, context.palette
    radius = activity.target_radius_mm()
    share, strength = activity.ring(context.clock.now())
    centres = activity.centres_mm()
    states = tuple(pad_state(activity, hand) for hand in centres)
    done = len(activity.completed_trials)
    parts = activity.parts
    backdrop = background_colour(palette)
    look = (states, done, (share, strength) if strength > 0 else 0)
    if parts.unchanged(surface, context.damage, flat_backdrop(backdrop), look):
        return
    ring_colour, ring_radius = hold_ring_colour(palette), radius + RIM_MM + RING_MM
    parts.begin(surface, context.damage, flat_backdrop(backdrop))
    for (hand, centre), state in zip(centres.items(), states, strict=True):  # opaque: first
        parts.drew(draw_pad(surface, metrics, palette, hand, centre, radius, state))
    parts.drew(draw_progress(surface, metrics, palette, done, activity.parameters["trials"]))
    for centre in centres.values():
        if strength > 0:
            ring = (ring_colour, backdrop, strength, centre, ring_radius, share)
            box = _ring(surface, metrics, *ring)
            if box is not None:
                parts.drew(box)
    parts.end()


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: two pads, each with a hand print."""
    radius = round(min(rect.w, rect.h) * 0.2)
    for hand, fx in (("left", 0.28), ("right", 0.72)):
        centre = (round(rect.x + rect.w * fx), round(rect.centery))
        colour = hand_colour(palette, hand)
        pygame.draw.circle(surface, mix(colour, palette.surface, 0.55), centre, radius)
        pygame.draw.circle(surface, mix(colour, palette.ink, 0.2), centre, radius, 3)
        mark = hand_print(mix(colour, palette.ink, 0.35), round(radius * 1.3), hand == "left")
        surface.blit(mark, mark.get_rect(center=centre))
