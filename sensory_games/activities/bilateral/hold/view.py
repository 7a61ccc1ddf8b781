"""Drawing of hold and move: the jar held by one hand, the thing the other hand drags
into it, and the launcher picture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.activities.bilateral.view import (
    draw_progress,
    hand_colour,
    hand_print,
)
from sensory_games.domain.intensity import Colour, Palette
from sensory_games.ui.art import (
    WHITE,
    fill_background,
    mix,
)
from sensory_games.ui.screen import ScreenMetrics

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


def draw_jar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    colour: Colour,
    held: bool,
    contents: int,
    item_radius_px: int,
) -> None:
    """A glass jar with a lid; what is in it sits at the bottom. A held jar's glass is
    tinted a little with the hand's colour (a change of under 0.1 in brightness)."""
    glass = mix(palette.surface, colour, 0.18 if held else 0.08)
    edge = mix(colour, palette.ink, 0.2)
    corner = max(4, rect.w // 5)
    pygame.draw.rect(surface, glass, rect, border_radius=corner)
    lid = pygame.Rect(rect.x + rect.w * 0.12, rect.y - rect.h * 0.08, rect.w * 0.76, rect.h * 0.14)
    pygame.draw.rect(surface, mix(colour, palette.ink, 0.1), lid, border_radius=max(2, lid.h // 3))
    width = max(2, rect.w // 24)  # the same whether held or not: no edge jumping with taps
    pygame.draw.rect(surface, edge, rect, width, border_radius=corner)
    small = max(3, round(item_radius_px * 0.45))
    per_row = max(1, (rect.w - 2 * width) // (2 * small + 2))
    for k in range(contents):
        row, col = divmod(k, per_row)
        x = rect.x + width + small + 1 + col * (2 * small + 2)
        y = rect.bottom - width - small - 1 - row * (2 * small + 2)
        if y - small > rect.y:
            colour = palette.accents[(k + 1) % len(palette.accents)]
            pygame.draw.circle(surface, colour, (x, y), small)


def draw_hold(surface: pygame.Surface, activity: HoldAndMoveActivity) -> None:
    context = activity.context
    metrics, palette = context.metrics, context.palette
    fill_background(surface, palette)
    draw_progress(surface, metrics, palette, activity.placed, activity.parameters["items"])
    colour = hand_colour(palette, activity.jar_hand)
    rect = jar_rect(metrics, activity.jar_centre_mm, activity.target_radius_mm())
    item_px = metrics.px(activity.item_radius_mm)
    draw_jar(surface, rect, palette, colour, activity.jar_held, activity.placed, item_px)
    # always there (a print that came and went with each touch would blink): "hold here"
    mark = hand_print(
        mix(colour, palette.surface, 0.35), round(rect.w * 0.7), activity.jar_hand == "left"
    )
    surface.blit(mark, mark.get_rect(center=rect.center))
    item = activity.item
    if item is not None:
        centre = metrics.to_px(*item.position_mm)
        body = palette.accents[(item.colour_index + 1) % len(palette.accents)]
        if body == colour:
            body = palette.accents[5]
        pygame.draw.circle(surface, body, centre, item_px)
        pygame.draw.circle(
            surface,
            mix(body, WHITE, 0.45),
            (centre[0] - item_px // 3, centre[1] - item_px // 3),
            max(2, item_px // 5),
        )
        edge = palette.ink_soft if item.dragged_by is not None else palette.surface_edge
        pygame.draw.circle(surface, edge, centre, item_px, max(2, item_px // 10))


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a jar held by a hand, a ball on its way in."""
    side = min(rect.w, rect.h)
    jar = pygame.Rect(0, 0, round(side * 0.34), round(side * 0.42))
    jar.center = (round(rect.x + rect.w * 0.32), round(rect.centery + side * 0.06))
    draw_jar(surface, jar, palette, palette.accents[0], True, 2, round(side * 0.07))
    ball = (round(rect.x + rect.w * 0.74), round(rect.centery - side * 0.12))
    pygame.draw.circle(surface, palette.accents[1], ball, round(side * 0.09))
    tail = (ball[0] - round(side * 0.14), ball[1] + round(side * 0.02))
    head = (jar.right + round(side * 0.02), jar.y + round(side * 0.1))
    pygame.draw.line(surface, palette.ink_soft, tail, head, 3)
    pygame.draw.circle(surface, palette.ink_soft, head, 4)
