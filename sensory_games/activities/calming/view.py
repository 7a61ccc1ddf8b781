"""Drawing of the calming scenes (reads a scene at a play time, changes nothing).

Everything is drawn from the sensory palette and channels: motion scales how far things
move (at motion 0 a scene changes only by slow fades), complexity how many things share
the screen (at complexity 0 one element: the shape, the jar, one bubble, the wash).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import pygame

from sensory_games.activities.calming.breathing_guide import BreathingGuide
from sensory_games.activities.calming.calm_scene import CalmScene
from sensory_games.activities.calming.colour_wash import BLOOM_S, ColourWash
from sensory_games.activities.calming.drifting_bubbles import STILL_BUBBLE_LIFE_S, DriftingBubbles
from sensory_games.activities.calming.glitter import PILE_SHARE
from sensory_games.activities.calming.glitter_jar import GlitterJar
from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.art import bubble_sprite, fill_background, mix, with_luminance
from sensory_games.ui.widgets import draw_progress_dots

# -- breathing guide ---------------------------------------------------------------------


def shape_colour(palette: Palette, fullness: float) -> Colour:
    """The shape's colour: calm blue-green, a little deeper when full of air."""
    return mix(palette.calm, palette.accents[1], 0.35 * fullness)


def draw_shape(
    surface: pygame.Surface,
    shape: str,
    centre: tuple[int, int],
    radius: float,
    colour: Colour,
    palette: Palette,
) -> None:
    """One breathing shape of `radius` px around `centre`."""
    cx, cy = centre
    if shape == "flower":
        petal = radius * 0.42
        for k in range(6):
            angle = k * math.pi / 3
            pygame.draw.circle(
                surface,
                mix(colour, palette.surface, 0.25),
                (cx + math.cos(angle) * radius * 0.58, cy + math.sin(angle) * radius * 0.58),
                petal,
            )
        pygame.draw.circle(surface, mix(palette.accents[2], colour, 0.3), centre, radius * 0.38)
    elif shape == "wave":  # a soft band: overlapping discs make its edges smooth
        width = radius * 2.6
        band = max(3.0, radius * 0.25)
        for k in range(121):
            x = cx - width / 2 + width * k / 120
            y = cy + math.sin(k / 120 * 4 * math.pi) * radius * 0.35
            pygame.draw.circle(surface, colour, (x, y), band)
    else:  # balloon: a round body, a little knot, a string
        string = mix(palette.ink_soft, palette.background, 0.4)
        pygame.draw.line(
            surface, string, (cx, cy + radius), (cx - radius * 0.1, cy + radius * 1.5), 2
        )
        knot = [(cx, cy + radius * 0.95), (cx - 6, cy + radius + 8), (cx + 6, cy + radius + 8)]
        pygame.draw.polygon(surface, colour, knot)
        pygame.draw.circle(surface, colour, centre, radius)
        pygame.draw.circle(
            surface,
            mix(colour, palette.surface, 0.35),
            (cx - radius * 0.35, cy - radius * 0.35),
            max(2, radius * 0.14),
        )


def draw_breathing(surface: pygame.Surface, scene: BreathingGuide, play: float) -> None:
    """At motion 0 the shape keeps its size and only its colour breathes."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    fill_background(surface, palette)
    if sensory.intensity.complexity > 0:
        draw_progress_dots(
            surface, metrics, palette, scene.cycles_done(play), scene.parameters["cycles"]
        )
    fullness = scene.fullness(play)
    small, large = scene.radius_range_mm()
    radius_mm = small + (large - small) * fullness * sensory.intensity.motion
    draw_shape(
        surface,
        scene.parameters["shape"],
        metrics.to_px(*scene.centre_mm()),
        metrics.px(radius_mm),
        shape_colour(palette, fullness),
        palette,
    )


# -- glitter jar -------------------------------------------------------------------------


#: Flakes are this much darker (relative luminance) than the water: they differ from it
#: by colour, hardly by brightness, so hundreds of them drifting past a spot never add up
#: to flicker (the flash analyser's small blocks see changes under its 0.1 step).
FLAKE_DARKER = 0.05


def water_colour(palette: Palette) -> Colour:
    """The jar's water: a soft sea green of middle brightness, so the flakes can be
    bright colours at the same brightness."""
    return mix(palette.calm, palette.accents[1], 0.45)


def glitter_colours(palette: Palette) -> tuple[Colour, ...]:
    """Gold, pink, violet and blue flakes, at nearly the water's brightness."""
    luminance = relative_luminance(water_colour(palette)) - FLAKE_DARKER
    return tuple(with_luminance(palette.accents[k], luminance) for k in (2, 4, 5, 0))


def draw_jar(surface: pygame.Surface, scene: GlitterJar, play: float) -> None:
    """The jar with its flakes; where flakes are not drawn (motion 0, complexity 0) the
    water's cloudiness and the pile's depth show the glitter, changing by slow fades."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    x_mm, y_mm, w_mm, h_mm = scene.jar_mm()
    left, top = metrics.to_px(x_mm, y_mm)
    inside = pygame.Rect(left, top, metrics.px(w_mm), metrics.px(h_mm))
    rim = metrics.px(3.0)
    glass = inside.inflate(2 * rim, 2 * rim)
    fill_background(surface, palette, keep=inside)  # the water covers all of `inside`
    water = water_colour(palette)
    colours = glitter_colours(palette)
    middle = mix(mix(colours[0], colours[1], 0.5), mix(colours[2], colours[3], 0.5), 0.5)
    drawn = sensory.count(0, scene.glitter.count)
    motion = sensory.intensity.motion
    if drawn == 0 or motion == 0:
        tint = mix(water, middle, 0.45 * scene.cloudiness)
        surface.fill(tint, inside)
        pile = inside.copy()
        pile.h = max(1, round(inside.h * PILE_SHARE))
        pile.bottom = inside.bottom
        depth = mix(tint, middle, 0.25 + 0.6 * (1.0 - scene.cloudiness))
        pygame.draw.rect(surface, depth, pile, border_radius=metrics.px(8.0))
    else:
        surface.fill(water, inside)
        draw_flakes(surface, scene, drawn, motion, inside, colours)
    # the glass in front: its rounded rim covers the water's square corners, so no flake
    # is ever seen crossing the background there
    lid = pygame.Rect(0, 0, glass.w + 2 * rim, metrics.px(9.0))
    lid.midbottom = (glass.centerx, glass.top + rim)
    pygame.draw.rect(surface, palette.surface_edge, glass, rim, metrics.px(10.0))
    pygame.draw.rect(surface, mix(palette.ink_soft, palette.surface, 0.45), lid, border_radius=rim)
    # the glass's highlight, in front of the glitter (flakes never cross a bright strip)
    shine = pygame.Rect(inside.x + inside.w // 10, inside.y + inside.h // 12, 0, 0)
    shine.size = (max(2, inside.w // 16), inside.h * 2 // 3)
    pygame.draw.rect(surface, mix(water, palette.surface, 0.6), shine, border_radius=shine.w)


def draw_flakes(
    surface: pygame.Surface,
    scene: GlitterJar,
    drawn: int,
    motion: float,
    inside: pygame.Rect,
    colours: tuple[Colour, ...],
) -> None:
    """The first `drawn` flakes, clipped to the inside of the jar. Motion scales how far
    from its place in the pile a flake is drawn (and so how fast it is seen to move): at
    full motion where it is, towards 0 in the pile."""
    metrics = scene.context.metrics
    glitter = scene.glitter
    home = glitter.home[:drawn]
    shown = home + (glitter.position[:drawn] - home) * motion
    px = shown * metrics.px_per_mm + inside.topleft
    radius = max(2, metrics.px(1.4))
    clip = surface.get_clip()
    surface.set_clip(inside)
    for k, (fx, fy) in enumerate(px.tolist()):  # (circles draw faster than sprites blit)
        pygame.draw.circle(surface, colours[k % len(colours)], (fx, fy), radius)
    surface.set_clip(clip)


# -- drifting bubbles --------------------------------------------------------------------


#: A popped bubble swells (with motion) in this many steps while it fades.
POP_STEPS = 4


def draw_drifting_bubbles(surface: pygame.Surface, scene: DriftingBubbles, play: float) -> None:
    """Bubbles fade in; a popped one fades out and (with motion) swells a little."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    fill_background(surface, palette)
    fade = sensory.fade_s(0.6)
    for bubble in scene.bubbles:
        age = play - bubble.born_s
        opacity = min(1.0, age / fade)
        grow = 1.0
        if bubble.popped_s is not None:
            progress = min(1.0, (play - bubble.popped_s) / fade)
            opacity = min(opacity, 1.0 - progress)
            # it swells in POP_STEPS sizes: each a cached sprite, not a new one every frame
            grow += 0.3 * round(progress * POP_STEPS) / POP_STEPS * sensory.intensity.motion
        elif bubble.rise_mm_s == 0:  # a still bubble fades away at the end of its life
            opacity = min(opacity, max(0.0, (STILL_BUBBLE_LIFE_S - age) / fade))
        if opacity <= 0:
            continue
        colour = mix(palette.accents[bubble.colour_index], palette.surface, 0.3)
        sprite = bubble_sprite(colour, palette.surface_edge, metrics.px(bubble.radius_mm * grow))
        sprite.set_alpha(round(255 * opacity))
        centre = metrics.to_px(*bubble.centre_mm(play))
        surface.blit(sprite, sprite.get_rect(center=centre))


# -- colour wash -------------------------------------------------------------------------

#: The wash drifts through these accent colours (blue, green, violet, pink), made pale.
WASH_ACCENTS = (0, 1, 5, 4)
#: Height (px) of one band of the gradient.
WASH_BAND_PX = 16
#: A bloom's radius (mm) when fully grown, and the steps in which it grows (each size is
#: a cached sprite of up to a megabyte: few steps keep the memory small).
BLOOM_RADIUS_MM = 28.0
BLOOM_STEPS = 6


def wash_colour(palette: Palette, phase: float) -> Colour:
    """The wash's colour at `phase` (0..1 round the cycle), eased between accents."""
    k = (phase % 1.0) * len(WASH_ACCENTS)
    index = int(k)
    share = 0.5 - 0.5 * math.cos(math.pi * (k - index))
    a = palette.accents[WASH_ACCENTS[index]]
    b = palette.accents[WASH_ACCENTS[(index + 1) % len(WASH_ACCENTS)]]
    return mix(mix(a, b, share), palette.surface, 0.55)


def draw_wash(surface: pygame.Surface, scene: ColourWash, play: float) -> None:
    """A soft vertical gradient between two wash colours, and the blooms over it."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    width, height = surface.get_size()
    top, bottom = wash_colour(palette, scene.phase), wash_colour(palette, scene.phase + 0.25)
    for y in range(0, height, WASH_BAND_PX):
        surface.fill(mix(top, bottom, y / height), (0, y, width, WASH_BAND_PX))
    motion = sensory.intensity.motion
    for bloom in scene.blooms:
        strength = bloom.strength(play)
        if strength <= 0:
            continue
        colour = wash_colour(palette, 0.25 * bloom.hue_step + 0.125)
        grown = round(min(1.0, (play - bloom.born_s) / BLOOM_S) * BLOOM_STEPS) / BLOOM_STEPS
        radius = metrics.px(BLOOM_RADIUS_MM * (1.0 - 0.5 * motion * (1.0 - grown)))
        disc = bloom_sprite(colour, radius)
        disc.set_alpha(round(255 * strength))
        surface.blit(disc, disc.get_rect(center=metrics.to_px(bloom.x_mm, bloom.y_mm)))


#: Rings of a bloom, from its faint edge to its middle.
BLOOM_RINGS = 12


@lru_cache(maxsize=28)  # 4 colours x 7 sizes: about 25 MB at 1920x1080
def bloom_sprite(colour: Colour, radius_px: int) -> pygame.Surface:
    """A soft disc of `colour`, blended over the gradient under it: BLOOM_RINGS rings
    whose opacity rises smoothly (eased) from nothing at the edge to full in the middle,
    each step too small to read as an edge (cached per colour and size)."""
    disc = pygame.Surface((2 * radius_px + 2, 2 * radius_px + 2), pygame.SRCALPHA)
    middle = (radius_px + 1, radius_px + 1)
    for ring in range(BLOOM_RINGS, 0, -1):
        inward = 1.0 - (ring - 1) / BLOOM_RINGS  # 1/RINGS at the edge .. 1 in the middle
        alpha = round(255 * (0.5 - 0.5 * math.cos(math.pi * inward)))
        pygame.draw.circle(disc, (*colour, alpha), middle, radius_px * ring / BLOOM_RINGS)
    return disc


DRAWERS: dict[type[CalmScene], Callable[[pygame.Surface, Any, float], None]] = {
    BreathingGuide: draw_breathing,
    GlitterJar: draw_jar,
    DriftingBubbles: draw_drifting_bubbles,
    ColourWash: draw_wash,
}


def draw_scene(surface: pygame.Surface, scene: CalmScene, play: float) -> None:
    """Draw `scene` as it is at play time `play` (s)."""
    DRAWERS[type(scene)](surface, scene, play)


def draw_icon(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    """Launcher tile: a balloon with two soft rings around it (breathing out)."""
    centre = (rect.centerx, rect.centery - rect.h // 10)
    radius = min(rect.w, rect.h) * 0.22
    for k, share in ((2, 0.75), (1, 0.55)):
        pygame.draw.circle(
            surface, mix(palette.calm, palette.surface, share), centre, radius * (1 + 0.25 * k), 3
        )
    draw_shape(surface, "balloon", centre, radius, shape_colour(palette, 0.6), palette)
