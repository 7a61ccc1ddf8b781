"""Drawing of hold and move: the jar held by one hand, the thing the other hand drags
into it, and the launcher picture.

The jar, the thing and the dots are moving parts over the flat background
(ui/damage.py MovingParts): a frame in parts paints over and redraws only them, and a
frame that looks like the last one (the jar held, nothing dragged) draws nothing."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.view import (
    disc_box,
    draw_progress,
    hand_colour,
    hand_print,
)
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import (
    WHITE,
    background_colour,
    mix,
    on_background,
)
from sensory_games.ui.damage import flat_backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc

if TYPE_CHECKING:
    from sensory_games.activities.bilateral.hold.activity import HoldAndMoveActivity

#: The jar's drawn height in radii (its width is two radii).
JAR_HEIGHT = 2.3


def jar_rect(
    metrics: ScreenMetrics, centre_mm: tuple[float, float], radius_mm: float
) -> pygame.Rect:
    rect = metrics.rect_mm(0, 0, 2 * radius_mm, JAR_HEIGHT * radius_mm)
    rect.center = metrics.to_px(*centre_mm)
    return rect


def ball_colour(palette: Palette, index: int, jar_colour: Colour) -> Colour:
    """The colour of the `index`-th thing (0-based), the same on its way and in the jar;
    never the jar's own colour."""
    body = palette.accents[(index + 1) % len(palette.accents)]
    return palette.accents[5] if body == jar_colour else body


def ball_centres(rect: pygame.Rect, capacity: int, count: int) -> tuple[list[tuple[int, int]], int]:
    """Where `count` things sit in a jar drawn in `rect` (px) that holds `capacity`: from
    the floor up, rows of up to three (more for a big level), every other row shifted
    half a ball, all inside the glass. Returns the centres and the balls' radius (px)."""
    capacity = max(capacity, count, 1)
    per_row = max(3, math.ceil(math.sqrt(capacity)))
    rows = math.ceil(capacity / per_row)
    inner_w, inner_h = rect.w * 0.78, rect.h * 0.72
    radius = max(2, int(min(inner_w / (2 * per_row + 1), inner_h / (2 * rows))))
    floor = rect.bottom - rect.h * 0.08 - radius
    left = rect.centerx - per_row * radius
    centres = []
    for k in range(count):
        row, col = divmod(k, per_row)
        shift = radius if row % 2 else 0
        x = left + radius + col * 2 * radius + shift
        if x + radius > rect.centerx + inner_w / 2:
            x -= 2 * radius * per_row - radius
        centres.append((round(x), round(floor - row * 2 * radius * 0.9)))
    return centres, radius


def draw_ball(
    surface: pygame.Surface,
    palette: Palette,
    body: Colour,
    centre: tuple[float, float],
    radius: int,
) -> pygame.Rect:
    """A shiny ball (anti-aliased): body, a soft highlight and a fine edge. Returns
    where it was drawn (px)."""
    edge = mix(body, palette.ink, 0.35)
    disc(surface, edge, centre, radius)
    disc(surface, body, centre, max(1, radius - max(1, radius // 8)))
    disc(
        surface,
        mix(body, WHITE, 0.45),
        (centre[0] - radius // 3, centre[1] - radius // 3),
        max(1, radius // 4),
    )
    return disc_box(centre, radius)  # (the edge: the biggest of the three)


def draw_jar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    colour: Colour,
    held: bool,
    contents: int,
    capacity: int,
    left_hand: bool = True,
) -> None:
    """A glass jar with a lid, every thing put in it sitting on its floor (as many balls
    as went in, each in the colour it had on its way). A held jar's glass is tinted a
    little with the hand's colour (a change of under 0.1 in brightness)."""
    glass = mix(palette.surface, colour, 0.18 if held else 0.08)
    edge = mix(colour, palette.ink, 0.2)
    corner = max(4, rect.w // 5)
    pygame.draw.rect(surface, glass, rect, border_radius=corner)
    lid = pygame.Rect(rect.x + rect.w * 0.12, rect.y - rect.h * 0.08, rect.w * 0.76, rect.h * 0.14)
    pygame.draw.rect(surface, mix(colour, palette.ink, 0.1), lid, border_radius=max(2, lid.h // 3))
    width = max(2, rect.w // 24)  # the same whether held or not: no edge jumping with taps
    # always there (a print that came and went with each touch would blink): "hold here"
    mark = hand_print(mix(colour, glass, 0.55), round(rect.w * 0.6), left_hand)
    surface.blit(mark, mark.get_rect(center=(rect.centerx, rect.y + rect.h * 0.4)))
    centres, radius = ball_centres(rect, capacity, contents)
    for k, centre in enumerate(centres):
        draw_ball(surface, palette, ball_colour(palette, k, colour), centre, radius)
    pygame.draw.rect(surface, edge, rect, width, border_radius=corner)
    shine = pygame.Rect(rect.x + rect.w * 0.12, rect.y + rect.h * 0.12, width * 2, rect.h * 0.4)
    pygame.draw.rect(surface, mix(glass, WHITE, 0.5), shine, border_radius=width)


def jar_lid_px(height: int) -> int:
    """How far (px) the lid stands above a jar `height` px tall (draw_jar's lid, and a
    pixel to spare)."""
    return math.ceil(height * 0.08) + 1


@kept_by_bytes(scope=SCENE, most=2)  # held or not (a ball in: a new look, the old one never again)
def jar_picture(
    size: tuple[int, int],
    palette: Palette,
    colour: Colour,
    held: bool,
    contents: int,
    capacity: int,
    left_hand: bool,
) -> pygame.Surface:
    """The jar (draw_jar) of `size` px with its lid, drawn once per look onto the flat
    background's colour (nothing is under the jar): a frame copies it instead of drawing
    its glass, print and balls again."""
    lid = jar_lid_px(size[1])
    sprite = pygame.Surface((size[0], size[1] + lid), pygame.SRCALPHA)
    sprite.fill((*colour, 0))
    rect = pygame.Rect((0, lid), size)
    draw_jar(sprite, rect, palette, colour, held, contents, capacity, left_hand)
    return on_background(sprite, palette)


def draw_hold(surface: pygame.Surface, activity: HoldAndMoveActivity) -> None:
    """Render the activity at the current game time (reads its state; changes only
    what its parts remember of the frame on screen)."""
    context = activity.context
    metrics, palette = context.metrics, context.palette
    items = activity.parameters["items"]
    item = activity.item
    centre = None if item is None else metrics.to_px(*item.position_mm)
    dragged = item is not None and item.dragged_by is not None
    parts = activity.parts
    look = (activity.jar_held, activity.placed, centre, dragged)
    backdrop = flat_backdrop(background_colour(palette))
    if parts.unchanged(surface, context.damage, backdrop, look):
        return
    rect = jar_rect(metrics, activity.jar_centre_mm, activity.target_radius_mm())
    item_px = metrics.px(activity.item_radius_mm)
    ring_px = item_px + max(2, item_px // 10)  # (the ring round a thing being dragged)
    parts.begin(surface, context.damage, backdrop)
    colour = hand_colour(palette, activity.jar_hand)
    left = activity.jar_hand == "left"
    looks = (palette, colour, activity.jar_held, activity.placed, items, left)
    jar = jar_picture(rect.size, *looks)  # (first: nothing under it)
    parts.drew(surface.blit(jar, (rect.x, rect.y - jar_lid_px(rect.h))))
    parts.drew(draw_progress(surface, metrics, palette, activity.placed, items))
    if item is not None and centre is not None:
        body = ball_colour(palette, item.colour_index, colour)
        parts.drew(draw_ball(surface, palette, body, centre, item_px))
        if dragged:  # a soft ring: "you have it"
            width = max(2, item_px // 10)
            parts.drew(pygame.draw.circle(surface, palette.ink_soft, centre, ring_px, width))
    parts.end()


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a jar held by a hand, a ball on its way in."""
    side = min(rect.w, rect.h)
    jar = pygame.Rect(0, 0, round(side * 0.34), round(side * 0.42))
    jar.center = (round(rect.x + rect.w * 0.32), round(rect.centery + side * 0.06))
    draw_jar(surface, jar, palette, palette.accents[0], True, 2, 3)
    ball = (round(rect.x + rect.w * 0.74), round(rect.centery - side * 0.12))
    draw_ball(surface, palette, palette.accents[1], ball, round(side * 0.09))
    tail = (ball[0] - round(side * 0.14), ball[1] + round(side * 0.02))
    head = (jar.right + round(side * 0.02), jar.y + round(side * 0.1))
    pygame.draw.line(surface, palette.ink_soft, tail, head, 3)
    pygame.draw.circle(surface, palette.ink_soft, head, 4)
