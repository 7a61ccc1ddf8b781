"""Drawing of both together: the two pads with their hand prints, the hold ring that
fills while both hands stay on, and the launcher picture."""

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
    fill_background,
    mix,
)
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.trace_layers import disc, with_contrast

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
    colour: Colour,
    centre_mm: tuple[float, float],
    radius_mm: float,
    share: float,
) -> None:
    """A ring filling clockwise from the top (a hold's progress). Drawn through points at
    fixed angles, so the part already filled is the same pixels every frame (an arc
    redrawn from a moving start angle shimmers at its edges)."""
    if share <= 0:
        return
    cx, cy = metrics.to_px(*centre_mm)
    radius = metrics.px(radius_mm)
    end = 2 * math.pi * min(share, 1.0)
    steps = int(end / RING_STEP) + 1  # the fixed points up to `end`, then `end` itself
    width = max(3, metrics.px(RING_MM))

    def circle_at(r: float) -> list[tuple[float, float]]:
        return [
            *circle_points(cx, cy, r)[:steps],
            (cx + r * math.sin(end), cy - r * math.cos(end)),
        ]

    # a band (polygons between two arcs, its edges smoothed) with round ends: a few draw
    # calls a frame, not one per degree; the band is filled RING_CHUNK steps at a time
    # (a polygon costs its height times its corners: one round the whole ring, a lot)
    outer, inner = circle_at(radius + width / 2), circle_at(radius - width / 2)
    if len(outer) > 1:
        for start in range(0, len(outer) - 1, RING_CHUNK):
            piece = slice(start, start + RING_CHUNK + 1)
            pygame.draw.polygon(surface, colour, outer[piece] + inner[piece][::-1])
        pygame.draw.aalines(surface, colour, False, outer)
        pygame.draw.aalines(surface, colour, False, inner)
    for tip in ((cx, cy - radius), circle_at(radius)[-1]):
        disc(surface, colour, tip, width / 2)


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
    backdrop = (mix(palette.background, palette.background_edge, 0.5), palette.background)
    return with_contrast(
        mix(palette.success, palette.ink, 0.4), backdrop, RING_CONTRAST, palette.ink
    )


def draw_both(surface: pygame.Surface, activity: BothTogetherActivity) -> None:
    context = activity.context
    metrics, palette = context.metrics, context.palette
    now = context.clock.now()
    fill_background(surface, palette)
    radius = activity.target_radius_mm()
    share, strength = activity.ring(now)
    backdrop = mix(palette.background, palette.background_edge, 0.5)
    ring_colour = mix(backdrop, hold_ring_colour(palette), strength)
    centres = activity.centres_mm()
    for hand, centre in centres.items():  # both pads first: opaque squares, under the rings
        if activity.waiting_for_lift:
            state = "done" if hand in activity.on_pad else "dim"
        else:
            state = "pressed" if hand in activity.on_pad else "lit"
        draw_pad(surface, metrics, palette, hand, centre, radius, state)
    draw_progress(
        surface, metrics, palette, len(activity.completed_trials), activity.parameters["trials"]
    )
    for centre in centres.values():
        if strength > 0:
            _ring(surface, metrics, ring_colour, centre, radius + RIM_MM + RING_MM, share)


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
