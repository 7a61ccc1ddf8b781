"""What the two-handed activities draw alike: each hand's colour and hand print, a
hand's round pad, the progress dots, and how a frame is drawn in parts (each activity's
own drawing is in its view.py).

Each hand has one colour everywhere (left: the first accent, right: the fourth), so a
child learns "blue hand, orange hand" across the variants. Everything reads the
activity's state and changes nothing.
"""

from __future__ import annotations

import math

import pygame

from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.art import (
    mix,
    on_background,
    with_luminance,
)
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc
from sensory_games.ui.widgets import draw_progress_dots

#: Width (mm) of a pad's rim and of the hold ring.
RIM_MM = 2.5
#: At most this many progress dots (long drum runs show their share in 16 dots).
MAX_DOTS = 16


def hand_colour(palette: Palette, hand: str) -> Colour:
    """The colour of a hand, the same in every two-handed activity."""
    return palette.accents[0] if hand == "left" else palette.accents[3]


#: Hand prints are drawn this many times bigger, then scaled down smoothly once (cached):
#: soft, anti-aliased edges from plain ellipses.
SUPERSAMPLE = 3


@kept_by_bytes(scope=SCENE)
def hand_print(colour: Colour, size_px: int, left: bool) -> pygame.Surface:
    """A simple open hand (palm, four fingers, thumb), thumb towards the middle."""
    s = max(1, size_px) * SUPERSAMPLE
    surface = pygame.Surface((s, s), pygame.SRCALPHA)
    surface.fill((*colour[:3], 0))  # clear in the print's colour: no dark fringe when scaled
    pygame.draw.ellipse(surface, colour, pygame.Rect(s * 0.28, s * 0.45, s * 0.44, s * 0.45))
    for k, (fx, top) in enumerate(((0.3, 0.2), (0.42, 0.1), (0.54, 0.12), (0.65, 0.22))):
        finger = pygame.Rect(s * fx - s * 0.055, s * top, s * 0.11, s * 0.38 - k * 0.01 * s)
        pygame.draw.ellipse(surface, colour, finger)
    thumb = pygame.Rect(s * 0.66, s * 0.48, s * 0.2, s * 0.11)
    pygame.draw.ellipse(surface, colour, thumb)
    surface = pygame.transform.smoothscale(surface, (max(1, size_px), max(1, size_px)))
    return surface if left else pygame.transform.flip(surface, True, False)


def disc_box(centre: tuple[float, float], radius: float) -> pygame.Rect:
    """Where ui/shapes.disc draws a disc of `radius` px about `centre` (px)."""
    r = max(1, round(radius))
    return pygame.Rect(round(centre[0]) - r, round(centre[1]) - r, 2 * r + 1, 2 * r + 1)


def draw_progress(
    surface: pygame.Surface, metrics: ScreenMetrics, palette: Palette, done: int, total: int
) -> pygame.Rect:
    """`done` of `total` as progress dots, at most MAX_DOTS (a long run shows its share).
    Returns where they were drawn (px)."""
    if total > MAX_DOTS:
        done, total = math.floor(done / total * MAX_DOTS), MAX_DOTS
    return draw_progress_dots(surface, metrics, palette, done, total)


def draw_pad(
    surface: pygame.Surface,
    metrics: ScreenMetrics,
    palette: Palette,
    hand: str,
    centre_mm: tuple[float, float],
    radius_mm: float,
    state: str,
    print_shown: bool = True,
) -> pygame.Rect:
    """A round pad: "lit" (touch me), "pressed" (a hand is on it), "done" or "dim", drawn
    straight onto the flat background (fill_background), before anything near it.
    Returns where it was drawn (px).

    The states differ mostly in colour, hardly in brightness (under 0.1 of relative
    luminance apart), so a child pressing and lifting quickly never makes a pad flash."""
    radius = metrics.px(radius_mm)
    pad = pad_look(palette, hand, radius, max(2, metrics.px(RIM_MM)), state, print_shown)
    return surface.blit(pad, pad.get_rect(center=metrics.to_px(*centre_mm)))


@kept_by_bytes(scope=SCENE)  # 2 hands x 4 states, a print or not
def pad_look(
    palette: Palette, hand: str, radius: int, rim_px: int, state: str, print_shown: bool
) -> pygame.Surface:
    """`hand`'s pad in `state` (see draw_pad), `radius` px with a `rim_px` rim: its
    colours worked out once per look (matching luminances is a search), not every frame."""
    colour = hand_colour(palette, hand)
    lit = mix(colour, palette.surface, 0.55)
    brightness = relative_luminance(lit)
    fill = {
        "lit": lit,
        "pressed": with_luminance(colour, brightness - 0.06),
        "done": with_luminance(palette.success, brightness),
        "dim": with_luminance(mix(colour, palette.background, 0.7), brightness + 0.04),
    }[state]
    rim = palette.success if state == "done" else mix(colour, palette.ink, 0.2)
    return pad_sprite(
        palette,
        rim,
        fill,
        radius,
        rim_px,
        # in every state: a print that came and went with each touch would blink
        mix(fill, palette.ink, 0.3) if print_shown else None,
        hand == "left",
    )


@kept_by_bytes(scope=SCENE)  # 2 hands x 4 states
def pad_sprite(
    palette: Palette,
    rim: Colour,
    fill: Colour,
    radius: int,
    rim_px: int,
    print_colour: Colour | None,
    left: bool,
) -> pygame.Surface:
    """A pad (anti-aliased rim and face, the hand print on it) drawn once per look into
    one opaque sprite on the flat background's colour (nothing is under a pad): one plain
    copy a frame instead of three blended blits."""
    side = 2 * radius + 1
    sprite = pygame.Surface((side, side), pygame.SRCALPHA)
    sprite.fill((*fill, 0))
    centre = (radius, radius)
    disc(sprite, rim, centre, radius)
    disc(sprite, fill, centre, radius - rim_px)
    if print_colour is not None:
        mark = hand_print(print_colour, round(radius * 1.2), left)
        sprite.blit(mark, mark.get_rect(center=centre))
    return on_background(sprite, palette)
