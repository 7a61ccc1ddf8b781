"""Drawing of the glitter jar (reads the scene, changes nothing): the water, the glitter
and the glass in front.

Glitter is small and varied (three sizes of flake, four colours, a glint on some): plain
small discs, the fastest thing to draw hundreds of every frame. A flake is drawn inside
the jar's own shape: its centre is kept a flake's radius from the walls, the floor and
the rounded bottom corners, so the pile lies *on* the floor, never cut flat by it, and
nothing sits on the glass. The physics (glitter.py) is untouched: only where a flake is
seen is fitted.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from sensory_games.activities.calming.glitter import PILE_SHARE
from sensory_games.activities.calming.glitter_jar import GlitterJar
from sensory_games.domain.intensity import Colour, Palette, relative_luminance
from sensory_games.ui.art import WHITE, fill_background, mix, with_luminance
from sensory_games.ui.damage import layer_backdrop
from sensory_games.ui.kept import SCENE, kept_by_bytes
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.spare_time import SpareTime

#: Flakes are this much darker (relative luminance) than the water: they differ from it
#: by colour, hardly by brightness, so hundreds of them drifting past a spot never add up
#: to flicker (the flash analyser's small blocks see changes under its 0.1 step).
FLAKE_DARKER = 0.05
#: Flake radii (mm): three sizes, the small ones most common.
FLAKE_RADII_MM = (0.45, 0.65, 0.9)
#: A glint is this much brighter (relative luminance) than its flake: never a sparkle.
GLINT = 0.08
#: The inside of the glass's corners (mm of radius): flakes keep inside this curve.
CORNER_MM = 7.0


def water_colour(palette: Palette) -> Colour:
    """The jar's water: a soft sea green of middle brightness, so the flakes can be
    bright colours at the same brightness."""
    return mix(palette.calm, palette.accents[1], 0.45)


@lru_cache(maxsize=4)  # (asked twice a frame; the palette changes only with the preset)
def glitter_colours(palette: Palette) -> tuple[Colour, ...]:
    """Gold, pink, violet and blue flakes, at nearly the water's brightness."""
    luminance = relative_luminance(water_colour(palette)) - FLAKE_DARKER
    return tuple(with_luminance(palette.accents[k], luminance) for k in (2, 4, 5, 0))


def fitted(
    shown_px: np.ndarray,
    radius_px: np.ndarray,
    inside: pygame.Rect,
    corner_px: float,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Flake centres (n, 2 px, relative to `inside`) moved just enough to lie wholly
    inside the jar's shape: `radius_px` from the walls and the floor, and inside the
    rounded bottom corners (radius `corner_px`). Only the few flakes in a bottom corner
    are measured against its curve (a handful of array steps a frame, whatever the count).
    `out` (may be `shown_px` itself) receives the result instead of a new array."""
    r = radius_px[:, None]
    low = np.broadcast_to(r, shown_px.shape)
    high = np.array([inside.w, inside.h])[None, :] - r
    points = np.clip(shown_px, low, np.maximum(low, high), out=out)
    x, y = points[:, 0], points[:, 1]
    floor_y = inside.h - corner_px
    in_corner = (y > floor_y) & ((x < corner_px) | (x > inside.w - corner_px))
    if not in_corner.any():
        return points
    which = np.flatnonzero(in_corner)
    corner = points[which]
    centre_x = np.where(corner[:, 0] < corner_px, corner_px, inside.w - corner_px)
    offset = corner - np.column_stack((centre_x, np.full(len(which), floor_y)))
    distance = np.hypot(offset[:, 0], offset[:, 1])
    room = np.maximum(corner_px - radius_px[which], 0.0)
    scale = np.minimum(1.0, room / np.maximum(distance, 1e-9))
    points[which] = corner - offset * (1.0 - scale)[:, None]
    return points


def jar_rect(scene: GlitterJar) -> pygame.Rect:
    """The inside of the jar (px): the water, where every flake is drawn."""
    metrics = scene.context.metrics
    x_mm, y_mm, w_mm, h_mm = scene.jar_mm()
    left, top = metrics.to_px(x_mm, y_mm)
    return pygame.Rect(left, top, metrics.px(w_mm), metrics.px(h_mm))


def draw_jar(surface: pygame.Surface, scene: GlitterJar, play: float) -> None:
    """The jar with its flakes; where flakes are not drawn (motion 0, complexity 0) the
    water's cloudiness and the pile's depth show the glitter, changing by slow fades.

    The background, the water and the glass are a still layer; only the jar's inside
    changes, and only on frames where a flake moved a pixel's fraction (or the
    cloudiness a colour unit): a settled jar draws nothing. The glass in front (its
    rounded corners, the highlight) goes over the flakes again from a sprite."""
    context = scene.context
    metrics, palette, sensory = context.metrics, context.palette, context.sensory
    canvas = scene.activity.canvas
    inside = jar_rect(scene)
    water = water_colour(palette)
    colours = glitter_colours(palette)
    middle = mix(mix(colours[0], colours[1], 0.5), mix(colours[2], colours[3], 0.5), 0.5)
    drawn = sensory.count(0, scene.glitter.count)
    motion = sensory.intensity.motion
    points: np.ndarray | None = None
    if drawn == 0 or motion == 0:
        tint = mix(water, middle, 0.45 * scene.cloudiness)
        depth = mix(tint, middle, 0.25 + 0.6 * (1.0 - scene.cloudiness))
        look: tuple[object, ...] = (tint, depth)
    else:
        points = flake_centres(scene, drawn, motion, inside)
        look = (drawn, points.tobytes())
    parts, backdrop = canvas.parts, layer_backdrop(jar_layer(surface, scene))
    if parts.unchanged(surface, context.damage, backdrop, look):
        return  # nothing in the jar moved: the screen shows this frame already
    parts.begin(surface, context.damage, backdrop)
    if points is None:
        surface.fill(tint, inside)
        pile = inside.copy()
        pile.h = max(1, round(inside.h * PILE_SHARE))
        pile.bottom = inside.bottom
        pygame.draw.rect(surface, depth, pile, border_radius=metrics.px(8.0))
    else:
        draw_flakes(surface, points, flake_looks(drawn, flake_px(metrics), colours)[1])
    surface.blit(glass_front(palette, metrics, tuple(inside)), inside)
    parts.drew(inside)
    parts.end()


def jar_layer(screen: pygame.Surface, scene: GlitterJar) -> pygame.Surface:
    """The still layer of the jar on `screen` (painted when first asked for, then kept)."""
    metrics, palette = scene.context.metrics, scene.context.palette
    inside = jar_rect(scene)
    return scene.activity.canvas.still_layer(
        screen,
        (palette, metrics, tuple(inside)),
        lambda still: draw_still_jar(still, palette, metrics, inside),
    )


def prepare_jar(screen: pygame.Surface, scene: GlitterJar, ahead: SpareTime) -> None:
    """Have `ahead` paint the jar's still layer, then its glass front, as its first frame
    would (4-6 ms at 1920x1080 in that frame)."""
    context = scene.context
    ahead.add(lambda: jar_layer(screen, scene))
    inside = tuple(jar_rect(scene))
    ahead.add(lambda: glass_front(context.palette, context.metrics, inside))


def draw_still_jar(
    surface: pygame.Surface, palette: Palette, metrics: ScreenMetrics, inside: pygame.Rect
) -> None:
    """What never moves: the background, the jar's water at `inside` (px) and its glass,
    lid and highlight."""
    fill_background(surface, palette, keep=inside)  # the water covers all of `inside`
    surface.fill(water_colour(palette), inside)
    draw_glass(surface, palette, metrics, inside)


def draw_glass(
    surface: pygame.Surface,
    palette: Palette,
    metrics: ScreenMetrics,
    inside: pygame.Rect,
) -> None:
    """The glass in front of the water at `inside` (px): its rounded rim (covering the
    water's square corners), the lid, and the highlight in front of the glitter (flakes
    never cross a bright strip)."""
    water = water_colour(palette)
    rim = metrics.px(3.0)
    glass = inside.inflate(2 * rim, 2 * rim)
    lid = pygame.Rect(0, 0, glass.w + 2 * rim, metrics.px(9.0))
    lid.midbottom = (glass.centerx, glass.top + rim)
    pygame.draw.rect(surface, palette.surface_edge, glass, rim, metrics.px(10.0))
    pygame.draw.rect(surface, mix(palette.ink_soft, palette.surface, 0.45), lid, border_radius=rim)
    shine = pygame.Rect(inside.x + inside.w // 10, inside.y + inside.h // 12, 0, 0)
    shine.size = (max(2, inside.w // 16), inside.h * 2 // 3)
    pygame.draw.rect(surface, mix(water, palette.surface, 0.6), shine, border_radius=shine.w)
    pygame.draw.rect(surface, mix(water, WHITE, 0.25), shine, 1, border_radius=shine.w)


@kept_by_bytes(scope=SCENE, most=2)
def glass_front(
    palette: Palette, metrics: ScreenMetrics, inside: tuple[int, int, int, int]
) -> pygame.Surface:
    """The part of the glass in front of the jar's inside (`inside`: x, y, w, h px) as a
    sprite the inside's size: the rim's rounded corners and the highlight, clear
    elsewhere (a run-length colour key: copying it touches only those pixels)."""
    area = pygame.Rect(inside)
    sprite = pygame.Surface(area.size)
    key = clear_key(palette)
    margin = metrics.px(3.0) + metrics.px(9.0) + 2  # (the rim and the lid above it)
    local = pygame.Rect((margin, margin), area.size)  # (drawn off the screen: moved)
    drawn_at = pygame.Surface(local.inflate(2 * margin, 2 * margin).size)
    drawn_at.fill(key)
    draw_glass(drawn_at, palette, metrics, local)
    sprite.blit(drawn_at, (0, 0), local)
    sprite.set_colorkey(key, pygame.RLEACCEL)
    return sprite


def clear_key(palette: Palette) -> Colour:
    """A colour the glass is never drawn in: the sprite's see-through key."""
    water = water_colour(palette)
    used = {
        palette.surface_edge,
        mix(palette.ink_soft, palette.surface, 0.45),
        mix(water, palette.surface, 0.6),
        mix(water, WHITE, 0.25),
    }
    return next(c for c in ((255, 0, 255), (0, 255, 0), (1, 2, 3), (0, 0, 0)) if c not in used)


def flake_px(metrics: ScreenMetrics) -> tuple[int, ...]:
    """The flakes' radii (px) per FLAKE_RADII_MM (at least a pixel)."""
    return tuple(max(1, metrics.px(mm)) for mm in FLAKE_RADII_MM)


def flake_centres(scene: GlitterJar, drawn: int, motion: float, inside: pygame.Rect) -> np.ndarray:
    """Where (px, on the screen) the first `drawn` flakes are drawn, inside the jar's
    shape. Motion scales how far from its place in the pile a flake is drawn (and so how
    fast it is seen to move): at full motion where it is, towards 0 in the pile. Whole
    px (the circles' own), worked out in the canvas's reused array (valid until the next
    frame)."""
    metrics = scene.context.metrics
    glitter = scene.glitter
    home = glitter.home[:drawn]
    shown = scene.activity.canvas.buffer((drawn, 2))
    np.subtract(glitter.position[:drawn], home, out=shown)
    shown *= motion
    shown += home
    shown *= metrics.px_per_mm
    radius_px, _ = flake_looks(drawn, flake_px(metrics), glitter_colours(scene.context.palette))
    points = fitted(shown, radius_px, inside, metrics.px(CORNER_MM), out=shown)
    points += inside.topleft
    return np.rint(points, out=points)  # (whole px: a drift of a hair is not a new frame)


def draw_flakes(surface: pygame.Surface, points: np.ndarray, looks: tuple[FlakeLook, ...]) -> None:
    """Flakes at `points` (n, 2 px on the screen) with their `looks` (flake_looks)."""
    circle = pygame.draw.circle
    for centre, (colour, radius, glint, glint_radius) in zip(points.tolist(), looks, strict=True):
        circle(surface, colour, centre, radius)  # (circles draw faster than sprites blit)
        if glint_radius:
            circle(surface, glint, centre, glint_radius)


#: One flake's look: its colour, radius (px), and its glint's colour and radius (0: none).
FlakeLook = tuple[Colour, int, Colour, int]


@lru_cache(maxsize=4)
def flake_looks(
    count: int, sizes: tuple[int, ...], colours: tuple[Colour, ...]
) -> tuple[np.ndarray, tuple[FlakeLook, ...]]:
    """The radii (px, an array for `fitted`) and looks of `count` flakes with radii
    `sizes` (px, per FLAKE_RADII_MM) in `colours`: the same every frame, so worked out
    once per jar, not per flake per frame. A glint sits on every fifth flake of the
    bigger sizes."""
    size_index = flake_sizes(count).tolist()
    glints = [with_luminance(c, relative_luminance(c) + GLINT) for c in colours]
    looks = tuple(
        (
            colours[k % len(colours)],
            sizes[index],
            glints[k % len(colours)],
            index if k % 5 == 0 else 0,  # (the glint's radius: 1 or 2 px, on sizes 1 and 2)
        )
        for k, index in enumerate(size_index)
    )
    return np.array([sizes[index] for index in size_index], dtype=float), looks


@lru_cache(maxsize=4)
def flake_sizes(count: int) -> np.ndarray:
    """Which of FLAKE_RADII_MM each of `count` flakes has (the same every frame): about
    half small, a third middling, a sixth large, mixed evenly through the jar."""
    share = (np.arange(count) * 37 % 20) / 20
    return np.select([share < 0.5, share < 0.83], [0, 1], 2)
