"""What the two-handed activities draw alike: each hand's colour and hand print, a
hand's round pad, the progress dots, and how a frame is drawn in parts (each activity's
own drawing is in its view.py).

Each hand has one colour everywhere (left: the first accent, right: the fourth), so a
child learns "blue hand, orange hand" across the variants. Everything reads the
activity's state and changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from functools import lru_cache

import pygame

from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.art import (
    mix,
    on_background,
    with_luminance,
)
from sensory_games.ui.damage import Backdrop, Damage, MovingParts
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.shapes import disc
from sensory_games.ui.widgets import draw_progress_dots

#: A rectangle in mm: x, y, width, height.
MmRect = tuple[float, float, float, float]
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


@lru_cache(maxsize=16)
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


class HandsParts(MovingParts):
    """How a two-handed view draws a frame in parts: everything that can change (pads,
    rings, the thing dragged, the dots) is a moving part over a still backdrop (the flat
    background, or a cached layer such as the drums). On top of MovingParts:

    - a frame whose `look` (a value standing for all the frame shows) is the one still on
      screen draws nothing and adds nothing (a child resting both hands: no work at all);
    - a backdrop that is not the one on screen (the drums just laid out) is painted
      whole, once;
    - a reserved corner (the calm button's) that a part may reach is painted over whole,
      so what the engine draws on it again goes over the backdrop, never over itself."""

    def __init__(self) -> None:
        super().__init__()
        self._look: Hashable = None
        self._backdrop: object = None  # (what stands for the backdrop on screen)

    def unchanged(self, damage: Damage, look: Hashable) -> bool:
        """True when the screen still shows this very `look`: the frame is done."""
        if look == self._look and damage.drawing_parts():
            return True
        self._look = look
        return False

    def start(
        self,
        surface: pygame.Surface,
        damage: Damage,
        backdrop: Backdrop,
        backdrop_is: object = None,
        reach: Sequence[pygame.Rect] = (),
        corners: Sequence[pygame.Rect] = (),
    ) -> None:
        """MovingParts.begin, painting the whole backdrop when `backdrop_is` (the layer it
        copies, or None for a flat colour) is not the one on screen, and each of the
        `corners` (px) that this frame's parts may `reach` (px) or last frame's reached."""
        if self.begin(surface, damage, backdrop):
            pass  # (painted whole)
        elif backdrop_is is not self._backdrop:
            backdrop(surface, None)
            damage.add(surface.get_rect())
        else:
            touched = [*reach, *self._last]
            for corner in corners:
                if corner.collidelist(touched) >= 0:
                    backdrop(surface, corner)
                    damage.add(corner)
        self._backdrop = backdrop_is


def reserved_px(metrics: ScreenMetrics, reserved_mm: Sequence[MmRect]) -> list[pygame.Rect]:
    """The reserved corners (mm: the calm button's, the adult's) in px, a pixel grown for
    the rounding."""
    return [metrics.rect_mm(*corner).inflate(2, 2) for corner in reserved_mm]


def layer_backdrop(layer: pygame.Surface) -> Backdrop:
    """A backdrop copied from a still `layer` as big as the screen (drawn once)."""

    def paint(surface: pygame.Surface, area: pygame.Rect | None) -> None:
        surface.blit(layer, (0, 0) if area is None else area, area)

    return paint


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


@lru_cache(maxsize=16)  # 2 hands x 4 states, a print or not
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


@lru_cache(maxsize=8)  # 2 hands x 4 states
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
